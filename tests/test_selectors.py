"""The selector language of declarative rules (nslint/selectors.py): parsing, selection,
the plain-path fast path, and what a pack reports for a selector it cannot parse."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nslint.declarative import DeclarativeRule
from nslint.diagnostics import Span
from nslint.document import Document
from nslint.packs import PackError, load_pack
from nslint.parse import load
from nslint.release import Release
from nslint.rule import Context
from nslint.selectors import (
    ABSENT,
    ANY_ITEM,
    ANY_KEY,
    Step,
    lookup,
    parse_selector,
    plain_keys,
    select,
)
from nslint.source import Source

# -- parsing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        ("$", ()),
        ("", ()),
        ("name", ("name",)),
        ("oauth2.public_client", ("oauth2", "public_client")),
        ("$.oauth2.scopes", ("oauth2", "scopes")),
        ("oauth2.redirect_uris[*]", ("oauth2", "redirect_uris", ANY_ITEM)),
        ("oauth2.redirect_uris[0]", ("oauth2", "redirect_uris", 0)),
        ("oauth2.redirect_uris[12]", ("oauth2", "redirect_uris", 12)),
        ("accounts.*.state", ("accounts", ANY_KEY, "state")),
        ("*", (ANY_KEY,)),
        ("a[*][1]", ("a", ANY_ITEM, 1)),
        ("a-b.c d", ("a-b", "c d")),
    ],
)
def test_a_selector_parses_into_steps(text: str, steps: tuple[Step, ...]) -> None:
    assert parse_selector(text) == steps


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("oauth2..scopes", "bad selector 'oauth2..scopes' at character 8"),
        ("oauth2.scopes[x]", "bad selector 'oauth2.scopes[x]' at character 14"),
        (".name", "bad selector '.name' at character 1"),
        ("a[", "bad selector 'a[' at character 2"),
        ("a[-1]", "bad selector 'a[-1]' at character 2"),
        ("name.", "bad selector 'name.': it ends with '.'"),
        ("$.", "bad selector '': it ends with '.'"),
        ("a[0]b", "bad selector 'a[0]b': a '.' is missing before 'b'"),
        ("[0]", "bad selector '[0]': [0] must follow a key, as in oauth2.redirect_uris[*]"),
        ("a.[*]", "bad selector 'a.[*]': [*] must follow a key, as in oauth2.redirect_uris[*]"),
    ],
)
def test_a_bad_selector_says_where_and_why(text: str, error: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(error)}$"):
        parse_selector(text)


# -- selection ----------------------------------------------------------------------------

SPEC: dict[str, Any] = {
    "name": "CRM",
    "oauth2": {"redirect_uris": ["https://a/cb", "https://b/cb"], "public_client": False},
    "accounts": {"prod": {"state": "enabled"}, "sb1": {"state": "disabled"}, "sb2": {}},
}


@pytest.mark.parametrize(
    ("text", "values", "missing"),
    [
        ("$", [((), SPEC)], []),
        ("name", [(("name",), "CRM")], []),
        ("oauth2.public_client", [(("oauth2", "public_client"), False)], []),
        ("oauth2.scopes", [], [("oauth2", "scopes")]),
        ("nothing.here", [], []),  # the parent is absent: nothing is missing
        ("name.inner", [], []),  # a key of a string: neither selected nor missing
        (
            "oauth2.redirect_uris[*]",
            [
                (("oauth2", "redirect_uris", 0), "https://a/cb"),
                (("oauth2", "redirect_uris", 1), "https://b/cb"),
            ],
            [],
        ),
        ("oauth2.redirect_uris[1]", [(("oauth2", "redirect_uris", 1), "https://b/cb")], []),
        ("oauth2.redirect_uris[2]", [], []),
        ("oauth2[*]", [], []),  # [*] of a mapping
        ("oauth2.redirect_uris.*", [], []),  # * of a list
        ("oauth2.redirect_uris.x", [], []),  # a key of a list
        (
            "accounts.*.state",
            [
                (("accounts", "prod", "state"), "enabled"),
                (("accounts", "sb1", "state"), "disabled"),
            ],
            [("accounts", "sb2", "state")],
        ),
        (
            "accounts.*",
            [
                (("accounts", "prod"), {"state": "enabled"}),
                (("accounts", "sb1"), {"state": "disabled"}),
                (("accounts", "sb2"), {}),
            ],
            [],
        ),
    ],
)
def test_select_reaches_exact_paths(
    text: str, values: list[tuple[Any, Any]], missing: list[tuple[Any, ...]]
) -> None:
    assert select(SPEC, parse_selector(text)) == (values, missing)


def test_missing_is_only_about_the_last_step() -> None:
    data = {"a": {}, "b": {"c": 1}}
    assert select(data, parse_selector("*.c")) == ([(("b", "c"), 1)], [("a", "c")])
    assert select(data, parse_selector("a.c.d")) == ([], [])


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("name", ("name",)),
        ("oauth2.scopes", ("oauth2", "scopes")),
        ("$", None),
        ("accounts.*.state", None),
        ("oauth2.redirect_uris[0]", None),
        ("oauth2.redirect_uris[*]", None),
    ],
)
def test_plain_keys_are_paths_without_wildcards_or_indexes(
    text: str, keys: tuple[str, ...] | None
) -> None:
    assert plain_keys(parse_selector(text)) == keys


# -- the fast path agrees with select() ---------------------------------------------------

EXAMPLES = int(os.environ.get("NSLINT_FUZZ_EXAMPLES", "200"))
agree = settings(max_examples=EXAMPLES, derandomize=not os.environ.get("NSLINT_FUZZ_RANDOM"))
KEYS = st.sampled_from(["a", "b", "c", "0"])
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2, 2), st.sampled_from(["a", "", "x"]))
data = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=12,
)
plain_paths = st.lists(KEYS, min_size=1, max_size=4).map(tuple)


@agree
@given(data, plain_paths)
def test_lookup_finds_what_select_finds(value: Any, keys: tuple[str, ...]) -> None:
    values, _ = select(value, keys)
    found = lookup(value, keys)
    assert values == ([] if found is ABSENT else [(keys, found)])


def _document(value: Any) -> Document:
    # JSON is YAML: the spec is parsed the way every spec is.
    loaded = load(Source(json.dumps({"spec": value})))
    return loaded.documents[0]


@agree
@given(data, st.lists(plain_paths, min_size=1, max_size=3))
def test_a_rule_finds_the_same_by_either_path(value: Any, paths: list[tuple[str, ...]]) -> None:
    spec = {
        "id": "ORG1",
        "select": [".".join(("spec", *keys)) for keys in paths],
        "assert": {"type": "string"},
        "message": "{path} is {value}",
    }
    fast, general = DeclarativeRule(spec, {}), DeclarativeRule(spec, {})
    assert fast._plain_paths is not None
    general._plain_paths = None  # select() for every selector
    doc = _document(value)
    context = Context(Release(2026, 1), "spec.yaml")
    assert list(fast(doc, {}, context)) == list(general(doc, {}, context))


selectors = st.lists(
    st.sampled_from(["a", "b", "0", "*", "[*]", "[0]"]), min_size=1, max_size=4
).map(lambda steps: ".".join(steps).replace(".[", "["))
when_schemas = st.sampled_from(
    [None, {"type": "object"}, {"properties": {"spec": {"required": ["a"]}}}, {"not": {}}]
)


@agree
@given(data, st.lists(selectors, min_size=1, max_size=3), when_schemas)
def test_a_rule_finds_the_same_with_or_without_its_probes(
    value: Any, texts: list[str], when: dict[str, Any] | None
) -> None:
    """A selector with a wildcard or an index is first probed for the keys before it:
    where none is there, the rule returns before ``when`` and ``select``; the findings
    are those of the rule without the probes."""
    spec = {
        "id": "ORG1",
        "select": [f"spec.{text}" if not text.startswith("[") else f"spec{text}" for text in texts],
        "when": when,
        "assert": {"type": "string"},
        "message": "{path} is {value}",
    }
    if when is None:
        del spec["when"]
    probed, general = DeclarativeRule(spec, {}), DeclarativeRule(spec, {})
    if probed._plain_paths is not None:
        return  # every selector plain: test_a_rule_finds_the_same_by_either_path
    assert probed._probes is not None
    general._probes = None
    doc = _document(value)
    context = Context(Release(2026, 1), "spec.yaml")
    assert probed(doc, {}, context) == general(doc, {}, context)


def test_a_probe_is_the_keys_before_the_first_wildcard_or_index() -> None:
    spec = {"id": "ORG1", "assert": {}, "message": "m"}
    rule = DeclarativeRule({**spec, "select": ["oauth2.scopes[*]", "accounts.*.state"]}, {})
    assert rule._probes == [("oauth2", "scopes"), ("accounts",)]
    assert DeclarativeRule({**spec, "select": ["$", "a[*]"]}, {})._probes is None
    assert DeclarativeRule({**spec, "select": "*.a"}, {})._probes is None
    assert DeclarativeRule({**spec, "select": "a.b"}, {})._probes is None  # a plain path
    assert DeclarativeRule({**spec, "select": "a[*]", "missing": "report"}, {})._probes is None
    doc = _document({"a": ["x", 1]})
    context = Context(Release(2026, 1), "spec.yaml")
    rule = DeclarativeRule({**spec, "select": "spec.a[*]", "assert": {"type": "string"}}, {})
    assert [(f.code, f.span, f.message) for f in rule(doc, {}, context)] == [
        ("ORG1", Span(1, 22, 1, 23), "m")
    ]
    assert rule(_document({"b": [1]}), {}, context) == []


# -- what a pack reports for a selector it cannot parse -----------------------------------

PACK = """\
rules:
  - id: ORG010
    name: my-rule
    severity: error
    select: {select}
    assert: {{}}
    message: m
"""


@pytest.mark.parametrize(
    ("select", "error"),
    [
        (
            "oauth2..scopes",
            "pack.yaml:5:13: rule ORG010: bad selector 'oauth2..scopes' at character 8",
        ),
        (
            "[name, 'a[0]b']",
            "pack.yaml:5:20: rule ORG010: bad selector 'a[0]b': a '.' is missing before 'b'",
        ),
        (
            "\n      - name\n      - 'name.'",
            "pack.yaml:7:9: rule ORG010: bad selector 'name.': it ends with '.'",
        ),
    ],
)
def test_the_pack_loader_names_the_bad_selector_and_where_it_is(
    tmp_path: Path, select: str, error: str
) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK.format(select=select))
    with pytest.raises(PackError) as raised:
        load_pack(str(pack), label="pack.yaml")
    assert str(raised.value) == error
