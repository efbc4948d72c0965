"""NS003: the JSON Schema itself, and its errors as people read them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
import yaml

from nslint import parse, schema, source
from tests.conftest import REPO, findings, messages


def test_schema_passes_the_draft_2020_12_metaschema() -> None:
    spec_schema = schema.integration_schema()
    assert spec_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(spec_schema)


def test_every_property_has_a_description() -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                assert "description" in sub or "$ref" in sub, f"{where}.{key}"
                walk(sub, f"{where}.{key}")
            for sub in node.get("$defs", {}).values():
                walk(sub, where)

    walk(schema.integration_schema(), "")


def test_unknown_key_suggests_the_closest() -> None:
    text = "name: a\noauth2:\n  scope: [restlets]\n"
    assert findings(text) == [("NS003", 3, 3, 3, 8)]
    assert messages(text)[0][1] == "unknown key `scope` in `oauth2`; did you mean `scopes`?"


def test_unknown_key_without_a_close_match_lists_the_allowed_keys() -> None:
    assert messages("name: a\ntoken_based_authentication: {zzz: 1}\n")[0][1] == (
        "unknown key `zzz` in `token_based_authentication`; the keys allowed here are "
        "`authorization_flow`, `callback_url`, `enabled`, `issuetoken_endpoint`"
    )


def test_unknown_keys_each_get_a_finding() -> None:
    assert findings("name: a\nfoo: 1\nbar: 2\n") == [("NS003", 2, 1, 2, 4), ("NS003", 3, 1, 3, 4)]


def test_missing_name_is_located_at_the_first_key() -> None:
    text = "# comment\ndescription: x\n"
    assert findings(text) == [("NS003", 2, 1, 2, 12)]
    assert messages(text)[0][1] == "the spec has no `name`; every integration record needs it"


def test_type_errors_never_coerce() -> None:
    text = 'name: a\noauth2:\n  refresh_token_validity_hours: "48"\n'
    assert findings(text) == [("NS003", 3, 33, 3, 37)]
    assert messages(text)[0][1] == (
        '`oauth2.refresh_token_validity_hours` must be an integer, not a string ("48"); '
        "remove the quotes"
    )


def test_float_hours_are_not_integers() -> None:
    text = "name: a\noauth2: {max_token_rotation_hours: 48.5}\n"
    assert messages(text) == [
        ("NS003", "`oauth2.max_token_rotation_hours` must be an integer, not a number (48.5)")
    ]


def test_null_value() -> None:
    assert messages("name:\n") == [
        ("NS003", "`name` must be a string, not nothing (null); give it a value or remove the key")
    ]


def test_enum_lists_allowed_values_and_suggests() -> None:
    text = "name: a\noauth2:\n  consent_policy: always\n"
    assert findings(text) == [("NS003", 3, 19, 3, 25)]
    assert messages(text)[0][1] == (
        "`oauth2.consent_policy` must be one of `always_ask`, `ask_first_time`, `never_ask`, "
        'not "always"; did you mean `always_ask`?'
    )


def test_scope_enum_in_a_list_is_located_at_the_item() -> None:
    text = "name: a\noauth2:\n  scopes:\n    - restlets\n    - soap\n"
    assert findings(text) == [("NS003", 5, 7, 5, 11)]
    assert messages(text)[0][1].startswith("`oauth2.scopes[1]` must be one of `restlets`")


def test_repeated_scope_is_located_at_the_repeat() -> None:
    text = "name: a\noauth2: {scopes: [restlets, rest_webservices, restlets]}\n"
    assert findings(text) == [("NS003", 2, 47, 2, 55)]
    assert messages(text)[0][1] == (
        '`oauth2.scopes` lists "restlets" more than once; remove the repeated entry'
    )


def test_lengths_and_patterns() -> None:
    assert messages('name: ""\n') == [("NS003", "`name` must not be empty")]
    assert messages(f"name: {'x' * 99}\nscript_id: custinteg{'x' * 91}\n") == [
        ("NS003", "`script_id` must be at most 99 characters long; it is 100")
    ]
    assert messages("name: a\nscript_id: customscript_a\n") == [
        (
            "NS003",
            '`script_id` must match the pattern `^custinteg[0-9a-z_]+$`, not "customscript_a"',
        )
    ]


def test_account_ids_and_overrides() -> None:
    text = 'name: a\naccounts:\n  "12-34": {}\n  "1234567_SB1":\n    name: b\n'
    assert findings(text) == [("NS003", 3, 3, 3, 10), ("NS003", 5, 5, 5, 9)]
    first, second = messages(text)
    assert first[1].startswith("`12-34` is not a valid key in `accounts`: it must match")
    assert second[1] == (
        "unknown key `name` in `accounts.1234567_SB1`; the keys allowed here are "
        "`consent_policy`, `note`, `state`"
    )


def test_numeric_account_key_path_is_a_string() -> None:
    text = "name: a\naccounts:\n  '1234567': {state: x}\n"
    assert messages(text)[0][1].startswith("`accounts.1234567.state` must be one of")


# -- differential test: jsonschema-rs and the reference implementation agree -----------


def _instance_paths_rs(data: Any) -> set[tuple[str, ...]]:
    validator = jsonschema_rs.validator_for(schema.integration_schema())
    return {tuple(str(p) for p in e.instance_path) for e in validator.iter_errors(data)}


def _instance_paths_py(data: Any) -> set[tuple[str, ...]]:
    validator = jsonschema.Draft202012Validator(schema.integration_schema())
    return {tuple(str(p) for p in e.absolute_path) for e in validator.iter_errors(data)}


def _corpus() -> list[Any]:
    docs: list[Any] = []
    for path in sorted((REPO / "examples").rglob("*.yaml")):
        decoded = source.decode(path.read_bytes())
        assert isinstance(decoded, source.Source)
        docs.extend(d.data for d in parse.load(decoded).documents)
    base = {
        "name": "Generated",
        "oauth2": {"authorization_code_grant": True, "scopes": ["restlets"]},
        "accounts": {"1234567": {"state": "enabled"}},
    }
    mutations: list[tuple[tuple[str, ...], Any]] = [
        (("name",), 5),
        (("name",), ""),
        (("name",), "x" * 80),
        (("state",), "on"),
        (("oauth2", "scopes"), ["restlets", "restlets"]),
        (("oauth2", "scopes"), ["nope"]),
        (("oauth2", "refresh_token_validity_hours"), "48"),
        (("oauth2", "max_token_rotation_hours"), 4.5),
        (("oauth2", "redirect_uris"), [1, None]),
        (("oauth2", "bogus"), True),
        (("accounts", "bad id"), {}),
        (("accounts", "1234567", "name"), "x"),
        (("script_id",), "CUSTINTEG"),
        (("token_based_authentication",), []),
    ]
    for path, value in mutations:
        doc = json.loads(json.dumps(base))
        node = doc
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
        docs.append(doc)
    docs.extend([None, [], "text", {}])
    return docs


@pytest.mark.parametrize("data", _corpus())
def test_jsonschema_rs_and_jsonschema_flag_the_same_paths(data: Any) -> None:
    assert _instance_paths_rs(data) == _instance_paths_py(data)


def test_examples_parse_to_what_pyyaml_loads() -> None:
    """The event builder reads the same data as PyYAML's own safe loader."""
    for path in sorted((REPO / "examples" / "good").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        decoded = source.decode(text.encode())
        assert isinstance(decoded, source.Source)
        ours = [d.data for d in parse.load(decoded).documents]
        assert ours == list(yaml.safe_load_all(text)), path


def test_schema_file_is_the_one_shipped() -> None:
    on_disk = json.loads(Path(REPO / "schemas" / "integration.schema.json").read_text())
    assert schema.integration_schema() == on_disk
