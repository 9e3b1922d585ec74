"""Revenue schedules: `ReviewRecord` -> monthly waterfall, roll-forwards, RPO; SSP analysis;
CSV, Excel and NetSuite-style exports. The functions here are what the CLI and the page call.
"""

from assistant.schedule._csv import ScheduleInputError
from assistant.schedule.billings import (
    Billing,
    apply_billings,
    load_billings,
    rollforward,
    waterfall_rows,
)
from assistant.schedule.contracts import load_review_dir
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
from assistant.schedule.usage import UsageRecord, load_usage
from assistant.schedule.waterfall import build_schedule

__all__ = [
    "Billing",
    "ContractSchedule",
    "Pattern",
    "PoSchedule",
    "Portfolio",
    "RollForwardRow",
    "RpoLine",
    "ScheduleInputError",
    "UsageRecord",
    "WaterfallRow",
    "apply_billings",
    "build_portfolio",
    "build_schedule",
    "load_billings",
    "load_inputs",
    "load_review_dir",
    "load_usage",
    "rollforward",
    "rpo_at",
    "waterfall_rows",
]
