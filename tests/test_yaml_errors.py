"""NS001's words for libyaml's syntax errors: what is wrong and what to do, at libyaml's
exact position (a tab that indents a line is pointed at)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nslint.yaml_errors import TAB_INDENT
from tests.conftest import lint_bytes

E = "YAML syntax error: "


def ns001(text: str) -> list[tuple[int, int, str]]:
    return [
        (d.span.line, d.span.column, d.message)
        for d in lint_bytes(text.encode()).diagnostics
        if d.code == "NS001"
    ]


def test_a_tab_that_indents_a_key_is_pointed_at() -> None:
    # libyaml: "found character that cannot start any token (while scanning for the next
    # token at line 2, column 1)".
    assert ns001("name: x\n\toauth2: 1\n") == [(2, 1, E + TAB_INDENT)]
    assert TAB_INDENT == (
        "a tab indents this line: YAML indents with spaces only; replace the tab with spaces"
    )


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a:\n  b: 1\n\tc: 2\n", 3, 1),  # libyaml: a tab that violates indentation
        ("a:\n  - x\n  -\ty\n", 3, 4),  # after a list item's dash
        ("a:\n  b: 1\n  \tc: 2\n", 3, 3),  # after spaces
    ],
)
def test_a_tab_in_the_indentation_is_pointed_at(text: str, line: int, column: int) -> None:
    assert ns001(text) == [(line, column, E + TAB_INDENT)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            (Path(__file__).parent.parent / "examples" / "bad" / "syntax.yaml").read_text(),
            (
                4,
                27,
                "the flow list `[` opened at line 3, column 11 is not closed: add `]` after "
                "its last item, or `,` between its items",
            ),
        ),
        (
            "oauth2: {scopes: x\nname: y\n",
            (
                2,
                5,
                "the flow mapping `{` opened at line 1, column 9 is not closed: add `}` "
                "after its last item, or `,` between its items",
            ),
        ),
        (
            "name: [\n",
            (
                2,
                1,
                "the file ends where a value is expected: close the `[` or `{` left open, or "
                "write the value",
            ),
        ),
        (
            "scopes: [a, , b]\n",
            (1, 13, "a value is missing here: write the value, or remove the extra `,`"),
        ),
        (
            'name: "abc\n',
            (2, 1, "the quoted value at line 1, column 7 is never closed: add the closing quote"),
        ),
        (
            "name: a: b\n",
            (
                1,
                8,
                "a `:` here would start a mapping where a value is already written: quote the "
                "value if it contains `: `, or put a nested key on its own line, indented "
                "under its parent",
            ),
        ),
        (
            "oauth2:\n  scopes: 1\n grant: 2\n",
            (
                3,
                2,
                "this line is not a `key: value` of the mapping at line 1, column 1: align it "
                "with that mapping's keys, or indent it under one of them",
            ),
        ),
        (
            "scopes:\n  - a\n  b: 1\n",
            (
                3,
                3,
                "this line is not an item of the list at line 2, column 3: start it with `- ` "
                "at that list's indentation, or end the list first",
            ),
        ),
        (
            "name: x\n&anchor\nscopes: 1\n",
            (
                3,
                1,
                "the key at line 2, column 1 has no `:`: add `: ` after it, or indent the line "
                "as part of the value above",
            ),
        ),
        (
            "name: @x\n",
            (1, 7, "`@` cannot start a plain value (YAML reserves it): quote the value"),
        ),
        (
            'name: "a\\qb"\n',
            (
                1,
                9,
                "a backslash in a double-quoted value starts an escape that YAML does not "
                "know: write `\\\\` for a backslash, or quote the value with single quotes",
            ),
        ),
        (
            "scopes: - a\n",
            (
                1,
                9,
                "a `- ` list item cannot start here: write the list's items on their own "
                "lines, indented under the key",
            ),
        ),
    ],
)
def test_syntax_errors_say_what_to_do(text: str, expected: tuple[int, int, str]) -> None:
    line, column, message = expected
    assert ns001(text) == [(line, column, E + message)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "description: | text\n",
            (
                1,
                16,
                "only indicators and a comment can follow `|` or `>` on its line: move the "
                "text to the next line, indented",
            ),
        ),
        (
            "name: & x\n",
            (
                1,
                8,
                "`&` and `*` start an anchor or an alias, which needs a name: write one, or "
                "quote the value",
            ),
        ),
    ],
)
def test_block_scalar_and_anchor_errors_say_what_to_do(
    text: str, expected: tuple[int, int, str]
) -> None:
    line, column, message = expected
    assert ns001(text) == [(line, column, E + message)]


def test_a_problem_outside_the_table_keeps_libyamls_words() -> None:
    assert ns001("%YAML 1.1\n%YAML 1.1\n--- x\n") == [(2, 1, E + "found duplicate %YAML directive")]


def test_every_rejected_suite_input_is_reported_at_libyamls_position(shared: Path) -> None:
    cases = sorted((shared / "reference" / "yaml-test-suite").rglob("in.yaml"))
    # The problems left in libyaml's words: directives and flow corners, not spec YAML.
    kept = {
        "found unknown directive name": 4,
        "found unexpected ':'": 2,
        "did not find expected comment or line break": 1,  # after a directive
        "did not find expected whitespace or line break": 2,
        "found an indentation indicator equal to 0": 1,
        "found incompatible YAML document": 1,
        "found duplicate %YAML directive": 1,
        "could not find expected directive name": 1,
    }
    seen = 0
    for case in cases:
        data = case.read_bytes()
        try:
            for _ in yaml.parse(data, Loader=yaml.CSafeLoader):
                pass
            continue
        except yaml.MarkedYAMLError as error:
            mark, problem = error.problem_mark, error.problem
        except yaml.YAMLError:
            continue
        found = [d for d in lint_bytes(data).diagnostics if d.code in ("NS001", "NS008")]
        assert len(found) == 1, case
        span, message = found[0].span, found[0].message
        if message == E + TAB_INDENT:
            line = data.decode().split("\n")[span.line - 1]
            assert line[span.column - 1] == "\t", case
        else:
            assert (span.line, span.column) == (mark.line + 1, mark.column + 1), case
            if problem in message:
                assert problem in kept, case  # in libyaml's words: a problem of the table
                kept[problem] -= 1
        seen += 1
    assert seen == 129
    assert set(kept.values()) == {0}
