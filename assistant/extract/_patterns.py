"""The regular expressions of the rule extractor, apart from the logic that uses them.

Every pattern is applied to one sentence (at most a few thousand characters) or a short
window, uses bounded repeats, and starts at a word or punctuation anchor, so a scan is
linear in the text and hostile input (a megabyte of one character) cannot make it backtrack.
"""

from __future__ import annotations

import re

IC = re.IGNORECASE
Q_OPEN = "\"“”'‘’«"
Q_CLOSE = "\"”“'’‘»"
_QO = f"[{Q_OPEN}]"
_QC = f"[{Q_CLOSE}]"

# --- sentences -------------------------------------------------------------------------------

SENTENCE_END = re.compile(r"[.!?][\"”’')\]]{0,3}(?=[^\S\n]*\n|[^\S\n]{1,40}[\"“‘'(\[]?[A-Z0-9])")
PARAGRAPH_BREAK = re.compile(
    r"\n[^\S\n]*\n|\n(?=[^\S\n]{0,20}(?:\([a-zA-Z0-9]{1,4}\)|[•·▪●]|\d{1,2}\.\d))"
)
LEADING_NUMBER = re.compile(
    r"(?:(?:section|article|clause)\s{1,5})?(?:\d{1,3}(?:\.\d{1,3}){1,4}\.?|\d{1,3}\.|"
    r"\(\w{1,4}\)|\w{1,4}\)|[ivxIVX]{1,6}\.|[A-Za-z]\.)\s{1,10}(?=\S)",
    IC,
)
SOFT_BREAK = re.compile(r";\s{1,40}")
ABBREVIATIONS = frozenset(
    [
        "inc",
        "corp",
        "co",
        "ltd",
        "llc",
        "l.l.c",
        "l.p",
        "lp",
        "plc",
        "no",
        "nos",
        "sec",
        "secs",
        "art",
        "para",
        "u.s",
        "u.s.a",
        "e.g",
        "i.e",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "n.a",
        "s.a",
        "b.v",
        "n.v",
        "vs",
        "v",
        "cf",
        "viz",
        "approx",
        "dept",
        "est",
        "fig",
        "govt",
        "int'l",
        "natl",
        "assoc",
        "bros",
        "mfg",
        "div",
        "ave",
        "blvd",
        "rd",
        "ste",
        "pty",
        "gmbh",
        "ag",
        "s.a.r.l",
        "s.p.a",
        "a.g",
        "s.l",
        "p.c",
        "p.a",
        "l.l.p",
        "c.v",
        "de",
    ]
)

# --- title and parties -----------------------------------------------------------------------

TITLE_WORDS = re.compile(
    r"\b(?:agreement|contract|licen[cs]e|order form|terms of service|terms and conditions|"
    r"statement of work|amendment|addendum|memorandum of understanding|lease|subscription|"
    r"master services|purchase order|letter of intent|term sheet|memorandum)\b",
    IC,
)
TITLE_REJECT = re.compile(
    r"^(?:exhibit|schedule|annex|appendix|attachment)\b|confidential|page \d|\[\*|\*\*\*|"
    r"^table of contents|redacted|omitted|^source:|^\d+$|^section\b|^article\b|"
    r"\b(?:this|the|hereto|hereby|shall|between|pursuant|means|dated|whereas)\b",
    IC,
)
PREAMBLE_TITLE = re.compile(
    r"\bthis\s{1,5}((?:[A-Z][\w&/,'-]*\s{1,5}){1,8}?"
    r"(?:Agreement|AGREEMENT|Contract|CONTRACT|Order Form|License|LICENSE|Licence))\b"
)
BETWEEN = re.compile(r"\b(?:by\s+and\s+)?(?:between|among|amongst)\b", IC)
PREAMBLE_STOP = re.compile(
    r"\bW[^\S\n]?H[^\S\n]?E[^\S\n]?R[^\S\n]?E[^\S\n]?A[^\S\n]?S\b|\bRECITALS\b|\bBACKGROUND\b|"
    r"\bW[^\S\n]?I[^\S\n]?T[^\S\n]?N[^\S\n]?E[^\S\n]?S[^\S\n]?S[^\S\n]?E[^\S\n]?T[^\S\n]?H\b|"
    r"NOW,? THEREFORE|"
    r"\n[^\S\n]*(?:1\.|ARTICLE|Article|Section 1)[^\S\n]",
)
DEFINED_PAREN = re.compile(r"\(([^()\n]{0,40}?" + _QO + r"[^()]{1,150}?)\)")
QUOTED = re.compile(_QO + r"([^" + Q_OPEN + Q_CLOSE + r"\n]{1,60}?)" + _QC)
HEREINAFTER = re.compile(
    r"\b(?:hereinafter|hereafter)\s{1,5}(?:(?:referred\s{1,5}to|called|"
    r"designated|known)\s{1,5})?(?:as\s{1,5})?(?:the\s{1,5})?"
    + _QO
    + r"([^\n"
    + Q_CLOSE
    + r"]{1,60}?)"
    + _QC,
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
    r"\b(?:and|AND|And|between|BETWEEN|Between|among|AMONG|Among)\b\s{1,20}|;\s{0,20}|\n\s*\n"
)
NAME_LEAD = re.compile(
    r"^(?:[,;:.\s]|and\b|or\b|by\b|between\b|among\b|amongst\b|the\b|\(\w{1,3}\)|\w\))+", IC
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

# --- dates and term --------------------------------------------------------------------------

AGREEMENT_DATE_CUE = re.compile(
    r"\b(?:dated|made|entered|executed|signed|effective|concluded|as\s{1,5}of|this|day)\b|"
    r"\bdate[^\S\n]{0,3}:",
    IC,
)
EFFECTIVE_DEF = re.compile(
    r"(?:" + _QO + r"|\b)(?:effective|commencement|start|contract|service)\s{1,5}date"
    r"(?:" + _QC + r")?",
    IC,
)
EFFECTIVE_CUE = re.compile(
    r"\beffective\b\s{0,5}(?:as\s{1,5}(?:of|from)|on|from|upon|date)?|"
    r"\b(?:commenc|begin|start)\w{0,4}\s{1,5}(?:on|as\s{1,5}of|from|upon|the)?\b|"
    r"\b(?:take|come|enter)\w{0,2}\s{1,5}(?:into\s{1,5})?(?:effect|force)\s{1,5}(?:on|as\s{1,5}of|from)",
    IC,
)
FIRST_WRITTEN = re.compile(
    r"\b(?:date|day|year)s?\s{1,5}(?:first|last|set\s{1,5}forth|written)[^.]{0,40}?"
    r"\b(?:above|below|hereinabove|herein|first above written)\b",
    IC,
)
EXPIRY_CUE = re.compile(
    r"(?:\b(?:expir|terminat|end|conclud|continu|remain|effect|valid)\w{0,4}\b[^.;]{0,60}?"
    r"\b(?:on|at|until|through|thru|till|to)|\b(?:until|through|thru|till|ending|concluding|"
    r"expiring)|\bat\s{1,5}midnight[^.;]{0,20}\bon|\b(?:ending|expiring|ends|expires)\s{1,5}at"
    r"\s{1,5}the\s{1,5}end\s{1,5}of(?:\s{1,5}the\s{1,5}day(?:\s{1,5}on)?)?)\s{1,5}"
    r"(?:and\s{1,5}including\s{1,5})?"
    r"(?:the\s{1,5})?$",
    IC,
)
EXPIRATION_DEF = re.compile(_QO + r"(?:expiration|expiry|termination|end)\s{1,5}date" + _QC, IC)
TERM_SENTENCE = re.compile(
    r"\b(?:initial\s{1,5}(?:term|period)|term\s{1,5}of\s{1,5}(?:this|the)\s"
    r"{1,5}(?:agreement|contract|license|licence|franchise)|(?:this|the)\s{1,5}(?:\w{1,15}\s{1,5})?"
    r"(?:agreement|contract)[^.;]{0,60}?\b(?:shall|will|is\s{1,5}to|is|will\s{1,5}be)\s{1,5}"
    r"(?:commence|continue|remain|be\s{1,5}in\s{1,5}(?:full\s{1,5})?(?:force|effect)|expire|"
    r"terminate|run|have\s{1,5}a\s{1,5}(?:term|duration)|be\s{1,5}effective|valid|"
    r"be\s{1,5}valid|extend|last|end|begin)|the\s{1,5}term\s{1,5}(?:hereof|shall|will|is|"
    r"of\s{1,5}this)|\bterm\b[^.;]{0,40}\bshall\s{1,5}be\b|subscription\s{1,5}term|"
    r"(?:contract|service|agreement|cooperation)\s{1,5}(?:term|period)|"
    r"(?:term|period)" + _QC + r"?\s{1,5}(?:shall\s{1,5})?means?\b|term\s{0,5}[:.-]|"
    r"\b(?:has|have)\s{1,5}a\s{1,5}(?:term|duration)\s{1,5}of\b|"
    r"\bterm\b[^.;]{0,60}?\b(?:begins?|commences?|starts?|ends?|expires?)\b|"
    r"\b(?:agreement|contract)\s{1,5}(?:starts?|begins?|commences?|takes\s{1,5}effect)\b)",
    IC,
)
TERM_EXCLUDE = re.compile(
    r"^[^.;]{0,30}?\b(?:thereafter|after\s{1,5}(?:the\s{1,5}|its\s{1,5}|such\s{1,5})?"
    r"(?:termination|expiration|expiry|end)|following\s{1,5}(?:the\s{1,5}|its\s{1,5})?"
    r"(?:termination|expiration|expiry)|prior\s{1,5}to|before|notice|in\s{1,5}advance)\b",
    IC,
)
RENEW_STRICT = re.compile(
    r"\brenew\w{0,5}|\bauto-?renew|\bevergreen\b|\bautomatically\s{1,5}extend", IC
)
TERM_DURATION_CUE = re.compile(
    r"\b(?:for|of|period\s{1,5}of|expire|end|continue|until|through|be|is|last(?:ing)?|"
    r"duration\s{1,5}of)"
    r"\s{1,5}(?:an?\s{1,5}|the\s{1,5})?(?:(?:initial|fixed|further|period\s"
    r"{1,5}of|term\s{1,5}of)\s{1,5}){0,2}$",
    IC,
)
ANNIVERSARY = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th)|"
    r"(?:\w{1,10}\s{1,3})?\(?\d{1,2}\)?[\s-]{1,3}year)\s{1,5}anniversary\b",
    IC,
)
DATE_NAME_REF = re.compile(
    r"^\s{0,5}(?:on\s{1,5}|as\s{1,5}of\s{1,5}|from\s{1,5})?(?:the\s{1,5})?"
    r"(?P<name>(?:[A-Z][\w-]{1,20}\s{1,3}){0,3}Date)\b"
)
DATE_NAME_DEFINITION = re.compile(
    _QO
    + r"(?P<name>(?:[A-Z][\w-]{1,20}\s{1,3}){0,3}Date)"
    + _QC
    + r"\s{1,5}(?:shall\s{1,5})?(?:means?|is)\s{1,5}"
)
DATE_NAME_LINE = re.compile(
    r"(?m)^[^\S\n]{0,10}(?P<name>(?:[A-Z][\w-]{1,20}[^\S\n]{1,3}){0,3}Date)[^\S\n]{0,5}[:|]?"
    r"[^\S\n]{1,10}"
)
TERM_HEADING = re.compile(r"\b(?:term|period|duration)\b", IC)
DATE_HEADING = re.compile(r"\b(?:effective|commencement|start)\s{1,5}date\b", IC)
PERPETUAL = re.compile(
    r"\bin\s{1,5}perpetuity\b|\bperpetual(?:ly)?\b|\bindefinite(?:ly)?\b|"
    r"\buntil\s{1,5}(?:terminated|such\s{1,5}time|either|one|the\s{1,5}"
    r"(?:parties|party)[^.]{0,30}terminat)",
    IC,
)
RENEW = re.compile(r"\b(?:renew\w{0,5}|extend\w{0,2}|extension|evergreen|auto-?renew\w{0,5})\b", IC)
AUTO_RENEW = re.compile(
    r"\bautomatic(?:ally)?\b[^.;]{0,60}?\b(?:renew|extend|extension|continue|roll)|"
    r"\b(?:renew|extend)\w{0,3}\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?(?:automatically|tacitly)\b|"
    r"\bauto-?renew|\bevergreen\b|\btacit(?:ly)?\s{1,5}renew|"
    r"\b(?:shall|will)\s{1,5}(?:thereafter\s{1,5})?(?:be\s{1,5})?(?:renewed|"
    r"extended|renew|extend|continue)[^.;]{0,40}?\b(?:successive|additional|consecutive|"
    r"subsequent|further|year[\s-]to[\s-]year|month[\s-]to[\s-]month)\b[^.;]{0,200}?"
    r"\bunless\b|"
    r"\b(?:shall|will)\s{1,5}(?:thereafter\s{1,5})?(?:be\s{1,5})?(?:renewed|extended|renew|"
    r"extend)\s{1,5}(?:automatically\s{1,5})?for\s{1,5}(?:an?\s{1,5}|one\s{1,5})?(?:\w{1,12}\s"
    r"{1,5})?(?:additional|successive|subsequent|consecutive|further|another)\b|"
    r"\b(?:thereafter|after\s{1,5}that|continue\s{1,5}(?:in\s{1,5}effect\s{1,5})?(?:on\s{1,5}an?\s"
    r"{1,5})?)[^.;]{0,60}?\b(?:month|year)[\s-]to[\s-](?:month|year)\b|"
    r"\bunless\b[^.;]{0,120}?\b(?:notice|notif\w{0,6})\b[^.;]{0,120}?"
    r"\b(?:not\s{1,5}to\s{1,5}(?:renew|extend)|non-?renewal|terminat\w{0,5})\b",
    IC,
)
NO_AUTO_RENEW = re.compile(
    r"\b(?:not|no|never|neither|nor)\b[^.;]{0,30}?\b(?:automatic\w{0,4}\s{1,5})?"
    r"(?:renew|extend|be\s{1,5}renewed|be\s{1,5}extended)|"
    r"\brenew\w{0,3}\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?(?:only|solely)\s{1,5}(?:by|upon|"
    r"with|if)\b|\bmutual(?:ly)?\b|\bno\s{1,5}automatic\b",
    IC,
)
OPTION_RENEW = re.compile(
    r"\b(?:options?|right|elect\w{0,4}|may|can)[\s,]{1,5}(?:[\w']{1,15}[\s,]{1,5}){0,4}?"
    r"(?:to\s{1,5})?(?:renew|extend)\w{0,3}\b|\bat\s{1,5}(?:the\s{1,5})?(?:[\w'’]{1,20}\s{1,5})?"
    r"option\b|\brenewable\b",
    IC,
)
RENEWAL_PERIOD_BASIS = re.compile(r"\b(year|month)[\s-]to[\s-](?:year|month)\b", IC)
NOTICE_AFTER = re.compile(
    r"^\s{0,3}['’]?s?\s{0,3}(?:\([\w ]{1,20}\)\s{0,3})?(?:prior|before|preceding|in\s{1,5}"
    r"advance|advance|notice|written\s{1,5}notice|ahead|of\s{1,5}(?:prior\s{1,5})?(?:written\s"
    r"{1,5})?notice)\b",
    IC,
)
NOTICE_BEFORE = re.compile(
    r"\b(?:at\s{1,5}least|no\s{1,5}(?:less|fewer)\s{1,5}than|not\s{1,5}"
    r"(?:less|fewer)\s{1,5}than|minimum\s{1,5}of|upon|on|with|giving|within|"
    r"no\s{1,5}later\s{1,5}than|not\s{1,5}later\s{1,5}than)"
    r"\s{1,5}(?:\w{1,10}\s{1,5})?$",
    IC,
)
NOTICE_WORD = re.compile(r"\bnoti(?:ce|fy|fies|fied|fication)\b|\bnon-?renewal\b", IC)

# --- termination -----------------------------------------------------------------------------

TERMINATE = re.compile(r"\bterminat(?:e|es|ed|ing|ion)\b|\bcancel\w{0,6}\b", IC)
MAY_TERMINATE = re.compile(
    r"\b(?:may|can|shall\s{1,5}(?:have|be\s{1,5}entitled)|will\s{1,5}have|"
    r"has|have|is\s{1,5}entitled|are\s{1,5}entitled|reserves?)\b"
    r"[^.;]{0,60}?\b(?:terminat|cancel)\w{0,6}\b|"
    r"\bmay\s{1,5}be\s{1,5}(?:terminated|cancel+ed)\b|"
    r"\buntil\s{1,5}(?:terminated|cancel+ed)\s{1,5}by\b",
    IC,
)
STRONG_CONVENIENCE = re.compile(
    r"convenience|without\s{1,5}(?:any\s{1,5})?(?:cause|reason)|(?:any|no)\s{1,5}"
    r"(?:or\s{1,5}no\s{1,5})?reason|non-?cause",
    IC,
)
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
AT_TERM_END = re.compile(
    r"\b(?:prior\s{1,5}to|before|at|on|upon|as\s{1,5}of|effective\s{1,5}(?:on|as\s{1,5}of))"
    r"\s{1,5}the\s{1,5}(?:end|expiration|expiry|last\s{1,5}day)\s{1,5}of\s{1,5}(?:the\s{1,5})?"
    r"(?:then[\s-]{1,3}(?:current|existing)\s{1,5}|initial\s{1,5}|renewal\s{1,5}|any\s{1,5}|"
    r"its\s{1,5}|such\s{1,5}){0,2}(?:term|period)\b",
    IC,
)
PAYER = re.compile(r"\b(?:shall|will|agrees?\s{1,5}to|must)\s{1,5}(?:\w{1,12}\s{1,5})?pay\b", IC)
NO_TERMINATE = re.compile(
    r"\b(?:may|can|shall|will)\s{1,5}not\s{1,5}(?:\w{1,12}\s{1,5}){0,3}?"
    r"(?:terminat|cancel)|\bneither\s{1,5}party\s{1,5}(?:may|shall|will|has|can)\b|"
    r"\bno\s{1,5}(?:right|party)[^.;]{0,30}?(?:terminat|cancel)|\bnon-?cancel+able\b|"
    r"\b(?:not|never)\s{1,5}(?:be\s{1,5})?(?:entitled|permitted|allowed)\s"
    r"{1,5}to\s{1,5}(?:terminat|cancel)|\bcannot\s{1,5}(?:be\s{1,5})?"
    r"(?:terminat|cancel)",
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
MUTUAL = re.compile(r"\bmutual\w{0,3}\b|\bwritten\s{1,5}agreement\s{1,5}of\b", IC)
EITHER_PARTY = re.compile(
    r"\b(?:either|each|any|both)\s{1,5}(?:of\s{1,5}the\s{1,5})?(?:party|parties)\b|"
    r"\bthe\s{1,5}parties\b|\beither\s{1,5}(?!party\b)\S{1,30}(?:\s{1,5}\S{1,30})?\s{1,5}or\s{1,5}\S{1,30}|"
    r"\b(?:the\s{1,5})?(?:other|non-?breaching|non-?defaulting|terminating|affected|"
    r"aggrieved|injured)\s{1,5}party\b",
    IC,
)
BY_AGENT = re.compile(r"\b(?:terminated|cancel+ed)\s{1,5}by\s{1,5}([^,.;]{1,60})", IC)
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

# --- governing law ---------------------------------------------------------------------------

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

# --- money-related ---------------------------------------------------------------------------

CURRENCY_STATEMENT = re.compile(
    r"\b(?:in|payable\s{1,5}in|denominated\s{1,5}in|expressed\s{1,5}in|stated"
    r"\s{1,5}in|made\s{1,5}in|paid\s{1,5}in)\s{1,5}(?:lawful\s{1,5})?"
    r"(?:currency\s{1,5}of\s{1,5}the\s{1,5})?(u\.?s\.?\s{0,3}dollars|united"
    r"\s{1,5}states\s{1,5}(?:dollars|currency)|usd|us\$|euros?|eur|pounds\s{1,5}"
    r"sterling|gbp|canadian\s{1,5}dollars|cad|japanese\s{1,5}yen|yen|swiss\s{1,5}"
    r"francs|chf|australian\s{1,5}dollars|aud)\b",
    IC,
)
NET_DAYS = re.compile(
    r"\bnet\s{0,3}[-–]?\s{0,3}(\d{1,3})\b|\bnet\s{1,3}(" + r"[a-z -]{3,30}?)\s{0,3}\((\d{1,3})\)",
    IC,
)
PAY_WITHIN = re.compile(
    r"\b(?:within|no\s{1,5}later\s{1,5}than|not\s{1,5}later\s{1,5}than|"
    r"in)\s{1,5}$",
    IC,
)
PAY_AFTER = re.compile(
    r"^\s{0,5}(?:after|of|from|following|upon|receipt)\b[^.;]{0,60}?\b(?:invoice|"
    r"billing|receipt|statement)",
    IC,
)
PAYMENT_WORDS = re.compile(
    r"\b(?:pa(?:y|id|yable|yment)\w{0,3}|due|invoice\w{0,2}|remit\w{0,4})\b", IC
)
DUE_ON_RECEIPT = re.compile(
    r"\bdue\s{1,5}(?:and\s{1,5}payable\s{1,5})?(?:up)?on\s{1,5}receipt\b", IC
)

# --- fees ------------------------------------------------------------------------------------

_W = r"\s{1,5}"
FEE_CONTEXT = re.compile(
    r"\b(?:fees?|pric\w{1,4}|charges?|charged|rates?|pay\w{0,5}|paid|costs?|invoice\w{0,2}|"
    r"royalt\w{1,4}|compensation|consideration|purchase\w{0,2}|spend|commitment|subscription|"
    r"billed|bill|credits?|retainer|deposit|minimum)\b",
    IC,
)
NOT_FEE_CONTEXT = re.compile(
    r"\b(?:insurance|insured|coverage|liabilit\w{1,4}|damages|indemn\w{1,8}|capital|shares?|"
    r"stock|loan|salary|salaries|wages?|bonus|penalt\w{1,4}|fines?(?![\w-])|bond|net\sworth|"
    r"aggregate\s{1,5}amount\s{1,5}of\s{1,5}all|exceed(?:s|ing)?\s{1,5}the"
    r"\s{1,5}(?:amount|total)|lesser\s{1,5}of|greater\s{1,5}of|policy|policies|"
    r"judgment|claims?|reimburs\w{1,6}|expenses?|interest|securities|valuation|tax\w{0,3})\b",
    IC,
)
FEE_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("setup", re.compile(
        r"\b(?:set[ -]?up|onboarding|on-boarding|implementation|installation|activation|"
        r"initiation|integration\s{1,5}fee|initial\s{1,5}fee|start-?up)\b", IC)),
    ("professional_services", re.compile(
        r"\b(?:professional\s{1,5}services?|consulting|hourly|per\s{1,5}hour|"
        r"/[^\S\n]?(?:hr|hour)\b|time\s{1,5}and\s{1,5}materials|engineering\s{1,5}"
        r"services|training|custom(?:i[sz]ation)?\s{1,5}(?:work|development)|man-?days?)\b",
        IC)),
    ("committed_spend", re.compile(
        r"\bcommit\w{0,5}\s{1,5}(?:to\s{1,5})?spend(?:\s{1,5}(?:at\s{1,5}least|a\s{1,5}minimum"
        r"\s{1,5}of|no\s{1,5}less\s{1,5}than|not\s{1,5}less\s{1,5}than))?|\bspend\s{1,5}commitment|"
        r"\bcommitted\s{1,5}(?:annual\s{1,5})?(?:spend|amount|fees?|revenue|usage)|"
        r"\b(?:annual|monthly|quarterly|total)\s{1,5}commitment\b|\bcommit\b", IC)),
    ("minimum_commitment", re.compile(
        r"\bminimum\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?(?:commitment|spend|purchase\w{0,2}|"
        r"order\w{0,2}|fee|fees|payment|payments|revenue|royalt\w{1,4}|quantity|volume|billing|"
        r"charge|amount|guarantee)|\b(?:shall|will|agrees?\s{1,5}to|commits?\s{1,5}to|"
        r"undertakes?\s{1,5}to|must|is\s{1,5}obligated\s{1,5}to)\s{1,5}(?:purchase|"
        r"buy|order|pay)\s{1,5}(?:at\s{1,5}least|a\s{1,5}minimum\s"
        r"{1,5}of|no\s{1,5}less\s{1,5}than|not\s{1,5}less\s{1,5}than)|"
        r"\btrue-?up\b|\bguaranteed\s{1,5}minimum", IC)),
    ("prepaid_credits", re.compile(
        r"\bpre-?paid\b|\bpre-?pay\w{0,4}|\bcredit\s{1,5}(?:pack|bundle|block|purchase)|"
        r"\b(?:usage|api|service|compute)\s{1,5}credits\b|\bcredits\b", IC)),
    ("support", re.compile(r"\bsupport\b|\bmaintenance\b", IC)),
    ("licence", re.compile(r"\blicen[cs]e\s{1,5}fees?\b|\broyalt\w{1,4}|\blicen[cs]ing fee", IC)),
    ("hardware", re.compile(r"\bhardware\b|\bequipment\b|\bdevices?\b|\bappliances?\b", IC)),
    ("reserved_capacity", re.compile(
        r"\breserved\b|\bdedicated\s{1,5}(?:capacity|instances?|gpus?|cluster|nodes?)|"
        r"\bcapacity\s{1,5}(?:fee|reservation|charge)", IC)),
    ("platform", re.compile(
        r"\bplatform\s{1,5}(?:access\s{1,5})?fee|\baccess\s{1,5}fee|\bbase\s"
        r"{1,5}(?:platform\s{1,5})?fee|\bplatform\b", IC)),
    ("subscription", re.compile(
        r"\bsubscription\b|\bper\s{1,5}(?:user|seat|licensed\s{1,5}user)\b|"
        r"\b(?:annual|monthly|yearly|recurring)\s{1,5}(?:service\s{1,5})?fee", IC)),
    ("usage", re.compile(
        r"\busage\b|\boverage\w{0,2}|\bconsumption\b|\bmetered\b|\bpay[\s-]as[\s-]you[\s-]go\b|"
        r"\bper\s{1,5}(?:call|request|image|token|transaction|query|message|minute|second)", IC)),
]  # fmt: skip
UNIT_COMMITMENT = re.compile(
    r"\bminimum\s{1,5}(?:(?:annual|yearly|monthly|quarterly|total|aggregate|initial)\s{1,5}){0,2}"
    r"(?:purchase|order|quantity|quantities|volume|commitment|spend|sales)\w{0,2}\b|"
    r"\b(?:shall|will|agrees?\s{1,5}to|commits?\s{1,5}to|undertakes?\s{1,5}to|must|"
    r"is\s{1,5}obligated\s{1,5}to)\s{1,5}(?:purchase|buy|order|procure|take)\s{1,5}"
    r"(?:at\s{1,5}least|a\s{1,5}minimum\s{1,5}of|no\s{1,5}less\s{1,5}than|not\s{1,5}less\s{1,5}"
    r"than|a\s{1,5}minimum)\b",
    IC,
)
QUANTITY = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3}){1,4}|\d{2,9})\s{1,3}([A-Za-z][\w-]{1,30})")
TIME_UNIT = re.compile(
    r"(?:[A-Za-z][\w-]{1,20}\s{1,3})?(?:month|year|quarter|week|day|annum|mo|yr)s?",
    IC,
)
TOTAL_CUE = re.compile(
    r"\b(?:total\w{0,5}|in\s{1,5}the\s{1,5}aggregate|aggregate|over\s{1,5}the\s{1,5}(?:\w{1,15}\s{1,5})?"
    r"term|for\s{1,5}(?:the\s{1,5}|all\s{1,5})?(?:\w{1,15}\s{1,5}){0,2}(?:term|years))\b",
    IC,
)
NOT_A_PRICE = re.compile(
    r"\b(?:list|standard|retail|published|regular)\s{1,5}(?:\w{1,15}\s{1,5})?(?:price|rate|fee)s?"
    r"\s{1,5}(?:of\s{1,5})?(?:is\s{1,5})?$|\binstead\s{1,5}of\s{1,5}$|\bthat\s{1,5}is\s{1,5}$",
    IC,
)
PER_UNIT = re.compile(
    r"^\s{0,3}(?:per|/|for\s{1,5}each|for\s{1,5}every|each|an?)\s{0,3}"
    r"((?:(?:\d{1,3}(?:,\d{3}){1,3}|\d{1,9}(?:\.\d{1,3})?)[^\S\n]?(?:[KMB]|thousand|million|"
    r"billion)?\s{1,3}|one\s{1,3}(?:thousand|million|billion)\s{1,3}|"
    r"(?:thousand|million|billion)\s{1,3})?(?:[A-Za-z][\w-]{0,30})(?:\s{1,3}"
    r"(?!of\b|in\b|and\b|or\b|for\b|per\b|to\b|on\b|at\b|the\b|shall\b|will\b|is\b|are\b|"
    r"with\b|by\b|each\b|used\b|processed\b|consumed\b|generated\b|billed\b|plus\b)"
    r"[A-Za-z][\w-]{0,20}){0,2})",
    IC,
)
PER_UNIT_BEFORE = re.compile(
    r"(?:^|[\s(])(?:per|/)\s{0,3}((?:\d{1,3}(?:,\d{3}){0,3}[^\S\n]?[KMB]?\s{1,3})?[A-Za-z][\w-]{0,30}"
    r"(?:[^\S\n]{1,3}[A-Za-z][\w-]{0,20}){0,1})[)\s]{0,5}[:=–-]?\s{0,5}$",
    IC,
)
PER_UNIT_HEADER = re.compile(r"\bper\s{1,3}([A-Za-z][\w-]{1,30})\b", IC)
PERIOD_UNITS = {
    "month": ("months", 1), "mo": ("months", 1), "calendar month": ("months", 1),
    "year": ("years", 1), "yr": ("years", 1), "annum": ("years", 1), "contract year": ("years", 1),
    "calendar year": ("years", 1), "quarter": ("months", 3), "calendar quarter": ("months", 3),
    "week": ("weeks", 1), "day": ("days", 1),
}  # fmt: skip
PERIOD_AFTER = re.compile(
    r"^\s{0,3}(?:per|/|a|each|every)\s{0,3}(?:[A-Za-z][\w-]{1,20}\s{1,3})?"
    r"(month|mo|year|yr|annum|quarter|week)\b|^\s{0,3}(?:\(|,)?\s{0,3}(monthly|annually|"
    r"yearly|quarterly|weekly)\b",
    IC,
)
PERIOD_BEFORE = re.compile(r"\b(monthly|annual|yearly|quarterly|weekly)\b", IC)
BILLING_FREQ = re.compile(
    r"\b(?:billed|invoiced|payable|paid|charged|due|billing|invoicing|invoices?)\b[^.;]{0,40}?"
    r"\b(monthly|quarterly|annually|yearly|per\s{1,5}(?:month|quarter|year)|each\s"
    r"{1,5}(?:month|quarter|year)|one[ -]time|upfront|up-front|upon\s{1,5}(?:signing|"
    r"execution)|in\s{1,5}(?:full\s{1,5})?(?:advance|arrears?))\b|"
    r"\b(monthly|quarterly|annually|yearly)\s{1,5}in\s{1,5}(?:advance|arrears?)\b|"
    r"\b(one[ -]time|non-?recurring)\b",
    IC,
)
ADVANCE = re.compile(
    r"\bin\s{1,5}advance\b|\bup-?front\b|\bprior\s{1,5}to\s{1,5}the\s{1,5}(?:start|beginning)",
    IC,
)
ARREARS = re.compile(r"\bin\s{1,5}arrears?\b", IC)
TIER_RANGE = re.compile(
    r"(?<![\w.,$])(?P<lo>\d{1,3}(?:,\d{3}){0,4}(?:\.\d{1,2})?[^\S\n]?[KMB]?)\s{0,3}(?:-|–|—|to|"
    r"through)\s{0,3}(?P<hi>\d{1,3}(?:,\d{3}){0,4}(?:\.\d{1,2})?[^\S\n]?[KMB]?)(?![\w.])|"
    r"\b(?:first|up\s{1,3}to|below|under|less\s{1,3}than|0\s{0,3}[-–]\s{0,3})"
    r"\s{0,3}(?P<upto>\d{1,3}(?:,\d{3}){0,4}(?:\.\d{1,2})?[^\S\n]?[KMB]?)(?![\w.])|"
    r"\b(?:above|over|more\s{1,3}than|in\s{1,3}excess\s{1,3}of|greater\s"
    r"{1,3}than|beyond|exceeding|thereafter\s{1,3}above)\s{0,3}(?P<above>\d{1,3}"
    r"(?:,\d{3}){0,4}(?:\.\d{1,2})?[^\S\n]?[KMB]?)(?![\w.])|"
    r"(?<![\w.,$])(?P<plus>\d{1,3}(?:,\d{3}){0,4}[^\S\n]?[KMB]?)\+",
    IC,
)
TIER_RETRO = re.compile(
    r"\bapplies\s{1,5}to\s{1,5}(?:every|all|each)\b[^.;]{0,80}?\b(?:including|in\s{1,5}th(?:at|e)"
    r"\s{1,5}(?:contract\s{1,5}|calendar\s{1,5}|billing\s{1,5})?(?:year|month|period|quarter))\b|"
    r"\ball\s{1,5}(?:[\w-]{1,15}\s{1,5}){0,3}?[\w-]{0,10}(?:units|usage|images|calls|tokens|requests|"
    r"seconds|volume|consumption|transactions)\b[^.;]{0,80}?\b(?:at|priced\s{1,5}at|charged"
    r"\s{1,5}at|billed\s{1,5}at)\s{1,5}(?:the|that)\s{1,5}(?:applicable|"
    r"corresponding|tier|lower|reduced|new)|\bretroactive\w{0,3}\b|\bentire\s{1,5}"
    r"(?:volume|usage|quantity)\b|\bvolume\s{1,5}pricing\b|\ball\s{1,5}usage\s"
    r"{1,5}in\s{1,5}the\s{1,5}(?:month|period|quarter|year)",
    IC,
)
TIER_PROSPECTIVE = re.compile(
    r"\b(?:within|in)\s{1,5}(?:each|that|the\s{1,5}applicable|the\s{1,5}"
    r"respective|such)\s{1,5}tier\b|\bgraduated\b|\bincremental\b|\bmarginal\b|"
    r"\bonly\s{1,5}(?:to\s{1,5})?(?:the\s{1,5})?(?:units|usage|volume)\b|"
    r"\beach\s{1,5}tier'?s?\s{1,5}(?:price|rate)\s{1,5}applies\s{1,5}only|"
    r"\bnot\s{1,5}(?:be\s{1,5})?(?:applied\s{1,5})?retroactive\w{0,3}|"
    r"\b(?:additional|incremental)\s{1,5}(?:units|usage)\s{1,5}(?:above|beyond|over)",
    IC,
)
SHORTFALL_INVOICED = re.compile(
    r"\b(?:shortfall|difference|deficiency|true-?up|unused\s{1,5}(?:portion|amount|"
    r"commitment)|balance|remaining\s{1,5}amount)\b[^.;]{0,120}?\b(?:invoic\w{1,3}|"
    r"bill\w{0,3}|pay\w{0,4}|due|charg\w{1,3})\b|\b(?:invoic\w{1,3}|bill\w{0,3}|pay\w{0,4}|"
    r"charg\w{1,3})\b[^.;]{0,80}?\b(?:shortfall|difference|deficiency|true-?up)\b",
    IC,
)
SHORTFALL_FORFEITED = re.compile(
    r"\b(?:unused|remaining|unconsumed|unutili[sz]ed)\b[^.;]{0,120}?\b(?:forfeit\w{0,3}|expire\w?|"
    r"lapse\w?|(?:will|shall)\s{1,5}not\s{1,5}be\s{1,5}(?:refunded|credited)|"
    r"non-?refundable|lost)\b|\bforfeit\w{0,3}\b",
    IC,
)
ROLLOVER = re.compile(
    r"\broll(?:ed|s)?[\s-]?over\b|\bcarr(?:y|ied|ies)\s{1,5}(?:forward|over)\b|\bcarry-?over\b",
    IC,
)
NEGATION_NEAR = re.compile(r"\b(?:not|no|never|cannot|neither|nor|without)\b", IC)
CREDIT_EXPIRY = re.compile(
    r"\b(?:expire\w?|expiration|valid|usable|redeem\w{0,4}|must\s{1,5}be\s{1,5}used)\b",
    IC,
)
HOURS_AT_RATE = re.compile(
    r"(?<![\w.,])(?P<hours>\d{1,6}(?:,\d{3})?(?:\.\d{1,2})?)\)?\s{1,3}(?:\w{1,15}\s{1,3})?"
    r"hours?\b[^.;$€£]{0,60}?(?:at|@|x|×)\s{0,3}$",
    IC,
)
THIRD_PARTY = re.compile(
    r"\bthird[ -]party\b[^.;]{0,60}?\b(?:model|service|software|product|api|provider|licen[cs]e)",
    IC,
)

# --- discounts, variable items, options ------------------------------------------------------

DISCOUNT = re.compile(r"\bdiscount\w{0,3}\b|\b\d{1,3}(?:\.\d{1,2})?[^\S\n]?%\s{1,3}off\b", IC)
FREE_CREDITS = re.compile(
    r"\b(?:free|promotional|complimentary|bonus|trial)\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?"
    r"credits?\b|\bcredits?\b[^.;]{0,60}?\bat\s{1,5}no\s{1,5}(?:additional\s{1,5})?"
    r"(?:charge|cost)\b",
    IC,
)
WAIVED = re.compile(r"\bwaive[ds]?\b[^.;]{0,40}?\bfees?\b|\bfees?\b[^.;]{0,40}?\bwaived\b", IC)
SLA_CREDIT = re.compile(
    r"\b(?:service|sla|service\s{1,5}level|uptime|availability)\s{1,5}credits?\b|"
    r"\b(?:uptime|availability|service\s{1,5}level)\b(?:[^.;]|\.(?=\d)){0,160}?\bcredit\w{0,2}\b",
    IC,
)
REBATE = re.compile(r"\brebates?\b", IC)
VOLUME_DISCOUNT = re.compile(
    r"\bvolume\s{1,5}(?:based\s{1,5})?(?:discount|rebate|pricing|tier)s?\b|\bvolume-based\b",
    IC,
)
MFN = re.compile(
    r"\bmost\s{1,5}favou?red\b|\bMFN\b|"
    r"\b(?:no|not)\s{1,5}less\s{1,5}favou?rable\b[^.]{0,40}?\bthan\s{1,5}(?:those|the|that|what)\b"
    r"[^.]{0,200}?\b(?:pric\w{1,4}|terms|fees?|royalt\w{1,4}|rates?)\b|"
    r"\bmore\s{1,5}favou?rable\s{1,5}than\s{1,5}(?:those|the\s{1,5}terms|the\s{1,5}prices?)\b|"
    r"\b(?:higher|greater)\s{1,5}(?:fees?|prices?|rates?|royalt\w{1,4})\s{1,5}than\b[^.]{0,160}?"
    r"\bother\b|\bno\s{1,5}greater\s{1,5}than\s{1,5}the\s{1,5}lowest\b|\b(?:no|not)\s{1,5}less\s{1,5}favou?rable\s"
    r"{1,5}than\b[^.]{0,160}?\b(?:other|any|third)\b|\b(?:lower|lowest|better|best|more\s"
    r"{1,5}favou?rable)\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?(?:prices?|pricing|terms|rates?"
    r"|royalt\w{1,4}|discounts?)\b[^.]{0,160}?\b(?:any\s{1,5}other|other\s{1,5}"
    r"(?:customers?|licensees?|distributors?|clients?|purchasers?|resellers?)|third[\s-]"
    r"{1,5}part(?:y|ies)|similarly\s{1,5}situated)|"
    r"\b(?:any\s{1,5}other|other|third[\s-]{1,5}party)\s{1,5}(?:customers?|licensees?|"
    r"distributors?|clients?|purchasers?|resellers?|buyers?)\b[^.]{0,160}?\b(?:lower|lowest|better|"
    r"best|more\s{1,5}favou?rable)\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?(?:prices?|pricing|terms|rates?)\b",
    IC,
)
PRICE_PROTECTION = re.compile(
    r"\bprice\s{1,5}protection\b|\b(?:prices?|fees|rates|pricing)\s{1,5}(?:\w{1,12}"
    r"\s{1,5}){0,3}?(?:shall|will)\s{1,5}(?:remain\s{1,5})?(?:fixed|firm|"
    r"unchanged)\b|\b(?:shall|will|may)\s{1,5}not\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?"
    r"(?:increase|raise)\s{1,5}(?:the\s{1,5}|its\s{1,5}|any\s{1,5})?"
    r"(?:\w{1,15}\s{1,5})?(?:prices?|fees|rates|pricing|charges)\b|\bprice\s{1,5}"
    r"(?:increase|change)s?[^.;]{0,60}?\b(?:not\s{1,5}(?:to\s{1,5})?exceed|capped|"
    r"limited)",
    IC,
)
PRICE_CHANGE = re.compile(
    r"\b(?:may|reserves?\s{1,5}the\s{1,5}right\s{1,5}to|is\s{1,5}entitled"
    r"\s{1,5}to)\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?(?:increase|change|modify|adjust|"
    r"revise|amend|raise)\s{1,5}(?:the\s{1,5}|its\s{1,5}|any\s{1,5})?"
    r"(?:\w{1,15}\s{1,5})?(?:prices?|fees|rates|pricing|price\s{1,5}list|rate\s{1,5}card|charges)\b|"
    r"\bpass\w{0,3}\s{1,5}(?:any\s{1,5}|such\s{1,5}|the\s{1,5})?(?:price\s{1,5})?(?:changes?|increases?)"
    r"\s{1,5}(?:on\s{1,5})?through\b|"
    r"\b(?:prices?|fees|rates|pricing)\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?(?:may|shall|will)"
    r"\s{1,5}be\s{1,5}(?:increased|adjusted|revised|changed)\b",
    IC,
)
PENALTY_ITEM = re.compile(
    r"\b(?:pay|charge|impose|assess|levy|owe)\w{0,3}\s{1,5}(?:an?\s{1,5}|the\s{1,5}|any\s{1,5})?"
    r"(?:\w{1,15}\s{1,5})?penalt(?:y|ies)\b|\bpenalty\s{1,5}(?:of|equal|in\s{1,5}the\s{1,5}amount|"
    r"amounting|calculated|shall\s{1,5}be|will\s{1,5}be|fee|clause)\b|\blate\s{1,5}(?:delivery\s"
    r"{1,5}|performance\s{1,5})?penalt",
    IC,
)
PENALTY_NOT = re.compile(
    r"\bwithout\s{1,5}(?:any\s{1,5})?penalt|\bnot\s{1,5}(?:\w{1,12}\s{1,5})"
    r"{0,3}?(?:a\s{1,5})?penalty\b|\bpenalt\w{1,4}\s{1,5}of\s{1,5}perjury|"
    r"\bcivil\s{1,5}penalt|\bcriminal\s{1,5}penalt|\bno\s{1,5}penalty",
    IC,
)
LIQUIDATED = re.compile(
    r"\bliquidated\s{1,5}damages?\b(?=[^.;]{0,200}\b(?:shall|will|may|must|agrees?|pay|"
    r"entitled|constitute|represent|equal|amount)\b)|\b(?:shall|will|may|must|agrees?\s{1,5}to)"
    r"\s{1,5}(?:\w{1,15}\s{1,5}){0,4}?(?:as\s{1,5})?liquidated\s{1,5}damages?\b",
    IC,
)
REFUND_ITEM = re.compile(r"\brefund\w{0,3}\b", IC)
REFUND_RIGHT = re.compile(
    r"\b(?:shall|will|must|may)\b[^.;]{0,40}\brefund|\bentitled\s{1,5}to\s{1,5}(?:a|any)\s{1,5}"
    r"(?:\w+\s{1,5})?refund|\brefund\s{1,5}(?:of|to)\b",
    IC,
)
PRICE_CAP = re.compile(
    r"\b(?:increase\w{0,2}|raise\w{0,2}|adjust\w{0,5}|escalat\w{1,5}|uplift)\b[^.;]{0,80}?"
    r"\b(?:more\s{1,5}than|exceed\w{0,3}|in\s{1,5}excess\s{1,5}of|greater\s"
    r"{1,5}than|up\s{1,5}to|maximum\s{1,5}of|capped\s{1,5}at|cap\s{1,5}of|"
    r"limited\s{1,5}to)\s{1,5}$",
    IC,
)
ADDITIONAL_PURCHASE = re.compile(
    r"\b(?:may|option\s{1,5}to|right\s{1,5}to|entitled\s{1,5}to|elect\s"
    r"{1,5}to)\s{1,5}(?:\w{1,12}\s{1,5}){0,2}?(?:purchase|buy|order|acquire|add|"
    r"procure)\b[^.;]{0,80}?\b(?:additional|further|future|incremental|extra|more)\b|"
    r"\b(?:additional|further|future|incremental|extra)\s{1,5}(?:\w{1,15}\s{1,5}){0,3}?"
    r"(?:units|licen[cs]es|seats|users|credits|capacity|purchases|orders|usage|hours|"
    r"subscriptions?|tokens|images|gpu)\b[^.;]{0,80}?\b(?:at|for)\b",
    IC,
)
SAME_PRICE = re.compile(
    r"\bat\s{1,5}(?:the\s{1,5})?(?:same|then-?current|existing|prices\s{1,5}set|"
    r"rates?\s{1,5}set|fixed|unit)\s{1,5}(?:\w{1,15}\s{1,5}){0,2}?(?:prices?|"
    r"rates?|pricing|fees?)\b|\bat\s{1,5}(?:a\s{1,5})?(?:reduced|discounted|preferred)"
    r"\s{1,5}(?:prices?|rates?)",
    IC,
)

# --- licences and warranties -----------------------------------------------------------------

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
