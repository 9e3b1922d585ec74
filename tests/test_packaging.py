"""A non-editable install, run from another directory, finds its templates, prompts and schemas."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
        cwd=repo_root,
        check=True,
        capture_output=True,
    )
    (built,) = dist.glob("revrec-*.whl")
    return built


def test_wheel_ships_templates_prompts_and_schemas(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    assert "assistant/templates/memo.md.j2" in names
    assert any(n.startswith("assistant/prompts/") for n in names)
    assert "assistant/json_schemas/review_record.schema.json" in names
    assert not any(n.startswith(("tests/", "eval_set/")) for n in names)


def test_installed_wheel_resolves_resources_from_elsewhere(wheel: Path, tmp_path: Path):
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = (
        "import assistant, assistant.resources as r, assistant.templating as t;"
        "print(assistant.__file__);"
        "print(r.prompts_dir().is_dir(), r.json_schemas_dir().is_dir());"
        "print(t.environment().get_template('memo.md.j2').name)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=elsewhere,
        check=True,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
    location, dirs, template = result.stdout.splitlines()
    assert location.startswith(str(site))
    assert dirs == "True True"
    assert template == "memo.md.j2"
