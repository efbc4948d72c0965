"""Step 1 of a file's journey: read its bytes once, decode them, index its lines.

Everything that can go wrong before YAML parsing starts (too large, binary, not
decodable) becomes a located problem here rather than an exception later.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import sys

from nslint.diagnostics import Finding, Span

DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
"""Files larger than this many bytes are not parsed (``--max-file-size``)."""

# The line breaks that libyaml counts (YAML 1.1 adds NEL, LS and PS to CR and LF), so
# that line numbers in snippets agree with the parser's marks. Compiled (by re's own
# cache) when a file's lines are first needed: a file without findings or ``# nslint:``
# comments never needs them, and compiling it costs 1.3 M instructions.
_LINE_BREAK = "\r\n|[\r\n\x85\u2028\u2029]"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class Source:
    """A decoded file. ``text`` has no byte-order mark; line endings are as written.
    ``bom`` is the byte-order mark the file started with (kept when a fix writes it
    back). A plain class, not a dataclass, so that importing it generates no code."""

    __slots__ = ("_lines", "_starts", "bom", "encoding", "text")

    def __init__(self, text: str, bom: bytes = b"", encoding: str = "utf-8") -> None:
        self.text = text
        self.bom = bom
        self.encoding = encoding
        self._lines: list[str] | None = None
        self._starts: list[int] | None = None

    def encode(self, text: str) -> bytes:
        """``text`` as this file was stored: its encoding, and its byte-order mark."""
        return self.bom + text.encode(self.encoding)

    def offset(self, line: int, column: int) -> int:
        """The index in ``text`` of a 1-based line and column (a column past the end of
        the line stays on it)."""
        starts = self._starts
        if starts is None:
            starts = self._starts = [0, *(m.end() for m in re.finditer(_LINE_BREAK, self.text))]
        if line > len(starts):
            return len(self.text)
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        return min(start + column - 1, end)

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = re.split(_LINE_BREAK, self.text)
        return self._lines

    def line(self, number: int) -> str:
        """The text of 1-based line ``number`` without its line break ('' past the end)."""
        lines = self.lines
        return lines[number - 1] if 0 < number <= len(lines) else ""


def position_of(text: str, offset: int) -> Span:
    """The one-character span at character ``offset`` of ``text``."""
    prefix = text[:offset]
    breaks = list(re.finditer(_LINE_BREAK, prefix))
    line_start = breaks[-1].end() if breaks else 0
    return Span.point(len(breaks) + 1, offset - line_start + 1)


def decode(data: bytes) -> Source | Finding:
    """Decode ``data`` (UTF-8, or UTF-16/32 with a byte-order mark) into a Source."""
    encoding, found_bom = "utf-8", b""
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, data, found_bom = name, data[len(bom) :], bom
            break
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            before = data[:nul].decode("utf-8", "replace")  # a byte offset: count characters
            where = position_of(before, len(before))
            return Finding(
                "NS001",
                where,
                "this is a binary file, not YAML: it contains a NUL byte; "
                "an integration spec is UTF-8 text",
            )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        good = data[: error.start].decode(encoding, "replace")
        return Finding(
            "NS001",
            position_of(good, len(good)),
            f"the file is not valid {encoding.upper().replace('-LE', '').replace('-BE', '')}: "
            f"byte 0x{data[error.start]:02x} cannot be decoded; save the file as UTF-8",
        )
    return Source(text, bom=found_bom, encoding=encoding)


def digest(data: bytes) -> str:
    """The content digest the cache keys a file by (BLAKE2, 128 bits)."""
    try:
        # hashlib's own BLAKE2, without the OpenSSL library that importing hashlib loads:
        # 11 M instructions, 2.5 % of a cached one-file check (bench/instructions.py),
        # for a hash it does not use. hashlib is the fallback, and the same function.
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import blake2b
    return blake2b(data, digest_size=16).hexdigest()


def stamp(info: os.stat_result) -> tuple[int, int, int, int]:
    """What says a file is untouched since it was read: mtime, size, inode and ctime. A
    file replaced by another of the same size and mtime (``mv``, ``cp -p``, rsync) has
    a new inode or ctime."""
    return (info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns)


class NotRegularFile(OSError):
    """A path that is not a regular file (a FIFO, a device, a directory, a socket):
    nslint does not open it, so that no read blocks or never ends. Its ``strerror``
    says what it is."""


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link"),
)


def _refuse_irregular(path: str, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "not a file")
    raise NotRegularFile(errno.EINVAL, f"it is {kind}, not a regular file", path)


_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO opens without a writer, to be refused
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)  # Windows: no newline translation
)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def read_regular(
    path: str, limit: int, follow_symlinks: bool = True, dir_fd: int | None = None
) -> bytes:
    """At most ``limit + 1`` bytes of the regular file ``path`` (more than ``limit``
    bytes read means the file is larger than the limit).

    Every input nslint opens is read so: a FIFO, a device or a socket is refused before
    it is opened (``NotRegularFile``, an OSError whose ``strerror`` says what it is), and
    the file is opened non-blocking and checked again, in case it was swapped. Without
    ``follow_symlinks``, a symbolic link is refused too. ``dir_fd``: ``path`` is
    relative to that open directory. OSError is left to the caller.
    """
    if "\0" in path:  # a name from a configuration; the OS would raise ValueError
        raise OSError(errno.ENOENT, "no such file (its name holds a NUL character)")
    mode = os.stat(path, dir_fd=dir_fd, follow_symlinks=follow_symlinks).st_mode
    if not stat.S_ISREG(mode):  # before opening: opening a device can have effects
        _refuse_irregular(path, mode)
    flags = _READ_FLAGS if follow_symlinks else _READ_FLAGS | _NOFOLLOW
    fd = os.open(path, flags, dir_fd=dir_fd)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # replaced since the stat
            _refuse_irregular(path, info.st_mode)
        # Ask for the file's own size (+1 to see growth), not limit + 1: a buffer of
        # the limit's size would be allocated for every small file.
        size = info.st_size
        wanted = min(size, limit) + 1 if size else limit + 1
        chunks = []
        while wanted > 0:  # os.read may return less than asked (/proc)
            chunk = os.read(fd, min(wanted, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


_CHUNK = 16 * 1024 * 1024
"""The most one ``os.read`` asks for: a file larger than its ``st_size`` says (/proc)
is read in steps, not into one buffer of the whole limit."""


def read(path: str, max_size: int = DEFAULT_MAX_FILE_SIZE) -> bytes | Finding:
    """Read one file's bytes (``-`` is standard input), or a finding if it is too large.

    At most ``max_size + 1`` bytes are read, from a regular file only
    (``read_regular``). OSError is left to the caller.
    """
    if path != "-":
        data = read_regular(path, max_size)
    else:
        try:
            if sys.stdin is None:  # started with standard input closed
                raise OSError(errno.EBADF, "closed")
            data = sys.stdin.buffer.read(max_size + 1)
        except OSError as error:
            if error.errno != errno.EBADF:
                raise
            raise OSError(errno.EBADF, "standard input is closed") from None
    return too_large(len(data), max_size) or data


def too_large(size: int, max_size: int) -> Finding | None:
    """The finding for ``size`` bytes over the ``max_size`` limit (None within it): also
    for text that was never a file (the language server's unsaved documents)."""
    if size <= max_size:
        return None
    return Finding(
        "NS008",
        Span.point(1, 1),
        f"the file is larger than the {_size(max_size)} limit and was not parsed; "
        "raise the limit (max-file-size, --max-file-size) if it really is a spec",
    )


_SIZE = r"(\d+)\s*([kmg]i?b?|b)?"
"""Compiled (by re's own cache) when a size is given, not at start-up."""
_SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}
MAX_SIZE_LIMIT = 1024**3
"""The largest ``max-file-size`` (1 GiB): a file is read into memory whole."""


def parse_size(value: object) -> int:
    """``20971520``, ``512KiB`` or ``20MB`` (powers of 1024) as bytes, from 1 byte to
    ``MAX_SIZE_LIMIT``; ValueError (with a message for people) else."""
    if isinstance(value, str):
        match = re.fullmatch(_SIZE, value.strip(), re.IGNORECASE)
        if not match or len(match.group(1)) > 20:
            raise ValueError(f"{_short(value)!r} is not a size (for example 10MiB or 1048576)")
        size = int(match.group(1)) * _SIZE_UNITS[(match.group(2) or "").lower()[:1]]
        shown = repr(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        size = value
        shown = str(value) if abs(value) < 10**20 else "a number of more than 20 digits"
    else:
        raise ValueError(
            f"{_kind(value)} is not a size: write a whole number of bytes (1048576) "
            "or a size such as 10MiB"
        )
    if size < 1:
        raise ValueError(f"{shown} is not a size of at least 1 byte")
    if size > MAX_SIZE_LIMIT:
        raise ValueError(f"{shown} is larger than the largest size nslint reads, 1GiB")
    return size


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


def _kind(value: object) -> str:
    if isinstance(value, float):
        return f"the number {value!r}" if len(repr(value)) <= 40 else "a number"
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    return "a list" if isinstance(value, list) else "a mapping"


def _size(size: int) -> str:
    from nslint.values import counted

    return f"{size / 1048576:g} MiB" if size >= 1048576 else counted(size, "byte")
