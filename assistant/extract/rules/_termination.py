"""Termination rights: who may end the contract, on what trigger, on what notice, and what
it costs (a termination payment, a refund of prepaid fees).

Only a right that ends the agreement (or its term) counts, not one that ends a licence, a plan
or one order; notice to end the term at its expiry is non-renewal, not convenience.
"""

from __future__ import annotations

import re

from assistant.extract.parse import find_money
from assistant.extract.rules._common import IC, Extraction
from assistant.extract.rules._parties import CUSTOMER_WORDS, PROVIDER_WORDS
from assistant.extract.rules._sentences import Sentence
from assistant.schemas import (
    PartyRole,
    Term,
    TerminationParty,
    TerminationRight,
    TerminationTrigger,
)

MAY_TERMINATE = re.compile(
    r"\b(?:may|can|shall\s{1,5}(?:have|be\s{1,5}entitled)|will\s{1,5}have|"
    r"has|have|is\s{1,5}entitled|are\s{1,5}entitled|reserves?)\b"
    r"[^.;]{0,60}?\b(?:terminat|cancel)\w{0,6}\b|"
    r"\bmay\s{1,5}be\s{1,5}(?:terminated|cancel+ed)\b|"
    r"\buntil\s{1,5}(?:terminated|cancel+ed)\s{1,5}by\b",
    IC,
)
NO_TERMINATE = re.compile(
    r"\b(?:may|can|shall|will)\s{1,5}not\s{1,5}(?:\w{1,12}\s{1,5}){0,3}?"
    r"(?:terminat|cancel)|\b(?:shall|will|does|do)\s{1,5}not\s{1,5}have\s{1,5}(?:the|any|a)\s"
    r"{1,5}(?:\w{1,12}\s{1,5})?(?:right|option)\s{1,5}to\s{1,5}(?:terminat|cancel)|"
    r"\b(?:has|have)\s{1,5}no\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?"
    r"(?:right|option|entitlement)\s{1,5}to\s{1,5}(?:terminat|cancel)|\bneither\s{1,5}party\s{1,5}(?:may|shall|will|has|can)\b|"
    r"\bno\s{1,5}(?:right|party)[^.;]{0,30}?(?:terminat|cancel)|\bnon-?cancel+able\b|"
    r"\b(?:not|never)\s{1,5}(?:be\s{1,5})?(?:entitled|permitted|allowed)\s"
    r"{1,5}to\s{1,5}(?:terminat|cancel)|\bcannot\s{1,5}(?:be\s{1,5})?"
    r"(?:terminat|cancel)",
    IC,
)
MUTUAL = re.compile(r"\bmutual\w{0,3}\b|\bwritten\s{1,5}agreement\s{1,5}of\b", IC)
_CONTRACT_NOUN = (
    r"(?:agreement|contract|term|addendum|order\s{1,5}form|subscription|services|"
    r"statement\s{1,5}of\s{1,5}work|sow|engagement|arrangement|appointment|relationship)"
)
CONTRACT_OBJECT = re.compile(
    r"\b(?:this|the)\s{1,5}(?:[\w-]{1,20}\s{1,5}){0,3}?" + _CONTRACT_NOUN + r"\b", IC
)
CONTRACT_OBJECT_AFTER = re.compile(
    r"^\s{0,5}(?:[^.;]{0,40}?\b(?:terminate|cancel)\s{1,5})?(?:this|the|its|any)?\s{0,5}"
    r"(?:[\w-]{1,20}\s{1,5}){0,3}?" + _CONTRACT_NOUN + r"\b|^\s{0,5}(?:at\s{1,5}any\s{1,5}time|"
    r"for|upon|on|by|with|without|immediately|effective|in\s{1,5}(?:its|their))\b",
    IC,
)
STRONG_CONVENIENCE = re.compile(
    r"convenience|without\s{1,5}(?:any\s{1,5})?(?:cause|reason)|(?:any|no)\s{1,5}"
    r"(?:or\s{1,5}no\s{1,5})?reason|non-?cause",
    IC,
)
CONVENIENCE = re.compile(
    r"\bfor\s{1,5}(?:its\s{1,5}|their\s{1,5}|the\s{1,5})?convenience\b|"
    r"\bwithout\s{1,5}(?:any\s{1,5})?(?:cause|reason)\b|\bfor\s{1,5}non-?cause\b|"
    r"\bfor\s{1,5}(?:any|no)\s{1,5}(?:or\s{1,5}no\s{1,5})?reason\b|"
    r"\bwith\s{1,5}or\s{1,5}without\s{1,5}cause\b|"
    r"\b(?:in|at)\s{1,5}(?:its|their)\s{1,5}(?:sole\s{1,5})?"
    r"(?:and\s{1,5}absolute\s{1,5})?(?:discretion|option)\b|"
    r"\bat\s{1,5}any\s{1,5}time\b",
    IC,
)
CAUSE = re.compile(
    r"\bbreach\w{0,3}\b|\bdefault\w{0,3}\b|\binsolven\w{1,3}|\bbankrupt\w{0,4}|\bfor\s{1,5}"
    r"cause\b|\bfail\w{0,3}\s{1,5}to\b|\bviolat\w{1,5}|\breceiver\w{0,4}|\bliquidat\w{1,5}|"
    r"\bwinding\s{1,5}up|\bassignment\s{1,5}for\s{1,5}the\s{1,5}benefit|"
    r"\bchange\s{1,5}(?:of|in)\s{1,5}control\b|\bforce\s{1,5}majeure\b|"
    r"\bif\b|\bin\s{1,5}the\s{1,5}event\b|\bupon\s{1,5}the\s{1,5}occurrence\b|"
    r"\bshould\b|\bin\s{1,5}case\b",
    IC,
)
AT_TERM_END = re.compile(
    r"\b(?:prior\s{1,5}to|before|at|on|upon|as\s{1,5}of|effective\s{1,5}(?:on|as\s{1,5}of))"
    r"\s{1,5}the\s{1,5}(?:end|expiration|expiry|last\s{1,5}day)\s{1,5}of\s{1,5}(?:the\s{1,5})?"
    r"(?:then[\s-]{1,3}(?:current|existing)\s{1,5}|initial\s{1,5}|renewal\s{1,5}|any\s{1,5}|"
    r"its\s{1,5}|such\s{1,5}){0,2}(?:term|period)\b",
    IC,
)
EITHER_PARTY = re.compile(
    r"\b(?:either|each|any|both)\s{1,5}(?:of\s{1,5}the\s{1,5})?(?:party|parties)\b|"
    r"\bthe\s{1,5}parties\b|\beither\s{1,5}(?!party\b)\S{1,30}(?:\s{1,5}\S{1,30})?\s{1,5}or\s{1,5}\S{1,30}|"
    r"\b(?:the\s{1,5})?(?:other|non-?breaching|non-?defaulting|terminating|affected|"
    r"aggrieved|injured)\s{1,5}party\b",
    IC,
)
BY_AGENT = re.compile(r"\b(?:terminated|cancel+ed)\s{1,5}by\s{1,5}([^,.;]{1,60})", IC)
_ROLE_WORD = re.compile(r"\b(?:we|us|our|you|your)\b")
PENALTY = re.compile(
    r"\b(?:early\s{1,5})?terminat\w{2,5}\s{1,5}(?:fee|charge|payment|penalty)s?\b|"
    r"\bcancel+ation\s{1,5}(?:fee|charge|penalty)s?\b|"
    r"\b(?:all|any)\s{1,5}(?:remaining|unpaid|outstanding|future)\s{1,5}[^.;]{0,80}?"
    r"\b(?:become|becomes|shall\s{1,5}become|will\s{1,5}become|are|be|is)\s{1,5}"
    r"(?:immediately\s{1,5})?(?:due|payable)|"
    r"\b(?:pay|payment\s{1,5}of)\s{1,5}(?:all|any|the)?\s{0,5}(?:fees|amounts|"
    r"charges)?[^.;]{0,40}?\bremainder\s{1,5}of\s{1,5}the\s{1,5}(?:\w+\s"
    r"{1,5})?term\b|\baccelerat\w{1,5}",
    IC,
)
NO_PENALTY = re.compile(
    r"\bwithout\s{1,5}(?:any\s{1,5})?(?:penalty|liability|further\s{1,5}"
    r"obligation|termination\s{1,5}(?:fee|charge))|\bno\s{1,5}(?:early\s{1,5})?"
    r"termination\s{1,5}(?:fee|charge|penalty)",
    IC,
)
REFUND_YES = re.compile(
    r"\brefund\w{0,3}\b[^.;]{0,100}?\b(?:prepaid|pre-paid|unused|unearned|pro[\s-]rata|"
    r"portion|remaining|advance)\b|\b(?:prepaid|pre-paid|unused|unearned|pro[\s-]rata)\b"
    r"[^.;]{0,100}?\brefund\w{0,3}\b",
    IC,
)
REFUND_NO = re.compile(
    r"\bno\s{1,5}refunds?\b|\bnon-?refundable\b|\bnot\s{1,5}(?:be\s{1,5})?"
    r"(?:entitled|eligible)\s{1,5}to\s{1,5}(?:a|any)\s{1,5}refund|"
    r"\bwithout\s{1,5}(?:any\s{1,5})?refund|\b(?:shall|will)\s{1,5}not\s"
    r"{1,5}be\s{1,5}refunded|\bforfeit\w{0,4}\b",
    IC,
)


def termination_rights(ex: Extraction) -> list[Term[TerminationRight]]:
    rights: dict[tuple[TerminationParty, TerminationTrigger], Term[TerminationRight]] = {}
    order: list[tuple[TerminationParty, TerminationTrigger]] = []
    for s in ex.sentences_with("terminat", "cancel"):
        may = MAY_TERMINATE.search(s.text)
        if not may or NO_TERMINATE.search(s.text) or MUTUAL.search(s.text):
            continue
        if not _ends_the_contract(ex, s, may):
            continue
        trigger, t_conf = _trigger(ex, s)
        if trigger is None:
            continue
        party, p_conf = _subject_party(ex, s, may)
        if party is None:
            continue
        notice = next((f.value for f in ex.durations(s) if ex.is_notice_duration(s, f)), None)
        right = TerminationRight(party=party, trigger=trigger, notice_period=notice)
        spans = [ex.window(s, s.start + may.start(), s.start + may.end())]
        _penalty_and_refund(ex, s, right, spans)
        right.description = _describe_right(right)
        key = (party, trigger)
        if key in rights:
            existing = rights[key]
            if len(existing.citations) < 3:
                extra = ex.cite(*spans[0])
                if extra and extra not in existing.citations:
                    existing.citations.append(extra)
            continue
        term = ex.term(right, spans, min(t_conf, p_conf))
        if term is not None:
            rights[key] = term
            order.append(key)
    _document_penalty(ex, rights)
    return [rights[k] for k in order]


def _ends_the_contract(ex: Extraction, s: Sentence, may: re.Match[str]) -> bool:
    """The right ends the agreement (or its term), not a licence, a plan or one order."""
    verb = may.group().lower()
    if "be terminated" in verb or "be cancel" in verb or verb.startswith("until"):
        before = s.text[max(0, may.start() - 80) : may.start()]
        return bool(CONTRACT_OBJECT.search(before)) or verb.startswith("until")
    after = s.text[may.end() : may.end() + 80]
    return bool(CONTRACT_OBJECT_AFTER.match(after))


def _trigger(ex: Extraction, s: Sentence) -> tuple[TerminationTrigger | None, float]:
    conv = CONVENIENCE.search(s.text)
    cause = CAUSE.search(s.text)
    if conv and STRONG_CONVENIENCE.search(conv.group()):
        return TerminationTrigger.CONVENIENCE, 0.85
    if AT_TERM_END.search(s.text):
        return None, 0.0  # notice to end the term at its expiry: non-renewal, not convenience
    if conv and not cause:
        return TerminationTrigger.CONVENIENCE, 0.7
    if cause:
        return TerminationTrigger.CAUSE, 0.75
    has_notice = any(ex.is_notice_duration(s, f) for f in ex.durations(s))
    if has_notice:
        return TerminationTrigger.CONVENIENCE, 0.6
    return None, 0.0


def _subject_party(
    ex: Extraction, s: Sentence, may: re.Match[str]
) -> tuple[TerminationParty | None, float]:
    verb = may.group().lower()
    if "be terminated" in verb or "be cancel" in verb or verb.startswith("until"):
        agent = BY_AGENT.search(s.text, may.start())
        if agent:
            return _party_of(ex, agent.group(1))
        return TerminationParty.EITHER, 0.4
    subject = s.text[max(0, may.start() - 100) : may.start() + 1]
    return _party_of(ex, subject)


def _party_of(ex: Extraction, subject: str) -> tuple[TerminationParty | None, float]:
    """The terminating party named in `subject` (text before the verb): the last mention.

    Names inside "either A or B" belong to that phrase, which names either party.
    """
    low = subject.lower()
    either = [m.span() for m in EITHER_PARTY.finditer(subject)]
    mentions: list[tuple[int, TerminationParty | None, float]] = [
        (a, TerminationParty.EITHER, 0.8) for a, _ in either
    ]
    for alias, role in ex.aliases.items():
        for m in re.finditer(rf"(?<![\w]){re.escape(alias)}(?![\w])", low):
            mentions.append((m.start(), _termination_party(role), 0.8))
    # A clause may name the company ("Fernhill may not terminate") rather than its role.
    for name, role in ex.names.items():
        if name in ex.aliases:
            continue
        for m in re.finditer(rf"(?<![\w]){re.escape(name)}(?![\w])", low):
            mentions.append((m.start(), _termination_party(role), 0.7))
    for pattern, role in (
        (CUSTOMER_WORDS, PartyRole.CUSTOMER),
        (PROVIDER_WORDS, PartyRole.PROVIDER),
    ):
        for m in pattern.finditer(subject):
            mentions.append((m.start(), _termination_party(role), 0.7))
    for m in _ROLE_WORD.finditer(low):
        role = PartyRole.PROVIDER if m.group() in ("we", "us", "our") else PartyRole.CUSTOMER
        mentions.append((m.start(), _termination_party(role), 0.6))
    mentions = [
        (pos, party, conf)
        for pos, party, conf in mentions
        if party is TerminationParty.EITHER or not any(a < pos < b for a, b in either)
    ]
    if not mentions:
        return None, 0.0
    _, party, conf = max(mentions, key=lambda m: (m[0], m[1] is TerminationParty.EITHER))
    return (party, conf) if party is not None else (None, 0.0)


def _termination_party(role: PartyRole) -> TerminationParty | None:
    return {
        PartyRole.CUSTOMER: TerminationParty.CUSTOMER,
        PartyRole.PROVIDER: TerminationParty.PROVIDER,
    }.get(role)


def _penalty_and_refund(
    ex: Extraction, s: Sentence, right: TerminationRight, spans: list[tuple[int, int]]
) -> None:
    for n in [s, *ex.neighbours(s, after=2)]:
        pen = PENALTY.search(n.text)
        if pen and not right.has_penalty and not NO_PENALTY.search(n.text):
            right.has_penalty = True
            amounts = [f.value for f in find_money(n.text)]
            right.penalty_amount = amounts[0].value if len(amounts) == 1 else None
            if n is not s:
                spans.append(ex.window(n, n.start + pen.start(), n.start + pen.end()))
        if right.refund_of_prepaid is None and ("refund" in n.lower or "forfeit" in n.lower):
            no = REFUND_NO.search(n.text)
            yes = REFUND_YES.search(n.text)
            if no or yes:
                right.refund_of_prepaid = not bool(no)
                m = no or yes
                assert m is not None
                if n is not s:
                    spans.append(ex.window(n, n.start + m.start(), n.start + m.end()))


def _document_penalty(
    ex: Extraction,
    rights: dict[tuple[TerminationParty, TerminationTrigger], Term[TerminationRight]],
) -> None:
    """An early-termination fee stated apart from the right applies to convenience exits."""
    targets = [t for (_, trig), t in rights.items() if trig is TerminationTrigger.CONVENIENCE]
    if not targets or all(t.value.has_penalty for t in targets):
        return
    for s in ex.sentences_with("termination fee", "termination charge", "cancellation fee"):
        pen = PENALTY.search(s.text)
        if not pen or NO_PENALTY.search(s.text):
            continue
        amounts = [f.value for f in find_money(s.text)]
        citation = ex.cite(*ex.window(s, s.start + pen.start(), s.start + pen.end()))
        for t in targets:
            if not t.value.has_penalty and citation is not None:
                t.value.has_penalty = True
                t.value.penalty_amount = amounts[0].value if len(amounts) == 1 else None
                t.value.description = _describe_right(t.value)
                t.citations.append(citation)
        return


def _describe_right(right: TerminationRight) -> str:
    text = f"{right.party.value} may terminate for {right.trigger.value}"
    if right.notice_period is not None:
        text += f" on {right.notice_period} notice"
    if right.has_penalty:
        text += "; a termination payment applies"
    if right.refund_of_prepaid is True:
        text += "; prepaid fees refunded"
    elif right.refund_of_prepaid is False:
        text += "; no refund of prepaid fees"
    return text
