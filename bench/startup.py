"""Where one-file start-up goes: prints the seconds of each phase, in one process.

    python bench/startup.py SPEC [PHASES]

The phases, in the order ``nslint check SPEC`` meets them (the garbage collector off
while importing, as ``nslint.__main__`` keeps it): the import floor (click, PyYAML and
jsonschema-rs), nslint's modules, the rule registry (the built-in rule pack and the
Python rules), compiling the spec schema, and checking the first file. bench/run.py
runs it in every round and reports the medians; bench/instructions.py runs the first
``PHASES`` of them (all five by default) under callgrind, for the same split in
instructions.
"""

from __future__ import annotations

import gc
import itertools
import sys
import time


def main() -> None:
    spec = sys.argv[1]
    phases = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    marks = [time.perf_counter()]
    gc.disable()
    if phases >= 1:
        import click  # noqa: F401
        import jsonschema_rs  # noqa: F401
        import yaml  # noqa: F401

        marks.append(time.perf_counter())
    if phases >= 2:
        import nslint.batch
        import nslint.cli
        import nslint.cli.check  # the command's module: nslint.cli imports it on demand
        import nslint.engine
        import nslint.formats.text
        import nslint.registry  # noqa: F401

        marks.append(time.perf_counter())
    gc.freeze()
    gc.enable()
    if phases >= 3:
        from nslint import registry

        registry.builtin()
        marks.append(time.perf_counter())
    if phases >= 4:
        from nslint import schema

        schema.warm()
        marks.append(time.perf_counter())
    if phases >= 5:
        from nslint.engine import check
        from nslint.results import Settings

        check(spec, Settings(fingerprints=True))
        marks.append(time.perf_counter())
    print(" ".join(f"{b - a:.6f}" for a, b in itertools.pairwise(marks)))


if __name__ == "__main__":
    main()
