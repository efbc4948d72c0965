"""One redaction step: no credential reaches any output or file.

The credential rule (``checks/secret_in_spec``, whose ``Rule.redact`` says that its
spans are credentials) finds a file's credentials; this module removes them from what
the engine hands on, once per file, before anything is printed or written:

* every span the rule identifies (a value, a URI's password, a key that is a credential)
  is masked with ``*`` in the source lines kept for snippets, and so is the comment on
  each line that holds a credential (one character for one, so columns stay right);
* the credential's text is replaced with ``<redacted>`` in every message of every
  finding and in the reason of a suppression written on such a line;
* every snippet line is also masked by its text alone, for what the parse did not read
  (a line where a syntax error stopped it, any comment): 64 hexadecimal characters, a
  private key, a URI's password, and whatever follows a credential's key
  (``client_secret:``, ``password=``).

Every consumer gets redacted data for free: the formats, ``--statistics``, baselines
and the cache take the engine's ``FileResult``; fingerprints are computed from the
masked lines; the inventory report passes what it shows through ``Redaction.text``, and
``--diff`` masks the text it compares with ``text``.

A file with no finding of the credential rule costs one pass over its findings, a length test per
message (``values.looks_like_secret``) and ``raw_line`` per snippet line.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Container, Iterable, Mapping, Sequence

from nslint.checks import secret_in_spec
from nslint.diagnostics import Finding, Span
from nslint.document import Document
from nslint.parse import load
from nslint.source import Source
from nslint.values import REDACTED, looks_like_secret, secret_shapes

MASK = "*"
MIN_LENGTH = 4
"""Shorter credential texts are masked in snippets but not searched for in messages,
where they would garble ordinary words."""

# Patterns used only where a file holds a credential (or for --diff): compiled then, by
# re's own cache, not when nslint starts.
_COMMENT = r"(?:^|(?<=[ \t]))#"
_ASSIGNMENT = r"""(?<![\w.-])(?:(?![A-Za-z_])[\w.-])*(?P<key>[A-Za-z_][\w.-]*)["']?[ \t]*[:=]"""
"""A key: from the first letter of a run of word characters to its end (a key cannot end
inside the run). Tried at the start of each run only, not at each of its characters,
each of which would read to the run's end: a line of one long word took minutes."""
_LINE_BREAK = "(\r\n|[\r\n\x85\u2028\u2029])"
_ELLIPSIS = "…"  # where values.show cut a value: a credential may end (or start) there


class Redaction:
    """What to mask in one file: source spans, and credential texts.

    Built for files that hold credentials, which may hold thousands: each lookup is
    indexed (spans by line, texts by length and in sorted order), so that masking stays
    linear in what is shown, never the product of findings and credentials."""

    def __init__(
        self,
        spans: tuple[Span, ...] = (),
        texts: tuple[str, ...] = (),
        lines: frozenset[int] = frozenset(),
    ) -> None:
        self.spans = spans
        """Credentials and the comments on their lines: masked with ``*`` in lines."""
        self.texts = texts
        """Credential texts (``MIN_LENGTH`` or longer): ``<redacted>`` wherever shown."""
        self.lines = lines
        """The lines that hold a credential."""

    def __bool__(self) -> bool:
        return bool(self.spans or self.texts)

    def text(self, text: str) -> str:
        """``text`` (a message, a reason, a value in a report) without any credential."""
        if self.texts:
            text = self._scrubbed(text)
        return shapes(text)

    def line(self, number: int, text: str) -> str:
        """Source line ``number`` with the credentials on it masked: their spans, and
        their texts wherever else the line holds them (the anchor of an alias that
        names a credential, a password repeated in a comment or another value)."""
        ranges = self._occurrences(text) if self.texts else []
        for span in self._spans_by_line.get(number, ()):
            start = span.column - 1 if number == span.line else 0
            end = span.end_column - 1 if number == span.end_line else len(text)
            ranges.append((start, end))
        return _masked(text, ranges)

    @functools.cached_property
    def _spans_by_line(self) -> dict[int, list[Span]]:
        by_line: dict[int, list[Span]] = {}
        for span in self.spans:
            for number in range(span.line, span.end_line + 1):
                by_line.setdefault(number, []).append(span)
        return by_line

    @functools.cached_property
    def _by_length(self) -> list[tuple[int, frozenset[str]]]:
        """The texts grouped by length, longest first (the longest match wins)."""
        lengths: dict[int, set[str]] = {}
        for secret in self.texts:
            lengths.setdefault(len(secret), set()).add(secret)
        return [(size, frozenset(lengths[size])) for size in sorted(lengths, reverse=True)]

    @functools.cached_property
    def _starts(self) -> frozenset[str]:
        """How the texts begin: most places in a message begin none."""
        return frozenset(secret[:MIN_LENGTH] for secret in self.texts)

    @functools.cached_property
    def _heads(self) -> list[str]:
        return sorted(self.texts)

    @functools.cached_property
    def _tails(self) -> list[str]:
        return sorted(secret[::-1] for secret in self.texts)

    def _occurrences(self, text: str) -> list[tuple[int, int]]:
        """Where each credential text is in ``text`` (the longest at each place)."""
        found: list[tuple[int, int]] = []
        position, size, starts = 0, len(text), self._starts
        while position <= size - MIN_LENGTH:
            if text[position : position + MIN_LENGTH] in starts:
                for length, group in self._by_length:
                    if text[position : position + length] in group:
                        found.append((position, position + length))
                        position += length - 1
                        break
            position += 1
        return found

    def _scrubbed(self, text: str) -> str:
        """Each credential text in ``text`` replaced, then what is left of one where a
        shortened value was cut (``…``, by ``values.show``): a beginning of one just before
        the cut, or an end of one just after it."""
        found = self._occurrences(text)
        cut = text.find(_ELLIPSIS)
        while cut >= 0:
            for piece in (
                _longest(text, cut, self._heads, self._longest_text, forward=False),
                _longest(text, cut + 1, self._tails, self._longest_text, forward=True),
            ):
                if piece is not None:
                    found.append(piece)
            cut = text.find(_ELLIPSIS, cut + 1)
        if not found:
            return text
        out: list[str] = []
        last = 0
        for start, end in sorted(found):  # overlapping ranges are masked as one
            if start > last or not out:
                out += (text[last:start], REDACTED)
            last = max(last, end)
        return "".join(out) + text[last:]

    @functools.cached_property
    def _longest_text(self) -> int:
        return max(map(len, self.texts), default=0)


def _longest(
    text: str, at: int, ordered: list[str], longest: int, forward: bool
) -> tuple[int, int] | None:
    """The longest run of ``text`` ending at ``at`` that begins a credential (``ordered``:
    the credentials, sorted), or starting at ``at`` that ends one (``ordered``: the
    credentials reversed, sorted): a binary search per length."""
    limit = min(longest, len(text) - at if forward else at)
    for length in range(limit, MIN_LENGTH - 1, -1):
        start, end = (at, at + length) if forward else (at - length, at)
        piece = text[start:end][::-1] if forward else text[start:end]
        index = bisect_left(ordered, piece)
        if index < len(ordered) and ordered[index].startswith(piece):
            return start, end
    return None


NOTHING = Redaction()


def find(
    src: Source,
    documents: Sequence[Document],
    findings: Iterable[Finding],
    triggers: Container[str] | None,
) -> Redaction:
    """The credentials of one parsed file. ``triggers``: the codes of the findings that
    say the file may hold one (those of the enabled ``Rule.redact`` rules, and of a rule
    that failed, as such a rule may have), so that a file with none of them (almost every
    file) holds none and costs nothing more; None (no such rule is selected): they are
    looked for here, since a credential is never shown whatever the rules selected."""
    if triggers is not None:
        for finding in findings:  # a plain loop: this runs for every file
            if finding.code in triggers:
                break
        else:
            return NOTHING
    elif not secret_in_spec.may_hold_secrets(src.text):
        return NOTHING
    found = [secret for doc in documents for secret in secret_in_spec.secrets(doc)]
    if not found:
        return NOTHING
    spans = [secret.span for secret in found]
    lines: set[int] = set()
    comments: dict[int, list[int]] = {}
    """Where each line's comments may start: found once per line, however many
    credentials it holds (a flow list of thousands on one line)."""
    for secret in found:
        span = secret.span
        for number in range(secret.line, span.end_line + 1):
            lines.add(number)
            text = src.line(number)
            # The comment after the credential (on its last line), or on its key's line;
            # its `#` stays, so that the snippet still reads as YAML.
            start = span.end_column - 1 if number == span.end_line else 0
            if number == span.line and number < span.end_line:
                continue  # masked from the credential's start to the end of the line
            starts = comments.get(number)
            if starts is None:
                starts = comments[number] = [m.start() for m in re.finditer(_COMMENT, text)]
            at = bisect_left(starts, start)
            if at < len(starts):
                spans.append(Span(number, starts[at] + 2, number, len(text) + 1))
    import json

    texts = {
        variant
        for secret in found
        for text in (*secret.texts, *_written(src, secret.span))
        for variant in (text, json.dumps(text, ensure_ascii=False)[1:-1])
        if len(variant) >= MIN_LENGTH
    }
    ordered = tuple(sorted(texts, key=lambda t: (-len(t), t)))
    return Redaction(tuple(dict.fromkeys(spans)), ordered, frozenset(lines))


def _written(src: Source, span: Span) -> tuple[str, ...]:
    """A one-line credential as the file writes it, which a message may quote where its
    data reads otherwise (``0123456701234567``, ``9_182_736``, ``1:20:30``)."""
    if span.line != span.end_line:
        return ()
    text = src.line(span.line)[span.column - 1 : span.end_column - 1]
    return (text, text[1:-1]) if text[:1] in ("'", '"') else (text,)


def lines(numbered: Mapping[int, str], redaction: Redaction) -> dict[int, str]:
    """Snippet lines by number, each masked: the credentials' spans, then by its text
    (``raw_line``), which the parse may not have read (a syntax error stopped it) and
    whose comment it never reads."""
    return {
        number: raw_line(redaction.line(number, text) if redaction else text)
        for number, text in numbered.items()
    }


def shapes(text: str) -> str:
    """``text`` with what looks like a credential (``values.looks_like_secret``)
    replaced: for messages, which are never compared by column."""
    if not looks_like_secret(text):
        return text
    out: list[str] = []
    last = 0
    for start, end in secret_shapes(text):
        if end > last:  # a private key's range holds any run of hexadecimal inside it
            out += (text[last : max(start, last)], REDACTED)
            last = end
    return "".join(out) + text[last:]


def raw_line(text: str) -> str:
    """A line no parse read, masked by its text alone: a credential's shape, a URI's
    password, and everything after a key that names a credential (comment included)."""
    ranges = list(secret_shapes(text)) if looks_like_secret(text) else []
    ranges += secret_in_spec.uri_passwords(text)
    for match in re.finditer(_ASSIGNMENT, text):
        if secret_in_spec.is_credential_key(match.group("key")):
            ranges.append((match.end(), len(text)))
            break
    return _masked(text, ranges)


def text(text: str) -> str:
    """A whole file's text with every credential masked, line by line, keeping its line
    breaks (``--diff``): the spans the credential rule finds where the text parses, and
    every line by its text (``raw_line``) too, since a syntax error may stop the parse
    anywhere."""
    src = Source(text)
    redaction = find(src, load(src).documents, (), None)
    parts = re.split(_LINE_BREAK, text)
    for index in range(0, len(parts), 2):  # lines, with their line breaks between
        number = index // 2 + 1
        parts[index] = raw_line(redaction.line(number, parts[index]))
    return "".join(parts)


def _masked(text: str, ranges: Iterable[tuple[int, int]]) -> str:
    """``text`` with the characters of each (start, end) range replaced by ``*``."""
    chars = None
    for start, end in ranges:
        start, end = max(start, 0), min(end, len(text))
        if start < end:
            if chars is None:
                chars = list(text)
            chars[start:end] = MASK * (end - start)
    return text if chars is None else "".join(chars)
