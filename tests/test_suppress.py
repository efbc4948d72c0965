"""Inline suppression: every form, the unused and malformed cases, every output format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nslint import engine
from tests.conftest import nslint

# NS301 public-client (warning) is located on line 4.
PUBLIC = """\
name: Field sales app
oauth2:
  authorization_code_grant: true
  public_client: true{comment}
  redirect_uris: [https://sales.example.com/cb]
  scopes: [restlets]
"""


def lint(text: str) -> engine.FileResult:
    return engine.check("spec.yaml", data=text)


def found(text: str) -> list[tuple[str, int, int, int, int, str]]:
    return [
        (d.code, d.span.line, d.span.column, d.span.end_line, d.span.end_column, d.message)
        for d in lint(text).diagnostics
    ]


def hidden(text: str) -> list[tuple[str, int, str | None]]:
    return [(d.code, d.span.line, d.suppressed) for d in lint(text).suppressed]


def test_without_a_comment_the_finding_is_reported() -> None:
    assert [f[:2] for f in found(PUBLIC.format(comment=""))] == [("NS301", 4)]


def test_a_comment_at_the_end_of_the_line_suppresses_it() -> None:
    text = PUBLIC.format(comment="  # nslint: disable=NS301 mobile app, PKCE enforced")
    assert found(text) == []
    assert hidden(text) == [("NS301", 4, "mobile app, PKCE enforced")]


def test_a_comment_alone_on_the_line_above_suppresses_it() -> None:
    text = PUBLIC.format(comment="").replace(
        "  public_client", "  # nslint: disable=NS301 mobile app\n  public_client"
    )
    assert found(text) == []
    assert hidden(text) == [("NS301", 5, "mobile app")]


def test_a_comment_two_lines_above_does_not_suppress() -> None:
    text = PUBLIC.format(comment="").replace(
        "  authorization_code_grant", "  # nslint: disable=NS301\n  authorization_code_grant"
    )
    assert [f[:3] for f in found(text)] == [("NS900", 3, 21), ("NS301", 5, 18)]
    assert found(text)[0][5] == (
        "no NS301 finding on line 4 to suppress; remove NS301 from this comment (a "
        "suppression applies to the line it ends, or to the line below it when it stands alone)"
    )


def test_disable_file_suppresses_everywhere_and_several_codes() -> None:
    text = "# nslint: disable-file=NS301,NS105 reviewed in SEC-12\n" + PUBLIC.format(
        comment=""
    ).replace("[https://sales.example.com/cb]", "[https://sales.example.com/cb, myapp://cb]")
    assert found(text) == []
    assert hidden(text) == [
        ("NS301", 5, "reviewed in SEC-12"),
        ("NS105", 6, "reviewed in SEC-12"),
    ]


def test_disable_file_that_suppresses_nothing_is_reported_at_the_code() -> None:
    text = "# nslint: disable-file=NS301,NS105 reviewed in SEC-12\n" + PUBLIC.format(comment="")
    assert found(text) == [
        (
            "NS900",
            1,
            30,
            1,
            35,
            "no NS105 finding in this file to suppress; remove NS105 from this comment",
        )
    ]


def test_spaces_and_case_are_tolerated() -> None:
    text = PUBLIC.format(comment="  #NSLint:Disable = NS301 , NS201")
    assert [f[:5] for f in found(text)] == [("NS900", 4, 50, 4, 55)]
    assert hidden(text) == [("NS301", 4, "")]


def test_an_unknown_code_is_reported_at_the_code() -> None:
    text = PUBLIC.format(comment="  # nslint: disable=NS301,NS31")
    assert found(text) == [
        (
            "NS900",
            4,
            48,
            4,
            52,
            "`NS31` in this suppression is not a rule code; did you mean NS301?",
        )
    ]


def test_a_code_that_cannot_be_suppressed_is_reported() -> None:
    text = "name: [a  # nslint: disable=NS001\n"
    assert [f[:2] for f in found(text)] == [("NS900", 1), ("NS001", 2)]
    assert found(text)[0][5] == "NS001 cannot be suppressed; remove it from this comment"


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        (
            "  # nslint: disabel=NS301 reason",
            "unknown nslint directive `disabel`; did you mean `disable`? (`# nslint: "
            "disable=NS301 reason` or `# nslint: disable-file=NS401 reason`)",
        ),
        (
            "  # nslint: disable",
            "`# nslint: disable` must name the codes it suppresses, as in `# nslint: "
            "disable=NS301 reason` or `# nslint: disable-file=NS401 reason`; there is no "
            "blanket disable",
        ),
        (
            "  # nslint: disable=NS301;NS105",
            "cannot read the codes of this `# nslint: disable`: separate them with commas and "
            "put a space before the reason, as in `# nslint: disable=NS301 reason` or "
            "`# nslint: disable-file=NS401 reason`",
        ),
        (
            "  # nslint: enable=NS301",
            "unknown nslint directive `enable`; did you mean `disable`? (`# nslint: "
            "disable=NS301 reason` or `# nslint: disable-file=NS401 reason`)",
        ),
        (
            "  # nslint: please ignore this line",
            "this `# nslint:` comment is not a directive nslint understands; write `# nslint: "
            "disable=NS301 reason` or `# nslint: disable-file=NS401 reason`",
        ),
    ],
)
def test_a_malformed_directive_is_reported_and_suppresses_nothing(
    comment: str, message: str
) -> None:
    text = PUBLIC.format(comment=comment)
    assert [(f[0], f[1], f[2], f[4]) for f in found(text)] == [
        ("NS301", 4, 18, 22),
        ("NS901", 4, 24, 22 + len(comment)),
    ]
    assert found(text)[1][5] == message


def test_a_hash_inside_a_quoted_or_block_scalar_is_not_a_comment() -> None:
    text = (
        'name: "Sales # nslint: disable=NS301"\n'
        "description: |\n"
        "  # nslint: disable-file=NS301\n"
        "oauth2:\n"
        "  authorization_code_grant: true\n"
        "  public_client: true\n"
        "  redirect_uris: [https://sales.example.com/cb]\n"
        "  scopes: [restlets]\n"
    )
    assert [f[:2] for f in found(text)] == [("NS301", 6)]


def test_a_hash_without_a_space_before_it_is_part_of_the_value() -> None:
    text = PUBLIC.format(comment="").replace(
        "name: Field sales app", "name: Field#nslint:disable=NS301"
    )
    assert [f[:2] for f in found(text)] == [("NS301", 4)]


def test_unused_reports_can_be_ignored_like_any_rule(
    project: Path,
) -> None:
    (project / "spec.yaml").write_text(PUBLIC.format(comment="  # nslint: disable=NS301,NS105"))
    assert [d["code"] for d in json.loads(nslint("check", "--format", "json").out)] == ["NS900"]
    run = nslint("check", "--format", "json", "--ignore", "NS900")
    assert json.loads(run.out) == []


def test_a_code_not_enabled_for_the_file_is_reported_as_such(project: Path) -> None:
    (project / "spec.yaml").write_text(PUBLIC.format(comment="  # nslint: disable=NS301"))
    run = nslint("check", "--format", "json", "--ignore", "NS301")
    assert [d["message"] for d in json.loads(run.out)] == [
        "NS301 is not enabled for this file, so this suppression does nothing; remove it"
    ]


@pytest.fixture
def suppressed_spec(project: Path) -> Path:
    path = project / "spec.yaml"
    path.write_text(PUBLIC.format(comment="  # nslint: disable=NS301 mobile app"))
    return path


def test_suppression_works_in_every_format(suppressed_spec: Path) -> None:
    assert nslint("check", "--format", "json").out == "[]\n"
    assert nslint("check", "--format", "concise").out == ""
    assert (
        nslint("check", "--format", "text").out == "No problems found in 1 file (1 suppressed).\n"
    )


def test_show_suppressed_prints_them_with_their_reason(suppressed_spec: Path) -> None:
    run = nslint("check", "--format", "json", "--show-suppressed", "--fail-on", "notice")
    assert run.code == 0
    (finding,) = json.loads(run.out)
    assert (finding["code"], finding["line"], finding["suppressed"]) == (
        "NS301",
        4,
        {"reason": "mobile app"},
    )
    concise = nslint("check", "--format", "concise", "--show-suppressed").out
    assert concise.endswith("[suppressed: mobile app]\n")
    assert concise.startswith("spec.yaml:4:18: warning NS301 ")


def test_a_directive_on_a_block_scalar_header_is_a_comment() -> None:
    text = "name: a\nuser_credentials: true\noauth2: | # nslint: disable=NS003 r\n  text # hash\n"
    assert found(text) == []
    assert hidden(text) == [("NS003", 3, "r")]
