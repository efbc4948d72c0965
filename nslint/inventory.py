"""``nslint report``: what a spec repository holds, not only what is wrong in it.

One row per integration (per YAML document): its name and place, state and account
states, authentication methods, public or confidential client, scopes, token hours
(NetSuite's defaults marked as such), redirect URI count and findings by severity. A
summary counts integrations by authentication method, the TBA migrations still to do
(new records, which cannot be created from 2027.1, and existing ones), public clients
and findings by rule, with the releases left until the 2027.1 cutoff, and lists every
file (or document) that could not be read as an integration with its findings.

The cutoff is a release, not a date. NetSuite help, "Authentication" in the 2026.2
release notes (section_158921905537): "As of NetSuite 2027.1, you won't be able to create
new integrations that use TBA for authentication." (read as quoted by a third-party
guide, Apideck's "NetSuite TBA to OAuth 2.0 Migration Guide"; the TBA sections the checks
cite say the same). Oracle publishes no calendar date for it: accounts move to a release
in phases ("Bundle Support during NetSuite Release Phasing", section_N3382536), each on
the date its New Release portlet shows ("Scheduled Version Upgrade Dates and Refresh
Requests", subsect_162577313831). So the countdown is in releases, from the one current
today (January-June is YYYY.1, July-December YYYY.2, as ``Release.on`` counts), never in
days to an invented date.

The inventory reads the same files as ``nslint check`` (same discovery, configuration
and rules), parsing each once for both its findings and its facts.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from nslint import values
from nslint.diagnostics import Diagnostic, Severity
from nslint.discovery import Missing
from nslint.document import Document, JSONPath
from nslint.engine import check, internal_error, unreadable
from nslint.redact import Redaction
from nslint.release import TBA_CUTOFF, Release
from nslint.results import FileResult, Settings
from nslint.schema import integration_schema

SYNTAX = "NS001"
"""The parse stopped (``yaml-syntax``): what follows was not read."""

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


def today() -> datetime.date:
    """The clock the countdown reads (tests replace it)."""
    return datetime.date.today()


def releases_between(start: Release, end: Release) -> int:
    """How many releases from ``start`` to ``end`` (negative when ``end`` is past)."""
    return (end.year * 2 + end.half) - (start.year * 2 + start.half)


class Hours(NamedTuple):
    """A token lifetime as the spec has it, or NetSuite's default where it has none."""

    value: object
    """The hours (an integer), or whatever else the spec holds there (``"48"``), or
    None where the spec has nothing and no default applies."""
    default: bool
    """True when the spec leaves the field out and NetSuite's default applies."""
    shown: str
    """How a report shows it: ``24``, ``48 (default)``, ``"48"`` (a string: invalid)."""

    @property
    def hours(self) -> int | None:
        """The hours when they are an integer (for sorting), else None."""
        return self.value if type(self.value) is int else None

    def __str__(self) -> str:
        return self.shown


NO_HOURS = Hours(None, False, "")


class Unread(NamedTuple):
    """A file, or part of one, that could not be read as an integration: why, with the
    findings that say so (a syntax error, an encoding, a size limit, not a mapping)."""

    path: str
    error: str | None
    """Set when the file could not be read at all (it is missing, or nslint failed)."""
    diagnostics: tuple[Diagnostic, ...]


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
    unread: tuple[Unread, ...]
    """The files (or documents) that could not be read as integrations, in file order."""
    today: datetime.date
    """The day the countdown starts from."""
    cutoff: Release = TBA_CUTOFF

    @property
    def current(self) -> Release:
        """The release current on ``today``."""
        return Release.on(self.today)

    @property
    def releases_left(self) -> int:
        """Releases from the current one to the cutoff: 1 when it is the next."""
        return releases_between(self.current, self.cutoff)

    def countdown(self) -> str:
        """Where today stands against the cutoff, in releases."""
        left, cutoff, current = self.releases_left, self.cutoff, self.current
        if left > 0:
            return (
                f"{values.counted(left, 'release')} until the {cutoff} cutoff "
                f"({current} is current today)."
            )
        if left == 0:
            return (
                f"The {cutoff} cutoff is the release current today: an account upgraded "
                "to it cannot create new TBA integrations."
            )
        return (
            f"The {cutoff} cutoff has passed ({current} is current today): no new TBA "
            "integration can be created."
        )

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
            f"NetSuite names no date for the {self.cutoff} cutoff: each account moves to a "
            "release on the date its New Release portlet shows. Releases are counted from "
            f"{self.current}, current on {self.today.isoformat()} (January-June is YYYY.1, "
            "July-December YYYY.2)."
        )


class Facts(NamedTuple):
    """One file's part of the inventory, made in a worker or read from the cache: its
    check result, its integrations, and the findings that belong to none of them."""

    result: FileResult
    integrations: tuple[Integration, ...] = ()
    rest: tuple[Diagnostic, ...] = ()


def facts(item: str | Missing, settings: Settings) -> Facts:
    """The inventory facts of one file that discovery found (parsed once for its
    findings and its facts)."""
    if isinstance(item, Missing):
        return Facts(unreadable(item.path, item.reason))
    checked = check(item, settings, documents=True)
    result = checked.result
    try:
        mine, rest = _integrations(item, checked.documents, result.diagnostics, checked.redaction)
    except Exception as error:  # one odd file never costs the others' report
        if settings.debug:
            raise
        result = result._replace(error=internal_error(item, error).error)
        mine, rest = [], list(result.diagnostics)
    return Facts(result, tuple(mine), tuple(rest))


def collect(
    found: Iterable[str | Missing], settings: Settings, day: datetime.date | None = None
) -> Inventory:
    """The inventory of the files that discovery found, counted from ``day`` (today),
    checked here (``nslint report`` goes through the cache and the pool instead)."""
    return assemble((facts(item, settings) for item in found), day)


def assemble(every: Iterable[Facts], day: datetime.date | None = None) -> Inventory:
    """The inventory of the files whose facts these are, counted from ``day`` (today)."""
    integrations: list[Integration] = []
    results: list[FileResult] = []
    unread: list[Unread] = []
    for found in every:
        result = found.result
        integrations.extend(found.integrations)
        results.append(result)
        if result.error is not None or found.rest:
            unread.append(Unread(result.path, result.error, found.rest))
    return Inventory(tuple(integrations), tuple(results), tuple(unread), day or today())


def _integrations(
    path: str,
    documents: Sequence[Document],
    diagnostics: Sequence[Diagnostic],
    redaction: Redaction,
) -> tuple[list[Integration], list[Diagnostic]]:
    """The integrations of one file, each with the findings from its first line (the
    file's first, for the first) to the next document's; and the findings that belong
    to none (a document that is not a mapping, a syntax error after the last one)."""
    out = []
    claimed: set[int] = set()
    starts = [doc.root.marks[0] + 1 for doc in documents]
    for index, doc in enumerate(documents):
        if not isinstance(doc.data, dict):
            continue
        start = 1 if index == 0 else starts[index]
        last = index + 1 == len(documents)
        end = starts[index + 1] if not last else None
        mine = []
        for number, d in enumerate(diagnostics):
            if d.span.line < start or (end is not None and d.span.line >= end):
                continue
            if last and d.code == SYNTAX and d.span.line > doc.root.marks[2]:
                continue  # the parse stopped past this document: what follows is unread
            mine.append(d)
            claimed.add(number)
        out.append(_integration(path, doc, tuple(mine), redaction))
    rest = [d for number, d in enumerate(diagnostics) if number not in claimed]
    return out, rest


def _defaults() -> dict[str, Any]:
    schema = integration_schema()
    oauth2 = schema["properties"]["oauth2"]["properties"]
    return {
        "state": schema["$defs"]["state"]["default"],
        "refresh": oauth2["refresh_token_validity_hours"]["default"],
        "rotation": oauth2["max_token_rotation_hours"]["default"],
    }


_DEFAULTS: dict[str, Any] = {}


_ABSENT = object()


def _integration(
    path: str, doc: Document, diagnostics: tuple[Diagnostic, ...], redaction: Redaction
) -> Integration:
    """One integration's facts, each as the spec has it (a value of the wrong type is
    shown as written, ``"48"``, never replaced by a default); any text from the spec that
    holds a credential (NS501) is shown redacted."""
    if not _DEFAULTS:
        _DEFAULTS.update(_defaults())
    data: dict[str, Any] = doc.data

    def text(value: object) -> str:
        """A string as it is; anything else as nslint's messages show a value."""
        return redaction.text(value if isinstance(value, str) else values.show(value))

    name = data.get("name", _ABSENT)
    state = text(data.get("state", _DEFAULTS["state"]))
    accounts: list[tuple[str, str]] = []
    if isinstance(data.get("accounts"), dict):
        for account, settings in data["accounts"].items():
            own = settings.get("state", _ABSENT) if isinstance(settings, dict) else _ABSENT
            accounts.append((text(account), state if own is _ABSENT else text(own)))
    methods = tuple(m for m, p in _METHOD_PATHS if doc.get(p) is True)
    oauth = any(m.endswith("grant") for m in methods)
    client = (
        ("public" if doc.get(("oauth2", "public_client")) is True else "confidential")
        if oauth
        else ""
    )
    scopes = doc.get(("oauth2", "scopes"), [])
    uris = doc.get(("oauth2", "redirect_uris"))
    migration = ""
    if "TBA" in methods:
        migration = "existing" if data.get("application_id") is not None else "new"
    return Integration(
        path=path,
        line=doc.key_span(()).line,
        name="(no name)" if name is _ABSENT else text(name),
        state=state,
        accounts=tuple(accounts),
        methods=methods,
        client=client,
        scopes=tuple(text(s) for s in scopes)
        if isinstance(scopes, list)
        else (redaction.text(values.show(scopes)),),  # not a list: quoted if a string
        refresh=_hours(doc, "refresh_token_validity_hours", _DEFAULTS["refresh"], oauth, redaction),
        rotation=_hours(doc, "max_token_rotation_hours", _DEFAULTS["rotation"], oauth, redaction),
        redirect_uris=len(uris) if isinstance(uris, list) else 0,
        tba_migration=migration,
        diagnostics=diagnostics,
    )


def _hours(doc: Document, field: str, default: int, oauth: bool, redaction: Redaction) -> Hours:
    """The hours at ``oauth2.<field>`` as the spec has them (``"48"``, a string, shown
    quoted); NetSuite's default where the spec leaves them out and an OAuth 2.0 grant is
    enabled."""
    value = doc.get(("oauth2", field), _ABSENT)
    if value is _ABSENT:
        return Hours(default, True, f"{default} (default)") if oauth else NO_HOURS
    shown = redaction.text(values.show(value))
    if isinstance(value, str):
        value = redaction.text(value)
    elif isinstance(value, (dict, list)):
        value = shown
    return Hours(value, False, shown)
