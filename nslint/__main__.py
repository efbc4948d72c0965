"""The ``nslint`` command (and ``python -m nslint``): start-up, then the command line."""

from __future__ import annotations

import atexit
import gc
import os
import sys
from typing import NoReturn


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
    internal error (exit 2), never a traceback and exit 1. The process then ends
    without freeing what it made (``_end``).
    """
    try:
        gc.disable()
        try:
            from nslint.cli import main as command
        finally:
            gc.freeze()
            gc.enable()
        command()
    except SystemExit as end:  # click ends every run with one
        if end.code is not None and not isinstance(end.code, int):
            raise
        _end(end.code or 0)
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


def _end(code: int) -> NoReturn:
    """End the process with ``code`` without tearing the interpreter down.

    Python's normal exit frees every module, class and object one by one; by then nslint
    has nothing left to clean up (its files are written and closed, its pool is shut
    down), and the freeing costs about 10 ms, an eighth of a one-file run. So, as mypy
    does, the process runs its exit handlers (``atexit``: a plugin's, multiprocessing's),
    flushes the standard streams and ends with ``os._exit``. A run that still has another
    thread, or whose last flush fails, exits the normal way, which waits for the thread
    or reports the failure.
    """
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)
    os._exit(code)


if __name__ == "__main__":
    main()
