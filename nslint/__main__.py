"""The ``nslint`` command (and ``python -m nslint``): start-up, then the command line.

``main`` is the process's entry point, not a function to call from other Python code: it
ends the process (``_end``). To run nslint in a Python process, call ``nslint.cli.main``
(a click command), as the tests do."""

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
        _say("nslint: interrupted")
        sys.exit(130)
    except Exception as error:  # pragma: no cover - the command line catches them first
        if "--debug" in sys.argv[1:]:
            raise
        _say(
            f"nslint: internal error: {type(error).__name__}: {error} "
            "(run with --debug for the traceback)"
        )
        sys.exit(2)


def _say(line: str) -> None:
    """Write ``line`` to stderr, if there is one (``2>&-`` leaves Python none)."""
    if sys.stderr is not None:
        sys.stderr.write(line + "\n")


def _end(code: int) -> NoReturn:
    """End the process with ``code`` without tearing the interpreter down.

    Python's normal exit frees every module, class and object one by one; by then nslint
    has nothing left to clean up (its files are written and closed, its pool is shut
    down), and the freeing costs 7 to 10 ms, a tenth of a one-file run. So, as mypy
    does, the process runs its exit handlers (``atexit``: multiprocessing's, say),
    flushes the standard streams and ends with ``os._exit``.

    It exits the normal way instead when the teardown may be wanted: when another thread
    is still running (the normal exit waits for it), when a plugin was loaded (its code
    may leave a file open for the teardown to flush: ``nslint.plugins`` is imported only
    for a run that names plugins), or when the last flush fails (the normal exit reports
    it). Ctrl-C while ending exits 130.
    """
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        sys.exit(code)
    if "nslint.plugins" in sys.modules:
        sys.exit(code)
    try:
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # (None when the stream was closed: `>&-`)
                stream.flush()
    except (OSError, ValueError):
        sys.exit(code)
    except KeyboardInterrupt:
        os._exit(130)
    os._exit(code)


if __name__ == "__main__":
    main()
