"""The benchmark's scripts run against today's code (they import nslint's internals, so
a renamed function breaks them where no other test would notice). Speed itself is
measured in bench/, never here."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_the_start_up_split_runs_every_phase() -> None:
    spec = REPO / "examples" / "good" / "crm-connector.yaml"
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "startup.py"), str(spec)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    phases = done.stdout.split()
    assert len(phases) == 5
    assert all(float(phase) >= 0 for phase in phases)
