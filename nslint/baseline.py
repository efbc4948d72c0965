"""Baselines: adopt nslint on a repository that already has findings.

``--write-baseline FILE`` records today's findings; ``--baseline FILE`` (or the
``baseline`` key) then hides them and reports only new ones. A finding is matched by its
path (relative to the baseline file's directory), its code and its content fingerprint
(``Diagnostic.fingerprint``), never by line number, so edits elsewhere in the file do not
bring it back. Entries for checked files that no longer match anything are counted as
fixed, so that the baseline can be tightened.

Writing a baseline again replaces the entries of the files checked in that run and
keeps those of the files it did not check (a run on a subset of the files, or a file
that could not be read), unless the file no longer exists. NS001, NS008 and NS009 are
never recorded: a file that was not read, parsed or checked completely is never
accepted.
"""

from __future__ import annotations

import collections
import json
import os
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from nslint import atomic, display
from nslint.diagnostics import Diagnostic
from nslint.discovery import relative_path
from nslint.errors import UsageError
from nslint.results import FileResult
from nslint.source import read_regular

if TYPE_CHECKING:
    from nslint.ruleset import RuleSet

VERSION = 2
"""2: fingerprints of the offending content, not of its line (1)."""
MAX_SIZE = 64 * 1024 * 1024
"""The largest baseline file read (some 250,000 findings)."""

Key = tuple[str, str, str]
"""(path relative to the baseline's directory, code, fingerprint)."""


class Written(NamedTuple):
    """What ``write`` recorded."""

    recorded: int
    """Findings of this run recorded."""
    kept: int
    """Entries kept from the baseline that was there, for files not checked this time."""
    kept_files: int
    """How many files those kept entries are for."""
    not_recorded: tuple[Diagnostic, ...]
    """Findings that are never recorded (NS001, NS008, NS009)."""
    replaced_old: int
    """Entries of a baseline written by an older nslint, dropped (not kept)."""


def write(file: str, results: Sequence[FileResult], always_on: Collection[str]) -> Written:
    """Record the findings of ``results`` in ``file``, keeping the entries of the
    baseline already there for the files that were not checked (and still exist). A path
    that is not UTF-8 is recorded with its bytes as ``\\xNN`` (``display.unicode``).
    The findings of the rules that are always on (``always_on``) are never recorded."""
    base = os.path.dirname(os.path.abspath(file))
    checked = {display.unicode(relative_path(r.path, base)) for r in results if r.error is None}
    entries = [
        {
            "path": display.unicode(relative_path(d.path, base)),
            "code": d.code,
            "fingerprint": d.fingerprint,
            "message": d.message,
        }
        for result in results
        if result.error is None
        for d in result.diagnostics
        if d.code not in always_on  # a file that does not parse is never accepted
    ]
    count = len(entries)
    previous, replaced_old = _previous_entries(file)
    kept = [
        entry
        for entry in previous
        if entry["path"] not in checked and os.path.lexists(os.path.join(base, entry["path"]))
    ]
    entries += kept
    entries.sort(key=lambda entry: (entry["path"], entry["code"], entry["fingerprint"]))
    document = {
        "version": VERSION,
        "tool": "nslint",
        "findings": entries,
    }
    atomic.write_text(file, display.json_text(document))
    not_recorded = tuple(d for result in results for d in result.diagnostics if d.code in always_on)
    kept_files = len({entry["path"] for entry in kept})
    return Written(count, len(kept), kept_files, not_recorded, replaced_old)


def _previous_entries(file: str) -> tuple[list[dict[str, Any]], int]:
    """The entries of the baseline ``file`` holds now (none if there is no file), and
    how many entries a baseline of an older version held (they cannot be kept: their
    fingerprints are not this version's). A file that is not a baseline is a
    UsageError: it is not overwritten."""
    if not os.path.lexists(file):
        return [], 0
    try:
        document = _read(file)
        if _older(document):
            return [], len(document["findings"])
        return Baseline.parse(file, document).findings, 0
    except UsageError as error:
        raise UsageError(f"{error}; not overwritten (remove it or choose another file)") from None


def _read(file: str) -> Any:
    """The JSON document in ``file`` (a regular file of at most ``MAX_SIZE`` bytes)."""
    try:
        raw = read_regular(file, MAX_SIZE)
    except OSError as error:
        raise UsageError(f"cannot read baseline {file}: {error.strerror or error}") from None
    if len(raw) > MAX_SIZE:
        raise UsageError(
            f"baseline {file} is larger than {MAX_SIZE // 1024 // 1024} MiB; "
            "a baseline nslint writes is far smaller: write it again with --write-baseline"
        )
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise UsageError(f"baseline {file} is not JSON: {error}") from None
    except RecursionError:
        raise UsageError(f"baseline {file} is not a baseline: it is nested too deeply") from None


def _older(document: Any) -> bool:
    """Whether ``document`` is a baseline of an older version of this format."""
    return (
        isinstance(document, dict)
        and document.get("tool") == "nslint"
        and type(document.get("version")) is int
        and 1 <= document["version"] < VERSION
        and isinstance(document.get("findings"), list)
    )


class Baseline:
    """The recorded findings of a baseline file, as a multiset of keys; ``findings``
    holds the entries as recorded (with their messages)."""

    __slots__ = ("entries", "file", "findings")

    def __init__(
        self,
        file: str,
        entries: collections.Counter[Key],
        findings: list[dict[str, Any]] | None = None,
    ) -> None:
        self.file = file
        self.entries = entries
        self.findings: list[dict[str, Any]] = [] if findings is None else findings

    @classmethod
    def load(cls, file: str) -> Baseline:
        return cls.parse(file, _read(file))

    @classmethod
    def parse(cls, file: str, document: Any) -> Baseline:
        """The baseline in ``file``'s JSON ``document``, or a UsageError saying why not."""
        if _older(document):
            raise UsageError(
                f"baseline {file} was written by an older nslint (baseline version "
                f"{document['version']}), whose fingerprints this one does not match; "
                f"write it again with --write-baseline {file}"
            )
        findings = document.get("findings") if isinstance(document, dict) else None
        if (
            not isinstance(document, dict)
            or document.get("version") != VERSION
            or not isinstance(findings, list)
            or not all(
                isinstance(f, dict)
                and all(isinstance(f.get(k), str) for k in ("path", "code", "fingerprint"))
                for f in findings
            )
        ):
            raise UsageError(
                f"baseline {file} is not an nslint baseline (version {VERSION}); "
                "write it again with --write-baseline"
            )
        return cls(
            file,
            collections.Counter((f["path"], f["code"], f["fingerprint"]) for f in findings),
            findings,
        )

    def apply(
        self,
        results: Sequence[FileResult],
        reported: Callable[[str, str], bool],
        always_on: Collection[str],
    ) -> tuple[list[FileResult], int]:
        """The results without the baseline's findings, and how many entries matched
        nothing though their file was checked and their code reported in it (fixed).
        The findings of the rules that are always on (``always_on``: NS001, NS008 and
        NS009) are never hidden, whatever the file says."""
        base = os.path.dirname(os.path.abspath(self.file))
        remaining = collections.Counter(self.entries)
        checked: dict[str, str] = {}
        filtered = []
        for result in results:
            path = display.unicode(relative_path(result.path, base))  # as written
            if result.error is None:  # the entries of an unreadable file are not fixed
                checked[path] = result.path
            kept = []
            for d in result.diagnostics:
                key = (path, d.code, d.fingerprint)
                if remaining[key] > 0 and d.code not in always_on:
                    remaining[key] -= 1
                else:
                    kept.append(d)
            hidden = len(result.diagnostics) - len(kept)
            filtered.append(result._replace(diagnostics=tuple(kept), baselined=hidden))
        fixed = sum(
            count
            for (path, code, _), count in remaining.items()
            if path in checked and reported(checked[path], code)
        )
        return filtered, fixed


def record(
    path: str, results: list[FileResult], rules: RuleSet, say: Callable[[str], None]
) -> None:
    """``--write-baseline``: write the baseline, and say what it holds."""
    from nslint.values import counted
    from nslint.writing import make_way

    try:
        make_way(path, [r.path for r in results])
        written = write(path, results, rules.always_on)
    except OSError as error:
        raise UsageError(
            f"cannot write {display.escape(path)}: {error.strerror or error}"
        ) from None
    shown = display.escape(path)
    kept = ""
    if written.kept:
        kept = (
            f", and kept {counted(written.kept, 'finding')} of "
            f"{counted(written.kept_files, 'file')} not checked in this run"
        )
    say(
        f"nslint: wrote {counted(written.recorded, 'finding')} to {shown}{kept}; run with "
        f"--baseline {shown} (or `baseline: {shown}` in .nslint.yaml) to report only new ones"
    )
    if written.replaced_old:
        say(
            f"nslint: warning: {shown} was written by an older nslint: its "
            f"{counted(written.replaced_old, 'entry', 'entries')} for files not checked in "
            "this run could not be kept (their fingerprints do not match this version's)"
        )
    for d in written.not_recorded:
        say(
            f"nslint: warning: {display.path(d.path)}:{d.span.line}:{d.span.column}: {d.code} "
            f"is not recorded in {shown}: a file that was not read, parsed or checked "
            "completely is always reported"
        )


def subtract(
    path: str, results: list[FileResult], rules: RuleSet, say: Callable[[str], None]
) -> list[FileResult]:
    """``baseline``: the results without the findings the baseline records (and say
    which of its entries are fixed)."""
    loaded = Baseline.load(path)
    results, fixed = loaded.apply(
        results, lambda file, code: rules.enabled_for(file)(code), rules.always_on
    )
    if fixed:
        entries, them = ("entry is", "it") if fixed == 1 else ("entries are", "them")
        say(
            f"nslint: {fixed} baseline {entries} fixed; rewrite the baseline with "
            f"--write-baseline {display.escape(path)} to keep {them} fixed"
        )
    return results
