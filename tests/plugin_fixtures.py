"""Plugin rules that misbehave, for tests/test_plugins.py (loaded as entry points)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from nslint.rule import Context, Document, Finding, Rule, Severity


def _crash(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
    scopes = doc.get(("oauth2", "scopes"))
    yield Finding("BAD001", doc.value_span(("name",)), "found before the crash")
    raise KeyError(scopes[5])


def _wrong_code(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
    yield Finding("NS301", doc.value_span(("name",)), "pretends to be a built-in rule")


def _rule(code: str, check: Any) -> Rule:
    return Rule(code, "misbehaving-rule", Severity.WARNING, "Misbehaves.", "", check=check)


CRASHING = [_rule("BAD001", _crash)]
WRONG_CODE = _rule("BAD002", _wrong_code)
NOT_A_RULE = {"code": "BAD003"}
NS_CODE = _rule("NS777", _wrong_code)


def _exit(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
    raise SystemExit(0)
    yield  # a generator, as checks usually are


def _nowhere(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
    from nslint.rule import Span

    yield Finding("BAD005", Span(0, 0, 0, 0), "located nowhere")


EXITING = _rule("BAD004", _exit)
NOWHERE = _rule("BAD005", _nowhere)
NO_OPTIONS = Rule("BAD006", "no-options", Severity.NOTICE, "s", "", check=_exit, options=None)  # type: ignore[arg-type]
NO_DOC = Rule("BAD007", "no-doc", Severity.NOTICE, "s", None, check=_exit)  # type: ignore[arg-type]
BAD_OPTION_SCHEMA = Rule(
    "BAD008",
    "bad-option-schema",
    Severity.NOTICE,
    "s",
    "",
    check=_exit,
    options={"style": "a"},
    option_schema={"style": {"type": "strin"}},
)
