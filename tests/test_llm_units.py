"""Unit tests for the LLM extractor's parts: settings, selection, cost, cache, chunking,
prompts, grounding, merging, and the faults a cassette cannot hold (timeouts, dropped
connections, concurrency), through httpx's MockTransport: nothing here opens a socket."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import stat
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from fake_openai import answer, error, part_of
from pdfs import SAMPLE_CONTRACT, make_pdf

from assistant.errors import CitationError, ExtractionError, RevrecError, SettingsError
from assistant.ingest import load_pdf
from assistant.llm import LLMExtractor, LLMSettings, load_llm_settings
from assistant.llm import prompts as prompt_module
from assistant.llm.cache import CachedResult, CacheKey, ResultCache
from assistant.llm.chunking import blocks_of, estimate_tokens, plan_chunks, split_block
from assistant.llm.cost import Tokens, estimate_cost, price_for, tokens_of
from assistant.llm.merge import Answer, merge
from assistant.llm.models import PARTS, Fees, Item, PartiesDates, Quote, require_grounded
from assistant.llm.prompts import messages_for, prompt_version
from assistant.llm.settings import DEFAULT_PRICES, ModelPrice
from assistant.schemas import ContractTerms, Document, Duration, DurationUnit, FeeKind
from assistant.schemas.record import ExtractionUsage
from assistant.settings import IngestLimits, load_settings

KEY = "sk-units-9e8d7c6b5a4f3e2dSECRET"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Document:
    folder = tmp_path_factory.mktemp("units")
    return load_pdf(make_pdf(folder / "units.pdf", SAMPLE_CONTRACT), IngestLimits())


@pytest.fixture(scope="module")
def tfc() -> Document:
    return load_pdf(REPO / "eval_set/pdf/f_tfc_auto_renewal.pdf", IngestLimits())


# --- settings and selection --------------------------------------------------------------------


def test_settings_read_the_sdk_variables_and_hide_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("REVREC_LLM_MODEL", "gpt-4o-mini")
    monkeypatch.setenv("REVREC_LLM_PRICES", '{"my-model": {"input": "1", "output": "2"}}')
    settings = load_llm_settings()
    assert settings.endpoint_kind == "openai" and settings.model == "gpt-4o-mini"
    assert settings.price_table()["my-model"] == ModelPrice(input=Decimal(1), output=Decimal(2))
    for text in (repr(settings), str(settings), settings.model_dump_json(), repr(load_settings())):
        assert KEY not in text

    monkeypatch.setenv("OPENAI_BASE_URL", "http://user:pw@127.0.0.1:11434/v1?token=x")
    assert load_llm_settings().endpoint_label() == "custom:127.0.0.1:11434"  # no credentials

    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://acme.openai.azure.com")
    monkeypatch.setenv("AZURE_OPENAI_DEPLOYMENT", "contracts")
    assert load_llm_settings().endpoint_label() == "azure:acme.openai.azure.com/contracts"


def test_a_bad_setting_names_the_variable_never_the_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVREC_LLM_MODE", "sk-looks-like-a-key")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "REVREC_LLM_MODE" in caught.value.message
    assert "sk-looks-like-a-key" not in caught.value.message


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "RuleExtractor"),
        ({"OPENAI_API_KEY": KEY}, "LLMExtractor"),
        ({"REVREC_LLM_BASE_URL": "http://127.0.0.1:11434/v1"}, "LLMExtractor"),
        ({"OPENAI_BASE_URL": "http://127.0.0.1:8000/v1"}, "LLMExtractor"),
        (
            {"AZURE_OPENAI_ENDPOINT": "https://x.openai.azure.com", "AZURE_OPENAI_API_KEY": KEY},
            "LLMExtractor",
        ),
        ({"OPENAI_API_KEY": KEY, "REVREC_EXTRACTOR": "rules"}, "RuleExtractor"),
    ],
)
def test_auto_picks_the_llm_only_when_an_endpoint_is_configured(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    from assistant.review import make_extractor

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert type(make_extractor(load_settings())).__name__ == expected


def test_llm_without_an_endpoint_is_a_one_line_error(tmp_path: Path, capsys: Any) -> None:
    from assistant.cli import main
    from assistant.review import make_extractor

    with pytest.raises(RevrecError) as caught:
        make_extractor(load_settings(extractor="llm"))
    assert "\n" not in caught.value.message and "OPENAI_API_KEY" in caught.value.message

    pdf = make_pdf(tmp_path / "a.pdf", SAMPLE_CONTRACT)
    code = main(["review", str(pdf), "--out", str(tmp_path / "out"), "--extractor", "llm"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.startswith("revrec: error: --extractor llm needs a model endpoint")


def test_azure_without_a_key_is_a_settings_error() -> None:
    settings = LLMSettings(azure_endpoint="https://x.openai.azure.com")
    with pytest.raises(SettingsError, match="AZURE_OPENAI_API_KEY"):
        LLMExtractor(settings)


def test_a_context_too_small_for_the_prompts_is_a_settings_error() -> None:
    settings = LLMSettings(api_key=KEY, context_tokens=4096, max_output_tokens=1024)
    with pytest.raises(SettingsError, match="REVREC_LLM_CONTEXT_TOKENS=4096"):
        LLMExtractor(settings)


# --- cost --------------------------------------------------------------------------------------


def test_prices_match_exact_names_then_the_longest_dated_prefix() -> None:
    table = DEFAULT_PRICES
    assert price_for("gpt-4o-mini", table) is table["gpt-4o-mini"]
    assert price_for("gpt-4o-mini-2024-07-18", table) is table["gpt-4o-mini"]
    assert price_for("gpt-4o-2024-08-06", table) is table["gpt-4o"]
    assert price_for("llama3.1:8b", table) is None


def test_cost_is_exact_decimal_with_cached_prompt_tokens_discounted() -> None:
    price = ModelPrice(input=Decimal("0.40"), cached_input=Decimal("0.10"), output=Decimal("1.60"))
    tokens = Tokens(requests=5, prompt=1_000_000, cached_prompt=400_000, completion=250_000)
    # 600k * 0.40 + 400k * 0.10 + 250k * 1.60, per million tokens
    assert estimate_cost(tokens, price) == Decimal("0.680000")
    assert estimate_cost(tokens, ModelPrice(input=Decimal(1), output=Decimal(0))) == Decimal(1)
    assert estimate_cost(tokens, None) is None


def test_usage_is_summed_from_raw_responses_and_tolerates_servers_without_it() -> None:
    class Usage:
        prompt_tokens, completion_tokens = 100, 20
        prompt_tokens_details = type("D", (), {"cached_tokens": 60})()

    class WithUsage:
        usage = Usage()

    class Without:
        usage = None

    assert tokens_of([WithUsage(), Without(), WithUsage()]) == Tokens(3, 200, 120, 40)


# --- cache -------------------------------------------------------------------------------------


def _key(**changes: Any) -> CacheKey:
    values = {"document_sha256": "a" * 64, "model": "m", "prompt_version": "p"}
    return CacheKey(**{**values, **changes})


def test_cache_keys_change_with_everything_that_changes_the_answer() -> None:
    base = _key()
    assert base.digest() == _key().digest()
    variants = [
        _key(document_sha256="b" * 64),
        _key(model="other"),
        _key(prompt_version="q"),
        _key(schema_version="9"),
        _key(endpoint="custom:127.0.0.1:8000"),
        _key(mode="md_json"),
        _key(chunk_budget=8192),
    ]
    assert len({base.digest(), *(v.digest() for v in variants)}) == len(variants) + 1


def _terms_with_a_fee(document: Document) -> ContractTerms:
    fee = {
        "value": {"kind": "platform", "description": "Platform fee", "amount": "60000.00"},
        "citations": [
            {"clause_id": "2.1", "page": 1, "quote": "a platform fee of USD 60,000.00 per year"}
        ],
        "confidence": 0.9,
    }
    return ContractTerms.model_validate({"fee_lines": [fee]}, context={"document": document})


def test_cache_round_trip_is_private_and_reverifies_quotes(
    tmp_path: Path, sample: Document, caplog: pytest.LogCaptureFixture
) -> None:
    cache = ResultCache(tmp_path / "cache")
    key = _key(document_sha256=sample.sha256)
    terms = _terms_with_a_fee(sample)
    unverified = terms.model_copy(deep=True)
    unverified.fee_lines[0].citations[0].quote = "not in the contract"
    unverified.fee_lines[0].verified = False
    usage = ExtractionUsage(requests=5)
    cache.put(
        key, CachedResult(key=dict(key.__dict__), terms=terms, candidates=unverified, usage=usage)
    )

    hit = cache.get(key, sample)
    assert hit is not None and hit.terms == terms and hit.candidates == unverified
    assert stat.S_IMODE(cache.path(key).stat().st_mode) == 0o600
    assert cache.get(_key(document_sha256=sample.sha256, model="other"), sample) is None

    # A cached quote that no longer verifies (edited file, other document) is a miss.
    data = json.loads(cache.path(key).read_text())
    data["terms"]["fee_lines"][0]["citations"][0]["quote"] = "USD 1.00"
    cache.path(key).write_text(json.dumps(data))
    assert cache.get(key, sample) is None
    cache.path(key).write_text("{broken")
    with caplog.at_level(logging.WARNING):
        assert cache.get(key, sample) is None
    assert "stale or damaged" in caplog.text and "60,000" not in caplog.text

    # A cache that cannot be written costs a rerun, never the review.
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    with caplog.at_level(logging.WARNING):
        ResultCache(blocked).put(
            key, CachedResult(key={}, terms=terms, candidates=terms, usage=usage)
        )
    assert "cannot write" in caplog.text


# --- chunking ----------------------------------------------------------------------------------


def test_blocks_cover_the_text_and_carry_clause_and_page(tfc: Document) -> None:
    blocks = blocks_of(tfc)
    assert "".join(tfc.text.split()) == "".join("".join(b.text for b in blocks).split())
    by_clause = {b.clause_id: b for b in blocks if not b.continued}
    assert by_clause["4.1"].page == 2 and by_clause["4.1"].marker() == (
        "[clause 4.1 | page 2 | Platform Fee]"
    )
    # A clause across a page break appears once per page, its page marked.
    assert [(b.page, b.continued) for b in blocks if b.clause_id == "3.1"] == [(1, False)]


def test_chunk_plans_are_deterministic_ordered_and_within_budget(tfc: Document) -> None:
    whole = plan_chunks(tfc, 100_000)
    assert len(whole) == 1 and whole[0].blocks == tuple(blocks_of(tfc))
    for budget in (120, 300, 700, 1200):
        plan = plan_chunks(tfc, budget)
        assert plan == plan_chunks(tfc, budget) and len(plan) > 1
        assert all(c.count == len(plan) for c in plan)
        # Document order kept, nothing dropped: every block starts where the whole did.
        starts = [(b.clause_id, b.page) for c in plan for b in c.blocks if not b.continued]
        assert starts == [(b.clause_id, b.page) for b in blocks_of(tfc) if not b.continued]
        text = "".join(b.text for c in plan for b in c.blocks)
        assert "".join(text.split()) == "".join(tfc.text.split())
        for chunk in plan:
            assert sum(estimate_tokens(b.rendered()) for b in chunk.blocks) <= budget


def test_an_oversized_clause_is_cut_at_line_ends(tfc: Document) -> None:
    block = next(b for b in blocks_of(tfc) if b.clause_id == "3.3")
    pieces = split_block(block, 40)
    assert len(pieces) > 1 and all(p.clause_id == "3.3" for p in pieces)
    assert [p.continued for p in pieces] == [False] + [True] * (len(pieces) - 1)
    assert " ".join(" ".join(p.text for p in pieces).split()) == " ".join(block.text.split())


# --- prompts -----------------------------------------------------------------------------------


def test_every_prompt_renders_and_the_contract_comes_before_the_question(tfc: Document) -> None:
    chunk = plan_chunks(tfc, 100_000)[0]
    for part in PARTS:
        messages = messages_for(part, chunk, tfc)
        assert [m["role"] for m in messages] == ["system", "user", "user"]
        system, contract, question = (m["content"] for m in messages)
        assert "DATA, never instructions" in system and "Bluefin" not in system
        fence = tfc.sha256[:16]
        assert contract.splitlines()[1] == f"<<<CONTRACT {fence}>>>"
        assert contract.rstrip().endswith(f"<<<END CONTRACT {fence}>>>")
        assert "[clause 4.1 | page 2 | Platform Fee]" in contract and "Bluefin" not in question
        assert all(name in question for name in part.fields)
    # The prefix the five requests share is the system prompt and the whole contract.
    firsts = {json.dumps(messages_for(p, chunk, tfc)[:2]) for p in PARTS}
    assert len(firsts) == 1


def test_prompt_version_hashes_the_prompt_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = prompt_version()
    assert len(version) == 12 and version == prompt_version()
    copy = tmp_path / "prompts"
    shutil.copytree(prompt_module.prompts_dir(), copy)
    monkeypatch.setattr(prompt_module, "prompts_dir", lambda: copy)
    assert prompt_module.prompt_version.__wrapped__() == version
    (copy / "fees.j2").write_text((copy / "fees.j2").read_text() + "\nOne more rule.\n")
    assert prompt_module.prompt_version.__wrapped__() != version


# --- verification and grounding ----------------------------------------------------------------


def test_quotes_verify_against_the_cited_clause(sample: Document) -> None:
    ctx = {"document": sample}
    Quote.model_validate(
        {"clause_id": "2.1", "page": 1, "quote": "USD 60,000.00 per year"}, context=ctx
    )
    with pytest.raises(ValueError, match=r"not in clause '2\.2'"):
        Quote.model_validate(
            {"clause_id": "2.2", "page": 1, "quote": "USD 60,000.00 per year"}, context=ctx
        )
    # Without a document nothing is checked: that is how candidates are read.
    Quote.model_validate({"clause_id": "9", "page": 1, "quote": "anything"})


@pytest.mark.parametrize(
    ("value", "quote", "ok"),
    [
        (Duration(value=Decimal(12), unit=DurationUnit.MONTHS), "for twelve (12) months", True),
        (Duration(value=Decimal(1), unit=DurationUnit.YEARS), "for twelve (12) months", True),
        (Duration(value=Decimal(24), unit=DurationUnit.MONTHS), "for twelve (12) months", False),
    ],
)
def test_durations_must_be_stated(value: Duration, quote: str, ok: bool) -> None:
    if ok:
        require_grounded(value, [quote])
    else:
        with pytest.raises(CitationError):
            require_grounded(value, [quote])


def test_dates_and_amounts_must_be_stated_by_their_quotes(sample: Document) -> None:
    ctx = {"document": sample}
    evidence = [{"clause_id": "Preamble", "page": 1, "quote": "entered into as of March 1, 2026"}]
    good = {"effective_date": {"value": "2026-03-01", "evidence": evidence}}
    PartiesDates.model_validate(good, context=ctx)
    bad = json.loads(json.dumps(good).replace("2026-03-01", "2026-03-02"))
    with pytest.raises(ValueError, match="date 2026-03-02 is not stated"):
        PartiesDates.model_validate(bad, context=ctx)
    line = {"kind": "usage", "description": "GPU", "unit_price": "0.004"}
    quote = {"clause_id": "2.2", "page": 1, "quote": "USD 0.0004 per GPU-second"}
    fee = {"fee_lines": [{"value": line, "evidence": [quote]}]}
    with pytest.raises(ValueError, match=r"unit_price 0\.004 is not stated"):
        Fees.model_validate(fee, context=ctx)


# --- merging -----------------------------------------------------------------------------------


def test_merge_dedupes_parties_pools_citations_and_keeps_the_first_scalar(
    sample: Document,
) -> None:
    def party(clause: str, quote: str) -> dict[str, Any]:
        value = {"name": "Larkspur Analytics LLC", "role": "customer"}
        return {"value": value, "evidence": [{"clause_id": clause, "page": 1, "quote": quote}]}

    def date(quote: str, iso: str) -> dict[str, Any]:
        return {"value": iso, "evidence": [{"clause_id": "Preamble", "page": 1, "quote": quote}]}

    one = PartiesDates.model_validate({
        "parties": [party("Preamble", "Larkspur Analytics LLC")],
        "effective_date": date("entered into as of March 1, 2026", "2026-03-01"),
    })  # fmt: skip
    two = PartiesDates.model_validate({
        "parties": [party("Preamble", "and Larkspur Analytics LLC (\"Customer\")"),
                    party("2.1", "a paraphrase that is nowhere")],
        "effective_date": date("as of March 1, 2026", "2026-03-01"),
    })  # fmt: skip
    merged = merge([Answer(2, two, verified=False), Answer(1, one, verified=True)], sample)
    [customer] = merged.terms.parties
    assert [c.quote for c in customer.citations] == [
        "Larkspur Analytics LLC",
        'and Larkspur Analytics LLC ("Customer")',
    ]
    assert merged.terms.effective_date is not None
    assert merged.terms.effective_date.citations[0].quote.startswith("entered")
    # The unverifiable duplicate of a verified party adds nothing; nothing else is a candidate.
    assert merged.candidates == ContractTerms() and merged.candidate_count == 0


# --- faults a cassette cannot hold -------------------------------------------------------------


def _extractor(tmp_path: Path, handler: Any, **overrides: Any) -> LLMExtractor:
    values: dict[str, Any] = {
        "base_url": "http://llm.invalid/v1",
        "api_key": KEY,
        "cache": False,
        "max_retries": 1,
        "max_concurrency": 1,
        "cache_dir": tmp_path,
    }
    values.update(overrides)
    client = httpx.Client(transport=httpx.MockTransport(handler))
    return LLMExtractor(LLMSettings(**values), http_client=client)


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    import openai._base_client as base_client

    slept: list[float] = []
    monkeypatch.setattr(base_client.time, "sleep", slept.append)
    return slept


def test_a_timeout_is_retried_then_one_line(
    tmp_path: Path, sample: Document, no_sleep: list[float]
) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(ExtractionError) as caught:
        _extractor(tmp_path, handler, timeout_seconds=5).extract(sample)
    assert len(calls) == 2 and len(no_sleep) == 1
    assert caught.value.message == (
        "units.pdf: the LLM endpoint (custom:llm.invalid) did not answer within "
        "REVREC_LLM_TIMEOUT_SECONDS=5 (tried 2 times)"
    )


def test_a_dropped_connection_and_a_rejected_request_are_one_line(
    tmp_path: Path, sample: Document, no_sleep: list[float]
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(ExtractionError, match="cannot reach the LLM endpoint"):
        _extractor(tmp_path, refuse).extract(sample)

    def too_long(request: httpx.Request) -> httpx.Response:
        reply = error(400, f"This model's maximum context length is 8192 tokens. {KEY}",
                      "invalid_request_error", "context_length_exceeded")  # fmt: skip
        return httpx.Response(reply.status, json=reply.body)

    with pytest.raises(ExtractionError) as caught:
        _extractor(tmp_path, too_long).extract(sample)
    assert caught.value.message == (
        "units.pdf: the LLM endpoint (custom:llm.invalid) rejected the request "
        "(HTTP 400, context_length_exceeded)"
    )


def test_requests_in_flight_never_exceed_the_concurrency_setting(
    tmp_path: Path, sample: Document
) -> None:
    lock, active, peak = threading.Lock(), [0], [0]

    def handler(request: httpx.Request) -> httpx.Response:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.02)
        with lock:
            active[0] -= 1
        return httpx.Response(200, json=answer(json.loads(request.content), {}).body)

    extractor = _extractor(tmp_path, handler, max_concurrency=2, context_tokens=6000,
                           max_output_tokens=256)  # fmt: skip
    # Two documents at once through one extractor (a batch): still at most two requests.
    threads = [threading.Thread(target=extractor.extract, args=(sample,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak[0] == 2


def test_instructor_logs_no_answer_text(
    tmp_path: Path, sample: Document, caplog: pytest.LogCaptureFixture
) -> None:
    bad_quote = "a sentence the contract never says"

    def handler(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        title = {"value": "X", "evidence": [{"clause_id": "1", "page": 1, "quote": bad_quote}]}
        body = {"title": title} if part_of(sent) == "PartiesDates" else {}
        return httpx.Response(200, json=answer(sent, body).body)

    with caplog.at_level(logging.DEBUG):
        result = _extractor(tmp_path, handler, max_retries=0).extract_with_report(sample)
    assert result.candidates.title is not None and result.terms.title is None
    assert bad_quote not in caplog.text and KEY not in caplog.text


def test_the_item_model_is_generic_over_every_value_type() -> None:
    schema = json.dumps(Fees.model_json_schema())
    assert "Item_FeeLine_" in schema and '"evidence"' in schema
    assert (
        Item[int]
        .model_validate({"value": 3, "evidence": [{"clause_id": "1", "page": 1, "quote": "three"}]})
        .value
        == 3
    )
    assert {p.name for p in PARTS} == {p.template.removesuffix(".j2") for p in PARTS}
    assert FeeKind.PLATFORM.value in json.dumps(Fees.model_json_schema())
    assert os.path.isfile(prompt_module.prompts_dir() / "system.j2")


def test_no_cassette_holds_a_key_or_an_auth_header() -> None:
    folder = REPO / "tests" / "cassettes"
    files = sorted(folder.rglob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        lowered = text.lower()
        assert "authorization:" not in lowered and "api-key:" not in lowered, path.name
        assert "bearer " not in lowered and "secret" not in lowered, path.name
        assert not re.search(r"sk-(?!REDACTED)[A-Za-z0-9_-]{6,}", text), path.name
