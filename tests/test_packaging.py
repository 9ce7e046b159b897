"""The built wheel is the product: it carries every file the package reads, and works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("copilot", "tools", "evals", "prompts")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("merchant_copilot-*.whl")
    return built


def test_the_wheel_carries_every_tracked_file_of_the_packages(wheel: Path):
    tracked = subprocess.run(
        ["git", "ls-files", *PACKAGES], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split()
    assert tracked, "git ls-files found nothing: not a checkout?"
    shipped = set(zipfile.ZipFile(wheel).namelist())
    assert [path for path in tracked if path not in shipped] == []
    assert {"prompts/system.md", "prompts/offline/answers.yaml"} <= shipped


@pytest.mark.slow
def test_an_installed_wheel_builds_the_demo_and_answers_from_another_folder(wheel: Path, tmp_path: Path):
    """Not the editable checkout: a venv with the wheel installed (its dependencies from this interpreter)."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPILOT_")} | {"HF_HUB_OFFLINE": "1"}

    def run(*args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [str(env_dir / "bin" / "copilot"), *args],
            cwd=elsewhere,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    located = subprocess.run(
        [str(python), "-c", "import copilot, prompts; print(copilot.__file__); print(prompts.__file__)"],
        cwd=elsewhere,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert all(str(env_dir) in path for path in located), located

    run("demo", "--orders", "3000", "--no-answers")
    answer = run("chat", "--merchant", "m_outdoor", stdin="上个月的GMV是多少？\nexit\n")
    assert "query_store_sales" in answer and "2026-10-01" in answer and "¥" in answer, answer
