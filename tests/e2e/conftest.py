"""The web chat end to end: the real app under uvicorn on loopback (a copy of the demo store, offline model,
today = 2026-11-20) driven by Debian's headless Chromium through Playwright.

Without chromium (or Playwright) the tests skip with the reason, unless COPILOT_REQUIRE_BROWSER is set (CI),
where the absence is a failure.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from copilot.app import create_app
from copilot.clock import DEMO_TODAY
from copilot.config import Settings
from copilot.store import Store
from copilot.web.keys import create_key
from tests.helpers import add_draft_campaign, serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DRAFT_CAMPAIGN = "c_web_draft"
REQUIRE_BROWSER = bool(os.environ.get("COPILOT_REQUIRE_BROWSER"))  # read before the env is cleaned per test


@dataclass
class WebServer:
    base_url: str
    store: Store
    keys: dict[str, str]


def _browser_missing() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "Playwright for Python is not installed (pip install -e .[dev])"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is absent (apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def chromium_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium with a new, empty profile (zh-CN locale) for the session's tests."""
    reason = _browser_missing()
    if reason:
        if REQUIRE_BROWSER:
            pytest.fail(f"COPILOT_REQUIRE_BROWSER is set but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=False,
            args=CHROMIUM_ARGS,
            locale="zh-CN",
            viewport={"width": 1100, "height": 820},
        )
        context.set_default_timeout(20_000)
        yield context
        context.close()


@pytest.fixture
def page(chromium_context: Any) -> Iterator[Any]:
    """A fresh tab (its own sessionStorage); page errors fail the test that caused them."""
    tab = chromium_context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    tab.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


@pytest.fixture(scope="module")
def web(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    """The app at `/` and `/v1` on a loopback port, keys for m_outdoor and m_baby, a draft campaign."""
    root = tmp_path_factory.mktemp("web")
    db = root / "store.db"
    shutil.copyfile(demo_template, db)
    store = Store.open(f"sqlite:///{db}")
    add_draft_campaign(store, DRAFT_CAMPAIGN)
    keys = {
        "outdoor": create_key(store, "m_outdoor", "web-e2e").key,
        "baby": create_key(store, "m_baby", "web-e2e").key,
    }
    settings = Settings(data_dir=root / "data", db_url=f"sqlite:///{db}", model="offline", today=DEMO_TODAY)
    app = create_app(settings)
    served = serve(app, "the app")
    yield WebServer(base_url=f"{served.base_url}/", store=store, keys=keys)
    served.stop()
    store.close()
