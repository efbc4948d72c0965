"""A SuiteCloud Development Framework (SDF) project beside the specs (``sdf-project``):
its integration objects compared with the specs of a run.

In an SDF project an integration record is represented by an *integration custom
object*: ``Objects/<scriptid>.xml`` whose root is ``<integration scriptid="...">``, and
which carries nothing but that script id. The project is read once, in the main process,
before the specs are checked: the script ids of its objects reach every spec's check
(NS701, through ``Settings.sdf_scripts``, which is part of the cache's run key), and the
objects' own findings (NS700, NS702, NS703) are made after every spec's result is known,
from the script ids the results carry, so that neither the cache nor the process pool
can make them stale. NS701 itself is a rule of ``nslint/checks/sdf_object_missing.py``.

The project's XML is read by ``nslint.sdf_xml``; the rules are documented in
``nslint.sdf_rules``, apart from this module, which uses the engine (the registry,
which the engine's rule set uses, needs the rules without it).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from nslint.diagnostics import Diagnostic, Finding
from nslint.sdf_rules import WITHOUT_SPEC
from nslint.sdf_xml import Project, line_at, load, masked, split_lines

if TYPE_CHECKING:
    from nslint.results import FileResult, Settings

__all__ = ["Project", "load", "results", "spec_scripts"]


def results(
    project: Project, spec_scripts: Collection[str], settings: Settings
) -> list[FileResult]:
    """The results of the project's objects that have findings, given the script ids of
    every spec of the run."""
    from nslint import engine
    from nslint.results import FileResult

    rules = settings.rules
    out = []
    for obj in project.objects:
        findings = list(obj.findings)
        if obj.script_id is not None and obj.script_id not in spec_scripts:
            findings.append(
                Finding(
                    WITHOUT_SPEC,
                    obj.span,
                    f"the SDF integration object `{obj.script_id}` has no spec: no spec "
                    f"checked has `script_id: {obj.script_id}`; add a spec for the "
                    "integration record (and check it in the same run), or remove the "
                    "object from the project",
                )
            )
        enabled = rules.enabled_for(obj.path)
        kept = sorted(
            (engine.diagnostic(obj.path, f, rules) for f in findings if enabled(f.code)),
            key=Diagnostic.sort_key,
        )
        if not kept:
            continue
        shown = split_lines(masked(obj.text))
        lines = {d.span.line: line_at(shown, d.span.line) for d in kept}
        if settings.fingerprints:
            seen: dict[tuple[str, ...], int] = {}
            kept = [engine._fingerprinted(d, lines, {}, seen) for d in kept]
        out.append(FileResult(obj.path, tuple(kept), lines))
    return out


def spec_scripts(found: Iterable[FileResult]) -> set[str]:
    """The script ids of the specs of a run."""
    return {script for result in found for script in result.script_ids}
