"""The eval's scorer: known predictions give known scores for every metric, and the scores
cannot be inflated (duplicates, whole-contract quotes, empty predictions)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from assistant.evaluation import values
from assistant.evaluation.contract import METRICS, score_contract
from assistant.evaluation.cuad import REVENUE_CATEGORIES, UNSUPPORTED, cuad_report, gold_answer
from assistant.evaluation.memo import check_memo, figure_body
from assistant.evaluation.regression import compare
from assistant.evaluation.report import ContractResult, build_report, metric_values
from assistant.evaluation.scoring import (
    Tally,
    score_flag,
    score_multiset,
    score_set,
    score_value,
)
from assistant.schemas import (
    AllocationLine,
    Analysis,
    Citation,
    ClauseRef,
    Conclusion,
    ContractLabels,
    ContractTerms,
    Duration,
    DurationUnit,
    ExtractorInfo,
    FeeKind,
    FeeLine,
    Flag,
    FlagKind,
    Party,
    PartyRole,
    PerformanceObligation,
    ProgressMeasure,
    Renewal,
    ReviewRecord,
    Severity,
    SspBasis,
    Step1Contract,
    Step2Obligations,
    Step3Price,
    Step4Allocation,
    Step5Recognition,
    Term,
    Timing,
    VariableItem,
    VariableKind,
)
from assistant.segment import build_document

# --- counting primitives ---------------------------------------------------------------------


def test_ratios_with_nothing_to_count_are_undefined_not_zero() -> None:
    assert Tally().precision is None and Tally().recall is None and Tally().f1 is None
    only_misses = Tally(fn=3)
    assert only_misses.precision is None  # nothing predicted: no precision
    assert only_misses.recall == 0.0 and only_misses.f1 is None
    wrong = Tally(fp=1, fn=1)
    assert wrong.precision == 0.0 and wrong.recall == 0.0 and wrong.f1 == 0.0
    t = Tally(tp=3, fp=1, fn=2)
    assert t.precision == pytest.approx(0.75)
    assert t.recall == pytest.approx(0.6)
    assert t.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Tally(tp=1, fp=2, fn=3) + Tally(tp=1) == Tally(tp=2, fp=2, fn=3)


def _eq(a: object, b: object) -> bool:
    return a == b


@pytest.mark.parametrize(
    ("expected", "predicted", "stated", "tally"),
    [
        ("x", "x", True, Tally(tp=1)),
        ("x", "y", True, Tally(fp=1, fn=1)),  # a wrong value costs precision and recall
        ("x", None, True, Tally(fn=1)),
        (None, "y", False, Tally()),  # not labelled: a prediction is not judged
        (None, None, False, Tally()),
        (None, "y", True, Tally(fp=1)),  # labelled absent: a prediction is a false positive
        (None, None, True, Tally()),
    ],
)
def test_single_values(expected: str | None, predicted: str | None, stated: bool, tally: Tally):
    assert score_value(expected, predicted, _eq, stated=stated) == tally


@pytest.mark.parametrize(
    ("expected", "predicted", "tally"),
    [
        (True, True, Tally(tp=1)),
        (True, None, Tally(fn=1)),
        (True, False, Tally(fn=1)),
        (False, True, Tally(fp=1)),
        (False, None, Tally()),  # a true negative counts nowhere
        (False, False, Tally()),
        (None, True, Tally()),
    ],
)
def test_yes_no_fields_score_the_yes_class(
    expected: bool | None, predicted: bool | None, tally: Tally
) -> None:
    assert score_flag(expected, predicted) == tally


def test_lists_are_multisets_and_kinds_are_sets() -> None:
    # A fee line predicted twice is one too many (it would be counted twice in the price).
    assert score_multiset(["a", "b"], ["a", "a", "b"]) == Tally(tp=2, fp=1)
    assert score_multiset(["a", "a"], ["a"]) == Tally(tp=1, fn=1)
    assert score_multiset([], ["a"]) == Tally(fp=1)
    assert score_multiset([], []) == Tally()
    # A kind is present or not: duplicates on either side count once.
    assert score_set(["mfn"], ["mfn", "mfn", "refund"]) == Tally(tp=1, fp=1)


# --- normal forms ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Halcyon Compute, Inc.", "HALCYON COMPUTE INC"),
        ("Beta Foods LLC", "Beta Foods L.L.C."),
        ("The Acme Company Ltd.", "acme"),
        ("Smith & Sons Corp.", "Smith and Sons"),
    ],
)
def test_party_names_match(a: str, b: str) -> None:
    assert values.party_name(a) == values.party_name(b)


def test_party_names_differ() -> None:
    assert values.party_name("Acme Cloud Inc.") != values.party_name("Acme Inc.")
    assert values.party_name("Inc.") == "inc"  # a name is never reduced to nothing


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("the State of New York", "new york"),
        ("New York, USA", "new york"),
        ("Commonwealth of Massachusetts", "massachusetts"),
        ("laws of the State of Delaware, United States", "delaware"),
        ("England and Wales", "england and wales"),
    ],
)
def test_jurisdictions(text: str, normal: str) -> None:
    assert values.jurisdiction(text) == normal


def test_durations() -> None:
    assert values.months_match(Duration(value=Decimal(1), unit=DurationUnit.YEARS), Decimal(12))
    assert values.months_match(Duration(value=Decimal(365), unit=DurationUnit.DAYS), Decimal(12))
    assert not values.months_match(Duration(value=Decimal(2), unit=DurationUnit.YEARS), Decimal(12))
    three_months = Duration(value=Decimal(3), unit=DurationUnit.MONTHS)
    assert values.days_match(three_months, 90) and values.days_match(three_months, 91)
    assert not values.days_match(three_months, 60)
    assert values.days_match(Duration(value=Decimal(2), unit=DurationUnit.WEEKS), 14)


# --- one contract, every metric --------------------------------------------------------------

TEXT = """SERVICES AGREEMENT
This Agreement is made as of March 1, 2026 between Acme Cloud, Inc. ("Provider") and \
Beta Foods LLC ("Customer").
1. Term
This Agreement runs for twelve (12) months. It renews automatically for successive one (1) \
year terms unless either party gives sixty (60) days notice.
2. Fees
Customer shall pay USD 1,000.00 per month. Usage is billed at USD 0.002 per call.
3. Governing Law
This Agreement is governed by the laws of the State of New York."""

DOCUMENT = build_document([TEXT], "t.pdf", "0" * 64)


def _cite(clause: str, quote: str) -> list[Citation]:
    return [Citation(clause_id=clause, page=1, quote=quote)]


C_DATE = _cite("Preamble", "made as of March 1, 2026")
C_PARTIES = _cite("Preamble", 'Acme Cloud, Inc. ("Provider") and Beta Foods LLC ("Customer")')
C_FAKE = _cite("1", "This Agreement starts on March 2, 2026")  # not in the document
C_TERM = _cite("1", "This Agreement runs for twelve (12) months.")
C_RENEW = _cite("1", "It renews automatically for successive one (1) year terms")
C_FEE = _cite("2", "Customer shall pay USD 1,000.00 per month.")
C_USAGE = _cite("2", "Usage is billed at USD 0.002 per call.")
C_LAW = _cite("3", "governed by the laws of the State of New York")


def _term(value: object, cites: list[Citation]) -> Term:  # type: ignore[type-arg]
    return Term(value=value, citations=cites, confidence=0.9)


def _fee(kind: FeeKind, cites: list[Citation], **kw: object) -> Term:  # type: ignore[type-arg]
    return _term(FeeLine(kind=kind, description=kind.value, **kw), cites)  # type: ignore[arg-type]


TERMS = ContractTerms(
    parties=[
        _term(Party(name="Acme Cloud, Inc.", role=PartyRole.PROVIDER), C_PARTIES),
        _term(Party(name="Beta Foods L.L.C.", role=PartyRole.CUSTOMER), C_PARTIES),
    ],
    agreement_date=_term(date(2026, 3, 1), C_DATE),
    effective_date=_term(date(2026, 3, 2), C_FAKE),  # wrong, and its quote is invented
    expiration_date=_term(date(2027, 2, 28), C_TERM),  # the labels say there is none
    initial_term=_term(Duration(value=Decimal(1), unit=DurationUnit.YEARS), C_TERM),
    renewal=_term(
        Renewal(
            automatic=True,
            renewal_term=Duration(value=Decimal(12), unit=DurationUnit.MONTHS),
            notice_period=Duration(value=Decimal(2), unit=DurationUnit.MONTHS),
        ),
        C_RENEW,
    ),
    currency=_term("usd", C_FEE),
    governing_law=_term("the State of New York", [*C_LAW, *C_DATE]),
    fee_lines=[
        _fee(FeeKind.PLATFORM, C_FEE, amount=Decimal("1000.00")),
        _fee(FeeKind.PLATFORM, C_FEE, amount=Decimal("1000")),  # the same fee again
        _fee(FeeKind.USAGE, C_USAGE, unit_price=Decimal("0.0020"), unit="call"),
    ],
    variable_items=[
        _term(VariableItem(kind=VariableKind.PRICE_CHANGE, description="x"), C_FEE),
        _term(VariableItem(kind=VariableKind.PRICE_CHANGE, description="y"), C_FEE),
    ],
)


def _po(n: int, kind: FeeKind, timing: Timing) -> PerformanceObligation:
    return PerformanceObligation(
        id=f"PO{n}",
        name=kind.value,
        kind=kind,
        fee_lines=[n - 1],
        timing=timing,
        measure=ProgressMeasure.TIME_ELAPSED,
    )


def _conclusion(outcome: str) -> Conclusion:
    return Conclusion(
        topic="variable_consideration", outcome=outcome, rationale="", asc=["606-10-32-5"]
    )


ANALYSIS = Analysis(
    step1=Step1Contract(criteria={}, contract_term_months=Decimal(12), month_to_month=False),
    step2=Step2Obligations(
        performance_obligations=[
            _po(1, FeeKind.PLATFORM, Timing.OVER_TIME),
            _po(2, FeeKind.USAGE, Timing.POINT_IN_TIME),  # labelled over time
        ]
    ),
    step3=Step3Price(
        currency="USD",
        fixed=Decimal("11999.99"),
        variable_included=Decimal(0),
        total=Decimal("11999.99"),  # one cent short
        components=[],
        conclusions=[_conclusion("sla_credit"), _conclusion("refund")],
    ),
    step4=Step4Allocation(
        lines=[
            AllocationLine(
                po_id="PO1",
                ssp=Decimal(1),
                ssp_basis=SspBasis.OBSERVABLE,
                allocated=Decimal("11999.99"),
            ),
            AllocationLine(
                po_id="PO2", ssp=Decimal(0), ssp_basis=SspBasis.OBSERVABLE, allocated=Decimal(0)
            ),
        ],
        total_allocated=Decimal("11999.99"),
    ),
    step5=Step5Recognition(lines=[]),
    flags=[
        Flag(kind=FlagKind.COLLECTIBILITY, severity=Severity.JUDGMENT, message="m"),
        Flag(kind=FlagKind.BREAKAGE, severity=Severity.INFO, message="m"),
    ],
    summary="",
)

RECORD = ReviewRecord(
    revrec_version="0",
    contract="t",
    source_name="t.pdf",
    sha256="0" * 64,
    settings_fingerprint="test",
    page_count=1,
    extractor=ExtractorInfo(name="rules"),
    clauses=[
        ClauseRef(id=c.id, heading=c.heading, page_start=c.page_start, page_end=c.page_end)
        for c in DOCUMENT.clauses
    ],
    terms=TERMS,
    analysis=ANALYSIS,
    reviewed_at=datetime(2026, 1, 1, tzinfo=UTC),
)

LABELS = ContractLabels.model_validate(
    {
        "contract": "t.pdf",
        "pattern": "test",
        "terms": {
            "customer": "Beta Foods LLC",
            "provider": "ACME CLOUD INC",
            "agreement_date": "2026-03-01",
            "effective_date": "2026-03-01",
            "initial_term_months": 12,
            "auto_renewal": True,
            "renewal_term_months": 12,
            "renewal_notice_days": 60,
            "currency": "USD",
            "payment_net_days": 30,
            "governing_law": "New York",
            "fee_lines": [
                {"kind": "platform", "amount": "1000.00", "clause_id": "2"},
                {"kind": "usage", "unit_price": "0.002", "unit": "call", "clause_id": "2"},
            ],
            "variable_kinds": ["sla_credit"],
            "clauses": {
                "initial_term_months": "1",
                "auto_renewal": "1",
                "governing_law": "3",
                "currency": "4",
                "payment_net_days": "2",
            },
            "absent": ["expiration_date"],
        },
        "engine": {
            "contract_term_months": 12,
            "month_to_month": False,
            "performance_obligations": [
                {"kind": "platform", "timing": "over_time", "allocated": "12000.00"},
                {"kind": "usage", "timing": "over_time", "allocated": "0.00"},
            ],
            "transaction_price": "12000.00",
            "variable_kinds": ["sla_credit"],
            "flag_kinds": ["collectibility", "mfn"],
        },
    }
)

MEMO = """# ASC 606 technical accounting memo: t

## 3. Key contract terms
| Fee | USD 1,000.00 per month (§2 Fees, p. 1) |
| Term | 12 months (§9 Nowhere, p. 1) |
| Law | New York (§3 Governing Law, p. 1) |
Renews for 1 year.

## 4. Guidance applied
ASC 606-10-25-3: terms of 30 days are read as written.

## 5. Analysis
Transaction price USD 12,000.00 (§1 Term, p. 1).

---
revrec 0, reviewed March 1, 2026
"""

EXPECTED = {
    "terms.customer": Tally(tp=1),  # L.L.C. = LLC
    "terms.provider": Tally(tp=1),  # case and suffix ignored
    "terms.agreement_date": Tally(tp=1),
    "terms.effective_date": Tally(fp=1, fn=1),
    "terms.expiration_date": Tally(fp=1),  # labelled absent
    "terms.initial_term_months": Tally(tp=1),  # 1 year = 12 months
    "terms.auto_renewal": Tally(tp=1),
    "terms.renewal_term_months": Tally(tp=1),
    "terms.renewal_notice_days": Tally(tp=1),  # 2 months = 60 days
    "terms.customer_termination_for_convenience": Tally(),  # label False, none found
    "terms.currency": Tally(tp=1),
    "terms.payment_net_days": Tally(fn=1),
    "terms.governing_law": Tally(tp=1),
    "terms.fee_lines": Tally(tp=2, fp=1),  # the platform fee twice
    "terms.variable_kinds": Tally(fp=1, fn=1),  # price_change twice counts once
    "citations.verbatim": Tally(tp=7, fn=1),  # 8 distinct citations, one invented
    # initial term, renewal, law (1 of 2 citations), currency (0 of 1), two fee lines;
    # payment terms were not extracted and are not counted here.
    "citations.at_labelled_clause": Tally(tp=5, fn=2),
    "citations.fields_at_labelled_clause": Tally(tp=5, fn=1),
    "engine.contract_term_months": Tally(tp=1),
    "engine.month_to_month": Tally(tp=1),
    "engine.po_count": Tally(tp=1),
    "engine.po_kinds": Tally(tp=2),
    "engine.po_timing": Tally(tp=1, fp=1, fn=1),
    "engine.variable_kinds": Tally(tp=1, fp=1),
    "engine.transaction_price": Tally(fn=1),  # a cent is a miss
    "engine.allocation": Tally(tp=1, fp=1, fn=1),
    "engine.flags_required": Tally(tp=1, fn=1),  # extra flags are allowed
    "memo.citations_resolve": Tally(tp=3, fn=1),
    # Fee and price lines are cited; "12 months" cites a clause nothing extracted, "1 year"
    # has no citation; the guidance section and the footer are not checked.
    "memo.figures_cited": Tally(tp=2, fn=2),
    "memo.fully_cited": Tally(fn=1),
}


def test_every_metric_has_a_known_score() -> None:
    score = score_contract(RECORD, LABELS, DOCUMENT, MEMO)
    assert set(EXPECTED) == set(METRICS)
    got = {name: score.counts.get(name, Tally()) for name in METRICS}
    assert got == EXPECTED


def test_overall_figures_and_misses() -> None:
    score = score_contract(RECORD, LABELS, DOCUMENT, MEMO)
    result = ContractResult(contract="t", pdf="t.pdf", counts=score.counts)
    metrics = build_report([result], revrec_version="0", extractor="rules", eval_dir="x").metrics
    # terms.all sums every terms field: tp 11, fp 4, fn 3.
    assert metrics["terms.all.precision"] == pytest.approx(11 / 15)
    assert metrics["terms.all.recall"] == pytest.approx(11 / 14)
    assert metrics["terms.customer_termination_for_convenience.precision"] is None
    assert metrics["citations.verbatim"] == pytest.approx(7 / 8)
    assert metrics["engine.po_timing.f1"] == pytest.approx(0.5)
    assert metrics["memo.figures_cited"] == pytest.approx(0.5)
    missed = {m.metric for m in score.misses}
    assert "terms.effective_date" in missed and "terms.customer" not in missed
    effective = next(m for m in score.misses if m.metric == "terms.effective_date")
    assert (effective.expected, effective.predicted) == ("2026-03-01", "2026-03-02")


def test_absent_fields_must_be_empty() -> None:
    with pytest.raises(ValueError, match="absent but given a value"):
        ContractLabels.model_validate(
            {
                "contract": "t.pdf",
                "pattern": "p",
                "terms": {"expiration_date": "2027-01-01", "absent": ["expiration_date"]},
                "engine": {"performance_obligations": [], "transaction_price": "0"},
            }
        )


def test_memo_body_without_the_usual_headings_is_checked_whole() -> None:
    assert figure_body("Fee USD 5 (§1 Term, p. 1)\n---\nfooter 5%") == "Fee USD 5 (§1 Term, p. 1)"
    check = check_memo("A fee of USD 5.\n", RECORD)
    assert check.figure_lines == 1 and check.uncited == ["A fee of USD 5."] and not check.ok


# --- CUAD: span metrics cannot be inflated; the report has one fixed shape -------------------

GOVERNING = "This Agreement is governed by the laws of the State of Delaware."
TERMINATION = "Either party may terminate this Agreement for convenience on 30 days notice."
WHOLE = " ".join(["Preamble text.", GOVERNING, TERMINATION, "Notices shall be in writing."])


def _row(cid: str, labels: dict[str, dict[str, object]]) -> dict[str, object]:
    return {"id": cid, "pdf": f"pdf/{cid}.pdf", "labels": labels}


def _prediction(quotes: dict[str, list[str]], answers: dict[str, str | None] | None = None):
    return {"quotes": quotes, "answers": answers or {}}


def test_cuad_report_shape_and_unsupported_categories() -> None:
    rows = [_row("c1", {"Governing Law": {"spans": [GOVERNING], "answer": "Delaware"}})]
    report = cuad_report(rows, {"c1": _prediction({"Governing Law": [GOVERNING]})}, "rules")
    assert set(report) == {"categories", "contracts", "extractor"}
    assert report["contracts"] == 1 and report["extractor"] == "rules"
    assert list(report["categories"]) == list(REVENUE_CATEGORIES)
    for name, cat in report["categories"].items():
        assert set(cat) == {"precision", "recall", "f1", "answer_accuracy", "support"}
        assert isinstance(cat["support"], int)
        if name in UNSUPPORTED:
            assert cat["precision"] is None and cat["recall"] is None and cat["f1"] is None
    law = report["categories"]["Governing Law"]
    assert (law["precision"], law["recall"], law["f1"], law["support"]) == (1.0, 1.0, 1.0, 1)
    assert law["answer_accuracy"] is None  # answers are scored for dates and durations only


def test_cuad_whole_contract_quote_earns_one_true_positive() -> None:
    rows = [_row("c1", {"Governing Law": {"spans": [GOVERNING], "answer": ""}})]
    preds = {"c1": _prediction({"Governing Law": [WHOLE, "Unrelated text one.", "Other text."]})}
    law = cuad_report(rows, preds, "rules")["categories"]["Governing Law"]
    assert law["precision"] == pytest.approx(1 / 3)  # one quote of three matches
    assert law["recall"] == 1.0


def test_cuad_duplicate_predictions_count_once() -> None:
    rows = [_row("c1", {"Termination for Convenience": {"spans": [TERMINATION], "answer": "Yes"}})]
    quotes = [TERMINATION, TERMINATION.upper(), f"  {TERMINATION}  ", "Fees are due monthly."]
    preds = {"c1": _prediction({"Termination for Convenience": quotes})}
    tfc = cuad_report(rows, preds, "rules")["categories"]["Termination for Convenience"]
    assert tfc["precision"] == pytest.approx(1 / 2) and tfc["recall"] == 1.0


def test_cuad_empty_predictions_have_no_precision() -> None:
    rows = [
        _row("c1", {"Governing Law": {"spans": [GOVERNING], "answer": ""}}),
        _row("c2", {"Governing Law": {"spans": [], "answer": ""}}),
    ]
    report = cuad_report(rows, {}, "rules")  # both contracts failed or predicted nothing
    law = report["categories"]["Governing Law"]
    assert law["precision"] is None and law["recall"] == 0.0 and law["f1"] is None
    assert law["support"] == 1
    assert report["categories"]["Parties"]["recall"] is None  # nothing labelled, nothing said


def test_cuad_answers() -> None:
    assert gold_answer("Agreement Date", "03/01/2026") == "3/1/2026"
    assert gold_answer("Expiration Date", "perpetual") == "perpetual"
    assert gold_answer("Renewal Term", "successive 1 year") == '["months", "12"]'
    assert gold_answer("Notice Period to Terminate Renewal", "30 days") == '["days", "30"]'
    assert gold_answer("Agreement Date", "") is None
    rows = [
        _row("c1", {"Agreement Date": {"spans": ["x"], "answer": "3/1/2026"}}),
        _row("c2", {"Agreement Date": {"spans": ["y"], "answer": "4/1/2026"}}),
        _row("c3", {"Agreement Date": {"spans": [], "answer": ""}}),  # not counted
    ]
    preds = {
        "c1": _prediction({}, {"Agreement Date": "3/1/2026"}),
        "c2": _prediction({}, {"Agreement Date": "4/2/2026"}),
        "c3": _prediction({}, {"Agreement Date": "5/1/2026"}),
    }
    agreement = cuad_report(rows, preds, "rules")["categories"]["Agreement Date"]
    assert agreement["answer_accuracy"] == pytest.approx(0.5)


# --- regressions -----------------------------------------------------------------------------


def _report(counts: dict[str, dict[str, Tally]], failed: tuple[str, ...] = ()):
    results = [
        ContractResult(contract=name, pdf=f"{name}.pdf", counts=c) for name, c in counts.items()
    ]
    results += [ContractResult(contract=name, pdf="", error="broken") for name in failed]
    return build_report(results, revrec_version="0", extractor="rules", eval_dir="x")


def test_a_fall_beyond_the_tolerance_is_a_regression() -> None:
    law = "terms.governing_law"
    base = _report({"a": {law: Tally(tp=50)}, "b": {law: Tally(tp=50)}})
    # 98 of 100 found: recall falls by exactly the tolerance, which is allowed.
    within = _report({"a": {law: Tally(tp=48, fn=2)}, "b": {law: Tally(tp=50)}})
    assert not compare(base, within, 0.02).regressed
    # 97 of 100: recall falls by 0.03 (F1 by 0.015, within); terms.all sums the same counts.
    beyond = _report({"a": {law: Tally(tp=47, fn=3)}, "b": {law: Tally(tp=50)}})
    comparison = compare(base, beyond, 0.02)
    assert [c.metric for c in comparison.regressions] == ["terms.all.recall", f"{law}.recall"]
    assert comparison.regressions[1].delta == pytest.approx(-0.03)
    assert not compare(base, beyond, 0.05).regressed
    assert compare(base, beyond, 0.01).regressions[-1].metric == f"{law}.f1"
    improved = [c.metric for c in compare(beyond, base, 0.02).improvements]
    assert improved == ["terms.all.recall", f"{law}.recall"]


def test_a_metric_that_becomes_undefined_is_a_regression() -> None:
    base = _report({"a": {"terms.currency": Tally(tp=1)}})
    now = _report({"a": {"terms.currency": Tally(fn=1)}})  # nothing predicted any more
    metrics = {c.metric: c.current for c in compare(base, now, 0.02).regressions}
    assert metrics["terms.currency.precision"] is None
    assert metrics["terms.currency.recall"] == 0.0


def test_regressions_are_measured_over_the_contracts_both_reports_scored() -> None:
    law = "terms.governing_law"
    base = _report({"a": {law: Tally(tp=1)}, "gone": {law: Tally(tp=1)}})
    now = _report({"a": {law: Tally(tp=1)}, "new": {law: Tally(fp=1, fn=1)}}, failed=("gone",))
    comparison = compare(base, now, 0.0)
    assert not comparison.regressed  # the new, badly scored contract is not compared
    assert comparison.common == ["a"]
    assert comparison.only_baseline == ["gone"] and comparison.only_current == ["new"]


def test_metric_values_cover_every_metric() -> None:
    names = metric_values({name: Tally() for name in METRICS})
    for name, (kind, _) in METRICS.items():
        if kind == "prf":
            assert {f"{name}.precision", f"{name}.recall", f"{name}.f1"} <= set(names)
        else:
            assert name in names
    assert "terms.all.f1" in names


def test_cuad_durations_in_months_equal_the_same_days() -> None:
    from assistant.evaluation.cuad import answers_equal

    six_months, days_180 = '["months", "6"]', '["days", "180"]'
    assert answers_equal(six_months, days_180) and answers_equal(days_180, six_months)
    assert answers_equal(six_months, '["days", "183"]')
    assert not answers_equal(six_months, '["days", "90"]')
    assert not answers_equal('["months", "60"]', '["days", "90"]')
    assert not answers_equal(None, six_months)
    assert answers_equal("3/1/2026", "3/1/2026") and not answers_equal("3/1/2026", "3/2/2026")
