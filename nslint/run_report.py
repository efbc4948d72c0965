"""The work of ``nslint report`` (and of ``check --summary``), without the command line:
the runner's path of ``check``, discovery -> cache -> pool, with each file's inventory
facts (``inventory.facts``) made in a worker and kept in the cache beside its result.

A cached entry holds the file's inventory rows only when a report wrote it (a check
does not make them); its rows are checked here as strictly as the cache checks cached
findings (``nslint.cache_trust``): shape, types, values a spec could give, a line inside
the file, findings that are the cached result's own. Anything else is a miss.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from nslint import display
from nslint.cache_trust import is_int as _is_int
from nslint.run import Lazy, Say, Session, open_cache

if TYPE_CHECKING:
    from nslint.cache import Cache
    from nslint.inventory import Facts, Hours, Integration
    from nslint.results import FileResult


def inventory(
    targets: Iterable[str],
    session: Session,
    output_format: str,
    say: Say | None = None,
    jobs: int = 1,
    cache: bool = False,
) -> tuple[str, list[str], list[str]]:
    """The inventory report (``nslint report``) of ``targets`` in a format, the files
    that failed, and the files read: through the cache (with ``cache``) and the pool
    (``jobs``, 0 for one process per core)."""
    from nslint import inventory
    from nslint.batch import Recipe, run_all
    from nslint.discovery import discover
    from nslint.report import renderer
    from nslint.results import Checking

    found = [f for t in targets if t != "-" for f in discover([t], session.walk)]
    lazy = Lazy(session, Checking(digests=cache))
    rows = Rows(open_cache(lazy)) if cache and found else None
    recipe = Recipe(session.config.description, lazy.checking)
    every = list(run_all(found, lambda: lazy.settings, inventory.facts, recipe, jobs, rows))
    if rows is None:
        lazy.settings  # noqa: B018  # checks the configuration even when no file is given
    elif rows.warning is not None and say is not None:
        say(f"nslint: warning: {display.escape(rows.warning)}")
    report = inventory.assemble(every)
    read = [f for f in found if isinstance(f, str)]
    return renderer(output_format)(report), report.errors(), read


class Rows:
    """The cache as a store of inventory facts (``batch.Store``): a file's result with
    its rows, both checked."""

    __slots__ = ("cache",)

    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    @property
    def warning(self) -> str | None:
        return self.cache.warning

    def lookup(self, path: str) -> Facts | None:
        hit = self.cache.lookup_rows(path)
        if hit is None:
            return None
        result, lines, rows = hit
        try:
            return load_rows(result, lines, rows)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return None

    def store(self, result: Facts) -> None:
        rows = dump_rows(result)
        if rows is None:
            self.cache.store(result.result)
        else:
            self.cache.store(result.result, rows)

    def save(self) -> None:
        self.cache.save()


_SCALARS = (str, int, float, bool, type(None))


def dump_rows(facts: Facts) -> list[Any] | None:
    """The rows of a file's integrations as JSON, each finding as its index among the
    file's findings (None when a value is not one JSON keeps as it is)."""
    index = {id(d): number for number, d in enumerate(facts.result.diagnostics)}
    rows: list[Any] = []
    for i in facts.integrations:
        for hours in (i.refresh, i.rotation):
            if type(hours.value) not in _SCALARS:
                return None
        rows.append(
            [
                i.line,
                i.name,
                i.state,
                [list(pair) for pair in i.accounts],
                list(i.methods),
                i.client,
                list(i.scopes),
                list(i.refresh),
                list(i.rotation),
                i.redirect_uris,
                i.tba_migration,
                [index[id(d)] for d in i.diagnostics],
            ]
        )
    return rows


def load_rows(result: FileResult, lines: int, rows: Any) -> Facts | None:
    """The facts of a file from its cached result and rows, if the rows are what
    ``dump_rows`` could have made of a spec of ``lines`` lines with that result."""
    from nslint.inventory import METHODS, Facts, Integration

    if not isinstance(rows, list):
        return None
    integrations: list[Integration] = []
    claimed: set[int] = set()
    diagnostics = result.diagnostics
    last_line = 0
    for row in rows:
        if not (isinstance(row, list) and len(row) == 12):
            return None
        line, name, state, accounts, methods, client, scopes, refresh, rotation = row[:9]
        uris, migration, mine = row[9:]
        if not (_is_int(line) and last_line < line <= lines):
            return None
        last_line = line
        if not (_strings(name, state) and isinstance(accounts, list)):
            return None
        if not all(isinstance(a, list) and len(a) == 2 and _strings(*a) for a in accounts):
            return None
        if not (isinstance(methods, list) and _strings(*methods)):
            return None
        if methods != [m for m in METHODS if m in methods]:  # known, in order, once
            return None
        oauth = any(m.endswith("grant") for m in methods)
        if client not in (("public", "confidential") if oauth else ("",)):
            return None
        if migration not in (("new", "existing") if "TBA" in methods else ("",)):
            return None
        if not (isinstance(scopes, list) and _strings(*scopes)):
            return None
        hours = (_hours(refresh, oauth), _hours(rotation, oauth))
        if hours[0] is None or hours[1] is None:
            return None
        if not (_is_int(uris) and uris >= 0 and isinstance(mine, list)):
            return None
        if not all(_is_int(n) and 0 <= n < len(diagnostics) for n in mine):
            return None
        if sorted(set(mine)) != mine or claimed & set(mine):
            return None
        claimed.update(mine)
        integrations.append(
            Integration(
                path=result.path,
                line=line,
                name=name,
                state=state,
                accounts=tuple((a, s) for a, s in accounts),
                methods=tuple(methods),
                client=client,
                scopes=tuple(scopes),
                refresh=hours[0],
                rotation=hours[1],
                redirect_uris=uris,
                tba_migration=migration,
                diagnostics=tuple(diagnostics[n] for n in mine),
            )
        )
    rest = tuple(d for number, d in enumerate(diagnostics) if number not in claimed)
    return Facts(result, tuple(integrations), rest)


def _hours(stored: Any, oauth: bool) -> Hours | None:
    """Token hours as ``inventory._hours`` makes them, if they are such."""
    from nslint.inventory import NO_HOURS, Hours

    if not (isinstance(stored, list) and len(stored) == 3):
        return None
    value, default, shown = stored
    if type(value) not in _SCALARS or not isinstance(default, bool) or not isinstance(shown, str):
        return None
    hours = Hours(value, default, shown)
    if default:
        ok = oauth and _is_int(value) and shown == f"{value} (default)"
        return hours if ok else None
    if value is None and not shown:
        return hours if hours == NO_HOURS and not oauth else None
    return hours if shown else None


def _strings(*values: Any) -> bool:
    return all(isinstance(v, str) for v in values)


def job_summary(
    targets: list[str], session: Session, say: Say, jobs: int = 1, cache: bool = False
) -> str | None:
    """--summary: append the Markdown inventory to the file GitHub shows on the job page;
    the problem, if it could not be written (it is said: the run then exits 2)."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        say(
            "nslint: warning: --summary appends to the file that GITHUB_STEP_SUMMARY names "
            "(GitHub Actions sets it), and it is not set: no summary was written"
        )
        return None
    from nslint.writing import an_input

    text, _, read = inventory(targets, session, "markdown", say, jobs, cache)
    spec = an_input(target, read)
    if spec is not None:
        problem = (
            f"GITHUB_STEP_SUMMARY {target} is {spec}, a spec being checked: the summary "
            "is not appended to it"
        )
        say(f"nslint: error: {display.escape(problem)}")
        return problem
    try:
        # Non-blocking: a FIFO nobody reads is an error (ENXIO), not a run that waits.
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0)
        with open(os.open(target, flags, 0o666), "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        import errno

        reason = error.strerror or str(error)
        if error.errno == errno.ENXIO:
            reason = "it is a FIFO that nothing reads"
        problem = f"cannot write {target}: {reason}"
        say(f"nslint: error: {display.escape(problem)}")
        return problem
    return None
