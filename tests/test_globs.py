"""``globs.Globs`` decides every path as ``pathspec.GitIgnoreSpec`` does, a walk
with Git's rules takes what one asking pathspec pattern by pattern would, and a walk
with the defaults does not import pathspec."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pathspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nslint import discovery
from nslint.discovery import DEFAULT_REGEXES, EXCLUDED_BY_DEFAULT, FileFilter, discover
from nslint.gitignore import Ignores
from nslint.globs import Globs, joined_regexes

# Pieces of globs and paths that meet pathspec's cases: anchored and floating patterns,
# directory patterns, `**` at either end and inside, classes, escapes, negations,
# comments, trailing spaces, hidden and dotted names, and the names of the defaults.
GLOB_PIECES = st.sampled_from(
    ["a", "b", "ab", ".yaml", ".yml", "*", "**", "?", "/", "[ab]", "[!a]", "\\*", "\\", ".",
     " ", "|", "(", ")", "{1}", "^", "$", "+", "]", "[", "-", "P<ps_d>"]
)  # fmt: skip
NAMES = st.sampled_from(
    ["a", "b", "ab", "a.yaml", "b.yml", ".a", "build", "mkdocs.yml", "docker-compose.x.yml",
     ".github", "workflows", "venv", "*", "a b", "..", "."]
)  # fmt: skip


@st.composite
def globs(draw: st.DrawFn) -> str:
    body = "".join(draw(st.lists(GLOB_PIECES, min_size=1, max_size=5)))
    return draw(st.sampled_from(["", "!", "#", "/", "**/"])) + body


@st.composite
def paths(draw: st.DrawFn) -> str:
    parts = draw(st.lists(NAMES, min_size=1, max_size=4))
    start = draw(st.sampled_from(["", "", "/", "./"]))
    return start + "/".join(parts) + draw(st.sampled_from(["", "/"]))


pytestmark = pytest.mark.filterwarnings("ignore:Possible nested set:FutureWarning")  # (`[[`)


def assert_agree(lines: list[str], path: str, fast: Globs | None = None) -> None:
    try:
        spec = pathspec.GitIgnoreSpec.from_lines(lines)
    except Exception as error:  # a broken glob fails the same way through Globs
        with pytest.raises(type(error)):
            Globs(lines)
        return
    fast = fast or Globs(lines)
    assert fast.decide(path) == spec.check_file(path).include, (lines, path)
    assert fast.match(path) == spec.match_file(path), (lines, path)


@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(globs(), max_size=6), st.lists(paths(), min_size=1, max_size=8))
def test_globs_decide_as_pathspec(lines: list[str], tested: list[str]) -> None:
    for path in tested:
        assert_agree(lines, path)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(globs(), max_size=4), paths())
def test_the_defaults_with_more_decide_as_pathspec(lines: list[str], path: str) -> None:
    assert_agree([*EXCLUDED_BY_DEFAULT, *lines], path)
    assert_agree(list(EXCLUDED_BY_DEFAULT), path)
    assert_agree(list(EXCLUDED_BY_DEFAULT), path, discovery.globs(EXCLUDED_BY_DEFAULT))


@pytest.mark.parametrize(
    ("lines", "path", "decided"),
    [
        (["*.yaml", "!keep.yaml"], "a/keep.yaml", False),
        (["*.yaml", "!keep.yaml"], "a/b.yaml", True),
        (["*.yaml", "!keep.yaml"], "a/b.yml", None),
        (["build/", "!build/a.yaml"], "build/a.yaml", False),  # pathspec re-includes
        (["**"], "a/b", True),
        (["**/"], "a/b", True),
        (["**/"], "b", None),
        (["/a"], "/a", True),  # (pathspec's normalisation drops the `/`)
        (["a"], "./a", True),
        (["aa", "!/"], "/./a", False),  # normalised once: `./a`, which `!/` matches
        (list(EXCLUDED_BY_DEFAULT), "specs/build/", True),
        (list(EXCLUDED_BY_DEFAULT), "specs/build.yaml", None),
        (list(EXCLUDED_BY_DEFAULT), ".github/workflows/", True),
        (list(EXCLUDED_BY_DEFAULT), "a/.github/workflows/", True),  # hidden `.github`
        (list(EXCLUDED_BY_DEFAULT), "a/github/workflows/", None),
        (list(EXCLUDED_BY_DEFAULT), "docker-compose.prod.yml", True),
    ],
)
def test_globs_cases(lines: list[str], path: str, decided: bool | None) -> None:
    assert Globs(lines).decide(path) is decided
    assert discovery.globs(tuple(lines)).decide(path) is decided
    assert pathspec.GitIgnoreSpec.from_lines(lines).check_file(path).include is decided


def test_the_default_expressions_are_pathspecs() -> None:
    """``DEFAULT_REGEXES`` is what pathspec makes of the defaults (regenerate it from
    ``joined_regexes`` when the list or pathspec changes)."""
    spec = pathspec.GitIgnoreSpec.from_lines(EXCLUDED_BY_DEFAULT)
    assert joined_regexes(spec) == (DEFAULT_REGEXES, False)
    assert discovery.globs(EXCLUDED_BY_DEFAULT)._spec is None  # pathspec not asked
    assert len(DEFAULT_REGEXES) == len(EXCLUDED_BY_DEFAULT) == 31


@given(st.lists(st.just("") | st.text().map(lambda text: "#" + text.replace("\n", ""))))
def test_comment_lines_decide_nothing(lines: list[str]) -> None:
    """What ``gitignore._read_spec`` skips without pathspec decides nothing in it."""
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    assert all(pattern.include is None for pattern in spec.patterns)


def reference_walk(top: Path) -> list[str]:
    """The files a default walk of ``top`` takes, Git's rules asked of pathspec
    directly, every .gitignore from the top down to an entry's directory, deepest
    deciding first."""
    specs: dict[Path, pathspec.GitIgnoreSpec] = {}
    defaults = pathspec.GitIgnoreSpec.from_lines(EXCLUDED_BY_DEFAULT)
    taken = []
    for directory, dirnames, filenames in os.walk(top):
        here = Path(directory)
        ignore = here / ".gitignore"
        if ignore.exists():
            specs[here] = pathspec.GitIgnoreSpec.from_lines(ignore.read_text().splitlines())

        def ignored(name: str, is_dir: bool, here: Path = here) -> bool:
            relative = (here / name).relative_to(top).as_posix() + ("/" if is_dir else "")
            if defaults.match_file(relative):
                return True
            for base in [here, *here.parents]:
                if base in specs:
                    inner = (here / name).relative_to(base).as_posix() + ("/" if is_dir else "")
                    decided = specs[base].check_file(inner).include
                    if decided is not None:
                        return decided
            return False

        dirnames[:] = sorted(d for d in dirnames if not ignored(d, True))
        taken += [
            (here / f).relative_to(top).as_posix()
            for f in filenames
            if f.endswith((".yaml", ".yml")) and not ignored(f, False)
        ]
    return sorted(taken)


TREE = ["a.yaml", "b.yml", "ab.yaml", "a/a.yaml", "a/b/a.yaml", "a/b/ab.yml", "b/a.yaml",
        "b/ab/b.yaml", "build/a.yaml", "a/build/b.yaml", "ab/a/a.yaml", "a/b/c/a.yaml"]  # fmt: skip
IGNORE_CHOICES = ["a.yaml", "!a.yaml", "b/", "!b/", "ab*", "!ab.yaml", "/a", "**/b/a.yaml",
                  "a/**", "!a/b/", "*.yml", "c", "!build/", "#a.yaml", "a/b"]  # fmt: skip
IGNORE_LINES = st.lists(st.sampled_from(IGNORE_CHOICES), max_size=4)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.fixed_dictionaries({"": IGNORE_LINES, "a": IGNORE_LINES, "a/b": IGNORE_LINES}))
def test_walk_with_nested_gitignores_as_pathspec(ignores: dict[str, list[str]]) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        top = Path(temporary)
        (top / ".git").mkdir()  # a repository's top, without Git's own files
        for name in TREE:
            (top / name).parent.mkdir(parents=True, exist_ok=True)
            (top / name).write_text("name: a\n")
        for directory, lines in ignores.items():
            (top / directory / ".gitignore").write_text("\n".join(lines) + "\n")
        walked = sorted(
            Path(str(path)).relative_to(top).as_posix()
            for path in discover([str(top)], FileFilter(root=str(top)))
        )
        assert walked == reference_walk(top), ignores


@pytest.fixture(autouse=True)
def _own_git_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


WALK_IMPORTS = """
import sys
from nslint.discovery import FileFilter, discover
found = [str(p) for p in discover([sys.argv[1]], FileFilter(root=sys.argv[1]))]
print(sorted(found), "pathspec" in sys.modules)
"""


def walk_in_new_python(top: Path) -> str:
    """What ``WALK_IMPORTS`` prints for a walk of ``top`` in a Python of its own."""
    return subprocess.run(
        [sys.executable, "-c", WALK_IMPORTS, str(top)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(discovery.__file__).parents[1])},
    ).stdout


@pytest.mark.parametrize(
    "repository",
    [
        False,
        pytest.param(True, marks=pytest.mark.skipif(shutil.which("git") is None, reason="no git")),
    ],
)
def test_a_default_walk_does_not_import_pathspec(tmp_path: Path, repository: bool) -> None:
    top = tmp_path / "specs"
    for name in ("a.yaml", "build/b.yaml", "mkdocs.yml", "c/d.yml"):
        (top / name).parent.mkdir(parents=True, exist_ok=True)
        (top / name).write_text("name: a\n")
    if repository:  # as `git init` leaves it: info/exclude of comments only
        subprocess.run(["git", "init", "-q", str(top)], check=True, capture_output=True)
        assert (top / ".git/info/exclude").read_text().startswith("# git ls-files")
    expected = sorted(str(top / name) for name in ("a.yaml", "c/d.yml"))
    assert walk_in_new_python(top) == f"{expected} False\n"


def test_a_gitignore_brings_pathspec_in(tmp_path: Path) -> None:
    """The control: the test above would see pathspec imported."""
    top = tmp_path / "specs"
    (top / ".git").mkdir(parents=True)
    (top / ".gitignore").write_text("a.yaml\n")
    (top / "a.yaml").write_text("name: a\n")
    (top / "b.yaml").write_text("name: a\n")
    assert walk_in_new_python(top) == f"{[str(top / 'b.yaml')]} True\n"


def test_ignores_layers_hold_globs(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("*.yml\n!keep.yml\n")
    rules = Ignores().rules(str(tmp_path))
    assert [type(layer.spec) for layer in rules.layers] == [Globs]
    assert rules.ignored("a.yml", False) is True
    assert rules.ignored("keep.yml", False) is False
    assert rules.ignored("a.yaml", False) is False
