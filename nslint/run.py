"""The work of ``nslint check``, without the command line: discover the files, take
what the cache has, check the rest (on every core for a large run), fix, apply or write
the baseline, and say how the run ends (an ``Outcome``, with its exit code).

Nothing here prints to standard output or exits: what a person must read on standard
error goes to ``say``, a problem that ends the run is a ``UsageError``, and the command
line (``nslint.cli``) renders the results and exits, in one place.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Final

from nslint import display
from nslint.config import KEYS, RunConfig
from nslint.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError
from nslint.values import counted

if TYPE_CHECKING:
    from nslint import sdf
    from nslint.cache import Cache
    from nslint.diagnostics import Severity
    from nslint.discovery import FileFilter, Missing
    from nslint.results import Checking, FileResult, Settings
    from nslint.ruleset import RuleSet

Say = Callable[[str], None]
"""Where a run's messages for people go (standard error), one line each."""
Progress = Callable[[int], AbstractContextManager[Callable[[], None]]]
"""A progress display for so many files: a context giving the function to call after
each."""


class Session:
    """The configuration a command runs with, and its rules, loaded when first needed:
    a check whose every file is cached (under a key only a valid configuration was
    stored with) needs none."""

    __slots__ = ("_rules", "_walk", "config")

    def __init__(self, config: RunConfig) -> None:
        self.config = config
        self._rules: RuleSet | None = None
        self._walk: FileFilter | None = None

    @property
    def rules(self) -> RuleSet:
        """The rule set (a ``UsageError`` for a configuration the registry refuses)."""
        if self._rules is None:
            from nslint import ruleset

            self._rules = ruleset.for_config(self.config)
        return self._rules

    @property
    def problems(self) -> tuple[str, ...]:
        """The plugins that failed to load (only plugins can fail so)."""
        return self.rules.registry.problems if self.config.plugins else ()

    @property
    def walk(self) -> FileFilter:
        """Which files a directory walk takes."""
        if self._walk is None:
            from nslint import ruleset

            self._walk = ruleset.walk_filter(self.config)
        return self._walk

    def settings(self, checking: Checking) -> Settings:
        """The settings files are checked with."""
        from nslint.results import Settings

        return Settings.of(self.config, self.rules, checking)

    def inputs(self) -> list[str]:
        """The files besides the specs that a run reads: its configuration, rule packs and
        baseline (which an ``--output`` must not replace)."""
        config = self.config
        return [
            *([config.file] if config.file else []),
            *config.rule_packs,
            *([config.baseline] if config.baseline else []),
        ]


def configure(
    cwd: str, config_file: str | None, isolated: bool, overrides: dict[str, Any]
) -> Session:
    """The session of a command: the configuration file's, then the command line's."""
    from nslint.config import load

    if isolated and config_file:
        raise UsageError("--config and --isolated cannot be used together")
    return Session(load(cwd, config_file, isolated, overrides))


class Request:
    """What ``nslint check`` was asked to do, beyond the configuration, as the flags say;
    ``quiet``: no progress display (the output is a document for machines, or a
    baseline). This class and the next are plain classes, not NamedTuples, so that
    importing them generates no code (issue 16)."""

    __slots__ = (
        "cache",
        "debug",
        "diff",
        "exit_zero",
        "fingerprints",
        "fix",
        "force_exclude",
        "jobs",
        "paths",
        "quiet",
        "stdin_filename",
        "unsafe_fixes",
        "write_baseline",
    )

    def __init__(
        self,
        paths: tuple[str, ...] = (),
        stdin_filename: str | None = None,
        force_exclude: bool = False,
        fix: bool = False,
        unsafe_fixes: bool = False,
        diff: bool = False,
        write_baseline: str | None = None,
        exit_zero: bool = False,
        jobs: int = 0,
        cache: bool = True,
        debug: bool = False,
        fingerprints: bool = True,
        quiet: bool = False,
    ) -> None:
        self.paths: Final = paths
        self.stdin_filename: Final = stdin_filename
        self.force_exclude: Final = force_exclude
        self.fix: Final = fix
        self.unsafe_fixes: Final = unsafe_fixes
        self.diff: Final = diff
        self.write_baseline: Final = write_baseline
        self.exit_zero: Final = exit_zero
        self.jobs: Final = jobs
        self.cache: Final = cache
        self.debug: Final = debug
        self.fingerprints: Final = fingerprints
        self.quiet: Final = quiet


class Outcome:
    """How a check ended: the results to render, the problems met (already said), and
    ``final``, the exit code when nothing is left to print (``--diff``,
    ``--write-baseline``), with ``diff``, the diff to print."""

    __slots__ = ("diff", "final", "problems", "results", "targets")

    def __init__(
        self,
        results: list[FileResult],
        problems: list[str],
        targets: list[str],
        final: int | None = None,
        diff: str = "",
    ) -> None:
        self.results: Final = results
        self.problems: Final = problems
        self.targets: Final = targets
        self.final: Final = final
        self.diff: Final = diff

    def exit_code(self, fail_on: Severity, exit_zero: bool, more_problems: bool = False) -> int:
        """2 for a problem, 1 for a finding at or above ``fail_on`` (unless
        ``exit_zero``), else 0."""
        if self.final is not None:
            return self.final
        if self.problems or more_problems:
            return EXIT_ERROR
        failed = any(d.severity >= fail_on for r in self.results for d in r.diagnostics)
        return EXIT_FINDINGS if failed and not exit_zero else EXIT_OK


PROGRESS_THRESHOLD = 300
"""More files than this get a progress display (when the caller gives one)."""


def check(
    session: Session, request: Request, say: Say, progress: Progress | None = None
) -> Outcome:
    """Check what ``request`` names with ``session``'s configuration."""
    from nslint.results import Checking

    config = session.config
    project = sdf_project(config)
    scripts = None if project is None else project.scripts()
    checking = Checking(request.debug, request.fingerprints, request.cache, scripts)
    targets = _targets(request.paths, request.stdin_filename)
    fix_problems: list[str] = []
    lazy = Lazy(session, checking)
    if request.fix or request.diff:
        fixed = _fix(targets, lazy, request, say)
        if isinstance(fixed, Outcome):
            return fixed
        fix_problems = fixed
    results = _check_all(targets, lazy, request, say, progress)
    if project is not None:  # after every spec: NS702 needs all their script ids
        from nslint import sdf

        results += sdf.results(project, sdf.spec_scripts(results), lazy.settings)
    problems = list(session.problems)
    problems.extend(result.error for result in results if result.error is not None)
    for problem in problems:
        say(f"nslint: error: {display.escape(problem)}")
    problems.extend(fix_problems)  # already said
    if request.write_baseline:
        from nslint import baseline

        if not results:
            say(nothing_found(targets, config))
        baseline.record(request.write_baseline, results, session.rules, say)
        return Outcome(results, problems, targets, EXIT_ERROR if problems else EXIT_OK)
    if config.baseline is not None:
        from nslint import baseline

        results = baseline.subtract(config.baseline, results, session.rules, say)
    if not results:
        say(nothing_found(targets, config))
    return Outcome(results, problems, targets)


class Lazy:
    """The settings of a check, made (with the rule set) only when some file is not in
    the cache."""

    __slots__ = ("_settings", "checking", "session")

    def __init__(self, session: Session, checking: Checking) -> None:
        self.session = session
        self.checking = checking
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = self.session.settings(self.checking)
        return self._settings


def sdf_project(config: RunConfig) -> sdf.Project | None:
    """The SDF project of ``sdf-project``, read (None when the key is unset)."""
    path = config.sdf_project
    if path is None:
        return None
    from nslint import sdf

    return sdf.load(path, config.max_file_size)


def _targets(paths: tuple[str, ...], stdin_filename: str | None) -> list[str]:
    """What ``check`` reads: the paths, or standard input when only --stdin-filename is
    given (as ruff does), or the current directory."""
    if not paths:
        return ["-"] if stdin_filename is not None else ["."]
    if stdin_filename is not None and "-" not in paths:
        raise UsageError(
            "--stdin-filename names the spec read from standard input, but no PATH is -: "
            "add - to the paths, or give no PATH to check standard input alone"
        )
    return list(paths)


def nothing_found(targets: list[str], config: RunConfig) -> str:
    """The warning that no file was checked at all (the exit code stays 0, as ruff's
    does for a directory without Python files)."""
    import json

    def shown(key: Any) -> str:
        value = config.value(key)
        origin = config.origin(key)
        if isinstance(value, bool):
            text = json.dumps(value)
        elif key is RunConfig.exclude and origin == "default":
            text = "nslint's list of non-spec paths (`nslint config` shows it)"
        elif isinstance(value, (tuple, list)):
            text = ", ".join(json.dumps(glob) for glob in value) or "none"
        else:
            text = json.dumps(key.kind.show(value))
        return display.escape(f"{key.name} is {text} ({origin})")

    where = ", ".join(display.path(target) for target in targets)
    # The keys that shape a walk, as declared; an empty list left at its default says
    # nothing (extend-exclude, usually).
    walked = [
        key
        for key in KEYS
        if key.walk and (config.value(key) != () or config.origin(key) != "default")
    ]
    return f"nslint: warning: no spec files found in {where}, so nothing was checked; " + ", ".join(
        shown(key) for key in walked
    )


def _check_all(
    targets: list[str], lazy: Lazy, request: Request, say: Say, progress: Progress | None
) -> list[FileResult]:
    """Every file's result, in a stable order: standard input here, files through the
    cache and the process pool, with a progress display for long runs."""
    from nslint.batch import Recipe, check_all
    from nslint.discovery import discover

    session = lazy.session
    found: list[str | Missing | None] = []
    for each in discover(targets, session.walk, request.force_exclude, request.stdin_filename):
        if each != "-":
            found.append(each)
        elif None not in found:  # standard input is read once, however often it is named
            found.append(None)
    files = [item for item in found if item is not None]
    cache = open_cache(lazy) if request.cache and files else None
    recipe = Recipe(session.config.description, lazy.checking)
    checked = check_all(files, lambda: lazy.settings, recipe, request.jobs, cache)
    if cache is None:
        lazy.settings  # noqa: B018  # checks the configuration even when no file is given

    def result_of(item: str | Missing | None) -> FileResult:
        if item is None:
            from nslint.engine import check

            return check("-", lazy.settings, name=request.stdin_filename or "<stdin>")
        return next(checked)

    if progress is not None and not request.quiet and len(found) > PROGRESS_THRESHOLD:
        results = []
        with progress(len(found)) as advance:
            for entry in found:
                results.append(result_of(entry))
                advance()
    else:
        results = [result_of(item) for item in found]
    for _ in checked:  # let the cache be saved
        pass
    if cache is not None and cache.warning is not None:
        say(f"nslint: warning: {display.escape(cache.warning)}")
    return results


def open_cache(lazy: Lazy) -> Cache:
    from nslint.cache import Cache, run_key

    config = lazy.session.config
    return Cache(config.root, run_key(config, lazy.checking), lambda: lazy.session.rules)


def _fix(targets: list[str], lazy: Lazy, request: Request, say: Say) -> list[str] | Outcome:
    """--fix (then the check goes on with what is left; the problems it met are returned)
    or --diff (which ends the run: its outcome), with the check's own settings and walk."""
    from nslint import fix
    from nslint.discovery import Missing, discover

    if "-" in targets:
        raise UsageError("--fix and --diff work on files; standard input cannot be rewritten")
    fixed_count, files, problems, diffs, hidden = 0, 0, [], [], 0
    # A named symbolic link is fixed at its target only inside the project or a
    # directory given (a walk takes no link leading out of the directory walked).
    trees = [lazy.session.walk.root, *(t for t in targets if os.path.isdir(t))]
    for found in discover(targets, lazy.session.walk, request.force_exclude):
        if isinstance(found, Missing):
            continue  # the check reports it
        fixed = fix.fix_file(found, lazy.settings, request.unsafe_fixes)
        if request.diff:
            diffs.append(fix.diff(fixed))
            if fixed.error:
                problems.append(fixed.error)
            elif not request.unsafe_fixes:  # what --unsafe-fixes would add, to say so
                hidden += fix.fix_file(found, lazy.settings, True).count - fixed.count
            continue
        problem = fix.write(fixed, trees)
        if isinstance(problem, fix.Skipped):
            say(f"nslint: warning: {display.escape(problem)}")  # its findings stand
        elif problem:
            problems.append(problem)
        elif fixed.fixed != fixed.original:
            fixed_count += fixed.count
            files += 1
    for problem in problems:
        say(f"nslint: error: {display.escape(problem)}")
    if request.diff:
        if hidden:
            fixes = counted(hidden, "hidden fix", "hidden fixes")
            say(f"nslint: {fixes} can be enabled with the `--unsafe-fixes` option")
        if problems:
            final = EXIT_ERROR
        else:
            final = EXIT_FINDINGS if any(diffs) and not request.exit_zero else EXIT_OK
        return Outcome([], problems, targets, final, "".join(diffs))
    if fixed_count or files:
        say(f"nslint: fixed {counted(fixed_count, 'finding')} in {counted(files, 'file')}")
    return problems
