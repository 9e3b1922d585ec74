"""Licence grants (functional or symbolic, perpetual, exclusive), warranties (assurance or a
separately priced service, with their duration) and the governing law."""

from __future__ import annotations

import re

from assistant.extract.rules._common import IC, MAX_PER_KIND, Extraction
from assistant.schemas import LicenceGrant, LicenceKind, Term, Warranty, WarrantyKind

LICENCE_GRANT = re.compile(
    r"\b(?:hereby\s{1,5})?grants?\b(?!\s{1,5}of\b)[^.;]{0,300}?\b(?:licen[cs]e|sub-?licen[cs]e|"
    r"right\s{1,5}to\s{1,5}(?:use|distribute|sell|market|reproduce|display|resell|make|exploit|"
    r"frame|access)|rights?\s{1,5}(?:in|under)\b)\b|"
    r"\bhereby\s{1,5}licen[cs]es\b|"
    r"\b(?:is|are|shall\s{1,5}be)\s{1,5}(?:hereby\s{1,5})?granted\s{1,5}[^.;]{0,120}?"
    r"\blicen[cs]e\b|\blicen[cs]e\s{1,5}(?:is|shall\s{1,5}be)\s{1,5}(?:hereby\s{1,5})?granted\b|"
    r"\b(?:shall|will)\s{1,5}have\s{1,5}(?:an?|the)\s{1,5}[^.;]{0,80}?\b(?:licen[cs]e|right\s{1,5}"
    r"to\s{1,5}use)\b",
    IC,
)
LICENCE_NOT = re.compile(
    r"\b(?:desires?|wish(?:es)?|intends?|not|power|authority|right)\s{1,5}(?:and\s{1,5}power\s"
    r"{1,5})?to\s{1,5}grant\b|\b(?:shall|will|may)\s{1,5}not\s{1,5}grant\b|"
    r"\bno\s{1,5}(?:other\s{1,5})?(?:right|licen[cs]e)s?\b[^.;]{0,60}?\b(?:granted|"
    r"implied|conferred)|\bnot\s{1,5}(?:be\s{1,5})?(?:deemed\s{1,5}to\s{1,5})?"
    r"(?:grant|granted|confer)|\bnothing\s{1,5}(?:in|contained)[^.;]{0,60}?\b(?:grant|"
    r"confer)|\bexcept\s{1,5}(?:for\s{1,5})?(?:the\s{1,5})?(?:licen[cs]es?|rights)"
    r"\s{1,5}(?:expressly\s{1,5})?granted|\breserves?\s{1,5}all\s{1,5}rights"
    r"|\bnot\s{1,5}expressly\s{1,5}granted",
    IC,
)
SYMBOLIC = re.compile(
    r"\btrade[ -]?marks?\b|\bservice\s{1,5}marks?\b|\btrade\s{1,5}names?\b|\blogos?\b|"
    r"\bbrand\w{0,3}\b|\blikeness\b|\bmarks\b|\btrade\s{1,5}dress\b|\bcharacters?\b|"
    r"\bname\s{1,5}and\b",
    IC,
)
FUNCTIONAL = re.compile(
    r"\bsoftware\b|\bprograms?\b|\bsource\s{1,5}code\b|\bobject\s{1,5}code\b|"
    r"\bmodels?\b|\bapi\b|\bplatform\b|\btechnology\b|\bapplications?\b|\bweights\b|"
    r"\bfirmware\b|\bdatabases?\b|\bpatents?\b|\bdocumentation\b|\bsdk\b|\bcontent\b|"
    r"\bdata\b|\bknow-?how\b|\bproducts?\b|\bcompounds?\b|\bformula\w{0,2}\b",
    IC,
)


def licence_grants(ex: Extraction) -> list[Term[LicenceGrant]]:
    out: list[Term[LicenceGrant]] = []
    for s in ex.sentences_with("licen", "grant"):
        m = LICENCE_GRANT.search(s.text)
        if not m or LICENCE_NOT.search(s.text[: m.end()]) or len(s.text.split()) < 6:
            continue
        low = s.lower
        symbolic = bool(SYMBOLIC.search(s.text))
        functional = bool(FUNCTIONAL.search(s.text))
        kind = (
            LicenceKind.SYMBOLIC if symbolic and not functional
            else LicenceKind.FUNCTIONAL if functional and not symbolic
            else LicenceKind.UNKNOWN
        )  # fmt: skip
        perpetual: bool | None = None
        if "perpetual" in low:
            perpetual = True
        elif re.search(
            r"\b(?:during|for)\s{1,5}the\s{1,5}(?:\w+\s{1,5})?term\b|\buntil\s{1,5}(?:the\s{1,5})?(?:expiration|termination)",
            low,
        ):
            perpetual = False
        exclusive: bool | None = None
        if re.search(r"\bnon-?[^\S\n]?exclusive\b", low):
            exclusive = False
        elif re.search(r"\bexclusive\b", low):
            exclusive = True
        span = ex.window(s, s.start + m.start(), s.start + m.end())
        grant = LicenceGrant(
            kind=kind,
            description=ex.describe(*span),
            perpetual=perpetual,
            exclusive=exclusive,
        )
        term = ex.term(grant, [span], 0.75 if kind is not LicenceKind.UNKNOWN else 0.6)
        if term is not None:
            out.append(term)
            if len(out) >= MAX_PER_KIND * 2:
                break
    return out


WARRANTY = re.compile(r"\bwarrant(?:s|y|ies|ed)?\b|\bguarantee[sd]?\b", IC)
WARRANTY_SUBJECT = re.compile(
    r"\b(?:services?|software|products?|deliverables?|goods|equipment|platform|api|system|"
    r"work|hardware|units?|materials?|devices?|models?|solution|items?)\b[^.;]{0,80}?\b(?:will|"
    r"shall|are|is)\b[^.;]{0,40}?\b(?:perform|conform|operate|function|be\s{1,5}free|"
    r"comply|meet|be\s{1,5}provided|be\s{1,5}performed|substantially|materially|"
    r"achieve|be\s{1,5}of|be\s{1,5}in)|\bwarranty\s{1,5}(?:period|term)\b|"
    r"\bfree\s{1,5}(?:from|of)\s{1,5}(?:\w{1,12}\s{1,5}){0,3}?defects\b|"
    r"\bwarrant(?:y|ies)\s{1,5}(?:shall|will)\s{1,5}(?:be|remain|extend|commence|"
    r"start|begin|expire|run|last)\b|\bdefect\w{0,3}\b|\bwarrant(?:y|ies)\s{1,5}(?:starts?|"
    r"commences?|begins?|expires?|ends?|runs?|lasts?|is\s{1,5}valid|are\s{1,5}valid)\b|"
    r"\b(?:day|month|year)s?\)?\s{0,3}(?:limited\s{1,5})?warranty\b|\bwarranties\s{1,5}"
    r"(?:are|is)\s{1,5}(?:valid|limited)\b",
    IC,
)
WARRANTY_DISCLAIMER = re.compile(
    r"\bdisclaim\w{0,4}\b|\bas\s{1,5}is\b|\bmakes?\s{1,5}no\b|\bno\s{1,5}"
    r"(?:other\s{1,5})?(?:express\s{1,5}or\s{1,5}implied\s{1,5})?warrant|"
    r"\bin\s{1,5}lieu\s{1,5}of\b|\bmerchantability\b",
    IC,
)
SERVICE_WARRANTY = re.compile(
    r"\bextended\s{1,5}warrant\w{1,3}|\bwarrant\w{1,3}[^.;]{0,60}?\b(?:additional|separate)"
    r"\s{1,5}(?:fee|charge|cost|price)|\b(?:purchase|buy|order)[^.;]{0,30}?\bwarrant\w{1,3}"
    r"|\bbeyond\s{1,5}(?:the\s{1,5})?(?:standard|limited)\s{1,5}warrant",
    IC,
)


def warranties(ex: Extraction) -> list[Term[Warranty]]:
    out: list[Term[Warranty]] = []
    for s in ex.sentences_with("warrant", "guarantee"):
        m = WARRANTY.search(s.text)
        if not m or WARRANTY_DISCLAIMER.search(s.text):
            continue
        service = SERVICE_WARRANTY.search(s.text)
        if not (WARRANTY_SUBJECT.search(s.text) or service):
            continue
        duration = None
        for f in ex.durations(s):
            if ex.is_notice_duration(s, f):
                continue
            before = ex.text[max(s.start, f.start - 40) : f.start].lower()
            after = ex.text[f.end : min(s.end, f.end + 60)].lower()
            if re.search(
                r"\b(?:for|of|period|within|during|first|to)\b[^.;]{0,25}$", before
            ) or re.search(r"^[^.;]{0,20}\b(?:from|after|following|of|warrant\w*)\b", after):
                duration = f.value
                break
        kind = WarrantyKind.SERVICE if service else WarrantyKind.ASSURANCE
        span = ex.window(s, s.start + m.start(), s.start + m.end())
        warranty = Warranty(kind=kind, description=ex.describe(*span), duration=duration)
        term = ex.term(warranty, [span], 0.7 if duration or service else 0.55)
        if term is not None:
            out.append(term)
            if len(out) >= MAX_PER_KIND * 2:
                break
    return out


GOVERNING_LAW = re.compile(
    r"\b(?:govern\w{0,4}|constru\w{1,5}|interpret\w{0,5}|enforc\w{1,5}|subject)\b[^.;]{0,200}?"
    r"\blaws?\s{1,5}(?:of|in)\s{1,5}(?:and\s{1,5}under\s{1,5})?|"
    r"\bgoverning\s{1,5}law[^.;]{0,40}?\b(?:shall\s{1,5}be|is|will\s{1,5}be)"
    r"\s{1,5}(?:the\s{1,5})?(?:laws?\s{1,5}of\s{1,5})?",
    IC,
)
JURISDICTION_PREFIX = re.compile(
    r"^(?:the\s{1,5})?(?:internal\s{1,5}|substantive\s{1,5})?(?:laws?\s"
    r"{1,5}of\s{1,5})?(?:the\s{1,5})?(?:(?:state|commonwealth|province|republic|"
    r"kingdom|federal\s{1,5}republic|people'?s\s{1,5}republic|canton|emirate|"
    r"territory|district)\s{1,5}of\s{1,5})?(?:the\s{1,5})?",
    IC,
)
_US_STATES = [
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas",
    "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota",
    "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "Ohio", "Oklahoma", "Oregon",
    "Pennsylvania", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
    "Wisconsin", "Wyoming", "New Hampshire", "New Jersey", "New Mexico", "New York",
    "North Carolina", "North Dakota", "Rhode Island", "South Carolina", "South Dakota",
    "West Virginia", "District of Columbia", "Puerto Rico",
]  # fmt: skip
_OTHER_JURISDICTIONS = [
    "England and Wales", "England", "Scotland", "Northern Ireland", "Ireland", "Wales",
    "United Kingdom", "Ontario", "Quebec", "British Columbia", "Alberta", "Manitoba",
    "Nova Scotia", "Saskatchewan", "New Brunswick", "Canada", "Germany", "France", "Switzerland",
    "Netherlands", "the Netherlands", "Belgium", "Luxembourg", "Sweden", "Norway", "Denmark",
    "Finland", "Spain", "Italy", "Austria", "Portugal", "Israel", "Singapore", "Hong Kong",
    "Japan", "China", "People's Republic of China", "PRC", "Taiwan", "Korea", "Republic of Korea",
    "India", "Australia", "New South Wales", "Victoria", "Queensland", "New Zealand", "Brazil",
    "Mexico", "Cayman Islands", "Bermuda", "British Virgin Islands", "Hungary", "Poland",
    "Czech Republic", "Cyprus", "Malta", "Greece", "Turkey", "South Africa", "Kazakhstan",
    "Russia", "Russian Federation", "United Arab Emirates", "Dubai", "Philippines", "Malaysia",
    "Thailand", "Indonesia", "Vietnam", "Argentina", "Chile", "Colombia", "Peru",
    "United States", "United States of America", "Macau", "Nevis", "Gibraltar", "Jersey",
    "Guernsey", "Isle of Man", "Liechtenstein", "Monaco", "Iceland", "Estonia", "Latvia",
    "Lithuania", "Romania", "Bulgaria", "Croatia", "Slovenia", "Slovakia", "Ukraine", "Egypt",
    "Nigeria", "Kenya", "Saudi Arabia", "Qatar", "Bahrain", "Kuwait", "Oman", "Pakistan",
    "Bangladesh", "Sri Lanka",
]  # fmt: skip
_JURISDICTIONS = sorted([*_US_STATES, *_OTHER_JURISDICTIONS], key=len, reverse=True)
_JURISDICTION_RE = re.compile(
    r"(?:" + "|".join(re.escape(j).replace(r"\ ", r"\s{1,5}") for j in _JURISDICTIONS) + r")\b",
    re.IGNORECASE,
)


_CANONICAL = {" ".join(j.lower().split()): j for j in _JURISDICTIONS}
_CANONICAL["the netherlands"] = "Netherlands"


_US_STATE_SET = {s.lower() for s in _US_STATES}
_CAPITALISED = re.compile(r"[A-Z][\w.'-]{1,30}(?:\s{1,3}(?:of\s{1,3})?[A-Z][\w.'-]{1,30}){0,3}")


def governing_law(ex: Extraction) -> Term[str] | None:
    fallback: Term[str] | None = None
    for s in ex.sentences_with("law"):
        for m in GOVERNING_LAW.finditer(s.text):
            rest = s.text[m.end() : m.end() + 160]
            prefix = JURISDICTION_PREFIX.match(rest)
            at = prefix.end() if prefix else 0
            name, length, conf = _jurisdiction(ex, rest, at, s.text[m.end() :])
            if name is None:
                continue
            lo = s.start + m.start()
            hi = s.start + m.end() + at + length
            term = ex.term(name, [ex.window(s, lo, hi)], conf)
            if "govern" in m.group().lower():
                return term
            fallback = fallback or term
    return fallback


def _jurisdiction(ex: Extraction, rest: str, at: int, whole: str) -> tuple[str | None, int, float]:
    known = _JURISDICTION_RE.match(rest, at)
    if known:
        name = _CANONICAL.get(" ".join(known.group().lower().split()), known.group())
        if name in ("United States", "United States of America"):
            state = re.search(r"\bstate\s{1,5}of\s{1,5}(?:the\s{1,5})?", whole[:300], re.I)
            if state:
                inner = _JURISDICTION_RE.match(whole, state.end())
                if inner and inner.group().lower() in _US_STATE_SET:
                    return (
                        _CANONICAL[" ".join(inner.group().lower().split())],
                        known.end() - at,
                        0.85,
                    )
        return name, known.end() - at, 0.9
    cap = _CAPITALISED.match(rest, at)
    if cap and not cap.group().isupper():
        word = cap.group().rstrip(".,")
        if word.split()[0].lower() not in ("this", "such", "any", "applicable", "each", "all"):
            return word, cap.end() - at, 0.6
    return None, 0, 0.0
