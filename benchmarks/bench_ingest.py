"""Ingest benchmark over CUAD: extraction speed, peak memory, and span containment.

    .venv/bin/python benchmarks/bench_ingest.py [CUAD_DIR] [--limit N] [--json PATH]

Phases, each in a fresh single process so its peak RSS is its own:

- `pdfium`: pypdfium2 text extraction alone (open, text of every page, close);
- `pypdf`: pypdf `extract_text` alone, for comparison (`--pypdf-limit` to use fewer files);
- `load_pdf`: the full ingest stage, `assistant.ingest.load_pdf` (read, extract, normalise,
  segment, validate the `Document`);
- `spans`: for every non-empty labelled span in `labels.jsonl` (all categories), whether it
  occurs in the document (whitespace-normalised and case-folded with
  `assistant.schemas.textnorm`) and, if so, whether it lies inside one clause.

Only counts and timings are printed; contract text never is.
"""

from __future__ import annotations

import argparse
import bisect
import io
import json
import logging
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CUAD = REPO.parent / "shared" / "cuad"
DEFAULT_JSON = REPO / "benchmarks" / "results" / "ingest.json"
PHASES = ("pdfium", "pypdf", "load_pdf", "spans")

# CUAD's span texts come from its plain-text version: parts of a span that the annotators
# skipped are marked `<omitted>`, zero-width spaces survive, and a hyphen at a line break
# became `- `. The lenient match undoes exactly these, and nothing else.
_OMITTED = "<omitted>"
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_HYPHEN_BREAK = re.compile(r"(?<=\w)- (?=\w)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cuad", nargs="?", type=Path, default=DEFAULT_CUAD)
    parser.add_argument("--limit", type=int, default=None, help="only the first N contracts")
    parser.add_argument("--pypdf-limit", type=int, default=None, help="pypdf on first N only")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    records = _records(args.cuad, args.limit)
    if args.phase:
        limit = args.pypdf_limit if args.phase == "pypdf" else None
        json.dump(_run_phase(args.phase, args.cuad, records[:limit]), sys.stdout)
        return 0

    results: dict[str, Any] = {}
    for phase in PHASES:
        cmd = [sys.executable, __file__, str(args.cuad), "--phase", phase]
        if args.limit is not None:
            cmd += ["--limit", str(args.limit)]
        if args.pypdf_limit is not None:
            cmd += ["--pypdf-limit", str(args.pypdf_limit)]
        print(f"running {phase} ...", file=sys.stderr, flush=True)
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        results[phase] = json.loads(out)
    report = {
        "command": " ".join(["benchmarks/bench_ingest.py", *(argv or sys.argv[1:])]),
        "cuad_dir": args.cuad.name,
        "contracts": len(records),
        "python": sys.version.split()[0],
        **results,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    _print_table(report)
    print(f"\nwritten to {args.json}")
    return 0


def _records(cuad: Path, limit: int | None) -> list[dict[str, Any]]:
    labels = cuad / "labels.jsonl"
    if not labels.exists():
        raise SystemExit(f"{labels} not found: pass the CUAD folder as the first argument")
    with labels.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    return records[:limit]


def _run_phase(phase: str, cuad: Path, records: list[dict[str, Any]]) -> dict[str, Any]:
    paths = [cuad / r["pdf"] for r in records]
    if phase == "spans":
        return _spans(paths, records)
    extract = {"pdfium": _pdfium_pages, "pypdf": _pypdf_pages, "load_pdf": _load_pdf_pages}[phase]
    baseline_mb = _maxrss_mb()
    load_before = os.getloadavg()[0]
    pages, seconds, failures = 0, 0.0, 0
    for path in paths:
        data = path.read_bytes() if phase != "load_pdf" else None
        start = time.perf_counter()
        try:
            pages += extract(path, data)
        except Exception:  # a file one library cannot read is counted, not fatal
            failures += 1
        seconds += time.perf_counter() - start
    return {
        "files": len(paths),
        "failures": failures,
        "pages": pages,
        "seconds": round(seconds, 3),
        "pages_per_second": round(pages / seconds, 1) if seconds else None,
        "peak_rss_mb": round(_maxrss_mb(), 1),
        "baseline_rss_mb": round(baseline_mb, 1),
        # Other work on the machine slows every phase; the 1-minute load says how much.
        "load_average_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def _pdfium_pages(path: Path, data: bytes | None) -> int:
    import pypdfium2 as pdfium

    with pdfium.PdfDocument(data) as pdf:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)


def _pypdf_pages(path: Path, data: bytes | None) -> int:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    assert data is not None
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        page.extract_text()
    return len(reader.pages)


def _load_pdf_pages(path: Path, data: bytes | None) -> int:
    from assistant.ingest import load_pdf
    from assistant.settings import IngestLimits

    return load_pdf(path, IngestLimits()).page_count


def _spans(paths: list[Path], records: list[dict[str, Any]]) -> dict[str, Any]:
    from assistant.ingest import load_pdf
    from assistant.schemas.textnorm import NormalisedText, normalise
    from assistant.settings import IngestLimits

    totals = {"spans": 0, "found": 0, "inside": 0, "lenient_found": 0, "lenient_inside": 0}
    by_category: dict[str, dict[str, int]] = {}
    clause_chars: list[int] = []
    clauses_per_page: list[float] = []
    for path, record in zip(paths, records, strict=True):
        document = load_pdf(path, IngestLimits())
        clause_chars += [c.char_end - c.char_start for c in document.clauses]
        clauses_per_page.append(len(document.clauses) / max(document.page_count, 1))
        starts = [c.char_start for c in document.clauses]
        normalised = NormalisedText(document.text)
        folded, offsets = _casefold(normalised.text, normalised.offsets)

        def locate(needle: str, folded: str = folded, offsets: list[int] = offsets) -> Any:
            parts = [p for p in (normalise(x).casefold() for x in needle.split(_OMITTED)) if p]
            begin, pos = None, 0
            for part in parts:
                found = folded.find(part, pos)
                if found < 0:
                    return None
                begin = found if begin is None else begin
                pos = found + len(part)
            return (offsets[begin], offsets[pos - 1]) if begin is not None else None

        for category, label in record["labels"].items():
            for span in label["spans"]:
                if not normalise(span.replace(_OMITTED, " ")):
                    continue
                row = by_category.setdefault(category, dict.fromkeys(totals, 0))
                strict = None if _OMITTED in span else locate(span)
                lenient = strict or locate(_HYPHEN_BREAK.sub("-", _ZERO_WIDTH.sub("", span)))
                for key, hit in (("", strict), ("lenient_", lenient)):
                    if hit is None:
                        continue
                    inside = bisect.bisect_right(starts, hit[0]) == bisect.bisect_right(
                        starts, hit[1]
                    )
                    for target in (totals, row):
                        target[f"{key}found"] += 1
                        target[f"{key}inside"] += inside
                for target in (totals, row):
                    target["spans"] += 1

    clause_chars.sort()
    return {
        **totals,
        "found_share": _share(totals["found"], totals["spans"]),
        "inside_share_of_found": _share(totals["inside"], totals["found"]),
        "lenient_found_share": _share(totals["lenient_found"], totals["spans"]),
        "lenient_inside_share_of_found": _share(totals["lenient_inside"], totals["lenient_found"]),
        "clauses": len(clause_chars),
        "clause_chars_median": clause_chars[len(clause_chars) // 2] if clause_chars else 0,
        "clause_chars_p90": clause_chars[int(len(clause_chars) * 0.9)] if clause_chars else 0,
        "clause_chars_max": clause_chars[-1] if clause_chars else 0,
        "clauses_per_page_median": round(statistics.median(clauses_per_page), 2)
        if clauses_per_page
        else 0,
        "by_category": dict(sorted(by_category.items())),
    }


def _casefold(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    folded = text.casefold()
    if len(folded) == len(text):
        return folded, offsets
    # A few characters fold to two (ß -> ss): rebuild the offset map character by character.
    chars: list[str] = []
    mapped: list[int] = []
    for ch, offset in zip(text, offsets, strict=True):
        for out in ch.casefold():
            chars.append(out)
            mapped.append(offset)
    return "".join(chars), mapped


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _maxrss_mb() -> float:
    # Linux reports ru_maxrss in KiB (macOS in bytes; this benchmark targets Linux).
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _print_table(report: dict[str, Any]) -> None:
    print(f"\nIngest benchmark: {report['contracts']} CUAD contracts, one process per phase\n")
    print(f"{'phase':<34}{'files':>7}{'pages':>8}{'seconds':>9}{'pages/s':>9}{'peak MB':>9}")
    names = {
        "pdfium": "pypdfium2 text extraction",
        "pypdf": "pypdf text extraction",
        "load_pdf": "load_pdf (extract + segment)",
    }
    for phase, name in names.items():
        r = report[phase]
        print(
            f"{name:<34}{r['files']:>7}{r['pages']:>8}{r['seconds']:>9.1f}"
            f"{r['pages_per_second']:>9.0f}{r['peak_rss_mb']:>9.0f}"
        )
    s = report["spans"]
    print(f"\nlabelled spans (non-empty, all categories): {s['spans']}")
    print(f"  found in the text (textnorm, case-folded):  {s['found_share']:.1%}")
    print(f"    of those, inside one clause:              {s['inside_share_of_found']:.1%}")
    print(f"  found, lenient (<omitted>, `- `, ZWSP):      {s['lenient_found_share']:.1%}")
    print(f"    of those, inside one clause:              {s['lenient_inside_share_of_found']:.1%}")
    print(
        f"clauses: {s['clauses']}, median {s['clause_chars_median']} chars,"
        f" p90 {s['clause_chars_p90']}, max {s['clause_chars_max']};"
        f" median {s['clauses_per_page_median']} per page"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
