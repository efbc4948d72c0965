"""``nslint report``: what a spec repository holds, not only what is wrong in it.

One row per integration (per YAML document): its name and place, state and account
states, authentication methods, public or confidential client, scopes, token hours
(NetSuite's defaults marked as such), redirect URI count and findings by severity. A
summary counts integrations by authentication method, the TBA migrations still to do
(new records, which cannot be created from 2027.1, and existing ones), public clients
and findings by rule, with the days left until the 2027.1 cutoff.

The inventory reads the same files as ``nslint check`` (same discovery, configuration
and rules), parsing each once for both its findings and its facts.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from nslint.diagnostics import Diagnostic, Severity
from nslint.discovery import Missing
from nslint.document import Document, JSONPath
from nslint.engine import inspect_file, internal_error
from nslint.redact import Redaction
from nslint.release import TBA_CUTOFF, Release
from nslint.results import FileResult, Settings
from nslint.schema import integration_schema

METHODS = (
    "TBA",
    "TBA authorization flow",
    "TBA issuetoken endpoint",
    "user credentials",
    "authorization code grant",
    "client credentials grant",
)
_METHOD_PATHS: tuple[tuple[str, JSONPath], ...] = (
    ("TBA", ("token_based_authentication", "enabled")),
    ("TBA authorization flow", ("token_based_authentication", "authorization_flow")),
    ("TBA issuetoken endpoint", ("token_based_authentication", "issuetoken_endpoint")),
    ("user credentials", ("user_credentials",)),
    ("authorization code grant", ("oauth2", "authorization_code_grant")),
    ("client credentials grant", ("oauth2", "client_credentials_grant")),
)
ROLLOUT = {1: (2, 1), 2: (8, 1)}
"""The day a release is assumed to reach accounts: NetSuite rolls out its first-half
release from February and its second-half release from August."""


def release_date(release: Release) -> datetime.date:
    """The assumed first day of ``release`` (``ROLLOUT``)."""
    month, day = ROLLOUT[release.half]
    return datetime.date(release.year, month, day)


class Hours(NamedTuple):
    """A token lifetime in hours, and whether NetSuite's default applies."""

    hours: int | None
    default: bool

    def __str__(self) -> str:
        if self.hours is None:
            return ""
        return f"{self.hours} (default)" if self.default else str(self.hours)


class Integration(NamedTuple):
    """One integration record: one YAML document of a spec."""

    path: str
    line: int
    name: str
    state: str
    accounts: tuple[tuple[str, str], ...]
    """(account ID, its state: its own, or the record's)."""
    methods: tuple[str, ...]
    client: str
    """``public``, ``confidential``, or empty without an OAuth 2.0 grant."""
    scopes: tuple[str, ...]
    refresh: Hours
    rotation: Hours
    redirect_uris: int
    tba_migration: str
    """``new`` (TBA on a record without application_id: blocked from 2027.1),
    ``existing`` (TBA on an existing record), or empty."""
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    def findings(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)


class Inventory(NamedTuple):
    """Every integration of a run, with what the summary needs."""

    integrations: tuple[Integration, ...]
    results: tuple[FileResult, ...]
    """Every file's check result (its findings, and why a file could not be read)."""
    reference: datetime.date
    """The day the days-left count starts from: today, or the start of --release."""
    reference_label: str
    cutoff: datetime.date = release_date(TBA_CUTOFF)

    @property
    def days_left(self) -> int:
        return (self.cutoff - self.reference).days

    def by_method(self) -> dict[str, int]:
        return {m: sum(1 for i in self.integrations if m in i.methods) for m in METHODS}

    def migrations(self) -> dict[str, int]:
        count = Counter(i.tba_migration for i in self.integrations if i.tba_migration)
        return {"new": count["new"], "existing": count["existing"]}

    def public_clients(self) -> int:
        return sum(1 for i in self.integrations if i.client == "public")

    def by_rule(self) -> list[tuple[str, str, Severity, int]]:
        """(code, rule name, severity, count) of every finding, most first."""
        counts: Counter[tuple[str, str, Severity]] = Counter(
            (d.code, d.rule, d.severity) for r in self.results for d in r.diagnostics
        )
        return [
            (code, rule, severity, n)
            for (code, rule, severity), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]

    def by_severity(self) -> dict[Severity, int]:
        counts = Counter(d.severity for r in self.results for d in r.diagnostics)
        return {severity: counts[severity] for severity in sorted(Severity, reverse=True)}

    def errors(self) -> list[str]:
        return [r.error for r in self.results if r.error is not None]

    def assumption(self) -> str:
        return (
            f"Assumes NetSuite {TBA_CUTOFF} reaches accounts on {self.cutoff.isoformat()} "
            f"(first-half releases roll out from February); days are counted from "
            f"{self.reference.isoformat()} ({self.reference_label})."
        )


def collect(found: Iterable[str | Missing], settings: Settings, release_given: bool) -> Inventory:
    """The inventory of the files that discovery found."""
    integrations: list[Integration] = []
    results: list[FileResult] = []
    for item in found:
        if isinstance(item, Missing):
            results.append(FileResult(item.path, error=f"cannot read {item.path}: {item.reason}"))
            continue
        result, documents, redaction = inspect_file(item, settings)
        try:
            integrations.extend(_integrations(item, documents, result.diagnostics, redaction))
        except Exception as error:  # one odd file never costs the others' report
            if settings.debug:
                raise
            result = result._replace(error=internal_error(item, error).error)
        results.append(result)
    if release_given:
        reference = release_date(settings.release)
        label = f"the start of {settings.release}, from --release"
    else:
        reference = datetime.date.today()
        label = "today"
    return Inventory(tuple(integrations), tuple(results), reference, label)


def _integrations(
    path: str,
    documents: Sequence[Document],
    diagnostics: Sequence[Diagnostic],
    redaction: Redaction,
) -> list[Integration]:
    out = []
    for index, doc in enumerate(documents):
        if not isinstance(doc.data, dict):
            continue
        start = doc.root.marks[0] + 1
        end = documents[index + 1].root.marks[0] + 1 if index + 1 < len(documents) else None
        mine = tuple(
            d for d in diagnostics if d.span.line >= start and (end is None or d.span.line < end)
        )
        out.append(_integration(path, doc, mine, redaction))
    return out


def _defaults() -> dict[str, Any]:
    schema = integration_schema()
    oauth2 = schema["properties"]["oauth2"]["properties"]
    return {
        "state": schema["$defs"]["state"]["default"],
        "refresh": oauth2["refresh_token_validity_hours"]["default"],
        "rotation": oauth2["max_token_rotation_hours"]["default"],
    }


_DEFAULTS: dict[str, Any] = {}


def _integration(
    path: str, doc: Document, diagnostics: tuple[Diagnostic, ...], redaction: Redaction
) -> Integration:
    """One integration's facts; any text from the spec that holds a credential (NS501)
    is shown redacted."""
    if not _DEFAULTS:
        _DEFAULTS.update(_defaults())
    data: dict[str, Any] = doc.data
    name = data.get("name")
    given = data.get("state")
    state: str = given if isinstance(given, str) else _DEFAULTS["state"]
    accounts: list[tuple[str, str]] = []
    if isinstance(data.get("accounts"), dict):
        for account, settings in data["accounts"].items():
            own = settings.get("state") if isinstance(settings, dict) else None
            account_state = own if isinstance(own, str) else state
            accounts.append((redaction.text(str(account)), redaction.text(account_state)))
    methods = tuple(m for m, p in _METHOD_PATHS if doc.get(p) is True)
    oauth = any(m.endswith("grant") for m in methods)
    client = (
        ("public" if doc.get(("oauth2", "public_client")) is True else "confidential")
        if oauth
        else ""
    )
    scopes = doc.get(("oauth2", "scopes"))
    uris = doc.get(("oauth2", "redirect_uris"))
    migration = ""
    if "TBA" in methods:
        migration = "existing" if data.get("application_id") is not None else "new"
    return Integration(
        path=path,
        line=doc.key_span(()).line,
        name=redaction.text(name) if isinstance(name, str) else "(no name)",
        state=redaction.text(state),
        accounts=tuple(accounts),
        methods=methods,
        client=client,
        scopes=tuple(redaction.text(s) for s in scopes if isinstance(s, str))
        if isinstance(scopes, list)
        else (),
        refresh=_hours(
            doc, ("oauth2", "refresh_token_validity_hours"), _DEFAULTS["refresh"], oauth
        ),
        rotation=_hours(doc, ("oauth2", "max_token_rotation_hours"), _DEFAULTS["rotation"], oauth),
        redirect_uris=len(uris) if isinstance(uris, list) else 0,
        tba_migration=migration,
        diagnostics=diagnostics,
    )


def _hours(doc: Document, path: JSONPath, default: int, oauth: bool) -> Hours:
    value = doc.get(path)
    if type(value) is int:
        return Hours(value, False)
    return Hours(default, True) if oauth else Hours(None, False)
