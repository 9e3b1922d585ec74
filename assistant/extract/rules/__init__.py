"""The offline rule-based extractor: `Document -> ContractTerms` with regular expressions.

It is the default when no language model is configured, so it must be useful on real
contracts while never inventing a value: each field is filled only when a pattern reads it
from the text, and every value carries citations built with `cite()`, so every quote verifies
against the document. Quotes are kept tight (the sentence or clause fragment that states the
fact), and confidence reflects how specific the pattern that found the fact was.

The work is linear in the length of the contract: the text is cut once into sentences inside
clauses (`_sentences`), each concern looks only at sentences that contain its cue words
(`_common.Extraction.sentences_with`), and every pattern is applied to one sentence or a short
window, uses bounded repeats and starts at a word or punctuation anchor, so hostile input (a
megabyte of one character) cannot make it backtrack.

One module per concern, each holding its patterns beside the logic that reads them:
`_title`, `_parties`, `_dates`, `_term` (term, renewal), `_termination`, `_payment` (currency,
payment terms), `_fees` with `_fee_phrases`, `_tiers` and `_commitments`, `_discounts`,
`_variable` (variable consideration, customer options), `_licences` (licences, warranties,
governing law).
"""

from __future__ import annotations

from assistant.extract.rules._common import HEAD_CHARS, MAX_PER_KIND, MAX_QUOTE, Extraction
from assistant.extract.rules._dates import agreement_date, effective_date, expiration_date
from assistant.extract.rules._discounts import discounts
from assistant.extract.rules._fees import fee_lines
from assistant.extract.rules._licences import governing_law, licence_grants, warranties
from assistant.extract.rules._parties import parties
from assistant.extract.rules._payment import currency, payment_terms
from assistant.extract.rules._sentences import (
    MAX_SENTENCE,
    Sentence,
    matching_form,
    split_sentences,
)
from assistant.extract.rules._term import initial_term, perpetual, renewal
from assistant.extract.rules._termination import termination_rights
from assistant.extract.rules._title import title
from assistant.extract.rules._variable import variable_items_and_options
from assistant.schemas import ContractTerms, Document, ExtractorInfo

__all__ = [
    "HEAD_CHARS",
    "MAX_PER_KIND",
    "MAX_QUOTE",
    "MAX_SENTENCE",
    "RuleExtractor",
    "Sentence",
    "matching_form",
    "split_sentences",
]


class RuleExtractor:
    """Regex-based extraction; deterministic, offline, fast."""

    def info(self) -> ExtractorInfo:
        return ExtractorInfo(name="rules")

    def extract(self, document: Document) -> ContractTerms:
        return _run(Extraction(document))


def _run(ex: Extraction) -> ContractTerms:
    # The order matters: `parties` records the parties' defined terms and the preamble,
    # which the dates and the termination rights read.
    terms = ContractTerms()
    terms.title = title(ex)
    terms.parties = parties(ex)
    terms.agreement_date = agreement_date(ex)
    terms.effective_date = effective_date(ex, terms.agreement_date)
    terms.expiration_date = expiration_date(ex)
    terms.initial_term = initial_term(ex)
    terms.perpetual = perpetual(ex)
    terms.renewal = renewal(ex)
    terms.termination_rights = termination_rights(ex)
    terms.currency = currency(ex)
    terms.fee_lines = fee_lines(ex)
    terms.discounts = discounts(ex)
    variable, options = variable_items_and_options(ex)
    terms.variable_items = variable
    terms.customer_options = options
    terms.payment_terms = payment_terms(ex)
    terms.licence_grants = licence_grants(ex)
    terms.warranties = warranties(ex)
    terms.governing_law = governing_law(ex)
    return terms
