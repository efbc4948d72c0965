"""The parse floor: PyYAML's C loader composing every file, in one process or a pool.

    python bench/parse_floor.py [--jobs N] PATH...

No schema, no rules, no output: the least any YAML linter in Python must do. With
``--jobs 2`` the files are shared, in chunks, between two forked processes as
nslint's pool shares them (``nslint.batch``: chunks of ``len(files) // (jobs * 32)``,
at least 16, results sent back): the floor that a two-core run of nslint is held to,
like for like.
"""

from __future__ import annotations

import argparse
import os

import yaml


def _files(tops: list[str]) -> list[str]:
    found = []
    for top in tops:
        if os.path.isfile(top):
            found.append(top)
            continue
        for directory, _, files in os.walk(top):
            found.extend(
                os.path.join(directory, name) for name in files if name.endswith((".yaml", ".yml"))
            )
    return sorted(found)


def _compose(chunk: list[str]) -> list[None]:
    loader = yaml.CSafeLoader
    for path in chunk:
        with open(path, encoding="utf-8") as handle:
            for _ in yaml.compose_all(handle.read(), Loader=loader):
                pass
    return [None] * len(chunk)  # one small result per file, as nslint's workers send


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    files = _files(args.paths)
    if args.jobs <= 1:
        _compose(files)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = max(16, len(files) // (args.jobs * 32))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(args.jobs, mp_context=context) as pool:
        for _ in pool.map(_compose, chunks):
            pass


if __name__ == "__main__":
    main()
