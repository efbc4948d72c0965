"""Benchmark nslint against check-jsonschema, yamllint and the parse floors.

    python bench/run.py [--corpus DIR] [--rounds 5] [--markdown]

Generates (or reuses) a seeded corpus of 10,000 specs, with a 1,000-spec part, and
times, in one invocation and interleaved round by round (so that a slow moment of the
machine hits every tool alike):

* ``nslint check --format json --no-cache`` (every default rule, cold), and the same
  with a warm cache;
* ``check-jsonschema --schemafile`` with nslint's schema (schema only; install
  ``ruamel.yaml.clib`` so that it is not handicapped);
* ``yamllint`` with its default configuration;
* the parse floor: ``bench/parse_floor.py`` (PyYAML's C loader composing every file in
  one process), and the two-process floor (the same shared between two forked
  processes in chunks, as nslint's pool shares them: like for like on two cores);
* for one file, the import floor: importing click, PyYAML and jsonschema-rs, the
  libraries nslint is built on, and nothing else; and the same ended with
  ``os._exit``, as nslint ends (no interpreter teardown): the like-for-like floor;
* for 10,000 specs, nslint and the two-process floor again while another process keeps
  one core busy (how the figures move when the second core is not free);
* 1,000 specs ten times as long (each file ten specs as YAML documents), for the goal
  that time is linear in spec size;
* the start-up split of one file, in process (``bench/startup.py``): the import floor,
  nslint's modules, the rule registry (built-in pack and Python rules), the schema and
  the first file.

on 1 file, 1,000 and 10,000 specs. It prints the median wall time of each, its peak
memory, the start-up split, and the ratios the goals in docs/performance.md are stated
in (with ``--markdown``, tables ready to paste there). The tools are taken from the
directory of the Python running this script (a virtual environment with nslint,
check-jsonschema and yamllint installed), else from PATH. Five rounds take about ten
minutes on two cores.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        sys.exit(f"bench: {name} is not installed (pip install {name})")
    return found


BUSY = "BUSY:"
"""A command label starting with this runs while another process spins on one core."""
NO_TEARDOWN = "import floor, os._exit"
"""The import floor ended as nslint ends, without the interpreter's teardown."""


def timed(command: list[str], cwd: Path, busy: bool = False) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB, the largest process) of one run."""
    spinner = None
    if busy:
        spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        time.sleep(0.2)  # running before the command starts
    try:
        return _timed(command, cwd)
    finally:
        if spinner is not None:
            spinner.kill()
            spinner.wait()


def _timed(command: list[str], cwd: Path) -> tuple[float, int]:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        error = process.stderr.read().decode() if process.stderr else ""
        sys.exit(f"bench: {' '.join(command[:3])} ... exited {code}: {error[:500]}")
    return elapsed, usage.ru_maxrss


def spec_files(directory: Path) -> list[str]:
    return sorted(str(p) for p in directory.rglob("*.yaml"))


def long_corpus(corpus: Path) -> Path:
    """1,000 files of ten specs each (as YAML documents): ten times the length of a spec
    of ``1k``, made from the 10,000-spec corpus."""
    out = corpus / "1k-long"
    if not out.is_dir():
        specs = spec_files(corpus / "10k")
        out.mkdir()
        for number in range(1_000):
            parts = [Path(p).read_text() for p in specs[number * 10 : number * 10 + 10]]
            (out / f"long{number:04d}.yaml").write_text("---\n" + "---\n".join(parts))
    return out


def startup_split(spec: str, cwd: Path) -> list[float]:
    """The seconds of each phase of one file's start-up (``bench/startup.py``)."""
    run = subprocess.run(
        [sys.executable, str(HERE / "startup.py"), spec],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return [float(part) for part in run.stdout.split()]


STARTUP_PHASES = (
    "import floor (click, PyYAML, jsonschema-rs)",
    "nslint's modules",
    "rule registry (built-in pack, Python rules)",
    "schema",
    "first file",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="where the corpus is (generated if absent)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()

    corpus = args.corpus or Path(tempfile.gettempdir()) / "nslint-bench-corpus"
    if not (corpus / "10k").is_dir():
        for size, name in ((10_000, "10k"), (1_000, "1k")):
            subprocess.run(
                [
                    sys.executable,
                    str(HERE / "generate.py"),
                    str(corpus / name),
                    "--count",
                    str(size),
                ],
                check=True,
            )
    work = Path(tempfile.mkdtemp(prefix="nslint-bench-"))
    schema = work / "integration.schema.json"
    schema.write_text(
        subprocess.run(
            [tool("nslint"), "schema"], capture_output=True, text=True, check=True
        ).stdout
    )
    (work / ".git").mkdir()  # the cache and configuration discovery stop here

    one = spec_files(corpus / "1k")[0]
    long = long_corpus(corpus)
    sizes = {
        "1 file": [one],
        "1,000 specs": [str(corpus / "1k")],
        "10,000 specs": [str(corpus / "10k")],
    }
    files = {
        "1 file": [one],
        "1,000 specs": spec_files(corpus / "1k"),
        "10,000 specs": spec_files(corpus / "10k"),
    }
    floor = [sys.executable, str(HERE / "parse_floor.py")]
    nslint = [tool("nslint"), "check", "--isolated", "--format", "json"]
    commands = {
        label: {
            "nslint": [*nslint, "--no-cache", *paths],
            "nslint (warm cache)": [*nslint, *paths],
            "check-jsonschema": [
                tool("check-jsonschema"),
                "--schemafile",
                str(schema),
                *files[label],
            ],
            "yamllint": [tool("yamllint"), "-f", "parsable", *paths],
            "parse floor": [*floor, *paths],
            "two-process floor": [*floor, "--jobs", "2", *paths],
        }
        for label, paths in sizes.items()
    }
    del commands["1 file"]["two-process floor"]  # one file: no pool
    big = commands["10,000 specs"]
    big[BUSY + "nslint"] = big["nslint"]
    big[BUSY + "two-process floor"] = big["two-process floor"]
    commands["1,000 specs, 10x longer"] = {
        "nslint": [*nslint, "--no-cache", str(long)],
        "parse floor": [*floor, str(long)],
    }
    commands["1 file"]["import floor"] = [
        sys.executable,
        "-c",
        "import click, yaml, jsonschema_rs",
    ]
    commands["1 file"][NO_TEARDOWN] = [
        sys.executable,
        "-c",
        "import click, yaml, jsonschema_rs, os; os._exit(0)",
    ]
    check_bytecode(work)
    for runs in commands.values():  # warm the cache (and the file system) once
        timed(runs.get("nslint (warm cache)", runs["nslint"]), work)

    results: dict[str, dict[str, list[tuple[float, int]]]] = {
        label: {name: [] for name in runs} for label, runs in commands.items()
    }
    phases: list[list[float]] = []
    for round_number in range(args.rounds):
        for label, runs in commands.items():
            for name, command in runs.items():
                results[label][name].append(timed(command, work, name.startswith(BUSY)))
        phases.append(startup_split(one, work))
        print(f"bench: round {round_number + 1} of {args.rounds} done", file=sys.stderr)

    report(results, phases, args.markdown)
    shutil.rmtree(work, ignore_errors=True)


def check_bytecode(cwd: Path) -> None:
    """Warn when nslint's modules would be compiled on every run (an editable install
    with PYTHONDONTWRITEBYTECODE set): the start-up measured would not be a user's."""
    probe = (
        "import importlib.util, os, nslint.cli as m; "
        "print(os.path.exists(importlib.util.cache_from_source(m.__file__)))"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, cwd=cwd
    ).stdout.strip()  # run where the tools run: not beside a source checkout
    if found != "True":
        print(
            "bench: warning: nslint has no compiled bytecode (an editable install?); "
            "install it with `pip install .` for representative start-up times",
            file=sys.stderr,
        )


def report(
    results: dict[str, dict[str, list[tuple[float, int]]]],
    phases: list[list[float]],
    markdown: bool,
) -> None:
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"Python {platform.python_version()}; {versions()}")
    print(f"Load average at the end of the run: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    header = ("size", "tool", "median", "peak memory", "nslint ÷ this")
    rows = []
    for label, runs in results.items():
        medians = {name: statistics.median(t for t, _ in samples) for name, samples in runs.items()}
        for name, samples in runs.items():
            peak = max(m for _, m in samples) / 1024
            ratio = medians[BUSY + "nslint" if name.startswith(BUSY) else "nslint"] / medians[name]
            shown = name.removeprefix(BUSY) + (
                ", second core busy" if name.startswith(BUSY) else ""
            )
            rows.append(
                (
                    label,
                    shown,
                    f"{medians[name] * 1000:,.0f} ms",
                    f"{peak:,.0f} MiB",
                    f"{ratio:.2f}",
                )
            )
    goals(results)
    print()
    table(header, rows, markdown)
    print()
    split = [statistics.median(run[i] for run in phases) for i in range(len(STARTUP_PHASES))]
    table(
        ("start-up of one file, in process", "median"),
        [
            *(
                (name, f"{seconds * 1000:.1f} ms")
                for name, seconds in zip(STARTUP_PHASES, split, strict=True)
            ),
            ("nslint's own (all but the import floor)", f"{sum(split[1:]) * 1000:.1f} ms"),
        ],
        markdown,
    )


def table(header: tuple[str, ...], rows: list[tuple[str, ...]], markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        cells = zip(row, widths, strict=True)
        print("  ".join(str(cell).ljust(width) for cell, width in cells))


def goals(results: dict[str, dict[str, list[tuple[float, int]]]]) -> None:
    """The ratios docs/performance.md states its goals in (issue 16)."""

    def median(label: str, name: str) -> float:
        return statistics.median(t for t, _ in results[label][name])

    big, one, long = "10,000 specs", "1 file", "1,000 specs, 10x longer"
    nslint_one = median(one, "nslint")
    checks: list[tuple[str, float, float | None]] = [
        ("1 file: nslint ÷ yamllint", nslint_one / median(one, "yamllint"), 0.95),
        ("1 file: nslint ÷ check-jsonschema", nslint_one / median(one, "check-jsonschema"), 0.33),
        (
            "1 file: nslint - import floor (ms)",
            (nslint_one - median(one, "import floor")) * 1000,
            8,
        ),
        (
            "  the same, like for like (floor with os._exit)",
            (nslint_one - median(one, NO_TEARDOWN)) * 1000,
            None,
        ),
        (
            "1 file: import floor ÷ yamllint",
            median(one, "import floor") / median(one, "yamllint"),
            None,
        ),
        (
            "10,000 specs: nslint ÷ check-jsonschema",
            median(big, "nslint") / median(big, "check-jsonschema"),
            0.12,
        ),
        (
            "10,000 specs: nslint ÷ parse floor",
            median(big, "nslint") / median(big, "parse floor"),
            1.2,
        ),
        (
            "10,000 specs: nslint ÷ two-process floor",
            median(big, "nslint") / median(big, "two-process floor"),
            None,
        ),
        (
            "  the same, second core busy",
            median(big, BUSY + "nslint") / median(big, BUSY + "two-process floor"),
            None,
        ),
        (
            "  nslint ÷ parse floor, second core busy",
            median(big, BUSY + "nslint") / median(big, "parse floor"),
            None,
        ),
        (
            "10,000 specs, warm cache ÷ 1 file cold",
            median(big, "nslint (warm cache)") / nslint_one,
            1.25,
        ),
        ("10,000 specs: peak memory (MiB)", max(m for _, m in results[big]["nslint"]) / 1024, 100),
        (
            "10,000 ÷ 1,000 specs (files; 10 is linear)",
            median(big, "nslint") / median("1,000 specs", "nslint"),
            10,
        ),
        (
            "10x longer ÷ 1,000 specs (size; 10 is linear)",
            median(long, "nslint") / median("1,000 specs", "nslint"),
            10,
        ),
    ]
    for name, value, goal in checks:
        if goal is None:  # context for a goal, not a goal
            print(f"{name:<46} {value:8.2f}")
            continue
        verdict = "meets" if value <= goal else "MISSES"
        print(f"{name:<46} {value:8.2f}   goal <= {goal:<5} {verdict}")


def versions() -> str:
    out = []
    for package in (
        "nslint",
        "check-jsonschema",
        "yamllint",
        "PyYAML",
        "jsonschema-rs",
        "ruamel.yaml.clib",
    ):
        try:
            from importlib import metadata

            out.append(f"{package} {metadata.version(package)}")
        except Exception:
            out.append(f"{package} (not installed)")
    return ", ".join(out)


if __name__ == "__main__":
    main()
