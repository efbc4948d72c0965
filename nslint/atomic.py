"""Write a file whole or not at all: a report or baseline is never left half-written."""

from __future__ import annotations

import os
import tempfile


def write_text(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same directory and an
    atomic rename; on any error the old file (if any) is untouched."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".nslint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
