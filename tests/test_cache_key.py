"""The cache's run key: whatever changes how a file is checked gives another key."""

from __future__ import annotations

from pathlib import Path

import pytest

from nslint import config
from nslint.cache_key import run_key
from nslint.config import Layer
from nslint.results import Checking
from nslint.values import fields_of


def test_fields_of_gives_every_field_of_a_record() -> None:
    layer = Layer("cli", ("NS1",), ("NS5",), ("NS101",))
    assert fields_of(layer) == {
        "origin": "cli",
        "select": ("NS1",),
        "extend_select": ("NS5",),
        "ignore": ("NS101",),
    }
    assert fields_of(Checking(debug=True, sdf_scripts=("a",))) == {
        "debug": True,
        "fingerprints": True,
        "digests": False,
        "sdf_scripts": ("a",),
    }


@pytest.mark.parametrize(
    "changed",
    [
        Checking(debug=True),
        Checking(fingerprints=False),
        Checking(digests=True),
        Checking(sdf_scripts=("customscript_a",)),
    ],
    ids=["debug", "fingerprints", "digests", "sdf_scripts"],
)
def test_each_way_of_checking_has_its_own_key(tmp_path: Path, changed: Checking) -> None:
    run = config.load(str(tmp_path), isolated=True)
    assert run_key(run, changed) != run_key(run, Checking())
    assert run_key(run, Checking()) == run_key(run, Checking())


@pytest.mark.parametrize(
    "overrides",
    [{"select": ("NS1",)}, {"extend-select": ("NS5",)}, {"ignore": ("NS101",)}],
    ids=["select", "extend-select", "ignore"],
)
def test_each_rule_selection_has_its_own_key(tmp_path: Path, overrides: dict[str, object]) -> None:
    plain = config.load(str(tmp_path), isolated=True)
    selected = config.load(str(tmp_path), isolated=True, overrides=overrides)
    assert run_key(selected, Checking()) != run_key(plain, Checking())
