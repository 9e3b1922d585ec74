"""End-to-end offline review throughput: PDF -> memo + analysis.json, contracts per minute.

    python benchmarks/bench_review.py [--cuad DIR] [--limit N] [--jobs N] [--extractor E]

Runs `revrec review` (worker-process parsing; the offline extractor unless told otherwise)
over CUAD's PDFs into a
temporary folder and reports contracts and pages per minute and the parent's peak memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.review import run_batch  # noqa: E402
from assistant.settings import load_settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cuad", type=Path, default=REPO.parent / "shared" / "cuad")
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--extractor", choices=["rules", "llm", "auto"], default="rules")
    parser.add_argument(
        "--json", type=Path, default=REPO / "benchmarks" / "results" / "review.json"
    )
    args = parser.parse_args()

    pdfs = sorted((args.cuad / "pdf").glob("*.pdf"))[: args.limit]
    if not pdfs:
        print(f"no PDFs under {args.cuad / 'pdf'}", file=sys.stderr)
        return 2
    settings = load_settings(
        extractor=args.extractor, jobs=args.jobs, ssp_file=REPO / "eval_set" / "ssp.toml"
    )
    if args.extractor == "llm" and not settings.llm.configured:
        print(
            "LLM run skipped: no model endpoint configured (set OPENAI_API_KEY or "
            "REVREC_LLM_BASE_URL; see docs/llm.md)"
        )
        return 0
    out = Path(tempfile.mkdtemp(prefix="revrec-bench-"))
    try:
        started = time.perf_counter()
        batch = run_batch(pdfs, out, settings, force=True, progress=True)
        elapsed = time.perf_counter() - started
    finally:
        shutil.rmtree(out, ignore_errors=True)
    done = [o for o in batch.outcomes if o.status == "done"]
    pages = sum(o.record.page_count for o in done if o.record)
    result = {
        "contracts": len(pdfs),
        "reviewed": len(done),
        "failed": len(batch.failed),
        "pages": pages,
        "jobs": args.jobs,
        "extractor": args.extractor,
        "seconds": round(elapsed, 2),
        "contracts_per_minute": round(len(done) / elapsed * 60, 1),
        "pages_per_second": round(pages / elapsed, 1),
        "parent_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "children_peak_rss_mb": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
        ),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n")
    for key, value in result.items():
        print(f"{key:>24}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
