"""Many files at once: the cache first, then the rest on every core, in a stable order.

Files are independent, so they are checked in chunks by a process pool and only their
results travel back. A worker rebuilds the run's settings from the configuration's
picklable description, through the same function that built the run's configuration
(``config.load``; compiled validators do not cross processes); where processes are
forked, it inherits them instead. Small runs stay in one process: starting workers costs more
than it saves below a few hundred files.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Final, Protocol, TypeVar, cast

from nslint.discovery import Missing
from nslint.results import Checking, FileResult, Settings

if TYPE_CHECKING:
    from nslint.config import Description

R = TypeVar("R")
Task = Callable[[str | Missing, Settings], R]
"""What is made of one file in a worker: its check result (``check``), or more
(``nslint report``'s inventory facts). A module-level function: it goes to workers."""


Compact = tuple[tuple[int, ...], str]
"""A result with nothing to report, as it travels back from a worker: stat and digest."""


class Store(Protocol[R]):
    """Where results are kept between runs (``cache.Cache``, for results of ``check``)."""

    @property
    def warning(self) -> str | None:
        """Why a part of it was ignored, if one was."""

    def lookup(self, path: str) -> R | None: ...
    def store(self, result: R) -> None: ...
    def save(self) -> None: ...


PARALLEL_MIN = 200
"""Fewer files than this are checked in this process."""


class Recipe:
    """How to make the run's settings again in a worker: the configuration's picklable
    description (``config.load`` built it with the configuration) and how to check.

    A plain class, not a NamedTuple, so that importing it generates no code (issue 16)."""

    __slots__ = ("checking", "config")

    def __init__(self, config: Description, checking: Checking) -> None:
        self.config: Final = config
        self.checking: Final = checking

    def build(self) -> Settings:
        from nslint.config import rebuild
        from nslint.ruleset import for_config

        config = rebuild(self.config)
        return Settings.of(config, for_config(config), self.checking)


_settings: Settings | None = None
"""The settings of this worker process (inherited when forked, else built)."""


def _start_worker(recipe: Recipe) -> None:
    global _settings
    # Ctrl-C reaches every process of the terminal's group: the main process stops the
    # run (exit 130); a worker that raised KeyboardInterrupt too would print a traceback.
    import signal  # here: its enums cost a one-file run's start-up

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _settings is None:
        _settings = recipe.build()


def check(item: str | Missing, settings: Settings) -> FileResult:
    """The task of ``nslint check``: the engine's result (the engine loaded when used)."""
    from nslint.engine import check

    return check(item, settings)


def _check_chunk(task: Task[R], chunk: list[str | Missing]) -> list[R | Compact]:
    """The results of a chunk; a file with nothing to report travels back as just its
    stat and digest (most files: pickling whole results would cost more than checking)."""
    assert _settings is not None
    out: list[R | Compact] = []
    for item in chunk:
        result = task(item, _settings)
        if not isinstance(result, FileResult):
            out.append(result)
            continue
        kept = result.diagnostics or result.suppressed or result.script_ids
        if kept or result.error is not None:
            out.append(result)
        else:
            out.append((result.stat, result.digest))
    return out


def _expand(item: str | Missing, result: R | Compact) -> R:
    if type(result) is not tuple:  # (a NamedTuple is not one)
        return cast("R", result)
    stamp, digest = result
    path = item if isinstance(item, str) else item.path
    return cast("R", FileResult(path, digest=digest, stat=stamp))  # only a FileResult is compacted


def _warm(settings: Settings) -> None:
    """Import and compile what every file needs, so that forked workers inherit it."""
    from nslint import schema
    from nslint.declarative import DeclarativeRule

    schema.warm()
    for _, check, options in settings.rules.checks:
        if isinstance(check, DeclarativeRule):
            check.prepare(options)


def jobs_wanted(jobs: int) -> int:
    """``jobs``, or the cores this process may use when it is 0."""
    if jobs > 0:
        return jobs
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def check_all(
    found: Sequence[str | Missing],
    settings: Settings | Callable[[], Settings],
    recipe: Recipe | None = None,
    jobs: int = 1,
    cache: Store[FileResult] | None = None,
) -> Iterator[FileResult]:
    """The result of each file in ``found``, in order. ``settings`` may be a function
    that makes them: it is called only if some file is not in the cache."""
    return run_all(found, settings, check, recipe, jobs, cache)


def run_all(
    found: Sequence[str | Missing],
    settings: Settings | Callable[[], Settings],
    task: Task[R],
    recipe: Recipe | None = None,
    jobs: int = 1,
    cache: Store[R] | None = None,
) -> Iterator[R]:
    """What ``task`` makes of each file in ``found``, in order, as ``check_all``."""
    results: list[R | None] = [None] * len(found)
    todo: list[int] = []
    lookup = cache.lookup if cache is not None else None
    for index, item in enumerate(found):
        hit = lookup(item) if lookup is not None and isinstance(item, str) else None
        if hit is None:
            todo.append(index)
        else:
            results[index] = hit
    checked: Iterator[R] = iter(())
    if todo:
        if not isinstance(settings, Settings):
            settings = settings()
        jobs = jobs_wanted(jobs) if recipe else 1
        checked = _check([found[i] for i in todo], settings, task, recipe, jobs)
    for result in results:
        if result is None:
            result = next(checked)
            if cache is not None:
                cache.store(result)
        yield result
    if cache is not None:
        cache.save()


def _check(
    items: list[str | Missing], settings: Settings, task: Task[R], recipe: Recipe | None, jobs: int
) -> Iterator[R]:
    if jobs <= 1 or recipe is None or len(items) < PARALLEL_MIN:
        for item in items:
            yield task(item, settings)
        return
    import multiprocessing  # only for a pool: it costs start-up time
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _settings
    # Small chunks: the last one to finish holds the run up (and results stream back).
    size = max(16, len(items) // (jobs * 32))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    jobs = min(jobs, len(chunks))  # never more processes than work (--jobs 100000)
    methods = multiprocessing.get_all_start_methods()
    fork = "fork" in methods
    context = multiprocessing.get_context("fork" if fork else None)
    if fork:
        _warm(settings)  # compile once here, rather than once in every worker
    _settings = settings  # what a forked worker inherits
    done = 0
    try:
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_start_worker, initargs=(recipe,)
        ) as pool:
            try:
                results = pool.map(partial(_check_chunk, task), chunks)
                for chunk, chunk_results in zip(chunks, results, strict=True):
                    done += 1
                    for item, result in zip(chunk, chunk_results, strict=True):
                        yield _expand(item, result)
            except KeyboardInterrupt:
                # Stop now: the chunks not started are dropped, not waited for.
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    except (BrokenProcessPool, OSError):
        # A worker died (killed, out of memory) or no worker could start: finish here.
        for chunk in chunks[done:]:
            for item in chunk:
                yield task(item, settings)
    finally:
        _settings = None
