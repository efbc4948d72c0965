"""The command's entry point: the garbage collector sits out start-up, not the run."""

from __future__ import annotations

import gc

import pytest

import nslint.__main__ as entry
import nslint.cli


def test_start_up_is_frozen_and_the_run_collects(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[bool, int]] = []
    monkeypatch.setattr(
        nslint.cli, "main", lambda: seen.append((gc.isenabled(), gc.get_freeze_count()))
    )
    monkeypatch.setattr(gc, "freeze", lambda: seen.append((gc.isenabled(), -1)))
    entry.main()
    # Frozen while collection was off, then the command ran with collection on again.
    assert seen == [(False, -1), (True, gc.get_freeze_count())]
