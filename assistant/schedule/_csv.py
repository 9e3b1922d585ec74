"""Reading the accountant's CSV files: header aliases, row numbers and one-line errors.

Every problem is a `ScheduleInputError` that names the file and the row (row 1 is the
header, so the first data row is row 2, as a spreadsheet shows it) and never quotes more
than the offending cell.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TextIO

from assistant.errors import RevrecError

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")
_MAX_CELL = 40


class ScheduleInputError(RevrecError):
    """A usage, billings, SSP-history or inputs file is missing, malformed or inconsistent."""


@dataclass(frozen=True)
class Row:
    file: str
    number: int
    cells: Mapping[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()

    def fail(self, message: str) -> ScheduleInputError:
        return ScheduleInputError(f"{self.file} row {self.number}: {message}")

    def text(self, column: str) -> str:
        value = self.get(column)
        if not value:
            raise self.fail(f"{column} is empty")
        return value

    def decimal(self, column: str, *, minimum: Decimal | None = None) -> Decimal:
        raw = self.text(column).replace(",", "")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise self.fail(f"{column} {_clip(raw)!r} is not a number") from None
        if not value.is_finite():
            raise self.fail(f"{column} {_clip(raw)!r} is not a number")
        if minimum is not None and value < minimum:
            word = "negative" if minimum == 0 else f"below {minimum}"
            raise self.fail(f"{column} {_clip(raw)!r} is {word}")
        return value

    def day(self, column: str) -> date:
        """A date `YYYY-MM-DD`, or a timestamp `YYYY-MM-DDTHH:MM:SS[Z|+hh:mm]` (its date)."""
        raw = self.text(column)
        try:
            if len(raw) == 10:
                return date.fromisoformat(raw)
            return datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
        except ValueError:
            raise self.fail(f"{column} {_clip(raw)!r} is not a date (YYYY-MM-DD)") from None

    def month(self, column: str) -> date:
        """A period `YYYY-MM` (or a date, whose month is taken)."""
        raw = self.text(column)
        match = _PERIOD.match(raw)
        if match:
            year, month = int(match[1]), int(match[2])
            if 1 <= month <= 12:
                return date(year, month, 1)
            raise self.fail(f"{column} {_clip(raw)!r} is not a period (YYYY-MM)")
        return self.day(column).replace(day=1)


def _clip(value: str) -> str:
    return value if len(value) <= _MAX_CELL else value[: _MAX_CELL - 1] + "…"


def _norm_header(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


@dataclass(frozen=True)
class CsvText:
    """A CSV already in memory (an upload on the page): its file name and its text."""

    name: str
    text: str


CsvSource = Path | CsvText


def read_rows(
    source: CsvSource,
    *,
    required: Sequence[Sequence[str]],
    aliases: Mapping[str, str] | None = None,
) -> Iterator[Row]:
    """Rows of `source` with headers normalised (`Customer ID` -> `customer_id`) and aliases
    mapped to their canonical names. `required` lists groups of which at least one column
    must be present (e.g. `("contract", "customer_id", "customer_name")`)."""
    name = source.name
    aliases = aliases or {}
    handle: TextIO
    if isinstance(source, CsvText):
        handle = io.StringIO(source.text.removeprefix("\ufeff"), newline="")
    else:
        try:
            handle = source.open(newline="", encoding="utf-8-sig")
        except OSError as exc:
            raise ScheduleInputError(f"{name}: cannot open ({exc.strerror or exc})") from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise ScheduleInputError(f"{name}: the file is empty") from None
        except (csv.Error, UnicodeDecodeError):
            raise ScheduleInputError(f"{name}: not a UTF-8 CSV file") from None
        columns = [aliases.get(_norm_header(h), _norm_header(h)) for h in header]
        dupes = sorted({c for c in columns if c and columns.count(c) > 1})
        if dupes:
            raise ScheduleInputError(f"{name}: duplicate columns: {', '.join(dupes)}")
        for group in required:
            if not any(c in columns for c in group):
                wanted = " or ".join(group)
                raise ScheduleInputError(f"{name}: missing column {wanted}")
        number = 1
        try:
            for cells in reader:
                number += 1
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) > len(columns):
                    raise ScheduleInputError(f"{name} row {number}: more cells than columns")
                yield Row(name, number, dict(zip(columns, cells, strict=False)))
        except (csv.Error, UnicodeDecodeError):
            raise ScheduleInputError(f"{name} row {number + 1}: not valid UTF-8 CSV") from None


def norm_words(text: str) -> list[str]:
    """Lower-case words without punctuation or a plural `s`: how metrics and units compare."""
    words = re.sub(r"[^a-z0-9]+", " ", text.casefold()).split()
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words]
