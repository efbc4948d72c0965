"""Every input of the official YAML test suite lints without a crash."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

from nslint.cli import main
from tests.conftest import lint_bytes


def _cases(shared: Path) -> list[Path]:
    return sorted((shared / "reference" / "yaml-test-suite").rglob("in.yaml"))


def _libyaml_rejects(data: bytes) -> bool:
    try:
        for _ in yaml.parse(data, Loader=yaml.CSafeLoader):
            pass
    except yaml.YAMLError:
        return True
    return False


def test_every_input_lints_and_rejections_are_ns001(shared: Path) -> None:
    cases = _cases(shared)
    assert len(cases) == 402
    outcome: Counter[tuple[bool, bool]] = Counter()
    for case in cases:
        data = case.read_bytes()
        result = lint_bytes(data, str(case))
        assert result.error is None, case
        has_syntax_error = any(d.code == "NS001" for d in result.diagnostics)
        if _libyaml_rejects(data):
            assert has_syntax_error, case
        for d in result.diagnostics:
            assert min(d.span.line, d.span.column) >= 1, (case, d)
            assert (d.span.end_line, d.span.end_column) >= (d.span.line, d.span.column), (case, d)
        outcome[(case.parent.joinpath("error").exists(), has_syntax_error)] += 1
    # Pinned so that any change in what nslint accepts shows up here. libyaml accepts
    # 16 of the 94 invalid inputs, and rejects some valid YAML 1.2 it does not support.
    assert outcome == {
        (True, True): 78,
        (True, False): 16,
        (False, True): 51,
        (False, False): 257,
    }


def test_the_cli_never_exits_2_on_the_suite(shared: Path) -> None:
    from click.testing import CliRunner

    paths = [str(p) for p in _cases(shared)]
    result = CliRunner().invoke(main, ["check", "--format", "json", *paths])
    assert result.exit_code in (0, 1), result.output[-2000:]
