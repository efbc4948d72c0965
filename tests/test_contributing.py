"""What CONTRIBUTING.md's walkthroughs rely on: the lists a new format or configuration
key must appear in are derived from the declarations, or checked against them here."""

from __future__ import annotations

import re
from pathlib import Path

from nslint.config import KEYS, load
from nslint.formats import FORMATS
from nslint.run import nothing_found
from tests.conftest import REPO


def test_every_format_is_in_the_readme_the_ci_docs_and_the_action() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"`--format\s+([a-z]+(?:\|[a-z]+)+)`", readme)
    assert listed == ["text|concise|json", "github|sarif|junit|gitlab"]
    assert sorted("|".join(listed).split("|")) == sorted(FORMATS)
    ci = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    table = ci.split("| format | for | what it is |\n|---|---|---|\n", 1)[1].split("\n\n")[0]
    assert re.findall(r"^\| `([a-z]+)` \|", table, re.M) == list(FORMATS)
    action = (REPO / "action.yml").read_text(encoding="utf-8")
    described = re.search(r"The log's format \(([a-z, ]+)\)", action)
    assert described is not None
    assert described.group(1).split(", ") == list(FORMATS)


def test_the_walk_keys_are_declared_as_such() -> None:
    walked = [key.name for key in KEYS if key.walk]
    assert walked == ["include", "exclude", "extend-exclude", "respect-gitignore"]


def test_the_no_spec_warning_shows_every_walk_key_but_an_unset_empty_list(
    tmp_path: Path,
) -> None:
    config = load(str(tmp_path), None, True)
    assert nothing_found(["specs"], config) == (
        "nslint: warning: no spec files found in specs, so nothing was checked; include is "
        '"*.yaml", "*.yml" (default), exclude is nslint\'s list of non-spec paths '
        "(`nslint config` shows it) (default), respect-gitignore is true (default)"
    )


def test_no_doc_installs_nslint_from_pypi() -> None:
    """nslint is not on PyPI: each install names the repository (or a checkout)."""
    docs = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    installs = [
        (path.name, match)
        for path in docs
        for match in re.findall(r"pip install '?(nslint\S*)", path.read_text(encoding="utf-8"))
    ]
    assert installs == [
        ("README.md", "nslint[server]"),
        ("ci.md", "nslint"),
        ("editors.md", "nslint[server]"),
    ]
    for path in docs:
        text = path.read_text(encoding="utf-8")
        for line in re.findall(r"pip install '?nslint.*", text):
            assert "@ git+https://github.com/nslint/nslint@v" in line, (path, line)
