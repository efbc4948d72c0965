"""Step 3 of a file's journey: validate each document against the JSON Schema (NS003).

Validation uses jsonschema-rs. Each of its errors carries a structured ``kind`` and an
``instance_path``; this module turns them into messages for people, located through
the document's position tree: an unknown key at the key (with the closest allowed key
suggested), a missing key at the mapping's own key, everything else at the value.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import jsonschema_rs

from nslint.diagnostics import Finding, Span, Unfixable
from nslint.document import Document, JSONPath
from nslint.resources import load_json
from nslint.values import close_matches, json_type, kind_name, path_text, show

SCHEMA_FILE = "integration.schema.json"
CODE = "NS003"
REGEX_SIZE_LIMIT = 1024 * 1024
"""The most memory one compiled pattern of a rule pack, plugin or option may take."""


def compile_schema(schema: Any) -> jsonschema_rs.Validator:
    """A validator for a fragment (of a rule pack, a plugin's or a rule's options);
    never fetches a remote ``$ref``. Its errors are ``ValueError``s
    (jsonschema_rs.ValidationError)."""
    import jsonschema_rs  # when a schema is compiled, not at start-up

    # The linear-time regex engine: no pattern in a pack can backtrack catastrophically.
    linear = jsonschema_rs.RegexOptions(size_limit=REGEX_SIZE_LIMIT)
    return jsonschema_rs.validator_for(schema, offline=True, pattern_options=linear)


class Located(Protocol):
    """Data with a locator: a YAML ``Document``, or a table of ``pyproject.toml``."""

    @property
    def data(self) -> Any: ...

    def value_span(self, path: JSONPath) -> Span: ...

    def key_span(self, path: JSONPath) -> Span: ...


class SchemaChecker:
    """One of nslint's JSON Schemas (spec, configuration, rule pack), with messages.

    ``subject`` names the whole document in messages ("the spec"), ``fields`` gives an
    example of its keys for the message about a document that is not a mapping, and
    ``needs`` ends the message about a missing top-level key.
    """

    def __init__(self, schema_file: str, code: str, subject: str, fields: str, needs: str) -> None:
        self.schema: dict[str, Any] = load_json("schemas", schema_file)
        self.code = code
        self.subject = subject
        self.fields = fields
        self.needs = needs
        import jsonschema_rs  # when a schema is needed, not at start-up

        self._validator = jsonschema_rs.validator_for(self.schema)

    def validate(self, document: Located) -> list[Finding]:
        """All violations of one document, as located findings."""
        findings: list[Finding] = []
        for error in self._validator.iter_errors(document.data):
            findings.extend(self._findings(document, error))
        return findings

    def _findings(
        self, document: Located, error: jsonschema_rs.ValidationError
    ) -> Iterator[Finding]:
        code = self.code
        path = json_path(document.data, error.instance_path)
        kind: Any = error.kind
        where = self._where(path)
        value: Any = error.instance
        name = kind.name
        if name == "additionalProperties":
            allowed = sorted(self._subschema(error.schema_path[:-1]).get("properties", {}))
            for key in kind.unexpected:
                yield Finding(
                    code, document.key_span((*path, key)), _unknown_key(key, where, allowed)
                )
        elif name == "required":
            yield Finding(code, document.key_span(path), self._missing_key(kind.property, where))
        elif name == "type":
            span = document.value_span(path)
            yield Finding(code, span, self._type_message(where, kind.types, value, span))
        elif name == "enum":
            yield Finding(
                code, document.value_span(path), _enum_message(where, kind.options, value)
            )
        elif name in ("anyOf", "oneOfNotValid") and (
            choices := const_choices(self._subschema(error.schema_path[:-1]))
        ):
            yield Finding(
                code,
                document.value_span(path),
                _enum_message(where, list(choices), value, choices),
            )
        elif name == "propertyNames":
            key = kind.error.instance
            pattern = getattr(kind.error.kind, "pattern", None)
            rule = f": it must match `{pattern}`" if pattern else ""
            yield Finding(
                code,
                document.key_span((*path, key)),
                f"`{key}` is not a valid key in {where}{rule}"
                + self._schema_hint(error.schema_path[:-1]),
            )
        elif name == "uniqueItems":
            index = _first_repeat(value)
            item = value[index]
            yield Finding(
                code,
                document.value_span((*path, index)),
                f"{where} lists {show(item)} more than once; remove the repeated entry",
            )
        else:
            message = (
                _other_message(where, name, kind, value) or f"{where} breaks the `{name}` rule"
            )
            yield Finding(code, document.value_span(path), message)

    def _where(self, path: JSONPath) -> str:
        return f"`{path_text(path)}`" if path else self.subject

    def _subschema(self, schema_path: list[str | int]) -> dict[str, Any]:
        node: Any = self.schema
        for part in schema_path:
            node = node[part]
        return node if isinstance(node, dict) else {}

    def _schema_hint(self, schema_path: list[str | int]) -> str:
        description = self._subschema(schema_path).get("description")
        return f" ({description})" if description else ""

    def _missing_key(self, key: str, where: str) -> str:
        if where == self.subject:
            return f"{self.subject} has no `{key}`; {self.needs}"
        return f"{where} has no `{key}`, which is required there"

    def _type_message(self, where: str, expected: list[str], value: Any, span: Span) -> str:
        wanted = " or ".join(kind_name(t) for t in expected)
        if where == self.subject:
            return f"{where} must be a mapping of fields ({self.fields}), not {_found(value)}"
        message = f"{where} must be {wanted}, not {_found(value)}"
        if isinstance(value, str):
            message += _text_hint(value, expected, span)
        elif value is None:
            message += "; give it a value or remove the key"
        return message


def integration_schema() -> dict[str, Any]:
    """The integration spec's JSON Schema, as shipped in ``schemas/`` (a copy: callers
    may change it without changing what specs are checked against)."""
    import copy  # only ``nslint schema`` and the docs: not a check's start-up

    return copy.deepcopy(_spec_checker().schema)


@functools.cache
def _spec_checker() -> SchemaChecker:
    return SchemaChecker(
        SCHEMA_FILE, CODE, "the spec", "name, oauth2, ...", "every integration record needs it"
    )


def scope_choices() -> dict[str, str]:
    """The scope values of ``oauth2.scopes``, each with its label on the form."""
    scopes = _spec_checker().schema["properties"]["oauth2"]["properties"]["scopes"]
    return const_choices(scopes["items"])


def warm() -> None:
    """Compile the spec schema now (before worker processes are forked)."""
    _spec_checker()


def validate(document: Document) -> list[Finding]:
    """All schema violations of one integration spec document (NS003)."""
    if document.data is None:
        return [
            Finding(
                CODE,
                document.value_span(()),
                "the document is empty: an integration spec is a mapping with at least `name`",
            )
        ]
    findings = _spec_checker().validate(document)
    if not findings:
        return findings
    # Only a scope written in other words has a fix (NS003's ``Fix.only``): the others
    # are Unfixable, so that the summary counts the fixes there are.
    scopes = document.get(("oauth2", "scopes"))
    misnamed = set()
    if isinstance(scopes, list):
        choices = scope_choices()
        misnamed = {
            document.value_span(("oauth2", "scopes", index))
            for index, item in enumerate(scopes)
            if isinstance(item, str) and item not in choices and meant(item, choices)
        }
    return [f if f.span in misnamed else Unfixable(*f) for f in findings]


def json_path(data: Any, instance_path: list[str | int]) -> JSONPath:
    """jsonschema-rs writes a numeric mapping key as an int: make it the str it is."""
    path: list[str | int] = []
    node = data
    for part in instance_path:
        if isinstance(node, dict):
            part = str(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        path.append(part)
    return tuple(path)


def _unknown_key(key: str, where: str, allowed: list[str]) -> str:
    message = f"unknown key `{key}` in {where}"
    close = close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean `{close[0]}`?"
    if allowed:
        return f"{message}; the keys allowed here are " + ", ".join(f"`{k}`" for k in allowed)
    return message


def _found(value: Any) -> str:
    if isinstance(value, bool):
        return f"a boolean ({show(value)})"  # not kind_name's "a boolean (true or false)"
    found = kind_name(json_type(value))
    if value is None or isinstance(value, (dict, list)):
        return found
    return f"{found} ({show(value)})"


def _text_hint(text: str, expected: list[str], span: Span) -> str:
    """What to write instead of ``text`` where a boolean or a number is expected: the
    quotes are mentioned only where there are some (a plain scalar such as ``1e3`` or
    ``09`` is text to YAML too)."""
    # A plain scalar on one line is its text exactly; quotes or escapes make it wider.
    plain = span.line == span.end_line and span.end_column - span.column == len(text)
    if "boolean" in expected and text in ("true", "false"):
        return "" if plain else "; remove the quotes"
    if "integer" not in expected and "number" not in expected:
        return ""
    number = _plain_number(text, integer="number" not in expected)
    if number is None:
        return ""
    if plain:
        return f"; YAML 1.1 reads `{text}` as text, not as a number: write {number}"
    if number == text:
        return "; remove the quotes"
    return f"; write the plain number {number}"


def _plain_number(text: str, integer: bool) -> str | None:
    """The number ``text`` means, as YAML reads it unquoted (``1000`` for ``1e3``, ``9``
    for ``09``), or None if it is not a finite number (of the kind wanted)."""
    if "_" in text:
        return None  # Python reads 1_000, YAML 1.2 and JSON do not
    try:
        number = float(text)
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    if number.is_integer() and abs(number) < 2**53:
        return str(int(number))
    shown = repr(number)
    return None if integer or "e" in shown else shown


def const_choices(subschema: dict[str, Any]) -> dict[str, str]:
    """The values an ``anyOf``/``oneOf`` of ``const`` schemas allows (an enum whose every
    value has its own ``title`` and ``description`` for editors), each with its title
    ('' if none); empty if ``subschema`` is not of that form."""
    members = subschema.get("anyOf", subschema.get("oneOf"))
    if not isinstance(members, list) or not members:
        return {}
    if not all(isinstance(m, dict) and isinstance(m.get("const"), str) for m in members):
        return {}
    return {m["const"]: str(m.get("title", "")) for m in members}


def _folded(text: str) -> str:
    """``text`` compared without case, spaces, ``_`` or ``-``: `REST Web Services`,
    `rest_web_services` and `rest-webservices` are the same word."""
    return "".join(c for c in text.casefold() if c.isalnum())


def meant(value: str, choices: dict[str, str]) -> str | None:
    """The choice ``value`` names in other words: the choice itself or its title, written
    in other case or with other separators (None if it names none)."""
    folded = _folded(value)
    for choice, title in choices.items():
        if folded in (_folded(choice), _folded(title)):
            return choice
    return None


def _enum_message(
    where: str, options: list[Any], value: Any, titles: dict[str, str] | None = None
) -> str:
    allowed = ", ".join(f"`{option}`" for option in options)
    message = f"{where} must be one of {allowed}, not {show(value)}"
    if isinstance(value, str):
        names = titles or {str(o): "" for o in options}
        close = meant(value, names) or next(
            iter(close_matches(value, list(names), n=1, cutoff=0.6)), None
        )
        if close:
            title = names.get(close)
            message += f"; did you mean `{close}`" + (f" ({title})?" if title else "?")
    return message


def _first_repeat(items: list[Any]) -> int:
    seen: list[Any] = []
    for index, item in enumerate(items):
        if any(item == other and type(item) is type(other) for other in seen):
            return index
        seen.append(item)
    return len(items) - 1


def _other_message(where: str, name: str, kind: Any, value: Any) -> str | None:
    if name in ("minLength", "maxLength"):
        limit = kind.limit
        if name == "minLength" and limit == 1:
            return f"{where} must not be empty"
        bound = "at least" if name == "minLength" else "at most"
        return f"{where} must be {bound} {limit} characters long; it is {len(value)}"
    if name == "pattern":
        return f"{where} must match the pattern `{kind.pattern}`, not {show(value)}"
    if name in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        relation = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }[name]
        return f"{where} must be {relation} {kind.limit}, not {show(value)}"
    if name in ("anyOf", "oneOfNotValid"):
        return f"{where} matches none of the forms allowed here ({_found(value)})"
    return None
