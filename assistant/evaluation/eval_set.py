"""Review every labelled contract of an eval folder and score it.

The folder holds `labels/<stem>.json` (`ContractLabels`), the PDFs they name in `pdf/`, and
optionally `ssp.toml`, the SSP table the engine labels assume.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError
from tqdm import tqdm

from assistant import __version__
from assistant.errors import RevrecError
from assistant.evaluation.contract import score_contract
from assistant.evaluation.report import ContractResult, EvalReport, MissRecord, build_report
from assistant.extract import Extractor
from assistant.schemas import ContractLabels, SspTable


def label_files(eval_dir: Path) -> list[Path]:
    files = sorted((eval_dir / "labels").glob("*.json"))
    if not files:
        raise RevrecError(f"{eval_dir}: no labelled contracts (expected labels/*.json)")
    return files


def extractor_label(extractor: Extractor) -> str:
    info = extractor.info()
    return f"{info.name}:{info.model}" if info.model else info.name


def _review_and_score(
    label_path: Path, eval_dir: Path, extractor: Extractor, ssp: SspTable
) -> ContractResult:
    from assistant.ingest import load_pdf
    from assistant.render import render_memo
    from assistant.review import review_document
    from assistant.settings import IngestLimits

    stem = label_path.stem
    try:
        labels = ContractLabels.model_validate_json(label_path.read_bytes())
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "labels"
        return ContractResult(
            contract=stem, pdf="", error=f"invalid labels ({where}: {err['msg']})"
        )
    pdf = eval_dir / "pdf" / labels.contract
    try:
        document = load_pdf(pdf, IngestLimits())
        record = review_document(
            document, extractor, ssp, contract=stem, settings_fingerprint="eval"
        )
        score = score_contract(record, labels, document, render_memo(record))
    except RevrecError as exc:
        return ContractResult(contract=stem, pdf=labels.contract, error=exc.message)
    except Exception as exc:  # a defect in one contract's review must not hide the rest
        return ContractResult(
            contract=stem,
            pdf=labels.contract,
            error=f"internal error ({type(exc).__name__}: {str(exc)[:200]})",
        )
    return ContractResult(
        contract=stem,
        pdf=labels.contract,
        counts={name: t for name, t in score.counts.items() if not t.empty},
        misses=[
            MissRecord(metric=m.metric, expected=m.expected, predicted=m.predicted)
            for m in score.misses
        ],
    )


def iter_results(
    eval_dir: Path, extractor: Extractor, ssp: SspTable, *, progress: bool = False
) -> Iterator[ContractResult]:
    files = label_files(eval_dir)
    for path in tqdm(files, desc="eval", unit="contract", disable=not progress, file=sys.stderr):
        yield _review_and_score(path, eval_dir, extractor, ssp)


def run_eval(
    eval_dir: Path, extractor: Extractor, ssp: SspTable, *, progress: bool = False
) -> EvalReport:
    """Review and score every labelled contract; failures are recorded, never raised."""
    results = list(iter_results(eval_dir, extractor, ssp, progress=progress))
    return build_report(
        results,
        revrec_version=__version__,
        extractor=extractor_label(extractor),
        eval_dir=str(eval_dir),
    )
