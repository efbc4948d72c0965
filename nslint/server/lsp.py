"""The language server itself: pygls speaks the protocol; this module keeps each open
document's latest result and answers the client from it (``actions``).

Diagnostics are published when a document is opened or saved, and after typing stops
for ``debounce`` seconds. A configuration file or rule pack that changes on disk
(``workspace/didChangeWatchedFiles``, or saved in the editor) reloads every
configuration and checks the open documents again. Every handler is guarded: an
internal error is logged to the client (``window/logMessage``, on one line, never a
credential) and the server goes on serving.
"""

from __future__ import annotations

import asyncio
import functools
import os
import traceback
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple, ParamSpec, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from nslint import __version__
from nslint.errors import UsageError, one_line
from nslint.results import FileResult, Settings
from nslint.server import actions
from nslint.server.positions import LineIndex
from nslint.server.workspace import Configurations, lint

DEBOUNCE = 0.15
"""Seconds without a change before a changed document is checked again."""
WATCHED = ("**/.nslint.yaml", "**/pyproject.toml", "**/.gitignore", "**/*.yaml", "**/*.yml")
"""What the client is asked to watch: configuration files, ``.gitignore`` files, and
rule packs (which may be any YAML file; changes to others are ignored)."""

P = ParamSpec("P")
R = TypeVar("R")


class Linted(NamedTuple):
    """A document's latest check: of which version, its text, result and settings."""

    version: int | None
    positions: LineIndex
    result: FileResult
    settings: Settings
    path: str


class NslintServer(LanguageServer):
    """nslint's language server: the pygls server with what it remembers."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__("nslint", __version__)
        self.debug = debug
        self.debounce = DEBOUNCE
        self.unsafe_fixes = False
        self.configurations = Configurations()
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.broken: set[str] = set()
        """Configuration errors already shown (each once, until it changes)."""

    def encoding(self) -> str:
        """The position encoding agreed at initialization (``utf-16`` unless the client
        offered another that pygls prefers): its value, not the enum's name."""
        kind = self.workspace.position_encoding
        return str(getattr(kind, "value", kind) or "utf-16")

    def log(self, message: str, kind: types.MessageType = types.MessageType.Error) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def internal_error(self, where: str, error: BaseException) -> None:
        """Log an internal error: one line (a traceback with ``--debug``)."""
        message = f"nslint: internal error {where}: {one_line(error)} (please report it)"
        if self.debug:
            message += "\n" + "".join(traceback.format_exception(error))
        self.log(message)

    def report_server_error(self, error: Exception, source: object) -> None:
        """pygls's own errors: to the log, on one line, never a pop-up with the
        exception's text. A message that pygls could not read or take apart (not JSON,
        not JSON-RPC, parameters of the wrong shape: ``source`` is ``JsonRpcException``)
        is the client's error, and said to be; anything else is nslint's."""
        from pygls.exceptions import JsonRpcException

        if source is JsonRpcException:
            self.log(
                f"nslint: the client sent a message that cannot be read ({one_line(error)}); "
                "it was ignored (an error in the client, not in nslint)"
            )
        else:
            self.internal_error("in the protocol", error)

    def oversized(self, size: int) -> None:
        """A message over ``transport.MAX_MESSAGE``, which is read past, not read."""
        from nslint.server.transport import MAX_MESSAGE

        mib, rest = divmod(MAX_MESSAGE, 1024 * 1024)
        limit = f"{MAX_MESSAGE} bytes" if rest else f"{mib} MiB"
        self.log(
            f"nslint: the client sent a message of {size} bytes, more than the {limit} a "
            "message may have; it was skipped (an error in the client, not in nslint)"
        )

    def serve_io(self) -> None:
        """Serve over standard input and output (``transport``: with size limits)."""
        from nslint.server.transport import start_io

        start_io(self, self.oversized)

    # -- checking ------------------------------------------------------------------------

    def check(self, uri: str) -> Linted | None:
        """Check the open document ``uri`` now and publish its diagnostics."""
        self.cancel(uri)
        document = self.workspace.get_text_document(uri)
        path = local_path(uri)
        linted = None
        if path is not None:
            linted = self._check(path, document.source, document.version)
        if linted is None:
            self.linted.pop(uri, None)
            published: list[types.Diagnostic] = []
        else:
            self.linted[uri] = linted
            published = actions.diagnostics(linted.positions, linted.result, linted.settings)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=published, version=document.version)
        )
        return linted

    def _check(self, path: str, text: str, version: int | None) -> Linted | None:
        configured = self.configurations.of(path)
        if isinstance(configured, UsageError):
            message = f"nslint: configuration error: {configured}"
            if message not in self.broken:
                self.broken.add(message)
                self.log(message)
                self.window_show_message(
                    types.ShowMessageParams(type=types.MessageType.Error, message=message)
                )
            return None
        for problem in configured.problems:
            if problem not in self.broken:  # each once, as a configuration error
                self.broken.add(problem)
                self.log(f"nslint: error: {problem}")
        if not configured.walk.included(path, configured.ignores):
            return None  # not a spec by include/exclude: no diagnostics
        try:
            result = lint(path, text, configured.settings)
        except Exception as error:
            self.internal_error(f"while checking {path}", error)
            return None
        encoding = self.encoding()
        return Linted(version, LineIndex(text, encoding), result, configured.settings, path)

    def schedule(self, uri: str) -> None:
        """Check ``uri`` once typing has stopped for ``debounce`` seconds."""
        self.cancel(uri)
        if self.debounce <= 0:
            self.check(uri)
            return
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(
            self.debounce, guarded(self, "checking")(self.check), uri
        )

    def cancel(self, uri: str) -> None:
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()

    def current(self, uri: str) -> Linted | None:
        """The latest check of ``uri``, checked again if the document changed since."""
        document = self.workspace.get_text_document(uri)
        linted = self.linted.get(uri)
        if linted is None or linted.version != document.version or uri in self.pending:
            linted = self.check(uri)
        return linted

    def reload(self) -> None:
        """Forget every configuration and check each open document again."""
        self.configurations.clear()
        self.broken.clear()
        for uri in list(self.workspace.text_documents):
            self.check(uri)


def guarded(server: NslintServer, where: str) -> Callable[[Callable[P, R]], Callable[P, R | None]]:
    """Run a handler so that an internal error is logged and the server goes on."""

    def decorate(handler: Callable[P, R]) -> Callable[P, R | None]:
        @functools.wraps(handler)
        def run(*args: P.args, **kwargs: P.kwargs) -> R | None:
            try:
                return handler(*args, **kwargs)
            except Exception as error:
                server.internal_error(where, error)
                return None

        return run

    return decorate


def build(debug: bool = False) -> NslintServer:
    """A server with every feature registered (``serve`` starts it on stdio; the
    benchmark drives one in-process)."""
    server = NslintServer(debug)

    def feature(name: str, options: object = None) -> Callable[[Callable[P, R]], None]:
        def register(handler: Callable[P, R]) -> None:
            server.feature(name, options)(guarded(server, f"in {name}")(handler))

        return register

    @feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict):
            server.unsafe_fixes = options.get("unsafeFixes") is True
        folders = [f.uri for f in params.workspace_folders or ()]
        if not folders and params.root_uri:
            folders = [params.root_uri]
        server.configurations.roots = _paths(folders)

    @feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def folders(params: types.DidChangeWorkspaceFoldersParams) -> None:
        removed = _paths(f.uri for f in params.event.removed)
        kept = [r for r in server.configurations.roots if r not in removed]
        server.configurations.roots = (*kept, *_paths(f.uri for f in params.event.added))
        server.reload()

    @feature(types.INITIALIZED)
    def initialized(params: types.InitializedParams) -> None:
        capabilities = server.client_capabilities.workspace
        watching = capabilities.did_change_watched_files if capabilities else None
        if watching is None or not watching.dynamic_registration:
            return
        watchers = [types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
        registration = types.Registration(
            id="nslint-configuration",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
        )
        server.client_register_capability(types.RegistrationParams([registration]))

    @feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        server.check(params.text_document.uri)

    @feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        server.schedule(params.text_document.uri)

    @feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = local_path(uri)
        if path is not None and server.configurations.affected_by(path):
            server.reload()
        else:
            server.check(uri)

    @feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.cancel(uri)
        server.linted.pop(uri, None)
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    @feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(params: types.DidChangeWatchedFilesParams) -> None:
        paths = (local_path(change.uri) for change in params.changes)
        if any(p and server.configurations.affected_by(p) for p in paths):
            server.reload()

    @feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def configuration(params: types.DidChangeConfigurationParams) -> None:
        settings = params.settings
        section = settings.get("nslint") if isinstance(settings, dict) else None
        if isinstance(section, dict) and "unsafeFixes" in section:
            server.unsafe_fixes = section["unsafeFixes"] is True

    kinds = [types.CodeActionKind.QuickFix, actions.FIX_ALL]

    @feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=kinds))
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        linted = server.current(uri)
        if linted is None:
            return []
        only = params.context.only
        wanted = functools.partial(_wanted, only)
        version = server.workspace.get_text_document(uri).version
        found: list[types.CodeAction | None] = []
        index, result, settings = linted.positions, linted.result, linted.settings
        if wanted(types.CodeActionKind.QuickFix):
            for d in actions.at(index, result, params.range):
                found.append(
                    actions.quick_fix(index, d, result, settings, server.unsafe_fixes, uri, version)
                )
                found.append(actions.suppress(index, d, settings, uri, version))
        if wanted(actions.FIX_ALL) and (only or result.diagnostics):
            found.append(
                actions.fix_all(index, linted.path, settings, server.unsafe_fixes, uri, version)
            )
        return [action for action in found if action is not None]

    @feature(types.TEXT_DOCUMENT_HOVER)
    def hover(params: types.HoverParams) -> types.Hover | None:
        linted = server.current(params.text_document.uri)
        if linted is None:
            return None
        return actions.hover(linted.positions, linted.result, linted.settings, params.position)

    @feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=["=", ","]))
    def completion(params: types.CompletionParams) -> types.CompletionList | None:
        uri = params.text_document.uri
        document = server.workspace.get_text_document(uri)
        path = local_path(uri)
        if path is None:
            return None
        configured = server.configurations.of(path)
        if isinstance(configured, UsageError):
            return None
        index = LineIndex(document.source, server.encoding())
        return actions.completion(index, configured.settings, params.position)

    return server


def _paths(uris: Iterable[str]) -> tuple[str, ...]:
    """The absolute paths of the local ``file:`` URIs among ``uris``."""
    return tuple(path for path in map(local_path, uris) if path is not None)


def local_path(uri: str) -> str | None:
    """The absolute path a ``file:`` URI names on this machine: one with an empty or
    ``localhost`` authority. None for another scheme, or another host
    (``file://otherhost/share/x.yaml``, on Windows a UNC share: not checked, as a
    client must not make the server open a share on a host it names)."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(uri)
    except ValueError:
        return None
    if parts.scheme.lower() != "file" or parts.netloc.lower() not in ("", "localhost"):
        return None
    path = to_fs_path(urlunsplit(parts._replace(netloc="")))
    return os.path.abspath(path) if path else None


def _wanted(only: Sequence[str] | None, kind: str) -> bool:
    """Whether a code action of ``kind`` is asked for (``only`` lists kinds and their
    parents: ``source.fixAll`` asks for ``source.fixAll.nslint``)."""
    if not only:
        return kind == types.CodeActionKind.QuickFix or kind == actions.FIX_ALL
    return any(kind == k or kind.startswith(f"{k}.") for k in only)
