# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out
STAMP  := $(VENV)/.revrec-installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo schedules app browser test lint typecheck schemas pdfs eval eval-baseline bench bench-ingest bench-review bench-cuad cassettes clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "revrec needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

## Review the bundled sample contracts offline (no API key, no network).
demo: $(STAMP)
	$(BIN)/revrec review eval_set/pdf --out $(OUT) --ssp eval_set/ssp.toml --extractor rules
	$(BIN)/revrec review eval_set/pdf/m_api_msa_amendment_1.pdf --amends eval_set/pdf/m_api_msa_original.pdf \
		--out $(OUT)/amendment --ssp eval_set/ssp.toml --extractor rules --no-progress
	@echo "Memos: $(OUT)/<contract>/memo.md  (e.g. $$(ls -d $(OUT)/*/ | head -1)memo.md); summary: $(OUT)/summary.csv"
	@echo "Amendment classified against its original (ASC 606-10-25-10 to 25-13): $(OUT)/amendment/m_api_msa_amendment_1/memo.md"

## Revenue schedules of the demo review (run `make demo` first): waterfall, RPO, schedules.xlsx.
schedules: $(STAMP)
	$(BIN)/revrec schedule $(OUT) --out $(OUT)/schedules

## The review page (docs/app.md), on http://localhost:8501.
app: $(STAMP)
	$(BIN)/streamlit run app.py

## Debian's chromium for the page's browser test (tests/e2e), through apt when missing; never a
## browser download. Without apt (not Debian) nothing is installed and that test is skipped.
browser:
	@command -v chromium >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

## Set up and run the whole test suite.
test: $(STAMP) browser lint typecheck
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check assistant tests benchmarks eval_set
	$(BIN)/ruff format --check assistant tests benchmarks eval_set

typecheck: $(STAMP)
	$(BIN)/mypy

## Regenerate schemas/ from the pydantic models.
schemas: $(STAMP)
	$(BIN)/revrec schemas

## Re-record the LLM cassettes (tests/cassettes/test_llm_extractor/): with OPENAI_API_KEY set,
## the tests that allow it go to the live endpoint (OPENAI_BASE_URL, model REVREC_RECORD_MODEL,
## default gpt-4.1-mini) and fault scenarios stay scripted; without a key, all are recorded
## against the local fake (tests/fake_openai.py). Review the diff before committing.
cassettes: $(STAMP)
	@if [ -n "$$OPENAI_API_KEY" ]; then \
		echo "recording live where a test allows it, the rest against the local fake"; \
		REVREC_RECORD_LIVE=1 $(BIN)/python -m pytest -q tests/test_llm_extractor.py --record-mode=rewrite; \
	else \
		echo "no OPENAI_API_KEY: recording every cassette against the local fake"; \
		$(BIN)/python -m pytest -q tests/test_llm_extractor.py --record-mode=rewrite; \
	fi

## Regenerate the eval-set PDFs from their sources.
pdfs: $(STAMP)
	$(BIN)/python eval_set/build_pdfs.py

## Score the offline extractor and engine on eval_set/ against the committed baseline
## (reports in eval_reports/; exit 1 if a metric fell by more than 0.02). docs/evaluation.md
eval: $(STAMP)
	$(BIN)/revrec eval eval_set --extractor rules --baseline eval_set/baseline/rules.json

## Rewrite the committed baseline after a deliberate change (say why in the commit).
eval-baseline: $(STAMP)
	$(BIN)/revrec eval eval_set --extractor rules --json eval_set/baseline/rules.json

bench: bench-ingest bench-review

bench-ingest: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py

bench-review: $(STAMP)
	$(BIN)/python benchmarks/bench_review.py

## CUAD benchmark (../shared/cuad, read at run time); results in docs/benchmarks.md.
bench-cuad: $(STAMP)
	$(BIN)/revrec eval --cuad ../shared/cuad --extractor rules --jobs 2

clean:
	rm -rf $(OUT) eval_reports build dist .pytest_cache .mypy_cache .ruff_cache
