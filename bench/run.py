"""Benchmark nslint against check-jsonschema, yamllint and the parse floor.

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
  one process);
* for one file, the import floor: importing click, PyYAML and jsonschema-rs, the
  libraries nslint is built on, and nothing else.

on 1 file, 1,000 and 10,000 specs. It prints the median wall time of each, its peak
memory, and the ratios the goals in docs/performance.md are stated in. The tools are
taken from the directory of the Python running this script (a virtual environment
with nslint, check-jsonschema and yamllint installed), else from PATH.
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


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB, the largest process) of one run."""
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
            "parse floor": [sys.executable, str(HERE / "parse_floor.py"), *paths],
        }
        for label, paths in sizes.items()
    }
    commands["1 file"]["import floor"] = [
        sys.executable,
        "-c",
        "import click, yaml, jsonschema_rs",
    ]
    check_bytecode(work)
    for label in commands:  # warm the cache (and the file system) once
        timed(commands[label]["nslint (warm cache)"], work)

    results: dict[str, dict[str, list[tuple[float, int]]]] = {
        label: {name: [] for name in runs} for label, runs in commands.items()
    }
    for round_number in range(args.rounds):
        for label, runs in commands.items():
            for name, command in runs.items():
                results[label][name].append(timed(command, work))
        print(f"bench: round {round_number + 1} of {args.rounds} done", file=sys.stderr)

    report(results, args.markdown)
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


def report(results: dict[str, dict[str, list[tuple[float, int]]]], markdown: bool) -> None:
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"Python {platform.python_version()}; {versions()}")
    print()
    header = ("size", "tool", "median", "peak memory", "nslint ÷ this")
    rows = []
    for label, runs in results.items():
        medians = {name: statistics.median(t for t, _ in samples) for name, samples in runs.items()}
        for name, samples in runs.items():
            peak = max(m for _, m in samples) / 1024
            ratio = medians["nslint"] / medians[name]
            rows.append(
                (label, name, f"{medians[name] * 1000:,.0f} ms", f"{peak:,.0f} MiB", f"{ratio:.2f}")
            )
    goals(results)
    print()
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
        for row in (header, *rows):
            cells = zip(row, widths, strict=True)
            print("  ".join(str(cell).ljust(width) for cell, width in cells))


def goals(results: dict[str, dict[str, list[tuple[float, int]]]]) -> None:
    """The ratios docs/performance.md states its goals in."""

    def median(label: str, name: str) -> float:
        return statistics.median(t for t, _ in results[label][name])

    big, one = "10,000 specs", "1 file"
    checks = [
        (
            "10,000 specs: nslint ÷ check-jsonschema",
            median(big, "nslint") / median(big, "check-jsonschema"),
            0.15,
        ),
        (
            "10,000 specs: nslint ÷ parse floor",
            median(big, "nslint") / median(big, "parse floor"),
            1.3,
        ),
        (
            "1 file: nslint ÷ check-jsonschema",
            median(one, "nslint") / median(one, "check-jsonschema"),
            0.35,
        ),
        ("1 file: nslint ÷ yamllint", median(one, "nslint") / median(one, "yamllint"), 0.9),
        (
            "1 file: import floor ÷ yamllint",
            median(one, "import floor") / median(one, "yamllint"),
            None,
        ),
        (
            "10,000 specs: warm cache ÷ cold",
            median(big, "nslint (warm cache)") / median(big, "nslint"),
            0.1,
        ),
        ("10,000 specs: peak memory (MiB)", max(m for _, m in results[big]["nslint"]) / 1024, 100),
        (
            "10,000 ÷ 1,000 specs (10 is linear)",
            median(big, "nslint") / median("1,000 specs", "nslint"),
            10.5,
        ),
    ]
    for name, value, goal in checks:
        if goal is None:  # context for a goal, not a goal
            print(f"{name:<40} {value:8.2f}   (what nslint's libraries cost alone)")
            continue
        verdict = "meets" if value <= goal else "MISSES"
        print(f"{name:<40} {value:8.2f}   goal <= {goal:<5} {verdict}")


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
