"""## What it does
Reports a Maximum Time For Token Rotation shorter than the Refresh Token Validity. A
field that is left out takes NetSuite's default (48 hours of validity, 168 hours of
rotation). Located at `max_token_rotation_hours`, or at `refresh_token_validity_hours`
when the rotation is left at its default.

A whole number written as a float (`240.0`) counts as that number, as it does for the
JSON Schema (where `240.0` is an integer, so NS003 accepts it); the message then also
asks for the integer (`240`), which is what the form holds.

## Why is this bad?
When the rotation time runs out the user must authorize again, whatever the refresh
token's own validity says: refresh tokens cannot live as long as configured, and the
spec promises a lifetime the integration will not get.

## Example
```yaml
oauth2:
  refresh_token_validity_hours: 240
  max_token_rotation_hours: 72
```
Use instead:
```yaml
oauth2:
  refresh_token_validity_hours: 72
  max_token_rotation_hours: 168
```

## Source
NetSuite 2025.2 release notes, "Authentication" (section_158921905537), "Update to the
OAuth 2.0 Refresh Token Validity" (read on a third-party copy of Oracle's help, the
Adaptavist-hosted mirror): the refresh token validity of the authorization code grant
flow can be changed. The defaults (48 and 168 hours) and the field names "Refresh Token
Validity (In Hours)" and "Maximum Time For Token Rotation (In Hours)" come from
third-party descriptions of the form only (netsuitechangelog.com, Gumloop's docs), which
agree with each other; no Oracle text with them was found.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from nslint.diagnostics import Finding, Severity
from nslint.document import Document
from nslint.rule import Context, Rule
from nslint.values import counted

CODE = "NS203"
DEFAULT_VALIDITY, DEFAULT_ROTATION = 48, 168
VALIDITY = ("oauth2", "refresh_token_validity_hours")
ROTATION = ("oauth2", "max_token_rotation_hours")


def _hours(value: Any) -> int | None:
    """A whole number of hours: an int, or a float such as ``240.0`` (a JSON Schema
    integer too); None for anything else (NS003 reports it)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _as_floats(doc: Document) -> str:
    """The hint for hours written as floats (``240.0``): '' when none is."""
    written = [
        f"{int(value)}, not {value!r}"
        for value in (doc.get(VALIDITY), doc.get(ROTATION))
        if isinstance(value, float)
    ]
    return f"; write whole hours as integers ({'; '.join(written)})" if written else ""


def check(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
    if not isinstance(doc.get(("oauth2",)), dict):
        return
    validity = _hours(doc.get(VALIDITY, DEFAULT_VALIDITY))
    rotation = _hours(doc.get(ROTATION, DEFAULT_ROTATION))
    if validity is None or rotation is None or rotation >= validity:
        return
    rotation_set = doc.get(ROTATION) is not None
    validity_text = counted(validity, "hour") + (
        "" if doc.get(VALIDITY) is not None else ", the default"
    )
    rotation_text = counted(rotation, "hour") + ("" if rotation_set else ", NetSuite's default")
    yield Finding(
        CODE,
        doc.value_span(ROTATION if rotation_set else VALIDITY),
        f"Maximum Time For Token Rotation ({rotation_text}) is shorter than Refresh Token "
        f"Validity ({validity_text}), so refresh tokens cannot live as long as configured; "
        f"raise the rotation time or lower the validity{_as_floats(doc)}",
    )


RULE = Rule(
    code=CODE,
    name="token-rotation-below-refresh-validity",
    severity=Severity.WARNING,
    summary="The maximum time for token rotation is shorter than the refresh token validity.",
    doc=__doc__ or "",
    check=check,
    tags=("netsuite", "oauth2", "tokens"),
)
