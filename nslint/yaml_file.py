"""Read one of nslint's own YAML files (a configuration or a rule pack) with positions.

These files go through the same parse as specs, so that every problem in them, from a
syntax error or a duplicate key to a value their JSON Schema refuses, is reported as a
``UsageError`` at its file, line and column.
"""

from __future__ import annotations

from nslint import parse, source
from nslint.diagnostics import Finding
from nslint.document import Document, LocatedNode
from nslint.errors import UsageError, at
from nslint.schema import SchemaChecker

MAX_SIZE = 1024 * 1024

# Problems a spec may have but that nslint's own files are allowed to have: YAML 1.1
# booleans and number forms are read as YAML 1.1 reads them (``release: 2027.1``).
_TOLERATED = frozenset({"NS004", "NS006"})


def read(path: str, what: str, checker: SchemaChecker | None, empty_ok: bool = False) -> Document:
    """The single YAML document in ``path``, valid against ``checker``'s schema (no
    schema check without a checker: nslint's own built-in pack, checked by its tests).

    With ``empty_ok``, a file with no document (or only comments) reads as ``{}``.
    """
    try:
        data = source.read(path, MAX_SIZE)
    except OSError as error:
        raise UsageError(f"cannot read {what} {path}: {error.strerror or error}") from None
    if isinstance(data, Finding):
        raise UsageError(f"{path}: the {what} is larger than {MAX_SIZE // 1024 // 1024} MiB")
    decoded = source.decode(data)
    if isinstance(decoded, Finding):
        raise UsageError(at(path, decoded.span, decoded.message))
    loaded = parse.load(decoded)
    problems = [p for p in loaded.problems if p.code not in _TOLERATED]
    if not problems and len(loaded.documents) != 1:
        count = len(loaded.documents)
        if count == 0 and empty_ok:
            return Document({}, LocatedNode((0, 0, 0, 0), {}))
        if count == 0:
            raise UsageError(f"{path}: the {what} is empty")
        raise UsageError(f"{path}: a {what} is one YAML document, not {count}")
    if not problems and checker is not None:
        problems = checker.validate(loaded.documents[0])
    if problems:
        raise UsageError("\n".join(at(path, p.span, p.message) for p in problems))
    return loaded.documents[0]
