"""The parse floor: PyYAML's C loader composing every file, in one process.

    python bench/parse_floor.py PATH...

No schema, no rules, no output: the least any YAML linter in Python must do.
"""

from __future__ import annotations

import os
import sys

import yaml


def main() -> None:
    loader = yaml.CSafeLoader
    for top in sys.argv[1:]:
        for directory, _, files in os.walk(top):
            for name in files:
                if name.endswith((".yaml", ".yml")):
                    with open(os.path.join(directory, name), encoding="utf-8") as handle:
                        yaml.compose(handle.read(), Loader=loader)


if __name__ == "__main__":
    main()
