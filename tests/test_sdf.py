"""``sdf-project``: a SuiteCloud project's integration objects against the specs
(NS700-NS703), hostile XML, and the cache and the process pool giving the same answers."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from nslint import batch
from nslint.cache import DIRECTORY
from tests.conftest import Run, nslint

HANG = 10.0
GOOD = (
    "name: {name}\nscript_id: {sid}\noauth2:\n  client_credentials_grant: true\n"
    "  scopes: [restlets]\n"
)


def spec(directory: Path, name: str, sid: str | None) -> Path:
    text = GOOD.format(name=name, sid=sid) if sid else GOOD.replace("script_id: {sid}\n", "")
    path = directory / f"{name}.yaml"
    path.write_text(text.format(name=name))
    return path


def sdf_object(project: Path, sid: str, text: str | None = None) -> Path:
    path = project / "Objects" / f"{sid}.xml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text is not None else f'<integration scriptid="{sid}"/>\n')
    return path


def check(*args: str) -> Run:
    return nslint("check", "--isolated", "--no-cache", "--format", "json", *args)


def rows(run: Run) -> list[tuple[str, int, int, int, int, str, str]]:
    return [
        (f["path"], f["line"], f["column"], f["end_line"], f["end_column"], f["code"], f["message"])
        for f in json.loads(run.out)
    ]


@pytest.fixture
def layout(project: Path) -> Path:
    """specs/ with two specs (custinteg_a has an object, custinteg_z has none) and the
    SDF project sdf/ with custinteg_a and custinteg_b (no spec)."""
    (project / "specs").mkdir()
    spec(project / "specs", "a", "custinteg_a")
    spec(project / "specs", "z", "custinteg_z")
    sdf_object(project / "sdf", "custinteg_a")
    sdf_object(project / "sdf", "custinteg_b", '<integration\n    scriptid="custinteg_b" />\n')
    return project


def test_ns701_and_ns702_exact(layout: Path) -> None:
    run = check("--sdf-project", "sdf", "specs")
    assert (run.code, run.err) == (0, "")
    assert rows(run) == [
        (
            "specs/z.yaml", 2, 12, 2, 23, "NS701",
            "`script_id` custinteg_z has no integration object in the SDF project: add "
            'Objects/custinteg_z.xml (<integration scriptid="custinteg_z"/>), or correct '
            "the script_id",
        ),
        (
            "sdf/Objects/custinteg_b.xml", 2, 5, 2, 27, "NS702",
            "the SDF integration object `custinteg_b` has no spec: no spec checked has "
            "`script_id: custinteg_b`; add a spec for the integration record (and check it "
            "in the same run), or remove the object from the project",
        ),
    ]  # fmt: skip


def test_without_sdf_project_nothing_is_reported(layout: Path) -> None:
    assert (check("specs").code, check("specs").out) == (0, "[]\n")


def test_the_text_format_shows_the_xml_line(layout: Path) -> None:
    run = nslint("check", "--isolated", "--no-cache", "--sdf-project", "sdf", "specs/a.yaml")
    assert run.code == 0
    assert (
        "sdf/Objects/custinteg_b.xml:2:5: warning[NS702] the SDF integration object `custinteg_b` "
        "has no spec: no spec checked has `script_id: custinteg_b`; add a spec for the "
        "integration record (and check it in the same run), or remove the object from the "
        "project (sdf-object-without-spec)\n"
        "  |\n"
        '2 |     scriptid="custinteg_b" />\n'
        "  |     ^~~~~~~~~~~~~~~~~~~~~~\n"
    ) in run.out


def test_ns703_child_elements_and_their_content_never_shown(layout: Path) -> None:
    sdf_object(
        layout / "sdf",
        "custinteg_a",
        '<integration scriptid="custinteg_a">\n'
        '  <name lang="en">Zorblax</name><clientsecret>s3cr3tvalue</clientsecret>\n'
        "  <!-- password: hunter2 -->\n"
        "  <name/>\n"
        "</integration>\n",
    )
    run = check("--sdf-project", "sdf", "specs/a.yaml")
    assert rows(run)[0] == (
        "sdf/Objects/custinteg_a.xml", 2, 3, 2, 8, "NS703",
        "the integration object `custinteg_a` has child elements (<name>, <clientsecret>), "
        "which SDF ignores: the object stands for the record by its scriptid alone, and the "
        "record's settings are made in NetSuite; remove them, and keep the settings in the "
        "nslint spec",
    )  # fmt: skip
    for fmt in ("text", "json", "sarif", "gitlab", "junit", "github"):
        out = nslint(
            "check", "--isolated", "--no-cache", "--format", fmt, "--sdf-project", "sdf", "specs"
        ).out
        assert "NS703" in out or "sdf-object-has-fields" in out
        assert [word for word in ("s3cr3t", "Zorblax", "hunter2") if word in out] == []
    text = nslint("check", "--isolated", "--no-cache", "--sdf-project", "sdf", "specs").out
    assert '2 |   <name lang="**">*******</name><clientsecret>***********</clientsecret>\n' in text


def test_ns700_scriptid_is_not_the_file_name(layout: Path) -> None:
    sdf_object(layout / "sdf", "custinteg_a", "<integration scriptid='custinteg_x'/>")
    assert rows(check("--sdf-project", "sdf", "specs/a.yaml")) == [
        (
            "sdf/Objects/custinteg_a.xml", 1, 14, 1, 36, "NS700",
            "the integration object's scriptid `custinteg_x` is not its file name "
            "`custinteg_a.xml`, and SDF requires them to match: rename the file, or correct "
            "the scriptid",
        ),
        ("sdf/Objects/custinteg_b.xml", 2, 5, 2, 27, "NS702", rows_b_message()),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("sid", "length"), [("customscript_a", 14), ("custinteg_" + "x" * 90, 100)]
)
def test_ns700_a_scriptid_sdf_refuses(layout: Path, sid: str, length: int) -> None:
    sdf_object(layout / "sdf", sid)
    run = check("--sdf-project", "sdf", "specs/a.yaml")
    assert [r for r in rows(run) if r[5] == "NS700"] == [
        (
            f"sdf/Objects/{sid}.xml", 1, 14, 1, 25 + length, "NS700",
            f"the integration object's scriptid `{sid}` is not one SDF accepts: an "
            "integration's script id starts with `custinteg` and is at most 99 characters "
            f"long ({length} here); correct it, and the file's name with it",
        )
    ]  # fmt: skip


def test_a_scriptid_of_99_characters_is_accepted(layout: Path) -> None:
    sid = "custinteg_" + "x" * 89
    sdf_object(layout / "sdf", sid)
    spec(layout / "specs", "long", sid)
    assert [r[:6] for r in rows(check("--sdf-project", "sdf", "specs"))] == [
        ("specs/z.yaml", 2, 12, 2, 23, "NS701"),
        ("sdf/Objects/custinteg_b.xml", 2, 5, 2, 27, "NS702"),
    ]


def rows_b_message() -> str:
    return (
        "the SDF integration object `custinteg_b` has no spec: no spec checked has "
        "`script_id: custinteg_b`; add a spec for the integration record (and check it in "
        "the same run), or remove the object from the project"
    )


@pytest.mark.parametrize(
    ("text", "line", "column", "problem"),
    [
        ('<integration scriptid="custinteg_a">\n', 2, 1,
         "the file ends before <integration> is closed"),
        ('<integration scriptid="custinteg_a"/>\n<extra/>\n', 2, 1, "junk after document element"),
        ('<integration scriptid="custinteg_a>\n', 1, 1, "unclosed token"),
        ("<integration scriptid=custinteg_a/>\n", 1, 23, "not well-formed (invalid token)"),
        ("", 1, 1, "no element found"),
    ],
)  # fmt: skip
def test_malformed_xml_is_located(
    layout: Path, text: str, line: int, column: int, problem: str
) -> None:
    sdf_object(layout / "sdf", "custinteg_a", text)
    run = check("--sdf-project", "sdf", "specs/a.yaml")
    assert (run.code, run.err) == (1, "")
    assert rows(run)[0] == (
        "sdf/Objects/custinteg_a.xml", line, column, line, column + 1, "NS700",
        f"the file is not well-formed XML: {problem}; SDF cannot deploy it: correct the XML",
    )  # fmt: skip


DTD = (
    "the file has a document type declaration (<!DOCTYPE ...>), which an SDF object never "
    "has; nslint does not read DTDs or expand entities: remove it"
)


@pytest.mark.parametrize(
    "doctype",
    [
        # billion laughs: never expanded
        '<!DOCTYPE lolz [<!ENTITY a "lollollollollollollollollollol">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + "]>",
        # XXE: a file of this machine, never read
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
        # an external DTD, never fetched
        '<!DOCTYPE integration SYSTEM "http://127.0.0.1:9/x.dtd">',
        '<!DOCTYPE x [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
    ],
)
def test_dtds_and_entities_are_refused_not_expanded(layout: Path, doctype: str) -> None:
    sdf_object(
        layout / "sdf",
        "custinteg_a",
        f'<?xml version="1.0"?>\n{doctype}\n'
        '<integration scriptid="custinteg_a">&e;</integration>\n',
    )
    started = time.monotonic()
    run = check("--sdf-project", "sdf", "specs/a.yaml")
    assert time.monotonic() - started < HANG
    assert rows(run)[0] == ("sdf/Objects/custinteg_a.xml", 2, 1, 2, 2, "NS700", DTD)
    assert "root:" not in run.out
    text = nslint("check", "--isolated", "--no-cache", "--sdf-project", "sdf", "specs/a.yaml")
    assert "root:" not in text.out
    assert "lollol" not in text.out  # the snippet masks the entities' values too


def test_a_fifo_a_link_out_a_huge_file_and_non_utf8_are_diagnostics(
    layout: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    objects = layout / "sdf" / "Objects"
    os.mkfifo(objects / "custinteg_fifo.xml")
    outside = tmp_path_factory.mktemp("outside") / "custinteg_out.xml"
    outside.write_text('<integration scriptid="custinteg_out"/>')
    (objects / "custinteg_out.xml").symlink_to(outside)
    (objects / "custinteg_in.xml").symlink_to(objects / "custinteg_a.xml")
    (objects / "custinteg_big.xml").write_text(
        "<integration scriptid='custinteg_big'/>" + " " * 2000
    )
    (objects / "custinteg_latin.xml").write_bytes(
        b"<integration scriptid='custinteg_latin'/>\n<!-- \xe9 -->"
    )
    started = time.monotonic()
    run = check("--sdf-project", "sdf", "--max-file-size", "1KiB", "specs/a.yaml")
    assert time.monotonic() - started < HANG
    assert run.code == 1
    assert rows(run) == [
        ("sdf/Objects/custinteg_b.xml", 2, 5, 2, 27, "NS702", rows_b_message()),
        ("sdf/Objects/custinteg_big.xml", 1, 1, 1, 2, "NS700",
         "the file is larger than max-file-size (1024 bytes), so nslint did not read it; an "
         "integration object is one line of XML"),
        ("sdf/Objects/custinteg_fifo.xml", 1, 1, 1, 2, "NS700",
         "cannot read the file: it is a FIFO (named pipe), not a regular file; an SDF object "
         "is a regular file nslint can read"),
        # a link inside the project is read: its scriptid is not its name
        ("sdf/Objects/custinteg_in.xml", 1, 14, 1, 36, "NS700",
         "the integration object's scriptid `custinteg_a` is not its file name "
         "`custinteg_in.xml`, and SDF requires them to match: rename the file, or correct "
         "the scriptid"),
        ("sdf/Objects/custinteg_latin.xml", 2, 1, 2, 2, "NS700",
         "the file is not UTF-8 text (invalid continuation byte); SDF object files are UTF-8 "
         "XML"),
        ("sdf/Objects/custinteg_out.xml", 1, 1, 1, 2, "NS700",
         "the file is a symbolic link to outside the SDF project, so nslint did not read it; "
         "put the object itself in the project"),
    ]  # fmt: skip


def test_other_objects_and_other_files_are_not_looked_at(layout: Path) -> None:
    objects = layout / "sdf" / "Objects"
    (objects / "customrecord_x.xml").write_text("<customrecordtype scriptid='customrecord_x'>\n<x")
    (objects / "notes.txt").write_text("<integration")
    (objects / "sub").mkdir()
    (objects / "sub" / "custinteg_z.xml").write_text("<integration scriptid='custinteg_z'/>")
    run = check("--sdf-project", "sdf", "specs")
    assert [r[:6] for r in rows(run)] == [("sdf/Objects/custinteg_b.xml", 2, 5, 2, 27, "NS702")]


def test_the_key_in_a_configuration_file_and_the_src_layout(layout: Path) -> None:
    (layout / "suiteapp" / "src").mkdir(parents=True)
    (layout / "sdf").rename(layout / "suiteapp" / "src" / "sdf-moved")
    (layout / "suiteapp" / "src" / "sdf-moved" / "Objects").rename(
        layout / "suiteapp" / "src" / "Objects"
    )
    (layout / "specs" / ".nslint.yaml").write_text("sdf-project: ../suiteapp\n")
    os.chdir(layout / "specs")
    run = nslint("check", "--no-cache", "--format", "json", ".")
    assert [r[:6] for r in rows(run)] == [
        ("z.yaml", 2, 12, 2, 23, "NS701"),
        ("../suiteapp/src/Objects/custinteg_b.xml", 2, 5, 2, 27, "NS702"),
    ]
    config = json.loads(nslint("config", "--format", "json").out)
    assert config["settings"]["sdf-project"]["value"] == str(layout / "suiteapp")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--sdf-project", "nowhere"), "nslint: error: sdf-project nowhere: not a folder; name "
         "the SuiteCloud project folder\n"),
        (("--sdf-project", "specs"), "nslint: error: sdf-project specs: no Objects folder (nor "
         "src/Objects); name the SuiteCloud project folder, the one that holds Objects/\n"),
    ],
)  # fmt: skip
def test_a_project_without_objects_is_a_usage_error(
    layout: Path, args: tuple[str, ...], message: str
) -> None:
    run = check(*args, "specs")
    assert (run.code, run.out, run.err) == (2, "", message)


def test_per_file_ignores_apply_to_the_xml_files(layout: Path) -> None:
    run = check("--sdf-project", "sdf", "--per-file-ignores", "sdf/**:NS702", "specs")
    assert [r[5] for r in rows(run)] == ["NS701"]
    run = check("--sdf-project", "sdf", "--ignore", "NS701", "specs")
    assert [r[5] for r in rows(run)] == ["NS702"]


# -- the cache and the process pool -------------------------------------------------------


def cached(*args: str) -> list[tuple[str, int, int, int, int, str, str]]:
    run = nslint("check", "--isolated", "--format", "json", "--sdf-project", "sdf", *args)
    assert run.err == ""
    return rows(run)


def test_the_cache_never_makes_sdf_findings_stale(layout: Path) -> None:
    cold = cached("specs")
    assert [r[5] for r in cold] == ["NS701", "NS702"]
    assert (layout / DIRECTORY).is_dir()
    assert cached("specs") == cold  # warm: a.yaml has no finding, its script id counts
    # an object added: NS701 goes (the cache key holds the objects' script ids)
    sdf_object(layout / "sdf", "custinteg_z")
    assert [r[5] for r in cached("specs")] == ["NS702"]
    # a spec added for the orphan object, the other specs from the cache: NS702 goes
    spec(layout / "specs", "b", "custinteg_b")
    assert cached("specs") == []
    # the object's content changed (not its name): NS703, read afresh each run
    sdf_object(
        layout / "sdf", "custinteg_b", '<integration scriptid="custinteg_b"><x/></integration>'
    )
    assert [r[5] for r in cached("specs")] == ["NS703"]
    # a spec's script id removed: it is checked afresh (its content changed)
    spec(layout / "specs", "b", None)
    assert [r[5] for r in cached("specs")] == ["NS702", "NS703"]
    assert [r[5] for r in cached("--no-cache", "specs")] == ["NS702", "NS703"]


def test_the_process_pool_gives_the_same_sdf_findings(
    layout: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(40):
        spec(layout / "specs", f"s{i:02}", f"custinteg_s{i:02}")
        if i % 2:
            sdf_object(layout / "sdf", f"custinteg_s{i:02}")
    for i in range(40, 45):
        sdf_object(layout / "sdf", f"custinteg_s{i:02}")  # no spec
    one = cached("--no-cache", "-j", "1", "specs")
    monkeypatch.setattr(batch, "PARALLEL_MIN", 2)
    assert cached("--no-cache", "-j", "2", "specs") == one
    assert cached("-j", "2", "specs") == one  # cold cache, then warm
    assert cached("-j", "2", "specs") == one
    assert [r[5] for r in one].count("NS701") == 21  # s00, s02, ..., s38 and z
    assert [r[0] for r in one if r[5] == "NS702"] == [
        "sdf/Objects/custinteg_b.xml",
        *(f"sdf/Objects/custinteg_s{i}.xml" for i in range(40, 45)),
    ]


def test_the_sdf_rules_cite_oracle() -> None:
    from nslint.registry import all_rules

    rules = all_rules()
    assert rules["NS702"].source == (
        'NetSuite help: "Integration Records as XML Definitions" (section_160079429000): '
        '"The integration SDF custom object represents the integration record by its '
        "scriptid attribute value, but the SDF custom object does not contain any fields "
        'or data."'
    )
    assert all("section_160079429000" in rules[c].source for c in ("NS701", "NS702", "NS703"))


def test_columns_count_characters_and_lines_break_as_xml_breaks_them(layout: Path) -> None:
    sdf_object(
        layout / "sdf",
        "custinteg_a",
        '<integration scriptid="custinteg_a"><!-- é€𝄞 \u2028 --><name/>\r\n<x/></integration>',
    )
    run = check("--sdf-project", "sdf", "specs/a.yaml")
    assert [r[:6] for r in rows(run)] == [
        ("sdf/Objects/custinteg_a.xml", 1, 51, 1, 56, "NS703"),
        ("sdf/Objects/custinteg_b.xml", 2, 5, 2, 27, "NS702"),
    ]
    text = nslint("check", "--isolated", "--no-cache", "--sdf-project", "sdf", "specs/a.yaml")
    # the comment masked; U+2028 kept (and escaped by the text format), the caret below <name
    assert (
        '1 | <integration scriptid="custinteg_a">**** *** \\u2028 ***<name/>\n'
        "  |" + " " * 56 + "^~~~~\n"
    ) in text.out
