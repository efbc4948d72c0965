"""NetSuite releases (``2027.1``): parsing, ordering, and the one current on a date."""

from __future__ import annotations

import datetime
import re
from typing import NamedTuple

_RELEASE = r"([0-9]{4})\.([12])"
"""Any four-digit year from 0001 (the first a date can have): no last release is
hard-coded, and ``[0-9]`` rather than ``\\d``, which also matches other scripts' digits.
Compiled (by re's own cache) when a release is first given, not at start-up."""


class Release(NamedTuple):
    """A NetSuite release: two a year, ``YYYY.1`` (January-June) and ``YYYY.2``."""

    year: int
    half: int

    def __str__(self) -> str:
        return f"{self.year}.{self.half}"

    @classmethod
    def parse(cls, text: str) -> Release:
        """``"2027.1"`` -> Release(2027, 1); ValueError for anything else."""
        match = re.fullmatch(_RELEASE, text.strip())
        if not match or int(match.group(1)) < datetime.MINYEAR:
            raise ValueError(f"{text!r} is not a NetSuite release; write YYYY.1 or YYYY.2")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def on(cls, day: datetime.date) -> Release:
        """The release current on ``day``: January-June is YYYY.1, July-December YYYY.2."""
        return cls(day.year, 1 if day.month <= 6 else 2)

    @classmethod
    def today(cls) -> Release:
        """The release current today: what a run targets unless told otherwise."""
        return cls.on(datetime.date.today())


TBA_CUTOFF = Release(2027, 1)
"""From this release no new integration using Token-based Authentication can be created."""

REFRESH_TOKEN_VALIDITY = Release(2025, 2)
"""From this release the refresh token validity of an integration record can be changed."""

MULTIPLE_REDIRECT_URIS = Release(2026, 1)
"""From this release an integration record can have more than one redirect URI."""
