"""Which rules a run reports, how severe each is, and with what options.

Built from the configuration and the registry once per run, and checked against the
registry: a selector that matches no rule, an unknown option or an option value that
its rule's schema refuses is a ``UsageError`` at the value's file position (or flag).

Selection works as in ruff. The default set is every rule that is on by default. Each
layer (the configuration file's, then the command line's) starts over from its
``select`` if it has one, adds ``extend-select`` and removes ``ignore``; where a rule
matches selectors of both kinds, the longer selector wins, ``ignore`` on a tie. Any
selector naming a rule enables it, even one that is off by default.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final

from nslint.config import Layer, RunConfig
from nslint.diagnostics import Severity
from nslint.discovery import FileFilter, patterns
from nslint.errors import UsageError
from nslint.keys import Key
from nslint.values import close_matches

if TYPE_CHECKING:
    from nslint.registry import Registry
    from nslint.rule import Check, Rule


class RuleSet:
    """The rules of a run: enabled codes, their severities and options, per-file ignores
    (read-only fields). A plain class, not a dataclass, so that importing it generates
    no code (issue 16); its ``__dict__`` holds the cached properties."""

    __slots__ = (
        "__dict__",
        "enabled",
        "options",
        "per_file_ignores",
        "registry",
        "severities",
        "walk",
    )

    def __init__(
        self,
        registry: Registry,
        enabled: frozenset[str],
        severities: Mapping[str, Severity],
        options: Mapping[str, Mapping[str, Any]],
        per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = (),
        walk: FileFilter | None = None,
    ) -> None:
        self.registry: Final = registry
        self.enabled: Final = enabled
        self.severities: Final = severities
        self.options: Final = options
        self.per_file_ignores: Final = per_file_ignores
        self.walk: Final = FileFilter() if walk is None else walk

    @property
    def rules(self) -> Mapping[str, Rule]:
        return self.registry.rules

    @functools.cached_property
    def always_on(self) -> frozenset[str]:
        """The codes of the rules that cannot be ignored, suppressed or downgraded
        (``Rule.always_on``)."""
        return always_on(self.rules)

    @functools.cached_property
    def redact_codes(self) -> frozenset[str]:
        """The codes of the enabled rules that find the credentials to mask
        (``Rule.redact``): a file without their findings holds none (``redact.find``)."""
        return frozenset(code for code in self.enabled if self.rules[code].redact)

    @property
    def redacting(self) -> bool:
        """Whether an enabled rule finds the credentials to mask."""
        return bool(self.redact_codes)

    @functools.cached_property
    def checks(self) -> tuple[tuple[Rule, Check, Mapping[str, Any]], ...]:
        """(rule, check, options) of every enabled rule that has a check."""
        return tuple(
            (rule, rule.check, self.options[code])
            for code, rule in self.rules.items()
            if rule.check is not None and code in self.enabled
        )

    @functools.cached_property
    def _prechecks(self) -> tuple[Callable[[str], bool], ...]:
        return tuple(rule.precheck for rule, _, _ in self.checks if rule.precheck is not None)

    def checks_for(self, text: str) -> tuple[tuple[Rule, Check, Mapping[str, Any]], ...]:
        """``checks`` less those whose rule's ``precheck`` rules ``text`` out."""
        prechecks = self._prechecks
        if not prechecks:
            return self.checks
        passed = tuple(bool(precheck(text)) for precheck in prechecks)
        checks = self._checks_passing.get(passed)
        if checks is None:  # at most one per outcome: in practice one rule, two outcomes
            kept = iter(passed)
            checks = self._checks_passing[passed] = tuple(
                entry for entry in self.checks if entry[0].precheck is None or next(kept)
            )
        return checks

    @functools.cached_property
    def _checks_passing(
        self,
    ) -> dict[tuple[bool, ...], tuple[tuple[Rule, Check, Mapping[str, Any]], ...]]:
        """``checks_for``'s result by which prechecks passed, in ``_prechecks`` order."""
        return {}

    def enabled_for(self, path: str) -> Callable[[str], bool]:
        """Whether a code is reported in ``path``: enabled, and not ignored for that file."""
        ignored: tuple[str, ...] = ()
        always = self.always_on
        if self.per_file_ignores:
            relative = self.walk.relative(path)
            ignored = tuple(
                selector
                for glob, selectors in self.per_file_ignores
                if patterns((glob,)).match_file(relative)
                for selector in selectors
            )

        def enabled(code: str) -> bool:
            if code in always:
                return True
            return code in self.enabled and not code.startswith(ignored)

        return enabled


def for_config(config: RunConfig) -> RuleSet:
    """The rule set ``config`` describes, with its rule packs and plugins loaded."""
    from nslint import registry

    return build(config, registry.build(config.rule_packs, config.plugins))


@functools.cache
def default() -> RuleSet:
    """The rule set of a run with no configuration."""
    from nslint.registry import builtin

    return build(RunConfig(), builtin())


def build(config: RunConfig, registry: Registry) -> RuleSet:
    """The rule set ``config`` describes, checked against ``registry``'s rules."""
    codes = list(registry.rules)
    enabled = {code for code, rule in registry.rules.items() if rule.enabled}
    always = always_on(registry.rules)
    for layer in config.layers:
        enabled = _apply_layer(enabled, layer, codes, config, always)
    enabled |= always

    severity_map = config.severity
    for selector in severity_map:
        _check_selector(selector, codes, config.where(RunConfig.severity, selector))
        if selector in always:
            raise UsageError(
                f"{config.where(RunConfig.severity, selector)}: the severity of {selector} "
                "cannot be changed: a file that was not read, parsed or checked completely is "
                "an error"
            )
    severities = {
        code: (rule.severity if code in always else _longest(code, severity_map)) or rule.severity
        for code, rule in registry.rules.items()
    }

    per_file = config.per_file_ignores
    for glob, selectors in per_file.items():
        for index, selector in enumerate(selectors):
            where = config.where(RunConfig.per_file_ignores, glob, index)
            _check_selector(selector, codes, where)
            _check_ignorable(selector, where, always)

    options = {
        code: _options(rule, config.rules.get(code, {}), config)
        for code, rule in registry.rules.items()
    }
    for code in config.rules:
        if code not in registry.rules:
            where = config.where(RunConfig.rules, code, at_key=True)
            raise UsageError(
                f"{where}: `rules` has options for {code}, which {_unknown(code, codes)}"
            )

    walk = walk_filter(config)
    for glob in per_file:
        _check_glob(glob, config.where(RunConfig.per_file_ignores, glob, at_key=True))
    return RuleSet(
        registry,
        frozenset(enabled),
        severities,
        options,
        tuple(per_file.items()),
        walk,
    )


def walk_filter(config: RunConfig) -> FileFilter:
    """Which files ``config`` has a walk take; a ``UsageError`` for a broken glob."""
    walked: tuple[Key[tuple[str, ...]], ...] = (
        RunConfig.include,
        RunConfig.exclude,
        RunConfig.extend_exclude,
    )
    for key in walked:
        if config.origin(key) == "default":
            continue  # nslint's own globs, and no need to load pathspec to know it
        globs: tuple[str, ...] = config.value(key)
        for index, glob in enumerate(globs):
            _check_glob(glob, config.where(key, index))
    exclude = (*config.exclude, *config.extend_exclude)
    return FileFilter(config.root, config.include, exclude, config.respect_gitignore)


def _apply_layer(
    enabled: set[str], layer: Layer, codes: list[str], config: RunConfig, always: frozenset[str]
) -> set[str]:
    from_file = layer.origin == config.file
    groups = (
        (RunConfig.select, layer.select or ()),
        (RunConfig.extend_select, layer.extend_select),
    )
    enabling = []
    for key, selectors in groups:
        for index, selector in enumerate(selectors):
            where = config.where(key, index, source="file") if from_file else key.flag
            _check_selector(selector, codes, where)
            enabling.append(selector)
    for index, selector in enumerate(layer.ignore):
        where = config.where(RunConfig.ignore, index, source="file") if from_file else "--ignore"
        _check_selector(selector, codes, where)
        _check_ignorable(selector, where, always)
    result = set() if layer.select is not None else set(enabled)
    for code in codes:
        on = max((len(s) for s in enabling if code.startswith(s)), default=-1)
        off = max((len(s) for s in layer.ignore if code.startswith(s)), default=-1)
        if on > off:
            result.add(code)
        elif off >= 0:
            result.discard(code)
    return result


def _check_glob(glob: str, where: str) -> None:
    from nslint.gitignore import MAX_STARS, most_stars  # only a run with globs

    if most_stars(glob) > MAX_STARS:
        raise UsageError(
            f"{where}: {glob!r} is not a valid glob: nslint matches at most {MAX_STARS} `*` "
            "in one part of a path (more can take hours to match)"
        )
    try:
        patterns((glob,))
    except (ValueError, re.error) as error:  # pathspec's own, and its regular expression's
        # (a position in the regular expression would mean nothing in the glob)
        reason = error.msg if isinstance(error, re.error) else str(error)
        raise UsageError(f"{where}: {glob!r} is not a valid glob: {reason}") from None


def _check_selector(selector: str, codes: list[str], where: str) -> None:
    if not any(code.startswith(selector) for code in codes):
        raise UsageError(f"{where}: {selector!r} {_unknown(selector, codes)}")


def _unknown(selector: str, codes: list[str]) -> str:
    close = close_matches(selector, codes, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]}?" if close else "; `nslint rules` lists them all"
    return f"matches no rule{hint}"


def _check_ignorable(selector: str, where: str, always: frozenset[str]) -> None:
    if selector in always:
        raise UsageError(
            f"{where}: {selector} cannot be ignored: a file that was not read, parsed or "
            "checked completely must never pass silently"
        )


def always_on(rules: Mapping[str, Rule]) -> frozenset[str]:
    """The codes of ``rules`` that are always on (``Rule.always_on``)."""
    return frozenset(code for code, rule in rules.items() if rule.always_on)


def _longest(code: str, by_selector: Mapping[str, Severity]) -> Severity | None:
    matches = [selector for selector in by_selector if code.startswith(selector)]
    return by_selector[max(matches, key=len)] if matches else None


def _options(rule: Rule, configured: Mapping[str, Any], config: RunConfig) -> Mapping[str, Any]:
    from nslint.declarative import DeclarativeRule

    options = _checked_options(rule, configured, config)
    if configured and isinstance(rule.check, DeclarativeRule):
        problem = rule.check.prepare(options)
        if problem:
            name = next(iter(configured))
            raise UsageError(
                f"{config.where(RunConfig.rules, rule.code, name)}: {rule.code}: {problem}"
            )
    return options


def _checked_options(
    rule: Rule, configured: Mapping[str, Any], config: RunConfig
) -> Mapping[str, Any]:
    for name, value in configured.items():
        where = config.where(RunConfig.rules, rule.code, name, at_key=name not in rule.options)
        if name not in rule.options:
            known = ", ".join(f"`{option}`" for option in rule.options)
            has = f"its options are {known}" if known else "it has no options"
            raise UsageError(f"{where}: {rule.code} has no option `{name}`; {has}")
        problem = next(_option_errors(rule.option_schema.get(name, {}), value), None)
        if problem:
            raise UsageError(f"{where}: option `{name}` of {rule.code}: {problem}")
    return {**rule.options, **configured}


def _option_errors(schema: Mapping[str, Any], value: Any) -> Iterator[str]:
    from nslint.schema import compile_schema

    for error in compile_schema(dict(schema)).iter_errors(value):
        yield str(error).split("\n", 1)[0]
