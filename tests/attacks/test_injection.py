"""No injection through file names or spec text (issue 12, part 5).

A file name or a spec is written by whoever opens the pull request. Printed as it is,
it could run GitHub Actions workflow commands (a line starting with ``::``, or
``##[command]`` anywhere in a line), drive the terminal (ESC, OSC), render as an image
or a link in the Markdown report and the job summary, or, not being UTF-8, end a run
in a UnicodeEncodeError. Each attack is reproduced with the exact output it must give,
then a property-based test throws generated names and spec strings at every format.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from nslint import display
from nslint.formats import FORMATS
from nslint.report import REPORT_FORMATS

PACK = """\
description: Shows what a spec holds, as a message.
rules:
  - id: ORG901
    name: show-name
    severity: error
    summary: Shows the name.
    select: name
    assert: {const: ""}
    message: "name: {value}"
    description: Shows the name.
  - id: ORG902
    name: show-account
    severity: error
    summary: Shows each account ID.
    select: accounts.*
    at: key
    assert: {const: ""}
    message: "account {key}"
    description: Shows each account ID.
"""
ARGS = ("--isolated", "--rule-pack", "../pack.yaml")
CHECK = ("check", *ARGS, "--no-cache", "--color", "never")
NAME = (*CHECK, "--select", "ORG901")
ACCOUNT = (*CHECK, "--select", "ORG902")
REPORT = ("report", *ARGS, "--release", "2026.2")
SPEC = "name: n\nuser_credentials: true\n"

COMMAND = "::error file=README.md,line=1::x.yaml"
NEW_LINE = "a\n::add-mask::secret.yaml"
OSC = "\x1b]0;pwned\x07.yaml"
NOT_UTF8 = os.fsdecode(b"\xff\xfe.yaml")
IMAGE = "![x](https://evil.example/p.png)"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def nslint(*args: str, **env: str | None) -> Run:
    """Run nslint in-process with strict UTF-8 streams (as a CI runner's are): a
    UnicodeEncodeError is an exception here, never mistaken for exit code 1."""
    from click.testing import CliRunner

    from nslint.cli import main

    env.setdefault("GITHUB_ACTIONS", None)
    env.setdefault("GITHUB_STEP_SUMMARY", None)
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def specs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository (``specs/``) as the current directory, the rule pack beside it."""
    (tmp_path / "pack.yaml").write_text(PACK)
    root = tmp_path / "specs"
    (root / ".git").mkdir(parents=True)
    monkeypatch.chdir(root)
    return root


def spec(name: str, text: str = SPEC) -> None:
    """Write a spec under a name that may hold any byte but NUL and ``/``."""
    with open(os.fsencode(name), "w", encoding="utf-8") as handle:
        handle.write(text)


# -- the display module ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x1b]0;t\x07b", "a\\x1b]0;t\\x07b"),
        ("\x00\t\r\n\x1f\x7f\x85\x9b\xa0", "\\x00\\x09\\x0d\\x0a\\x1f\\x7f\\x85\\x9b\xa0"),
        (
            "\u2028\u2029\u202a\u202e\u2066\u2069\u200e\u200f\u061c",
            "\\u2028\\u2029\\u202a\\u202e\\u2066\\u2069\\u200e\\u200f\\u061c",
        ),
        (NOT_UTF8, "\\xff\\xfe.yaml"),
        ("\ud800\udfff", "\\ud800\\udfff"),
        (
            "##[add-mask]x ##vso[task.x] ##teamcity[y]",
            "##\\x5badd-mask]x ##vso\\x5btask.x] ##teamcity\\x5by]",
        ),
        ("## heading #[x] [##] a::b", "## heading #[x] [##] a::b"),
        ("é 中 😀 👩\u200d💻 \\x1b", "é 中 😀 👩\u200d💻 \\x1b"),
    ],
)
def test_escape(text: str, shown: str) -> None:
    assert display.escape(text) == shown


def test_escape_keeps_tabs_only_when_asked() -> None:
    assert display.escape("a\tb\x1b", tabs=True) == "a\tb\\x1b"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (COMMAND, "./" + COMMAND),
        ("  ::x.yaml", "./  ::x.yaml"),
        ("\u3000::x.yaml", "./\u3000::x.yaml"),  # the runner trims Unicode white space
        (NEW_LINE, "a\\x0a::add-mask::secret.yaml"),
        ("specs/::x.yaml", "specs/::x.yaml"),
        ("/abs/::x.yaml", "/abs/::x.yaml"),
        (":x.yaml", ":x.yaml"),
    ],
)
def test_path(name: str, shown: str) -> None:
    assert display.path(name) == shown


def test_line_start_escapes_the_first_colon_of_a_command() -> None:
    assert display.line_start("::error::x") == "\\x3a:error::x"
    assert display.line_start(" \u3000::x") == " \u3000\\x3a:x"
    assert display.line_start(" \t::x") == " \\x09::x"  # the tab, escaped, is no space
    assert display.line_start("a::x") == "a::x"


def test_json_text_is_lossless_but_for_bytes_that_are_not_utf8() -> None:
    value = {"a#": "##[add-mask]x \x85\u2028\u202e\x1b ##", "b": [NOT_UTF8]}
    text = display.json_text(value)
    assert text == (
        '{\n  "a#": "##\\u005badd-mask]x \\u0085\\u2028\\u202e\\u001b ##",\n'
        '  "b": [\n    "\\\\xff\\\\xfe.yaml"\n  ]\n}\n'
    )
    assert json.loads(text) == {"a#": value["a#"], "b": ["\\xff\\xfe.yaml"]}


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.recursive(st.text(), lambda inner: st.lists(inner, max_size=3), max_leaves=6))
def test_json_text_escapes_as_the_pattern_does(value: object) -> None:
    """The pattern is skipped for a document it cannot match: the same text."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    expected = re.sub(display._JSON_UNSAFE, display._json_escaped, text) + "\n"
    assert display.json_text(value) == expected


@pytest.mark.parametrize("char", ["\x7f", "\x80", "\u2028", "\ud800", "##[", "##vso["])
def test_json_text_escapes_what_the_plain_document_check_lets_through(char: str) -> None:
    text = display.json_text([f"a{char}b"])
    assert text.isascii()
    assert char not in text


def test_markdown_escapes_every_metacharacter() -> None:
    assert display.markdown(IMAGE) == "\\!\\[x\\]\\(https\\://evil\\.example/p\\.png\\)"
    assert display.markdown("<img src=x> a|b `c` *d* _e_ ~f~ $g$ @h &amp; #1 +-") == (
        "\\<img src=x\\> a\\|b \\`c\\` \\*d\\* \\_e\\_ \\~f\\~ \\$g\\$ \\@h \\&amp; \\#1 \\+\\-"
    )
    assert display.markdown("a\nb\\") == "a\\\\x0ab\\\\"


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.text())
def test_an_escaped_prefix_is_a_prefix_of_the_escape(text: str) -> None:
    """The text format's caret is placed by the width of an escaped prefix."""
    whole = display.escape(text)
    for end in range(len(text) + 1):
        assert whole.startswith(display.escape(text[:end]))


# -- workflow commands and terminal escapes in file names --------------------------------


def test_a_workflow_command_as_a_file_name_is_not_one_in_any_log(specs: Path) -> None:
    spec(COMMAND)
    run = nslint(*NAME, GITHUB_ACTIONS="true")
    assert (run.code, run.err) == (1, "")
    assert run.out.splitlines() == [
        './::error file=README.md,line=1::x.yaml:1:7: error[ORG901] name: "n" (show-name)',
        "  |",
        "1 | name: n",
        "  |       ^",
        "",
        "Found 1 error in 1 of 1 file.",
        "::error file=%3A%3Aerror file=README.md%2Cline=1%3A%3Ax.yaml,line=1,col=7,endLine=1,"
        'endColumn=8,title=ORG901 show-name::name: "n"',
    ]
    concise = nslint(*NAME, "--format", "concise", GITHUB_ACTIONS="true")
    assert concise.out == './::error file=README.md,line=1::x.yaml:1:7: error ORG901 name: "n"\n'


def test_a_new_line_in_a_file_name_does_not_start_a_line(specs: Path) -> None:
    spec(NEW_LINE)
    run = nslint(*NAME, "--format", "concise", GITHUB_ACTIONS="true")
    assert (run.code, run.out, run.err) == (
        1,
        'a\\x0a::add-mask::secret.yaml:1:7: error ORG901 name: "n"\n',
        "",
    )
    # The runner turns %0A back into the new line of the name: the annotation's file.
    assert nslint(*NAME, "--format", "github").out == (
        "::error file=a%0A%3A%3Aadd-mask%3A%3Asecret.yaml,line=1,col=7,endLine=1,endColumn=8,"
        'title=ORG901 show-name::name: "n"\n'
    )
    text = nslint(*NAME, GITHUB_ACTIONS="true").out
    assert text.splitlines()[0] == (
        'a\\x0a::add-mask::secret.yaml:1:7: error[ORG901] name: "n" (show-name)'
    )


def test_a_file_name_in_an_error_message_is_escaped(specs: Path) -> None:
    missing = "x\n::add-mask::secret\x1b[2J.yaml"
    run = nslint(*NAME, "--format", "json", missing)
    assert (run.code, run.out) == (2, "[]\n")
    assert run.err == (
        "nslint: error: cannot read x\\x0a::add-mask::secret\\x1b[2J.yaml: "
        "no such file or directory\n"
    )
    github = nslint(*NAME, "--format", "github", missing)
    assert github.out == (
        "::error title=nslint::cannot read x%0A::add-mask::secret\\x1b[2J.yaml: "
        "no such file or directory\n"
    )
    out = tempfile.mktemp(prefix="out\n::x", dir=".")
    Path(out).write_text("a file, where -o wants a directory\n")
    # The directory holds no spec: the warning that says so comes first.
    assert nslint(*NAME, "-o", out + "/sub", ".").err.splitlines()[1:] == [
        f"nslint: error: cannot write {display.escape(out)}/sub: Not a directory"
    ]


def test_terminal_escapes_in_a_file_name_do_not_reach_the_terminal(specs: Path) -> None:
    spec(OSC)
    run = nslint(*NAME, "--format", "concise")
    assert run.out == '\\x1b]0;pwned\\x07.yaml:1:7: error ORG901 name: "n"\n'
    run = nslint(*NAME, "--color", "always")
    assert "\x07" not in run.out
    assert run.out.count("\x1b") == run.out.count("\x1b[")  # colours only, no OSC
    assert "\\x1b]0;pwned\\x07.yaml:1:7:" in run.out


def test_spec_text_in_a_message_and_a_snippet_is_escaped(specs: Path) -> None:
    spec(
        "s.yaml",
        'name: n\nuser_credentials: true\naccounts: {"a\\e]0;t\\a\\x85\\u2028 ##[add-mask]y": '
        "{state: enabled}}\n",
    )
    run = nslint(*ACCOUNT, GITHUB_ACTIONS="true")
    assert run.out.splitlines() == [
        "s.yaml:3:12: error[ORG902] account a\\x1b]0;t\\x07\\x85\\u2028 ##\\x5badd-mask]y "
        "(show-account)",
        "  |",
        '3 | accounts: {"a\\e]0;t\\a\\x85\\u2028 ##\\x5badd-mask]y": {state: enabled}}',
        "  |            ^" + "~" * 37,  # under the 38 characters of the shown key
        "",
        "Found 1 error in 1 of 1 file.",
        "::error file=s.yaml,line=3,col=12,endLine=3,endColumn=47,title=ORG902 show-account::"
        "account a\\x1b]0;t\\x07\\x85\\u2028 ##\\x5badd-mask]y",
    ]


def test_the_caret_stays_under_a_value_after_escaped_characters(specs: Path) -> None:
    # A bidi control (shown as six characters) and a tab (one) before a value.
    spec("s.yaml", 'name: n\nuser_credentials: true\naccounts: {"\u202e":\t{}, "b": {}}\n')
    assert nslint(*ACCOUNT).out.splitlines() == [
        "s.yaml:3:12: error[ORG902] account \\u202e (show-account)",
        "  |",
        '3 | accounts: {"\\u202e": {}, "b": {}}',
        "  |            ^" + "~" * 7,  # under the 8 characters of "\\u202e"
        "",
        "s.yaml:3:21: error[ORG902] account b (show-account)",
        "  |",
        '3 | accounts: {"\\u202e": {}, "b": {}}',
        "  |                          ^~~",
        "",
        "Found 2 errors in 1 of 1 file.",
    ]


def test_the_diff_escapes_a_file_name_and_spec_text(specs: Path) -> None:
    spec(
        NEW_LINE,
        'name: "\u202e"\t# note\nuser_credentials: true\n'
        'oauth2: {authorization_code_grant: true, redirect_uris: ["http://x.example/cb"]}\n',
    )
    run = nslint(*CHECK, "--diff", "--unsafe-fixes")
    assert (run.code, run.err) == (1, "")
    assert run.out.splitlines() == [
        "--- a/a\\x0a::add-mask::secret.yaml",
        "+++ b/a\\x0a::add-mask::secret.yaml",
        "@@ -1,3 +1,3 @@",
        ' name: "\\u202e"\t# note',
        " user_credentials: true",
        '-oauth2: {authorization_code_grant: true, redirect_uris: ["http://x.example/cb"]}',
        '+oauth2: {authorization_code_grant: true, redirect_uris: ["https://x.example/cb"]}',
    ]


# -- Markdown, HTML and CSV reports ---------------------------------------------------------


class Tags(HTMLParser):
    """The elements of an HTML document, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed_html(text: str) -> Tags:
    parser = Tags()
    parser.feed(text)
    parser.close()
    return parser


MARKDOWN_TAGS = {"h1", "h2", "h3", "p", "ul", "li", "strong", "em", "code", "table", "thead",
                 "tbody", "tr", "th", "td"}  # fmt: skip


def assert_renders_as_text(markdown: str) -> Tags:
    """Rendered as CommonMark with tables: only the report's own elements, no link, no
    image, no HTML from the data; and no bare URL for GitHub to autolink."""
    rendered = parsed_html(MarkdownIt("commonmark").enable("table").render(markdown))
    assert {tag for tag, _ in rendered.tags} <= MARKDOWN_TAGS, rendered.tags
    assert not re.search(r"(?<!\\):/", markdown)
    assert "www." not in markdown
    return rendered


def test_markdown_report_renders_spec_text_as_text(specs: Path) -> None:
    spec(
        "s.yaml",
        f'name: "{IMAGE} <img src=x onerror=alert(1)> | *b*"\nuser_credentials: true\n'
        'accounts: {"[a](javascript:alert(1))": {state: enabled}}\n',
    )
    run = nslint(*REPORT, "--format", "markdown")
    assert (run.code, run.err) == (0, "")
    row = [line for line in run.out.splitlines() if "s\\.yaml" in line]
    assert row == [
        "| \\!\\[x\\]\\(https\\://evil\\.example/p\\.png\\) \\<img src=x onerror=alert\\(1\\)\\> "
        "\\| \\*b\\* | s\\.yaml\\:1 | enabled | \\[a\\]\\(javascript\\:alert\\(1\\)\\)\\: enabled "
        "| user credentials |  |  |  |  | 0 |  | 3 | 0 | 0 |"
    ]
    rendered = assert_renders_as_text(run.out)
    assert f"{IMAGE} <img src=x onerror=alert(1)> | *b*" in rendered.text


def test_job_summary_renders_spec_text_and_file_names_as_text(specs: Path) -> None:
    spec("![x](p.png).yaml", f'name: "{IMAGE}"\nuser_credentials: true\n')
    spec(NOT_UTF8)
    summary = specs.parent / "summary.md"
    run = nslint(*NAME, "--summary", GITHUB_STEP_SUMMARY=str(summary))
    assert run.code == 1
    rows = [line for line in summary.read_text(encoding="utf-8").splitlines() if ".yaml" in line]
    assert rows[0].startswith(
        "| \\!\\[x\\]\\(https\\://evil\\.example/p\\.png\\) | \\!\\[x\\]\\(p\\.png\\)\\.yaml\\:1 | "
    )
    assert rows[1].startswith("| n | \\\\xff\\\\xfe\\.yaml\\:1 | ")
    rendered = assert_renders_as_text(summary.read_text(encoding="utf-8"))
    assert "![x](p.png).yaml:1" in rendered.text
    assert "\\xff\\xfe.yaml:1" in rendered.text


def test_html_report_keeps_a_script_and_an_image_as_text(specs: Path) -> None:
    spec("s.yaml", f"name: '<script>alert(1)</script> {IMAGE}'\nuser_credentials: true\n")
    spec(OSC)
    run = nslint(*REPORT, "--format", "html")
    assert (run.code, run.err) == (0, "")
    page = parsed_html(run.out)
    assert [tag for tag, _ in page.tags].count("script") == 1  # the page's own
    assert "img" not in {tag for tag, _ in page.tags}
    assert "\x1b" not in run.out
    assert f"<script>alert(1)</script> {IMAGE}" in page.text
    assert "\\x1b]0;pwned\\x07.yaml:1" in page.text


def test_csv_report_rows_are_single_lines_that_run_no_command(specs: Path) -> None:
    spec("s.yaml", 'name: "::add-mask::x"\nuser_credentials: true\n')
    spec("t.yaml", 'name: "a\\n::error::b"\nuser_credentials: true\n')
    run = nslint(*REPORT, "--format", "csv")
    rest = '"enabled","","user credentials","","","","",0,"",1,0,0,""'
    assert run.out.splitlines()[1:] == [
        f'"\\x3a:add-mask::x","s.yaml:1",{rest}',
        f'"a\\x0a::error::b","t.yaml:1",{rest}',
    ]


def test_csv_cells_are_quoted_for_a_spreadsheet_that_splits_on_semicolons(specs: Path) -> None:
    spec("s.yaml", "name: \"x;=cmd|' /C calc'!A0\"\nuser_credentials: true\n")
    run = nslint(*REPORT, "--format", "csv")
    assert run.out.splitlines()[1].startswith('"x;=cmd|\' /C calc\'!A0","s.yaml:1",')


# -- a file name that is not UTF-8 --------------------------------------------------------


def test_a_file_name_that_is_not_utf8_in_every_format(specs: Path) -> None:
    spec(NOT_UTF8)
    shown = "\\xff\\xfe.yaml"
    finding = f'{shown}:1:7: error ORG901 name: "n"'
    runs = {fmt: nslint(*NAME, "--format", fmt, GITHUB_ACTIONS="true") for fmt in FORMATS}
    assert {fmt: (run.code, run.err) for fmt, run in runs.items()} == dict.fromkeys(
        FORMATS, (1, "")
    )
    assert runs["concise"].out == finding + "\n"
    assert runs["text"].out.startswith(f'{shown}:1:7: error[ORG901] name: "n" (show-name)\n')
    assert runs["github"].out == (
        f"::error file={shown},line=1,col=7,endLine=1,endColumn=8,"
        'title=ORG901 show-name::name: "n"\n'
    )
    assert json.loads(runs["json"].out)[0]["path"] == shown
    assert json.loads(runs["gitlab"].out)[0]["location"]["path"] == shown
    sarif = json.loads(runs["sarif"].out)
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "%FF%FE.yaml", "uriBaseId": "%SRCROOT%"}
    junit = ET.fromstring(runs["junit"].out)
    assert [suite.get("name") for suite in junit] == [shown]
    failure = junit.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.text == finding

    assert nslint(*NAME, "--format", "json", "-o", "out.json").code == 1
    assert json.loads(Path("out.json").read_text(encoding="utf-8"))[0]["path"] == shown

    written = nslint(*NAME, "--write-baseline", "../baseline.json")
    assert written.code == 0
    baseline = json.loads((specs.parent / "baseline.json").read_text(encoding="utf-8"))
    assert [entry["path"] for entry in baseline["findings"]] == [f"specs/{shown}"]
    again = nslint(*NAME, "--baseline", "../baseline.json")
    assert (again.code, again.out, again.err) == (
        0,
        "No problems found in 1 file (1 in the baseline).\n",
        "",
    )

    summary = specs.parent / "summary.md"
    assert nslint(*NAME, "--summary", GITHUB_STEP_SUMMARY=str(summary)).code == 1
    assert "| n | \\\\xff\\\\xfe\\.yaml\\:1 |" in summary.read_text(encoding="utf-8")

    for fmt in REPORT_FORMATS:
        report = nslint(*REPORT, "--format", fmt)
        assert (report.code, report.err) == (0, ""), fmt
    inventory = json.loads(nslint(*REPORT, "--format", "json").out)
    assert inventory["integrations"][0]["path"] == shown


def test_a_missing_path_that_is_not_utf8(specs: Path) -> None:
    missing = os.fsdecode(b"m\xff.yaml")
    run = nslint(*NAME, "--format", "sarif", missing)
    assert run.code == 2
    assert run.err == "nslint: error: cannot read m\\xff.yaml: no such file or directory\n"
    notes = json.loads(run.out)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notes == [
        {
            "level": "error",
            "message": {"text": "cannot read m\\xff.yaml: no such file or directory"},
        }
    ]


# -- property-based: generated names and spec strings, every format ---------------------

EXAMPLES = int(os.environ.get("NSLINT_FUZZ_EXAMPLES", "30"))
PIECES = [
    "::", "::error file=README.md,line=1::", "::add-mask::", " ::", "\u3000::", "\n", "\r",
    "\r\n", "\t", "\x1b]0;pwned\x07", "\x1b[31m", "\x1b[2J", "\x9b31m", "\x85", "\x7f",
    "\u2028", "\u2029", "\u202e", "\u2066", "##[add-mask]", "##vso[task.x]", IMAGE,
    "[a](https://e.example)", "<script>alert(1)</script>", "<img src=x>", "www.e.example",
    "|", "`", "*", "_", "%", "%0A", ",", ":", "&amp;", "$x$", "\\", "é", "中", "😀",
]  # fmt: skip
BYTES = [os.fsdecode(bytes([byte])) for byte in (0x80, 0x9B, 0xC3, 0xFE, 0xFF)]

pieces = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=6).map("".join)
names = (
    st.lists(st.sampled_from(PIECES) | st.sampled_from(BYTES) | st.text(max_size=3), max_size=6)
    .map(lambda parts: "".join(parts).replace("/", "").replace("\x00", "") + ".yaml")
    .filter(lambda name: len(os.fsencode(name)) < 200 and not name.startswith("."))
)
GITHUB_COMMAND = re.compile(
    r"::(error|warning|notice) file=[^,:\r\n]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,"
    r"title=[A-Z]+\d+ [a-z0-9-]+::[^\r\n]*"
    r"|::error title=nslint::[^\r\n]*"
)
RAW = re.compile(f"[\x00-\x08\x0b-\x1f{display._BEYOND_C0}]|##[A-Za-z]*\\[")
"""What no output may hold: a control character (but tab and newline), a bidi control,
a line separator, a surrogate, a legacy workflow command."""


def assert_no_command(text: str, github: bool = False) -> None:
    """No line starts a workflow command, unless it is one nslint printed (github), whose
    properties and data hold no unescaped ``%``, CR, LF (nor ``,`` or ``:`` in a
    property: ``GITHUB_COMMAND``)."""
    for line in text.split("\n"):
        if line.lstrip().startswith("::"):
            assert github, line
            assert GITHUB_COMMAND.fullmatch(line), line
            assert not re.search("%(?!25|0D|0A|3A|2C)", line.partition("::")[2]), line


def assert_safe(text: str, github: bool = False) -> None:
    assert not RAW.search(text), RAW.search(text)
    assert "\t" not in text
    assert_no_command(text, github)


@contextmanager
def repository(name: str, text: str) -> Iterator[Path]:
    """A temporary repository with the rule pack beside it and one spec, as the
    current directory."""
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as top:
        Path(top, "pack.yaml").write_text(PACK)
        root = Path(top, "specs")
        (root / ".git").mkdir(parents=True)
        os.chdir(root)
        try:
            spec(name, text)
            yield root
        finally:
            os.chdir(cwd)


@settings(
    max_examples=EXAMPLES,
    derandomize=not os.environ.get("NSLINT_FUZZ_RANDOM"),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(name=names, value=pieces, key=pieces)
@example(name=COMMAND, value=IMAGE, key="##[add-mask]x")
@example(name=NEW_LINE + NOT_UTF8, value="\x1b]0;x\x07\u2028", key="\n::error::x")
def test_no_output_carries_an_injection(name: str, value: str, key: str) -> None:
    text = (
        f"name: {json.dumps(value)}\nuser_credentials: true\n"
        f"accounts: {{{json.dumps('k' + key)}: {{state: enabled}}}}\n"
        f"{json.dumps('x' + key)}: 1\n"
    )
    with repository(name, text) as root:
        for fmt in FORMATS:
            run = nslint(*CHECK, "--format", fmt, GITHUB_ACTIONS="true")
            assert run.code == 1, (fmt, run)
            assert run.err == ""
            if fmt in ("json", "sarif", "gitlab"):
                json.loads(run.out)
                assert not RAW.search(run.out)
            elif fmt == "junit":
                ET.fromstring(run.out)
                assert_safe(run.out)
            else:
                assert_safe(run.out, github=fmt == "github")
        on_github = nslint(*CHECK, GITHUB_ACTIONS="true")  # text, then commands
        assert_safe(on_github.out, github=True)
        summary = root.parent / "summary.md"
        nslint(*CHECK, "--summary", GITHUB_STEP_SUMMARY=str(summary))
        assert_safe(summary.read_text(encoding="utf-8"))
        assert_renders_as_text(summary.read_text(encoding="utf-8"))
        for fmt in REPORT_FORMATS:
            report = nslint(*REPORT, "--format", fmt)
            assert (report.code, report.err) == (0, ""), (fmt, report)
            if fmt == "json":
                json.loads(report.out)
                assert not RAW.search(report.out)
            elif fmt == "csv":
                assert_safe(report.out)
                list(csv.reader(io.StringIO(report.out)))
            else:
                assert_safe(report.out)
            if fmt == "markdown":
                assert_renders_as_text(report.out)
            if fmt == "html":
                tags = [tag for tag, _ in parsed_html(report.out).tags]
                assert tags.count("script") == 1
                assert "img" not in tags
        missing = nslint(*CHECK, "missing" + name)
        assert missing.code == 2
        assert_safe(missing.err)
        assert all(line.startswith("nslint: ") for line in missing.err.splitlines())


def test_rules_and_explain_escape_a_packs_text(tmp_path: Path) -> None:
    # A rule pack comes from a pull request like a spec: its text is data too.
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "rules:\n  - id: ORG903\n    name: hostile\n    severity: error\n"
        '    summary: "Sum\\e]0;x\\amary ##[error]x"\n'
        '    description: "line one\\n::error file=a::b\\n\\e[2Jend"\n'
        "    select: name\n    assert: {const: x}\n    message: m\n"
    )
    listed = nslint("rules", "--isolated", "--rule-pack", str(pack))
    assert listed.code == 0
    (row,) = [line for line in listed.out.splitlines() if line.startswith("ORG903")]
    assert row.endswith("Sum\\x1b]0;x\\x07mary ##\\x5berror]x")
    as_json = nslint("rules", "--isolated", "--rule-pack", str(pack), "--format", "json")
    assert "##[" not in as_json.out
    assert "\x1b" not in as_json.out
    assert [r["summary"] for r in json.loads(as_json.out) if r["code"] == "ORG903"] == [
        "Sum\x1b]0;x\x07mary ##[error]x"
    ]
    explained = nslint("explain", "--isolated", "--rule-pack", str(pack), "ORG903")
    assert explained.code == 0
    assert explained.out.splitlines()[-3:] == ["line one", "\\x3a:error file=a::b", "\\x1b[2Jend"]


def test_escapes_fast_path_agrees_with_the_pattern() -> None:
    # escape() returns printable text untouched without the pattern: for every character
    # below U+3000 (and the surrogates), both ways must give the same text.
    import re

    for code in [*range(0x3000), *range(0xD800, 0xE000)]:
        char = chr(code)
        for text in (f"a{char}b", f"##x[{char}"):
            slow = re.sub(display._UNSAFE, lambda m: display._escaped(m.group()), text)
            assert display.escape(text) == slow, hex(code)
