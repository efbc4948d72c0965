"""Baselines: adopt nslint on a repository that already has findings.

``--write-baseline FILE`` records today's findings; ``--baseline FILE`` (or the
``baseline`` key) then hides them and reports only new ones. A finding is matched by its
path (relative to the baseline file's directory), its code and its content fingerprint
(``Diagnostic.fingerprint``), never by line number, so edits elsewhere in the file do not
bring it back. Entries for checked files that no longer match anything are counted as
fixed, so that the baseline can be tightened.
"""

from __future__ import annotations

import collections
import dataclasses
import json
import os
from collections.abc import Callable, Sequence
from typing import Any

from nslint import atomic, display
from nslint.discovery import relative_path
from nslint.errors import UsageError
from nslint.results import FileResult
from nslint.structural import ALWAYS_ON

VERSION = 1

Key = tuple[str, str, str]
"""(path relative to the baseline's directory, code, fingerprint)."""


def write(file: str, results: Sequence[FileResult]) -> int:
    """Record the findings of ``results`` in ``file``; returns how many. A path that
    is not UTF-8 is recorded with its bytes as ``\\xNN`` (``display.unicode``)."""
    base = os.path.dirname(os.path.abspath(file))
    entries = sorted(
        (
            {
                "path": relative_path(d.path, base),
                "code": d.code,
                "fingerprint": d.fingerprint,
                "message": d.message,
            }
            for result in results
            for d in result.diagnostics
            if d.code not in ALWAYS_ON  # a file that does not parse is never accepted
        ),
        key=lambda entry: (entry["path"], entry["code"], entry["fingerprint"]),
    )
    document = {
        "version": VERSION,
        "tool": "nslint",
        "findings": entries,
    }
    atomic.write_text(file, display.json_text(document))
    return len(entries)


@dataclasses.dataclass
class Baseline:
    """The recorded findings of a baseline file, as a multiset of keys."""

    file: str
    entries: collections.Counter[Key]

    @classmethod
    def load(cls, file: str) -> Baseline:
        try:
            with open(file, encoding="utf-8") as handle:
                document: Any = json.load(handle)
        except OSError as error:
            raise UsageError(f"cannot read baseline {file}: {error.strerror or error}") from None
        except (ValueError, UnicodeDecodeError) as error:
            raise UsageError(f"baseline {file} is not JSON: {error}") from None
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
            file, collections.Counter((f["path"], f["code"], f["fingerprint"]) for f in findings)
        )

    def apply(
        self, results: Sequence[FileResult], reported: Callable[[str, str], bool]
    ) -> tuple[list[FileResult], int]:
        """The results without the baseline's findings, and how many entries matched
        nothing though their file was checked and their code reported in it (fixed).
        NS001, NS008 and NS009 are never hidden, whatever the file says."""
        base = os.path.dirname(os.path.abspath(self.file))
        remaining = collections.Counter(self.entries)
        checked: dict[str, str] = {}
        filtered = []
        for result in results:
            path = display.unicode(relative_path(result.path, base))  # as written
            checked[path] = result.path
            kept = []
            for d in result.diagnostics:
                key = (path, d.code, d.fingerprint)
                if remaining[key] > 0 and d.code not in ALWAYS_ON:
                    remaining[key] -= 1
                else:
                    kept.append(d)
            filtered.append(result._replace(diagnostics=tuple(kept)))
        fixed = sum(
            count
            for (path, code, _), count in remaining.items()
            if path in checked and reported(checked[path], code)
        )
        return filtered, fixed
