"""The rule catalogue is generated from the rules: the README's table and docs/rules.md
never drift from them."""

from __future__ import annotations

from pathlib import Path

from nslint import catalogue
from tests.conftest import REPO, nslint

REGENERATE = "out of date: run `python -m nslint.catalogue` and commit the result"


def test_the_readmes_rule_table_is_generated_from_the_rules() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme == catalogue.with_table(readme, catalogue.builtin_rules()), REGENERATE


def test_docs_rules_md_is_generated_from_the_rules() -> None:
    written = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert written == catalogue.document(catalogue.builtin_rules()), REGENERATE


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
    readme = f"# x\n\n{catalogue.TABLE_START}\nold\n{catalogue.TABLE_END}\n\nafter\n"
    (tmp_path / "README.md").write_text(readme)
    assert catalogue.main(tmp_path) == [tmp_path / "README.md", tmp_path / "docs" / "rules.md"]
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
