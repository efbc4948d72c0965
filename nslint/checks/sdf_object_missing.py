"""## What it does
With `sdf-project` set, reports a spec whose `script_id` has no
`Objects/<script_id>.xml` integration object in the SuiteCloud (SDF) project, at the
`script_id` value. A spec without `script_id` is not reported, nor is one whose object
file exists but cannot be read (that is NS700, in the XML file).

## Why is this bad?
A SuiteApp refers to an integration record through its integration SDF custom object:
a record whose object is missing is not part of the project, so deploying the project
does not bring it along.

## Example
```yaml
name: Acme CRM
script_id: custinteg_acme_crm   # and no Objects/custinteg_acme_crm.xml
```
Use instead: add `Objects/custinteg_acme_crm.xml` to the SDF project:
```xml
<integration scriptid="custinteg_acme_crm"/>
```

## Source
NetSuite help: "Integration Records as XML Definitions" (section_160079429000): "SDF
supports referencing integration records from a SuiteCloud project by defining the
integration SDF custom object."; "SDF Custom Object File Structure"
(subsect_1537555588): "The script ID for an SDF custom object must match that object's
XML filename."
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from nslint.diagnostics import Finding, Severity
from nslint.document import Document
from nslint.rule import Context, Rule

CODE = "NS701"
_SCRIPT_ID = ("script_id",)


def check(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
    scripts = context.sdf_scripts
    if scripts is None:
        return
    script_id = doc.get(_SCRIPT_ID)
    if isinstance(script_id, str) and script_id not in scripts:
        yield Finding(
            CODE,
            doc.value_span(_SCRIPT_ID),
            f"`script_id` {script_id} has no integration object in the SDF project: add "
            f'Objects/{script_id}.xml (<integration scriptid="{script_id}"/>), or correct '
            "the script_id",
        )


RULE = Rule(
    code=CODE,
    name="sdf-object-missing",
    severity=Severity.WARNING,
    summary="A spec's script_id has no integration object in the SDF project (sdf-project).",
    doc=__doc__ or "",
    check=check,
    tags=("netsuite", "sdf"),
)
