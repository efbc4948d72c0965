"""The package's shape: module sizes, no import cycle, no import from a higher layer.

The import graph is read from the source with ``ast``, every ``import`` and ``from ...
import`` counted wherever it stands (inside a function too: a lazy import is still a
dependency, only a later one), relative forms and ``from nslint import x`` resolved to
the module they load. Imports under ``if TYPE_CHECKING:`` are left out: they never run,
and annotations may name a higher layer's types.
"""

from __future__ import annotations

import ast
import fnmatch
from collections.abc import Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MAX_LINES = 400
REASON = "over 400 lines"
"""What a module's docstring says (then why) when it is longer than ``MAX_LINES``."""

KNOWN_LONG: dict[str, str] = {}
"""Modules over the limit whose split is under way elsewhere; remove them once it lands."""

LAYERS: tuple[tuple[str, str, str], ...] = (
    (
        "entry",
        "the command line: parses flags, calls a command's work, prints, exits once",
        "nslint.__main__ nslint.cli nslint.cli.*",
    ),
    (
        "commands",
        "the work of one command, click-free: check's runner, the language server, "
        "init, and the generator of the configuration docs",
        "nslint.run nslint.run_report nslint.server nslint.server.* nslint.init "
        "nslint.init_editor nslint.config_docs",
    ),
    (
        "pipeline",
        "what a run does with the files: the engine (one file's journey), the pool and "
        "the cache around it, fixing, baselines, the output formats and where they are "
        "written, the inventory report, the SDF objects' findings made after every "
        "spec's result is known, and the rule catalogue (each rule's documentation and "
        "its link, which the formats, explain and the language server show)",
        "nslint.engine nslint.batch nslint.cache nslint.cache_key nslint.cache_trust nslint.fix "
        "nslint.baseline nslint.catalogue "
        "nslint.formats nslint.formats.* nslint.writing nslint.inventory nslint.report "
        "nslint.report.* nslint.sdf",
    ),
    (
        "setup",
        "a run's configuration and the rules it selects: the registry of every rule "
        "(built-in, packs, plugins), the rule set, and the settings a run checks with",
        "nslint.config nslint.registry nslint.ruleset nslint.results nslint.packs nslint.plugins",
    ),
    (
        "rules",
        "the rules and the steps that work on their findings: the Rule model, Python "
        "rules, declarative rules and their selectors, the structural rules, "
        "suppression, redaction, and the SDF project's objects and rules",
        "nslint.rule nslint.checks nslint.checks.* nslint.declarative nslint.selectors "
        "nslint.structural nslint.suppress nslint.redact nslint.sdf_xml nslint.sdf_rules",
    ),
    (
        "documents",
        "reading a file: bytes and limits, the parse, the document rules see, the "
        "schema, YAML files of nslint's own (configuration, packs), the configuration "
        "keys, the walk, and the edits a fix makes",
        "nslint.source nslint.parse nslint.yaml_builder nslint.yaml_errors nslint.yaml11 "
        "nslint.document nslint.schema nslint.yaml_file nslint.config_file nslint.keys "
        "nslint.discovery nslint.gitignore nslint.gitrepo nslint.globs nslint.edits",
    ),
    (
        "base",
        "plain values every layer uses: positions and findings, errors, releases, "
        "packaged resources, display escaping, atomic writes, the version",
        "nslint nslint.diagnostics nslint.values nslint.errors nslint.release "
        "nslint.resources nslint.display nslint.atomic",
    ),
)
"""From the highest to the lowest, each with why its modules belong together; a module
imports only from its own layer or lower ones. The modules are patterns (``fnmatch``),
separated by spaces; one ending in ``.*`` takes a
package's modules, so that adding a rule, a format or a command places itself."""


# -- the checker -----------------------------------------------------------------------


def modules(root: Path, package: str) -> dict[str, Path]:
    """Every module of ``package`` (a folder under ``root``) by dotted name."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(node: ast.AST, name: str, is_package: bool, known: Mapping[str, Path]) -> set[str]:
    """The modules of ``known`` that the imports in ``node`` load, at any depth."""
    package = name if is_package else name.rpartition(".")[0]
    top = next(iter(known)).split(".")[0]

    def owner(dotted: str) -> str | None:
        """The module ``dotted`` names, or the one that defines it."""
        while dotted and dotted not in known:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    out: set[str] = set()
    pending = list(ast.iter_child_nodes(node))
    while pending:
        child = pending.pop()
        if isinstance(child, ast.If) and _type_checking(child):
            pending.extend(child.orelse)
            continue
        if isinstance(child, ast.Import):
            for alias in child.names:
                if alias.name.split(".")[0] == top and (found := owner(alias.name)):
                    out.add(found)
        elif isinstance(child, ast.ImportFrom):
            base = child.module or ""
            if child.level:
                parts = package.split(".")[: len(package.split(".")) - child.level + 1]
                base = ".".join([*parts, *([base] if base else [])])
            if base.split(".")[0] == top:
                for alias in child.names:
                    if found := owner(f"{base}.{alias.name}"):
                        out.add(found)
        pending.extend(ast.iter_child_nodes(child))
    out.discard(name)
    return out


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Each module of ``package`` and the modules of the package it imports."""
    known = modules(root, package)
    return {
        name: _imported(
            ast.parse(path.read_text(encoding="utf-8")), name, path.name == "__init__.py", known
        )
        for name, path in known.items()
    }


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """One cycle (its modules in import order, the first repeated at the end) per group
    of modules that import each other, found by a depth-first search."""
    found: list[list[str]] = []
    done: set[str] = set()
    for start in sorted(graph):
        if start in done:
            continue
        path: list[str] = []
        on_path: dict[str, int] = {}
        stack = [(start, iter(sorted(graph[start])))]
        path.append(start)
        on_path[start] = 0
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                del on_path[node]
                done.add(node)
            elif child in on_path:
                cycle = [*path[on_path[child] :], child]
                if not any(set(cycle) <= set(seen) for seen in found):
                    found.append(cycle)
            elif child not in done and child in graph:
                on_path[child] = len(path)
                path.append(child)
                stack.append((child, iter(sorted(graph[child]))))
    return found


def layer_of(name: str) -> int | None:
    """The index of the layer ``name`` is placed in (0 the highest), None if in none."""
    places = [
        index
        for index, (_, _, patterns) in enumerate(LAYERS)
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns.split())
    ]
    assert len(places) <= 1, f"{name} is placed in more than one layer"
    return places[0] if places else None


def upward(graph: Mapping[str, set[str]]) -> list[str]:
    """Each import of a module from a higher layer than its own."""
    out = []
    for name in sorted(graph):
        own = layer_of(name)
        for target in sorted(graph[name]):
            theirs = layer_of(target)
            if own is not None and theirs is not None and theirs < own:
                out.append(
                    f"{name} ({LAYERS[own][0]}) imports {target} ({LAYERS[theirs][0]}), "
                    "a higher layer"
                )
    return out


def too_long(root: Path, package: str) -> list[str]:
    """Each module over ``MAX_LINES`` lines whose docstring does not say why."""
    out = []
    for name, path in modules(root, package).items():
        text = path.read_text(encoding="utf-8")
        count = len(text.splitlines())
        doc = ast.get_docstring(ast.parse(text)) or ""
        if count > MAX_LINES and REASON not in doc.lower() and name not in KNOWN_LONG:
            out.append(
                f"{name}: {count} lines; split it, or say in its docstring why it is {REASON}"
            )
    return out


# -- the package -----------------------------------------------------------------------


def test_no_module_is_over_400_lines_without_a_reason() -> None:
    assert too_long(REPO, "nslint") == []


def test_the_known_long_modules_are_still_long() -> None:
    """An exception is dropped once its module is short again."""
    short = [
        name
        for name in KNOWN_LONG
        if len((REPO / (name.replace(".", "/") + ".py")).read_text().splitlines()) <= MAX_LINES
    ]
    assert short == []


def test_the_imports_have_no_cycle() -> None:
    assert cycles(import_graph(REPO, "nslint")) == []


def test_every_module_is_in_a_layer() -> None:
    assert [name for name in modules(REPO, "nslint") if layer_of(name) is None] == []


def test_no_module_imports_from_a_higher_layer() -> None:
    assert upward(import_graph(REPO, "nslint")) == []


# -- the checker itself, on planted packages --------------------------------------------


def plant(root: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path: Path) -> None:
    root = plant(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg import b\n",
            "pkg/b.py": "from . import c\n",
            "pkg/c.py": "def later():\n    from pkg.a import thing\n",
            "pkg/d.py": "import pkg.a\n",
        },
    )
    graph = import_graph(root, "pkg")
    assert graph == {
        "pkg": set(),
        "pkg.a": {"pkg.b"},
        "pkg.b": {"pkg.c"},
        "pkg.c": {"pkg.a"},
        "pkg.d": {"pkg.a"},
    }
    assert cycles(graph) == [["pkg.a", "pkg.b", "pkg.c", "pkg.a"]]


def test_imports_for_type_checking_and_from_outside_are_not_counted(tmp_path: Path) -> None:
    root = plant(
        tmp_path,
        {
            "pkg/__init__.py": "VERSION = '1'\n",
            "pkg/a.py": (
                "import os\nfrom typing import TYPE_CHECKING\nfrom pkg import VERSION\n"
                "if TYPE_CHECKING:\n    from pkg.b import B\nelse:\n    from .sub import x\n"
            ),
            "pkg/b.py": "from pkg.a import os\n",
            "pkg/sub/__init__.py": "from .x import y\n",
            "pkg/sub/x.py": "from ..b import *\ny = 1\n",
        },
    )
    assert import_graph(root, "pkg") == {
        "pkg": set(),
        "pkg.a": {"pkg", "pkg.sub.x"},
        "pkg.b": {"pkg.a"},
        "pkg.sub": {"pkg.sub.x"},
        "pkg.sub.x": {"pkg.b"},
    }
    assert cycles(import_graph(root, "pkg")) == [["pkg.a", "pkg.sub.x", "pkg.b", "pkg.a"]]


def test_an_import_from_a_higher_layer_is_found() -> None:
    graph = {"nslint.engine": {"nslint.run", "nslint.source"}, "nslint.checks.tba": {"nslint.cli"}}
    assert upward(graph) == [
        "nslint.checks.tba (rules) imports nslint.cli (entry), a higher layer",
        "nslint.engine (pipeline) imports nslint.run (commands), a higher layer",
    ]


def test_a_long_module_needs_its_reason(tmp_path: Path) -> None:
    body = "x = 1\n" * MAX_LINES
    root = plant(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/fits.py": '"""Short."""\n' + "x = 1\n" * (MAX_LINES - 1),
            "pkg/long.py": '"""Long."""\n' + body,
            "pkg/said.py": '"""Long: over 400 lines because one table is one place."""\n' + body,
        },
    )
    assert too_long(root, "pkg") == [
        "pkg.long: 401 lines; split it, or say in its docstring why it is over 400 lines"
    ]


@pytest.mark.parametrize("name", ["nslint.checks.a_new_rule", "nslint.formats.a_new_format"])
def test_a_new_rule_or_format_module_places_itself(name: str) -> None:
    assert layer_of(name) is not None
