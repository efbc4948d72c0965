"""Generate a seeded corpus of integration specs for the benchmark.

    python bench/generate.py OUT_DIR [--count 10000] [--seed 2027]

Each spec is about 50 lines: a header comment, the record's fields, OAuth 2.0 or TBA
settings, account-specific overrides with comments, in block and flow styles. About 5 %
have findings (an http:// redirect URI, hours out of range, a public client, a typo'd
key), as a real repository would. The same seed always gives the same files.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = ("acme", "globex", "initech", "umbrella", "stark", "wayne", "hooli", "vandelay")
WORDS += ("wonka", "tyrell", "cyberdyne", "soylent", "oscorp", "aperture", "dynamic")
TEAMS = ("Sales Ops", "Finance Systems", "Warehouse", "Customer Care", "Data Platform")
SCOPES = ("restlets", "rest_webservices", "suite_analytics")
MISTAKES = (  # what makes about 5 % of the specs fail: (text, replacement)
    ("https://", "http://"),
    ("max_token_rotation_hours: 168", "max_token_rotation_hours: 800"),
    ("state: enabled", "state: enabeld"),
    ("authorization_code_grant: true", "authorization_code_grant: true\n  public_client: true"),
    ("description:", "descripton:"),
)


def spec(rng: random.Random, number: int) -> str:
    company = rng.choice(WORDS).capitalize()
    slug = f"{company.lower()}_{number}"
    kind = rng.random()
    lines = [
        f"# Integration {number}: {company} ({rng.choice(TEAMS)})",
        "# Reviewed by the integration board; see the runbook for rotation.",
        f"name: {company} connector {number}",
        f"script_id: custinteg_{slug}",
        "application_id: "
        + "-".join(f"{rng.getrandbits(bits):0{bits // 4}X}" for bits in (32, 16, 16, 16, 48)),
        f"description: Synchronises {rng.choice(['orders', 'customers', 'invoices'])} "
        f"with {company} for the {rng.choice(TEAMS)} team.",
        "state: enabled",
        "note: >-",
        f"  Owner {rng.choice(TEAMS)}; escalation via the on-call rota",
        "  for integrations. Credentials live in the vault, never in this",
        "  file; rotate them with the runbook's procedure.",
    ]
    if kind < 0.62:
        host = f"{company.lower()}.example.com"
        lines += [
            "oauth2:",
            "  authorization_code_grant: true",
            "  redirect_uris:",
            f"    - https://{host}/oauth/callback",
            f"    - https://{host}/oauth/callback/v2  # the new front end",
            f"  refresh_token_validity_hours: {rng.choice([24, 48, 72])}",
            "  max_token_rotation_hours: 168",
            f"  consent_policy: {rng.choice(['always_ask', 'ask_first_time'])}",
            f"  scopes: [{', '.join(rng.sample(SCOPES, 2))}]",
        ]
    elif kind < 0.97:
        lines += [
            "oauth2:",
            "  client_credentials_grant: true",
            # No token hours: this grant issues no refresh token (NS205).
            "  scopes:",
            *(f"    - {scope}" for scope in rng.sample(SCOPES, 2)),
        ]
    else:
        lines += [
            "user_credentials: true",
            "token_based_authentication:",
            "  enabled: true",
            f"  callback_url: https://{company.lower()}.example.com/tba/callback",
            "  authorization_flow: true",
        ]
    lines += ["accounts:"]
    account = rng.randrange(1_000_000, 9_999_999)
    accounts = (("", "enabled"), ("_SB1", "enabled"), ("_SB2", "blocked"), ("_SB3", "enabled"))
    for suffix, state in accounts:
        lines += [
            f'  "{account}{suffix}":',
            f"    # {'production' if not suffix else 'sandbox'} account",
            f"    state: {state}",
            f"    note: {'Production' if not suffix else 'Sandbox ' + suffix[-1]}",
        ]
    lines += ["# end of spec", ""]
    text = "\n".join(lines)
    if rng.random() < 0.05:
        old, new = rng.choice(MISTAKES)
        text = text.replace(old, new, 1)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2027)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for number in range(args.count):
        folder = args.out / f"team{number % 20:02}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"integration{number:05}.yaml").write_text(spec(rng, number), "utf-8")


if __name__ == "__main__":
    main()
