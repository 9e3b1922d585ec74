"""The parties: names and defined terms read from the preamble, and each party's role.

A name counts only beside a defined term (`("Customer")`, `hereinafter "Licensor"`), as a
labelled line (`Licensor: Acme Ltd`), or, failing both, as a company name with a corporate
suffix after `between`. Roles come from the defined terms; failing that, the party the
contract repeatedly makes pay is the customer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.extract.rules._common import (
    HEAD_CHARS,
    IC,
    Q_CLOSE,
    Q_OPEN,
    QC,
    QO,
    Extraction,
    clean,
)
from assistant.schemas import Party, PartyRole, Term

BETWEEN = re.compile(r"\b(?:by\s+and\s+)?(?:between|among|amongst)\b", IC)
PREAMBLE_STOP = re.compile(
    r"\bW[^\S\n]?H[^\S\n]?E[^\S\n]?R[^\S\n]?E[^\S\n]?A[^\S\n]?S\b|\bRECITALS\b|\bBACKGROUND\b|"
    r"\bW[^\S\n]?I[^\S\n]?T[^\S\n]?N[^\S\n]?E[^\S\n]?S[^\S\n]?S[^\S\n]?E[^\S\n]?T[^\S\n]?H\b|"
    r"NOW,? THEREFORE|"
    r"\n[^\S\n]*(?:1\.|ARTICLE|Article|Section 1)[^\S\n]",
)
# The words before the quote may wrap onto the next line: `(the\n"Licensor")`.
DEFINED_PAREN = re.compile(r"\(([^()]{0,40}?" + QO + r"[^()]{1,150}?)\)")
QUOTED = re.compile(QO + r"([^" + Q_OPEN + Q_CLOSE + r"\n]{1,60}?)" + QC)
HEREINAFTER = re.compile(
    r"\b(?:hereinafter|hereafter)\s{1,5}(?:(?:referred\s{1,5}to|called|"
    r"designated|known)\s{1,5})?(?:as\s{1,5})?(?:the\s{1,5})?"
    + QO
    + r"([^\n"
    + Q_CLOSE
    + r"]{1,60}?)"
    + QC,
    IC,
)
NAME_CUT = re.compile(
    r",?\s{1,5}(?:an?|the)\s{1,5}(?:[\w.-]{1,30}\s{1,5}){0,4}"
    r"(?:corporation|company|limited|partnership|organi[sz]ation|entity|bank|association|"
    r"firm|trust|cooperative|society|llc|inc\b|business|individual|enterprise|"
    r"subsidiary|institution|foundation|university)"
    r"|,\s{1,5}(?:[A-Z][\w.]{1,20}\s{1,5}){1,3}(?:corporation|limited\s{1,5}liability\s{1,5}"
    r"company|company|partnership|limited\s{1,5}partnership|banking\s{1,5}corporation)\b"
    r"|,?\s{1,5}(?:having|with\s{1,5}(?:its|an?|offices?|principal)|whose|located|organi[sz]ed|"
    r"incorporated|existing|duly|registered|acting)\b"
    r"|,\s{1,5}(?:an?|having|with|whose|located|organi[sz]ed|incorporated|existing|"
    r"doing business|d/b/a|dba|acting|registered|formed|residing|on behalf|its|which|"
    r"\d)\b|\(|,\s{0,5}$",
    IC,
)
CORP_SUFFIX = re.compile(
    r"\b(?:Inc|Incorporated|Corp|Corporation|Company|Co|LLC|L\.L\.C|Ltd|Limited|LLP|LP|L\.P|"
    r"PLC|plc|GmbH|AG|S\.A|SA|N\.V|NV|B\.V|BV|Pty|S\.p\.A|SpA|KG|SE|AB|ASA|Oy|K\.K|"
    r"Bank|Trust|Partners|Holdings|Group)\b\.?",
)
LABELLED_PARTY = re.compile(
    r"(?m)^[^\S\n]{0,10}(?P<label>Party[^\S\n]{1,3}[A-Z]\b|[A-Z][a-z]{2,20}(?:[^\S\n][A-Z][a-z]{2,20})?)"
    r"[^\S\n]{0,3}[:：][^\S\n]{0,10}(?P<name>[^\s:][^\n:]{1,110})$"
)
NAME_SEPARATOR = re.compile(
    r":\s{0,5}\n\s{0,10}|\n\s{0,10}\(\w{1,3}\)\s{0,5}|"
    r"\b(?:and|AND|And|between|BETWEEN|Between|among|AMONG|Among)\b\s{1,20}|;\s{0,20}|\n\s*\n|"
    r"\bby\s{1,20}(?=[A-Z0-9])"
)
NAME_LEAD = re.compile(
    r"^(?:[,;:.\s]|and\b|or\b|by\b|between\b|among\b|amongst\b|the\b|parties\b|\(\w{1,3}\)|"
    r"\w\))+",
    IC,
)
NOT_PARTY_TERMS = re.compile(
    r"^(?:this )?(?:agreement|contract|effective date|parties|party|each a party|"
    r"collectively|products?|services?|territory|term|affiliates?|commencement date|"
    r"execution date|closing date|signing date|plan|amendment|order|program|exhibit|"
    r"schedule|recitals?|purpose|business|project|property|premises|software|"
    r"confidential information|intellectual property)$",
    IC,
)
CUSTOMER_WORDS = re.compile(
    r"\b(?:customer|client|licensee|sub-?licensee|subscriber|buyer|purchaser|distributor|"
    r"reseller|franchisee|member|user|end user|recipient|service recipient|lessee|tenant|"
    r"dealer|retailer|sponsor)\b",
    IC,
)
PROVIDER_WORDS = re.compile(
    r"\b(?:provider|service provider|vendor|company|licensor|supplier|seller|contractor|"
    r"consultant|manufacturer|developer|franchisor|lessor|landlord|agency|publisher|"
    r"reseller of record|producer|operator)\b",
    IC,
)
PAYER = re.compile(r"\b(?:shall|will|agrees?\s{1,5}to|must)\s{1,5}(?:\w{1,12}\s{1,5})?pay\b", IC)


@dataclass
class _PartyFound:
    name: str
    name_span: tuple[int, int]
    terms: list[tuple[str, tuple[int, int]]]
    role: PartyRole
    confidence: float


def parties(ex: Extraction) -> list[Term[Party]]:
    """The parties with their roles; their defined terms go to `ex.aliases` for later rules."""
    found = _parties_found(ex)
    roles = [p.role for p in found]
    if len(found) == 2 and roles.count(PartyRole.OTHER) == 1:
        known = next(r for r in roles if r is not PartyRole.OTHER)
        other = PartyRole.PROVIDER if known is PartyRole.CUSTOMER else PartyRole.CUSTOMER
        for p in found:
            if p.role is PartyRole.OTHER:
                p.role = other
                p.confidence = 0.5
    if len(found) == 2 and all(p.role is PartyRole.OTHER for p in found):
        _infer_roles_from_payment(ex, found)
    out = []
    for p in found:
        for alias, _ in p.terms:
            ex.aliases[alias.lower()] = p.role
        if p.role is not PartyRole.OTHER:
            for name in _name_forms(p.name):
                ex.names.setdefault(name, p.role)
        defined = p.terms[0][0] if p.terms else None
        party = Party(name=p.name, role=p.role, defined_as=defined)
        spans = [p.name_span, *(span for _, span in p.terms)]
        term = ex.term(party, spans, p.confidence)
        if term is not None:
            out.append(term)
    return out


_GENERIC_FIRST = frozenset([
    "the", "first", "global", "international", "american", "united", "national", "general",
    "new", "north", "south", "east", "west", "central", "pacific", "atlantic", "advanced",
])  # fmt: skip


def _name_forms(name: str) -> list[str]:
    """`Latchkey GPU Exchange, Inc.` -> the name, `latchkey gpu exchange`, `latchkey`."""
    forms = [name.lower()]
    bare = CORP_SUFFIX.sub("", name).strip(" ,.").lower()
    if bare and bare not in forms:
        forms.append(bare)
    first = bare.split()[0] if bare else ""
    if len(first) >= 4 and first.isalpha() and first not in _GENERIC_FIRST:
        forms.append(first)
    return forms


def party_window(ex: Extraction) -> tuple[int, int]:
    """The stretch the parties were read from (cached by `parties`)."""
    if ex.preamble is None:
        _parties_found(ex)
    assert ex.preamble is not None
    return ex.preamble


def _parties_found(ex: Extraction) -> list[_PartyFound]:
    chosen: list[_PartyFound] = []
    window: tuple[int, int] | None = None
    first_between: tuple[int, int] | None = None
    for start, end, between in _party_windows(ex):
        if between and first_between is None:
            first_between = (start, end)
        found = _defined_parties(ex, start, end, strict=not between)
        if len(found) > len(chosen):
            chosen, window = found, (start, end)
        if len(found) >= 2:
            break
    if len(chosen) < 2:
        labelled = _labelled_parties(ex, 0, min(len(ex.text), 3000))
        if len(labelled) > len(chosen):
            chosen, window = labelled, (0, max(p.name_span[1] for p in labelled))
    if not chosen and first_between is not None:
        chosen = _suffix_parties(ex, *first_between)
        window = first_between
    ex.preamble = window or (0, min(len(ex.text), 3000))
    return chosen


def _party_windows(ex: Extraction) -> Iterator[tuple[int, int, bool]]:
    """Candidate stretches naming the parties; the flag says a `between` opened it."""
    limit = min(len(ex.text), HEAD_CHARS)
    for m in BETWEEN.finditer(ex.text, 0, limit):
        before = ex.text[max(0, m.start() - 400) : m.start()].lower()
        if any(w in before for w in ("agreement", "contract", "made", "entered", "dated")):
            hi = min(len(ex.text), m.end() + 2500)
            stop = PREAMBLE_STOP.search(ex.text, m.end(), hi)
            yield m.end(), stop.start() if stop else hi, True
    # No `between`: a numbered party list (`(1) X Ltd ... (2) Y Inc`) or `entered into ... by X
    # and Y`. Read it up to the recitals first, so defined terms there are not parties.
    head = min(len(ex.text), 3000)
    stop = PREAMBLE_STOP.search(ex.text, 0, head)
    if stop and stop.start() > 100:
        yield 0, stop.start(), False
    yield 0, head, False


def _infer_roles_from_payment(ex: Extraction, found: list[_PartyFound]) -> None:
    """Of two parties, the one the contract repeatedly makes pay is the customer."""
    counts = []
    for p in found:
        names = [t for t, _ in p.terms] or [p.name]
        n = 0
        for name in names:
            for s in ex.sentences_with(name.lower()):
                for m in PAYER.finditer(s.text):
                    head = s.text[max(0, m.start() - 40) : m.start()]
                    n += name.lower() in head.lower()
        counts.append(n)
    if min(counts) == 0 and max(counts) >= 2:
        payer = counts.index(max(counts))
        for i, p in enumerate(found):
            p.role = PartyRole.CUSTOMER if i == payer else PartyRole.PROVIDER
            p.confidence = 0.4


def _defined_parties(ex: Extraction, start: int, end: int, strict: bool) -> list[_PartyFound]:
    markers: list[tuple[int, int, list[tuple[str, tuple[int, int]]]]] = []
    for m in DEFINED_PAREN.finditer(ex.text, start, end):
        quoted = [
            (q.group(1).strip(), (m.start(1) + q.start(1), m.start(1) + q.end(1)))
            for q in QUOTED.finditer(m.group(1))
        ]
        markers.append((m.start(), m.end(), quoted))
    for m in HEREINAFTER.finditer(ex.text, start, end):
        if not any(a <= m.start() < b for a, b, _ in markers):
            markers.append((m.start(), m.end(), [(m.group(1).strip(), m.span(1))]))
    markers.sort()
    found: list[_PartyFound] = []
    prev_end = start
    for m_start, m_end, quoted in markers:
        terms = [(t, span) for t, span in quoted if t and not NOT_PARTY_TERMS.match(t)]
        region_start = prev_end
        prev_end = m_end
        if not terms:
            continue
        name_span = _name_in(ex, region_start, m_start)
        if name_span is None:
            continue
        name = clean(ex.text[name_span[0] : name_span[1]])
        if strict and not (CORP_SUFFIX.search(name) or name.isupper()):
            continue
        if any(p.name.lower() == name.lower() for p in found):
            continue
        role = PartyRole.OTHER
        for t, _ in terms:
            if CUSTOMER_WORDS.fullmatch(t.strip()):
                role = PartyRole.CUSTOMER
            elif PROVIDER_WORDS.fullmatch(t.strip()):
                role = PartyRole.PROVIDER
        conf = 0.85 if role is not PartyRole.OTHER else 0.75
        found.append(_PartyFound(name, name_span, terms, role, conf))
        if len(found) >= 6:
            break
    return found


def _name_in(ex: Extraction, a: int, b: int) -> tuple[int, int] | None:
    """The first party name in text[a:b] that follows `between`/`and`, without descriptors."""
    starts = [a] + [m.end() for m in NAME_SEPARATOR.finditer(ex.text, a, b)]
    for s in starts:
        region = ex.text[s:b]
        lead = NAME_LEAD.match(region)
        offset = lead.end() if lead else 0
        body = region[offset:]
        cut = NAME_CUT.search(body)
        name = (body[: cut.start()] if cut else body).rstrip(" \t\n,;:")
        if _valid_name(name):
            return s + offset, s + offset + len(name)
    return None


def _labelled_parties(ex: Extraction, start: int, end: int) -> list[_PartyFound]:
    """Parties set out as `Party A: Name` or `Licensor: Name` lines."""
    out: list[_PartyFound] = []
    for m in LABELLED_PARTY.finditer(ex.text, start, end):
        label = m.group("label")
        if not (
            label.lower().startswith("party")
            or CUSTOMER_WORDS.fullmatch(label)
            or PROVIDER_WORDS.fullmatch(label)
        ):
            continue
        body = m.group("name")
        cut = NAME_CUT.search(body)
        name = (body[: cut.start()] if cut else body).rstrip(" \t,;:")
        if not _valid_name(name) or any(p.name == clean(name) for p in out):
            continue
        role = (
            PartyRole.CUSTOMER if CUSTOMER_WORDS.fullmatch(label)
            else PartyRole.PROVIDER if PROVIDER_WORDS.fullmatch(label)
            else PartyRole.OTHER
        )  # fmt: skip
        name_span = (m.start("name"), m.start("name") + len(name))
        out.append(_PartyFound(clean(name), name_span, [(label, m.span("label"))], role, 0.7))
    return out


def _suffix_parties(ex: Extraction, start: int, end: int) -> list[_PartyFound]:
    pattern = re.compile(
        r"(?<![\w&])(?:(?:[A-Z0-9][\w&'.-]{0,30}|&)\s{1,3}){0,6}?[A-Z0-9][\w&'.-]{0,30},?"
        r"\s{1,3}(?:" + CORP_SUFFIX.pattern + r")(?:,?\s{1,3}(?:" + CORP_SUFFIX.pattern + "))?"
    )
    out: list[_PartyFound] = []
    for m in pattern.finditer(ex.text, start, end):
        name = clean(m.group())
        if any(p.name.lower() == name.lower() for p in out):
            continue
        out.append(_PartyFound(name, m.span(), [], PartyRole.OTHER, 0.6))
        if len(out) >= 4:
            break
    return out


def _valid_name(name: str) -> bool:
    """A plausible party name: short, capitalised words, not a descriptor or a sentence."""
    if not (2 <= len(name) <= 120) or "\n\n" in name:
        return False
    first = name[0]
    if not (
        first.isupper()
        or first.isdigit()
        or (len(name) > 1 and (name[1].isupper() or name[1] in "-0123456789"))
    ):
        return False
    words = name.split()
    if (
        len(words) > 12
        or not any(c.isalpha() for c in name)
        or words[-1].lower() in ("and", "or", "of", "the")
    ):
        return False
    if re.search(r"\b(?:agreement|hereinafter|whereas|witnesseth)\b", name, re.I):
        return False
    lower_words = sum(
        w[0].islower()
        for w in words
        if w[0].isalpha() and w not in ("and", "of", "de", "du", "la", "the", "for", "y", "plc")
    )
    return lower_words <= max(0, len(words) // 4)
