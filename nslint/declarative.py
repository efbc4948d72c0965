"""The check of a declarative rule: a rule written as data, in the built-in pack
``rules/netsuite.yaml`` or in an organisation's own rule pack (``rule-packs``).

A declarative rule says *where* (a selector of spec locations, ``selectors``), *when*
(an optional JSON Schema that the whole spec must match for the rule to apply) and
*what must hold* (a JSON Schema fragment that each selected value must match). A
selected value that does not match is a finding, located at that value (or at its key,
with ``at: key``)::

    - id: NS301
      name: public-client
      severity: warning
      select: oauth2.public_client
      assert: {const: false}
      message: "..."

With ``missing: report``, a selected key that is absent is a finding too, located at its
parent's key. An option is used in a fragment as ``{$option: max}`` and in a message as
``{max}``; messages may also use ``{value}``, ``{path}`` and ``{key}``. Loading and
validating a pack, and building its rules, is ``packs``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nslint.diagnostics import Finding
from nslint.document import Document, JSONPath
from nslint.rule import Context
from nslint.schema import compile_schema
from nslint.selectors import ABSENT, leading_keys, lookup, parse_selector, plain_keys, select
from nslint.values import path_text, show

MISSING = "missing"
"""What ``{value}`` says in a message about an absent key (``missing: report``)."""


def with_options(fragment: Any, options: Mapping[str, Any]) -> Any:
    """Replace each ``{$option: name}`` in a schema fragment with the option's value."""
    if isinstance(fragment, dict):
        if set(fragment) == {"$option"}:
            return options[fragment["$option"]]
        return {key: with_options(value, options) for key, value in fragment.items()}
    if isinstance(fragment, list):
        return [with_options(item, options) for item in fragment]
    return fragment


class DeclarativeRule:
    """The check of one declarative rule (compiled once per set of options)."""

    def __init__(self, spec: Mapping[str, Any], defaults: Mapping[str, Any]) -> None:
        self.code: str = spec["id"]
        self.at_key = spec.get("at", "value") == "key"
        self.report_missing = spec.get("missing", "ignore") == "report"
        self.message: str = spec["message"]
        selectors = spec["select"]
        self.selectors = [
            parse_selector(s) for s in ([selectors] if isinstance(selectors, str) else selectors)
        ]
        # The usual rule selects plain key paths (no wildcard, no index), mostly absent:
        # ``lookup`` finds them for less than ``select``.
        self._plain_paths: list[tuple[str, ...]] | None = None
        if not self.report_missing:
            plains = [plain_keys(steps) for steps in self.selectors]
            if all(plain is not None for plain in plains):
                self._plain_paths = [plain for plain in plains if plain is not None]
        # Otherwise, the keys before each selector's first wildcard or index
        # (``oauth2.scopes`` of ``oauth2.scopes[*]``): where all are absent, nothing is
        # selected, so nothing is evaluated. Not with ``missing: report``, whose finding
        # is an absent key, nor for a selector that starts with a wildcard or is ``$``.
        self._probes: list[tuple[str, ...]] | None = None
        if not self.report_missing and self._plain_paths is None:
            probes = [leading_keys(steps) for steps in self.selectors]
            self._probes = probes if all(probes) else None
        self.when_schema = spec.get("when")
        self.assert_schema = spec["assert"]
        self._compiled: dict[str, tuple[Any, Any]] = {}
        self._last: tuple[Mapping[str, Any], tuple[Any, Any]] | None = None
        # Compiled on first use; a pack's fragments were compiled once when it loaded.

    def prepare(self, options: Mapping[str, Any]) -> str | None:
        """Compile the rule for these options; why it cannot be, if it cannot."""
        try:
            self._validators(options)
        except (ValueError, TypeError) as error:
            return (
                "with this value, the rule's JSON Schema is invalid: "
                + str(error).split("\n", 1)[0]
            )
        return None

    def _validators(self, options: Mapping[str, Any]) -> tuple[Any, Any]:
        last = self._last
        if last is not None and last[0] is options:  # the run's own options mapping
            return last[1]
        key = repr(sorted(options.items()))
        compiled = self._compiled.get(key)
        if compiled is None:
            when = None
            if self.when_schema is not None:
                when = compile_schema(with_options(self.when_schema, options))
            check = compile_schema(with_options(self.assert_schema, options))
            compiled = self._compiled[key] = (when, check)
        self._last = (options, compiled)
        return compiled

    def __call__(
        self, doc: Document, options: Mapping[str, Any], context: Context
    ) -> list[Finding]:
        # A list, not a generator: this runs for every rule on every document, and most
        # return nothing before they evaluate anything (a key absent, ``when`` false).
        found: list[tuple[list[tuple[JSONPath, Any]], list[JSONPath]]]
        data = doc.data
        plains = self._plain_paths
        if plains is not None:
            found = []
            for plain in plains:
                value = lookup(data, plain)
                if value is not ABSENT:
                    found.append(([(plain, value)], []))
            if not found:
                return []
        elif self._probes is not None and not any(
            lookup(data, keys) is not ABSENT for keys in self._probes
        ):
            return []
        when, check = self._validators(options)
        if when is not None and not when.is_valid(data):
            return []
        if plains is None:
            found = [select(data, steps) for steps in self.selectors]
        findings = []
        for values, missing in found:
            for path, value in values:
                if not check.is_valid(value):
                    span = doc.key_span(path) if self.at_key else doc.value_span(path)
                    findings.append(
                        Finding(self.code, span, self._message(options, path, show(value)))
                    )
            if self.report_missing:
                for path in missing:
                    findings.append(
                        Finding(
                            self.code,
                            doc.key_span(path[:-1]),
                            self._message(options, path, MISSING),
                        )
                    )
        return findings

    def _message(self, options: Mapping[str, Any], path: JSONPath, value: str) -> str:
        fields = {
            **options,
            "value": value,
            "path": path_text(path) or "the spec",
            "key": path[-1] if path else "",
        }
        return self.message.format_map(fields)
