"""The ``nslint`` command (and ``python -m nslint``): start-up, then the command line."""

from __future__ import annotations

import gc


def main() -> None:
    """Run the command line, with the garbage collector kept out of start-up.

    Start-up makes tens of thousands of objects that live until the process exits
    (the modules, classes and functions of click, PyYAML, jsonschema-rs and nslint),
    and the cyclic garbage collector would scan them again and again while it does:
    a tenth of a one-file run. So it is off while they are imported; then they are
    frozen, so that later collections (and forked workers' pages) leave them alone,
    and it is on again for the run.
    """
    gc.disable()
    try:
        from nslint.cli import main as command
    finally:
        gc.freeze()
        gc.enable()
    command()


if __name__ == "__main__":
    main()
