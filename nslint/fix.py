"""``--fix``: rewrite what can be rewritten without changing what the spec means.

A fix is a text edit at a finding's exact span, so every byte outside it, comments, key
order, quoting, indentation, line endings and a byte-order mark, stays as it was:

* NS004 ``yes``/``no``/``on``/``off`` -> ``true``/``false`` (the value nslint already reads);
* NS104 the repeated redirect URI is removed (its line in a block list, or ``, item`` in
  a flow list);
* NS900 the unused code is removed from its comment, or the comment when none is left;
* NS101 ``http://`` -> ``https://``, only with ``--unsafe-fixes``: it changes where the
  authorization code is sent;
* NS003 a scope written in other words (``rest_web_services``, ``REST Web Services``,
  ``SuiteAnalytics Connect``, ``RESTlets``) -> NetSuite's own value (``rest_webservices``,
  ``suite_analytics``, ``restlets``), only with ``--unsafe-fixes``: it changes the
  spec's data, and the name may have meant another scope.

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
import re
import stat
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from nslint import atomic, display, document, redact, source, suppress
from nslint.diagnostics import Diagnostic, Span
from nslint.engine import check_bytes
from nslint.results import Settings
from nslint.suppress import is_stale

SAFE = frozenset({"NS004", "NS104", "NS900"})
UNSAFE = frozenset({"NS101", "NS003"})
ONLY = {"NS003": "a scope written as its form label or an older name"}
"""The fixable codes whose fix rewrites only some of their findings: which ones."""
MAX_PASSES = 5
MAX_SIZE = 1024 * 1024
"""Files larger than this (1 MiB) are checked but not fixed: each pass reads the file
again with ruamel.yaml, which takes seconds and hundreds of megabytes per megabyte."""

_BOOLEANS = {"yes": "true", "on": "true", "no": "false", "off": "false"}
_BLOCK_ITEM_BEFORE = re.compile(r"\s*-\s+")
_ANCHOR = re.compile(r"&[^\s]+\s+")
_DIRECTIVE_LINE = re.compile(r"\s*#\s*nslint\s*:.*", re.IGNORECASE)
_AFTER_VALUE = re.compile(r"\s*(#.*)?")


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``new``."""

    start: int
    end: int
    new: str


@dataclass(frozen=True)
class FixedFile:
    """What fixing one file did."""

    path: str
    original: bytes
    fixed: bytes
    count: int
    """How many findings the fixes removed."""
    error: str | None = None
    before: str = ""
    after: str = ""
    """The text before and after fixing (decoded from the file's encoding)."""


def fixable(codes: frozenset[str], unsafe: bool) -> frozenset[str]:
    """The codes whose findings ``--fix`` rewrites."""
    return codes & (SAFE | UNSAFE if unsafe else SAFE)


def fix_file(path: str, settings: Settings, unsafe: bool) -> FixedFile:
    """Fix one file in memory (``write`` does the writing)."""
    try:
        data = source.read(path, settings.max_file_size)
    except OSError as error:
        reason = error.strerror or str(error)
        return FixedFile(path, b"", b"", 0, f"cannot read {path}: {reason}")
    if not isinstance(data, bytes):  # too large: its NS008 is all there is to say
        return FixedFile(path, b"", b"", 0)
    result = check_bytes(path, data, settings)
    if len(data) > MAX_SIZE and any(
        d.code in fixable(SAFE | UNSAFE, unsafe) for d in result.diagnostics
    ):
        problem = (
            f"{path} is larger than {MAX_SIZE // 1024 // 1024} MiB, the most --fix and --diff "
            "rewrite; not fixed (fix it by hand, or split it into smaller specs)"
        )
        return FixedFile(path, data, data, 0, problem)
    decoded = source.decode(data)
    if not isinstance(decoded, source.Source):
        return FixedFile(path, data, data, 0)
    text, count = decoded.text, 0
    codes = fixable(SAFE | UNSAFE, unsafe)
    refused: set[tuple[int, int, str]] = set()
    for _ in range(MAX_PASSES):
        edits = [
            e
            for e in plan(source.Source(text), result.diagnostics, codes)
            if (e.start, e.end, e.new) not in refused
        ]
        if not edits:
            break
        candidate = _safe_edits(text, sorted(edits, key=lambda e: e.start, reverse=True), refused)
        if candidate == text:
            break
        text = candidate
        before = len(result.diagnostics)
        result = check_bytes(path, decoded.encode(text), settings)
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
        document.load(source.Source(original)),
        document.load(source.Source(fixed)),
    )
    if len(ours_after.documents) != len(ours_before.documents) or (
        sum(p.code == "NS001" for p in ours_after.problems)
        > sum(p.code == "NS001" for p in ours_before.problems)
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
    src: source.Source, diagnostics: Sequence[Diagnostic], codes: frozenset[str]
) -> list[Edit]:
    """The non-overlapping edits that fix the fixable findings of one pass."""
    edits: list[Edit] = []
    unused = [
        d for d in diagnostics if d.code == "NS900" and "NS900" in codes and is_stale(d.message)
    ]
    edits.extend(_unused_suppressions(src, unused))
    # Where the schema refuses a boolean (a name, a note), `yes` was meant as text: a
    # YAML 1.1 boolean fix would throw the text away, so there is none.
    not_booleans = {d.span for d in diagnostics if d.code == "NS003"}
    scopes = _misnamed_scopes(src) if "NS003" in codes and not_booleans else {}
    for d in diagnostics:
        if d.code not in codes or d.code == "NS900":
            continue
        if d.code == "NS004" and d.span in not_booleans:
            continue
        if d.code == "NS003":
            edit = _scope(src, d.span, scopes.get(d.span))
        else:
            fixer = {"NS004": _boolean, "NS104": _duplicate_item, "NS101": _https}[d.code]
            edit = fixer(src, d.span)
        if edit is not None:
            edits.append(edit)
    chosen: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if not chosen or edit.start >= chosen[-1].end:
            chosen.append(edit)
    return chosen


def apply(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` made (in one pass over it)."""
    parts: list[str] = []
    end = 0
    for edit in sorted(edits, key=lambda e: e.start):
        parts += (text[end : edit.start], edit.new)
        end = edit.end
    parts.append(text[end:])
    return "".join(parts)


def _range(src: source.Source, span: Span) -> tuple[int, int]:
    return src.offset(span.line, span.column), src.offset(span.end_line, span.end_column)


def _boolean(src: source.Source, span: Span) -> Edit | None:
    start, end = _range(src, span)
    anchored = _ANCHOR.match(src.text, start, end)  # `&name on`: keep the anchor
    if anchored:
        start = anchored.end()
    new = _BOOLEANS.get(src.text[start:end].lower())
    return None if new is None else Edit(start, end, new)


def _https(src: source.Source, span: Span) -> Edit | None:
    start, end = _range(src, span)
    value = src.text[start:end]
    quote = 1 if value[:1] in ("'", '"') else 0
    if value[quote : quote + 7].lower() != "http://":
        return None
    return Edit(start + quote, start + quote + 7, "https://")


def _misnamed_scopes(src: source.Source) -> dict[Span, tuple[str, str]]:
    """The items of ``oauth2.scopes`` that name a scope in other words, by span: each
    with the value as read and NetSuite's own value it names."""
    from nslint.schema import meant, scope_choices

    choices = scope_choices()
    found: dict[Span, tuple[str, str]] = {}
    for doc in document.load(src).documents:
        items = doc.get(("oauth2", "scopes"))
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if isinstance(item, str) and item not in choices:
                right = meant(item, choices)
                if right is not None:
                    found[doc.value_span(("oauth2", "scopes", index))] = (item, right)
    return found


def _scope(src: source.Source, span: Span, names: tuple[str, str] | None) -> Edit | None:
    """A misnamed scope item replaced with NetSuite's value; only where the text is the
    value itself, plain or quoted (an anchor before it kept): not an alias, a tag, an
    escape or a scalar over several lines."""
    if names is None or span.line != span.end_line:
        return None
    start, end = _range(src, span)
    anchored = _ANCHOR.match(src.text, start, end)
    if anchored:
        start = anchored.end()
    text = src.text[start:end]
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    if text != names[0]:  # an escape, a tag, an alias: not the value as written
        return None
    return Edit(start, end, names[1])


def _duplicate_item(src: source.Source, span: Span) -> Edit | None:
    if span.line != span.end_line:
        return None
    start, end = _range(src, span)
    line_start = src.offset(span.line, 1)
    line_end = src.offset(span.line + 1, 1)
    line = src.text[line_start:line_end]
    before, after = src.text[line_start:start], src.text[end:line_end].rstrip("\r\n")
    if "&" in before or src.text[start:end].startswith("&"):
        return None  # the item defines an anchor: removing it would change an alias
    if _BLOCK_ITEM_BEFORE.fullmatch(before) and _AFTER_VALUE.fullmatch(after):
        if span.line > 1:  # a `# nslint:` comment alone above applies to this item only
            above_start = src.offset(span.line - 1, 1)
            if _DIRECTIVE_LINE.fullmatch(src.text[above_start:line_start].rstrip("\r\n")):
                line_start = above_start
        return Edit(line_start, line_end if line.endswith(("\n", "\r")) else end, "")
    comma = start - 1  # a flow list: remove ", item"
    while comma >= 0 and src.text[comma] in " \t\r\n":
        comma -= 1
    if comma >= 0 and src.text[comma] == ",":
        return Edit(comma, end, "")
    return None


def _unused_suppressions(src: source.Source, unused: Sequence[Diagnostic]) -> list[Edit]:
    if not unused:
        return []
    directives, _ = suppress.parse(src)
    spans = {d.span for d in unused}
    edits = []
    for directive in directives:
        stale = [(code, span) for code, span in directive.codes if span in spans]
        if not stale:
            continue
        if len(stale) == len(directive.codes):
            edits.append(_remove_comment(src, directive))
        else:
            edits.extend(_remove_code(src, span) for _, span in stale)
    return edits


def _remove_comment(src: source.Source, directive: suppress.Directive) -> Edit:
    start = src.offset(directive.span.line, directive.span.column)
    line_start = src.offset(directive.span.line, 1)
    end = src.offset(directive.span.line, directive.span.end_column)
    if not src.text[line_start:start].strip():  # alone on its line: remove the line
        return Edit(line_start, src.offset(directive.span.line + 1, 1), "")
    while start > line_start and src.text[start - 1] in " \t":
        start -= 1
    return Edit(start, end, "")


def _remove_code(src: source.Source, span: Span) -> Edit:
    start, end = _range(src, span)
    text = src.text
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    if after < len(text) and text[after] == ",":  # "CODE, " -> ""
        after += 1
        while after < len(text) and text[after] in " \t":
            after += 1
        return Edit(start, after, "")
    before = start  # the last code: ", CODE" -> ""
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    if before > 0 and text[before - 1] == ",":
        before -= 1
    return Edit(before, end, "")
