"""Property-based: specs generated from the JSON Schema, then broken in every way.

Every run must give only well-formed diagnostics: a known code, a message, and a
position inside the file. A small number of cases always runs; set
``NSLINT_FUZZ_EXAMPLES`` (``.ci/run`` sets it for a separate, longer job) for more. The
cases are the same from run to run, so that a gate does not turn red by chance; set
``NSLINT_FUZZ_RANDOM=1`` to explore new ones (that is how the two position bugs named in
tests/test_structure.py were found).
"""

from __future__ import annotations

import os
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from nslint import engine, source
from nslint.registry import all_rules
from nslint.schema import integration_schema

EXAMPLES = int(os.environ.get("NSLINT_FUZZ_EXAMPLES", "60"))
CODES = set(all_rules())
fuzz = settings(
    max_examples=EXAMPLES,
    derandomize=not os.environ.get("NSLINT_FUZZ_RANDOM"),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

valid_specs = from_schema(integration_schema())


def wrong_type() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
        st.lists(st.integers(), max_size=3),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    )  # fmt: skip


@st.composite
def mutated_specs(draw: st.DrawFn) -> str:
    spec: dict[str, Any] = draw(valid_specs)
    keys = sorted(spec)
    mutation = draw(st.sampled_from(["none", "delete", "retype", "add"]))
    if mutation == "delete" and keys:
        del spec[draw(st.sampled_from(keys))]
    elif mutation == "retype" and keys:
        spec[draw(st.sampled_from(keys))] = draw(wrong_type())
    elif mutation == "add":
        spec[draw(st.text(min_size=1, max_size=12))] = draw(wrong_type())
    text = yaml.safe_dump(spec, allow_unicode=True, sort_keys=draw(st.booleans()))
    edit = draw(st.sampled_from(["none", "truncate", "insert", "flow"]))
    if edit == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif edit == "insert":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(max_size=8)) + text[at:]
    elif edit == "flow":
        text = yaml.safe_dump(spec, allow_unicode=True, default_flow_style=True)
    return text


def assert_well_formed(data: bytes) -> None:
    result = engine.check("spec.yaml", data=data)
    assert result.error is None
    decoded = source.decode(data)
    if not isinstance(decoded, source.Source):  # binary or not UTF-8: positions in the bytes
        decoded = source.Source(data.decode("utf-8", "replace"))
    lines = decoded.lines
    for d in result.diagnostics:
        assert d.code in CODES, d
        assert isinstance(d.message, str)
        assert d.message.strip(), d
        span = d.span
        assert 1 <= span.line <= len(lines) + 1, (d, len(lines))
        assert (
            1 <= span.column <= len(lines[span.line - 1]) + 2 if span.line <= len(lines) else True
        ), d
        assert (span.end_line, span.end_column) >= (span.line, span.column), d
        assert span.end_line <= len(lines) + 1, d


@fuzz
@given(valid_specs)
def test_generated_specs_give_well_formed_diagnostics(spec: dict[str, Any]) -> None:
    assert_well_formed(yaml.safe_dump(spec, allow_unicode=True).encode())


@fuzz
@given(mutated_specs())
def test_mutated_specs_give_well_formed_diagnostics(text: str) -> None:
    assert_well_formed(text.encode("utf-8", "surrogatepass"))


@fuzz
@given(st.binary(max_size=200))
def test_random_bytes_give_well_formed_diagnostics(data: bytes) -> None:
    assert_well_formed(data)
