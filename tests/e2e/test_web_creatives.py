"""Creatives generated from the web chat on a server with the default (relative) data folder: the sets are one
numbered list, and every image the answer shows is served (no 404) and decodes in the browser."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from copilot.app import create_app
from copilot.clock import DEMO_TODAY
from copilot.config import Settings
from copilot.store import Store
from copilot.web.keys import create_key
from tests.e2e.conftest import WebServer
from tests.helpers import serve

DEFAULT_DATA_DIR = Settings.model_fields["data_dir"].default
QUESTION = "给高倍防晒霜生成2套创意"


@pytest.fixture(scope="module")
def web_default_data(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    """The app run from a working folder of its own, with the data folder left at its default (`./data`)."""
    assert not Path(DEFAULT_DATA_DIR).is_absolute()
    root = tmp_path_factory.mktemp("web-default-data")
    db = root / "store.db"
    shutil.copyfile(demo_template, db)
    store = Store.open(f"sqlite:///{db}")
    keys = {"outdoor": create_key(store, "m_outdoor", "web-e2e").key}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        settings = Settings(data_dir=DEFAULT_DATA_DIR, db_url=f"sqlite:///{db}", model="offline", today=DEMO_TODAY)
        served = serve(create_app(settings), "the app")
        yield WebServer(base_url=f"{served.base_url}/", store=store, keys=keys)
        served.stop()
    store.close()


def test_creatives_made_in_the_web_chat_load_with_the_default_data_folder(page: Any, web_default_data: WebServer):
    responses: list[tuple[str, int]] = []
    page.on("response", lambda r: responses.append((r.url, r.status)) if "/v1/creatives/" in r.url else None)
    page.goto(web_default_data.base_url)
    page.get_by_label("API 密钥").fill(web_default_data.keys["outdoor"])
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="新建会话")).to_be_visible()

    page.get_by_label("你的消息").fill(QUESTION)
    page.get_by_label("你的消息").press("Enter")
    turn = page.locator("article.msg.assistant").last
    expect(turn).not_to_have_attribute("aria-busy", "true", timeout=60_000)
    expect(turn.locator("li.step", has_text="generate_creatives")).to_have_class(re.compile(r"\bdone\b"))
    expect(turn.locator(".answer ol")).to_have_count(1)
    expect(turn.locator(".answer ol > li")).to_have_count(2)
    figures = turn.locator("figure.media")
    expect(figures.first).to_be_visible()
    count = figures.count()
    expect(turn.locator("figure.media img")).to_have_count(count)
    expect(turn.locator("figure.media figcaption")).to_have_count(0)
    for index in range(count):
        image = turn.locator("figure.media img").nth(index)
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert len(responses) == count and all(status == 200 for _, status in responses), responses
