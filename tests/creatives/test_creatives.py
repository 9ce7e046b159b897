"""`generate_creatives`: copy per scene, PNGs per placement, advertising-law checks, renderers, isolation."""

from __future__ import annotations

import http.server
import io
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.utils.function_calling import convert_to_openai_tool
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode
from PIL import Image
from sqlalchemy import func, select

from copilot.clock import demo_clock
from copilot.config import Settings
from copilot.context import Context
from copilot.creatives import text as creatives_text
from copilot.creatives.ad_law import check_ad_copy
from copilot.creatives.copywriting import AdCopy
from copilot.creatives.http_renderer import HttpImageRenderer
from copilot.creatives.pillow_renderer import TemplateRenderer
from copilot.creatives.rendering import ImageBackendError, ImageSpec
from copilot.creatives.service import run_generate_creatives
from copilot.creatives.text import FONT_CACHE_SIZE, cjk_font, fit_text, missing_glyphs
from copilot.offline import answers
from copilot.offline.nlu import Parse
from copilot.offline.planner import TurnSoFar
from copilot.store import Store
from copilot.store.models import AuditLog, Creative
from tests.helpers import add_draft_campaign
from tools.creatives import generate_creatives
from tools.result import ToolRefusal

SIZES = {"main": (800, 800), "banner": (1200, 628), "mobile": (750, 1334)}
PLAN = {
    "products": [{"id": "out_pole_carbon"}, "out_sunscreen_spf50"],
    "segments": [
        {"segment_id": "seg_hike", "name": {"zh": "登山徒步", "en": "hiking"}},
        {"segment_id": "seg_sun", "name": {"zh": "户外出游防晒", "en": "outdoor trips + sun protection"}},
    ],
}


def _context(store: Store, tmp_path: Path, merchant: str = "m_outdoor", memory: Any = None) -> Context:
    return Context(
        merchant_id=merchant,
        store=store,
        settings=Settings(data_dir=tmp_path / "data"),
        memory=memory,
        clock=demo_clock(),
    )


def _add_campaign(store: Store, campaign_id: str, merchant: str, plan: dict[str, Any], days_ago: int = 0) -> None:
    add_draft_campaign(
        store, campaign_id, merchant, plan=plan, created_at=demo_clock().now() - timedelta(days=days_ago)
    )


def _all_texts(payload: dict[str, Any]) -> list[str]:
    texts = [c["text"] for c in payload["creatives"]]
    for entry in payload["sets"]:
        copy = entry["copy"]
        texts += [copy["title"], copy["cta"], *copy["points"], copy["scene"], copy["promise"] or ""]
    return texts


@pytest.fixture
def store(demo_store: Store) -> Store:
    _add_campaign(demo_store, "c_old", "m_outdoor", {"products": ["out_pole_alu"]}, days_ago=3)
    _add_campaign(demo_store, "c_sun", "m_outdoor", PLAN)
    _add_campaign(demo_store, "c_pet", "m_pet", {"products": ["pet_cat_bed_winter"]})
    return demo_store


# ------------------------------------------------------------------------------------ advertising law


def test_check_ad_copy_names_word_position_and_rule() -> None:
    text = "全网最低价！国家级品质，No.1 choice, guaranteed 100%防水"
    found = check_ad_copy(text)
    words = ["最低", "国家级", "No.1", "guaranteed", "100%"]
    assert [(v.word, v.position) for v in found] == [(w, text.index(w)) for w in words]
    assert text[found[2].position : found[2].position + 4] == "No.1"
    assert found[0].rule.startswith("superlative") and "第九条" in found[0].rule
    assert found[3].rule.startswith("guarantee")
    assert check_ad_copy("We bestow calm, precise gear; 1000 mm") == []
    assert [v.word for v in check_ad_copy("超轻登山杖", extra_words=["超轻"])] == ["超轻"]
    assert check_ad_copy("超轻登山杖")[0:1] == []


def test_every_template_phrase_is_clean() -> None:
    raw = yaml.safe_load((Path(__file__).parents[2] / "copilot" / "creatives" / "creatives.yaml").read_text("utf-8"))
    phrases: list[str] = []
    for spec in raw["scenes"].values():
        phrases += [*spec["label"].values(), *spec["hooks"]["zh"], *spec["hooks"]["en"]]
    phrases += [*raw["generic"]["label"].values(), *raw["generic"]["hooks"]["zh"], *raw["generic"]["hooks"]["en"]]
    for voice in raw["voices"].values():
        for lang in ("zh", "en"):
            phrases += voice["ctas"][lang]
            phrases += [t.format(name="", hook="", scene="", category="", point="") for t in voice["titles"][lang]]
    assert len(phrases) > 100
    assert {p: check_ad_copy(p) for p in phrases if check_ad_copy(p)} == {}


# ------------------------------------------------------------------------------------ campaign and batch


def test_three_sets_for_the_latest_draft_campaign(store: Store, tmp_path: Path) -> None:
    ctx = _context(store, tmp_path)
    out = run_generate_creatives(ctx, count=3)
    payload = out.payload
    assert payload["campaign_id"] == "c_sun"
    assert payload["products"] == ["out_pole_carbon", "out_sunscreen_spf50"]
    assert len(payload["sets"]) == 6
    carbon = [s for s in payload["sets"] if s["product_id"] == "out_pole_carbon"]
    assert [s["segment_id"] for s in carbon] == ["seg_hike", "seg_sun", "seg_hike"]
    assert carbon[1]["copy"]["scene"] == "户外出游防晒"
    assert len({s["text"] for s in carbon}) == 3
    for entry in payload["sets"]:
        title = entry["copy"]["title"]
        assert 0 < len(title) <= 30 and 2 <= len(entry["copy"]["points"]) <= 3 and entry["copy"]["cta"]
        assert [i["placement"] for i in entry["images"]] == list(SIZES)

    with store.session() as session:
        rows = session.scalars(select(Creative).where(Creative.merchant_id == "m_outdoor")).all()
        audits = session.scalars(select(AuditLog).where(AuditLog.action == "generate_creatives")).all()
    assert sorted(r.kind for r in rows).count("copy") == 6 and len(rows) == 6 + 18
    assert {r.campaign_id for r in rows} == {"c_sun"}
    assert len(audits) == 1 and audits[0].detail["campaign_id"] == "c_sun"
    assert sorted(audits[0].detail["creatives"]) == sorted(r.id for r in rows)
    for row in rows:
        assert row.text and check_ad_copy(row.text) == []
        if row.kind == "image":
            path = ctx.settings.data_file(row.image_path or "")
            placement = path.stem.split("_")[-1]
            assert path.parent == ctx.settings.creatives_dir / "m_outdoor"
            assert path.name == f"{row.id}_{placement}.png"
            with Image.open(path) as image:
                assert image.format == "PNG" and image.size == SIZES[placement]
    assert all(check_ad_copy(text) == [] for text in _all_texts(payload))
    assert "户外出游防晒" in out.text and ".png" in out.text


def test_category_batch_reports_progress_and_keeps_banned_description_out(store: Store, tmp_path: Path) -> None:
    calls: list[tuple[int, int, str]] = []
    out = run_generate_creatives(
        _context(store, tmp_path, "m_pet"),
        count=2,
        kind="copy",
        category="宠物窝",
        progress=lambda done, total, title: calls.append((done, total, title)),
    )
    assert [c[:2] for c in calls] == [(1, 3), (2, 3), (3, 3)]
    assert out.payload["campaign_id"] is None and len(out.payload["creatives"]) == 6
    kept_out = out.payload["input_violations"]
    assert kept_out == [
        {
            "source": "product pet_cat_bed_winter description",
            "text": "冬天猫咪最爱",
            "violations": [{"word": "最", "position": 4, "rule": kept_out[0]["violations"][0]["rule"]}],
        }
    ]
    assert "'最'" in out.text
    assert not any("最爱" in text or check_ad_copy(text) for text in _all_texts(out.payload))


def test_banned_word_in_a_scene_is_named_and_kept_out(store: Store, tmp_path: Path) -> None:
    out = run_generate_creatives(
        _context(store, tmp_path), count=2, kind="copy", product="out_pole_carbon", scene="全网第一的登山达人"
    )
    (item,) = out.payload["input_violations"]
    assert item["source"] == "scene" and [v["word"] for v in item["violations"]] == ["第一"]
    assert "第一" in out.text
    assert all("第一" not in text and "达人" not in text for text in _all_texts(out.payload))


@dataclass
class _Hit:
    text: str
    title: str = "品牌手册"


class _BrandMemory:
    """The two memory calls the tool makes: constraints() and search()."""

    def __init__(self, constraints: dict[str, Any], guide: str) -> None:
        self._constraints = constraints
        self._guide = guide

    def constraints(self, merchant_id: str) -> dict[str, Any]:
        return self._constraints

    def search(self, merchant_id: str, query: str, k: int = 5) -> list[_Hit]:
        return [_Hit(self._guide)]


GUIDE = (
    "## 品牌调性\n\n语气：温柔、踏实、像朋友一样理解带娃的辛苦。\n\n"
    "## 品牌色\n\n品牌主色是雾蓝（#A9C4D6），强调色是珊瑚（#E9765B）。\n\n"
    "品牌承诺：最安心的陪伴，宝宝顶级呵护。\n\n"
    "## 禁用词\n\n禁止使用：零风险、增高"
)


def test_brand_constraints_and_guide_drive_colour_voice_and_words(store: Store, tmp_path: Path) -> None:
    memory = _BrandMemory({"brand_color": "墨绿", "banned_words": ["超轻"]}, GUIDE)
    out = run_generate_creatives(
        _context(store, tmp_path, memory=memory), count=2, kind="image", product="out_pole_carbon"
    )
    entry = out.payload["sets"][0]
    assert entry["brand"] == {"primary": "#1F4D3A", "accent": "#E9765B", "colour_source": "constraint", "voice": "warm"}
    assert all("超轻" not in text for text in _all_texts(out.payload))
    promise = [v for v in out.payload["input_violations"] if v["source"] == "brand guide: brand promise"]
    assert [v["word"] for v in promise[0]["violations"]] == ["最", "顶级"]
    assert all(s["copy"]["promise"] is None for s in out.payload["sets"])
    with Image.open(entry["images"][0]["path"]) as image:
        assert image.convert("RGB").getpixel((3, 3)) == (0x1F, 0x4D, 0x3A)

    memory = _BrandMemory({}, GUIDE.replace("最安心的陪伴，宝宝顶级呵护", "安心陪伴每一天"))
    out = run_generate_creatives(
        _context(store, tmp_path, memory=memory), count=1, kind="copy", product="out_pole_carbon"
    )
    assert out.payload["sets"][0]["brand"]["primary"] == "#A9C4D6"
    assert out.payload["sets"][0]["brand"]["colour_source"] == "brand guide"
    assert out.payload["sets"][0]["copy"]["promise"] == "安心陪伴每一天"


def test_output_is_deterministic(store: Store, tmp_path: Path) -> None:
    ctx = _context(store, tmp_path)
    first = run_generate_creatives(ctx, count=2, product="out_pole_carbon")
    second = run_generate_creatives(ctx, count=2, product="out_pole_carbon")
    assert [s["text"] for s in first.payload["sets"]] == [s["text"] for s in second.payload["sets"]]
    for a, b in zip(first.payload["sets"], second.payload["sets"], strict=True):
        for image_a, image_b in zip(a["images"], b["images"], strict=True):
            assert image_a["path"] != image_b["path"]
            assert Path(image_a["path"]).read_bytes() == Path(image_b["path"]).read_bytes()


def test_english_product_gets_english_copy(store: Store, tmp_path: Path) -> None:
    with store.session() as session:
        from copilot.store.models import Product

        product = session.get(Product, "out_pole_alu")
        assert product is not None
        product.title = "Folding trekking pole"
    out = run_generate_creatives(_context(store, tmp_path), count=1, kind="copy", product="out_pole_alu")
    copy = out.payload["sets"][0]["copy"]
    assert copy["lang"] == "en" and not any("\u4e00" <= ch <= "\u9fff" for ch in copy["title"] + copy["cta"])


# ------------------------------------------------------------------------------------ refusals and isolation


def test_schema_has_no_merchant_field() -> None:
    schema = convert_to_openai_tool(generate_creatives)["function"]["parameters"]
    assert set(schema["properties"]) == {"count", "kind", "product", "category", "campaign_id", "scene"}
    assert not any("merchant" in name for name in schema["properties"])


def test_another_merchants_campaign_is_not_found(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ToolRefusal, match="not found"):
        run_generate_creatives(_context(store, tmp_path), campaign_id="c_pet")
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Creative)) == 0


def test_refusals(store: Store, tmp_path: Path) -> None:
    ctx = _context(store, tmp_path)
    with pytest.raises(ToolRefusal, match=r"Close titles: .*out_pole_carbon"):
        run_generate_creatives(ctx, product="carbon pole xl")
    with pytest.raises(ToolRefusal, match="between 1 and 10"):
        run_generate_creatives(ctx, count=11)
    with pytest.raises(ToolRefusal, match="categories are"):
        run_generate_creatives(ctx, category="火箭")
    with pytest.raises(ToolRefusal, match="no draft campaign"):
        run_generate_creatives(_context(store, tmp_path, "m_baby"))


def test_runtime_injects_the_merchant_through_a_tool_node(store: Store, tmp_path: Path) -> None:
    graph = StateGraph(MessagesState, context_schema=Context)
    graph.add_node("tools", ToolNode([generate_creatives]))
    graph.add_edge(START, "tools")
    graph.add_edge("tools", END)
    call = {"name": "generate_creatives", "args": {"count": 1, "kind": "copy"}, "id": "call-1"}
    ctx = _context(store, tmp_path, "m_pet")
    out = graph.compile().invoke({"messages": [AIMessage(content="", tool_calls=[call])]}, context=ctx)
    message = out["messages"][-1]
    assert isinstance(message, ToolMessage) and message.artifact["campaign_id"] == "c_pet"
    assert message.artifact["products"] == ["pet_cat_bed_winter"]


# ------------------------------------------------------------------------------------ fonts and layout


def test_cjk_font_renders_every_glyph_and_weights_differ() -> None:
    text = "墨绿碳素登山杖防晒霜猫粮婴儿推车一键收车可登机｜：，。…·"
    assert missing_glyphs(text) == []
    assert missing_glyphs("猫😀") == ["😀"]
    font = cjk_font(48, 400)
    notdef = font.getmask("\U0010fffd")
    for ch in text:
        mask = font.getmask(ch)
        assert mask.getbbox() is not None, ch
        assert bytes(mask) != bytes(notdef) or mask.size != notdef.size, ch

    def ink(weight: int) -> int:
        mask = cjk_font(48, weight).getmask("登山杖")
        return sum(bytes(mask))

    assert ink(800) > ink(200) * 1.5


def test_text_is_fitted_and_never_overflows() -> None:
    box = (10, 10, 310, 110)
    block = fit_text(["很长的标题" * 40], box, max_size=40, min_size=16, weight=700, max_lines=2)
    assert block.truncated and block.size == 16 and block.lines[-1].endswith("…") and len(block.lines) == 2
    assert all(block.font.getlength(line) <= 300 for line in block.lines)
    assert len(block.lines) * block.line_height <= 100
    short = fit_text(["登山杖"], box, max_size=40, min_size=16, weight=700, max_lines=2)
    assert short.size == 40 and short.lines == ("登山杖",) and not short.truncated

    copy = AdCopy("p", "zh", "登山徒步", "hiking", "超长" * 40, ("卖点" * 30,) * 3, "立即选购" * 10)
    renderer = TemplateRenderer()
    for placement, (width, height) in SIZES.items():
        spec = ImageSpec(
            placement, width, height, copy, "山野" * 20, (31, 77, 58), (232, 119, 46), "mountain", "登山杖"
        )
        layout = renderer.layout(spec)
        for block in layout.blocks.values():
            left, top, right, bottom = block.box
            assert all(block.font.getlength(line) <= right - left for line in block.lines)
            assert len(block.lines) * block.line_height <= bottom - top
            assert 0 <= left < right <= width and 0 <= top < bottom <= height


def test_faces_closed_and_reopened_draw_the_same_images(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs = [replace(_spec(), placement=name, width=w, height=h) for name, (w, h) in SIZES.items()]

    def draw(folder: str) -> list[bytes]:
        renderer = TemplateRenderer()
        return [renderer.render(spec, tmp_path / folder / f"{spec.placement}.png").read_bytes() for spec in specs]

    with monkeypatch.context() as patched:
        patched.setattr(creatives_text, "cjk_font", cache(cjk_font.__wrapped__))
        kept = draw("kept")
    cjk_font.cache_clear()
    bounded = draw("bounded")
    assert cjk_font.cache_info().misses > FONT_CACHE_SIZE >= cjk_font.cache_info().currsize
    assert bounded == kept


# ------------------------------------------------------------------------------------ HTTP image backend


def _png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (1, 2, 3)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def image_server() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A loopback image service: /ok answers a PNG of the requested size, /small a 10x10 PNG, /fail 500,
    /slow answers after 2 s."""
    received: list[dict[str, Any]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append(body)
            if self.path == "/fail":
                self.send_response(500)
                self.end_headers()
                self.wfile.write(b"model overloaded")
                return
            if self.path == "/slow":
                time.sleep(2)
            data = _png((10, 10) if self.path == "/small" else (body["width"], body["height"]))
            try:
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                return  # the client gave up (timeout case)

        def log_message(self, *args: Any) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received
    server.shutdown()
    server.server_close()


def test_http_renderer_saves_the_service_png(store: Store, tmp_path: Path, image_server: Any) -> None:
    base, received = image_server
    with httpx.Client() as client:
        renderer = HttpImageRenderer(client, f"{base}/ok", timeout_s=5)
        out = run_generate_creatives(
            _context(store, tmp_path), count=1, kind="image", product="out_pole_carbon", renderer=renderer
        )
    assert [(r["width"], r["height"], r["placement"]) for r in received] == [(*s, p) for p, s in SIZES.items()]
    assert "登山杖" in received[0]["prompt"] and received[0]["colours"]["primary"].startswith("#")
    for image in out.payload["sets"][0]["images"]:
        assert Path(image["path"]).read_bytes() == _png(SIZES[image["placement"]])


def test_http_renderer_failures_are_clear_and_save_nothing(store: Store, tmp_path: Path, image_server: Any) -> None:
    base, _ = image_server
    ctx = _context(store, tmp_path)
    with httpx.Client() as client:
        cases = {"/fail": "HTTP 500", "/small": "expected a PNG of 800x800", "/slow": "timed out"}
        for path, message in cases.items():
            renderer = HttpImageRenderer(client, base + path, timeout_s=0.5)
            with pytest.raises(ImageBackendError, match=message):
                renderer.render(_spec(), tmp_path / "x.png")
        renderer = HttpImageRenderer(client, f"{base}/fail", timeout_s=5)
        with pytest.raises(ToolRefusal, match=r"nothing was saved.*HTTP 500"):
            run_generate_creatives(ctx, count=1, kind="both", product="out_pole_carbon", renderer=renderer)
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Creative)) == 0
    folder = ctx.settings.creatives_dir / "m_outdoor"
    assert not folder.exists() or list(folder.iterdir()) == []


def _spec() -> ImageSpec:
    copy = AdCopy("p", "zh", "登山徒步", "hiking", "碳素登山杖", ("单支仅190克", "三节快锁"), "立即选购")
    return ImageSpec("main", 800, 800, copy, "山野", (31, 77, 58), (232, 119, 46), "mountain", "登山杖")


def test_cli_batch_with_progress(demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from copilot.cli import app

    monkeypatch.setenv("COPILOT_DB_URL", str(demo_store.engine.url))
    monkeypatch.setenv("COPILOT_TODAY", "2026-11-20")
    result = CliRunner().invoke(
        app, ["creatives", "--merchant", "m_pet", "--category", "宠物窝", "--count", "1", "--kind", "copy"]
    )
    assert result.exit_code == 0, result.output
    assert "3/3" in result.output and "pet_cat_bed_winter" in result.output
    with demo_store.session() as session:
        assert session.scalar(select(func.count()).select_from(Creative).where(Creative.kind == "copy")) == 3
    missing = CliRunner().invoke(app, ["creatives", "--merchant", "m_pet", "--product", "火箭"])
    assert missing.exit_code == 1 and "Close titles" in missing.output


def test_the_offline_answer_names_the_banned_words_it_kept_out(store: Store, tmp_path: Path) -> None:
    out = run_generate_creatives(
        _context(store, tmp_path), count=1, kind="copy", product="out_pole_carbon", scene="全网第一的登山达人"
    )
    call = {"id": "call_1", "name": "generate_creatives", "args": {}}
    result = ToolMessage(out.text, tool_call_id="call_1", name="generate_creatives", artifact=out.payload)
    turn = TurnSoFar(parse=Parse(intent="creatives", slots={}, lang="zh"), calls=[call], results={"call_1": result})
    answer = answers.write(turn)
    assert "违规词已剔除：第一" in answer and "None" not in answer
