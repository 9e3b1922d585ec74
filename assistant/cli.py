"""`revrec`: the command line. Thin: it parses arguments and calls the pipeline."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant import __version__
from assistant.errors import RevrecError
from assistant.schedule import commands as schedule_commands

if TYPE_CHECKING:
    from assistant.review import Outcome
    from assistant.settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _parser() -> argparse.ArgumentParser:
    from assistant.evaluation.command import add_eval_arguments

    parser = argparse.ArgumentParser(
        prog="revrec", description="ASC 606 contract review and memo drafting."
    )
    parser.add_argument("--version", action="version", version=f"revrec {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    review = sub.add_parser(
        "review", help="review PDF contracts (files or folders) into memos and analysis.json"
    )
    review.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    review.add_argument("--out", type=Path, required=True, metavar="DIR")
    review.add_argument("--extractor", choices=["auto", "rules", "llm"], default=None)
    review.add_argument(
        "--ssp",
        type=Path,
        default=None,
        metavar="TOML",
        help="SSP table (default: REVREC_SSP_FILE; none flags every PO)",
    )
    review.add_argument(
        "--inputs",
        type=Path,
        default=None,
        metavar="DIR",
        help="reviewer inputs, DIR/<contract>.toml per contract (default: REVREC_INPUTS_DIR)",
    )
    review.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="contracts parsed in parallel (default: REVREC_JOBS or 1)",
    )
    review.add_argument("--max-pages", type=int, default=None)
    review.add_argument("--max-file-mb", type=float, default=None)
    review.add_argument(
        "--timeout", type=float, default=None, metavar="SECONDS", help="per-file parse time limit"
    )
    review.add_argument(
        "--force", action="store_true", help="review again even where outputs are up to date"
    )
    review.add_argument(
        "--db",
        default=None,
        metavar="URL",
        help="review store (default: REVREC_DATABASE_URL, else OUT/revrec.db); see docs/store.md",
    )
    review.add_argument(
        "--amends",
        type=Path,
        default=None,
        metavar="ORIGINAL.pdf",
        help="the PATHs are amendments of this agreement (reviewed too): classify each as a "
        "separate contract, prospective or cumulative catch-up (see docs/modifications.md)",
    )
    review.add_argument("--no-progress", action="store_true")
    review.add_argument(
        "--debug",
        action="store_true",
        help="raise internal errors with a traceback (may show contract text)",
    )

    ev = sub.add_parser(
        "eval",
        help="score reviews against labelled contracts (default eval_set) or run the CUAD "
        "benchmark (--cuad); see docs/evaluation.md",
    )
    add_eval_arguments(ev)

    schedule_commands.add_parsers(sub)

    schemas = sub.add_parser("schemas", help="write the JSON Schemas generated from the models")
    schemas.add_argument("--out", type=Path, default=None, metavar="DIR")
    schemas.add_argument(
        "--check", action="store_true", help="exit 1 if the files differ from the models"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="revrec: %(message)s")
    args = _parser().parse_args(argv)
    try:
        if args.command == "review":
            return _review(args)
        if args.command == "eval":
            return _eval(args)
        if args.command in schedule_commands.COMMANDS:
            return schedule_commands.run(args)
        return _schemas(args)
    except RevrecError as exc:
        print(f"revrec: error: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("revrec: interrupted; rerun the same command to resume", file=sys.stderr)
        return EXIT_INTERRUPTED


def _review(args: argparse.Namespace) -> int:
    from assistant.review import run_batch
    from assistant.settings import load_settings
    from assistant.store import ReviewStore, default_reviewer

    settings = load_settings(
        extractor=args.extractor,
        ssp_file=args.ssp,
        inputs_dir=args.inputs,
        jobs=args.jobs,
        max_pages=args.max_pages,
        max_file_mb=args.max_file_mb,
        parse_timeout_seconds=args.timeout,
        database_url=args.db,
    )
    named = [*args.paths, args.amends] if args.amends is not None else args.paths
    missing = [str(p) for p in named if not p.exists()]
    if missing:
        raise RevrecError(f"no such file or folder: {', '.join(missing)}")
    if settings.inputs_dir is not None and not settings.inputs_dir.is_dir():
        raise RevrecError(f"reviewer inputs: no such folder: {settings.inputs_dir}")
    if args.amends is not None and not args.amends.is_file():
        raise RevrecError(
            f"--amends takes the original agreement's PDF, not a folder: {args.amends}"
        )
    store = ReviewStore.open(settings.database_url, out_dir=args.out)
    reviewer = default_reviewer()

    def report(outcome: Outcome) -> None:
        where = args.out / outcome.job.name / "memo.md"
        if outcome.status == "failed":
            line = f"failed   {outcome.error}"
        elif outcome.status == "skipped":
            line = f"skipped  {outcome.job.name}: up to date -> {where}"
        else:
            line = f"done     {outcome.job.name} -> {where}"
        print(line, flush=True)

    try:
        batch = run_batch(
            args.paths,
            args.out,
            settings,
            force=args.force,
            progress=not args.no_progress,
            debug=args.debug,
            on_outcome=report,
            amends=args.amends,
            record_review=lambda r: store.save_review(r, reviewer=reviewer, source="cli"),
        )
    finally:
        store.close()
    for note in batch.notes:
        print(f"note: {note}")
    counts = {
        s: sum(1 for o in batch.outcomes if o.status == s) for s in ("done", "skipped", "failed")
    }
    print(_extractor_line(settings, batch.outcomes))
    print(
        f"{len(batch.outcomes)} contracts: {counts['done']} reviewed, "
        f"{counts['skipped']} skipped (up to date), {counts['failed']} failed. "
        f"Memos in {args.out}/<contract>/memo.md; summary in {batch.summary_path}; "
        f"reviews in {store.url}"
    )
    return EXIT_FAILED if counts["failed"] else EXIT_OK


def _extractor_line(settings: Settings, outcomes: list[Outcome]) -> str:
    """Which extractor read the contracts, and what the model calls cost."""
    records = [o.record for o in outcomes if o.record is not None]
    names = {r.extractor.name for r in records}
    if names == {"llm"} or (
        not names and settings.extractor != "rules" and settings.llm.configured
    ):
        usages = [r.usage for r in records if r.usage is not None]
        tokens = sum(u.prompt_tokens + u.completion_tokens for u in usages)
        costs = [u.estimated_cost_usd for u in usages if u.estimated_cost_usd is not None]
        cost = f", estimated cost USD {sum(costs):.4f}" if costs else ""
        return (
            f"extractor: llm ({settings.llm.model} via {settings.llm.endpoint_label()}); "
            f"{tokens} tokens{cost}"
        )
    if names - {"rules"}:
        return f"extractor: {', '.join(sorted(names))}"
    how = (
        "chosen with --extractor rules" if settings.extractor == "rules" else "no model configured"
    )
    return f"extractor: rules (offline rule-based; {how})"


def _eval(args: argparse.Namespace) -> int:
    from assistant.evaluation.command import EvalOptions, run_command

    options = {k: v for k, v in vars(args).items() if k not in ("command", "no_progress")}
    return run_command(EvalOptions(**options, progress=not args.no_progress))


def _schemas(args: argparse.Namespace) -> int:
    from assistant.resources import json_schemas_dir
    from assistant.schema_export import export_schemas, stale_schemas

    out = args.out or json_schemas_dir()
    if args.check:
        stale = stale_schemas(out)
        if stale:
            print(f"stale JSON Schemas in {out}: {', '.join(stale)}; run `revrec schemas`")
            return EXIT_FAILED
        print(f"JSON Schemas in {out} are up to date")
        return EXIT_OK
    for path in export_schemas(out):
        print(f"wrote {path}")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
