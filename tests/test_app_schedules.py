"""The review page's schedules and SSP analysis (AppTest): the chart, the table and the
downloads, whose bytes must equal what `revrec schedule` / `revrec ssp` write for the same
inputs; bad CSVs show one line."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from assistant.schedule import (
    CsvText,
    ScheduleInputError,
    analyse_ssp,
    build_portfolio,
    load_history,
    notes_text,
    rollforward_csv,
    rpo_at,
    rpo_csv,
    ssp_toml,
    waterfall_csv,
)
from assistant.schedule.workbook import build_workbook
from assistant.ui.auth import Reviewer
from assistant.ui.pipeline import PageSettings
from assistant.ui.schedules import read_csv_upload

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "eval_set" / "pdf" / "f_tfc_auto_renewal.pdf"
TIMEOUT = 60
AS_OF = date(2026, 12, 31)
USAGE = (
    "contract,period,metric,quantity\n"
    "f_tfc_auto_renewal,2026-08,API calls,1000000\n"
    "f_tfc_auto_renewal,2026-09,API calls,2500000\n"
)
HISTORY = (
    "product,kind,sale_date,list_amount,net_amount\n"
    "Platform,platform,2025-01-10,100000,80000\n"
    "Platform,platform,2025-02-10,100000,82000\n"
    "Platform,platform,2025-03-10,100000,85000\n"
    "Platform,platform,2025-04-10,100000,84000\n"
    "Platform,platform,2025-05-10,100000,79000\n"
    "Onboarding,professional_services,2025-01-10,20000,20000\n"
    "Onboarding,professional_services,2025-02-10,20000,9000\n"
)


@pytest.fixture
def out_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    out = tmp_path / "out"
    monkeypatch.setenv("REVREC_OUT_DIR", str(out))
    monkeypatch.setenv("REVREC_EXTRACTOR", "rules")
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    return out


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """The bytes behind every download button, by file name (AppTest keeps only a URL)."""
    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def capture(self: Any, data: Any, mimetype: str, kind: Any, filename: str | None = None) -> str:
        if filename is not None and isinstance(data, bytes):
            files[filename] = data
        return original(self, data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", capture)
    return files


def page() -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.session_state["reviewer"] = Reviewer("Ada Lovelace", "local")
    at.run()
    assert not at.exception, at.exception
    return at


def reviewed() -> AppTest:
    at = page()
    at.file_uploader(key="uploads").set_value((SAMPLE.name, SAMPLE.read_bytes(), "application/pdf"))
    at.run()
    assert not at.exception, at.exception
    return at


def errors(at: AppTest) -> list[str]:
    return [e.value.replace("\\", "") for e in at.error]


def captions(at: AppTest) -> list[str]:
    return [img.caption for i in at.get("image") for img in i.proto.imgs]


def build(at: AppTest, usage: str | None = None) -> AppTest:
    if usage is not None:
        at.file_uploader(key="schedule_usage").set_value(("usage.csv", usage.encode(), "text/csv"))
    at.date_input(key="schedule_rpo_date").set_value(AS_OF)
    at.toggle(key="schedules_open").set_value(True)
    at.run()
    assert not at.exception, at.exception
    return at


def cells(xlsx: bytes) -> dict[str, list[tuple[Any, ...]]]:
    book = load_workbook(io.BytesIO(xlsx))
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book}


def test_schedules_chart_table_and_downloads_match_the_cli(
    out_dir: Path, served: dict[str, bytes]
) -> None:
    at = build(reviewed(), USAGE)
    assert not errors(at)
    assert "Revenue by month and contract" in captions(at)
    totals = next(d.value for d in at.dataframe if "Deferred revenue" in d.value.columns)
    assert len(totals) > 0 and set(totals["Currency"]) == {"USD"}
    labels = {b.label for b in at.download_button}
    assert {"waterfall.csv", "rpo.csv", "schedules.xlsx"} <= labels
    # The CLI's functions on the folder the page reviewed into, with the same usage file.
    portfolio = build_portfolio(out_dir, usage_csv=CsvText("usage.csv", USAGE))
    rpo = rpo_at(portfolio.contracts, AS_OF)
    assert served["waterfall.csv"].decode() == waterfall_csv(portfolio.contracts)
    assert served["rpo.csv"].decode() == rpo_csv(rpo)
    assert served["rollforward.csv"].decode() == rollforward_csv(portfolio.contracts)
    assert served["notes.md"].decode() == notes_text(portfolio)
    assert cells(served["schedules.xlsx"]) == cells(build_workbook(portfolio, rpo))
    # The usage reached the schedule (the waterfall has usage revenue in 2026-09).
    assert "f_tfc_auto_renewal" in served["waterfall.csv"].decode()


def test_bad_usage_csv_is_one_line(out_dir: Path, served: dict[str, bytes]) -> None:
    bad = USAGE + "f_tfc_auto_renewal,2026-10,API calls,-4\n"
    at = build(reviewed(), bad)
    assert errors(at) == ["usage.csv row 4: quantity '-4' is negative"]
    assert "waterfall.csv" not in {b.label for b in at.download_button}
    assert "Revenue by month and contract" not in captions(at)


def test_wrong_type_size_or_encoding_is_one_line(out_dir: Path) -> None:
    # The uploader accepts .csv only (Streamlit enforces it); the name is checked again.
    at = reviewed()
    assert at.file_uploader(key="schedule_billings").allowed_type == [".csv"]
    at.file_uploader(key="schedule_billings").set_value(
        ("bills.csv", b"amount\n\xff\xfe\n", "text/csv")
    ).run()
    assert errors(at) == ["bills.csv: not a UTF-8 CSV file"]
    settings = PageSettings(max_file_mb=0.001)
    with pytest.raises(ScheduleInputError, match=r"^bills\.txt: not a CSV file"):
        read_csv_upload("bills.txt", b"x", settings)
    with pytest.raises(ScheduleInputError, match=r"^bills\.csv: 0\.0 MB, larger than the limit"):
        read_csv_upload("bills.csv", b"x" * 2000, settings)


def test_schedules_need_a_reviewed_contract(out_dir: Path) -> None:
    at = page()
    assert not at.toggle
    assert any("Review a contract first" in c.value for c in at.caption)


def test_ssp_upload_shows_table_chart_and_toml(out_dir: Path, served: dict[str, bytes]) -> None:
    at = page()  # no contract needed
    at.file_uploader(key="ssp_history").set_value(("history.csv", HISTORY.encode(), "text/csv"))
    at.run()
    assert not at.exception, at.exception
    assert not errors(at)
    table = next(d.value for d in at.dataframe if "share_within_band" in d.value.columns)
    assert table.set_index("product").loc["Platform", "observable"] == "yes"
    assert table.set_index("product").loc["Onboarding", "observable"] == "no"
    assert "Standalone sales around the median" in captions(at)
    expected = ssp_toml(analyse_ssp(load_history(CsvText("history.csv", HISTORY))), "history.csv")
    assert served["ssp.toml"].decode() == expected
    assert 'kind = "platform"' in expected


def test_bad_ssp_history_is_one_line(out_dir: Path) -> None:
    at = page()
    at.file_uploader(key="ssp_history").set_value(
        ("history.csv", b"product,sale_date\nPlatform,2025-01-10\n", "text/csv")
    )
    at.run()
    assert not at.exception, at.exception
    [message] = errors(at)
    assert message.startswith("history.csv: missing column") and "\n" not in message
