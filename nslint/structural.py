"""The structural rules: what the parse (``parse``) and the schema (``schema``) find.

Their checks live in those two steps; their metadata and documentation live here. It is
over 400 lines because it holds nine rules' documentation (data, each with its example
and source) beside the two fixes they own; splitting it would part rules from their docs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from nslint.diagnostics import Diagnostic, Severity, Span
from nslint.rule import Fix, Rule
from nslint.source import Source

if TYPE_CHECKING:
    from nslint.edits import Edit

SCHEMA_CODE = "NS003"
_BOOLEANS = {"yes": "true", "on": "true", "no": "false", "off": "false"}


def _fix_scopes(
    src: Source, findings: Sequence[Diagnostic], everything: Sequence[Diagnostic]
) -> Iterator[Edit]:
    """NS003's fix: a misnamed scope item replaced with NetSuite's value; only where the
    text is the value itself, plain or quoted (an anchor before it kept): not an alias,
    a tag, an escape or a scalar over several lines."""
    from nslint.edits import Edit, after_anchor, span_range

    scopes = _misnamed_scopes(src)
    for finding in findings:
        names, span = scopes.get(finding.span), finding.span
        if names is None or span.line != span.end_line:
            continue
        start, end = span_range(src, span)
        start = after_anchor(src, start, end)
        text = src.text[start:end]
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
            text = text[1:-1]
        if text == names[0]:  # else an escape, a tag, an alias: not the value as written
            yield Edit(start, end, names[1])


def _misnamed_scopes(src: Source) -> dict[Span, tuple[str, str]]:
    """The items of ``oauth2.scopes`` that name a scope in other words, by span: each
    with the value as read and NetSuite's own value it names."""
    from nslint import parse
    from nslint.schema import meant, scope_choices

    choices = scope_choices()
    found: dict[Span, tuple[str, str]] = {}
    for doc in parse.load(src).documents:
        items = doc.get(("oauth2", "scopes"))
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if isinstance(item, str) and item not in choices:
                right = meant(item, choices)
                if right is not None:
                    found[doc.value_span(("oauth2", "scopes", index))] = (item, right)
    return found


def _fix_booleans(
    src: Source, findings: Sequence[Diagnostic], everything: Sequence[Diagnostic]
) -> Iterator[Edit]:
    """NS004's fix: ``yes``/``no``/``on``/``off`` -> ``true``/``false`` (an anchor
    before the value kept). Where the schema refuses a boolean (a name, a note), ``yes``
    was meant as text: a YAML 1.1 boolean fix would throw the text away, so there is
    none."""
    from nslint.edits import Edit, after_anchor, span_range

    not_booleans = {d.span for d in everything if d.code == SCHEMA_CODE}
    for finding in findings:
        if finding.span in not_booleans:
            continue
        start, end = span_range(src, finding.span)
        start = after_anchor(src, start, end)  # `&name on`: keep the anchor
        new = _BOOLEANS.get(src.text[start:end].lower())
        if new is not None:
            yield Edit(start, end, new)


YAML_SYNTAX = Rule(
    code="NS001",
    name="yaml-syntax",
    severity=Severity.ERROR,
    summary="The file is not valid YAML, or not text at all.",
    doc="""\
## What it does
Reports where the YAML parser (libyaml) stopped: a syntax error, an alias that refers to
no anchor, a recursive alias, a file that is binary (it has a NUL byte) or is not valid
UTF-8 (UTF-16 and UTF-32 are read when the file starts with a byte-order mark).

## Why is this bad?
A file that does not parse cannot be checked at all: nothing after the error is known.
Documents before the error in the same file are still checked.

## Example
```yaml
name: Acme CRM
oauth2:
  scopes: [restlets
```
Use instead:
```yaml
name: Acme CRM
oauth2:
  scopes: [restlets]
```

## Source
YAML 1.1 (https://yaml.org/spec/1.1/), as implemented by libyaml.
""",
    always_on=True,
    tags=("yaml",),
)

DUPLICATE_KEY = Rule(
    code="NS002",
    name="duplicate-key",
    severity=Severity.ERROR,
    summary="A mapping repeats a key.",
    doc="""\
## What it does
Reports a key that appears twice in the same mapping, at the repeated key.

## Why is this bad?
YAML requires keys to be unique, but most loaders (PyYAML among them) silently keep
the last value: the reviewer reads one setting while NetSuite gets another.

## Example
```yaml
oauth2:
  refresh_token_validity_hours: 24
  refresh_token_validity_hours: 720
```
Use instead:
```yaml
oauth2:
  refresh_token_validity_hours: 24
```

## Source
YAML 1.2.2, 3.2.1.1 "Nodes": "the content of a mapping node is an unordered set of
key/value node pairs, with the restriction that each of the keys is unique".
""",
    tags=("yaml",),
)

SCHEMA = Rule(
    code=SCHEMA_CODE,
    name="schema",
    severity=Severity.ERROR,
    summary="The spec breaks the integration spec's JSON Schema.",
    doc="""\
## What it does
Validates each YAML document against `schemas/integration.schema.json` (print it with
`nslint schema`): unknown keys (with the closest allowed key suggested), missing
required keys, wrong types (a quoted `"48"` is a string, never coerced to a number),
values outside an enumeration, lengths and patterns. An empty document, or a file with
no document at all, is reported too. A value written as its label on the form or in
other case (`REST Web Services`, `Always Ask`), or a scope's older name
(`rest_web_services`, `suiteanalytics_connect`, `netsuite_ai_connector_service`), is
told the value it names; `--fix --unsafe-fixes` rewrites such a scope.

## Why is this bad?
Every field mirrors the NetSuite integration record form (Setup > Integration > Manage
Integrations > New). A key NetSuite does not know, or a value of the wrong type, means
the spec does not say what the reviewer thinks it says.

## Example
```yaml
name: Acme CRM
oauth2:
  scope: [restlets]
  refresh_token_validity_hours: "48"
```
Use instead:
```yaml
name: Acme CRM
oauth2:
  scopes: [restlets]
  refresh_token_validity_hours: 48
```

## Source
NetSuite help: "Create Integration Records for Applications to Use OAuth 2.0"
(section_157771733782) for the fields; "Step One GET Request to the Authorization
Endpoint" (section_158081944642) for the scope values. Fields known from third-party
pages only say so in the schema's descriptions. JSON Schema draft 2020-12.
""",
    fix=Fix(_fix_scopes, safe=False, only="a scope written as its form label or an older name"),
    tags=("netsuite", "schema"),
)

YAML_TRUTHY = Rule(
    code="NS004",
    name="yaml-truthy",
    severity=Severity.WARNING,
    summary="A boolean is written as yes/no/on/off/y/n.",
    doc="""\
## What it does
Reports a plain (unquoted) value `yes`, `no`, `on`, `off`, `y` or `n`, in any case.

## Why is this bad?
YAML 1.1 reads these words as booleans, YAML 1.2 reads them as text, and PyYAML reads
`yes` as true but `y` as the text "y". The same spec means different things to
different tools; `true` and `false` mean the same to all of them.

## Example
```yaml
oauth2:
  public_client: yes
```
Use instead:
```yaml
oauth2:
  public_client: true
```

## Source
YAML 1.1 boolean type (https://yaml.org/type/bool.html); YAML 1.2.2, 10.3.2 "Tag
Resolution" (core schema).
""",
    fix=Fix(_fix_booleans, safe=True),
    tags=("yaml",),
)

NON_JSON_VALUE = Rule(
    code="NS005",
    name="non-json-value",
    severity=Severity.WARNING,
    summary="YAML reads a value as something JSON cannot hold (a date, a non-string key...).",
    doc="""\
## What it does
Reports values that YAML reads as types JSON does not have: dates and timestamps
(`2026-01-01`), `!!binary`, sets and ordered maps, `.inf` and `.nan`, and keys that are
not strings (`1234567:` is an integer key, `on:` a boolean one). nslint reads each as
the text that was written and goes on.

## Why is this bad?
Specs are JSON data written in YAML. A tool that reads the spec with another YAML
loader, or converts it to JSON for NetSuite's REST API, gets a date object, a number
key or an error where the author meant text.

## Example
```yaml
accounts:
  1234567:
    state: blocked
```
Use instead:
```yaml
accounts:
  "1234567":
    state: blocked
```

## Source
YAML 1.1 timestamp type (https://yaml.org/type/timestamp.html); RFC 8259 (JSON),
section 4: object names are strings.
""",
    tags=("yaml",),
)

YAML11_NUMBER = Rule(
    code="NS006",
    name="yaml11-number",
    severity=Severity.WARNING,
    summary="A number written in a form only YAML 1.1 reads as a number (1:30, 017, 1_000).",
    doc="""\
## What it does
Reports plain numbers that YAML 1.1 reads in a way YAML 1.2 and JSON do not:
base 60 (`1:30` is 90), a leading zero (`017` is octal 15), `0b` binary and `_`
digit separators.

## Why is this bad?
`refresh_token_validity_hours: 1:30` is read as 90 hours by PyYAML and as the text
"1:30" by YAML 1.2 tools. Say what you mean with a plain decimal number, or quote text.

## Example
```yaml
oauth2:
  max_token_rotation_hours: 0168
```
Use instead:
```yaml
oauth2:
  max_token_rotation_hours: 168
```

## Source
YAML 1.1 integer type (https://yaml.org/type/int.html); YAML 1.2.2, 10.3.2.
""",
    tags=("yaml",),
)

YAML_TAG = Rule(
    code="NS007",
    name="yaml-tag",
    severity=Severity.ERROR,
    summary="A value carries a YAML tag that a spec cannot use (!!python/..., !Custom).",
    doc="""\
## What it does
Reports explicit tags other than the core ones (`!!str`, `!!int`, `!!float`, `!!bool`,
`!!null`, `!!map`, `!!seq`), and a core tag whose value cannot be read as that type.
nslint never constructs objects from tags: the value is read as plain data.

## Why is this bad?
A spec is data. Tags such as `!!python/object/apply:os.system` execute code in unsafe
loaders, and application tags (`!Ref`, `!Secret`) mean nothing to NetSuite.

## Example
```yaml
name: !!python/object/apply:os.system ["id"]
```
Use instead:
```yaml
name: Acme CRM
```

## Source
YAML 1.2.2, 6.9.1 "Node Tags"; PyYAML documentation on `yaml.load` and untrusted input.
""",
    tags=("yaml", "security"),
)

INPUT_LIMIT = Rule(
    code="NS008",
    name="input-limit",
    severity=Severity.ERROR,
    summary="The file exceeds a safety limit (size, nesting depth, alias expansion, "
    "documents or values per file).",
    doc="""\
## What it does
Reports a file larger than the size limit (10 MiB unless `max-file-size` in the
configuration, or `--max-file-size`, says otherwise), nesting deeper than 100 levels,
more than 1,000 documents or 100,000 values (keys, items and collections, as written)
in one file, or aliases that would expand one document beyond 100,000 values (a
"billion laughs" document). What is beyond the limit is not
checked; the rest of the run goes on.

## Why is this bad?
An integration spec is a few dozen lines. Inputs like these are mistakes or attacks,
and expanding them would make every tool that reads the spec hang or run out of memory.

## Example
```yaml
a: &a [x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
# ... and so on
```

## Source
CWE-776: Improper Restriction of Recursive Entity References ("billion laughs").
""",
    always_on=True,
    tags=("yaml", "security"),
)

RULE_ERROR = Rule(
    code="NS009",
    name="rule-error",
    severity=Severity.ERROR,
    summary="A rule's check raised an error, so the file was not fully checked by it.",
    doc="""\
## What it does
Reports a rule whose check raised an exception on a document, or reported a finding
under another rule's code. It names the rule and where it comes from (a plugin, a rule
pack, nslint). The findings of every other rule are still reported. `--debug` shows the
traceback instead.

## Why is this bad?
A check that failed has not checked the file: passing silently would let a spec through
that the rule was meant to stop. The fix is in the rule, not in the spec: report it to
the rule's authors (for a plugin, the package that provides it).

## Example
A plugin rule that assumes `oauth2.scopes` is always a list fails on:
```yaml
name: Acme CRM
oauth2:
  scopes: restlets
```

## Source
nslint's own guarantee: every file gets a complete answer or an error saying why not.
""",
    always_on=True,
    tags=("nslint",),
)

RULES: tuple[Rule, ...] = (
    YAML_SYNTAX,
    DUPLICATE_KEY,
    SCHEMA,
    YAML_TRUTHY,
    NON_JSON_VALUE,
    YAML11_NUMBER,
    YAML_TAG,
    INPUT_LIMIT,
    RULE_ERROR,
)
