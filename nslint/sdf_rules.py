"""The rules of a SuiteCloud (SDF) project beside the specs (``sdf-project``): NS700,
NS702 and NS703, documented here for the registry.

Their findings are made outside the per-spec journey: NS700 and NS703 while the
project's XML is read (``nslint.sdf_xml``), NS702 after every spec's result is known
(``nslint.sdf``). NS701, a rule on the spec, is ``nslint/checks/sdf_object_missing.py``.
"""

from __future__ import annotations

from nslint.diagnostics import Severity
from nslint.rule import Rule

INVALID = "NS700"
WITHOUT_SPEC = "NS702"
HAS_FIELDS = "NS703"

RULES: tuple[Rule, ...] = (
    Rule(
        code=INVALID,
        name="sdf-object-invalid",
        severity=Severity.ERROR,
        summary="A file of the SDF project's Objects folder cannot be read as an "
        "integration object.",
        doc="""\
## What it does
With `sdf-project` set, reports an XML file of the project's `Objects` folder that nslint
cannot read as an integration object: XML that is not well-formed (at the position
where the parser stopped), a document type declaration (`<!DOCTYPE`, never read: no
entity is expanded), text that is not UTF-8, a file larger than `max-file-size`, a FIFO
or device, a symbolic link leading out of the project, an `<integration>` without its
`scriptid` attribute, a `scriptid` that does not start with `custinteg` or is longer
than 99 characters, or a `scriptid` that is not the file's name. Files whose root
element is some other kind of SDF object are not looked at further.

## Why is this bad?
SDF cannot deploy an object it cannot read, and nslint cannot compare it with the specs.
SDF requires an object's script ID to match its XML file name.

## Example
```xml
<integration scriptid="custinteg_acme_crm">
```
Use instead:
```xml
<integration scriptid="custinteg_acme_crm"/>
```

## Source
NetSuite help: "SDF Custom Object File Structure" (subsect_1537555588): "The script ID
for an SDF custom object must match that object's XML filename."; "integration"
(SDFxml_3719392610): the `scriptid` attribute is required, "can be up to 99
characters long", and its default value (the prefix) is 'custinteg'; "SDF Custom Object
File Structure": "The correct prefix must be used for its object type."; XML 1.0, section 2.1
"Well-Formed XML Documents".
""",
        tags=("netsuite", "sdf"),
    ),
    Rule(
        code=WITHOUT_SPEC,
        name="sdf-object-without-spec",
        severity=Severity.WARNING,
        summary="An integration object of the SDF project has no spec with its script id.",
        doc="""\
## What it does
With `sdf-project` set, reports an integration object (`Objects/<scriptid>.xml`) whose
script id no spec of the run has, in the XML file at the `scriptid` attribute. Only the
specs checked in the same run count: check them all at once.

## Why is this bad?
The object carries nothing but the script id: the integration record's settings live
only in NetSuite, unreviewed, unless a spec describes them.

## Example
```xml
<integration scriptid="custinteg_acme_crm"/>
```
and no spec with `script_id: custinteg_acme_crm`. Add one:
```yaml
name: Acme CRM
script_id: custinteg_acme_crm
```

## Source
NetSuite help: "Integration Records as XML Definitions" (section_160079429000): "The
integration SDF custom object represents the integration record by its scriptid
attribute value, but the SDF custom object does not contain any fields or data."
""",
        tags=("netsuite", "sdf"),
    ),
    Rule(
        code=HAS_FIELDS,
        name="sdf-object-has-fields",
        severity=Severity.WARNING,
        summary="An integration object of the SDF project has child elements, which SDF ignores.",
        doc="""\
## What it does
With `sdf-project` set, reports an integration object with child elements, at the first
of them; the message names them all. The snippet shows no element's content.

## Why is this bad?
The integration object holds only its script id: fields written in it (a name, grants,
redirect URIs) are not deployed, so whoever reads them is misled.

## Example
```xml
<integration scriptid="custinteg_acme_crm">
  <name>Acme CRM</name>
</integration>
```
Use instead:
```xml
<integration scriptid="custinteg_acme_crm"/>
```
and keep the settings in the spec.

## Source
NetSuite help: "Integration Records as XML Definitions" (section_160079429000): "the
SDF custom object does not contain any fields or data"; "integration"
(SDFxml_3719392610).
""",
        tags=("netsuite", "sdf"),
    ),
)
