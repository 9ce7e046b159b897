"""Creatives on the product's own photo: the photo, the price in the merchant's currency and the campaign's
occasion (双12, not a summer hook in December); a text card only for a product without a photo."""

from __future__ import annotations

import base64
import io
import json
from datetime import date
from pathlib import Path

import httpx
import yaml
from PIL import Image
from sqlalchemy import select

from copilot.calendar.festivals import festivals
from copilot.catalog.images import ImageLimits, save_product_image
from copilot.clock import demo_clock
from copilot.config import Settings
from copilot.context import Context
from copilot.creatives.ad_law import check_ad_copy
from copilot.creatives.copywriting import AdCopy
from copilot.creatives.http_renderer import HttpImageRenderer
from copilot.creatives.occasion import CONFIG_FILE
from copilot.creatives.photo import PhotoCard, photo_layout
from copilot.creatives.pillow_renderer import TemplateRenderer
from copilot.creatives.rendering import ImageSpec
from copilot.creatives.service import run_generate_creatives
from copilot.i18n.money import format_money
from copilot.store import Store
from copilot.store.models import Product
from tests.helpers import add_draft_campaign

BLUE, ORANGE = (30, 90, 200), (240, 140, 30)
SUN = {"segment_id": "seg_sun", "name": {"zh": "户外出游防晒", "en": "sun protection"}}


def _two_tone_photo() -> bytes:
    image = Image.new("RGB", (400, 300), BLUE)
    image.paste(ORANGE, (200, 0, 400, 300))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _context(store: Store, tmp_path: Path) -> Context:
    return Context(merchant_id="m_outdoor", store=store, settings=Settings(data_dir=tmp_path), clock=demo_clock())


def _near(pixel: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 12 for a, b in zip(pixel, colour, strict=False))


def test_a_double12_creative_shows_the_photo_the_price_and_the_occasion(demo_store: Store, tmp_path: Path):
    save_product_image(
        demo_store, tmp_path, "m_outdoor", "out_sunscreen_spf50", _two_tone_photo(), ImageLimits(1_000_000)
    )
    plan = {"products": ["out_sunscreen_spf50", "out_pole_carbon"], "segments": [SUN], "objective": "event",
            "event": "double12", "event_day": "2026-12-12"}  # fmt: skip
    add_draft_campaign(demo_store, "c_d12", plan=plan)
    with demo_store.session() as session:
        price = session.scalar(select(Product.price).where(Product.id == "out_sunscreen_spf50"))
    shown = format_money(price, "CNY", "zh")

    payload = run_generate_creatives(_context(demo_store, tmp_path), count=3, kind="both").payload

    photo_sets = [s for s in payload["sets"] if s["product_id"] == "out_sunscreen_spf50"]
    card_sets = [s for s in payload["sets"] if s["product_id"] == "out_pole_carbon"]
    assert all(s["photo"] for s in photo_sets) and not any(s["photo"] for s in card_sets)
    for entry in photo_sets:
        assert entry["copy"]["occasion"] == "双12" and entry["copy"]["price"] == shown
        assert f"双12 · {shown}" in entry["text"] and "夏日" not in entry["text"]
    assert any("双12" in entry["copy"]["title"] for entry in photo_sets)

    main = next(i for i in photo_sets[0]["images"] if i["placement"] == "main")
    with Image.open(main["path"]) as image:
        rgb = image.convert("RGB")
        # main: the photo fills the top 60% (800x480), contained whole: 640x480 from x=80.
        assert _near(rgb.getpixel((200, 300)), BLUE) and _near(rgb.getpixel((600, 300)), ORANGE)
        accent = tuple(int(photo_sets[0]["brand"]["accent"][i : i + 2], 16) for i in (1, 3, 5))
        assert _near(rgb.getpixel((40, 64)), accent)  # the occasion badge on the photo
        price_box = rgb.crop((48, 680, 432, 768))
        assert len(price_box.getcolors(1 << 16) or []) > 2  # the price is drawn in its box
    card_main = next(i for i in card_sets[0]["images"] if i["placement"] == "main")
    primary = tuple(int(card_sets[0]["brand"]["primary"][i : i + 2], 16) for i in (1, 3, 5))
    with Image.open(card_main["path"]) as card:
        assert card.convert("RGB").getpixel((5, 5)) == primary  # the text card's brand-colour background


def test_the_price_and_occasion_are_laid_out_in_their_boxes(tmp_path: Path):
    photo = tmp_path / "p.png"
    Image.new("RGB", (10, 10)).save(photo)
    for placement, size in {"main": (800, 800), "banner": (1200, 628), "mobile": (750, 1334)}.items():
        card = PhotoCard(placement, *size, photo, "双12好价｜防晒霜", ("清爽不黏腻",), "立即选购", "¥129.00", "双12",
                         "山野户外", (31, 77, 58), (232, 119, 46))  # fmt: skip
        layout = photo_layout(card)
        assert layout.blocks["price"].lines == ("¥129.00",) and layout.blocks["badge"].lines == ("双12",)
        for block in layout.blocks.values():
            assert not block.truncated and block.box[2] <= size[0] and block.box[3] <= size[1]
        assert layout.badge is not None and layout.badge[2] - layout.badge[0] < size[0] // 2


def test_a_winter_campaign_uses_no_summer_hook(demo_store: Store, tmp_path: Path):
    plan = {"products": ["out_sun_hat", "out_sun_sleeves", "out_sun_jacket"], "segments": [SUN],
            "objective": "full_site"}  # fmt: skip
    add_draft_campaign(demo_store, "c_winter", plan=plan, start_date=date(2026, 12, 1), end_date=date(2026, 12, 14))
    payload = run_generate_creatives(_context(demo_store, tmp_path), count=6, kind="copy").payload
    texts = [entry["text"] for entry in payload["sets"]]
    assert len(texts) == 18 and not any("夏日" in text for text in texts)


def test_every_occasion_word_and_hook_is_free_of_banned_words():
    config = yaml.safe_load(CONFIG_FILE.read_text(encoding="utf-8"))
    words = [w for names in config["objectives"].values() for w in names.values()]
    words += [w for festival in festivals().values() for w in festival.name.values()]
    hooks = [h for lang in ("zh", "en") for h in config["hooks"][lang]]
    for text in words + hooks:
        assert check_ad_copy(text) == [], text


def test_the_text_card_of_a_product_without_a_photo_carries_the_occasion_and_price():
    points = ("超轻碳素杆身", "三节快锁", "防滑手柄")
    copy = AdCopy("p1", "zh", "登山徒步", "hiking", "碳素登山杖｜周末进山，走得更稳", points, "立即选购",
                  occasion="双12", price="¥129.00")  # fmt: skip
    for placement, size in {"main": (800, 800), "banner": (1200, 628), "mobile": (750, 1334)}.items():
        spec = ImageSpec(placement, *size, copy, "山野户外", (31, 77, 58), (232, 119, 46), "mountain", "登山杖")
        block = TemplateRenderer().layout(spec).blocks["points"]
        assert block.lines[-1] == "双12 · ¥129.00" and not block.truncated, placement


def test_an_image_service_is_sent_the_products_photo_its_price_and_occasion(demo_store: Store, tmp_path: Path):
    save_product_image(demo_store, tmp_path, "m_outdoor", "out_pole_carbon", _two_tone_photo(), ImageLimits(1_000_000))
    plan = {"products": ["out_pole_carbon"], "objective": "event", "event": "double12", "event_day": "2026-12-12"}
    add_draft_campaign(demo_store, "c_http", plan=plan)
    bodies: list[dict] = []

    def service(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        image = Image.new("RGB", (bodies[-1]["width"], bodies[-1]["height"]))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return httpx.Response(200, content=buffer.getvalue(), headers={"Content-Type": "image/png"})

    with httpx.Client(transport=httpx.MockTransport(service)) as client:
        renderer = HttpImageRenderer(client, "http://images.example/render")
        run_generate_creatives(_context(demo_store, tmp_path), count=1, kind="image", renderer=renderer)
    assert len(bodies) == 3
    with Image.open(io.BytesIO(base64.b64decode(bodies[0]["photo_png_base64"]))) as photo:
        assert photo.size == (400, 300) and _near(photo.convert("RGB").getpixel((100, 150)), BLUE)
    assert bodies[0]["copy"]["occasion"] == "双12" and bodies[0]["copy"]["price"].startswith("¥")
