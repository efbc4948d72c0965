"""The GitHub Action (action.yml): its steps run one after another as the runner runs
them, with the runner's environment (``INPUT_*`` through each step's ``env``,
``GITHUB_OUTPUT`` a fresh file per step, ``RUNNER_TEMP``, ``GITHUB_ACTION_PATH``), the
``${{ ... }}`` expressions the action uses evaluated, and actions/cache played by a
dictionary. The first run installs nslint into the action's own virtual environment
(from this checkout, with the pinned versions), which the later runs restore."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

EXPRESSION = re.compile(r"\$\{\{ (inputs|steps)\.([a-z-]+)(?:\.outputs\.([a-z-]+))? \}\}")
CONDITION = re.compile(r"steps\.([a-z-]+)\.outputs\.([a-z-]+) (==|!=) '([a-z]*)'")


def action() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((REPO / "action.yml").read_text())
    return document


def read_outputs(path: Path) -> dict[str, str]:
    """A step's ``$GITHUB_OUTPUT``: ``name=value`` lines and ``name<<DELIMITER`` blocks."""
    values: dict[str, str] = {}
    lines = iter(path.read_text(encoding="utf-8").splitlines())
    for line in lines:
        if "<<" in line:
            name, delimiter = line.split("<<", 1)
            block = []
            for inner in lines:
                if inner == delimiter:
                    break
                block.append(inner)
            values[name] = "\n".join(block)
        else:
            name, value = line.split("=", 1)
            values[name] = value
    return values


class Runner:
    """A job's runner, for one composite action: the cache outlives a run."""

    def __init__(self, temp: Path) -> None:
        self.temp = temp
        self.cache: dict[str, str] = {}  # key -> the saved venv's path
        self.logs: list[str] = []

    def run(self, project: Path, **inputs: str) -> tuple[int, dict[str, str], str]:
        """Run every step in ``project``: (the last step's exit code, the action's
        outputs, the nslint step's log)."""
        document = action()
        defaults = {name: spec.get("default", "") for name, spec in document["inputs"].items()}
        values = {**defaults, **inputs}
        steps: dict[str, dict[str, str]] = {}
        runner_temp = self.temp / "runner-temp"
        runner_temp.mkdir(exist_ok=True)

        def evaluate(text: str) -> str:
            def one(match: re.Match[str]) -> str:
                kind, name, output = match.groups()
                if kind == "inputs":
                    return values[name]
                return steps.get(name, {}).get(output, "")

            evaluated = EXPRESSION.sub(one, text)
            assert "${{" not in evaluated, f"an expression the test cannot evaluate: {text}"
            return evaluated

        code, log = 0, ""
        for number, step in enumerate(document["runs"]["steps"]):
            if "if" in step:
                step_id, output, operator, value = CONDITION.fullmatch(step["if"]).groups()  # type: ignore[union-attr]
                equal = steps.get(step_id, {}).get(output, "") == value
                if equal != (operator == "=="):
                    continue
            if "uses" in step:
                with_ = {key: evaluate(str(value)) for key, value in step["with"].items()}
                if step["uses"] == "actions/cache/restore@v4":
                    hit = with_["key"] in self.cache and Path(with_["path"]).is_dir()
                    steps[step["id"]] = {"cache-hit": "true" if hit else ""}
                else:
                    assert step["uses"] == "actions/cache/save@v4"
                    self.cache[with_["key"]] = with_["path"]
                continue
            assert "${{" not in step["run"]  # inputs never spliced into a script
            output_file = self.temp / f"output-{number}"
            output_file.write_text("")
            env = {
                **os.environ,
                "GITHUB_ACTIONS": "true",
                "GITHUB_ACTION_PATH": str(REPO),
                "GITHUB_OUTPUT": str(output_file),
                "GITHUB_WORKSPACE": str(project),
                "RUNNER_TEMP": str(runner_temp),
                "RUNNER_OS": "Linux",
                "RUNNER_ARCH": "X64",
                "NO_COLOR": "1",
                **{name: evaluate(str(value)) for name, value in step.get("env", {}).items()},
            }
            env.pop("VIRTUAL_ENV", None)
            done = subprocess.run(
                ["bash", "-e", "-c", step["run"]],
                cwd=project,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            code, log = done.returncode, done.stdout + done.stderr
            self.logs.append(f"{step['name']}: {code}\n{log}")
            if "id" in step:
                steps[step["id"]] = read_outputs(output_file)
            if code != 0:
                break
        outputs = {name: evaluate(spec["value"]) for name, spec in document["outputs"].items()}
        return code, outputs, log


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Runner:
    return Runner(tmp_path_factory.mktemp("runner"))


@pytest.fixture
def specs(tmp_path: Path) -> Path:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "crm.yaml").write_text(
        "name: Acme CRM\noauth2:\n  authorization_code_grant: true\n  scopes: [restlets]\n"
        "  max_token_rotation_hours: 1000\n  redirect_uris: [http://crm.example.com/cb]\n"
    )
    (tmp_path / "specs" / "my robot.yaml").write_text("name: a\nuser_credentials: yes\n")
    (tmp_path / "notes.yaml").write_text("[")
    return tmp_path


def test_the_action_is_composite_with_the_documented_inputs_and_outputs() -> None:
    document = action()
    assert document["runs"]["using"] == "composite"
    assert sorted(document["inputs"]) == ["args", "format", "paths", "sarif-file"]
    assert sorted(document["outputs"]) == ["exit-code", "findings", "sarif-file"]
    assert [step.get("uses", "run") for step in document["runs"]["steps"]] == [
        "run",
        "actions/cache/restore@v4",
        "run",
        "actions/cache/save@v4",
        "run",
    ]


def test_it_installs_into_its_own_environment_and_caches_it(runner: Runner, specs: Path) -> None:
    code, outputs, _ = runner.run(specs, paths="specs")
    assert code == 1, "\n".join(runner.logs)
    (key,) = runner.cache
    venv = runner.temp / "runner-temp" / "nslint-action-venv"
    assert runner.cache[key] == str(venv)
    from nslint import __version__

    # nslint's version, the Python (version, where it is), the runner, the sources.
    assert re.fullmatch(
        rf"nslint-{re.escape(__version__)}-py3\.\d+\.\d+-[0-9a-f]{{8}}-Linux-X64-[0-9a-f]{{16}}",
        key,
    )
    installed = subprocess.run(
        [venv / "bin" / "python", "-c", "import nslint; print(nslint.__file__)"],
        cwd=specs,
        capture_output=True,
        text=True,
        check=True,
    )
    assert installed.stdout.startswith(str(venv / "lib"))
    # The next job restores it: nothing is installed, nothing saved again.
    runner.logs.clear()
    code, outputs, _ = runner.run(specs, paths="specs")
    assert (code, outputs["exit-code"], outputs["findings"]) == (1, "1", "3")
    assert list(runner.cache) == [key]
    assert [log.split("\n", 1)[0] for log in runner.logs] == [
        "Locate nslint's environment: 0",
        "Install nslint: 0",
        "Run nslint: 1",
    ]


def test_multi_line_paths_and_quoted_args(runner: Runner, specs: Path) -> None:
    sarif = runner.temp / "runner-temp" / "nslint.sarif"
    code, outputs, log = runner.run(
        specs,
        paths="specs/crm.yaml\n'specs/my robot.yaml'\n",
        args='--fail-on warning\n--per-file-ignores "specs/my robot.yaml:NS004"\n',
    )
    assert code == 1, "\n".join(runner.logs)
    assert log.startswith(
        f"nslint action: nslint check --format sarif --output {sarif} --fail-on warning "
        "--per-file-ignores 'specs/my robot.yaml:NS004' -- specs/crm.yaml "
        "'specs/my robot.yaml'\n"
    )
    assert "specs/crm.yaml:5:29: warning[NS202]" in log
    assert "::warning file=specs/crm.yaml,line=5,col=29," in log
    assert "::error file=specs/crm.yaml,line=6,col=19," in log
    assert "[NS004]" not in log  # the quoted glob matched the file with a space
    assert outputs == {"exit-code": "1", "findings": "2", "sarif-file": str(sarif)}
    document = json.loads(sarif.read_text())
    assert [r["ruleId"] for r in document["runs"][0]["results"]] == ["NS202", "NS101"]


def test_sarif_file_input(runner: Runner, specs: Path) -> None:
    code, outputs, log = runner.run(
        specs, paths="specs notes.yaml", **{"sarif-file": "nslint.sarif"}
    )
    assert code == 1
    assert log.startswith(
        "nslint action: nslint check --format sarif --output nslint.sarif -- specs notes.yaml\n"
    )
    assert "specs/my robot.yaml:2:19: warning[NS004]" in log
    assert outputs == {"exit-code": "1", "findings": "4", "sarif-file": "nslint.sarif"}
    document = json.loads((specs / "nslint.sarif").read_text())
    assert [r["ruleId"] for r in document["runs"][0]["results"]] == [
        "NS202",
        "NS101",
        "NS004",
        "NS001",
    ]


def test_format_input_and_a_passing_run(runner: Runner, specs: Path) -> None:
    (specs / "ok.yaml").write_text("name: a\nuser_credentials: true\nstate: yes\n")
    code, outputs, log = runner.run(
        specs, paths="ok.yaml", format="concise", args="--fail-on warning --select NS004"
    )
    assert code == 1
    assert log.startswith(
        "nslint action: nslint check --format concise --fail-on warning --select NS004 -- "
        "ok.yaml\nok.yaml:3:8: warning NS004 "
    )
    assert "::warning" not in log
    assert outputs == {"exit-code": "1", "findings": "", "sarif-file": ""}
    code, outputs, log = runner.run(specs, paths="ok.yaml", args="--select NS004")
    assert code == 0
    sarif = str(runner.temp / "runner-temp" / "nslint.sarif")
    assert outputs == {"exit-code": "0", "findings": "1", "sarif-file": sarif}


def test_an_unclosed_quote_is_an_error(runner: Runner, specs: Path) -> None:
    code, outputs, log = runner.run(specs, paths="'specs")
    assert code == 2
    assert log == "nslint action: cannot split the inputs: No closing quotation\n"
    assert outputs == {"exit-code": "", "findings": "", "sarif-file": ""}


@pytest.mark.parametrize(
    "old", [b'{"version": "2.1.0", "runs": [{"results": [{}, {}]}]}', b"{}", b"[1]"]
)
def test_a_sarif_file_this_run_did_not_write_is_not_reported(
    runner: Runner, specs: Path, old: bytes
) -> None:
    (specs / "nslint.sarif").write_bytes(old)
    code, outputs, log = runner.run(
        specs, paths="specs", args="--no-such-flag", **{"sarif-file": "nslint.sarif"}
    )
    assert code == 2
    assert outputs == {"exit-code": "2", "findings": "", "sarif-file": ""}
    assert log.startswith(
        "nslint action: nslint check --format sarif --output nslint.sarif --no-such-flag -- specs\n"
    )
    assert log.endswith(
        "nslint action: nslint.sarif: nslint did not write it (exit code 2), so the "
        "findings and sarif-file outputs are empty\n"
    )
    assert "Traceback" not in log
    assert (specs / "nslint.sarif").read_bytes() == old


def test_a_report_that_is_not_sarif_gives_no_findings_and_no_traceback(
    runner: Runner, specs: Path
) -> None:
    code, outputs, log = runner.run(
        specs, paths="specs", args="--format json", **{"sarif-file": "out.json"}
    )
    assert code == 1
    assert outputs == {"exit-code": "1", "findings": "", "sarif-file": ""}
    assert log.endswith(
        "nslint action: out.json: nslint wrote no SARIF log there (exit code 1), so the "
        "findings and sarif-file outputs are empty\n"
    )
    assert "Traceback" not in log
    assert json.loads((specs / "out.json").read_text())  # nslint's JSON report, kept
