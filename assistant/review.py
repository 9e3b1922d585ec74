"""The review pipeline: PDF -> Document -> ContractTerms -> Analysis -> memo, for a batch.

Each file is parsed in a worker process under a per-file time limit, so a hostile PDF can
neither hang nor crash the batch. Outputs are written atomically and `analysis.json` last,
so an interrupted batch resumes where it stopped: a contract whose `analysis.json` has the
same document hash and settings fingerprint is skipped.
"""

from __future__ import annotations

import hashlib
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pebble import ProcessExpired, ProcessFuture, ProcessPool
from tqdm import tqdm

from assistant import __version__
from assistant.engine import analyse
from assistant.errors import DocumentLoadError, RevrecError, SettingsError
from assistant.extract import Extractor, run_extractor
from assistant.outputs import safe_name, summary_csv, write_atomic
from assistant.render import render_memo
from assistant.schemas import ContractTerms, Document, PartyRole, ReviewRecord, SspTable
from assistant.schemas.inputs import ReviewerInputs
from assistant.schemas.record import ClauseRef
from assistant.settings import IngestLimits, Settings, load_reviewer_inputs

Status = Literal["done", "skipped", "failed"]
MEMO = "memo.md"
ANALYSIS = "analysis.json"
SUMMARY = "summary.csv"


@dataclass(frozen=True)
class Job:
    path: Path
    name: str
    """Output folder name, unique within the batch."""
    amends: Path | None = None
    """For an amendment: the agreement it modifies, reviewed in the same batch (deals.py)."""
    earlier: tuple[Path, ...] = ()
    """For an amendment: amendments of the same agreement applied before it, in order."""


@dataclass
class Outcome:
    job: Job
    status: Status
    error: str = ""
    record: ReviewRecord | None = None


def make_extractor(settings: Settings) -> Extractor:
    """The extractor the settings ask for; `auto` is the LLM when an endpoint is configured
    (an API key, a base URL or Azure settings), otherwise the offline rule-based one."""
    choice = settings.extractor
    if choice == "auto":
        choice = "llm" if settings.llm.configured else "rules"
    if choice == "llm":
        if not settings.llm.configured:
            raise SettingsError(
                "--extractor llm needs a model endpoint: set OPENAI_API_KEY, "
                "REVREC_LLM_BASE_URL (a local server) or AZURE_OPENAI_ENDPOINT with "
                "AZURE_OPENAI_API_KEY; see docs/llm.md"
            )
        from assistant.llm import LLMExtractor

        return LLMExtractor(settings.llm)
    from assistant.extract.rules import RuleExtractor

    return RuleExtractor()


def discover(paths: Iterable[Path]) -> list[Path]:
    """Contract files to review: PDFs under folders (recursive), and any file named explicitly."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
            )
        else:
            found.append(path)
    unique = dict.fromkeys(p.resolve() for p in found)
    return list(unique)


def plan(paths: Sequence[Path]) -> list[Job]:
    jobs: list[Job] = []
    used: set[str] = set()
    for path in paths:
        name = safe_name(path.stem)
        if name in used:
            name = f"{name}-{hashlib.sha256(str(path).encode()).hexdigest()[:8]}"
        used.add(name)
        jobs.append(Job(path=path, name=name))
    return jobs


def review_document(
    document: Document,
    extractor: Extractor,
    ssp: SspTable,
    *,
    contract: str,
    settings_fingerprint: str,
    inputs: ReviewerInputs | None = None,
) -> ReviewRecord:
    """Extract, analyse (with the reviewer's inputs, if any) and package one parsed contract."""
    extraction = run_extractor(extractor, document)
    terms = extraction.terms
    analysis = analyse(terms, ssp, inputs)
    return ReviewRecord(
        revrec_version=__version__,
        contract=contract,
        source_name=document.source_name,
        sha256=document.sha256,
        settings_fingerprint=settings_fingerprint,
        page_count=document.page_count,
        extractor=extractor.info(),
        clauses=[
            ClauseRef(id=c.id, heading=c.heading, page_start=c.page_start, page_end=c.page_end)
            for c in document.clauses
        ],
        terms=terms,
        candidates=extraction.candidates if _has_terms(extraction.candidates) else None,
        usage=extraction.usage,
        analysis=analysis,
        reviewed_at=datetime.now(UTC).replace(microsecond=0),
    )


def _has_terms(terms: ContractTerms | None) -> bool:
    return terms is not None and any(
        getattr(terms, name) not in (None, []) for name in type(terms).model_fields
    )


def write_outputs(folder: Path, record: ReviewRecord) -> None:
    write_atomic(folder / MEMO, render_memo(record))
    # analysis.json last: its presence marks the contract as done for a resumed batch.
    write_atomic(folder / ANALYSIS, record.model_dump_json(indent=2) + "\n")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _up_to_date(folder: Path, sha256: str, fingerprint: str) -> ReviewRecord | None:
    analysis = folder / ANALYSIS
    if not analysis.is_file() or not (folder / MEMO).is_file():
        return None
    try:
        record = ReviewRecord.model_validate_json(analysis.read_bytes())
    except ValueError:
        return None  # unreadable or from an older schema: review again
    if record.sha256 == sha256 and record.settings_fingerprint == fingerprint:
        return record
    return None


def _parse_worker(path: str, limits: dict[str, float]) -> Document:
    from assistant.ingest import load_pdf

    return load_pdf(Path(path), IngestLimits(**limits))  # type: ignore[arg-type]


@dataclass
class BatchReport:
    outcomes: list[Outcome]
    summary_path: Path
    notes: list[str] = field(default_factory=list)
    """Things the user should know about the batch (e.g. an ambiguous deal folder)."""

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def run_batch(
    paths: Sequence[Path],
    out_dir: Path,
    settings: Settings,
    *,
    force: bool = False,
    progress: bool = True,
    debug: bool = False,
    on_outcome: Callable[[Outcome], None] | None = None,
    record_review: Callable[[ReviewRecord], object] | None = None,
    amends: Path | None = None,
) -> BatchReport:
    """Review every contract under `paths` into `out_dir`; one failure never stops the rest.

    `record_review` is called with each record written or found up to date, e.g. to save it
    in the review store (`ReviewStore.save_review`); a `RevrecError` it raises fails that
    contract only.

    Amendments (`amends`, or the deal-folder convention: `assistant/deals.py`) are reviewed
    after the agreements they modify; contract-combination flags are written in at the end."""
    from assistant import deals

    extractor = make_extractor(settings)
    ssp = settings.ssp_table()
    info = extractor.info()
    fingerprint = settings.fingerprint(extractor_identity(settings, extractor))
    found = discover([*paths, amends] if amends is not None else paths)
    links, notes = deals.link_deals(found, paths, amends)
    jobs = [
        Job(j.path, j.name, links[j.path].original, links[j.path].earlier) if j.path in links else j
        for j in plan(found)
    ]
    # Originals first, then amendments in chain order: an amendment's fingerprint includes
    # the hashes of what it amends, so those are read before it.
    jobs.sort(key=lambda j: (j.amends is not None, len(j.earlier)))
    sha_of: dict[Path, str] = {}
    out_dir.mkdir(parents=True, exist_ok=True)
    outcomes: list[Outcome] = []
    limits = settings.ingest_limits().model_dump()
    done_by_path: dict[Path, ReviewRecord] = {}

    lock = threading.Lock()

    def finish(outcome: Outcome) -> None:
        with lock:  # extraction threads finish contracts concurrently
            if record_review is not None and outcome.record is not None:
                try:
                    record_review(outcome.record)
                except RevrecError as exc:
                    error = f"{outcome.job.path.name}: outputs written, not recorded: {exc.message}"
                    outcome = Outcome(outcome.job, "failed", error=error, record=outcome.record)
            outcomes.append(outcome)
            bar.update(1)
            if on_outcome:
                on_outcome(outcome)

    bar = tqdm(
        total=len(jobs),
        unit="contract",
        disable=not progress or len(jobs) <= 3,
        file=sys.stderr,
        dynamic_ncols=True,
    )
    try:
        with ProcessPool(max_workers=settings.jobs) as pool:
            to_review: list[Job] = []
            for job in jobs:
                folder = out_dir / job.name
                try:
                    sha = file_sha256(job.path) if job.path.is_file() else ""
                except OSError:
                    sha = ""
                sha_of[job.path] = sha
                if sha and not force:
                    existing = _up_to_date(
                        folder, sha, _job_fingerprint(job, fingerprint, sha_of, settings)
                    )
                    if existing is not None:
                        finish(Outcome(job, "skipped", record=existing))
                        continue
                to_review.append(job)

            def review_one(job: Job) -> Outcome:
                parsed = pool.schedule(
                    _parse_worker,
                    args=(str(job.path), limits),
                    timeout=settings.parse_timeout_seconds,
                )
                job_print = _job_fingerprint(job, fingerprint, sha_of, settings)
                return _complete(
                    job,
                    parsed,
                    extractor,
                    ssp,
                    job_print,
                    out_dir,
                    debug,
                    done_by_path,
                    _inputs_path(job, settings),
                )

            # Each thread has one contract parsed in a worker process, then extracts it, so at
            # most `threads` parsed documents are held in memory at once. LLM extraction is
            # network-bound: it gets as many threads as its concurrency setting allows.
            threads = settings.jobs
            if info.name == "llm":
                threads = max(threads, settings.llm.max_concurrency)
            with ThreadPoolExecutor(max_workers=threads) as executor:
                futures = [executor.submit(review_one, j) for j in to_review if j.amends is None]
                for done in as_completed(futures):
                    finish(done.result())
            # Amendments after the agreements they modify, each after the ones before it.
            done_by_path.update({o.job.path: o.record for o in outcomes if o.record})
            for job in sorted((j for j in to_review if j.amends), key=lambda j: len(j.earlier)):
                finish(review_one(job))
                done_by_path.update({o.job.path: o.record for o in outcomes if o.record})
        for record in deals.combine(o.record for o in outcomes if o.record):
            write_outputs(out_dir / record.contract, record)
            for o in outcomes:
                if o.record is not None and o.record.contract == record.contract:
                    o.record = record
    finally:
        bar.close()
        outcomes.sort(key=lambda o: o.job.name)
        write_atomic(out_dir / SUMMARY, summary_csv([summary_row(o) for o in outcomes]))
    return BatchReport(outcomes=outcomes, summary_path=out_dir / SUMMARY, notes=notes)


def _inputs_path(job: Job, settings: Settings) -> Path | None:
    """`<inputs dir>/<contract>.toml`, when the reviewer wrote one for this contract."""
    if settings.inputs_dir is None:
        return None
    path = settings.inputs_dir / f"{job.name}.toml"
    return path if path.is_file() else None


def _job_fingerprint(
    job: Job, fingerprint: str, sha_of: dict[Path, str], settings: Settings
) -> str:
    inputs = _inputs_path(job, settings)
    if inputs is not None:
        # Changed reviewer inputs change the analysis: review again.
        digest = hashlib.sha256(inputs.read_bytes()).hexdigest()[:16]
        fingerprint = hashlib.sha256(f"{fingerprint}:{digest}".encode()).hexdigest()[:16]
    if job.amends is None:
        return fingerprint
    from assistant import deals

    return deals.deal_fingerprint(fingerprint, deals.Link(job.amends, job.earlier), sha_of)


def extractor_identity(settings: Settings, extractor: Extractor) -> str:
    """What identifies the extractor's results: a rerun with another model, prompt or
    endpoint (the same model name on two servers can be different weights) reviews again."""
    info = extractor.info()
    parts = [info.name, str(info.model), str(info.prompt_version), info.schema_version]
    if info.name == "llm":
        parts += [settings.llm.endpoint_label(), settings.llm.mode]
    return ":".join(parts)


def _complete(
    job: Job,
    future: ProcessFuture,
    extractor: Extractor,
    ssp: SspTable,
    fingerprint: str,
    out_dir: Path,
    debug: bool,
    reviewed: dict[Path, ReviewRecord] | None = None,
    inputs_path: Path | None = None,
) -> Outcome:
    name = job.path.name
    try:
        document: Document = future.result()
        if job.amends is not None:
            from assistant.deals import review_amendment

            reviewed = reviewed or {}
            original = reviewed.get(job.amends)
            earlier = [reviewed.get(p) for p in job.earlier]
            if original is None or None in earlier:
                raise RevrecError(
                    f"{name}: the agreement it amends ({job.amends.name}) or an earlier "
                    "amendment could not be reviewed, so the amendment cannot be classified"
                )
            record = review_amendment(
                document,
                extractor,
                ssp,
                original=original,
                earlier=[r for r in earlier if r is not None],
                contract=job.name,
                settings_fingerprint=fingerprint,
            )
        else:
            inputs = load_reviewer_inputs(inputs_path) if inputs_path else None
            record = review_document(
                document,
                extractor,
                ssp,
                contract=job.name,
                settings_fingerprint=fingerprint,
                inputs=inputs,
            )
        write_outputs(out_dir / job.name, record)
        return Outcome(job, "done", record=record)
    except RevrecError as exc:
        return Outcome(job, "failed", error=exc.message)
    except FutureTimeout:
        error = DocumentLoadError(name, "parsing took too long and was stopped (time limit)")
        return Outcome(job, "failed", error=error.message)
    except ProcessExpired:
        error = DocumentLoadError(name, "the PDF crashed the parser (worker process died)")
        return Outcome(job, "failed", error=error.message)
    except Exception as exc:
        if debug:
            raise
        # The message may quote contract text (e.g. a validation error): show only the type.
        return Outcome(
            job,
            "failed",
            error=f"{name}: internal error ({type(exc).__name__}); rerun with --debug for details",
        )


def summary_row(outcome: Outcome) -> dict[str, str]:
    row = {
        "contract": outcome.job.name,
        "status": outcome.status,
        "error": outcome.error,
        "source": outcome.job.path.name,
    }
    record = outcome.record
    if record is None:
        return row
    terms, analysis = record.terms, record.analysis
    customer = terms.party(PartyRole.CUSTOMER)
    term = analysis.step1.contract_term_months
    row.update(
        extractor=record.extractor.name,
        customer=customer.value.name if customer else "",
        effective_date=terms.effective_date.value.isoformat() if terms.effective_date else "",
        contract_term_months=f"{term.normalize():f}" if term is not None else "",
        transaction_price=f"{analysis.step3.total:f}",
        currency=analysis.step3.currency or "",
        performance_obligations=str(len(analysis.step2.performance_obligations)),
        flags=str(len(analysis.flags)),
        flag_kinds=";".join(dict.fromkeys(f.kind.value for f in analysis.flags)),
    )
    return row


def read_summary(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


__all__ = ["BatchReport", "Outcome", "discover", "review_document", "run_batch", "write_outputs"]
