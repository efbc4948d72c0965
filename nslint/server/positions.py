"""Positions between nslint and a language client.

nslint counts lines as libyaml does (CR, LF, CRLF, and YAML 1.1's NEL, LS and PS) and
columns in Unicode code points; a Language Server Protocol client counts lines broken
by CR, LF and CRLF only, and columns in the code units of the position encoding agreed
at initialization (UTF-16 unless both sides chose otherwise). A position travels as an
offset into the text: nslint's (line, column) to an offset (``Source.offset``), then
the offset to the client's (line, character), and back.
"""

from __future__ import annotations

import bisect
import re

from nslint.diagnostics import Span
from nslint.source import Source

_LSP_BREAK = re.compile("\r\n|[\r\n]")
BOM = "\ufeff"


def _units_utf16(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _units_utf8(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


_UNITS = {"utf-16": _units_utf16, "utf-8": _units_utf8, "utf-32": len}


class LineIndex:
    """The client's view of one document's text: where its lines start, and how many
    code units a piece of a line takes.

    ``source`` is nslint's view of the same text (without the byte-order mark, which
    the client counts as one character of its first line)."""

    __slots__ = ("_starts", "_units", "bom", "source", "text")

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.bom = 1 if text.startswith(BOM) else 0
        self.source = Source(text[self.bom :])
        self._starts = [0, *(m.end() for m in _LSP_BREAK.finditer(text))]
        self._units = _UNITS.get(encoding, _units_utf16)

    def _line_end(self, line: int) -> int:
        """The offset of the end of 0-based ``line``, before its line break."""
        if line + 1 >= len(self._starts):
            return len(self.text)
        end = self._starts[line + 1]
        text = self.text
        if text[end - 2 : end] == "\r\n":
            return end - 2
        return end - 1

    def position(self, offset: int) -> tuple[int, int]:
        """The client's 0-based (line, character) of an offset into the text."""
        line = bisect.bisect_right(self._starts, offset) - 1
        start = self._starts[line]
        return line, self._units(self.text[start:offset])

    def offset(self, line: int, character: int) -> int:
        """The offset of the client's 0-based (line, character); a character past the
        end of the line is its end, a line past the last is the end of the text."""
        if line < 0:
            return 0
        if line >= len(self._starts):
            return len(self.text)
        start, end = self._starts[line], self._line_end(line)
        if self._units is len:
            return min(start + max(character, 0), end)
        units, count = self._units, 0
        for index in range(start, end):
            if count >= character:
                return index
            count += units(self.text[index])
        return end

    def from_nslint(self, line: int, column: int) -> tuple[int, int]:
        """The client's (line, character) of nslint's 1-based ``line`` and ``column``. A
        column past the end of its line (a point after the last character) keeps its
        distance, as the client's clamping expects."""
        text = self.source.line(line)
        within = min(column - 1, len(text))
        start = self.source.offset(line, 1)
        client_line, character = self.position(self.bom + start + within)
        return client_line, character + (column - 1 - within)

    def span(self, span: Span) -> tuple[tuple[int, int], tuple[int, int]]:
        """The client's start and end of nslint's ``span``."""
        return self.from_nslint(span.line, span.column), self.from_nslint(
            span.end_line, span.end_column
        )

    def source_offset(self, line: int, character: int) -> int:
        """The offset into ``source.text`` of the client's (line, character)."""
        return max(self.offset(line, character) - self.bom, 0)

    def from_source_offset(self, offset: int) -> tuple[int, int]:
        """The client's (line, character) of an offset into ``source.text``."""
        return self.position(offset + self.bom)
