"""Write a file whole or not at all: a report or baseline is never left half-written."""

from __future__ import annotations

import os
import stat


def write_text(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same directory and an
    atomic rename; on any error the old file (if any) is untouched. The file keeps its
    mode; a new file gets the mode the umask gives (not the temporary file's 0600)."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: str, data: bytes) -> None:
    """``write_text`` for bytes."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    import tempfile  # only when writing: it costs start-up time

    handle, temporary = tempfile.mkstemp(prefix=".nslint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
