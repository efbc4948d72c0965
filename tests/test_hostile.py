"""Inputs built to hurt a YAML tool: each ends in a diagnostic, quickly, in bounded memory."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

from click.testing import CliRunner

from nslint.cli import main
from tests.conftest import findings

# Generous bounds: they catch a hang, not a slow machine.
HANG = 10.0


def _billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs() -> None:
    tracemalloc.start()
    started = time.monotonic()
    result = findings(_billion_laughs())
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Levels a-e expand to about 75,000 values; the first alias on line 6 (f: [*e, ...)
    # would add another 66,430, past the 100,000 limit.
    assert result == [("NS008", 6, 8, 6, 10)]
    assert elapsed < HANG
    assert peak < 20 * 1024 * 1024


def test_deep_flow_nesting() -> None:
    started = time.monotonic()
    assert findings("[" * 50_000 + "]" * 50_000) == [("NS008", 1, 101, 1, 102)]
    assert time.monotonic() - started < HANG


def test_deep_block_nesting() -> None:
    text = "".join(" " * i + "- \n" for i in range(0, 2000, 2)) + " " * 2000 + "x\n"
    assert findings(text)[0][0] == "NS008"


def test_twenty_megabyte_file(tmp_path: Path) -> None:
    spec = tmp_path / "huge.yaml"
    with spec.open("w") as handle:
        handle.write("name: big\ndescription: >\n")
        line = "  " + "x" * 98 + "\n"
        handle.write(line * (20 * 1024 * 1024 // len(line)))
    started = time.monotonic()
    result = CliRunner().invoke(main, ["check", "--format", "concise", str(spec)])
    assert time.monotonic() - started < HANG
    assert result.exit_code == 1
    assert result.output == (
        f"{spec}:1:1: error NS008 the file is larger than the 10 MiB limit and was not parsed; "
        "raise the limit with --max-file-size if it really is a spec\n"
    )


def test_binary_file(tmp_path: Path) -> None:
    spec = tmp_path / "image.yaml"
    spec.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 64)
    result = CliRunner().invoke(main, ["check", "--format", "concise", str(spec)])
    assert result.exit_code == 1
    assert result.output == (
        f"{spec}:3:1: error NS001 this is a binary file, not YAML: it contains a NUL byte; "
        "an integration spec is UTF-8 text\n"
    )


def test_symlink_loop_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: a\nuser_credentials: true\n")
    (tmp_path / "loop").symlink_to(tmp_path)
    result = CliRunner().invoke(main, ["check", "--format", "json", str(tmp_path)])
    assert (result.exit_code, result.output) == (0, "[]\n")
