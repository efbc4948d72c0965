"""Text that comes from data (file names, spec text) made safe to print or render.

A file name or a spec is untrusted input. Printed as it is, it could drive the terminal
(ESC and OSC sequences), hide or reorder text (bidirectional controls), start a line of
its own (CR, LF, NEL, U+2028) or run a GitHub Actions workflow command: the runner
executes a line that starts with ``::`` after leading white space, and the legacy form
``##[command]`` anywhere in a line. And it may not even be text: a file name that is not
UTF-8 reaches Python as surrogate escapes, which cannot be written out at all.

* ``escape``: for terminals and logs. C0 and C1 control characters, DEL, U+2028/U+2029,
  bidirectional controls and lone surrogates become ``\\xNN`` / ``\\uNNNN`` (a byte of a
  non-UTF-8 file name is shown as the byte, ``\\xff``), as does the bracket of ``##[``
  and ``##vso[``. Each character's escape depends only on what precedes it, so the escape
  of a prefix is a prefix of the escape (the text format's caret relies on it).
* ``path``: ``escape``, and ``./`` before a relative path that would start a line with
  ``::``; ``line_start`` escapes the first colon instead, for text that is not a path.
* ``json_text``: JSON with the same dangerous characters as ``\\uNNNN`` escapes (the
  parsed value is unchanged) and surrogate escapes in their printed form, so that the
  document is valid UTF-8 JSON.
* ``markdown``: ``escape``, then every Markdown metacharacter backslash-escaped, so the
  text renders as itself: no link, image, HTML, emphasis or table cell break.
"""

from __future__ import annotations

import json
import re

_BEYOND_C0 = "\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
"""DEL, C1, Arabic letter mark, LRM/RLM, line/paragraph separators, bidi embeddings,
overrides and isolates, and surrogates."""
_COMMAND = r"##[A-Za-z]*\["
"""The legacy workflow command ``##[name ...]`` (and Azure's ``##vso[``, TeamCity's
``##teamcity[``): its bracket is escaped."""
# Pattern texts, compiled on first use (by re's own cache), not when nslint starts.
_UNSAFE = f"[\x00-\x1f{_BEYOND_C0}]|{_COMMAND}"
_UNSAFE_BUT_TAB = f"[\x00-\x08\x0a-\x1f{_BEYOND_C0}]|{_COMMAND}"
_JSON_UNSAFE = f"[{_BEYOND_C0}]|{_COMMAND}"  # JSON escapes C0 itself
_MARKDOWN = r"[\\`*_{}\[\]()#+\-.!|<>~:@&$]"


def _escaped(char: str) -> str:
    if len(char) > 1:  # a command's ##name[
        return char[:-1] + "\\x5b"
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str, tabs: bool = False) -> str:
    """``text`` safe for a terminal or a CI log, on one line (see the module); with
    ``tabs``, a tab is kept (source text, where it is one)."""
    if text.isprintable() and "##" not in text:
        # Almost every line: every character the patterns escape is one that Python
        # counts as unprintable (Cc, Cf, Cs, Zl, Zp), and a command starts with ##.
        return text
    return re.sub(_UNSAFE_BUT_TAB if tabs else _UNSAFE, lambda m: _escaped(m.group()), text)


def line_start(text: str) -> str:
    """``escape``, and the first colon escaped where the line would start with ``::``."""
    shown = escape(text)
    stripped = shown.lstrip()
    if not stripped.startswith("::"):
        return shown
    at = len(shown) - len(stripped)
    return f"{shown[:at]}\\x3a{shown[at + 1 :]}"


def path(name: str) -> str:
    """A file name as printed: ``escape``, and ``./`` before a relative path that would
    start a line with ``::`` (it still names the same file)."""
    shown = escape(name)
    return "./" + shown if shown.lstrip().startswith("::") else shown


def unicode(text: str) -> str:
    """``text`` with the bytes of a non-UTF-8 name (surrogate escapes) as ``\\xNN``: the
    least change that makes it writable as UTF-8 (for files nslint reads back)."""
    return re.sub("[\ud800-\udfff]", lambda m: _escaped(m.group()), text)


def _json_escaped(match: re.Match[str]) -> str:
    char = match.group()
    if len(char) > 1:  # a command's ##name[
        return char[:-1] + "\\u005b"
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:  # inside a JSON string: its backslash escaped
        return "\\" + _escaped(char)
    return f"\\u{code:04x}"


def json_text(document: object) -> str:
    """``document`` as indented JSON, safe to print (see the module), with a newline."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if text.isascii() and "\x7f" not in text and "##" not in text:
        # The usual document: every character the pattern escapes is DEL or beyond
        # ASCII, and a command starts with ##. (Compiling the pattern, with its ranges
        # of code points, costs 2.5 M instructions: more than a one-file check's rules.)
        return text + "\n"
    return re.sub(_JSON_UNSAFE, _json_escaped, text) + "\n"


def markdown(text: object) -> str:
    """Text (from a spec, or a file name) that renders as itself in Markdown, even in a
    table cell."""
    return re.sub(_MARKDOWN, lambda m: "\\" + m.group(), escape(str(text)))
