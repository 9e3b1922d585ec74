"""Output safety: sanitised names, atomic writes, CSV that Excel will not execute."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from assistant.outputs import safe_name, summary_csv, write_atomic


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("Acme MSA (2026)", "Acme-MSA-2026"),
        ("../../etc/passwd", "etc-passwd"),
        ("..", "contract"),
        ("CON", "contract-CON"),
        ("Société Générale", "Societe-Generale"),
        ("a" * 300, "a" * 80),
    ],
)
def test_safe_name(stem, expected):
    assert safe_name(stem) == expected


def test_write_atomic_replaces_and_leaves_no_temp_files(tmp_path: Path):
    target = tmp_path / "sub" / "memo.md"
    write_atomic(target, "first")
    write_atomic(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in target.parent.iterdir()] == ["memo.md"]


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path: Path, monkeypatch):
    target = tmp_path / "memo.md"
    write_atomic(target, "good")

    def boom(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, "bad")
    assert target.read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["memo.md"]


def test_summary_csv_neutralises_formulas():
    text = summary_csv(
        [{"contract": "x", "customer": '=HYPERLINK("http://evil")', "transaction_price": "-5.00"}]
    )
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["customer"].startswith("'=")
    assert row["transaction_price"] == "-5.00"
