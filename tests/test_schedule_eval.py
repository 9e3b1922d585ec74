"""Hand-checked schedules for eval-set contracts, reviewed through the real pipeline.

Every expected figure below is worked out from the contract's own terms (eval_set/sources and
the arithmetic in eval_set/README.md), never copied from revrec's output. Where the engine's
dates are a convention that may move (d: Order Form effective date vs service start), the
months are counted from the analysis's `term_start`, a schema field.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from assistant.schedule import (
    Pattern,
    build_portfolio,
    build_schedule,
    load_review_dir,
    load_usage,
    rollforward,
    rpo_at,
    waterfall_rows,
)
from assistant.schedule._months import add_months, month_of

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data" / "schedule"
CONTRACTS = [
    "b_committed_spend_tiers",
    "d_enterprise_msa",
    "e_onprem_term_licence",
    "f_tfc_auto_renewal",
    "m_api_msa_original",
]


@pytest.fixture(scope="module")
def review_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from assistant.review import run_batch
    from assistant.settings import load_settings

    out = tmp_path_factory.mktemp("review")
    pdfs = [REPO / "eval_set" / "pdf" / f"{name}.pdf" for name in CONTRACTS]
    settings = load_settings(extractor="rules", ssp_file=REPO / "eval_set" / "ssp.toml", jobs=2)
    report = run_batch(pdfs, out, settings, progress=False)
    assert not report.failed, [o.error for o in report.failed]
    return out


@pytest.fixture(scope="module")
def records(review_dir: Path) -> dict:
    return {r.contract: r for r in load_review_dir(review_dir)}


def by_month(po) -> dict[str, D]:
    return {f"{m:%Y-%m}": po.revenue(m) for m in sorted({*po.fixed, *po.variable})}


def test_e_licence_at_delivery_and_support_ratable(records):
    # §4.1 licence fee USD 450,000.00; §4.2 support USD 90,000.00 x 3 years = 270,000.00.
    # SSP: licence 450,000 x 1.20 = 540,000; support not in the table -> 270,000 stated.
    # Allocation 720,000 x 540/810 = 480,000.00 and 720,000 x 270/810 = 240,000.00.
    s = build_schedule(records["e_onprem_term_licence"])
    licence, support = s.pos
    assert licence.pattern is Pattern.POINT_IN_TIME
    # Functional licence delivered complete on the Effective Date, October 1, 2026 (§2.2).
    assert by_month(licence) == {"2026-10": D("480000.00")}
    # Support: 240,000 / 36 = 6,666.666...; 36 x 6,666.66 = 239,999.76, so the 24 cents left
    # go one each to the first 24 months (Oct 2026 - Sep 2028); the last 12 carry 6,666.66.
    months = by_month(support)
    assert len(months) == 36 and next(iter(months)) == "2026-10"
    assert list(months.values()) == [D("6666.67")] * 24 + [D("6666.66")] * 12
    assert sum(months.values()) == D("240000.00")
    assert licence.fixed_total + support.fixed_total == D("720000.00") == s.transaction_price


def test_d_platform_with_setup_ratable_and_services_by_hours(records, tmp_path):
    record = records["d_enterprise_msa"]
    # Platform 180,000 x 3 + set-up 25,000 (not distinct: folded into the platform PO) and
    # 200 h x 275 of services; allocated 575,698.46 / 44,301.54 (eval_set/README.md, d).
    start = month_of(record.analysis.step1.term_start)
    usage_csv = tmp_path / "hours.csv"
    rows = ["contract,period,metric,quantity"]
    for offset, hours in ((0, 40), (1, 60), (2, 100)):
        rows.append(f"d_enterprise_msa,{add_months(start, offset):%Y-%m},hour,{hours}")
    usage_csv.write_text("\n".join(rows) + "\n")
    usage = load_usage(usage_csv, [record])
    s = build_schedule(record, usage=usage)
    platform, services, usage_po = s.pos
    assert (platform.allocated, services.allocated) == (D("575698.46"), D("44301.54"))
    # 575,698.46 / 36 = 15,991.6238...: 14 cents left after 36 x 15,991.62 -> first 14 months.
    months = list(by_month(platform).values())
    assert months == [D("15991.63")] * 14 + [D("15991.62")] * 22
    assert next(iter(platform.fixed)) == start
    # Hours: 40, 60, 100 of 200. 44,301.54 x 40/200 = 8,860.308 -> 8,860.31; to date after
    # 100 h: 22,150.77, so month two is 13,290.46; month three completes the 200 h.
    assert services.pattern is Pattern.HOURS
    assert [services.fixed[add_months(start, i)] for i in range(3)] == [
        D("8860.31"),
        D("13290.46"),
        D("22150.77"),
    ]
    assert services.fixed_total == D("44301.54")
    assert usage_po.pattern is Pattern.USAGE and usage_po.fixed_total == 0
    assert sum(po.fixed_total for po in s.pos) == D("620000.00")


def test_b_commitment_drawn_down_by_tiered_usage_from_an_orb_export(records):
    record = records["b_committed_spend_tiers"]
    usage = load_usage(DATA / "b_usage_orb.csv", [record])
    s = build_schedule(record, usage=usage)
    (po,) = s.pos
    assert po.pattern is Pattern.COMMITMENT and po.allocated == D("1200000.00")
    # GPU-seconds USD 0.00090 up to 400M in the Contract Year, all at 0.00078 above (§5.1,
    # retroactive); images 0.0180 / 0.0150 / 0.0120 in bands of 10M and 25M (§5.2, graduated).
    # Apr: 100M x 0.0009 + 2M x 0.018 = 90,000 + 36,000      = 126,000
    # May: 90,000 + 3M x 0.018 = 90,000 + 54,000              = 144,000
    # Jun: the same                                           = 144,000  (to date 414,000)
    # Jul: GPU 450M x 0.00078 = 351,000 less 270,000 billed at 0.0009 = 81,000;
    #      images 10M x 0.018 + 2M x 0.015 = 210,000 less 144,000 = 66,000 -> 147,000
    #      (to date 561,000)
    # Aug: GPU 550M x 0.00078 = 429,000 less 351,000 = 78,000: 39,000 uses up the USD 600,000
    #      commitment, 39,000 is overage (variable, outside the transaction price)
    expected_fixed = {
        date(2026, 4, 1): D("126000.00"),
        date(2026, 5, 1): D("144000.00"),
        date(2026, 6, 1): D("144000.00"),
        date(2026, 7, 1): D("147000.00"),
        date(2026, 8, 1): D("39000.00"),
        date(2026, 9, 1): D("0.00"),
    }
    assert {m: po.fixed[m] for m in expected_fixed} == expected_fixed
    assert po.variable == {date(2026, 8, 1): D("39000.00")}
    # Oct 2026 - Mar 2027: nothing of Contract Year 1 is left. Contract Year 2 has no usage
    # data: its USD 600,000 is spread evenly, 50,000 a month, as expected use.
    for i in range(6, 12):
        assert po.fixed[add_months(date(2026, 4, 1), i)] == 0
    for i in range(12, 24):
        assert po.fixed[add_months(date(2026, 4, 1), i)] == D("50000.00")
    assert po.fixed_total == D("1200000.00") == s.transaction_price


def test_f_platform_and_excess_api_calls(records):
    record = records["f_tfc_auto_renewal"]
    usage = load_usage(DATA / "usage_f_m.csv", [record, records["m_api_msa_original"]])
    s = build_schedule(record, usage=[u for u in usage if u.contract == record.contract])
    platform, calls = s.pos
    # Term 3 months (90 days' notice, no penalty) from August 1, 2026: 12,500 a month (§4.1).
    assert by_month(platform) == {
        "2026-08": D("12500.00"),
        "2026-09": D("12500.00"),
        "2026-10": D("12500.00"),
    }
    # Excess API calls at USD 0.0008 (§4.2): 1,000,000 -> 800.00; 2,500,000 -> 2,000.00.
    assert by_month(calls) == {"2026-08": D("800.00"), "2026-09": D("2000.00"), "2026-10": 0}
    assert calls.fixed_total == 0


def test_m_onboarding_over_the_service_period_with_billings_rollforward(review_dir):
    portfolio = build_portfolio(
        review_dir,
        usage_csv=DATA / "usage_f_m.csv",
        billings_csv=DATA / "billings_m.csv",
    )
    s = next(c for c in portfolio.contracts if c.contract == "m_api_msa_original")
    platform, tokens = s.pos
    # Platform 20,000 x 12 + onboarding 30,000 (not distinct) = 270,000 over 2027: 22,500.
    assert list(by_month(platform).values()) == [D("22500.00")] * 12
    # Tokens USD 0.0020 per 1K: 5,000,000 K in January -> 10,000; 2,500,000 K in March -> 5,000.
    assert tokens.variable == {
        date(2027, 1, 1): D("10000.00"),
        date(2027, 2, 1): D("0.00"),
        date(2027, 3, 1): D("5000.00"),
    }
    # Contract position (billings less revenue), by hand:
    # Jan 50,000 - 32,500 = 17,500; Feb +30,000 - 22,500 = 25,000; Mar +20,000 - 27,500 =
    # 17,500; Apr +25,000 - 22,500 = 20,000; then -2,500 a month to nil in December.
    closing = [r.closing_deferred for r in rollforward(s)]
    assert closing[:4] == [D("17500.00"), D("25000.00"), D("17500.00"), D("20000.00")]
    assert closing[4:] == [D(20000 - 2500 * i).quantize(D("0.01")) for i in range(1, 9)]
    assert all(r.closing_unbilled == 0 for r in rollforward(s))
    # Per PO: the platform is billed ahead (deferred), token usage behind (unbilled).
    rows = {(r.performance_obligation, f"{r.period:%Y-%m}"): r for r in waterfall_rows(s)}
    assert rows["PO1", "2027-01"].deferred_revenue == D("27500.00")
    assert rows["PO2", "2027-01"].unbilled_receivable == D("10000.00")
    assert rows["PO2", "2027-02"].unbilled_receivable == 0
    assert rows["PO1", "2027-12"].deferred_revenue == 0


def test_rpo_with_expedients(records):
    schedules = [build_schedule(records[name]) for name in CONTRACTS]
    lines = {
        (x.contract, x.performance_obligation): x for x in rpo_at(schedules, date(2027, 9, 30))
    }
    # e support: 12 months recognised Oct 2026 - Sep 2027 = 80,000.04 (12 x 6,666.67);
    # remaining 159,999.96: next 12 months 80,000.04, then 12 x 6,666.66 = 79,999.92.
    support = lines["e_onprem_term_licence", "PO2"]
    assert support.remaining == D("159999.96") == support.rpo
    assert (support.next_12_months, support.months_13_to_24, support.thereafter) == (
        D("80000.04"),
        D("79999.92"),
        D("0.00"),
    )
    # m (12 months) is excluded under 50-14(a); its usage PO under 50-14(b).
    m = lines["m_api_msa_original", "PO1"]
    assert m.rpo == 0 and m.excluded == m.remaining == D("67500.00")
    assert "50-14(a)" in m.expedient
    assert "50-14(b)" in lines["m_api_msa_original", "PO2"].expedient
    # The licence was delivered in October 2026: nothing remains.
    assert ("e_onprem_term_licence", "PO1") not in lines


def test_m_amendment_replaces_the_original_prospectively(tmp_path_factory):
    from assistant.review import run_batch
    from assistant.settings import load_settings

    out = tmp_path_factory.mktemp("amended")
    pdf = REPO / "eval_set" / "pdf"
    settings = load_settings(extractor="rules", ssp_file=REPO / "eval_set" / "ssp.toml")
    report = run_batch(
        [pdf / "m_api_msa_amendment_1.pdf"],
        out,
        settings,
        progress=False,
        amends=pdf / "m_api_msa_original.pdf",
    )
    assert not report.failed
    portfolio = build_portfolio(out)
    deal = {c.contract: c for c in portfolio.contracts}
    original, amended = deal["m_api_msa_original"], deal["m_api_msa_amendment_1"]
    # Original: 20,000 a month + 30,000 onboarding over 2027 = 22,500 a month; by August 31,
    # 8 months = 180,000 recognised. Amendment No. 1 from September 1, 2027: 18,000 a month for
    # the 28-month Amended Term, distinct months, so 25-13(a): the rest is the onboarding fee
    # not yet recognised (30,000 x 4/12 = 10,000) + 28 x 18,000 = 504,000 -> 514,000, spread
    # over 28 months: 18,357.142..., 8 cents left -> 8 months at .15, 20 at .14.
    platform = amended.pos[0]
    months = list(by_month(platform).values())
    assert months == [D("22500.00")] * 8 + [D("18357.15")] * 8 + [D("18357.14")] * 20
    assert platform.fixed_total == D("694000.00") == amended.transaction_price
    # Nothing is counted twice: the original keeps no fixed revenue.
    assert original.transaction_price == 0
    assert all(not po.fixed for po in original.pos)
    assert any("Modified by m_api_msa_amendment_1" in n for n in original.notes)
    lines = rpo_at(portfolio.contracts, date(2027, 12, 31))
    rpo = next(x for x in lines if x.contract == "m_api_msa_amendment_1" and x.rpo)
    # 694,000 - 180,000 - 4 x 18,357.15 = 440,571.40 at December 31, 2027.
    assert rpo.rpo == D("440571.40")
