"""Write a file whole or not at all: a report, baseline or fixed spec is never left
half-written, and what the path stands for is respected.

* A symbolic link is followed: its target is written, the link stays a link.
* Something that is not a regular file (``/dev/stdout``, a FIFO) is written to directly:
  it cannot be replaced, and must not be.
* A regular file is replaced by renaming a temporary file over it, keeping its mode
  and, where permitted, its owner and group. A file with other hard links is written
  in place instead, so that every link sees the new content.
* A new file gets the mode the umask gives (not the temporary file's 0600).
"""

from __future__ import annotations

import contextlib
import os
import stat


def write_text(path: str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``; on any error the old file is untouched."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: str, data: bytes) -> None:
    """Write ``data`` to ``path``, as the module's docstring says."""
    target = os.path.realpath(path)
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        with open(target, "wb") as stream:
            stream.write(data)
        return
    if info is not None and info.st_nlink > 1:
        with open(target, "r+b") as stream:
            stream.write(data)
            stream.truncate()
        return
    if info is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    else:
        mode = stat.S_IMODE(info.st_mode)
    import tempfile  # only when writing: it costs start-up time

    directory = os.path.dirname(target)
    handle, temporary = tempfile.mkstemp(prefix=".nslint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, mode)
        if info is not None and hasattr(os, "chown"):
            with contextlib.suppress(OSError):  # only the owner or root may
                os.chown(temporary, info.st_uid, info.st_gid)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
