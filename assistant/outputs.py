"""Writing outputs safely: sanitised names, atomic writes, the summary CSV."""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import unicodedata
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}

SUMMARY_COLUMNS = [
    "contract",
    "status",
    "error",
    "extractor",
    "customer",
    "effective_date",
    "contract_term_months",
    "transaction_price",
    "currency",
    "performance_obligations",
    "flags",
    "flag_kinds",
    "source",
]


def safe_name(stem: str, max_len: int = 80) -> str:
    """A file-system-safe folder name from a contract's file stem (never empty, never `..`)."""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    name = _UNSAFE.sub("-", ascii_stem).strip("-._")[:max_len].strip("-._")
    if not name or name.lower() in _RESERVED:
        name = f"contract-{name}" if name else "contract"
    return name


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write via a temporary file in the same folder and rename, so a reader (or a resumed
    batch) never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def summary_csv(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SUMMARY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_safe(row.get(k, "")) for k in SUMMARY_COLUMNS})
    return buffer.getvalue()


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ is a formula in Excel: contract-derived names must not be.
    if value and value[0] in "=+-@\t\r" and not _is_number(value):
        return "'" + value
    return value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
