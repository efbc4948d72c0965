"""What a cache nslint did not write may not do: the checks before the cache is used at
all (a directory that is a link, or that Git tracks), the reading of a cache file (a
regular file of bounded size, nothing followed), and the shape of a cached entry, which
is checked as strictly as a fresh result is made (``nslint.cache`` stores and looks up).

An entry is ``[digest, stat, result]``, or ``[digest, stat, result, rows]`` with the
file's inventory rows (``nslint report``; ``nslint.run_report`` checks them); its
result is 0 (nothing to report) or what ``dump`` makes of its findings, and
``findings_of`` accepts only what a check with the current rule set could give.
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING, Any

from nslint import source
from nslint.diagnostics import Diagnostic, Severity, Span
from nslint.results import FileResult

if TYPE_CHECKING:
    from nslint.ruleset import RuleSet

HEX = frozenset("0123456789abcdef")


class Refused(OSError):
    """A cache file that is not what nslint writes; ``str`` says why."""

    def __str__(self) -> str:
        return str(self.args[0])


def read_regular(path: str, limit: int, dir_fd: int | None = None, follow: bool = False) -> bytes:
    """The bytes of ``path``, which must be a regular file (not a link to one, unless
    ``follow``) of at most ``limit`` bytes (``source.read_regular``); ``Refused`` if it
    is not, OSError if it cannot be read."""
    try:
        data = source.read_regular(path, limit, follow_symlinks=follow, dir_fd=dir_fd)
    except source.NotRegularFile as error:
        raise Refused(error.strerror) from None
    if len(data) > limit:
        raise Refused(f"it is larger than {limit} bytes")
    return data


def unusable(directory: str, run_folder: str) -> tuple[str, str] | None:
    """(path, why) if the cache must not be used at all: its directory or the run's
    folder is a link or no directory, or Git tracks files in it."""
    for path in (directory, run_folder):
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return None  # nothing there yet: nslint makes it
        except OSError as error:
            return path, f"it cannot be examined ({error.strerror or error})"
        if stat.S_ISLNK(info.st_mode):
            return path, "it is a symbolic link (remove it, or run with --no-cache)"
        if not stat.S_ISDIR(info.st_mode):
            return path, "it is not a directory (remove it, or run with --no-cache)"
        if path == directory:
            why = tracked(directory)
            if why is not None:
                return path, why
    return None


def tracked(directory: str) -> str | None:
    """Why files in ``directory`` may be tracked by Git (None if they are not).

    Cheap in the usual case: Git's index is searched for the directory's path
    (``gitrepo.index_may_hold``); only when it may be there is ``git ls-files`` asked."""
    from nslint import gitrepo

    top = gitrepo.top_of(os.path.dirname(os.path.abspath(directory)))
    if top is None:
        return None  # not in a Git work tree
    prefix = os.path.relpath(os.path.abspath(directory), top).replace(os.sep, "/") + "/"
    if not gitrepo.index_may_hold(top, prefix):
        return None
    return ask_git(top, prefix)


def ask_git(top: str, prefix: str) -> str | None:
    from nslint import gitrepo

    listed = gitrepo.tracked_paths(top, prefix)
    if listed is None:
        return (
            "it may be tracked by Git, and git could not be asked; remove it from Git "
            f"(git rm -r --cached {prefix}), or run with --no-cache"
        )
    if not listed:
        return None
    return (
        "Git tracks files in it, so they are not nslint's to trust or overwrite; remove "
        f"them from Git (git rm -r --cached {prefix}), or run with --no-cache"
    )


def dump(result: FileResult, lines: int) -> dict[str, Any]:
    return {
        "n": lines,
        "d": [dumped_diagnostic(d) for d in result.diagnostics],
        "s": [dumped_diagnostic(d) for d in result.suppressed],
        "l": {str(number): line for number, line in result.lines.items()},
        **({"i": list(result.script_ids)} if result.script_ids else {}),
    }


def dumped_diagnostic(d: Diagnostic) -> list[Any]:
    span = d.span
    return [
        span.line,
        span.column,
        span.end_line,
        span.end_column,
        d.code,
        d.rule,
        int(d.severity),
        d.message,
        d.suppressed,
        d.fingerprint,
        d.fixable,
    ]


def entry(stored: Any) -> tuple[str, list[int], Any, Any] | None:
    """(digest, stamp, result, rows) of a stored entry of the right shape (None if not);
    rows is None without them, else ``[line count, rows]`` for the caller to check.

    The digest and the stamp are only ever compared with the file's own (a wrong value is
    a miss there), so they are checked for their type and length alone: this runs for
    every file of a cached run, and a walk over their characters cost a fifth of it."""
    if type(stored) is not list or len(stored) not in (3, 4):
        return None
    digest, stamp, result = stored[:3]
    rows = stored[3] if len(stored) == 4 else None
    if type(digest) is not str or len(digest) != 32:
        return None
    if type(stamp) is not list or len(stamp) not in (0, 4):
        return None
    if not (result == 0 and type(result) is int) and type(result) is not dict:
        return None
    if len(stored) == 4 and not (
        isinstance(rows, list) and len(rows) == 2 and is_int(rows[0]) and rows[0] >= 1
    ):
        return None
    return digest, stamp, result, rows


def is_int(value: Any) -> bool:
    return type(value) is int  # not a bool, not a float


def findings_of(path: str, stored: dict[str, Any], rules: RuleSet) -> FileResult | None:
    """The FileResult of a stored entry with findings, if every part of it is what a
    check of ``path`` with ``rules`` could give (None if not)."""
    if set(stored) - {"i"} != {"n", "d", "s", "l"}:
        return None
    count, rows, hidden_rows, lines = stored["n"], stored["d"], stored["s"], stored["l"]
    scripts = stored.get("i", [])  # the specs' script ids, when sdf-project is set
    if not (is_int(count) and count >= 1 and isinstance(lines, dict)):
        return None
    if not (isinstance(scripts, list) and all(isinstance(i, str) for i in scripts)):
        return None
    if not (isinstance(rows, list) and isinstance(hidden_rows, list)):
        return None
    if not (rows or hidden_rows or scripts) or ("i" in stored and not scripts):
        return None
    enabled = rules.enabled_for(path)
    by_number: dict[int, str] = {}
    for number, text in lines.items():
        if not (isinstance(text, str) and number.isdigit() and number == str(int(number))):
            return None
        by_number[int(number)] = text

    def load(row: Any, hidden: bool) -> Diagnostic | None:
        if not (isinstance(row, list) and len(row) == 11):
            return None
        line, column, end_line, end_column, code, rule, severity, message, reason, fp, fix = row
        numbers = (line, column, end_line, end_column)
        if not all(is_int(n) and n >= 1 for n in numbers):
            return None
        # (the parser may mark the end of a file with no final line break one line on)
        if (end_line, end_column) < (line, column) or end_line > count + 1:
            return None
        # Inside its line too (a fresh span may end one past the line's end, at its break).
        width = len(by_number.get(line, "")) + 2
        if column > width or (end_line == line and end_column > width):
            return None
        known = rules.rules.get(code) if isinstance(code, str) else None
        if known is None or not enabled(code) or rule != known.name:
            return None
        if not (is_int(severity) and severity == int(rules.severities[code])):
            return None
        if not (isinstance(message, str) and isinstance(fp, str) and len(fp) <= 64):
            return None
        if not (reason is None or (hidden and isinstance(reason, str))):
            return None
        if not isinstance(fix, bool):
            return None
        span = Span(line, column, end_line, end_column)
        return Diagnostic(path, span, code, rule, Severity(severity), message, reason, fp, fix)

    diagnostics = [load(row, False) for row in rows]
    suppressed = [load(row, True) for row in hidden_rows]
    shown = [d for d in (*diagnostics, *suppressed) if d is not None]
    if len(shown) != len(diagnostics) + len(suppressed):
        return None
    if set(by_number) != {d.span.line for d in shown}:
        return None
    return FileResult(
        path,
        tuple(d for d in diagnostics if d is not None),
        by_number,
        suppressed=tuple(d for d in suppressed if d is not None),
        script_ids=tuple(scripts),
    )
