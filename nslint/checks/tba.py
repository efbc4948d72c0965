"""Shared by NS401 and NS402: is TBA enabled, and is the record new at the release?"""

from __future__ import annotations

from nslint.document import Document, JSONPath
from nslint.release import TBA_CUTOFF, Release

ENABLED: JSONPath = ("token_based_authentication", "enabled")


def tba_enabled(doc: Document) -> bool:
    return doc.get(ENABLED) is True


def blocked_as_new(doc: Document, release: Release) -> bool:
    """A new record (no application_id) with TBA cannot be created at this release."""
    return tba_enabled(doc) and doc.get(("application_id",)) is None and release >= TBA_CUTOFF
