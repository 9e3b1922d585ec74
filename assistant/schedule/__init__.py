"""Revenue schedules: `ReviewRecord` -> monthly waterfall, roll-forwards, RPO; SSP analysis;
CSV, Excel and NetSuite-style exports. The functions here are what the CLI and the page call.
"""

from assistant.schedule._csv import CsvText, ScheduleInputError
from assistant.schedule.billings import (
    Billing,
    apply_billings,
    load_billings,
    rollforward,
    waterfall_rows,
)
from assistant.schedule.charts import waterfall_chart_png
from assistant.schedule.contracts import load_review_dir
from assistant.schedule.exports import (
    netsuite_csv,
    notes_text,
    rollforward_csv,
    rpo_csv,
    waterfall_csv,
)
from assistant.schedule.models import (
    ContractSchedule,
    Pattern,
    Portfolio,
    PoSchedule,
    RollForwardRow,
    RpoLine,
    WaterfallRow,
)
from assistant.schedule.portfolio import build_portfolio, load_inputs
from assistant.schedule.rpo import rpo_at
from assistant.schedule.ssp_analysis import (
    SspResult,
    SspSettings,
    analyse_ssp,
    load_history,
    ssp_chart_png,
    ssp_toml,
)
from assistant.schedule.usage import UsageRecord, load_usage
from assistant.schedule.waterfall import build_schedule

__all__ = [
    "Billing",
    "ContractSchedule",
    "CsvText",
    "Pattern",
    "PoSchedule",
    "Portfolio",
    "RollForwardRow",
    "RpoLine",
    "ScheduleInputError",
    "SspResult",
    "SspSettings",
    "UsageRecord",
    "WaterfallRow",
    "analyse_ssp",
    "apply_billings",
    "build_portfolio",
    "build_schedule",
    "load_billings",
    "load_history",
    "load_inputs",
    "load_review_dir",
    "load_usage",
    "netsuite_csv",
    "notes_text",
    "rollforward",
    "rollforward_csv",
    "rpo_at",
    "rpo_csv",
    "ssp_chart_png",
    "ssp_toml",
    "waterfall_chart_png",
    "waterfall_csv",
    "waterfall_rows",
]
