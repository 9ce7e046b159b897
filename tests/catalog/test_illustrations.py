"""The demo store's own product illustrations: drawn for the listed demo products, stored as their photos,
and used by their creatives."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from copilot.catalog.illustrations import CONFIG_FILE, draw_demo_illustrations
from copilot.clock import demo_clock
from copilot.config import Settings
from copilot.context import Context
from copilot.creatives.service import run_generate_creatives
from copilot.store import Store
from copilot.store.models import Product
from tests.helpers import add_draft_campaign

UPDATE_README_IMAGES = bool(os.environ.get("COPILOT_UPDATE_SCREENSHOTS"))  # read before the env is cleaned


def test_demo_products_get_illustrations_and_their_creatives_show_them(demo_store: Store, tmp_path: Path):
    assert draw_demo_illustrations(demo_store, tmp_path) == 6
    with demo_store.session() as session:
        rows = session.execute(select(Product.merchant_id, Product.image_path).where(Product.image_path.is_not(None)))
        stored = [tuple(row) for row in rows]
    assert len(stored) == 6 and {merchant for merchant, _ in stored} == {"m_outdoor", "m_baby", "m_pet"}
    for _, name in stored:
        with Image.open(tmp_path / name) as image:
            assert image.format == "PNG" and image.size == (800, 800)
            assert image.convert("RGB").getpixel((2, 2)) == (0xF4, 0xF1, 0xEA)  # the illustration's background
    assert "illustration" in CONFIG_FILE.read_text(encoding="utf-8")

    ctx = Context(merchant_id="m_pet", store=demo_store, settings=Settings(data_dir=tmp_path), clock=demo_clock())
    payload = run_generate_creatives(ctx, product="pet_catfood_grainfree", count=1, kind="image").payload
    assert payload["sets"][0]["photo"] is True


README_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"
README_CREATIVES = {  # README image: (merchant, illustrated product, placement)
    "creative_outdoor_main.png": ("m_outdoor", "out_sunscreen_spf50", "main"),
    "creative_pet_mobile.png": ("m_pet", "pet_catfood_grainfree", "mobile"),
    "creative_baby_banner.png": ("m_baby", "baby_stroller_light", "banner"),
}


def test_double12_creatives_of_the_illustrated_demo_products(demo_store: Store, tmp_path: Path):
    """The README's creative images (written to docs/img when COPILOT_UPDATE_SCREENSHOTS is set)."""
    draw_demo_illustrations(demo_store, tmp_path)
    for name, (merchant, product, placement) in README_CREATIVES.items():
        plan = {"products": [product], "objective": "event", "event": "double12", "event_day": "2026-12-12"}
        add_draft_campaign(demo_store, f"c_readme_{merchant}", merchant, plan=plan)
        ctx = Context(merchant_id=merchant, store=demo_store, settings=Settings(data_dir=tmp_path), clock=demo_clock())
        [entry] = run_generate_creatives(ctx, count=1, kind="image").payload["sets"]
        assert entry["photo"] is True and entry["copy"]["occasion"] == "双12" and "双12" in entry["text"]
        image = next(Path(i["path"]) for i in entry["images"] if i["placement"] == placement)
        if UPDATE_README_IMAGES:
            shutil.copyfile(image, README_IMAGES / name)
