"""An example nslint plugin: the spec's file is named after its integration.

nslint loads the entry point ``example`` in the group ``nslint.rules`` (see
pyproject.toml), which refers to ``RULES`` below: a list of ``nslint.rule.Rule``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from typing import Any

from nslint.rule import Context, Document, Finding, Rule, Severity

CODE = "EXA001"
NAME = ("name",)

DOC = """\
## What it does
Reports a spec whose file name is not its `name` in kebab-case (or snake_case, with the
option `style: snake`): `Acme CRM` belongs in `acme-crm.yaml`. Located at the name.
Standard input is not checked.

## Why is this bad?
In a repository of hundreds of specs, reviewers find a record by its name. A file named
after something else is found late, or edited by mistake.

## Example
`specs/crm.yaml`:
```yaml
name: Acme CRM
```
Use instead: rename the file to `specs/acme-crm.yaml`.

## Source
The example plugin's own convention (examples/plugin in the nslint repository).
"""


def expected_stem(name: str, style: str) -> str:
    """``Acme CRM (EU)`` -> ``acme-crm-eu`` (or ``acme_crm_eu``)."""
    separator = "_" if style == "snake" else "-"
    return re.sub(r"[^a-z0-9]+", separator, name.lower()).strip(separator)


def check(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
    name = doc.get(NAME)
    if not isinstance(name, str) or context.path in ("-", "<stdin>"):
        return
    stem, _ = os.path.splitext(os.path.basename(context.path))
    expected = expected_stem(name, options["style"])
    if expected and stem != expected:
        yield Finding(
            CODE,
            doc.value_span(NAME),
            f"the file is named {stem!r} but the integration is {name!r}: rename the file "
            f"to {expected}{os.path.splitext(context.path)[1]}",
        )


RULES = [
    Rule(
        code=CODE,
        name="file-named-after-integration",
        severity=Severity.WARNING,
        summary="The spec's file name is not its integration name in kebab-case.",
        doc=DOC,
        check=check,
        options={"style": "kebab"},
        option_schema={"style": {"enum": ["kebab", "snake"]}},
    )
]
