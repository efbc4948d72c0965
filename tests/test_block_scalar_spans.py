"""A literal (``|``) or folded (``>``) scalar's span ends on its own last line, at the
end of its text, not on the line after it (libyaml's end mark) nor past the blank lines
and comments that follow it. Both parse paths give the same spans
(tests/test_parse_paths.py)."""

from __future__ import annotations

import pytest

from nslint import parse, source
from nslint.document import LocatedNode, Node
from tests.conftest import findings


def _child(node: Node, key: str) -> Node:
    assert isinstance(node, LocatedNode)
    assert isinstance(node.children, dict)
    return node.children[key][1]


def test_a_folded_value_ends_at_the_end_of_its_last_line() -> None:
    text = "name: a\nstate: >-\n  bogus\n  state\n\n# a comment after it\nnote: x\n"
    assert findings(text, "NS003") == [("NS003", 2, 8, 4, 8)]


def test_a_literal_value_at_the_end_of_the_file_without_a_line_break() -> None:
    assert findings("name: a\nstate: |\n  bogus", "NS003") == [("NS003", 2, 8, 3, 8)]


def test_kept_trailing_line_breaks_are_not_part_of_the_span() -> None:
    text = "name: a\nstate: |+\n  bogus  \n\n\nnote: x\n"
    assert findings(text, "NS003") == [("NS003", 2, 8, 3, 10)]  # the trailing spaces are text


def test_an_empty_block_value_ends_after_its_header() -> None:
    assert findings("name: a\nstate: |-  # empty\nnote: x\n", "NS003") == [("NS003", 2, 8, 2, 10)]


def test_a_block_item_in_a_list() -> None:
    text = "name: a\nstate: enabled\noauth2:\n  scopes:\n    - >\n      bogus\n\n    - restlets\n"
    found = [f for f in findings(text, "NS003") if f[1] == 5]
    assert found == [("NS003", 5, 7, 6, 12)]


@pytest.mark.parametrize("style", ["|", ">", "|-", ">+", "|2"])
def test_the_mapping_that_ends_with_one_ends_where_it_does(style: str) -> None:
    text = f"a:\n  b: {style}\n    one\n    two\n\n# after\nc: d\n"
    for loaded in (parse.load(source.Source(text)), parse.build(source.Source(text))):
        a = _child(loaded.documents[0].root, "a")
        assert isinstance(a, LocatedNode)
        assert a.marks == (1, 2, 3, 7)
        assert _child(a, "b") == (1, 5, 3, 7)


def test_crlf_line_breaks_are_not_part_of_the_last_line() -> None:
    root = parse.load(source.Source("a: >\r\n  x y\r\n\r\nb: c\r\n")).documents[0].root
    assert _child(root, "a") == (0, 3, 1, 5)


def test_columns_count_characters_and_an_empty_value_with_an_anchor() -> None:
    text = "é: >\n  ééé  ü\n\n\nb: &x |+\nc: d\n"
    for loaded in (parse.load(source.Source(text)), parse.build(source.Source(text))):
        root = loaded.documents[0].root
        assert _child(root, "é") == (0, 3, 1, 8)
        assert _child(root, "b") == (4, 3, 4, 8)
