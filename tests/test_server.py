"""``nslint server`` end to end: pytest-lsp starts it as a subprocess and talks LSP to it
over stdio, as an editor does."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from nslint import __version__

pytest.importorskip("pygls", reason="the server extra (pygls) is not installed")
pytest_lsp = pytest.importorskip("pytest_lsp")

from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

from nslint.catalogue import explain  # noqa: E402
from nslint.registry import builtin  # noqa: E402
from tests.conftest import REPO, nslint  # noqa: E402

SERVER = [sys.executable, "-m", "nslint", "server"]
GUARD = 60  # seconds: a hang guard, not a timing assertion
DOCS = "https://github.com/nslint/nslint/blob/main/docs/rules.md"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A repository (it has a .git) with no configuration."""
    (tmp_path / ".git").mkdir()
    return tmp_path


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, workspace: Path) -> AsyncIterator[None]:
    registered: list[types.Registration] = []
    lsp_client.registered = registered  # type: ignore[attr-defined]

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        registered.extend(params.registrations)

    # Every publication, in order (waiting for the next notification would miss those
    # that arrive together, as a reload's do): pytest-lsp's own handler, recorded.
    log: list[types.PublishDiagnosticsParams] = []
    arrived = asyncio.Event()
    features = lsp_client.protocol.fm.features
    keep = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def record(params: types.PublishDiagnosticsParams) -> None:
        log.append(params)
        arrived.set()
        keep(params)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = record
    lsp_client.publications = (log, arrived, {})  # type: ignore[attr-defined]

    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="specs")],
        )
    )
    yield
    await lsp_client.shutdown_session()


async def published(client: LanguageClient, uri: str, version: int) -> list[types.Diagnostic]:
    """The diagnostics the server publishes next for ``uri`` at ``version``."""

    log, arrived, seen = client.publications  # type: ignore[attr-defined]

    async def wait() -> list[types.Diagnostic]:
        while True:
            for index in range(seen.get(uri, 0), len(log)):
                params = log[index]
                if params.uri == uri and params.version == version:
                    seen[uri] = index + 1
                    return list(params.diagnostics)
            arrived.clear()
            await arrived.wait()

    return await asyncio.wait_for(wait(), GUARD)


async def open_doc(
    client: LanguageClient, path: Path, text: str, version: int = 1
) -> list[types.Diagnostic]:
    """Open ``path`` in the client with ``text`` (not saved) and wait for its diagnostics."""
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", version, text))
    )
    return await published(client, uri, version)


def change(
    client: LanguageClient, uri: str, version: int, edit: types.TextDocumentContentChangeEvent
) -> None:
    """Send one change of the document ``uri``, making it ``version``."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version), [edit]
        )
    )


def brief(diagnostics: list[types.Diagnostic]) -> list[tuple[object, ...]]:
    """(code, start line, start character, end line, end character) of each, sorted."""
    return sorted(
        (
            d.code,
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
        )
        for d in diagnostics
    )


def range_(a: int, b: int, c: int, d: int) -> types.Range:
    return types.Range(types.Position(a, b), types.Position(c, d))


HTTP_SPEC = """\
name: Order sync
oauth2:
  authorization_code_grant: true
  redirect_uris: [http://crm.example.com/cb]
  scopes: [rest_webservices]
"""


@pytest.mark.asyncio
async def test_open_publishes_each_finding_with_code_source_severity_and_docs(
    client: LanguageClient, workspace: Path
) -> None:
    diagnostics = await open_doc(client, workspace / "spec.yaml", HTTP_SPEC)
    # The client was asked to watch configuration files and rule packs.
    (registration,) = client.registered  # type: ignore[attr-defined]
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    assert registration.register_options == {
        "watchers": [
            {"globPattern": glob}
            for glob in (
                "**/.nslint.yaml",
                "**/pyproject.toml",
                "**/.gitignore",
                "**/*.yaml",
                "**/*.yml",
            )
        ]
    }
    assert diagnostics == [
        types.Diagnostic(
            range=range_(3, 18, 3, 43),
            message="Redirect URI uses http://; NetSuite requires https:// (or, for a native "
            "app, a private-use scheme such as com.example.app:/callback)",
            severity=types.DiagnosticSeverity.Error,
            code="NS101",
            code_description=types.CodeDescription(f"{DOCS}#ns101-redirect-uri-scheme"),
            source="nslint",
        )
    ]


@pytest.mark.asyncio
async def test_severities_map_to_warning_and_information(
    client: LanguageClient, workspace: Path
) -> None:
    text = (
        "name: Legacy\n"
        "token_based_authentication:\n"
        "  enabled: true\n"
        "oauth2:\n"
        "  authorization_code_grant: true\n"
        "  public_client: true\n"
        "  redirect_uris: [https://crm.example.com/cb]\n"
        "  scopes: [rest_webservices]\n"
    )
    diagnostics = await open_doc(client, workspace / "spec.yaml", text)
    assert sorted((d.code, d.severity) for d in diagnostics) == [
        ("NS301", types.DiagnosticSeverity.Warning),
        ("NS401", types.DiagnosticSeverity.Information),
    ]


EMOJI_SPEC = (
    "name: 📦 受注同期\n"
    "oauth2:\n"
    "  authorization_code_grant: true\n"
    '  redirect_uris: ["https://例え.jp/📦", "http://crm.example.com/📦/cb"]\n'
    "  scopes: [rest_webservices]\n"
)


@pytest.mark.asyncio
async def test_positions_count_utf16_code_units_after_emoji_and_cjk(
    client: LanguageClient, workspace: Path
) -> None:
    # "📦" is one character for nslint and two UTF-16 code units for the client; each of
    # 受注同期 is one of each.
    text = EMOJI_SPEC
    diagnostics = await open_doc(client, workspace / "spec.yaml", text)
    line = text.splitlines()[3]
    start = line.index('"http:')
    end = line.index('"]') + 1
    units = lambda s: len(s.encode("utf-16-le")) // 2  # noqa: E731
    assert (start, end) == (37, 66)  # characters, as nslint counts them
    first_end = line.index('",') + 1
    assert brief(diagnostics) == [
        ("NS101", 3, units(line[:start]), 3, units(line[:end])),
        ("NS102", 3, 18, 3, units(line[:first_end])),  # the non-ASCII host
    ]
    assert first_end == 35
    assert units(line[:first_end]) == 36
    assert (units(line[:start]), units(line[:end])) == (38, 68)


@pytest.mark.asyncio
async def test_change_is_checked_again_and_published_for_the_last_version(
    client: LanguageClient, workspace: Path
) -> None:
    path = workspace / "spec.yaml"
    uri = path.as_uri()
    await open_doc(client, path, HTTP_SPEC)
    fixed = HTTP_SPEC.replace("http://", "https://")
    for version, text in ((2, HTTP_SPEC.replace("crm", "erp")), (3, fixed)):
        change(client, uri, version, types.TextDocumentContentChangeWholeDocument(text=text))
    assert await published(client, uri, 3) == []
    # An incremental change: "https" back to "http" (range in UTF-16 units).
    change(
        client, uri, 4, types.TextDocumentContentChangePartial(range=range_(3, 22, 3, 23), text="")
    )
    assert brief(await published(client, uri, 4)) == [("NS101", 3, 18, 3, 43)]


@pytest.mark.asyncio
async def test_save_checks_again(client: LanguageClient, workspace: Path) -> None:
    path = workspace / "spec.yaml"
    path.write_text(HTTP_SPEC)
    await open_doc(client, path, HTTP_SPEC)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(path.as_uri()))
    )
    assert brief(await published(client, path.as_uri(), 1)) == [("NS101", 3, 18, 3, 43)]


@pytest.mark.asyncio
async def test_nearest_configuration_applies_and_reloads_when_it_changes(
    client: LanguageClient, workspace: Path
) -> None:
    team = workspace / "team"
    team.mkdir()
    config = team / ".nslint.yaml"
    config.write_text("severity:\n  NS101: warning\nexclude: ['drafts/']\n")
    (team / "drafts").mkdir()
    diagnostics = await open_doc(client, team / "spec.yaml", HTTP_SPEC)
    assert [(d.code, d.severity) for d in diagnostics] == [
        ("NS101", types.DiagnosticSeverity.Warning)
    ]
    # Excluded by the configuration: not a spec, so no diagnostics.
    assert await open_doc(client, team / "drafts" / "spec.yaml", HTTP_SPEC) == []
    # Outside team/: no configuration, the default severity.
    other = await open_doc(client, workspace / "spec.yaml", HTTP_SPEC)
    assert [(d.code, d.severity) for d in other] == [("NS101", types.DiagnosticSeverity.Error)]

    config.write_text("severity:\n  NS101: notice\n")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            [types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    notice = [("NS101", types.DiagnosticSeverity.Information)]
    spec = await published(client, (team / "spec.yaml").as_uri(), 1)
    assert [(d.code, d.severity) for d in spec] == notice
    drafts = await published(client, (team / "drafts" / "spec.yaml").as_uri(), 1)
    assert [(d.code, d.severity) for d in drafts] == notice  # no longer excluded


@pytest.mark.asyncio
async def test_a_broken_configuration_is_logged_and_gives_no_diagnostics(
    client: LanguageClient, workspace: Path
) -> None:
    (workspace / ".nslint.yaml").write_text("severity: loud\n")
    assert await open_doc(client, workspace / "spec.yaml", HTTP_SPEC) == []
    errors = [m.message for m in client.log_messages if m.type == types.MessageType.Error]
    assert len(errors) == 1
    assert errors[0].startswith("nslint: configuration error: ")
    assert ".nslint.yaml:1:11" in errors[0]
    assert "Traceback" not in errors[0]


async def actions_at(
    client: LanguageClient, path: Path, where: types.Range, only: list[str] | None = None
) -> list[types.CodeAction]:
    found = await asyncio.wait_for(
        client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(path.as_uri()),
                range=where,
                context=types.CodeActionContext(diagnostics=[], only=only),
            )
        ),
        GUARD,
    )
    assert found is not None
    return [a for a in found if isinstance(a, types.CodeAction)]


def edits_of(action: types.CodeAction) -> list[tuple[tuple[int, int, int, int], str]]:
    assert action.edit is not None
    assert action.edit.document_changes is not None
    out = []
    for change in action.edit.document_changes:
        assert isinstance(change, types.TextDocumentEdit)
        for e in change.edits:
            r = e.range
            key = (r.start.line, r.start.character, r.end.line, r.end.character)
            out.append((key, e.new_text))
    return out


TRUTHY_SPEC = """\
name: 受注 sync 📦
user_credentials: yes
"""


@pytest.mark.asyncio
async def test_code_actions_safe_fix_and_suppression(
    client: LanguageClient, workspace: Path
) -> None:
    path = workspace / "spec.yaml"
    diagnostics = await open_doc(client, path, TRUTHY_SPEC)
    assert brief(diagnostics) == [("NS004", 1, 18, 1, 21)]
    actions = await actions_at(client, path, range_(1, 19, 1, 19))
    assert [(a.title, a.kind, a.is_preferred) for a in actions] == [
        ("Fix NS004 (yaml-truthy)", types.CodeActionKind.QuickFix, True),
        ("Suppress NS004 on this line", types.CodeActionKind.QuickFix, None),
        ("Fix all nslint findings", "source.fixAll.nslint", None),
    ]
    assert edits_of(actions[0]) == [((1, 18, 1, 21), "true")]
    assert edits_of(actions[1]) == [((1, 21, 1, 21), "  # nslint: disable=NS004 <reason>")]
    assert edits_of(actions[2]) == [((1, 18, 1, 21), "true")]
    assert [d.code for d in actions[0].diagnostics or []] == ["NS004"]


KIOSK = (
    "name: Kiosk\n"
    "oauth2:\n"
    "  authorization_code_grant: true\n"
    "  public_client: true  # nslint: disable=NS105 kiosk\n"
    "  redirect_uris: [https://crm.example.com/cb]\n"
    "  scopes: [rest_webservices]\n"
)


@pytest.mark.parametrize(
    ("text", "found", "code", "at", "edit"),
    [
        # A directive already on the line: the code joins it.
        pytest.param(
            KIOSK,
            [("NS301", 3, 17, 3, 21), ("NS900", 3, 41, 3, 46)],
            "NS301",
            range_(3, 17, 3, 21),
            ((3, 46, 3, 46), ",NS301"),
            id="joins-a-directive",
        ),
        # The end of line 4 is inside the string: alone on a line above, indented as it.
        pytest.param(
            'name: Orders\nuser_credentials: true\n  # a note\nnotes: "ok\n  fine"\n',
            [("NS003", 3, 0, 3, 5)],
            "NS003",
            range_(3, 0, 3, 0),
            ((3, 0, 3, 0), "# nslint: disable=NS003 <reason>\n"),
            id="above-a-line-ending-in-a-string",
        ),
    ],
)
@pytest.mark.asyncio
async def test_suppression_in_the_house_style(
    client: LanguageClient,
    workspace: Path,
    text: str,
    found: list[tuple[object, ...]],
    code: str,
    at: types.Range,
    edit: tuple[tuple[int, int, int, int], str],
) -> None:
    path = workspace / "spec.yaml"
    assert brief(await open_doc(client, path, text)) == found
    actions = await actions_at(client, path, at, [types.CodeActionKind.QuickFix])
    assert [a.title for a in actions] == [f"Suppress {code} on this line"]
    assert edits_of(actions[0]) == [edit]


@pytest.mark.asyncio
async def test_unsafe_fix_is_offered_only_when_configured(
    client: LanguageClient, workspace: Path
) -> None:
    path = workspace / "spec.yaml"
    await open_doc(client, path, HTTP_SPEC)
    titles = [a.title for a in await actions_at(client, path, range_(3, 20, 3, 20))]
    assert titles == ["Suppress NS101 on this line"]
    fix_all = await actions_at(client, path, range_(0, 0, 0, 0), ["source.fixAll"])
    assert fix_all == []
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"nslint": {"unsafeFixes": True}})
    )
    actions = await actions_at(client, path, range_(3, 20, 3, 20))
    assert [(a.title, a.is_preferred) for a in actions] == [
        ("Fix NS101 (redirect-uri-scheme) (unsafe: it changes meaning, review it)", False),
        ("Suppress NS101 on this line", None),
        ("Fix all nslint findings (unsafe fixes too)", None),
    ]
    assert edits_of(actions[0]) == [((3, 18, 3, 25), "https://")]


@pytest.mark.asyncio
async def test_fix_all_makes_every_safe_fix_in_one_edit(
    client: LanguageClient, workspace: Path
) -> None:
    path = workspace / "spec.yaml"
    text = (
        "name: Order sync\n"
        "user_credentials: yes\n"
        "oauth2:\n"
        "  authorization_code_grant: on\n"
        "  redirect_uris:\n"
        "    - https://crm.example.com/cb\n"
        "    - https://crm.example.com/cb\n"
        "  scopes: [rest_webservices]\n"
    )
    await open_doc(client, path, text)
    actions = await actions_at(client, path, range_(0, 0, 0, 0), ["source.fixAll.nslint"])
    assert [a.kind for a in actions] == ["source.fixAll.nslint"]
    # Each change on its own: the lines between them are not sent back.
    assert edits_of(actions[0]) == [
        ((1, 18, 1, 21), "true"),
        ((3, 28, 3, 30), "true"),
        ((6, 0, 7, 0), ""),
    ]


@pytest.mark.asyncio
async def test_hover_shows_the_rule_documentation(client: LanguageClient, workspace: Path) -> None:
    path = workspace / "spec.yaml"
    await open_doc(client, path, HTTP_SPEC)
    hover = await asyncio.wait_for(
        client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(3, 25))
        ),
        GUARD,
    )
    assert hover is not None
    assert hover.range == range_(3, 18, 3, 43)
    assert hover.contents == types.MarkupContent(
        types.MarkupKind.Markdown, "\n".join(explain(builtin().rules["NS101"])).rstrip()
    )
    nothing = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(0, 2))
    )
    assert nothing is None


@pytest.mark.asyncio
async def test_completion_of_codes_in_a_suppression(
    client: LanguageClient, workspace: Path
) -> None:
    path = workspace / "spec.yaml"
    text = "name: Kiosk  # nslint: disable=NS105,NS3\nuser_credentials: true\n"
    await open_doc(client, path, text)

    async def complete(line: int, character: int) -> types.CompletionList | None:
        found = await client.text_document_completion_async(
            types.CompletionParams(
                types.TextDocumentIdentifier(path.as_uri()), types.Position(line, character)
            )
        )
        assert found is None or isinstance(found, types.CompletionList)
        return found

    listed = await complete(0, 40)
    assert listed is not None
    codes = [item.label for item in listed.items]
    rules = builtin().rules
    assert codes == sorted(
        c for c, r in rules.items() if not r.always_on and c not in ("NS900", "NS901")
    )
    ns301 = next(item for item in listed.items if item.label == "NS301")
    assert ns301.detail == "public-client"
    assert ns301.text_edit == types.TextEdit(range_(0, 37, 0, 40), "NS301")
    after_equals = await complete(0, 31)
    assert after_equals is not None
    assert after_equals.items[0].text_edit == types.TextEdit(range_(0, 31, 0, 31), "NS002")
    assert await complete(0, 10) is None  # not in a suppression
    assert await complete(1, 5) is None


SECRET = "4d1a0c9e8b7f6a5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a2918f7e6d5c"


@pytest.mark.asyncio
async def test_no_credential_in_any_answer_and_no_cache_written(
    client: LanguageClient, workspace: Path
) -> None:
    path = workspace / "spec.yaml"
    text = (
        f'name: Leak\nuser_credentials: yes\ndescription: "{SECRET}"\nclient_secret: {SECRET}\n'
        "token_based_authentication:\n  enabled: no\n"
    )
    diagnostics = await open_doc(client, path, text)
    assert {d.code for d in diagnostics} >= {"NS501", "NS003", "NS004"}
    actions = await actions_at(client, path, range_(0, 0, 4, 0))
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(2, 20))
    )
    answers = json.dumps(
        [
            [d.message for d in diagnostics],
            [a.title for a in actions],
            [edits_of(a) for a in actions],
            hover.contents if hover is None else repr(hover.contents),
            [m.message for m in client.log_messages],
        ]
    )
    assert SECRET not in answers
    assert SECRET[:12] not in answers
    fix_all = next(a for a in actions if a.kind == "source.fixAll.nslint")
    assert edits_of(fix_all) == [((1, 18, 1, 21), "true"), ((5, 11, 5, 13), "false")]
    assert sorted(p.name for p in workspace.iterdir()) == [".git"]


@pytest.mark.asyncio
async def test_bad_input_gives_diagnostics_and_the_server_keeps_serving(
    client: LanguageClient, workspace: Path
) -> None:
    path = workspace / "spec.yaml"
    uri = path.as_uri()
    assert brief(await open_doc(client, path, "name: [Order sync\n")) == [("NS001", 1, 0, 1, 1)]
    # Typed a character at a time, a syntax error on almost every keystroke.
    typed = "oauth2: {scopes: [rest_webservices"
    for version, end in enumerate(range(1, len(typed) + 1), start=2):
        change(client, uri, version, types.TextDocumentContentChangeWholeDocument(text=typed[:end]))
    last = await published(client, uri, len(typed) + 1)
    assert [d.code for d in last] == ["NS001"]
    # A binary file opened by mistake.
    binary = workspace / "blob.yaml"
    assert brief(await open_doc(client, binary, "PK\x03\x04\x00\x00junk")) == [
        ("NS001", 0, 4, 0, 5)
    ]
    # Over the size limit (10 MiB by default): not parsed.
    big = workspace / "big.yaml"
    huge = "name: x\n" + "# padding\n" * (2 * 1024 * 1024)
    assert brief(await open_doc(client, big, huge)) == [("NS008", 0, 0, 0, 1)]
    # Still serving.
    assert brief(await open_doc(client, workspace / "ok.yaml", HTTP_SPEC)) == [
        ("NS101", 3, 18, 3, 43)
    ]
    errors = [m for m in client.log_messages if m.type == types.MessageType.Error]
    assert errors == []


@pytest.mark.asyncio
async def test_a_yaml_file_that_is_not_a_spec_gets_no_diagnostics(
    client: LanguageClient, workspace: Path
) -> None:
    hidden = workspace / ".github" / "workflows"
    hidden.mkdir(parents=True)
    assert await open_doc(client, hidden / "ci.yaml", "on: push\n") == []
    assert await open_doc(client, workspace / "notes.txt", HTTP_SPEC) == []


def _lsp_position(lines: list[str], line: int, column: int) -> tuple[int, int]:
    text = lines[line - 1] if line <= len(lines) else ""
    within = min(column - 1, len(text))
    units = len(text[:within].encode("utf-16-le")) // 2
    return line - 1, units + (column - 1 - within)


@pytest.mark.asyncio
async def test_examples_bad_match_nslint_check_json(client: LanguageClient) -> None:
    """The "done when" of issue 17: each of examples/bad gives the codes, lines and
    columns of `nslint check --format json`, converted to LSP positions."""
    client.workspace_did_change_workspace_folders(
        types.DidChangeWorkspaceFoldersParams(
            types.WorkspaceFoldersChangeEvent(
                added=[types.WorkspaceFolder(REPO.as_uri(), "nslint")], removed=[]
            )
        )
    )
    examples = sorted((REPO / "examples" / "bad").glob("*.yaml"))
    assert len(examples) == 6
    for path in examples:
        run = nslint("check", "--format", "json", "--no-cache", str(path))
        assert run.code == 1, run.err
        lines = path.read_text(encoding="utf-8").splitlines()
        expected = sorted(
            (
                f["code"],
                *_lsp_position(lines, f["line"], f["column"]),
                *_lsp_position(lines, f["end_line"], f["end_column"]),
            )
            for f in json.loads(run.out)
        )
        text = path.read_text(encoding="utf-8")
        assert brief(await open_doc(client, path, text)) == expected, path.name


# -- in-process: internal errors, and the command ---------------------------------------


class InProcess:
    """A server driven through pygls's own message handling, without a subprocess: for
    faults that only a patched module can cause."""

    def __init__(
        self, options: dict[str, object] | None = None, encodings: tuple[str, ...] = ()
    ) -> None:
        from nslint.server import lsp

        self.server = lsp.build()
        self.server.debounce = 0
        self.sent: list[dict[str, object]] = []
        self.server.protocol.set_writer(self, include_headers=False)
        capabilities = {"general": {"positionEncodings": list(encodings)}} if encodings else {}
        initialize = {"processId": None, "rootUri": None, "capabilities": capabilities}
        self.send("initialize", {**initialize, "initializationOptions": options}, 1)
        self.send("initialized", {})

    def write(self, data: bytes) -> None:
        self.sent.append(json.loads(data))

    def send(self, method: str, params: dict[str, object], ident: int | None = None) -> None:
        message: dict[str, object] = {"jsonrpc": "2.0", "method": method, "params": params}
        if ident is not None:
            message["id"] = ident
        protocol = self.server.protocol
        protocol.handle_message(protocol.structure_message(message))

    def open(self, path: Path, text: str) -> None:
        item = {"uri": path.as_uri(), "languageId": "yaml", "version": 1, "text": text}
        self.send("textDocument/didOpen", {"textDocument": item})


def test_an_internal_error_is_logged_and_the_server_goes_on(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nslint.server import actions, lsp

    def broken(*args: object) -> None:
        raise ValueError("the engine broke")

    run = InProcess()
    with monkeypatch.context() as patch:
        patch.setattr(lsp, "lint", broken)
        run.open(workspace / "a.yaml", HTTP_SPEC)
    path = workspace / "a.yaml"
    assert run.sent[-2:] == [
        {
            "jsonrpc": "2.0",
            "method": "window/logMessage",
            "params": {
                "type": 1,
                "message": f"nslint: internal error while checking {path}: "
                "ValueError: the engine broke (please report it)",
            },
        },
        {
            "jsonrpc": "2.0",
            "method": "textDocument/publishDiagnostics",
            "params": {"uri": path.as_uri(), "diagnostics": [], "version": 1},
        },
    ]
    with monkeypatch.context() as patch:
        patch.setattr(actions, "hover", broken)
        run.send(
            "textDocument/hover",
            {"textDocument": {"uri": path.as_uri()}, "position": {"line": 3, "character": 20}},
            2,
        )
    assert run.sent[-2:] == [
        {
            "jsonrpc": "2.0",
            "method": "window/logMessage",
            "params": {
                "type": 1,
                "message": "nslint: internal error in textDocument/hover: "
                "ValueError: the engine broke (please report it)",
            },
        },
        {"jsonrpc": "2.0", "id": 2, "result": None},
    ]
    run.open(workspace / "b.yaml", HTTP_SPEC)
    published = run.sent[-1]
    assert published["method"] == "textDocument/publishDiagnostics"
    params = published["params"]
    assert isinstance(params, dict)
    assert [d["code"] for d in params["diagnostics"]] == ["NS101"]


def test_an_internal_error_never_shows_a_credential(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nslint.server import lsp

    def broken(*args: object) -> None:
        raise ValueError(f"cannot read client_secret: {SECRET}")

    run = InProcess()
    monkeypatch.setattr(lsp, "lint", broken)
    run.open(workspace / "a.yaml", HTTP_SPEC)
    assert SECRET[:12] not in json.dumps(run.sent)
    logged = [m for m in run.sent if m.get("method") == "window/logMessage"]
    assert len(logged) == 1


def test_server_help_documents_the_transport() -> None:
    run = nslint("server", "--help")
    assert run.code == 0
    assert "over standard input and output" in run.out
    assert "--stdio" in run.out
    assert "pip install '.[server]'" in run.out


def test_server_without_the_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pygls", None)
    monkeypatch.setitem(sys.modules, "pygls.lsp.server", None)
    monkeypatch.delitem(sys.modules, "nslint.server.lsp", raising=False)
    run = nslint("server")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "nslint: error: the language server needs pygls, which nslint's `server` extra "
        "installs: pip install 'nslint[server] @ "
        f"git+https://github.com/nslint/nslint@v{__version__}' (or pip install '.[server]' "
        "in a checkout)\n"
    )


def test_the_command_line_never_imports_the_server() -> None:
    import subprocess

    code = (
        "import sys, nslint.cli; print(sorted(m for m in sys.modules "
        "if 'pygls' in m or 'lsprotocol' in m or m.startswith('nslint.server')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


@pytest.mark.asyncio
async def test_globs_are_relative_to_the_workspace_folder_the_file_is_in(
    client: LanguageClient, workspace: Path
) -> None:
    # Without a configuration file, globs are relative to the workspace folder: inside
    # the first folder, .specs/ is a hidden directory, so not walked.
    folder = workspace / ".specs"
    folder.mkdir()
    assert await open_doc(client, folder / "a.yaml", HTTP_SPEC) == []
    client.workspace_did_change_workspace_folders(
        types.DidChangeWorkspaceFoldersParams(
            types.WorkspaceFoldersChangeEvent(
                added=[types.WorkspaceFolder(folder.as_uri(), "specs")], removed=[]
            )
        )
    )
    # A folder of its own: a.yaml is at its top, a spec, checked again at once.
    assert brief(await published(client, (folder / "a.yaml").as_uri(), 1)) == [
        ("NS101", 3, 18, 3, 43)
    ]


@pytest.mark.asyncio
async def test_a_plugin_that_fails_to_load_is_logged_once(
    client: LanguageClient, workspace: Path
) -> None:
    (workspace / ".nslint.yaml").write_text("plugins: [nosuchplugin]\n")
    assert brief(await open_doc(client, workspace / "a.yaml", HTTP_SPEC)) == [
        ("NS101", 3, 18, 3, 43)
    ]
    await open_doc(client, workspace / "b.yaml", HTTP_SPEC)
    assert [(m.type, m.message) for m in client.log_messages] == [
        (
            types.MessageType.Error,
            "nslint: error: plugin 'nosuchplugin' is not installed: no entry point "
            "'nosuchplugin' in the group nslint.rules (installed plugins: none)",
        )
    ]


PUBLIC = """\
name: Kiosk
oauth2:
  authorization_code_grant: true
  public_client: true
  redirect_uris: [https://crm.example.com/cb]
  scopes: [rest_webservices]
"""


@pytest.mark.asyncio
async def test_a_changed_rule_pack_or_a_saved_configuration_reloads(
    client: LanguageClient, workspace: Path
) -> None:
    pack = workspace / "policy.yaml"
    original = (REPO / "examples" / "policies" / "no-public-clients.yaml").read_text()
    pack.write_text(original)
    config = workspace / ".nslint.yaml"
    config.write_text("rule-packs: [policy.yaml]\n")
    spec = workspace / "specs" / "kiosk.yaml"
    spec.parent.mkdir()
    shown = await open_doc(client, spec, PUBLIC)
    assert [(d.code, d.severity) for d in shown] == [
        ("NS301", types.DiagnosticSeverity.Warning),
        ("ORG002", types.DiagnosticSeverity.Error),
    ]
    assert [d.code_description for d in shown][1] is None  # a pack's rule: no nslint page
    pack.write_text(original.replace("severity: error", "severity: notice"))
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            [types.FileEvent(uri=pack.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    reloaded = await published(client, spec.as_uri(), 1)
    assert [(d.code, d.severity) for d in reloaded] == [
        ("NS301", types.DiagnosticSeverity.Warning),
        ("ORG002", types.DiagnosticSeverity.Information),
    ]
    # A change to another YAML file reloads nothing: the next publication is the save's.
    other = workspace / "specs" / "other.yaml"
    other.write_text(PUBLIC)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            [types.FileEvent(uri=other.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    # The configuration saved from the editor: reloaded without a file watcher.
    config.write_text("rule-packs: [policy.yaml]\nignore: [NS301]\n")
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(config.as_uri()))
    )
    saved = await published(client, spec.as_uri(), 1)
    assert [d.code for d in saved] == ["ORG002"]


def test_unsafe_fixes_from_the_initialization_options(workspace: Path) -> None:
    run = InProcess({"unsafeFixes": True})
    path = workspace / "spec.yaml"
    run.open(path, HTTP_SPEC)
    where = {"start": {"line": 3, "character": 20}, "end": {"line": 3, "character": 20}}
    context = {"diagnostics": [], "only": ["quickfix"]}
    params = {"textDocument": {"uri": path.as_uri()}, "range": where, "context": context}
    run.send("textDocument/codeAction", params, 2)
    (answer,) = [m for m in run.sent if m.get("id") == 2]
    result = answer["result"]
    assert isinstance(result, list)
    assert [(a["title"], a.get("isPreferred")) for a in result] == [
        ("Fix NS101 (redirect-uri-scheme) (unsafe: it changes meaning, review it)", False),
        ("Suppress NS101 on this line", None),
    ]


@pytest.mark.parametrize(
    ("encoding", "start", "end"),
    # '  redirect_uris: ["https://例え.jp/📦", "http://crm.example.com/📦/cb"]': the
    # finding is characters 37 to 66; before it, 例え are 3 bytes each and 📦 is 4
    # bytes, 2 UTF-16 units and 1 UTF-32 unit.
    [("utf-8", 44, 76), ("utf-16", 38, 68), ("utf-32", 37, 66)],
)
def test_positions_in_the_encoding_agreed_at_initialization(
    workspace: Path, encoding: str, start: int, end: int
) -> None:
    run = InProcess(encodings=(encoding,))
    (answer,) = [m for m in run.sent if m.get("id") == 1]
    result = answer["result"]
    assert isinstance(result, dict)
    assert result["capabilities"]["positionEncoding"] == encoding
    text = EMOJI_SPEC
    run.open(workspace / "spec.yaml", text)
    published = run.sent[-1]["params"]
    assert isinstance(published, dict)
    ranges = {d["code"]: d["range"] for d in published["diagnostics"]}
    assert ranges["NS101"] == {
        "start": {"line": 3, "character": start},
        "end": {"line": 3, "character": end},
    }


def test_changes_are_debounced_to_one_check_of_the_last_version(workspace: Path) -> None:
    async def typing() -> list[dict[str, object]]:
        run = InProcess()
        run.server.debounce = 0.05
        path = workspace / "spec.yaml"
        run.open(path, HTTP_SPEC)
        opened = len(run.sent)
        for version in (2, 3, 4):  # in one turn of the event loop: as fast as typing can be
            text = HTTP_SPEC if version < 4 else HTTP_SPEC.replace("http:", "https:")
            run.send(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": path.as_uri(), "version": version},
                    "contentChanges": [{"text": text}],
                },
            )
        assert run.sent[opened:] == []  # nothing checked yet
        for _ in range(GUARD * 10):  # a hang guard: until the one check has run
            await asyncio.sleep(0.1)
            if run.sent[opened:]:
                break
        await asyncio.sleep(0.2)  # time for a second check, were there one
        return run.sent[opened:]

    published = asyncio.run(typing())
    assert [(m["method"], m["params"]) for m in published] == [
        (
            "textDocument/publishDiagnostics",
            {"uri": (workspace / "spec.yaml").as_uri(), "diagnostics": [], "version": 4},
        )
    ]


def test_a_gitignore_change_reloads_the_configuration_and_its_git_rules() -> None:
    # Git's rules are read once per configuration (not per keystroke), so a changed
    # .gitignore must reload it, as a changed .nslint.yaml does.
    from nslint.server.workspace import Configurations

    assert Configurations().affected_by("/work/specs/.gitignore") is True
    assert Configurations().affected_by("/work/specs/notes.txt") is False
