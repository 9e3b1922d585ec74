"""The review store: state, append-only audit log, reopening, sign-off rules.

Every test runs against SQLite, and against PostgreSQL when REVREC_TEST_POSTGRES_URL is set
(`.ci/run` starts a throwaway server and sets it); each PostgreSQL test gets its own schema.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, delete, text, update
from sqlalchemy.exc import DBAPIError

from assistant.schemas import (
    Analysis,
    ContractTerms,
    ExtractorInfo,
    Flag,
    FlagKind,
    ReviewRecord,
    Severity,
    Step1Contract,
    Step2Obligations,
    Step3Price,
    Step4Allocation,
    Step5Recognition,
)
from assistant.store import (
    AppendOnlyError,
    ReviewIncompleteError,
    ReviewStore,
    StoreError,
    judgment_ids,
)
from assistant.store.engine import parse_url
from assistant.store.models import AuditRow, RecordRow, StoreSession

# Read at import: the autouse fixture in conftest.py clears REVREC_* before each test.
POSTGRES_URL = os.environ.get("REVREC_TEST_POSTGRES_URL")
SHA_A, SHA_B = "a" * 64, "b" * 64
COLLECTIBILITY = "Collectibility of the customer's consideration needs the reviewer's view."
MFN = "A most-favoured-nation clause may reduce future prices."


def make_record(
    sha256: str = SHA_A,
    *,
    contract: str = "nimbus",
    total: str = "60000.00",
    judgments: tuple[str, ...] = (COLLECTIBILITY, MFN),
    model: str | None = "gpt-4.1-mini",
    reviewed_at: datetime | None = None,
) -> ReviewRecord:
    """A small but valid machine review: two open judgments and an info flag."""
    flags = [
        Flag(kind=kind, severity=Severity.JUDGMENT, message=message)
        for kind, message in zip((FlagKind.COLLECTIBILITY, FlagKind.MFN), judgments, strict=False)
    ]
    flags.append(Flag(kind=FlagKind.MISSING_SSP, severity=Severity.INFO, message="No SSP."))
    analysis = Analysis(
        step1=Step1Contract(criteria={}),
        step2=Step2Obligations(performance_obligations=[]),
        step3=Step3Price(
            currency="USD",
            fixed=Decimal(total),
            variable_included=Decimal(0),
            total=Decimal(total),
            components=[],
        ),
        step4=Step4Allocation(lines=[], total_allocated=Decimal(total)),
        step5=Step5Recognition(lines=[]),
        flags=flags,
        summary="One platform fee recognised over twelve months.",
    )
    return ReviewRecord(
        revrec_version="0.1.0",
        contract=contract,
        source_name=f"{contract}.pdf",
        sha256=sha256,
        settings_fingerprint="f" * 16,
        page_count=2,
        extractor=ExtractorInfo(name="llm", model=model, prompt_version="p3"),
        clauses=[],
        terms=ContractTerms(),
        analysis=analysis,
        reviewed_at=reviewed_at or datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
    )


@pytest.fixture(scope="session")
def _postgres_admin() -> Iterator[Engine]:
    assert POSTGRES_URL is not None
    engine = create_engine(parse_url(POSTGRES_URL))
    yield engine
    engine.dispose()


BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


def test_postgresql_backend_is_tested():
    """One skip, not one per test, when no PostgreSQL server is configured."""
    if POSTGRES_URL is None:
        pytest.skip("PostgreSQL: set REVREC_TEST_POSTGRES_URL (.ci/run starts a server)")


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a new schema on the test server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'revrec.db'}"
        return
    admin: Engine = request.getfixturevalue("_postgres_admin")
    schema = f"revrec_test_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = parse_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(store_url: str) -> Iterator[ReviewStore]:
    with ReviewStore.open(store_url) as opened:
        yield opened


@pytest.fixture
def engine(store: ReviewStore) -> Engine:
    return store._engine


def _judgment_fields(record: ReviewRecord) -> list[str]:
    return [f"judgments.{j}" for j in judgment_ids(record.analysis)]


# -- saving and reopening ---------------------------------------------------------------


def test_first_review_is_a_draft_with_one_reviewed_entry(store: ReviewStore):
    record = make_record()
    state = store.save_review(record, reviewer="cli-user", source="cli")

    assert state.status == "draft"
    assert state.contract == "nimbus" and state.source_name == "nimbus.pdf"
    assert state.summary.transaction_price == Decimal("60000.00")
    assert state.summary.flag_kinds == ["collectibility", "mfn", "missing_ssp"]
    assert state.required_judgments == judgment_ids(record.analysis)
    assert len(state.open_judgments) == 2
    (entry,) = store.audit_log(SHA_A)
    assert (entry.action, entry.field, entry.reviewer, entry.source) == (
        "reviewed", "record", "cli-user", "cli",
    )  # fmt: skip
    assert (entry.extractor, entry.model, entry.prompt_version) == ("llm", "gpt-4.1-mini", "p3")
    assert entry.sha256 == SHA_A and entry.old_value is None
    assert entry.at.tzinfo is not None and entry.at.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - entry.at) < timedelta(minutes=1)
    assert store.load_record(state.record_id) == record


def test_saving_the_same_review_again_changes_nothing(store: ReviewStore):
    first = store.save_review(make_record(), reviewer="a", source="cli")
    later = make_record(reviewed_at=datetime(2026, 4, 1, tzinfo=UTC))  # a rerun, same result
    again = store.save_review(later, reviewer="a", source="cli")

    assert again == first
    assert len(store.audit_log(SHA_A)) == 1


def test_a_new_review_keeps_the_reviewers_work_and_reopens_a_signed_memo(store: ReviewStore):
    record = make_record()
    store.save_review(record, reviewer="a", source="cli")
    store.record_change(
        SHA_A, reviewer="jo", field="terms.currency", old_value="USD", new_value="EUR",
        action="edit",
    )  # fmt: skip
    for field in _judgment_fields(record):
        store.record_change(
            SHA_A,
            reviewer="jo",
            field=field,
            old_value=None,
            new_value="seen",
            action="acknowledge",
        )
    store.set_status(SHA_A, "reviewed", reviewer="jo")

    state = store.save_review(make_record(total="61000.00"), reviewer="a", source="cli")

    assert state.status == "draft"
    assert state.terms_overrides == {"terms.currency": "EUR"}
    assert set(state.judgments) == set(judgment_ids(record.analysis))
    assert state.summary.transaction_price == Decimal("61000.00")
    actions = [(e.action, e.old_value, e.new_value) for e in store.audit_log(SHA_A)][-2:]
    assert actions[0][0] == "reviewed" and actions[0][1]["record_id"] == 1
    assert actions[1] == ("status", "reviewed", "draft")
    # The first machine review is still there.
    assert store.load_record(1) == record


def test_reopening_a_contract_restores_its_review(store_url: str):
    record = make_record()
    with ReviewStore.open(store_url) as page:
        page.save_review(record, reviewer="jo", source="page")
        page.record_change(
            SHA_A, reviewer="jo", field="terms.fee_lines[0]", old_value={"amount": "1"},
            new_value={"amount": Decimal("2.50")}, action="edit",
        )  # fmt: skip
        page.record_change(
            SHA_A, reviewer="jo", field="terms.governing_law", old_value="New York",
            new_value=None, action="reject",
        )  # fmt: skip
        page.record_change(
            SHA_A, reviewer="jo", field=_judgment_fields(record)[0], old_value=None,
            new_value="Customer is investment grade.", action="answer",
        )  # fmt: skip
        before = page.load_review(SHA_A)

    with ReviewStore.open(store_url) as reopened:
        state = reopened.load_review(SHA_A)
        assert state == before
        assert state is not None
        assert state.terms_overrides == {"terms.fee_lines[0]": {"amount": "2.50"}}
        assert state.decisions == {
            "terms.fee_lines[0]": "edited",
            "terms.governing_law": "rejected",
        }
        answer = state.judgments[judgment_ids(record.analysis)[0]]
        assert (answer.resolution, answer.answer, answer.by) == (
            "answered", "Customer is investment grade.", "jo",
        )  # fmt: skip
        assert state.open_judgments == judgment_ids(record.analysis)[1:]
        assert reopened.load_record(state.record_id) == record


def test_accept_drops_an_earlier_edit(store: ReviewStore):
    store.save_review(make_record(), reviewer="a", source="cli")
    common = {"sha256": SHA_A, "reviewer": "jo", "field": "terms.currency"}
    store.record_change(**common, old_value="USD", new_value="EUR", action="edit")
    store.record_change(**common, old_value="EUR", new_value="USD", action="accept")
    state = store.load_review(SHA_A)
    assert state is not None
    assert state.terms_overrides == {} and state.decisions == {"terms.currency": "accepted"}
    assert state.revision == 3


def test_portfolio_lists_every_review_by_contract(store: ReviewStore):
    store.save_review(make_record(SHA_B, contract="zephyr"), reviewer="a", source="cli")
    store.save_review(make_record(SHA_A, contract="acme", model=None), reviewer="a", source="cli")
    reviews = store.list_reviews()
    assert [r.contract for r in reviews] == ["acme", "zephyr"]
    assert [r.summary.model for r in reviews] == [None, "gpt-4.1-mini"]
    assert store.load_review("c" * 64) is None
    assert store.load_record(99) is None


# -- sign-off ---------------------------------------------------------------------------


def test_reviewed_is_refused_while_a_judgment_is_open(store: ReviewStore):
    record = make_record()
    store.save_review(record, reviewer="a", source="cli")
    first, second = _judgment_fields(record)
    store.record_change(
        SHA_A, reviewer="jo", field=first, old_value=None, new_value="ok", action="acknowledge"
    )

    with pytest.raises(ReviewIncompleteError, match=r"1 open judgment\(s\) .* \(mfn\)") as err:
        store.set_status(SHA_A, "reviewed", reviewer="jo")
    assert err.value.open_ids == [second.removeprefix("judgments.")]
    assert [e.action for e in store.audit_log(SHA_A)] == ["reviewed", "acknowledge"]

    store.record_change(
        SHA_A, reviewer="jo", field=second, old_value=None, new_value="No MFN exposure.",
        action="answer",
    )  # fmt: skip
    state = store.set_status(SHA_A, "reviewed", reviewer="jo")
    assert (state.status, state.status_by) == ("reviewed", "jo")
    memo = store.status_for(SHA_A)
    assert memo is not None and memo.status == "reviewed" and memo.audit_entries == 4
    assert memo.label.startswith("reviewed by jo on ") and memo.label.endswith(" UTC")


def test_the_page_can_pass_the_judgments_of_the_analysis_it_shows(store: ReviewStore):
    """After an edit the engine reruns and may raise other judgments than the stored ones."""
    store.save_review(make_record(), reviewer="a", source="cli")
    edited = make_record(judgments=("Collectibility, after the edit.",))
    current = judgment_ids(edited.analysis)

    with pytest.raises(ReviewIncompleteError):
        store.set_status(SHA_A, "reviewed", reviewer="jo", required_judgments=current)
    store.record_change(
        SHA_A, reviewer="jo", field=f"judgments.{current[0]}", old_value=None, new_value="ok",
        action="acknowledge",
    )  # fmt: skip
    assert store.set_status(
        SHA_A, "reviewed", reviewer="jo", required_judgments=current
    ).status == ("reviewed")


def test_a_change_after_sign_off_returns_the_memo_to_draft(store: ReviewStore):
    record = make_record(judgments=())
    store.save_review(record, reviewer="a", source="cli")
    store.set_status(SHA_A, "reviewed", reviewer="jo")
    store.record_change(
        SHA_A, reviewer="sam", field="terms.currency", old_value="USD", new_value="EUR",
        action="edit",
    )  # fmt: skip
    state = store.load_review(SHA_A)
    assert state is not None and (state.status, state.status_by) == ("draft", "sam")
    log = store.audit_log(SHA_A)
    assert [(e.action, e.new_value) for e in log[-2:]] == [("edit", "EUR"), ("status", "draft")]
    status = store.status_for(SHA_A)
    assert status is not None and status.label == "draft, not reviewed"
    assert store.status_for("c" * 64) is None


# -- the audit log is append-only -------------------------------------------------------


def test_an_edit_adds_a_row_and_never_rewrites_one(store: ReviewStore):
    store.save_review(make_record(), reviewer="a", source="cli")
    before = store.audit_log(SHA_A)

    entry = store.record_change(
        SHA_A, reviewer="jo", field="terms.effective_date", old_value=date(2026, 3, 1),
        new_value=date(2026, 4, 1), action="edit", extractor="rules", model="", prompt_version="",
        source="page",
    )  # fmt: skip
    after = store.audit_log(SHA_A)

    assert after[: len(before)] == before  # byte for byte, hashes included
    assert after[len(before) :] == [entry]
    assert (entry.old_value, entry.new_value) == ("2026-03-01", "2026-04-01")
    assert (entry.extractor, entry.model, entry.prompt_version) == ("rules", "", "")
    assert entry.id > before[-1].id
    assert store.verify_audit_log(SHA_A) == []


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_log SET new_value = NULL",
        "UPDATE audit_log SET reviewer = 'someone else' WHERE action = 'edit'",
        "DELETE FROM audit_log",
        "UPDATE records SET record_json = '{}'",
        "DELETE FROM records",
    ],
)
def test_the_database_refuses_a_raw_update_or_delete(store: ReviewStore, engine: Engine, sql):
    store.save_review(make_record(), reviewer="a", source="cli")
    store.record_change(
        SHA_A, reviewer="jo", field="terms.currency", old_value="USD", new_value="EUR",
        action="edit",
    )  # fmt: skip
    before = store.audit_log(SHA_A)

    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.exec_driver_sql(sql)

    assert store.audit_log(SHA_A) == before
    assert store.load_record(1) == make_record()


def test_postgres_refuses_truncate(store: ReviewStore, engine: Engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    store.save_review(make_record(), reviewer="a", source="cli")
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.exec_driver_sql("TRUNCATE audit_log, reviews, records")
    assert len(store.audit_log(SHA_A)) == 1


def test_the_orm_refuses_to_update_or_delete_audit_rows(store: ReviewStore, engine: Engine):
    store.save_review(make_record(), reviewer="a", source="cli")
    with StoreSession(engine) as session:
        row = session.get(AuditRow, 1)
        assert row is not None
        row.reviewer = "someone else"
        with pytest.raises(AppendOnlyError, match="audit_log is append-only: update"):
            session.flush()
        session.rollback()
        session.delete(session.get(AuditRow, 1))
        with pytest.raises(AppendOnlyError, match="delete"):
            session.flush()
        session.rollback()
        with pytest.raises(AppendOnlyError, match="bulk update"):
            session.execute(update(AuditRow).values(reviewer="x"))
        with pytest.raises(AppendOnlyError, match="records is append-only: bulk delete"):
            session.execute(delete(RecordRow))
    assert [e.reviewer for e in store.audit_log(SHA_A)] == ["a"]


def test_a_rewrite_behind_the_triggers_back_breaks_the_hash_chain(
    store: ReviewStore, engine: Engine
):
    """Whoever can drop the triggers can rewrite a row; the chain shows that it happened."""
    store.save_review(make_record(), reviewer="a", source="cli")
    for value in ("EUR", "GBP", "JPY"):
        store.record_change(
            SHA_A, reviewer="jo", field="terms.currency", old_value=None, new_value=value,
            action="edit",
        )  # fmt: skip
    assert store.verify_audit_log(SHA_A) == []
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql(
                "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"
            )
        else:
            connection.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        connection.execute(text("UPDATE audit_log SET new_value = '\"CHF\"' WHERE id = 3"))
    assert store.verify_audit_log(SHA_A) == [3]


# -- misuse and concurrency -------------------------------------------------------------


def test_misuse_is_a_clear_error(store: ReviewStore):
    with pytest.raises(StoreError, match="no review stored for document aaaaaaaaaaaa"):
        store.set_status(SHA_A, "reviewed", reviewer="jo")
    store.save_review(make_record(), reviewer="a", source="cli")
    with pytest.raises(ValueError, match=r"'answer' does not apply to field 'terms\.currency'"):
        store.record_change(
            SHA_A, reviewer="jo", field="terms.currency", old_value=None, new_value="x",
            action="answer",
        )  # fmt: skip
    with pytest.raises(ValueError, match="does not apply"):
        store.record_change(
            SHA_A, reviewer="jo", field="currency", old_value=None, new_value="x", action="edit"
        )
    with pytest.raises(ValueError, match="status must be"):
        store.record_change(
            SHA_A, reviewer="jo", field="status", old_value="draft", new_value="signed",
            action="status",
        )  # fmt: skip
    with pytest.raises(StoreError, match="needs the reviewer's name"):
        store.record_change(
            SHA_A, reviewer="  ", field="terms.currency", old_value=None, new_value="x",
            action="edit",
        )  # fmt: skip
    assert len(store.audit_log(SHA_A)) == 1


def test_concurrent_reviewers_queue_and_the_chain_holds(store_url: str):
    stores = [ReviewStore.open(store_url) for _ in range(3)]
    stores[0].save_review(make_record(), reviewer="a", source="cli")
    errors: list[BaseException] = []

    def work(store: ReviewStore, who: str) -> None:
        try:
            for i in range(8):
                store.record_change(
                    SHA_A, reviewer=who, field=f"terms.fee_lines[{i}]", old_value=None,
                    new_value=i, action="edit",
                )  # fmt: skip
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(s, f"r{n}")) for n, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        log = stores[0].audit_log(SHA_A)
        assert len(log) == 1 + 3 * 8
        assert stores[0].verify_audit_log(SHA_A) == []
        state = stores[0].load_review(SHA_A)
        assert state is not None and state.revision == 1 + 3 * 8
    finally:
        for s in stores:
            s.close()
