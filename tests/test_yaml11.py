"""The YAML 1.1 reading of scalars and tags, as plain functions (no parse, no positions)."""

from __future__ import annotations

from typing import Any

import pytest

from nslint import yaml11
from nslint.yaml11 import BINARY, BOOL, FLOAT, INT, MERGE, NULL, STR, TAG, TIMESTAMP

TRUTHY_TEXT = (
    "NS004",
    "`yes` is ambiguous: YAML 1.1 reads it as a boolean, while this parser and YAML 1.2 "
    "read the text; write `true` or `false` (or quote it if you mean the text)",
)


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("yes", BOOL),
        ("No", BOOL),
        ("~", NULL),
        ("", NULL),
        ("12", INT),
        ("017", INT),
        ("1:30", INT),
        ("0o17", STR),  # YAML 1.2's octal is text to YAML 1.1
        (".NaN", FLOAT),
        ("2026-01-02", TIMESTAMP),
        ("<<", MERGE),
        ("=", TAG + "value"),
        ("abc", STR),
    ],
)
def test_resolve_gives_the_tag_pyyaml_gives(text: str, tag: str) -> None:
    assert yaml11.resolve(text) == tag


def test_resolve_remembers_only_short_texts() -> None:
    long_text = "x" * 41
    assert yaml11.resolve(long_text) == STR
    assert long_text not in yaml11.RESOLVED


@pytest.mark.parametrize(
    ("tag", "text", "plain", "is_key", "expected"),
    [
        (STR, "yes", True, False, ("yes", TRUTHY_TEXT)),
        (STR, "yes", True, True, ("yes", None)),  # a key is never reported as a boolean
        (STR, "yes", False, False, ("yes", None)),
        (
            BOOL,
            "On",
            True,
            False,
            (
                True,
                (
                    "NS004",
                    "`On` is ambiguous: YAML 1.1 reads it as the boolean true, YAML 1.2 as "
                    "text; write `true` (or quote it if you mean the text)",
                ),
            ),
        ),
        (BOOL, "true", True, False, (True, None)),
        (NULL, "~", True, False, (None, None)),
        (MERGE, "<<", True, True, ("<<", None)),
        (INT, "0x1F", True, False, (31, None)),
        (INT, "017", False, False, (15, None)),  # tagged: written as meant
        (
            INT,
            "017",
            True,
            False,
            (
                15,
                (
                    "NS006",
                    "YAML 1.1 reads `017` as the number 15, YAML 1.2 and JSON do not; write 15 "
                    'if you mean the number, or quote it ("017") for the text',
                ),
            ),
        ),
        (
            FLOAT,
            "1:30.5",
            True,
            False,
            (
                90.5,
                (
                    "NS006",
                    "YAML 1.1 reads `1:30.5` as the number 90.5, YAML 1.2 and JSON do not; "
                    'write 90.5 if you mean the number, or quote it ("1:30.5") for the text',
                ),
            ),
        ),
        (
            FLOAT,
            ".inf",
            True,
            False,
            (
                ".inf",
                (
                    "NS005",
                    "`.inf` is read as the float inf, which JSON cannot hold; nslint reads it "
                    "as the text; quote it, or write a finite number",
                ),
            ),
        ),
        (
            BOOL,
            "maybe",
            False,
            False,
            (
                "maybe",
                ("NS007", "`maybe` cannot be read as !!bool; remove the tag or fix the value"),
            ),
        ),
        (
            TIMESTAMP,
            "2026-01-02",
            True,
            False,
            (
                "2026-01-02",
                (
                    "NS005",
                    "YAML reads `2026-01-02` as a date, which JSON cannot hold; nslint reads it "
                    'as the text "2026-01-02": quote it to say so',
                ),
            ),
        ),
        (
            BINARY,
            "AAAA",
            False,
            False,
            (
                "AAAA",
                (
                    "NS005",
                    "a !!binary value cannot be held in JSON; nslint reads it as its base64 "
                    "text: remove the tag",
                ),
            ),
        ),
        (
            "!custom",
            "x",
            False,
            False,
            (
                "x",
                (
                    "NS007",
                    "the tag !custom is not supported: a spec holds plain data, and nslint "
                    "never constructs objects from tags; remove the tag",
                ),
            ),
        ),
    ],
)
def test_scalar_reads_the_value_and_names_the_problem(
    tag: str, text: str, plain: bool, is_key: bool, expected: tuple[Any, Any]
) -> None:
    value, problem = yaml11.scalar(tag, text, plain, is_key)
    assert (type(value), value, problem) == (type(expected[0]), *expected)


def test_an_integer_too_long_to_read_is_text() -> None:
    text = "9" * 101
    assert yaml11.scalar(INT, text, True, False) == (
        text,
        (
            "NS008",
            "the integer `99999999999999999999…9999999999999999999` is 101 characters long; "
            "nslint reads integers of up to 100 characters (no spec value is larger) and "
            "reads this one as text",
        ),
    )
    assert yaml11.scalar(INT, "9" * 100, True, False) == (int("9" * 100), None)


def test_collection_tags() -> None:
    assert yaml11.collection_tag(TAG + "map") is None
    assert yaml11.collection_tag(TAG + "seq") is None
    assert yaml11.collection_tag(TAG + "set") == (
        "NS005",
        "a set (!!set) cannot be held in JSON; nslint reads it as a plain mapping or list: "
        "remove the tag",
    )
    assert yaml11.collection_tag("!x") == (
        "NS007",
        "the tag !x is not supported: a spec holds plain data, and nslint never constructs "
        "objects from tags; remove the tag",
    )


@pytest.mark.parametrize(
    ("value", "text", "kind"),
    [(3, "3", "an integer"), (True, "yes", "the boolean true"), (None, "~", "null")],
)
def test_a_scalar_key_that_is_not_a_string(value: Any, text: str, kind: str) -> None:
    assert yaml11.key(value, text) == (
        "NS005",
        f"the key `{text}` is read as {kind}, but JSON keys are strings; nslint reads it as "
        f'"{text}": quote it to say so',
    )


def test_a_collection_key() -> None:
    assert yaml11.key(None, None) == (
        "NS005",
        "a mapping or list used as a key cannot be held in JSON; use a string key",
    )


def test_excerpt_cuts_out_the_middle() -> None:
    assert yaml11.excerpt("a" * 40) == "a" * 40
    assert yaml11.excerpt("a" * 30 + "b" * 30) == "a" * 20 + "…" + "b" * 19
