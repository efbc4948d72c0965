"""Count the CPU instructions nslint spends, with valgrind's callgrind.

    python bench/instructions.py [--corpus DIR] [--specs 200]

Wall times on a shared virtual machine swing by a third from one minute to the next,
so a change of a few per cent cannot be seen in them. Instruction counts do not
swing: this prints, for the Python running it (with nslint installed),

* the instructions of checking one spec, every default rule, averaged over ``--specs``
  specs of the benchmark corpus (the start-up subtracted);
* the same for the parse floor (PyYAML's C loader composing each spec);
* the instructions of whole runs: ``nslint check`` of one spec, cold and cached, of the
  10,000 specs with every file cached (``--format json``: the warm run of bench/run.py),
  the import of nslint's libraries alone, and yamllint on the same spec when installed;
* the start-up split of one spec (``bench/startup.py``): what each phase adds (the
  import floor, nslint's modules, the rule registry, the schema, the first file).

Fewer instructions is not always less time (C code runs more of them per cycle than
the interpreter), but between two versions of nslint it is the steadiest measure
there is. Needs valgrind; run ``bench/run.py`` first to generate the corpus.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PER_SPEC = """
import sys
from nslint import batch
from nslint.discovery import FileFilter, discover
from nslint.engine import check
from nslint.results import Settings

files = [f for f in discover([sys.argv[1]], FileFilter())][: int(sys.argv[2])]
settings = Settings(fingerprints=True)
batch._warm(settings)
check(files[0], settings)  # every first-use cost paid before the count matters
for path in files[1:]:
    check(path, settings)
"""

FLOOR = """
import sys
import yaml
from nslint.discovery import FileFilter, discover

files = [f for f in discover([sys.argv[1]], FileFilter())][: int(sys.argv[2])]
for path in files[1:]:
    with open(path, encoding="utf-8") as handle:
        yaml.compose(handle.read(), Loader=yaml.CSafeLoader)
"""


STARTUP_PHASES = (
    "import floor",
    "nslint's modules",
    "rule registry",
    "schema",
    "first file",
)


def instructions(command: list[str], cwd: str) -> int:
    """The instructions callgrind counted for ``command`` (its first process)."""
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        env={**os.environ, "PYTHONHASHSEED": "0"},  # set and dict order, hence counts, fixed
    )
    found = re.search(r"Collected : (\d+)", run.stderr)
    if found is None:
        sys.exit(f"bench: valgrind counted nothing for {command[:3]}: {run.stderr[-500:]}")
    return int(found.group(1))


def per_spec(script: str, corpus: Path, specs: int, cwd: str) -> float:
    """Instructions per spec: a run over ``specs`` specs less a run over one."""
    many = instructions([sys.executable, "-c", script, str(corpus), str(specs)], cwd)
    one = instructions([sys.executable, "-c", script, str(corpus), "1"], cwd)
    return (many - one) / (specs - 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="the benchmark corpus (bench/run.py's)")
    parser.add_argument("--specs", type=int, default=200)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("bench: valgrind is not installed")
    corpus = (args.corpus or Path(tempfile.gettempdir()) / "nslint-bench-corpus") / "1k"
    big = corpus.parent / "10k"
    if not corpus.is_dir() or not big.is_dir():
        sys.exit(f"bench: no corpus at {corpus}; run bench/run.py first")
    spec = str(sorted(corpus.rglob("*.yaml"))[0])
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="nslint-instructions-") as work:
        Path(work, ".git").mkdir()  # the cache stays in here
        rows = [
            ("one spec, checked (per spec)", per_spec(PER_SPEC, corpus, args.specs, work)),
            ("one spec, parse floor (per spec)", per_spec(FLOOR, corpus, args.specs, work)),
        ]
        nslint = [sys.executable, str(bin_dir / "nslint"), "check", "--isolated"]
        cold = instructions([*nslint, "--no-cache", spec], work)
        rows.append(("nslint check, 1 spec, cold", cold))
        instructions([*nslint, spec], work)  # fill the cache
        rows.append(("nslint check, 1 spec, cached", instructions([*nslint, spec], work)))
        warm = [*nslint, "--format", "json", str(big)]
        subprocess.run(warm, cwd=work, stdout=subprocess.DEVNULL, check=False)  # fill it
        rows.append(("nslint check, 10,000 specs, cached", instructions(warm, work)))
        imports = [sys.executable, "-c", "import click, yaml, jsonschema_rs"]
        rows.append(("import click, yaml, jsonschema_rs", instructions(imports, work)))
        if (bin_dir / "yamllint").exists():
            yamllint = [sys.executable, str(bin_dir / "yamllint"), spec]
            rows.append(("yamllint, 1 spec", instructions(yamllint, work)))
        startup = [sys.executable, str(Path(__file__).with_name("startup.py")), spec]
        counts = [instructions([*startup, str(phases)], work) for phases in range(6)]
        for name, before, after in zip(STARTUP_PHASES, counts, counts[1:], strict=False):
            rows.append((f"start-up: {name}", after - before))
    for name, count in rows:
        print(f"{name:<36} {count / 1e6:10.2f} M instructions")


if __name__ == "__main__":
    main()
