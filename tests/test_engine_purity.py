"""The engine is pure: no model client, no PDF library, no UI, no disk, no network, no clock.

Every module under `assistant/engine/` is parsed (never imported) and its imports and calls
are checked, so a forbidden dependency fails here before it can reach a reviewer's numbers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parent.parent / "assistant" / "engine"

FORBIDDEN_MODULES = frozenset(
    {
        "openai",
        "instructor",
        "pypdf",
        "pypdfium2",
        "streamlit",
        "pathlib",
        "os",
        "io",
        "subprocess",
        "socket",
        "requests",
        "httpx",
        "urllib",
        "shutil",
        "tempfile",
        "time",
        "random",
    }
)
FORBIDDEN_CALLS = frozenset({"open", "input", "print", "eval", "exec", "__import__"})
CLOCK_ATTRIBUTES = frozenset({"today", "now", "utcnow"})


def violations(source: str) -> list[str]:
    """What a module does that the engine must not: one line each."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if _forbidden(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if _forbidden(node.module):
                found.append(f"from {node.module} import ...")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
                found.append(f"{func.id}()")
            elif isinstance(func, ast.Attribute) and func.attr in CLOCK_ATTRIBUTES:
                found.append(f"{ast.unparse(func)}()")
    return found


def _forbidden(module: str) -> bool:
    return module.split(".")[0] in FORBIDDEN_MODULES


MODULES = sorted(ENGINE.glob("*.py"))


def test_the_engine_has_the_five_step_modules():
    names = {p.name for p in MODULES}
    assert {
        "__init__.py",
        "step1_contract.py",
        "step2_obligations.py",
        "step3_price.py",
        "step4_allocation.py",
        "step5_recognition.py",
    } <= names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_engine_module_is_pure(path: Path):
    assert violations(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "import openai",
        "import pypdfium2 as pdfium",
        "from instructor import patch",
        "from os.path import join",
        "import streamlit.components.v1",
        "from pathlib import Path",
        "import io",
        "import subprocess",
        "import socket",
        "import requests",
        "import httpx",
        "with open('x') as f: pass",
        "from datetime import date\ndate.today()",
        "import datetime\ndatetime.date.today()",
        "from datetime import datetime\ndatetime.now()",
    ],
)
def test_the_checker_catches(source: str):
    assert violations(source)


def test_the_checker_allows_what_the_engine_needs():
    allowed = (
        "from datetime import date, timedelta\n"
        "from decimal import Decimal\n"
        "from fractions import Fraction\n"
        "from assistant.schemas import Analysis\n"
        "from .rounding import allocate_cents\n"
        "date(2026, 1, 1) + timedelta(days=1)\n"
    )
    assert violations(allowed) == []
