"""The rule catalogue is generated from the rules: the README's table and docs/rules.md
never drift from them."""

from __future__ import annotations

from pathlib import Path

from nslint import catalogue, packs
from nslint.rule import Rule
from tests.conftest import REPO, nslint

REGENERATE = "out of date: run `python -m nslint.catalogue` and commit the result"


def test_the_readmes_rule_table_is_generated_from_the_rules() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme == catalogue.with_table(readme, catalogue.builtin_rules()), REGENERATE


def test_docs_rules_md_is_generated_from_the_rules() -> None:
    written = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert written == catalogue.document(catalogue.builtin_rules()), REGENERATE


def test_the_built_in_packs_json_is_generated_from_its_yaml() -> None:
    """Runs read rules/netsuite.json; people edit rules/netsuite.yaml."""
    written = (REPO / "rules" / "netsuite.json").read_text(encoding="utf-8")
    assert written == packs.builtin_json(str(REPO / "rules" / "netsuite.yaml")), REGENERATE


def _fields(rule: Rule) -> tuple[object, ...]:
    assert rule.check is not None
    spec = vars(rule.check)
    return (*(getattr(rule, name) for name in sorted(Rule.__slots__) if name != "check"), spec)


def test_the_rules_from_the_json_are_those_of_the_yaml() -> None:
    from_yaml = packs.load_pack(
        str(REPO / "rules" / "netsuite.yaml"), builtin=True, label="netsuite.yaml"
    )
    from_json = packs.builtin_rules()
    assert [_fields(rule) for rule in from_json] == [_fields(rule) for rule in from_yaml]
    assert len(from_json) == 16


def test_the_catalogue_writes_the_json_from_an_edited_yaml(tmp_path: Path) -> None:
    """``python -m nslint.catalogue`` regenerates the JSON (and reports it), so the
    staleness test above can be mended by the command its message names."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "docs").mkdir()
    for name in ("README.md", "docs/rules.md", "rules/netsuite.json"):
        (tmp_path / name).write_bytes((REPO / name).read_bytes())
    yaml_text = (REPO / "rules" / "netsuite.yaml").read_text(encoding="utf-8")
    edited = yaml_text.replace("name: redirect-uri-missing", "name: redirect-uri-absent", 1)
    assert edited != yaml_text
    (tmp_path / "rules" / "netsuite.yaml").write_text(edited, encoding="utf-8")
    changed = catalogue.main(tmp_path)
    assert changed == [
        tmp_path / name for name in ("rules/netsuite.json", "README.md", "docs/rules.md")
    ]
    written = (tmp_path / "rules" / "netsuite.json").read_text(encoding="utf-8")
    assert written == packs.builtin_json(str(tmp_path / "rules" / "netsuite.yaml"))
    assert '"name": "redirect-uri-absent"' in written
    assert '"name": "redirect-uri-missing"' not in written
    assert "| NS103 | redirect-uri-absent | error |" in (tmp_path / "README.md").read_text()
    assert catalogue.main(tmp_path) == []  # written: nothing left to change


def test_the_table_has_a_row_per_rule_with_its_severity() -> None:
    rows = catalogue.table(catalogue.builtin_rules()).splitlines()
    assert rows[:3] == [
        "| code | name | severity | what it reports |",
        "|---|---|---|---|",
        "| NS001 | yaml-syntax | error | The file is not valid YAML, or not text at all. |",
    ]
    assert "| NS201 | refresh-token-validity-range | warning | " in "\n".join(rows)
    assert len(rows) == 2 + len(catalogue.builtin_rules())


def test_rules_format_markdown_prints_the_table() -> None:
    run = nslint("rules", "--isolated", "--format", "markdown")
    assert (run.code, run.err) == (0, "")
    assert run.out == catalogue.table(catalogue.builtin_rules())


def test_docs_rules_md_holds_every_rules_explain_text() -> None:
    written = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    explained = nslint("explain", "--isolated", "NS605").out
    # One level down in the catalogue: "## NS605 ..." for "# NS605 ...".
    assert "#" + explained.splitlines()[0] in written
    assert "### Source" in written


def test_main_writes_what_is_out_of_date(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "netsuite.yaml").write_bytes(
        (REPO / "rules" / "netsuite.yaml").read_bytes()
    )
    readme = f"# x\n\n{catalogue.TABLE_START}\nold\n{catalogue.TABLE_END}\n\nafter\n"
    (tmp_path / "README.md").write_text(readme)
    assert catalogue.main(tmp_path) == [
        tmp_path / "rules" / "netsuite.json",
        tmp_path / "README.md",
        tmp_path / "docs" / "rules.md",
    ]
    assert (tmp_path / "rules" / "netsuite.json").read_bytes() == (
        REPO / "rules" / "netsuite.json"
    ).read_bytes()
    rules = catalogue.builtin_rules()
    assert (tmp_path / "README.md").read_text() == (
        f"# x\n\n{catalogue.TABLE_START}\n{catalogue.table(rules)}{catalogue.TABLE_END}\n\nafter\n"
    )
    assert catalogue.main(tmp_path) == []  # up to date: nothing written


def test_headings_move_down_but_code_stays_as_written() -> None:
    lines = ["# NS999 x", "## Example", "```yaml", "# nslint: disable=NS999 why", "```"]
    assert catalogue._demoted(lines) == [
        "## NS999 x",
        "### Example",
        "```yaml",
        "# nslint: disable=NS999 why",
        "```",
    ]


def test_every_check_module_with_a_rule_is_found_without_a_list() -> None:
    from nslint.checks import RULES

    modules = sorted(
        path.stem
        for path in (REPO / "nslint" / "checks").glob("*.py")
        if "\nRULE = " in path.read_text(encoding="utf-8")
    )
    assert modules  # (the glob found the folder)
    assert sorted(rule.check.__module__.rsplit(".", 1)[1] for rule in RULES) == modules
