"""The server's standard input and output: pygls's loop, with limits on what it reads.

pygls (2.1) reads a message's body whole, of whatever size its ``Content-Length``
header claims, and a header line of any length: ``Content-Length: 99999999999`` was a
MemoryError that ended the server. It offers no maximum, so the reader here bounds
both: a header line is read in pieces of at most ``MAX_HEADER`` bytes (pygls sees a
longer line as several lines, none a header it knows), and a body over
``MAX_MESSAGE`` is logged as the client's error and read past in pieces (the header
says where the next message starts), so that the server goes on. The loop is pygls's
own (``pygls.io_.run_async``), started as ``JsonRPCServer.start_io`` starts it.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import BinaryIO

from pygls.io_ import StdoutWriter, run_async
from pygls.server import JsonRPCServer

MAX_MESSAGE = 64 * 1024 * 1024
"""The largest body read (the largest spec nslint checks, 10 MiB, escaped in JSON as
a document's text, fits)."""
MAX_HEADER = 64 * 1024
SKIPPED = b'{"jsonrpc": "2.0", "method": "$/nslint/skipped", "params": null}'
"""What the loop gets for a body that was too large: a notification nobody handles."""
_PIECE = 1024 * 1024


class BoundedReader:
    """pygls's ``AsyncReader`` over a binary stream, within the limits above;
    ``oversized`` is told the size of each body that is skipped."""

    def __init__(
        self,
        stream: BinaryIO,
        executor: ThreadPoolExecutor | None,
        oversized: Callable[[int], None],
    ) -> None:
        self.stream = stream
        self.executor = executor
        self.oversized = oversized

    async def readline(self) -> bytes:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, self.stream.readline, MAX_HEADER)

    async def readexactly(self, n: int) -> bytes:
        loop = asyncio.get_running_loop()
        if n <= MAX_MESSAGE:
            return await loop.run_in_executor(self.executor, self.stream.read, n)
        self.oversized(n)
        await loop.run_in_executor(self.executor, self._skip, n)
        return SKIPPED

    def _skip(self, n: int) -> None:
        while n > 0:
            piece = self.stream.read(min(n, _PIECE))
            if not piece:
                return
            n -= len(piece)


def start_io(
    server: JsonRPCServer,
    oversized: Callable[[int], None],
    stdin: BinaryIO | None = None,
    stdout: BinaryIO | None = None,
) -> None:
    """Serve over ``stdin`` and ``stdout`` (the process's by default) until the client
    exits or the input ends."""
    server._stop_event = stop = threading.Event()
    reader = BoundedReader(stdin or sys.stdin.buffer, server.thread_pool, oversized)
    server.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
    try:
        asyncio.run(
            run_async(
                stop_event=stop,
                reader=reader,
                protocol=server.protocol,
                error_handler=server._report_server_error,
            )
        )
    except BrokenPipeError:
        pass  # the client is gone
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()  # type: ignore[no-untyped-call]
