"""``--fix``: rewrite what can be rewritten without changing what the spec means.

A fix is a text edit at a finding's exact span, so every byte outside it, comments, key
order, quoting, indentation, line endings and a byte-order mark, stays as it was. Each
rule owns its fix (``Rule.fix``: the edits, and whether they are safe or are made only
with ``--unsafe-fixes`` because they change meaning); this module is the loop that
applies them, verifies the result and writes it, and names no rule.

Fixes are applied in passes until none is left (at most ``MAX_PASSES``). Each pass must
leave a file that nslint's parse and ruamel.yaml's round-trip loader (which keeps
comments) read as before: as many documents, no new syntax error. An edit that breaks
that is dropped and the others are kept. No fix is made where it could change meaning:
``yes`` where the schema wants text, a repeated URI that defines an anchor, a code in a
suppression that is only disabled or unknown (its plugin may not have loaded). Files
are written atomically (``atomic``), keeping mode (setuid, setgid and sticky bits too),
owner and group, and not at all if they are read-only or changed on disk since they
were read (an error: the run exits 2). A file that cannot be replaced safely, one with
other hard links, one whose owner or mode a replacement could not keep, or a symbolic
link to a file outside the project, is left as it is with a warning: its findings stand
and decide the exit code, as any finding does.
"""

from __future__ import annotations

import difflib
import functools
import os
import stat
import warnings
from collections.abc import Mapping, Sequence
from typing import Final

from nslint import atomic, display, parse, redact, source
from nslint.diagnostics import Diagnostic
from nslint.edits import Edit, apply
from nslint.engine import check, unreadable
from nslint.results import Settings
from nslint.rule import Rule
from nslint.structural import YAML_SYNTAX

__all__ = [
    "Edit",
    "FixedFile",
    "Skipped",
    "apply",
    "diff",
    "fix_bytes",
    "fix_file",
    "plan",
    "write",
]

MAX_PASSES = 5
MAX_SIZE = 1024 * 1024
"""Files larger than this (1 MiB) are checked but not fixed: each pass reads the file
again with ruamel.yaml, which takes seconds and hundreds of megabytes per megabyte."""


class FixedFile:
    """What fixing one file did: its bytes before and after, how many findings the
    fixes removed (``count``), why it was not fixed (``error``), and its text before and
    after (decoded from the file's encoding). A plain class (not a dataclass: issue 16;
    not a NamedTuple, whose ``count`` is tuple's)."""

    __slots__ = ("after", "before", "count", "error", "fixed", "original", "path")

    def __init__(
        self,
        path: str,
        original: bytes,
        fixed: bytes,
        count: int,
        error: str | None = None,
        before: str = "",
        after: str = "",
    ) -> None:
        self.path: Final = path
        self.original: Final = original
        self.fixed: Final = fixed
        self.count: Final = count
        self.error: Final = error
        self.before: Final = before
        self.after: Final = after


def fixable(rules: Mapping[str, Rule], unsafe: bool) -> frozenset[str]:
    """The codes of ``rules`` whose findings ``--fix`` rewrites."""
    return frozenset(
        code for code, rule in rules.items() if rule.fix is not None and (rule.fix.safe or unsafe)
    )


def fix_file(path: str, settings: Settings, unsafe: bool) -> FixedFile:
    """Fix one file in memory (``write`` does the writing)."""
    try:
        data = source.read(path, settings.max_file_size)
    except OSError as error:
        return FixedFile(path, b"", b"", 0, unreadable(path, error).error)
    if not isinstance(data, bytes):  # too large: its input-limit finding is all there is to say
        return FixedFile(path, b"", b"", 0)
    return fix_bytes(path, data, settings, unsafe)


def fix_bytes(path: str, data: bytes, settings: Settings, unsafe: bool) -> FixedFile:
    """Fix the bytes ``data`` of the file ``path`` in memory (also the language
    server's unsaved text, for ``source.fixAll``)."""
    result = check(path, settings, data=data)
    rules = settings.rules.rules
    codes = fixable(rules, unsafe)
    if len(data) > MAX_SIZE and any(d.code in codes for d in result.diagnostics):
        problem = (
            f"{path} is larger than {MAX_SIZE // 1024 // 1024} MiB, the most --fix and --diff "
            "rewrite; not fixed (fix it by hand, or split it into smaller specs)"
        )
        return FixedFile(path, data, data, 0, problem)
    decoded = source.decode(data)
    if not isinstance(decoded, source.Source):
        return FixedFile(path, data, data, 0)
    text, count = decoded.text, 0
    refused: set[tuple[int, int, str]] = set()
    for _ in range(MAX_PASSES):
        edits = [
            e
            for e in plan(source.Source(text), result.diagnostics, rules, codes)
            if (e.start, e.end, e.new) not in refused
        ]
        if not edits:
            break
        candidate = _safe_edits(text, sorted(edits, key=lambda e: e.start, reverse=True), refused)
        if candidate == text:
            break
        text = candidate
        before = len(result.diagnostics)
        result = check(path, settings, data=decoded.encode(text))
        count += max(before - len(result.diagnostics), 0)
    return FixedFile(path, data, decoded.encode(text), count, None, decoded.text, text)


def _safe_edits(text: str, edits: list[Edit], refused: set[tuple[int, int, str]]) -> str:
    """``text`` with the ``edits`` (last first) that keep it the same YAML: all at once
    if they may be; else each half in turn, down to single edits, which are refused
    (added to ``refused``) if they break the file. A few bad edits among many cost a
    few checks each (halving), not one check of the whole file per edit."""
    candidate = apply(text, edits)
    if _verify(text, candidate) is None:
        return candidate
    if len(edits) == 1:
        refused.add((edits[0].start, edits[0].end, edits[0].new))
        return text
    middle = len(edits) // 2
    # Later edits first: applying them leaves the offsets of the earlier ones valid.
    text = _safe_edits(text, edits[:middle], refused)
    return _safe_edits(text, edits[middle:], refused)


class Skipped(str):
    """Why a fix was not written, when that is no error: the file is left as it is (it
    cannot be replaced safely), its findings stand, and the run goes on."""


def write(fixed: FixedFile, trees: Sequence[str] = ()) -> str | None:
    """Write a fixed file unless it changed on disk meanwhile; why not, if not written
    (a ``Skipped`` where the file is left alone by design rather than by an error).

    A symbolic link is written at its target only when the target is inside one of the
    directories ``trees`` (when given): a fix never reaches outside the project."""
    if fixed.fixed == fixed.original or fixed.error:
        return fixed.error
    outside = _link_outside(fixed.path, trees) if trees else None
    if outside is not None:
        how = "is a symbolic link" if os.path.islink(fixed.path) else "leads through a link"
        return Skipped(
            f"not fixed: {fixed.path} {how} to {outside}, outside the project and the paths "
            "given; fix the file itself (name it on the command line)"
        )
    try:
        info = os.stat(fixed.path)
        if not stat.S_ISREG(info.st_mode):
            return f"{fixed.path} is not a regular file; not written"
        if not info.st_mode & 0o222:
            return f"{fixed.path} is read-only; not written (make it writable to fix it)"
        if source.read_regular(fixed.path, len(fixed.original)) != fixed.original:
            return f"{fixed.path} changed on disk while it was being fixed; not written"
        atomic.write_bytes(fixed.path, fixed.fixed)
    except atomic.NotReplaceable as refused:
        return Skipped(
            f"not fixed: {fixed.path}: {refused.strerror}; fix it by hand"
            + (", or copy it to break the links" if info.st_nlink > 1 else "")
        )
    except OSError as error:
        return f"cannot write {fixed.path}: {error.strerror or error}"
    return None


def _link_outside(path: str, trees: Sequence[str]) -> str | None:
    """Where ``path`` leads if links take it outside every directory of ``trees``: it
    is a symbolic link, or it is named inside a tree and a link to a directory on its
    way leads out (None if it stays inside, or is a file named outside them, no link)."""
    from nslint.discovery import leads_inside

    if any(leads_inside(path, tree) for tree in trees):
        return None
    absolute = os.path.abspath(path)
    named_inside = any(
        absolute.startswith(os.path.abspath(tree).rstrip(os.sep) + os.sep) for tree in trees
    )
    return os.path.realpath(path) if named_inside or os.path.islink(path) else None


def diff(fixed: FixedFile) -> str:
    """A unified diff of the fix (``--diff``), with the file's own line endings and every
    credential masked (``redact.text``), in the changed lines and the context alike."""
    if fixed.fixed == fixed.original:
        return ""
    before = redact.text(fixed.before).splitlines(keepends=True)
    after = redact.text(fixed.after).splitlines(keepends=True)
    shown = display.escape(fixed.path)
    lines = difflib.unified_diff(before, after, f"a/{shown}", f"b/{shown}")
    return "".join(_diff_line(line) for line in lines)


def _diff_line(line: str) -> str:
    """A line of the diff as printed: its text escaped as ``display`` escapes spec text
    (tabs kept), its own line ending kept (a newline added where it has none)."""
    text = line.rstrip("\r\n")
    return display.escape(text, tabs=True) + (line[len(text) :] or "\n")


def _verify(original: str, fixed: str) -> str | None:
    """Why ``fixed`` may not replace ``original`` (None if it may).

    nslint's own parse must give the same number of documents and no new syntax error,
    and where ruamel.yaml's round-trip loader (which keeps comments) reads the
    original, it must read the fixed text too, as as many documents.
    """
    ours_before, ours_after = (
        parse.load(source.Source(original)),
        parse.load(source.Source(fixed)),
    )
    if len(ours_after.documents) != len(ours_before.documents) or (
        sum(p.code == YAML_SYNTAX.code for p in ours_after.problems)
        > sum(p.code == YAML_SYNTAX.code for p in ours_before.problems)
    ):
        return "a fix would change the file's YAML structure; not fixed"
    before = _ruamel_documents(original)
    if before is None:
        return None  # ruamel cannot read the original: nslint's own check must do
    after = _ruamel_documents(fixed)
    if after != before:
        return "a fix would leave YAML that ruamel.yaml reads differently; not fixed"
    return None


@functools.lru_cache(maxsize=4)
def _ruamel_documents(text: str) -> int | None:
    """How many documents ruamel.yaml's round-trip loader reads (None if it cannot);
    remembered: each pass checks the text the previous one checked as its result."""
    from ruamel.yaml import YAML

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ReusedAnchorWarning and the like
            return sum(1 for _ in YAML(typ="rt").load_all(text))
    except Exception:  # ruamel raises many kinds, RecursionError on deep nesting too
        return None


# -- planning edits ---------------------------------------------------------------------


def plan(
    src: source.Source,
    diagnostics: Sequence[Diagnostic],
    rules: Mapping[str, Rule],
    codes: frozenset[str],
) -> list[Edit]:
    """The non-overlapping edits that fix the fixable findings of one pass: each rule
    of ``codes`` given its own fixable findings, in code order."""
    by_code: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        if d.code in codes and d.fixable:
            by_code.setdefault(d.code, []).append(d)
    edits: list[Edit] = []
    for code in sorted(by_code):
        fix = rules[code].fix
        if fix is not None:
            edits.extend(fix.edits(src, by_code[code], diagnostics))
    chosen: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if not chosen or edit.start >= chosen[-1].end:
            chosen.append(edit)
    return chosen
