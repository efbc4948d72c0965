"""How the ``nslint`` process ends: it skips the interpreter's teardown (``os._exit``), and
loses nothing by it: every byte of output, every exit handler, every thread's work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

BAD = "name: Acme\noauth2:\n  refresh_token_validity_hours: 0\n"

# Runs nslint the way its console script does, after the test's own set-up (argv[1]).
SCRIPT = """
import sys
exec(sys.argv[1])
sys.argv = ["nslint", *sys.argv[2:]]
from nslint.__main__ import main
main()
"""


def nslint(setup: str, *args: str, cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-c", SCRIPT, setup, *args],
        capture_output=kwargs.pop("stdout", None) is None,
        text=True,
        cwd=cwd,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        **kwargs,
    )


def test_every_byte_of_a_large_output_arrives(tmp_path: Path) -> None:
    for n in range(300):  # enough for the process pool, and for output past any buffer
        (tmp_path / f"spec{n:03}.yaml").write_text(BAD)
    result = nslint("", "check", "--isolated", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ""
    findings = json.loads(result.stdout)
    assert len({finding["path"] for finding in findings}) == 300
    assert sorted(f["code"] for f in findings) == sorted(["NS201", "NS205", "NS601"] * 300)


def test_exit_handlers_still_run(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(BAD)
    marker = tmp_path / "marker"
    setup = f"import atexit; atexit.register(lambda: open({str(marker)!r}, 'w').write('ran'))"
    result = nslint(setup, "check", "--isolated", "--no-cache", "spec.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "spec.yaml:3:33: warning[NS201]" in result.stdout
    assert marker.read_text() == "ran"


def test_a_thread_still_running_is_waited_for(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text("name: Good\nuser_credentials: true\n")
    marker = tmp_path / "marker"
    setup = (
        "import threading, time\n"
        f"def late(): time.sleep(0.3); open({str(marker)!r}, 'w').write('done')\n"
        "threading.Thread(target=late).start()"
    )
    result = nslint(setup, "check", "--isolated", "--no-cache", "spec.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert marker.read_text() == "done"


def test_a_closed_standard_output_ends_quietly_with_exit_1(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(BAD)
    read, write = os.pipe()
    os.close(read)  # like `nslint check | head` after head has gone: every write fails
    try:
        result = nslint(
            "",
            "check",
            "--isolated",
            "--no-cache",
            "spec.yaml",
            cwd=tmp_path,
            stdout=write,
            stderr=subprocess.PIPE,
        )
    finally:
        os.close(write)
    assert result.returncode == 1
    assert result.stderr == ""


def test_help_and_usage_errors_keep_their_exit_codes(tmp_path: Path) -> None:
    assert nslint("", "--help", cwd=tmp_path).returncode == 0
    usage = nslint("", "check", "--format", "nope", cwd=tmp_path)
    assert usage.returncode == 2
    assert "Invalid value for '--format'" in usage.stderr


def test_the_interpreter_is_not_torn_down(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(BAD)
    setup = (
        "import os\n"
        "real = os._exit\n"
        "def ending(code): sys.stderr.write(f'os._exit({code})'); sys.stderr.flush(); real(code)\n"
        "os._exit = ending"
    )
    result = nslint(setup, "check", "--isolated", "--no-cache", "spec.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "os._exit(1)")


def test_a_closed_standard_output_or_error_is_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(BAD)

    def closed(fd: int, *args: str) -> subprocess.CompletedProcess[str]:
        # (like `>&-` in a shell)
        return nslint("", *args, cwd=tmp_path, preexec_fn=lambda: os.close(fd))

    check = ("check", "--isolated", "--no-cache", "spec.yaml")
    no_stdout = closed(1, *check)
    assert (no_stdout.returncode, no_stdout.stderr) == (
        2,
        "nslint: error: cannot write the output: standard output is closed\n",
    )
    no_stderr = closed(2, *check)
    assert no_stderr.returncode == 1
    assert "spec.yaml:3:33: warning[NS201]" in no_stderr.stdout
    version = closed(1, "--version")
    assert (version.returncode, version.stderr) == (0, "")


def test_a_run_that_loaded_plugins_ends_the_normal_way(tmp_path: Path) -> None:
    # A plugin may leave a file open for the teardown to flush: no os._exit after it.
    (tmp_path / "spec.yaml").write_text(BAD)
    setup = (
        "import os, nslint.plugins\n"
        "def ending(code): sys.stderr.write('os._exit'); sys.stderr.flush()\n"
        "os._exit = ending"
    )
    result = nslint(setup, "check", "--isolated", "--no-cache", "spec.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
