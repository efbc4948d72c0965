"""A one-file check imports only what it needs: what a pre-commit hook waits for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys
sys.argv = ["nslint", "check", "--isolated", "--no-cache", sys.argv[1]]
from nslint.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""

NOT_AT_START = (
    "ruamel",  # only --fix and --diff
    "jsonschema",  # the Python package; jsonschema_rs is the validator
    "hypothesis",
    "multiprocessing",  # only a run of many files
    "concurrent",
    "importlib.metadata",  # only when a plugin is named
    "tomllib",  # only a pyproject.toml configuration
    "difflib",  # only a "did you mean" hint
    "pathspec",  # only configured globs
    "nslint.formats.sarif",  # only the format asked for
    "nslint.formats.junit",
    "nslint.formats.gitlab",
    "nslint.formats.github",
    "nslint.fix",
    "nslint.baseline",
    "nslint.plugins",
    "nslint.inventory",  # only nslint report and --summary
    "nslint.report",
)


def test_a_one_file_check_imports_only_what_it_needs(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: a\nuser_credentials: true\n")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(spec)], capture_output=True, text=True, cwd=tmp_path
    )
    modules = json.loads(result.stderr.strip().splitlines()[-1])
    assert "No problems found in 1 file." in result.stdout
    loaded = [m for m in modules if m.split(".")[0] in NOT_AT_START or m in NOT_AT_START]
    assert loaded == []
