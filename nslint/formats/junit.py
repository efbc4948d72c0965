"""``--format junit``: JUnit XML, as GitLab, Jenkins and Azure DevOps read test reports.

One ``testsuite`` per file, one ``testcase`` per rule that ran on it. A finding at or
above the fail threshold (``fail-on``) is a ``failure`` of its rule's testcase; one
below it is written to the testcase's ``system-out``, so the report agrees with the exit
code. A file that could not be read is a testcase with an ``error``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from nslint import display
from nslint.diagnostics import Diagnostic
from nslint.formats import Style
from nslint.results import FileResult

# What XML 1.0 cannot hold at all (C0 controls, lone surrogates), and what must not
# reach a CI log that shows the report, is shown as display.escape shows it; the two
# other characters XML 1.0 excludes, U+FFFE and U+FFFF (valid in a file name and in a
# YAML string), as \ufffe and \uffff wherever they are in the document.
_xml = display.escape
_NOT_XML = re.compile("[\ufffe\uffff]")


def render(results: Sequence[FileResult], style: Style) -> str:
    suites = ET.Element("testsuites", name="nslint")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for result in results:
        suite = _suite(result, style)
        suites.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for key, value in totals.items():
        suites.set(key, str(value))
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode", xml_declaration=False)
    body = _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", body)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _suite(result: FileResult, style: Style) -> ET.Element:
    path = style.repository_path(result.path)
    name = _xml(path)
    suite = ET.Element("testsuite", name=name)
    if result.error is not None:
        case = ET.SubElement(suite, "testcase", classname=name, name="read")
        error = _xml(result.error)
        ET.SubElement(case, "error", message=error, type="read-error").text = error
        suite.attrib.update(tests="1", failures="0", errors="1", skipped="0")
        return suite
    by_code: dict[str, list[Diagnostic]] = {}
    for d in result.diagnostics:
        by_code.setdefault(d.code, []).append(d)
    enabled = style.rules.enabled_for(result.path)
    codes = sorted({code for code in style.rules.rules if enabled(code)} | set(by_code))
    failures = 0
    for code in codes:
        rule = style.rules.rules[code]
        case = ET.SubElement(suite, "testcase", classname=name, name=f"{code} {rule.name}")
        failing = [d for d in by_code.get(code, []) if style.fails(d.severity)]
        passing = [d for d in by_code.get(code, []) if not style.fails(d.severity)]
        if failing:
            failures += 1
            failure = ET.SubElement(
                case, "failure", message=_xml(failing[0].message), type=str(failing[0].severity)
            )
            failure.text = "\n".join(_line(path, d) for d in failing)
        if passing:
            ET.SubElement(case, "system-out").text = "\n".join(_line(path, d) for d in passing)
    suite.attrib.update(tests=str(len(codes)), failures=str(failures), errors="0", skipped="0")
    return suite


def _line(path: str, d: Diagnostic) -> str:
    """One line of a failure's text: it starts a line of the XML, so the path is shown
    as ``display.path`` shows it."""
    where = f"{display.path(path)}:{d.span.line}:{d.span.column}"
    return f"{where}: {d.severity} {d.code} {_xml(d.message)}"
