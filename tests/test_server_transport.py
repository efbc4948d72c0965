"""The language server's input: a message too large to read, a message that is not
JSON-RPC (the client's error, said to be), and ``file:`` URIs of another host."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the server extra (pygls) is not installed")

from tests.test_server import HTTP_SPEC, InProcess, workspace

__all__ = ["workspace"]  # (the fixture)

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {"processId": None, "rootUri": None, "capabilities": {}},
}
SHUTDOWN = {"jsonrpc": "2.0", "id": 2, "method": "shutdown"}


def framed(body: bytes, length: int | None = None) -> bytes:
    size = len(body) if length is None else length
    return f"Content-Length: {size}\r\n\r\n".encode() + body


def message(value: object) -> bytes:
    return framed(json.dumps(value).encode())


def replies(output: bytes) -> list[dict[str, object]]:
    """The messages the server wrote, in order."""
    found = []
    while output:
        header, _, rest = output.partition(b"\r\n\r\n")
        lengths = [line for line in header.split(b"\r\n") if line.startswith(b"Content-Length:")]
        size = int(lengths[0].split(b":")[1])
        found.append(json.loads(rest[:size]))
        output = rest[size:]
    return found


def serve(stream: bytes, monkeypatch: pytest.MonkeyPatch, limit: int) -> list[dict[str, object]]:
    """Run the server's stdio loop in-process on ``stream``, until it ends."""
    from nslint.server import lsp, transport

    monkeypatch.setattr(transport, "MAX_MESSAGE", limit)
    out = io.BytesIO()
    server = lsp.build()
    transport.start_io(server, server.oversized, io.BytesIO(stream), out)
    return replies(out.getvalue())


def logged(messages: list[dict[str, object]]) -> list[object]:
    return [
        m["params"]["message"]  # type: ignore[index]
        for m in messages
        if m.get("method") == "window/logMessage"
    ]


def test_a_message_over_the_limit_is_skipped_and_the_server_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nslint.server import transport

    stream = message(INITIALIZE) + framed(b"x" * 5000) + message(SHUTDOWN)
    sent = serve(stream, monkeypatch, 4096)
    assert transport.MAX_MESSAGE == 4096
    assert logged(sent) == [
        "nslint: the client sent a message of 5000 bytes, more than the 4096 bytes a "
        "message may have; it was skipped (an error in the client, not in nslint)"
    ]
    assert [m.get("id") for m in sent if "result" in m] == [1, 2]  # both answered


def test_a_huge_content_length_is_not_read_into_memory() -> None:
    command = [sys.executable, "-m", "nslint", "server"]
    stream = message(INITIALIZE) + framed(b"{}", 99999999999)
    done = subprocess.run(command, input=stream, capture_output=True, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (0, b"")
    assert logged(replies(done.stdout)) == [
        "nslint: the client sent a message of 99999999999 bytes, more than the 64 MiB a "
        "message may have; it was skipped (an error in the client, not in nslint)"
    ]


def test_a_long_header_line_is_read_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = message(INITIALIZE) + b"X-Padding: " + b"a" * 200_000 + b"\r\n" + message(SHUTDOWN)
    sent = serve(stream, monkeypatch, 64 * 1024 * 1024)
    assert [m.get("id") for m in sent if "result" in m] == [1, 2]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            b"{oops",
            "JSONDecodeError: Expecting property name enclosed in double quotes: "
            "line 1 column 2 (char 1)",
        ),
        (b"[1]", "AttributeError: 'list' object has no attribute 'jsonrpc'"),
    ],
)
def test_a_malformed_message_is_the_clients_error(
    monkeypatch: pytest.MonkeyPatch, body: bytes, reason: str
) -> None:
    sent = serve(message(INITIALIZE) + framed(body) + message(SHUTDOWN), monkeypatch, 4096)
    assert logged(sent) == [
        f"nslint: the client sent a message that cannot be read ({reason}); it was "
        "ignored (an error in the client, not in nslint)"
    ]
    assert [m.get("id") for m in sent if "result" in m] == [1, 2]


@pytest.mark.parametrize(
    ("authority", "codes"),
    [("otherhost", []), ("localhost", ["NS101"]), ("LOCALHOST", ["NS101"]), ("", ["NS101"])],
)
def test_only_a_local_file_uri_is_checked(
    workspace: Path, authority: str, codes: list[str]
) -> None:
    path = workspace / "a.yaml"
    path.write_text(HTTP_SPEC)
    uri = f"file://{authority}{path.as_posix()}"
    run = InProcess()
    item = {"uri": uri, "languageId": "yaml", "version": 1, "text": HTTP_SPEC}
    run.send("textDocument/didOpen", {"textDocument": item})
    published = run.sent[-1]
    assert published["method"] == "textDocument/publishDiagnostics"
    params = published["params"]
    assert isinstance(params, dict)
    assert params["uri"] == uri
    assert [d["code"] for d in params["diagnostics"]] == codes
    assert not [m for m in run.sent if m.get("method") == "window/logMessage"]
