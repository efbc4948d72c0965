"""Headless Neovim's built-in LSP client against ``nslint server``: the diagnostics an
editor really shows. Skipped where ``nvim`` is not installed (``.ci/run`` installs it
where it can)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the server extra (pygls) is not installed")

NVIM = shutil.which("nvim")

SCRIPT = """
local spec, out, python = vim.env.NSLINT_SPEC, vim.env.NSLINT_OUT, vim.env.NSLINT_PYTHON
vim.cmd("edit " .. vim.fn.fnameescape(spec))
local client = vim.lsp.start_client({
  name = "nslint",
  cmd = { python, "-m", "nslint", "server" },
  root_dir = vim.fn.fnamemodify(spec, ":h"),
})
vim.lsp.buf_attach_client(0, client)
vim.wait(60000, function() return #vim.diagnostic.get(0) > 0 end, 20)
local found = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local lsp = (d.user_data or {}).lsp or {}
  table.insert(found, {
    d.lnum, d.col, d.end_lnum, d.end_col, d.severity, d.source, lsp.code or d.code, d.message,
  })
end
vim.fn.writefile({ vim.fn.json_encode(found) }, out)
vim.lsp.stop_client(client)
vim.cmd("qa!")
"""


@pytest.mark.skipif(NVIM is None, reason="nvim is not installed (apt-get install neovim)")
def test_neovim_shows_the_diagnostics_at_the_right_bytes(tmp_path: Path) -> None:
    assert NVIM is not None
    (tmp_path / ".git").mkdir()
    spec = tmp_path / "spec.yaml"
    line = '  redirect_uris: ["https://crm.example.com/📦", "http://crm.example.com/受注"]'
    spec.write_text(
        "name: 受注 📦\noauth2:\n  authorization_code_grant: true\n"
        f"{line}\n  scopes: [rest_webservices]\n",
        encoding="utf-8",
    )
    script = tmp_path / "run.lua"
    script.write_text(SCRIPT, encoding="utf-8")
    out = tmp_path / "diagnostics.json"
    env = {
        "NSLINT_SPEC": str(spec),
        "NSLINT_OUT": str(out),
        "NSLINT_PYTHON": sys.executable,
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    subprocess.run(
        [NVIM, "--headless", "--clean", "-c", f"luafile {script}"],
        env=env,
        cwd=tmp_path,
        check=True,
        timeout=120,  # a hang guard
        stdin=subprocess.DEVNULL,
        capture_output=True,
    )
    # Neovim counts columns in bytes of UTF-8: it converted the server's UTF-16 range.
    start = len(line[: line.index('"http:')].encode())
    end = len(line[: line.index('"]') + 1].encode())
    assert (start, end) == (50, 81)
    assert json.loads(out.read_text(encoding="utf-8")) == [
        [
            3,
            start,
            3,
            end,
            1,
            "nslint",
            "NS101",
            "Redirect URI uses http://; NetSuite requires https:// (or, for a native app, a "
            "private-use scheme such as com.example.app:/callback)",
        ]
    ]
