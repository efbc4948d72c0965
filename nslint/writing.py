"""Writing a report or a baseline where the command line says: ``-o FILE``,
``--write-baseline FILE`` and the job summary. A file is written whole or not at all,
never over a file the run read, and never through a link that leads out of the project;
the directories on its way are made when missing (as ruff does for ``--output-file``);
a problem is a ``UsageError`` (the command line says it and exits 2).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys
from collections.abc import Collection

from nslint import display
from nslint.errors import UsageError

_STANDARD_STREAMS = {"/dev/stdout": 1, "/dev/stderr": 2}
_DESCRIPTOR = re.compile(r"/(?:dev|proc/self)/fd/([0-9]{1,9})")


def refuse_target(path: str, checked: Collection[str] = ()) -> None:
    """Fail rather than write ``-o`` or ``--write-baseline`` over a file this run
    read (the report would replace a spec, the configuration or a rule pack), or
    through a symbolic link, to the file or to a directory on its way, that lies in the
    project and leads outside it (a link committed to a repository must not make a CI
    run write anywhere else)."""
    from nslint.discovery import relative_path
    from nslint.formats import repository_root

    root = repository_root()
    absolute, resolved = os.path.abspath(path), os.path.realpath(path)
    inside = root.rstrip(os.sep) + os.sep
    real_inside = os.path.realpath(root).rstrip(os.sep) + os.sep
    if absolute.startswith(inside) and not resolved.startswith(real_inside):
        raise UsageError(
            f"cannot write {display.escape(path)}: a symbolic link leads it to "
            f"{display.escape(resolved)}, outside the project; not written (remove the "
            "link, or name that file itself)"
        )
    name = an_input(resolved, checked)  # (the name the write resolves, as atomic)
    if name is not None:
        raise UsageError(
            f"cannot write {display.escape(path)}: it is "
            f"{display.path(relative_path(name, '.'))}, a file this run read; "
            "not overwritten (choose another file)"
        )


def make_way(path: str, checked: Collection[str] = ()) -> None:
    """Ready ``path`` to be written: ``refuse_target``, then make the directories on its
    way that do not exist yet (``-o reports/nslint.sarif`` in a fresh CI checkout). The
    refusal comes first: no directory is made through a link that leads out. Nor for a
    path that names no file (``-o reports/``): that is an error, with nothing made."""
    refuse_target(path, checked)
    parent, name = os.path.split(path)
    if not name:
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
    if parent:
        try:
            os.makedirs(parent, exist_ok=True)
        except FileExistsError:  # something in the way that is not a directory
            # A file says what opening through it says; a broken link, that nothing is there.
            code = errno.ENOTDIR if os.path.exists(parent) else errno.ENOENT
            raise OSError(code, os.strerror(code)) from None


def write_output(path: str, text: str, checked: Collection[str] = ()) -> None:
    """Write a report to ``path``: a file whole or not at all (``atomic``), and
    ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N`` or another file that is not a
    regular one (a FIFO, a terminal, ``/dev/null``) directly, as a stream. Never over a
    file the run read (``checked``, ``refuse_target``)."""
    from nslint import atomic

    data = text.encode("utf-8")
    number = _STANDARD_STREAMS.get(os.path.normpath(path))
    match = _DESCRIPTOR.fullmatch(os.path.normpath(path))
    if match:
        number = int(match.group(1))
    try:
        if number in (1, 2):
            # Through the streams click writes to, after what they hold: the order stays.
            stream = sys.stdout if number == 1 else sys.stderr
            stream.flush()
            stream.buffer.write(data)
            stream.buffer.flush()
        elif number is not None:
            with open(number, "wb", closefd=False) as handle:
                handle.write(data)
        elif special(path):
            with open(path, "wb") as handle:
                handle.write(data)
        else:
            make_way(path, checked)
            atomic.write_text(path, text)
    except OSError as error:
        raise UsageError(
            f"cannot write {display.escape(path)}: {error.strerror or error}"
        ) from None


def an_input(path: str, inputs: Collection[str]) -> str | None:
    """The name in ``inputs`` of the regular file ``path`` is, if it is one of them
    (the same file, by device and inode: another name or a link to it too)."""
    import stat

    try:
        target = os.stat(path)
    except OSError:
        return None  # a new file, or one the write will fail on with its own message
    if not stat.S_ISREG(target.st_mode):
        return None
    for name in inputs:
        with contextlib.suppress(OSError, ValueError):  # (ValueError: a NUL in the name)
            if os.path.samestat(os.stat(name), target):
                return name
    return None


def special(path: str) -> bool:
    """Whether ``path`` (or what its links lead to) exists and is not a regular file."""
    import stat

    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def refuse_link(path: str, root: str) -> None:
    """Fail rather than write ``path`` (in ``root``) when it, or a directory between
    ``root`` and it, is a symbolic link, or when it resolves outside ``root``: a
    command that writes files into a project (``nslint init``) writes them there and
    nowhere else, whatever a link committed to the repository says."""
    base = os.path.abspath(root)
    relative = os.path.relpath(os.path.abspath(path), base)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        raise UsageError(f"cannot write {display.escape(path)}: it is outside {root}")
    step = base
    for part in relative.split(os.sep):
        step = os.path.join(step, part)
        if os.path.islink(step):
            shown = os.path.normpath(os.path.join(root, os.path.relpath(step, base)))
            what = "it" if step == os.path.abspath(path) else display.escape(shown)
            raise UsageError(
                f"cannot write {display.escape(path)}: {what} is a symbolic link "
                f"(to {display.escape(os.readlink(step))}), which nslint "
                "does not write through; nothing was written (remove the link)"
            )
    from nslint.discovery import leads_inside

    if not leads_inside(path, base):  # (a race, or a bind mount)
        raise UsageError(f"cannot write {display.escape(path)}: it resolves outside {root}")
