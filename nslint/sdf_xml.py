"""Reading a SuiteCloud (SDF) project's XML: its integration objects (``sdf-project``).

In an SDF project an integration record is represented by an *integration custom
object*: ``Objects/<scriptid>.xml`` whose root is ``<integration scriptid="...">``, and
which carries nothing but that script id. ``load`` reads the project's objects, each
with the findings that depend on its file alone (NS700, NS703); ``nslint.sdf`` compares
them with the specs after the run, and ``nslint.sdf_rules`` documents the rules.

The XML is read with the standard library's expat with no DTD at all: a ``<!DOCTYPE``
(and so any entity declaration) is refused before it is read, so no entity is ever
expanded or fetched. Every file is read with ``source.read_regular`` (no FIFO, no
device, at most ``max-file-size``), and a symbolic link leading out of the project is
not followed. What an object holds besides its script id is never shown (``masked``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import NamedTuple

from nslint.diagnostics import Finding, Span
from nslint.errors import UsageError
from nslint.sdf_rules import HAS_FIELDS, INVALID
from nslint.source import read_regular

ROOT = "integration"
OBJECTS = "Objects"
PREFIX = "custinteg"
"""The prefix of an integration object's script id (SDFxml_3719392610)."""
MAX_SCRIPT_ID = 99
"""The longest script id of an integration object, in characters (SDFxml_3719392610)."""
MAX_FILES = 100_000
"""At most this many files of the Objects folder are looked at."""


class SdfObject(NamedTuple):
    """One XML file of the Objects folder that is (or may be) an integration object."""

    path: str
    """As shown: the project path as configured, then ``Objects/...``."""
    stem: str
    """The file name without ``.xml``: SDF requires it to be the script id."""
    script_id: str | None
    """The ``scriptid`` attribute (None if the file could not be read as an object)."""
    span: Span
    """Where the ``scriptid`` attribute stands (where the problem is, if unreadable)."""
    findings: tuple[Finding, ...]
    """NS700 and NS703 findings, which depend on this file alone."""
    text: str
    """The decoded text (empty when unreadable), for the snippet lines."""


class Project(NamedTuple):
    """An SDF project's integration objects, in path order."""

    path: str
    objects: tuple[SdfObject, ...]

    def scripts(self) -> tuple[str, ...]:
        """The script ids a spec may have without NS701: the names of the integration
        objects' files, and of the files that could not be read (already NS700)."""
        return tuple(sorted({obj.stem for obj in self.objects}))


def objects_folder(path: str) -> str:
    """The project's Objects folder: ``PATH/Objects``, or ``PATH/src/Objects`` (the layout
    ``suitecloud project:create`` makes); a ``UsageError`` if there is none."""
    if not os.path.isdir(path):
        raise UsageError(f"sdf-project {path}: not a folder; name the SuiteCloud project folder")
    for candidate in (os.path.join(path, OBJECTS), os.path.join(path, "src", OBJECTS)):
        if os.path.isdir(candidate):
            return os.path.normpath(candidate)
    raise UsageError(
        f"sdf-project {path}: no Objects folder (nor src/Objects); name the SuiteCloud "
        "project folder, the one that holds Objects/"
    )


def load(path: str, max_size: int) -> Project:
    """Read the integration objects of the SDF project at ``path``."""
    folder = objects_folder(path)
    top = os.path.realpath(path)
    objects = []
    count = 0
    for directory, subdirectories, files in os.walk(folder):
        subdirectories.sort()
        for name in sorted(files):
            count += 1
            if count > MAX_FILES:
                raise UsageError(
                    f"sdf-project {path}: more than {MAX_FILES} files in {folder}; "
                    "name the SuiteCloud project folder"
                )
            if not name.lower().endswith(".xml"):
                continue
            found = _read_object(_shown(os.path.join(directory, name)), top, max_size)
            if found is not None:
                objects.append(found)
    return Project(path, tuple(objects))


def _shown(path: str) -> str:
    """``path`` relative to the current directory, as the specs a walk finds are shown."""
    try:
        return os.path.relpath(path)
    except ValueError:  # on another drive (Windows)
        return path


def _read_object(path: str, top: str, max_size: int) -> SdfObject | None:
    """The object in ``path``, or None if the file is some other kind of SDF object."""
    stem = os.path.basename(path)[: -len(".xml")]
    start = Span.point(1, 1)

    def unreadable(message: str, span: Span = start, text: str = "") -> SdfObject:
        return SdfObject(path, stem, None, span, (Finding(INVALID, span, message),), text)

    if os.path.islink(path):
        target = os.path.realpath(path)
        if os.path.commonpath([top, target]) != top:
            return unreadable(
                "the file is a symbolic link to outside the SDF project, so nslint did not "
                "read it; put the object itself in the project"
            )
    try:
        data = read_regular(path, max_size)
    except OSError as error:
        return unreadable(
            f"cannot read the file: {error.strerror or error}; an SDF object is a regular "
            "file nslint can read"
        )
    if len(data) > max_size:
        return unreadable(
            f"the file is larger than max-file-size ({max_size} bytes), so nslint did not "
            "read it; an integration object is one line of XML"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return unreadable(
            f"the file is not UTF-8 text ({error.reason}); SDF object files are UTF-8 XML",
            Span.point(line, 1),
        )
    return _parse(path, stem, text, unreadable)


class _Stop(Exception):
    """Ends the parse: a problem at a position, or (no message) another kind of object."""

    def __init__(self, message: str = "", line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def _parse(
    path: str, stem: str, text: str, unreadable: Callable[[str, Span, str], SdfObject]
) -> SdfObject | None:
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root: list[tuple[dict[str, str], int, int]] = []  # its attributes and position
    children: list[tuple[str, int, int]] = []
    depth = 0

    def where() -> tuple[int, int]:
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    def doctype(*_: object) -> None:
        # expat calls this after the declaration's name: point at its "<!DOCTYPE"
        line, column = where()
        text_line = line_at(split_lines(text), line)
        found = text_line.rfind("<!DOCTYPE", 0, column)
        raise _Stop(
            "the file has a document type declaration (<!DOCTYPE ...>), which an SDF "
            "object never has; nslint does not read DTDs or expand entities: remove it",
            line,
            found + 1 if found >= 0 else column,
        )

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth == 1:
            if name != ROOT:
                raise _Stop()  # another kind of object: not nslint's business
            root.append((attributes, *where()))
        elif depth == 2:
            children.append((name, *where()))

    def end(_: str) -> None:
        nonlocal depth
        depth -= 1

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(text, True)
    except _Stop as stop:
        if not stop.message:
            return None
        return unreadable(stop.message, Span.point(stop.line, stop.column), text)
    except expat.ExpatError as error:
        problem = expat.ErrorString(error.code)
        no_elements = expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS]
        if depth > 0 and error.code == no_elements:  # expat's words for a cut-off file
            problem = f"the file ends before <{ROOT}> is closed"
        return unreadable(
            f"the file is not well-formed XML: {problem}; SDF cannot deploy it: correct the XML",
            Span.point(error.lineno, error.offset + 1),
            text,
        )
    lines = split_lines(text)
    attributes, line, column = root[0]
    element = Span.point(line, column)._replace(end_column=column + 1 + len(ROOT))
    script_id = attributes.get("scriptid")
    if script_id is None:
        return unreadable(
            "the integration object has no scriptid attribute, which SDF requires: write "
            f'<integration scriptid="{stem}">',
            element,
            text,
        )
    span = _attribute_span(lines, line, column, "scriptid") or element
    if not script_id.startswith(PREFIX) or len(script_id) > MAX_SCRIPT_ID:
        return unreadable(
            f"the integration object's scriptid `{script_id}` is not one SDF accepts: an "
            f"integration's script id starts with `{PREFIX}` and is at most "
            f"{MAX_SCRIPT_ID} characters long ({len(script_id)} here); correct it, and the "
            "file's name with it",
            span,
            text,
        )
    if script_id != stem:  # not NS702 too: which of the two names is meant is unknown
        return unreadable(
            f"the integration object's scriptid `{script_id}` is not its file name "
            f"`{stem}.xml`, and SDF requires them to match: rename the file, or "
            "correct the scriptid",
            span,
            text,
        )
    findings: list[Finding] = []
    if children:
        name, child_line, child_column = children[0]
        names = ", ".join(f"<{n}>" for n in dict.fromkeys(c[0] for c in children))
        findings.append(
            Finding(
                HAS_FIELDS,
                Span(child_line, child_column, child_line, child_column + 1 + len(name)),
                f"the integration object `{script_id}` has child elements ({names}), which "
                "SDF ignores: the object stands for the record by its scriptid alone, and "
                "the record's settings are made in NetSuite; remove them, and keep the "
                "settings in the nslint spec",
            )
        )
    return SdfObject(path, stem, script_id, span, tuple(findings), text)


_ATTRIBUTE = r"""([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')"""
"""An attribute (compiled when first used, by ``re``'s cache)."""


def _attribute_span(lines: list[str], line: int, column: int, name: str) -> Span | None:
    """The span of attribute ``name`` (its name to its closing quote) in the start tag
    at ``line`` and ``column`` (1-based), which may run over several lines."""
    row, start = line - 1, column  # just after the "<"
    while row < len(lines):
        text = lines[row]
        end = text.find(">", start)
        stop = len(text) if end < 0 else end
        for match in re.compile(_ATTRIBUTE).finditer(text, start, stop):
            if match.group(1) == name:
                return Span(row + 1, match.start() + 1, row + 1, match.end() + 1)
        if end >= 0:
            return None
        row, start = row + 1, 0
    return None


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as XML counts them (not ``str.splitlines``, which also
    breaks at U+2028, form feeds and other characters XML keeps inside a line)."""
    return re.split(r"\r\n|\r|\n", text)


def line_at(lines: list[str], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


_QUOTED = r""""[^"]*"|'[^']*'"""
_MARKUP = r"(?s)<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<[^>]*>?"


def masked(text: str) -> str:
    """``text`` with every character of content masked (``*``, the line breaks kept, so
    that positions stay): element text, comments, CDATA, and every attribute value but
    ``scriptid``'s. What an object holds besides its script id is never shown: it may be
    a credential copied from the record."""

    def hide(part: str) -> str:
        return re.sub(r"\S", "*", part)

    def tag(match: re.Match[str]) -> str:
        markup = match.group()
        if markup.startswith(("<!--", "<![CDATA[")):
            return hide(markup)
        if markup.startswith("<!"):  # a declaration (<!DOCTYPE, <!ENTITY): its strings
            return re.sub(
                _QUOTED, lambda q: q.group()[0] + hide(q.group()[1:-1]) + q.group()[-1], markup
            )

        def value(attribute: re.Match[str]) -> str:
            if attribute.group(1) == "scriptid":
                return attribute.group()
            quoted = attribute.group(2)
            kept = attribute.group()[: -len(quoted)]
            return kept + quoted[0] + hide(quoted[1:-1]) + quoted[-1]

        return re.sub(_ATTRIBUTE, value, markup)

    pieces = []
    position = 0
    for match in re.finditer(_MARKUP, text):
        pieces.append(hide(text[position : match.start()]))
        pieces.append(tag(match))
        position = match.end()
    pieces.append(hide(text[position:]))
    return "".join(pieces)
