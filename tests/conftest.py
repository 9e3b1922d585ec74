"""Shared fixtures. No test reaches the network: sockets are refused for the whole session."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CUAD_DIR = Path(os.environ.get("REVREC_CUAD_DIR", REPO.parent / "shared" / "cuad"))


class _NoNetwork(socket.socket):
    def connect(self, address):  # type: ignore[override]
        if isinstance(address, tuple) and address[0] in ("127.0.0.1", "::1", "localhost"):
            return super().connect(address)
        raise RuntimeError(f"tests must not reach the network (tried {address!r})")


@pytest.fixture(autouse=True, scope="session")
def _block_network():
    original = socket.socket
    socket.socket = _NoNetwork  # type: ignore[misc]
    yield
    socket.socket = original  # type: ignore[misc]


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """No user setting or API key leaks into a test."""
    for key in list(os.environ):
        if key.startswith(("REVREC_", "OPENAI_", "AZURE_OPENAI_")) and key != "REVREC_CUAD_DIR":
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def cuad_dir() -> Path:
    if not (CUAD_DIR / "labels.jsonl").exists():
        pytest.skip("CUAD data not found beside the repo (../shared/cuad)")
    return CUAD_DIR
