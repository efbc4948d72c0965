"""Gitignore-style patterns, decided as ``pathspec.GitIgnoreSpec`` decides them, at one
regular-expression match per path rather than one per pattern.

pathspec turns each pattern into a regular expression and, for every path, tries them
one by one; a walk asks about every entry (10,000 files, 31 default patterns: 310,000
searches), and no pattern matches most of them. ``Globs`` joins the patterns' own
expressions (pathspec's, their capture groups made plain) into one. When it does not
match, no pattern does and nothing is decided; when it does and no pattern is a
negation, every pattern that matches says "matched", so the path is; only with a
negation is pathspec asked which pattern wins. Nothing here turns a glob into an
expression: that stays pathspec's, and a property test holds the two to the same
answers. An expression known in advance (the defaults, see ``discovery``) spares the
import of pathspec, which costs 10 to 25 ms.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec


class Globs:
    """Patterns that decide a path as ``pathspec.GitIgnoreSpec`` does (see the module).
    ``expressions``: what ``joined_regexes`` makes of them, known in advance (none of
    them a negation), so that pathspec need not be imported."""

    __slots__ = ("_any", "_negated", "_spec", "empty", "globs")

    def __init__(
        self,
        globs: Iterable[str],
        spec: pathspec.GitIgnoreSpec | None = None,
        expressions: tuple[str, ...] | None = None,
    ) -> None:
        self.globs = tuple(globs)
        self._spec = spec
        known = None if expressions is None else (expressions, False)
        joined = known or joined_regexes(self.spec())
        expressions, self._negated = joined or ((), True)
        self.empty = joined is not None and not expressions
        # (when the patterns are not known to be all in the expression, pathspec decides)
        self._any = _any_of(expressions) if joined is not None else _always

    def spec(self) -> pathspec.GitIgnoreSpec:
        """The patterns as pathspec compiles them."""
        if self._spec is None:
            import pathspec

            self._spec = pathspec.GitIgnoreSpec.from_lines(self.globs)
        return self._spec

    def decide(self, path: str) -> bool | None:
        """``GitIgnoreSpec.check_file(path).include``: True when the last pattern that
        decides matches ``path``, False when it is a negation, None when none does."""
        if _SEPARATORS and any(sep in path for sep in _SEPARATORS):
            return self.spec().check_file(path).include
        normal = path  # as pathspec's normalize_file makes it
        if path.startswith(("/", "./")):
            normal = path[1:] if path[0] == "/" else path[2:]
        if self._any(normal) is None:
            return None
        return self.spec().check_file(path).include if self._negated else True

    def match(self, path: str) -> bool:
        """``GitIgnoreSpec.match_file(path)``."""
        return bool(self.decide(path))


def joined_regexes(spec: pathspec.GitIgnoreSpec) -> tuple[tuple[str, ...], bool] | None:
    """The expressions of ``spec``'s patterns that decide anything, each without its
    capture groups (an alternation cannot repeat a group's name), and whether any is a
    negation, each to be matched at the start of a path; None when a pattern is not a
    plain regular expression (another pathspec than the one this was written for:
    ``Globs`` then asks pathspec about every path)."""
    expressions = []
    negated = False
    for pattern in spec.patterns:
        if pattern.include is None:
            continue
        regex = getattr(pattern, "regex", None)
        if not isinstance(regex, re.Pattern) or not isinstance(regex.pattern, str):
            return None
        if regex.flags != re.UNICODE:
            return None
        text = regex.pattern
        for name in regex.groupindex:
            text = text.replace(f"(?P<{name}>", "(?:")
        if not text.startswith("^"):  # (`**`): matched anywhere, as pathspec searches
            text = f"(?s:.*)(?:{text})"
        expressions.append(text)
        negated = negated or not pattern.include
    return tuple(expressions), negated


ANY_DIRECTORY = "^(?:.+/)?"
"""How pathspec begins the expression of a pattern with no ``/`` but at its end."""


def _any_of(expressions: tuple[str, ...]) -> Callable[[str], object]:
    """The ``match`` of one expression that matches where any of ``expressions`` does.
    Those that begin with ``ANY_DIRECTORY`` share it (``^(?:.+/)?(?:a|b)`` is
    ``^(?:.+/)?a|^(?:.+/)?b``): it is tried once per ``/`` of a path, not once per
    pattern and ``/``."""
    if not expressions:
        return _never
    rests = [text[len(ANY_DIRECTORY) :] for text in expressions if text.startswith(ANY_DIRECTORY)]
    others = [f"(?:{text})" for text in expressions if not text.startswith(ANY_DIRECTORY)]
    with warnings.catch_warnings():  # (pathspec has warned of a `[[` already)
        warnings.simplefilter("ignore", FutureWarning)
        try:  # a rest that is not a whole expression (`?` after the group) is not shared
            for rest in rests:
                re.compile(rest)
        except re.error:
            rests, others = [], [f"(?:{text})" for text in expressions]
        if rests:
            others.append(ANY_DIRECTORY + "(?:" + "|".join(rests) + ")")
        return re.compile("|".join(others)).match


def _never(path: str) -> object:
    return None


def _always(path: str) -> object:
    """A prefilter that lets every path through to pathspec."""
    return True


_SEPARATORS = tuple(sep for sep in (os.sep, os.altsep) if sep and sep != "/")
"""The separators pathspec turns into ``/`` before it matches (none on POSIX)."""
