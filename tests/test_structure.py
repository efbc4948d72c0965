"""Structural findings (NS001-NS008) with exact positions."""

from __future__ import annotations

import pytest

from tests.conftest import findings, messages

GOOD = "name: Acme\noauth2:\n  scopes: [restlets]\n"


def test_clean_spec_has_no_findings() -> None:
    assert findings(GOOD) == []


# -- NS001 yaml-syntax -------------------------------------------------------------------


def test_syntax_error_is_located_where_the_parser_stopped() -> None:
    text = "name: x\noauth2:\n  scopes: [restlets\n  public_client: true\n"
    assert findings(text) == [("NS001", 4, 16, 4, 17)]
    assert messages(text)[0][1] == (
        "YAML syntax error: the flow list `[` opened at line 3, column 11 is not closed: add "
        "`]` after its last item, or `,` between its items"
    )


def test_syntax_error_after_unicode_counts_characters_not_bytes() -> None:
    # "é" and "名" are one column each (two and three bytes in UTF-8).
    assert findings("name: é名\n bad: 1\n") == [("NS001", 2, 5, 2, 6)]


def test_documents_before_a_syntax_error_are_still_checked() -> None:
    text = "name: x\nbogus: 1\n---\nname: [\n"
    assert findings(text) == [("NS003", 2, 1, 2, 6), ("NS001", 5, 1, 5, 2)]


def test_undefined_and_recursive_aliases() -> None:
    # The alias stands for nothing (null), so the schema also reports the empty name.
    assert findings("name: *nope\n") == [("NS001", 1, 7, 1, 12), ("NS003", 1, 7, 1, 12)]
    assert findings("name: x\ndescription: &r [*r]\n") == [
        ("NS003", 2, 14, 2, 21),
        ("NS001", 2, 18, 2, 20),
    ]


def test_binary_and_undecodable_files() -> None:
    assert findings(b"name: a\x00b\n") == [("NS001", 1, 8, 1, 9)]
    assert messages_of(b"name: \xff\xfe\n") == [
        (
            "NS001",
            "the file is not valid UTF-8: byte 0xff cannot be decoded; save the file as UTF-8",
        )
    ]
    assert findings(b"name: ok\nnote: \xc3\x28\n") == [("NS001", 2, 7, 2, 8)]


def messages_of(data: bytes) -> list[tuple[str, str]]:
    from tests.conftest import lint_bytes

    return [(d.code, d.message) for d in lint_bytes(data).diagnostics]


# -- NS002 duplicate-key -----------------------------------------------------------------


def test_duplicate_key_block_and_flow() -> None:
    assert findings("name: a\nname: b\n") == [("NS002", 2, 1, 2, 5)]
    assert findings("name: a\noauth2: {public_client: true, public_client: false}\n") == [
        ("NS002", 2, 31, 2, 44)
    ]
    assert messages("name: a\nname: b\n") == [
        (
            "NS002",
            "duplicate key `name`: it is already defined on line 1; "
            "YAML keeps only the last value, remove one of them",
        )
    ]


def test_duplicate_quoted_key_is_located_at_the_quotes() -> None:
    assert findings("name: a\n'name': b\n") == [("NS002", 2, 1, 2, 7)]


def test_duplicate_in_second_document_counts_lines_in_the_file() -> None:
    assert findings("name: a\n---\nname: b\nnote: x\nnote: z\n") == [("NS002", 5, 1, 5, 5)]


def test_merge_keys_are_not_duplicates() -> None:
    text = "name: a\noauth2:\n  <<: {public_client: true}\n  public_client: false\n"
    assert findings(text) == []


# -- NS004 yaml-truthy -------------------------------------------------------------------


@pytest.mark.parametrize("word", ["yes", "No", "ON", "off", "y", "N", "yEs"])
def test_truthy_words(word: str) -> None:
    text = f"name: a\nuser_credentials: {word}\n"
    span = (2, 19, 2, 19 + len(word))
    # PyYAML reads yes/no/on/off as booleans but y/n (and odd cases) as text, which the
    # schema then reports as a string where a boolean belongs.
    schema_too = word.lower() in ("y", "n") or word == "yEs"
    expected = [("NS003", *span)] if schema_too else []
    assert findings(text) == [*expected, ("NS004", *span)]


def test_truthy_words_in_lists_are_reported_too() -> None:
    # A list item is a value, not a key: `- yes` is as ambiguous as `key: yes`.
    text = "name: a\nnote: x\nb:\n  - yes\n  - [on, off]\n"
    assert findings(text, "NS004") == [
        ("NS004", 4, 5, 4, 8),
        ("NS004", 5, 6, 5, 8),
        ("NS004", 5, 10, 5, 13),
    ]


def test_a_merge_key_word_in_a_list_is_text() -> None:
    from nslint import parse, source

    loaded = parse.load(source.Source("a:\n  - <<\n  - [<<]\n"))
    assert loaded.documents[0].data == {"a": ["<<", ["<<"]]}
    assert loaded.problems == []


def test_truthy_quoted_and_true_false_are_fine() -> None:
    assert findings("name: 'yes'\nuser_credentials: true\n") == []


def test_truthy_message_suggests_the_json_boolean() -> None:
    assert messages("name: a\nuser_credentials: off\n") == [
        (
            "NS004",
            "`off` is ambiguous: YAML 1.1 reads it as the boolean false, YAML 1.2 as text; "
            "write `false` (or quote it if you mean the text)",
        )
    ]


def test_y_is_text_to_the_loader_so_the_schema_also_reports_the_type() -> None:
    assert findings("name: a\nuser_credentials: y\n") == [
        ("NS003", 2, 19, 2, 20),
        ("NS004", 2, 19, 2, 20),
    ]


# -- NS005 non-json-value, NS006 yaml11-number, NS007 yaml-tag --------------------------


def test_date_is_read_as_text_and_reported() -> None:
    assert findings("name: 2026-01-01\n") == [("NS005", 1, 7, 1, 17)]


def test_integer_account_key() -> None:
    text = 'name: a\naccounts:\n  1234567: {state: blocked}\n  "7654321_SB1": {}\n'
    assert findings(text) == [("NS005", 3, 3, 3, 10)]


def test_infinity_and_sets() -> None:
    assert findings("name: a\ndescription: .inf\n") == [("NS005", 2, 14, 2, 18)]
    assert [f[0] for f in findings("name: a\nnote: !!set {a, b}\n")] == ["NS005", "NS003"]


@pytest.mark.parametrize("value", ["1:30", "017", "1_000", "0b11"])
def test_yaml11_numbers(value: str) -> None:
    text = f"name: a\noauth2:\n  max_token_rotation_hours: {value}\n"
    assert findings(text) == [("NS006", 3, 29, 3, 29 + len(value))]


def test_plain_numbers_are_fine() -> None:
    assert findings("name: a\noauth2:\n  max_token_rotation_hours: 168\n") == []


def test_unsafe_tag_is_reported_and_never_constructed() -> None:
    text = "name: !!python/object/apply:os.system ['echo pwned']\n"
    assert findings(text) == [("NS007", 1, 7, 1, 40), ("NS003", 1, 7, 1, 53)]


def test_bad_core_tag_value() -> None:
    assert findings("name: a\noauth2:\n  max_token_rotation_hours: !!int x\n") == [
        ("NS003", 3, 29, 3, 36),
        ("NS007", 3, 29, 3, 36),
    ]


# -- positions in every shape of YAML ---------------------------------------------------


def test_crlf_line_endings() -> None:
    assert findings(b"name: a\r\nstate: on\r\n") == [("NS003", 2, 8, 2, 10), ("NS004", 2, 8, 2, 10)]


def test_utf8_bom_does_not_shift_columns() -> None:
    assert findings(b"\xef\xbb\xbfstate: x\nname: a\n") == [("NS003", 1, 8, 1, 9)]


def test_utf16_with_bom_is_read() -> None:
    data = "name: a\nstate: x\n".encode("utf-16")
    assert findings(data) == [("NS003", 2, 8, 2, 9)]


def test_unicode_before_the_error_on_the_same_line() -> None:
    text = 'name: a\ndescription: "日本語"\nnote: ✓\nstate: 名前\n'
    assert findings(text) == [("NS003", 4, 8, 4, 10)]


def test_flow_style_spec() -> None:
    text = "{name: a, oauth2: {scopes: [restlets, soap]}}\n"
    assert findings(text) == [("NS003", 1, 39, 1, 43)]


def test_block_scalar_value() -> None:
    text = "name: a\ndescription: |\n  line one\n  line two\nstate: x\n"
    assert findings(text) == [("NS003", 5, 8, 5, 9)]


def test_alias_value_is_located_at_the_alias() -> None:
    text = "name: &n a\nnote: &s [1]\ndescription: *s\n"
    assert findings(text) == [("NS003", 2, 7, 2, 13), ("NS003", 3, 14, 3, 16)]


# -- documents that are not specs --------------------------------------------------------


def test_empty_file_and_comment_only_file() -> None:
    for text in ("", "# nothing here\n"):
        assert findings(text) == [("NS003", 1, 1, 1, 2)]
        assert messages(text)[0][1].startswith("the file holds no YAML document")


def test_empty_document() -> None:
    assert findings("name: a\n---\n") == [("NS003", 3, 1, 3, 1)]
    assert messages("name: a\n---\n")[0][1] == (
        "the document is empty: an integration spec is a mapping with at least `name`"
    )


def test_top_level_list_and_scalar() -> None:
    assert messages("- name: a\n") == [
        ("NS003", "the spec must be a mapping of fields (name, oauth2, ...), not a list")
    ]
    assert findings("hello\n") == [("NS003", 1, 1, 1, 6)]


def test_non_string_and_complex_keys() -> None:
    assert findings("name: a\n? [x]\n: 1\n") == [("NS005", 2, 3, 2, 6)]
    assert findings("name: a\nnull: 1\n") == [("NS003", 2, 1, 2, 5), ("NS005", 2, 1, 2, 5)]


def test_a_reader_error_after_wide_characters_is_located_in_characters() -> None:
    # libyaml reports a control character by its byte offset in the UTF-8 encoding;
    # found by tests/test_fuzz.py.
    text = "name: a\nnote: caf\u00e9 \U00010000 \x1f\n"
    assert findings(text) == [("NS001", 2, 14, 2, 15)]


def test_a_nul_byte_after_wide_characters_is_located_in_characters() -> None:
    # Found by the long property-based job (.ci/run): the NUL's byte offset was used as
    # a character offset.
    data = "accounts: {}\napplication_id: 0000\U00010000\x00\n".encode()
    assert findings(data) == [("NS001", 2, 22, 2, 23)]
