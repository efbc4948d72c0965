"""Issue 12, an attacker's review of parts 2-5: attacks the first tests did not try.

Each test reproduces one attack that broke a promise, and asserts the safe outcome."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from nslint.cache import DIRECTORY
from tests.conftest import Run, nslint

FRAGMENT = 12
PASSWORD = "Hunter2Passw0rdXyzQ81kLm"


def leaks(text: str, *secrets: str) -> list[str]:
    """Every 12-character fragment of a secret that ``text`` holds."""
    fragments = {s[i : i + FRAGMENT] for s in secrets for i in range(len(s) - FRAGMENT + 1)}
    return sorted({text[i : i + FRAGMENT] for i in range(len(text) - FRAGMENT + 1)} & fragments)


def assert_no_leak(run: Run, *secrets: str) -> None:
    assert leaks(run.out, *secrets) == [], run.out
    assert leaks(run.err, *secrets) == [], run.err


# -- secrets ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec",
    [
        # An alias: NS501 points at `*pw`; the anchor's line has a finding of its own.
        f"name: a\nuser_credentials: true\nx-note: &pw {PASSWORD}\npassword: *pw\n",
        # The password repeated in a comment and a value on lines NS501 does not flag.
        f"name: a\nuser_credentials: true\ndescription: it is {PASSWORD}\n"
        f"state: enabeld  # {PASSWORD}\nclient_secret: {PASSWORD}\n",
    ],
    ids=["alias", "repeated"],
)
@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_a_credential_repeated_on_another_line_is_masked_there_too(
    project: Path, spec: str, fmt: str
) -> None:
    (project / "s.yaml").write_text(spec, encoding="utf-8")
    run = nslint("check", "--format", fmt, "s.yaml")
    assert run.code == 1
    assert "NS501" in run.out
    assert_no_leak(run, PASSWORD)
    for args in (("--format", "html"), ("--format", "markdown")):
        assert_no_leak(nslint("report", *args, "s.yaml"), PASSWORD)
    assert_no_leak(nslint("check", "--diff", "s.yaml"), PASSWORD)
    for file in (project / ".nslint_cache").rglob("*.json"):
        assert leaks(file.read_text(encoding="utf-8"), PASSWORD) == []


@pytest.mark.parametrize(
    "key", ["secret_key", "aws_secret_access_key", "auth_token", "authToken", "bearer-token"]
)
def test_common_credential_key_names_are_credentials(project: Path, key: str) -> None:
    """Keys every secret scanner knows (not only NetSuite's names) hold credentials."""
    (project / "s.yaml").write_text(
        f"name: a\nuser_credentials: true\n{key}: {PASSWORD}\n", encoding="utf-8"
    )
    run = nslint("check", "--format", "concise", "s.yaml")
    assert run.code == 1
    assert f"s.yaml:3:{len(key) + 3}: error NS501 the key `{key}` holds a credential" in run.out
    assert_no_leak(run, PASSWORD)


@pytest.mark.parametrize(
    "key", ["refresh_token_validity_hours", "max_token_rotation_hours", "sort_key", "token"]
)
def test_keys_that_only_mention_a_token_are_not_credentials(key: str) -> None:
    from nslint.checks.secret_in_spec import is_credential_key

    assert is_credential_key(key) is False


# -- injection -------------------------------------------------------------------------------


def test_junit_holds_no_character_xml_forbids(project: Path) -> None:
    """U+FFFE and U+FFFF are valid in a file name and a YAML string, never in XML 1.0."""
    import xml.etree.ElementTree as ET

    spec = 'name: n\nuser_credentials: true\nstate: "bad\\uFFFE"\n'
    (project / "a\ufffe.yaml").write_text(spec, encoding="utf-8")
    (project / "b\uffff.yaml").write_text(spec, encoding="utf-8")
    run = nslint("check", "--no-cache", "--format", "junit", ".")
    assert run.code == 1
    suites = ET.fromstring(run.out.encode())
    assert [suite.get("name") for suite in suites] == ["a\\ufffe.yaml", "b\\uffff.yaml"]
    failures = [f.get("message") for f in suites.iter("failure")]
    assert failures == [
        '`state` must be one of `enabled`, `blocked`, not "bad\\ufffe"',
        '`state` must be one of `enabled`, `blocked`, not "bad\\ufffe"',
    ]


# -- files -----------------------------------------------------------------------------------

SPEC = b"name: a\nuser_credentials: yes\n"


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--format", "sarif", "-o", "nslint.sarif", "s.yaml"),
        ("check", "--write-baseline", "nslint.sarif", "s.yaml"),
        ("report", "-o", "nslint.sarif", "s.yaml"),
    ],
    ids=["output", "baseline", "report"],
)
@pytest.mark.parametrize("link", ["file", "directory", "dangling"])
def test_a_committed_link_does_not_make_a_report_write_outside_the_project(
    project: Path, tmp_path_factory: pytest.TempPathFactory, args: tuple[str, ...], link: str
) -> None:
    """A repository that commits `nslint.sarif -> ~/.bashrc` (or a directory link on the
    way) must not make a CI run overwrite, or create, a file outside the checkout."""
    outside = tmp_path_factory.mktemp("outside")
    (outside / "target").write_bytes(b"precious\n")
    (project / "s.yaml").write_bytes(SPEC)
    if link == "directory":
        (project / "out").symlink_to(outside)
        args = tuple(a.replace("nslint.sarif", "out/target") for a in args)
        shown, resolved = "out/target", outside / "target"
    else:
        resolved = outside / ("target" if link == "file" else "new")
        (project / "nslint.sarif").symlink_to(resolved)
        shown = "nslint.sarif"
    run = nslint(*args)
    assert run.code == 2
    assert run.err.endswith(
        f"nslint: error: cannot write {shown}: a symbolic link leads it to {resolved}, "
        "outside the project; not written (remove the link, or name that file itself)\n"
    )
    assert sorted(p.name for p in outside.iterdir()) == ["target"]
    assert (outside / "target").read_bytes() == b"precious\n"


def test_a_link_that_stays_inside_the_project_is_written_at_its_target(project: Path) -> None:
    (project / "s.yaml").write_bytes(SPEC)
    (project / "reports").mkdir()
    (project / "nslint.json").symlink_to(project / "reports" / "nslint.json")
    run = nslint("check", "--format", "json", "-o", "nslint.json", "s.yaml")
    assert (run.code, run.err) == (0, "")
    assert (project / "nslint.json").is_symlink()
    assert json.loads((project / "reports" / "nslint.json").read_text())[0]["code"] == "NS004"


WRITERS = [
    ("check", "--format", "sarif", "-o", "reports/ci/nslint.sarif", "s.yaml"),
    ("check", "--write-baseline", "reports/ci/nslint.sarif", "s.yaml"),
    ("report", "-o", "reports/ci/nslint.sarif", "s.yaml"),
]


@pytest.mark.parametrize("args", WRITERS, ids=["output", "baseline", "report"])
def test_the_directories_on_the_way_to_an_output_are_made(
    project: Path, args: tuple[str, ...]
) -> None:
    (project / "s.yaml").write_bytes(SPEC)
    run = nslint(*args)
    assert run.code == 0, run.err
    written = (project / "reports" / "ci" / "nslint.sarif").read_text()
    starts = {"--format": '{\n  "$schema"', "--write-baseline": '{\n  "version"', "-o": "# nslint"}
    assert written.startswith(starts[args[1]])
    assert sorted(p.name for p in (project / "reports").iterdir()) == ["ci"]


@pytest.mark.parametrize("args", WRITERS, ids=["output", "baseline", "report"])
@pytest.mark.parametrize(
    ("target", "why"),
    [
        ("reports/ci/", "Is a directory"),
        ("dangling/nslint.sarif", "No such file or directory"),
        ("s.yaml/nslint.sarif", "Not a directory"),
    ],
    ids=["no file name", "a broken link", "a file in the way"],
)
def test_an_output_path_that_cannot_be_made_makes_nothing(
    project: Path, args: tuple[str, ...], target: str, why: str
) -> None:
    (project / "s.yaml").write_bytes(SPEC)
    (project / "dangling").symlink_to(project / "nowhere")
    run = nslint(*(target if a == "reports/ci/nslint.sarif" else a for a in args))
    assert run.code == 2
    assert run.err.endswith(f"nslint: error: cannot write {target}: {why}\n")
    made = {p.name for p in project.iterdir()} - {".git", DIRECTORY}
    assert made == {"s.yaml", "dangling"}
    assert (project / "s.yaml").read_bytes() == SPEC


@pytest.mark.parametrize("args", WRITERS, ids=["output", "baseline", "report"])
def test_no_directory_is_made_through_a_link_that_leads_out(
    project: Path, tmp_path_factory: pytest.TempPathFactory, args: tuple[str, ...]
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (project / "s.yaml").write_bytes(SPEC)
    (project / "reports").symlink_to(outside)
    run = nslint(*args)
    assert run.code == 2
    assert run.err.endswith(
        "nslint: error: cannot write reports/ci/nslint.sarif: a symbolic link leads it to "
        f"{outside / 'ci' / 'nslint.sarif'}, outside the project; not written (remove the "
        "link, or name that file itself)\n"
    )
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ("check", "-o", "s.yaml", "s.yaml"),
        ("check", "-o", "./gone/../s.yaml", "."),
        ("check", "--fix", "-o", "s.yaml", "s.yaml"),
        ("report", "-o", "s.yaml", "."),
    ],
)
def test_a_report_is_not_written_over_a_spec_it_checked(
    project: Path, args: tuple[str, ...]
) -> None:
    (project / "s.yaml").write_bytes(SPEC)
    run = nslint(*args)
    assert run.code == 2
    shown = args[args.index("-o") + 1]
    assert run.err.endswith(
        f"nslint: error: cannot write {shown}: it is s.yaml, a file this run read; not "
        "overwritten (choose another file)\n"
    )
    fixed = "--fix" in args
    assert (project / "s.yaml").read_bytes() == (SPEC.replace(b"yes", b"true") if fixed else SPEC)


# -- cache -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "end_column"), [(1000, 1001), (33, 10**9), (39, 39)], ids=["start", "end", "39"]
)
def test_a_cached_position_past_the_end_of_its_line_is_a_miss(
    project: Path, column: int, end_column: int
) -> None:
    """Line 6 is `  refresh_token_validity_hours: 1000` (36 characters): a fresh finding
    ends at column 38 at most (past the line break); the forged one is checked afresh."""
    from tests.attacks.test_cache_trust import FINDINGS, check, shard_of, spec

    spec(project, FINDINGS)
    cold = check()
    shard = shard_of(project)
    document = json.loads(shard.read_text())
    row = document["files"]["spec.yaml"][2]["d"][-1]
    assert row[:4] == [6, 33, 6, 37]
    row[1], row[3] = column, end_column
    shard.write_text(json.dumps(document))
    assert check() == cold
    assert json.loads(shard.read_text())["files"]["spec.yaml"][2]["d"][-1][:4] == [6, 33, 6, 37]


# -- --fix -----------------------------------------------------------------------------------


def test_fix_does_not_reach_outside_through_a_linked_directory(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`specs -> /elsewhere` committed, and `nslint check --fix specs/crm.yaml` named: the
    file is inside the tree by its name only; it is checked, not written."""
    from tests.attacks.test_files import FIX, FIXED
    from tests.attacks.test_files import SPEC as TEXT

    outside = tmp_path_factory.mktemp("outside")
    (outside / "crm.yaml").write_text(TEXT)
    (project / "specs").symlink_to(outside)
    run = nslint(*FIX, "--fix", "specs/crm.yaml")
    assert (run.code, run.out) == (
        1,
        "specs/crm.yaml:2:19: warning NS004 `yes` is ambiguous: YAML 1.1 reads it as the "
        "boolean true, YAML 1.2 as text; write `true` (or quote it if you mean the text)\n",
    )
    assert run.err == (
        f"nslint: warning: not fixed: specs/crm.yaml leads through a link to "
        f"{outside / 'crm.yaml'}, outside the project and the paths given; fix the file "
        "itself (name it on the command line)\n"
    )
    assert (outside / "crm.yaml").read_text() == TEXT
    run = nslint(*FIX, "--fix", str(outside / "crm.yaml"))  # named itself: fixed
    assert (run.code, run.err) == (0, "nslint: fixed 1 finding in 1 file\n")
    assert (outside / "crm.yaml").read_text() == FIXED


# -- injection through what nslint says about its own files -----------------------------------

HOSTILE_DIR = "r\n::error::x\x1b]0;t\x07##[group]"
SHOWN_DIR = "r\\x0a::error::x\\x1b]0;t\\x07##\\x5bgroup]"


@pytest.fixture
def hostile_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout in a directory whose name holds a new line, a workflow command, an OSC
    sequence and a legacy command."""
    root = tmp_path / HOSTILE_DIR
    (root / ".git").mkdir(parents=True)
    monkeypatch.chdir(root)
    return root


def test_the_no_spec_warning_escapes_the_configuration_path_and_globs(hostile_root: Path) -> None:
    (hostile_root / ".nslint.yaml").write_text('include: ["##[group]x"]\n')
    run = nslint("check", ".")
    assert (run.code, run.out) == (0, "")
    assert run.err == (
        "nslint: warning: no spec files found in ., so nothing was checked; include is "
        f'"##\\x5bgroup]x" ({hostile_root.parent}/{SHOWN_DIR}/.nslint.yaml:1:10), exclude is '
        "nslint's list of non-spec paths (`nslint config` shows it) (default), "
        "respect-gitignore is true (default)\n"
    )


def test_config_as_json_escapes_a_legacy_command(hostile_root: Path) -> None:
    (hostile_root / ".nslint.yaml").write_text('exclude: ["##[group]x"]\n')
    run = nslint("config", "--format", "json")
    assert run.code == 0
    assert "##[" not in run.out
    document = json.loads(run.out)
    assert document["root"] == str(hostile_root)  # the same value, escaped differently
    assert document["settings"]["exclude"]["value"] == ["##[group]x"]


def test_a_skipped_fix_warning_escapes_the_file_name(project: Path) -> None:
    name = "a\n::error::x\x1b[2J.yaml"
    (project / name).write_bytes(SPEC)
    os.link(project / name, project / "other-link")
    run = nslint("check", "--no-cache", "--fix", name)
    assert run.code == 0
    assert run.err == (
        "nslint: warning: not fixed: a\\x0a::error::x\\x1b[2J.yaml: it has 2 hard links, and "
        "replacing it would leave the other links with the old content; fix it by hand, or "
        "copy it to break the links\n"
    )
    assert (project / name).read_bytes() == SPEC


def test_the_cache_warning_escapes_the_project_path(
    hostile_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (hostile_root / ".nslint.yaml").write_text("release: 2026.2\n")  # the cache's root
    (hostile_root / "specs").mkdir()
    (hostile_root / "specs" / "s.yaml").write_bytes(SPEC)
    elsewhere = hostile_root / "elsewhere"
    elsewhere.mkdir()
    (hostile_root / ".nslint_cache").symlink_to(elsewhere)
    monkeypatch.chdir(hostile_root / "specs")
    run = nslint("check", "s.yaml")
    assert run.code == 0
    assert run.err.startswith(
        f"nslint: warning: ignoring the cache {hostile_root.parent}/{SHOWN_DIR}/.nslint_cache: "
    )
    assert "\n" not in run.err[:-1]


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("check", "-o", ".nslint.yaml", "s.yaml"), ".nslint.yaml"),
        (("check", "--rule-pack", "pack.yaml", "-o", "pack.yaml", "s.yaml"), "pack.yaml"),
        (("check", "--baseline", "bl.json", "-o", "bl.json", "s.yaml"), "bl.json"),
        (("report", "-o", ".nslint.yaml", "s.yaml"), ".nslint.yaml"),
    ],
)
def test_a_report_is_not_written_over_the_configuration_a_pack_or_the_baseline(
    project: Path, args: tuple[str, ...], name: str
) -> None:
    (project / "s.yaml").write_bytes(SPEC)
    (project / ".nslint.yaml").write_text("release: 2026.2\n")
    (project / "pack.yaml").write_text("rules: []\n")
    assert nslint("check", "--write-baseline", "bl.json", "s.yaml").code == 0
    before = {p.name: p.read_bytes() for p in project.iterdir() if p.is_file()}
    run = nslint(*args)
    assert run.code == 2
    assert run.err.endswith(
        f"nslint: error: cannot write {name}: it is {name}, a file this run read; not "
        "overwritten (choose another file)\n"
    )
    assert {p.name: p.read_bytes() for p in project.iterdir() if p.is_file()} == before


@pytest.mark.parametrize(
    ("value", "secret"),
    [
        ("0123456701234567", "0123456701234567"),  # NS006 quotes it; the data is 123456701234567
        ("9_182_736_455_463_728", "9_182_736_455_463_728"),
        ("190:20:30:40:50:10", "190:20:30:40:50:10"),
    ],
    ids=["octal", "underscores", "sexagesimal"],
)
def test_a_credential_is_redacted_as_written_not_only_as_read(
    project: Path, value: str, secret: str
) -> None:
    (project / "s.yaml").write_text(f"name: a\nuser_credentials: true\npassword: {value}\n")
    for fmt in ("concise", "json", "sarif"):
        run = nslint("check", "--format", fmt, "s.yaml")
        assert run.code == 1
        assert "NS501" in run.out
        assert_no_leak(run, secret)
    assert_no_leak(nslint("report", "--format", "json", "s.yaml"), secret)


def test_a_password_in_a_uri_without_its_scheme_is_a_credential(project: Path) -> None:
    """`//user:PASSWORD@host` (a network-path reference) has user information too; NS102
    reports it as not absolute and quotes it."""
    (project / "s.yaml").write_text(
        "name: a\noauth2:\n  authorization_code_grant: true\n  scopes: [restlets]\n"
        f"  redirect_uris: ['//svc:{PASSWORD}@crm.example.com/cb']\n"
    )
    run = nslint("check", "--format", "concise", "--select", "NS102,NS501", "s.yaml")
    assert run.code == 1
    assert run.out.splitlines()[1] == (
        "s.yaml:5:26: error NS501 `oauth2.redirect_uris[0]` holds a URI with a password in its "
        "user information (`user:password@`): treat the password as leaked, change it and "
        "keep it in a secret store; write the URI without it"
    )
    assert_no_leak(run, PASSWORD)
    assert_no_leak(nslint("check", "--format", "sarif", "s.yaml"), PASSWORD)
