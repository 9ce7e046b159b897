"""The demo store's own product illustrations: drawn for the listed demo products, stored as their photos,
and used by their creatives."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from sqlalchemy import select

from copilot.catalog.illustrations import CONFIG_FILE, draw_demo_illustrations
from copilot.clock import demo_clock
from copilot.config import Settings
from copilot.context import Context
from copilot.store import Store
from copilot.store.models import Product
from tools.creatives import run_generate_creatives


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
