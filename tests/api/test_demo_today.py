"""A server on the demo store with no 'today' setting answers on the demo's own dates (its anchor in the store)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import openai
import pytest

from copilot.app import create_app
from copilot.config import Settings
from copilot.store import Store
from copilot.web.keys import create_key
from tests.helpers import serve

LAST_MONTH = "上个月的销售额是多少？"


@pytest.fixture(scope="module")
def client(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[openai.OpenAI]:
    root = tmp_path_factory.mktemp("demo-today")
    db = root / "store.db"
    shutil.copyfile(demo_template, db)
    store = Store.open(f"sqlite:///{db}")
    key = create_key(store, "m_outdoor", "tests").key
    settings = Settings(data_dir=root / "data", db_url=f"sqlite:///{db}", model="offline")
    assert settings.today is None
    served = serve(create_app(settings), "the API server")
    yield openai.OpenAI(base_url=f"{served.base_url}/v1", api_key=key, max_retries=0, timeout=60)
    served.stop()
    store.close()


def test_last_month_is_the_demos_last_month_without_any_setting(client: openai.OpenAI):
    completion = client.chat.completions.create(
        model="merchant-copilot", messages=[{"role": "user", "content": LAST_MONTH}]
    )
    answer = completion.choices[0].message.content or ""
    assert "2026-10-01" in answer and "2026-10-31" in answer
    assert re.search(r"[1-9]\d{0,2}(,\d{3})+", answer), answer
