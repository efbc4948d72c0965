"""Write a file whole or not at all: a report, baseline, cache shard or fixed spec is
never left half-written, and what the path stands for is respected.

* A regular file is replaced: a temporary file in the same directory is written,
  flushed to disk (``fsync``), given the old file's owner and group and then its whole
  mode (setuid, setgid and sticky bits too: a change of owner clears them, so the mode
  comes last), and renamed over the old one. A new file gets the mode the umask gives.
* A file that cannot be replaced that way is refused (``NotReplaceable``), never
  written in place: one with other hard links (a replacement would cut them off, and
  an in-place write can be left truncated by a full disk), or one whose owner, group or
  mode a replacement cannot keep (another user's file).
* A symbolic link is followed: its target is replaced, the link stays a link
  (``follow_links=False`` replaces the link itself instead, or any other file that is
  not a directory: for the cache, which writes only its own files).
* Something that is not a regular file (``/dev/stdout``, ``/dev/stderr``, a FIFO) is
  written to directly: it cannot be replaced, and must not be.
"""

from __future__ import annotations

import contextlib
import os
import stat


class NotReplaceable(OSError):
    """The file cannot be replaced without changing what it is; it was not written.
    ``strerror`` says why, as the end of a sentence about the file ("it has ...")."""


def write_text(path: str, text: str, *, follow_links: bool = True, durable: bool = True) -> None:
    """Write ``text`` (UTF-8) to ``path``; on any error the old file is untouched."""
    write_bytes(path, text.encode("utf-8"), follow_links=follow_links, durable=durable)


def write_bytes(path: str, data: bytes, *, follow_links: bool = True, durable: bool = True) -> None:
    """Write ``data`` to ``path``, as the module's docstring says. ``durable=False``
    skips the ``fsync`` (for a cache, which may be lost but never read half-written)."""
    try:
        info: os.stat_result | None = os.stat(path) if follow_links else os.lstat(path)
    except FileNotFoundError:
        info = None  # (a dangling link: its target is created)
    if not follow_links and info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise NotReplaceable(0, "it is a directory", path)
        info = None  # a link, FIFO or device node: its name gets a new file
    elif info is not None and not stat.S_ISREG(info.st_mode):
        # /dev/stdout (a link to a pipe or terminal), a FIFO: opened by its own name,
        # which the system resolves (its resolved name may not exist, as "pipe:[123]").
        with open(path, "wb") as stream:
            stream.write(data)
        return
    target = os.path.realpath(path) if follow_links else path
    if info is not None and info.st_nlink > 1:
        raise NotReplaceable(
            0,
            f"it has {info.st_nlink} hard links, and replacing it would leave the other "
            "links with the old content",
            path,
        )
    if info is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    else:
        mode = stat.S_IMODE(info.st_mode)
    import tempfile  # only when writing: it costs start-up time

    directory = os.path.dirname(target) or "."
    handle, temporary = tempfile.mkstemp(prefix=".nslint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            _keep_owner_and_mode(stream.fileno(), info, mode, path)
            if durable:
                os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if durable:
        _sync_directory(directory)


def _keep_owner_and_mode(fd: int, info: os.stat_result | None, mode: int, path: str) -> None:
    """Give the temporary file (open as ``fd``) the old file's owner and group, then its
    mode; NotReplaceable if the system will not let either be kept."""
    if info is not None and hasattr(os, "fchown"):
        made = os.fstat(fd)
        if (made.st_uid, made.st_gid) != (info.st_uid, info.st_gid):
            try:
                os.fchown(fd, info.st_uid, info.st_gid)
            except PermissionError:  # only root may give a file away
                raise NotReplaceable(
                    0,
                    f"it belongs to another user or group (uid {info.st_uid}, gid "
                    f"{info.st_gid}), and a replacement written by this user could not "
                    "keep them",
                    path,
                ) from None
    os.fchmod(fd, mode)
    if info is not None and stat.S_IMODE(os.fstat(fd).st_mode) != mode:
        raise NotReplaceable(  # (the system dropped a setgid bit this user may not set)
            0, f"its mode {mode:04o} cannot be given to a replacement written by this user", path
        )


def _sync_directory(directory: str) -> None:
    """Make the rename itself durable (best effort: not every system can)."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
