"""The Python rules: one small module each, its documentation in its docstring.

Plain data checks live in the declarative pack ``rules/netsuite.yaml`` instead; the
rules here need logic (URI parsing, defaults, release comparison, secret detection).
"""

from __future__ import annotations

from nslint.checks import (
    redirect_uri_duplicate,
    redirect_uri_invalid,
    redirect_uri_multiple,
    redirect_uri_private_scheme,
    redirect_uri_scheme,
    refresh_token_validity_release,
    sdf_object_missing,
    secret_in_spec,
    tba_deprecated,
    tba_new_integration,
    token_rotation_below_refresh_validity,
)
from nslint.rule import Rule

RULES: tuple[Rule, ...] = (
    redirect_uri_scheme.RULE,
    redirect_uri_invalid.RULE,
    redirect_uri_duplicate.RULE,
    redirect_uri_private_scheme.RULE,
    redirect_uri_multiple.RULE,
    token_rotation_below_refresh_validity.RULE,
    refresh_token_validity_release.RULE,
    tba_deprecated.RULE,
    tba_new_integration.RULE,
    secret_in_spec.RULE,
    sdf_object_missing.RULE,
)
