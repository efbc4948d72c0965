"""Errors that stop a run before any spec is checked: a bad configuration, rule pack,
plugin or command-line value. The command line prints them and exits 2.
"""

from __future__ import annotations

from nslint.diagnostics import Span

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
"""No finding at or above the fail threshold; findings; a usage, configuration or
internal error (or a file that could not be read)."""
EXIT_INTERRUPTED = 130
"""Interrupted (Ctrl-C): 128 + SIGINT, as shells report a command the signal ended."""


class UsageError(Exception):
    """A problem with how nslint was set up; its message names the file and position."""


def at(path: str, span: Span | None, message: str) -> str:
    """``path:line:column: message`` (just ``path: message`` without a position)."""
    if span is None:
        return f"{path}: {message}"
    return f"{path}:{span.line}:{span.column}: {message}"


def one_line(error: BaseException, most: int = 300) -> str:
    """``Type: message`` of an unexpected exception, on one line, its message cut to
    ``most`` characters: what an internal-error message shows of it. A message that
    holds what looks like a credential (an exception may quote a spec's value) is not
    shown."""
    from nslint.values import looks_like_secret

    message = " ".join(str(error).split())
    if looks_like_secret(message):
        message = "(not shown: it holds what looks like a credential)"
    if len(message) > most:
        message = message[: most - 1] + "…"
    return f"{type(error).__name__}: {message}"
