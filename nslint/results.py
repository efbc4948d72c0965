"""What a run is configured with, and what it yields for each file.

Kept apart from the engine so that the cache, the formats and the command line can
handle results without loading the parser and the validator: a run whose every file is
cached never needs them.

The module evaluates its annotations (no ``from __future__ import annotations``), as
``diagnostics`` does: ``FileResult`` is a NamedTuple built at every start-up, and typing
would compile each of its ten annotations written as strings. Names imported for typing
alone, and a class's own name in its body, are quoted.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final, NamedTuple

from nslint import source
from nslint.diagnostics import Diagnostic
from nslint.release import Release
from nslint.ruleset import RuleSet
from nslint.ruleset import default as default_ruleset

if TYPE_CHECKING:
    from nslint.config import RunConfig


class Checking:
    """How a run checks its files, beyond the configuration: what the command line asked
    of the engine. Picklable: it goes to worker processes with the configuration's
    ``Description``.

    ``debug``: let internal errors raise (with their traceback) instead of reporting
    them. ``fingerprints``: compute each finding's content fingerprint (for json, sarif,
    gitlab, baselines). ``digests``: record each file's content digest and stat (for the
    cache). ``sdf_scripts``: the script ids of the SDF project's integration objects
    (``sdf-project``), sorted.

    A plain class, not a NamedTuple, so that importing it generates no code (issue 16)."""

    __slots__ = ("debug", "digests", "fingerprints", "sdf_scripts")

    def __init__(
        self,
        debug: bool = False,
        fingerprints: bool = True,
        digests: bool = False,
        sdf_scripts: tuple[str, ...] | None = None,
    ) -> None:
        self.debug: Final = debug
        self.fingerprints: Final = fingerprints
        self.digests: Final = digests
        self.sdf_scripts: Final = sdf_scripts


class Settings:
    """What a run is configured with (read-only fields).

    ``max_file_size``: the largest file read. ``release``: the NetSuite release the
    specs target (``--release``; default today's). ``debug``: let internal errors raise
    (with their traceback) instead of reporting them. ``rules``: which rules run, with
    what severity and options (the configuration; default nslint's). ``fingerprints``:
    compute each finding's content fingerprint (for json, sarif, gitlab, baselines).
    ``digests``: record each file's content digest and stat (for the cache).
    ``sdf_scripts``: the script ids of the SDF project's integration objects
    (``sdf-project``): NS701 checks against them, and each result then carries its
    specs' script ids (NS702).

    A plain class, not a dataclass, so that importing it generates no code (issue 16).
    """

    __slots__ = (
        "debug",
        "digests",
        "fingerprints",
        "max_file_size",
        "release",
        "rules",
        "sdf_scripts",
    )

    def __init__(
        self,
        max_file_size: int = source.DEFAULT_MAX_FILE_SIZE,
        release: Release | None = None,
        debug: bool = False,
        rules: RuleSet | None = None,
        fingerprints: bool = True,
        digests: bool = False,
        sdf_scripts: frozenset[str] | tuple[str, ...] | None = None,
    ) -> None:
        self.max_file_size: Final = max_file_size
        self.release: Final = Release.today() if release is None else release
        self.debug: Final = debug
        self.rules: Final = default_ruleset() if rules is None else rules
        self.fingerprints: Final = fingerprints
        self.digests: Final = digests
        # given as a sorted tuple by a worker's recipe (the cache's run key is made from it)
        self.sdf_scripts: Final = None if sdf_scripts is None else frozenset(sdf_scripts)

    @classmethod
    def of(cls, config: "RunConfig", rules: RuleSet, checking: Checking) -> "Settings":
        """The settings of a run with ``config``, its rule set, checking so."""
        from nslint.config import release_of

        scripts = checking.sdf_scripts
        return cls(
            config.max_file_size,
            release_of(config),
            checking.debug,
            rules,
            checking.fingerprints,
            checking.digests,
            None if scripts is None else frozenset(scripts),
        )


_NO_LINES: Mapping[int, str] = {}
"""Shared by results without findings; read-only as a Mapping (and a dict, unlike a
mapping proxy, travels back from a worker process)."""


class FileResult(NamedTuple):
    """The outcome for one file: its diagnostics, or why it could not be checked.

    A NamedTuple, not a dataclass: a run makes one per file, and a cached file is
    little more than this."""

    path: str
    diagnostics: tuple[Diagnostic, ...] = ()
    lines: Mapping[int, str] = _NO_LINES
    """The source lines the diagnostics start on, by 1-based number, for snippets."""
    error: str | None = None
    """Set when the file could not be read at all (the run then exits 2)."""
    suppressed: tuple[Diagnostic, ...] = ()
    """Findings that ``# nslint: disable`` comments suppressed (``--show-suppressed``)."""
    baselined: int = 0
    """How many findings the baseline (``--baseline``) hid, for the summary."""
    digest: str = ""
    """The checked bytes' BLAKE2 digest, with ``stat``, when ``Settings.digests``."""
    stat: tuple[int, ...] = ()
    """(mtime in ns, size, inode, ctime in ns) of the file before it was read."""
    script_ids: tuple[str, ...] = ()
    """The ``script_id`` of each of its specs, with ``Settings.sdf_scripts`` (for NS702)."""
    line_count: int | None = None
    """How many lines the file has, when the engine decoded it and found something (the
    cache stores it, to check cached positions against)."""
