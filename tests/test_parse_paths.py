"""The two parse paths agree: PyYAML's C composer (``parse.compose``) and the event
builder (``parse.build``) give the same data, positions and findings wherever the
composer path takes a file, and the composer path hands back what it cannot represent.

Inputs: every yaml-test-suite case (``../shared``, skipped when absent), every example,
every YAML file under tests/, edge cases written here, and the generated and mutated
specs of ``tests/test_fuzz.py`` (``NSLINT_FUZZ_EXAMPLES`` runs more of them in CI's long
job).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nslint import engine, parse, source
from nslint.diagnostics import Span
from nslint.document import Loaded, LocatedNode, Node
from tests.conftest import REPO
from tests.test_fuzz import fuzz, mutated_specs, valid_specs


def _tree(node: Node) -> Any:
    """Every span of a located tree, with its keys, in order."""
    if isinstance(node, tuple):
        return node
    children = node.children
    if isinstance(children, dict):
        return (
            node.marks,
            [(key, marks, _tree(child)) for key, (marks, child) in children.items()],
        )
    if isinstance(children, list):
        return (node.marks, [_tree(child) for child in children])
    return (node.marks, None)


def _outcome(loaded: Loaded) -> tuple[str, list[Any], list[Any], tuple[Any, ...]]:
    # repr: exact types too (True is not 1, 1.0 is not 1) and the order of keys.
    return (
        repr([doc.data for doc in loaded.documents]),
        [_tree(doc.root) for doc in loaded.documents],
        list(loaded.problems),
        loaded.hash_scalars,
    )


def _findings(data: bytes) -> list[Any]:
    return list(engine.check("spec.yaml", data=data).diagnostics)


def agree(data: bytes) -> bool:
    """Assert that both paths agree on ``data``; True if the composer path took it."""
    decoded = source.decode(data)
    if not isinstance(decoded, source.Source):
        return False  # never parsed
    if "*" in decoded.text:
        return False  # parse.load sends it to the builder without trying the composer
    composed = parse.compose(decoded)
    if composed is None:
        return False  # parse.load gives the builder's result
    assert _outcome(composed) == _outcome(parse.build(decoded))
    with_composer = _findings(data)
    composer, parse.COMPOSER = parse.COMPOSER, None
    try:
        assert _findings(data) == with_composer
    finally:
        parse.COMPOSER = composer
    return True


def _files(*roots: Path) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        found.extend(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    return sorted(found)


def test_the_yaml_test_suite(shared: Path) -> None:
    cases = sorted((shared / "reference" / "yaml-test-suite").rglob("in.yaml"))
    assert len(cases) == 402
    taken = sum(agree(case.read_bytes()) for case in cases)
    assert taken == 211  # pinned: a change in what the composer path takes shows here


def test_the_examples_and_the_test_specs() -> None:
    files = _files(REPO / "examples", REPO / "tests")
    assert len(files) >= 20
    taken = sum(agree(path.read_bytes()) for path in files)
    assert taken >= len(files) // 2


PLAIN = [
    "name: a\nscopes:\n  - restlets\n  - rest_webservices\n",
    "a: [x, {b: c}, []]\nd: {}\n",
    "a: yes\nb: [on, off]\nc:\n  - y\n  - n\n",
    "- <<\n- [<<]\n",
    "a: 017\nb: 1_000\nc: 1:30\nd: .inf\ne: .nan\nf: 2026-01-02\ng: 0x1F\n",
    "a: " + "9" * 101 + "\n",
    "a: ~\nb:\nc: null\n",
    "&x a: &y b\nc: &z [1]\n",  # anchors without aliases
    "a: |\n  text # not a comment\nb: >-\n  folded\n  text\n\nc: 'q#'\n",
    "a: |+\n  kept\n\n\n# after\nb: |\nc: >2\n   x\n  y\n",
    "- >\n  item\n- |-\n  last",
    "a: b\n---\nc: d\n...\n---\n- e\n",
    "--- text\n",
    "---\n",
    "# only a comment\n",
    "a:\n  b:\n    c:\n      - - - d\n# after\n\n",
    "? a\n: b\n",
    "a: ! 12\nb: ! x\n",
    "- ! [a]\n- ! {b: c}\n",
    "a: 'it''s'\nb: \"\\u00e9\\n\"\n",
    "a: [\n  b,\n  c\n  ]\nd: {e: f,\n  g: h}\n",
    "a: <<\n",
    "[" * 100 + "]" * 100,
]
HANDED_BACK = [
    "a: 1\na: 2\n",
    "!!str a: b\n",
    "a: !!int 3\n",
    "a: !!set {b}\n",
    "1: a\n",
    "yes: a\n",
    "~: a\n",
    "[a]: b\n",
    "base: {a: 1}\nc:\n  <<: {b: 2}\n",
    "<<: 1\n",
    "a: [\n",
    "a: b\n---\nc: [\n",
    "a: &x 1\nb: &x 2\n",  # a duplicate anchor: the composer refuses it, the builder does not
    "[" * 101 + "]" * 101,
    "a:\n" + "".join("  " * i + "- \n" for i in range(1, 102)),
]


@pytest.mark.parametrize("text", PLAIN)
def test_the_composer_path_takes_plain_yaml(text: str) -> None:
    assert agree(text.encode())


@pytest.mark.parametrize("text", HANDED_BACK)
def test_the_composer_path_hands_back_what_only_the_builder_represents(text: str) -> None:
    assert parse.compose(source.Source(text)) is None
    assert not agree(text.encode())


def test_the_composer_path_walks_positions_when_first_read_and_once() -> None:
    """Most files have no finding: their documents' positions are not walked until a
    finding (or a fix, a report) reads them; then they are kept."""
    loaded = parse.compose(source.Source("a: 1\nb: [x, y]\nc: |\n  t\n\n"))
    assert loaded is not None
    doc = loaded.documents[0]
    assert doc.data == {"a": 1, "b": ["x", "y"], "c": "t\n"}
    assert not isinstance(doc._root, LocatedNode)
    root = doc.root
    assert doc.root is root
    assert doc._root is root
    assert root.marks == (0, 0, 3, 3)
    assert isinstance(root.children, dict)
    assert root.children["a"] == ((0, 0, 0, 1), (0, 3, 0, 4))
    assert root.children["c"] == ((2, 0, 2, 1), (2, 3, 3, 3))
    assert doc.value_span(("b", 1)) == Span(2, 8, 2, 9)


def test_a_file_with_an_alias_goes_to_the_builder(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(src: source.Source) -> None:
        raise AssertionError("the composer path was tried")

    monkeypatch.setattr(parse, "compose", refuse)
    assert [d.data for d in parse.load(source.Source("a: &x 1\nb: *x\n")).documents] == [
        {"a": 1, "b": 1}
    ]


@fuzz
@given(valid_specs)
def test_generated_specs(spec: dict[str, Any]) -> None:
    import yaml

    text = yaml.safe_dump(spec, allow_unicode=True)
    assert agree(text.encode()) or "*" in text  # plain YAML: the composer path takes it


@fuzz
@given(mutated_specs())
def test_mutated_specs(text: str) -> None:
    agree(text.encode("utf-8", "surrogatepass"))


@fuzz
@given(st.binary(max_size=200))
def test_random_bytes(data: bytes) -> None:
    agree(data)


def test_the_composer_path_takes_a_file_at_the_limits() -> None:
    assert agree(("--- a\n" * 1_000).encode())
    # A list of 99,999 items is 100,000 values, in 199,999 characters: under the length
    # past which the composer path is not tried.
    assert agree(("[" + "a," * 99_998 + "a]").encode())
    assert agree(("[" + "{a}," * 33_332 + "{a}]\n").encode())


_VALUES = "100,000 values (keys, items and collections)"


@pytest.mark.parametrize(
    ("text", "where", "limit"),
    [
        # One document too many.
        ("--- a\n" * 1_001, (1_001, 1, 1_001, 4), "1,000 YAML documents"),
        # One value too many (the walk's count), in a file short enough to compose.
        ("-\n" * 100_000, (100_000, 2, 100_000, 2), _VALUES),
        # 100,000 values in a list of mappings ({a} is a mapping, its key and its
        # value), then a document whose root is one too many (the root's count).
        ("[" + "{a}," * 33_332 + "{a}]\n--- a\n", (2, 5, 2, 6), _VALUES),
        # One value too many in a file too long to compose.
        ("[" + "a," * 99_999 + "a]", (1, 200_000, 1, 200_001), _VALUES),
    ],
    ids=["documents", "values", "root", "length"],
)
def test_the_builder_reports_the_file_limits(
    text: str, where: tuple[int, int, int, int], limit: str
) -> None:
    assert parse.compose(source.Source(text)) is None
    assert not agree(text.encode())
    (problem,) = parse.load(source.Source(text)).problems
    assert (problem.code, tuple(problem.span)) == ("NS008", where)
    assert problem.message == (
        f"the file holds more than {limit}; the rest of the file was not checked: "
        "split it into smaller files"
    )
