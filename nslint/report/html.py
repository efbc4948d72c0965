"""``nslint report --format html``: one self-contained page.

No network and no external assets: the CSS, the charts (SVG) and the little script that
sorts and filters the table are inline. Everything that comes from a spec is escaped:
a spec is untrusted input, and a name like ``<script>`` must render as text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from nslint import __version__, display
from nslint.diagnostics import Severity
from nslint.formats.text import snippet
from nslint.inventory import Integration, Inventory
from nslint.report import problems, row
from nslint.values import counted, noun

COLORS = {Severity.ERROR: "var(--error)", Severity.WARNING: "var(--warning)",
          Severity.NOTICE: "var(--notice)"}  # fmt: skip
BAR = "var(--bar)"

# Colours meet WCAG 2.1 AA in both schemes: text 4.5:1 or more against its background
# (the muted note 7:1), and each bar 3:1 or more against the page (non-text contrast).
STYLE = """
:root { color-scheme: light; --bg: #fff; --fg: #1a1a1a; --muted: #575757; --line: #949494;
  --code: #f3f3f3; --link: #0b57d0; --error: #b3261e; --warning: #8a4a00; --notice: #0b4fa8;
  --ok: #1b6e20; --bar: #3949ab; }
@media (prefers-color-scheme: dark) {
  :root { color-scheme: dark; --bg: #121212; --fg: #ececec; --muted: #bdbdbd;
    --line: #7a7a7a; --code: #242424; --link: #9ec5ff; --error: #ff8a80;
    --warning: #ffb74d; --notice: #90caf9; --ok: #81c784; --bar: #9fa8da; }
}
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto;
  max-width: 1600px; padding: 1rem; background: var(--bg); color: var(--fg); }
a { color: var(--link); }
:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
h1 { font-size: 1.5rem; margin: .2rem 0 1rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: .8rem 1rem;
  flex: 1 1 300px; min-width: 0; }
.card h3 { margin: 0 0 .5rem; font-size: 1rem; }
.note { color: var(--muted); font-size: .85rem; }
.big { font-size: 1.6rem; font-weight: 600; }
svg text { fill: currentColor; font-size: 12px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left;
  vertical-align: top; }
th { white-space: nowrap; position: sticky; top: 0; background: var(--bg); }
th button { font: inherit; font-weight: 700; color: inherit; background: none; border: 0;
  padding: 0; cursor: pointer; text-align: inherit; }
th[aria-sort="ascending"] button::after { content: " \\25B2" / ""; }
th[aria-sort="descending"] button::after { content: " \\25BC" / ""; }
td.num, th.num { text-align: right; }
input[type=search] { width: 100%; max-width: 30rem; padding: .45rem; font-size: 1rem;
  margin: .5rem 0; box-sizing: border-box; color: var(--fg); background: var(--bg);
  border: 1px solid var(--line); }
input::placeholder { color: var(--muted); opacity: 1; }
pre { overflow-x: auto; background: var(--code); padding: .5rem; border-radius: 6px; }
.error { color: var(--error); } .warning { color: var(--warning); }
.notice { color: var(--notice); }
@media (max-width: 600px) { body { padding: .5rem; } .big { font-size: 1.3rem; } }
"""

SCRIPT = """
(function () {
  var table = document.getElementById('integrations');
  if (!table) return;
  var body = table.tBodies[0];
  var filter = document.getElementById('filter');
  var count = document.getElementById('shown');
  var headings = table.tHead.rows[0].cells;
  function update() {
    var words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var text = row.textContent.toLowerCase();
      var visible = words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    count.textContent = shown + ' of ' + body.rows.length + ' shown';
  }
  function sort(th, column) {
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    Array.prototype.forEach.call(headings, function (other) {
      other.removeAttribute('aria-sort');
    });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var numeric = th.dataset.type === 'number';
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column].dataset.sort, y = b.cells[column].dataset.sort;
      var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      return ascending ? order : -order;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  filter.addEventListener('input', update);
  Array.prototype.forEach.call(headings, function (th, column) {
    th.querySelector('button').addEventListener('click', function () { sort(th, column); });
  });
})();
"""

NUMERIC = {"Redirect URIs", "Errors", "Warnings", "Notices", "Refresh token (h)",
           "Token rotation (h)"}  # fmt: skip


def e(value: object) -> str:
    """Escape text from a spec (or anything else) for HTML, control characters too."""
    return html.escape(display.escape(str(value)), quote=True)


def render(inventory: Inventory) -> str:
    migrations = inventory.migrations()
    tba = migrations["new"] + migrations["existing"]
    left = inventory.releases_left
    methods = inventory.by_method()
    severities = inventory.by_severity()
    total = len(inventory.integrations)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">",
        f"<title>nslint inventory: {counted(total, 'integration')}</title>",
        f"<style>{STYLE}</style></head><body><main>",
        "<h1>nslint inventory</h1>",
        f'<p class="note">{counted(total, "integration")} in '
        f"{counted(len(inventory.results), 'file')}. nslint {e(__version__)}.</p>",
        "<h2>Summary</h2>",
        '<div class="cards">',
        _card(
            "Authentication methods",
            _bars(
                [(m, n, BAR) for m, n in methods.items()],
                "authentication-methods",
                "Integrations by authentication method",
            ),
        ),
        _card(
            "TBA migration",
            f'<p><span class="big">{tba}</span> '
            f"{noun(tba, 'integration still uses', 'integrations still use')} Token-based "
            f"Authentication. New records (no application ID) cannot be created from "
            f"{e(inventory.cutoff)}.</p>"
            + _bars(
                [
                    ("New records", migrations["new"], "var(--error)"),
                    ("Existing records", migrations["existing"], "var(--warning)"),
                    ("No TBA", total - tba, "var(--ok)"),
                ],
                "tba-migration",
                "Integrations by TBA migration status",
            )
            + (f'<p><span class="big">{left}</span> ' if left >= 0 else "<p>")
            + f"{e(_countdown(inventory))}</p>"
            f'<p class="note">{e(inventory.assumption())}</p>'
            f"<p>{counted(inventory.public_clients(), 'public client')}.</p>",
        ),
        _card(
            "Findings by severity",
            _bars(
                [(str(s), n, COLORS[s]) for s, n in severities.items()],
                "findings",
                "Findings by severity",
            ),
        ),
        "</div>",
        _rules_table(inventory),
        _unread(inventory),
        "<h2>Integrations</h2>",
        '<label for="filter">Filter (every word must match): </label>',
        '<input type="search" id="filter" placeholder="for example: TBA public">',
        f'<p id="shown" role="status" class="note">{total} of {total} shown</p>',
        '<p class="note">Sort by a column with its heading button; the table scrolls '
        "sideways (focus it, then use the arrow keys).</p>"
        if total
        else "",
        _integrations_table(inventory.integrations),
        "<h2>Findings</h2>",
        _findings(inventory),
        f"</main><script>{SCRIPT}</script>",
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def _countdown(inventory: Inventory) -> str:
    """The countdown sentence without its leading number (shown big before it)."""
    text = inventory.countdown()
    number = f"{inventory.releases_left} "
    return text[len(number) :] if inventory.releases_left >= 0 and text.startswith(number) else text


def _card(title: str, body: str) -> str:
    return f'<section class="card"><h3>{e(title)}</h3>{body}</section>'


def _bars(items: Sequence[tuple[str, int, str]], name: str, title: str) -> str:
    """A horizontal bar chart in SVG, named (for a screen reader) with every number."""
    top = max((n for _, n, _ in items), default=0) or 1
    height = 26 * len(items)
    label = f"{title}: " + ", ".join(f"{label} {value}" for label, value, _ in items)
    out = [
        f'<svg class="chart" data-chart="{e(name)}" role="img" viewBox="0 0 380 {height}" '
        f'width="100%" aria-label="{e(label)}">'
    ]
    for index, (text, value, color) in enumerate(items):
        y = index * 26
        width = 0 if value == 0 else max(2, round(150 * value / top))
        out.append(
            f'<text x="0" y="{y + 16}">{e(text)}</text>'
            f'<rect x="175" y="{y + 4}" width="{width}" height="16" fill="{color}" rx="2">'
            f"<title>{e(text)}: {value}</title></rect>"
            f'<text x="{181 + width}" y="{y + 16}">{value}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _rules_table(inventory: Inventory) -> str:
    rules = inventory.by_rule()
    if not rules:
        return "<h2>Findings by rule</h2><p>No findings.</p>"
    rows = "".join(
        f'<tr><td>{e(code)}</td><td>{e(rule)}</td><td class="{e(level)}">{e(level)}</td>'
        f'<td class="num">{n}</td></tr>'
        for code, rule, level, n in rules
    )
    return (
        '<h2 id="by-rule">Findings by rule</h2><div class="scroll" tabindex="0" role="region" '
        'aria-labelledby="by-rule"><table><thead><tr><th scope="col">Rule</th>'
        '<th scope="col">Name</th><th scope="col">Severity</th>'
        f'<th scope="col" class="num">Findings</th></tr></thead><tbody>{rows}'
        "</tbody></table></div>"
    )


def _unread(inventory: Inventory) -> str:
    """Every file (or document) not read as an integration, with why."""
    items = "".join(
        f"<li><code>{e(problem.where)}</code>: "
        f'<span class="{e(problem.severity)}">{e(problem.severity)}</span> {e(problem.text)}'
        "</li>"
        for unread in inventory.unread
        for problem in problems(unread)
    )
    return f"<h2>Not read as integration specs</h2><ul>{items}</ul>" if items else ""


def _integrations_table(integrations: Sequence[Integration]) -> str:
    if not integrations:
        return "<p>No integration specs found.</p>"
    headings = list(row(integrations[0]))
    head = "".join(
        (
            '<th scope="col" data-type="number" class="num">'
            if h in NUMERIC
            else '<th scope="col" data-type="text">'
        )
        + f'<button type="button">{e(h)}</button></th>'
        for h in headings
    )
    body = []
    for index, integration in enumerate(integrations):
        cells = []
        for heading, value in row(integration).items():
            sort = _sort_key(heading, integration, value)
            shown = e(value)
            if heading == "Name" and integration.diagnostics:
                shown = f'<a href="#i{index}">{shown}</a>'
            css = ' class="num"' if heading in NUMERIC else ""
            cells.append(f'<td{css} data-sort="{e(sort)}">{shown}</td>')
        body.append(f'<tr id="row{index}">{"".join(cells)}</tr>')
    return (
        '<div class="scroll" tabindex="0" role="region" aria-label="Integrations table">'
        f'<table id="integrations"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _sort_key(heading: str, integration: Integration, value: str | int) -> str | int:
    if heading == "Refresh token (h)":
        return integration.refresh.hours if integration.refresh.hours is not None else -1
    if heading == "Token rotation (h)":
        return integration.rotation.hours if integration.rotation.hours is not None else -1
    return value


def _findings(inventory: Inventory) -> str:
    lines_by_path = {r.path: r.lines for r in inventory.results}
    out = []
    for index, integration in enumerate(inventory.integrations):
        if not integration.diagnostics:
            continue
        out.append(
            f'<section id="i{index}"><h3>{e(integration.name)} — {e(integration.where)}</h3>'
        )
        lines = lines_by_path.get(integration.path, {})
        for d in integration.diagnostics:
            source = lines.get(d.span.line)
            caret = snippet(d, source, _plain) if source is not None else ""
            out.append(
                f'<p><span class="{e(d.severity)}">{e(d.severity)}[{e(d.code)}]</span> '
                f"{e(d.path)}:{d.span.line}:{d.span.column}: {e(d.message)} "
                f"({e(d.rule)})</p>" + (f"<pre>{_lines(caret)}</pre>" if caret else "")
            )
        out.append("</section>")
    return "".join(out) or "<p>No findings.</p>"


def _lines(text: str) -> str:
    return "\n".join(e(line) for line in text.split("\n"))


def _plain(text: str, **_: object) -> str:
    return text
