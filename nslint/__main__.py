"""The ``nslint`` command (and ``python -m nslint``): start-up, then the command line."""

from __future__ import annotations

import gc
import sys


def main() -> None:
    """Run the command line, with the garbage collector kept out of start-up.

    Start-up makes tens of thousands of objects that live until the process exits
    (the modules, classes and functions of click, PyYAML, jsonschema-rs and nslint),
    and the cyclic garbage collector would scan them again and again while it does:
    a tenth of a one-file run. So it is off while they are imported; then they are
    frozen, so that later collections (and forked workers' pages) leave them alone,
    and it is on again for the run.

    The command line turns every error into a message and an exit code; Ctrl-C before
    it runs (while importing) exits 130 too, and anything else that escapes it is an
    internal error (exit 2), never a traceback and exit 1.
    """
    try:
        gc.disable()
        try:
            from nslint.cli import main as command
        finally:
            gc.freeze()
            gc.enable()
        command()
    except KeyboardInterrupt:
        sys.stderr.write("nslint: interrupted\n")
        sys.exit(130)
    except Exception as error:  # pragma: no cover - the command line catches them first
        if "--debug" in sys.argv[1:]:
            raise
        sys.stderr.write(
            f"nslint: internal error: {type(error).__name__}: {error} "
            "(run with --debug for the traceback)\n"
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
