"""Benchmark the language server: from ``textDocument/didChange`` to the
``textDocument/publishDiagnostics`` it answers with, for a 50-line spec, in-process.

    python bench/server.py [--rounds 500]

The server (``nslint.server.lsp.build``) is driven through pygls's own message handling
with the debounce set to zero, so that the time is the server's work on one keystroke:
decoding the message, updating the document, the configuration (cached after the first
change), the check, converting positions and writing the notification. No process, pipe
or editor is in the loop. Each change alternates between two versions of the spec (one
http:// redirect URI more or less), so that every round is checked afresh. Prints the
median, 95th percentile and fastest round in milliseconds (docs/performance.md, "The
language server").
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SPEC = """\
# Order sync between the CRM and NetSuite.
name: CRM order sync
description: Syncs sales orders, customers and item fulfilments with the CRM.
application_id: 6C9A1D2E-3F4B-4C5D-8E9F-0A1B2C3D4E5F
state: enabled
user_credentials: false
token_based_authentication:
  enabled: false
oauth2:
  authorization_code_grant: true
  client_credentials_grant: false
  public_client: false
  redirect_uris:
    - https://crm.example.com/oauth/callback
    - https://crm.example.com/oauth/callback2
    - https://staging.crm.example.com/oauth/callback
    - {uri}
  scopes:
    - rest_webservices
    - restlets
  refresh_token_validity_hours: 168
  max_token_rotation_hours: 336
  consent_policy: always_ask
"""


def spec(uri: str) -> str:
    """The spec, padded with comments to 50 lines."""
    text = SPEC.format(uri=uri)
    lines = text.count("\n")
    return text + "".join(
        f"# note {n}: reviewed with the integration owner\n" for n in range(50 - lines)
    )


class Capture:
    """pygls's writer: keeps each message the server sends."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def write(self, data: bytes) -> None:
        self.sent.append(json.loads(data))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=500)
    args = parser.parse_args()

    from nslint.server import lsp

    server = lsp.build()
    server.debounce = 0
    capture = Capture()
    server.protocol.set_writer(capture, include_headers=False)

    def send(method: str, params: dict[str, Any], ident: int | None = None) -> None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        if ident is not None:
            message["id"] = ident
        server.protocol.handle_message(server.protocol.structure_message(message))

    with tempfile.TemporaryDirectory() as folder:
        os.mkdir(os.path.join(folder, ".git"))
        uri = Path(folder, "orders.yaml").as_uri()
        root = Path(folder).as_uri()
        send("initialize", {"processId": None, "rootUri": root, "capabilities": {}}, 1)
        send("initialized", {})
        texts = (spec("https://erp.example.com/cb"), spec("http://erp.example.com/cb"))
        assert texts[0].count("\n") == 50
        document = {"uri": uri, "languageId": "yaml", "version": 1, "text": texts[0]}
        send("textDocument/didOpen", {"textDocument": document})
        times = []
        for version in range(2, args.rounds + 2):
            text = texts[version % 2]
            capture.sent.clear()
            start = time.perf_counter()
            send(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"text": text}],
                },
            )
            times.append(time.perf_counter() - start)
            (published,) = capture.sent
            assert published["method"] == "textDocument/publishDiagnostics"
            assert len(published["params"]["diagnostics"]) == version % 2, published
    times.sort()
    ms = [t * 1000 for t in times]
    print(
        f"didChange -> publishDiagnostics, 50-line spec, {args.rounds} rounds, "
        f"Python {sys.version.split()[0]}: median {statistics.median(ms):.2f} ms, "
        f"p95 {ms[int(len(ms) * 0.95)]:.2f} ms, fastest {ms[0]:.2f} ms"
    )


if __name__ == "__main__":
    main()
