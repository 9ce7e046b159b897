"""find_target_segments on the demo store: scene quality vs the purchase baseline, cold start, privacy,
merchant isolation, refusals, determinism and the profile cache. Ground truth (demo_truth_scenes) is read
here only, to measure."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from sqlalchemy import insert, select

from copilot.clock import demo_clock
from copilot.config import Settings
from copilot.context import Context
from copilot.demo.spec import load_spec
from copilot.demo.truth import DemoTruthScene
from copilot.segments import category_lift, top_members
from copilot.segments.config import load_config
from copilot.segments.finder import build_segments, profiles_for, run_find_target_segments
from copilot.segments.matching import match_needs
from copilot.store import Store
from copilot.store.models import Customer, Event, Product
from tools.result import ToolRefusal
from tools.segments import find_target_segments

CUSTOMER_ID = re.compile(r"\bc\d{7}\b")


@pytest.fixture(scope="module")
def store(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One copy of the demo store for the module (read-only tests share its profile cache)."""
    path = tmp_path_factory.mktemp("segments") / "store.db"
    shutil.copyfile(demo_template, path)
    opened = Store.open(f"sqlite:///{path}", migrate=False)
    yield opened
    opened.close()


def _ctx(store: Store, merchant: str) -> Context:
    return Context(merchant_id=merchant, store=store, settings=Settings(), clock=demo_clock())


def _truth(store: Store, merchant: str, scenes: set[str]) -> set[str]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(DemoTruthScene.customer_id).where(
                DemoTruthScene.merchant_id == merchant, DemoTruthScene.scene.in_(scenes)
            )
        ).all()
    return {r[0] for r in rows}


def _members(store: Store, merchant: str, **asked: object) -> set[str]:
    result = build_segments(_ctx(store, merchant), **asked)  # type: ignore[arg-type]
    return set(result.data.customer_ids[result.segments[0].members].tolist())


def _precision(members: set[str], truth: set[str]) -> float:
    return len(members & truth) / len(members)


def _category_buyers(store: Store, merchant: str, category: str) -> set[str]:
    data = profiles_for(_ctx(store, merchant))
    bought = data.category_buys[:, data.categories.index(category)] > 0
    return set(data.customer_ids[bought].tolist())


# ---------------------------------------------------------------------------------------------- contract


def test_model_sees_only_the_contract_arguments() -> None:
    fields = set(find_target_segments.tool_call_schema.model_json_schema()["properties"])
    assert fields == {"scene", "product", "category", "cold_start", "top"}


def test_tool_wrapper_uses_the_runtime_context(store: Store) -> None:
    content, artifact = find_target_segments.func(
        runtime=SimpleNamespace(context=_ctx(store, "m_outdoor")), scene="露营过夜", top=1
    )
    assert "露营过夜" in content and len(artifact["segments"]) == 1


@pytest.mark.parametrize(
    ("text", "needs"),
    [
        ("户外出游防晒", ["outdoor_sun"]),
        ("露营过夜", ["camping_overnight"]),
        ("养猫新手", ["new_cat_owner"]),
        ("一个人带娃神器", ["solo_parenting"]),
        ("people who hike in summer", ["hiking"]),
        ("a campaign for technical fabrics", []),
    ],
)
def test_scene_text_matches_the_specific_need(text: str, needs: list[str]) -> None:
    assert match_needs(text, load_config()) == needs


# ---------------------------------------------------------------------------------------------- quality


@pytest.mark.parametrize(
    ("merchant", "text", "scene", "core_category"),
    [
        ("m_baby", "一个人带娃", "solo_parenting", "婴儿推车"),
        ("m_outdoor", "people who hike in summer", "hiking", "冲锋衣"),
        ("m_pet", "养猫新手", "new_cat_owner", "猫砂"),
        ("m_outdoor", "户外出游防晒", "sun_protection", "防晒霜"),
    ],
)
def test_scene_segment_beats_the_purchase_baseline(
    store: Store, merchant: str, text: str, scene: str, core_category: str
) -> None:
    truth = _truth(store, merchant, {scene})
    members = _members(store, merchant, scene=text)
    baseline = _category_buyers(store, merchant, core_category)
    ours, theirs = _precision(members, truth), _precision(baseline, truth)
    assert ours >= 1.4 * theirs, (ours, theirs)
    assert len(members & truth) / len(truth) >= 0.4


@pytest.mark.parametrize(
    ("merchant", "product"),
    [("m_outdoor", "out_shell_light_new"), ("m_baby", "baby_stroller_fold_new"), ("m_pet", "pet_fountain_sensor_new")],
)
def test_cold_start_audience_from_content_beats_random(store: Store, merchant: str, product: str) -> None:
    spec = load_spec()
    strong = {
        s for s, a in next(p for p in spec.merchant(merchant).products if p.id == product).scenes.items() if a >= 2
    }
    output = run_find_target_segments(_ctx(store, merchant), product=product)
    first = output.payload["segments"][0]
    assert first["kind"] == "cold_start" and first["size"] > 0
    assert first["why"]["products"] and "cold start" in output.text
    truth = _truth(store, merchant, strong)
    data = profiles_for(_ctx(store, merchant))
    random_precision = len(truth & set(data.customer_ids.tolist())) / data.n_customers
    assert _precision(_members(store, merchant, product=product), truth) >= 1.3 * random_precision


def test_product_audience_has_interest_scene_and_cross_category_segments(store: Store) -> None:
    output = run_find_target_segments(_ctx(store, "m_outdoor"), category="登山杖", top=3)
    kinds = [s["kind"] for s in output.payload["segments"]]
    assert kinds == ["interest", "scene", "affinity"]
    affinity = output.payload["segments"][2]
    assert affinity["why"]["category_lift"] and all(x["lift"] > 1 for x in affinity["why"]["category_lift"])
    assert "lift" in output.text


# ---------------------------------------------------------------------------------------------- privacy, isolation


def test_no_customer_id_in_text_or_payload(store: Store) -> None:
    with store.engine.connect() as conn:
        ids = {r[0] for r in conn.execute(select(Customer.id))}
    for merchant, asked in [
        ("m_outdoor", {"scene": "露营过夜"}),
        ("m_baby", {"product": "baby_stroller_fold_new"}),
        ("m_pet", {"category": "猫砂"}),
    ]:
        output = run_find_target_segments(_ctx(store, merchant), **asked)  # type: ignore[arg-type]
        blob = output.text + json.dumps(output.payload, ensure_ascii=False)
        assert not CUSTOMER_ID.search(blob)
        assert not any(i in blob for i in ids)


def test_segments_hold_only_the_merchants_own_customers_and_data(store: Store) -> None:
    with store.engine.connect() as conn:
        own = {r[0] for r in conn.execute(select(Customer.id).where(Customer.merchant_id == "m_pet"))}
        own_products = {
            r[0]: r[1] for r in conn.execute(select(Product.id, Product.category).where(Product.merchant_id == "m_pet"))
        }
    result = build_segments(_ctx(store, "m_pet"), scene="露营过夜")
    assert set(result.data.customer_ids.tolist()) <= own
    for segment in result.segments:
        assert set(result.data.customer_ids[segment.members].tolist()) <= own
    output = run_find_target_segments(_ctx(store, "m_pet"), scene="科技控")
    for segment in output.payload["segments"]:
        assert segment["size"] <= len(own)
        assert {c["category"] for c in segment["top_categories"]} <= set(own_products.values())
        assert {p["id"] for p in segment["why"]["products"]} <= set(own_products)


def test_another_merchants_product_is_unknown(store: Store) -> None:
    with pytest.raises(ToolRefusal, match="close titles"):
        run_find_target_segments(_ctx(store, "m_pet"), product="out_shell_light_new")


# ---------------------------------------------------------------------------------------------- refusals, determinism


def test_unknown_product_is_refused_with_close_titles(store: Store) -> None:
    with pytest.raises(ToolRefusal, match=r"close titles:.*冲锋衣"):
        run_find_target_segments(_ctx(store, "m_outdoor"), product="防风冲锋裤子X9")


def test_unknown_category_and_empty_request_are_refused(store: Store) -> None:
    with pytest.raises(ToolRefusal, match="categories are"):
        run_find_target_segments(_ctx(store, "m_outdoor"), category="猫砂")
    with pytest.raises(ToolRefusal, match="give a scene"):
        run_find_target_segments(_ctx(store, "m_outdoor"))
    with pytest.raises(ToolRefusal, match="top"):
        run_find_target_segments(_ctx(store, "m_outdoor"), scene="露营", top=0)


def test_results_are_deterministic_and_segment_ids_stable(store: Store) -> None:
    first = run_find_target_segments(_ctx(store, "m_baby"), scene="一个人带娃", top=3)
    again = run_find_target_segments(_ctx(store, "m_baby"), scene="一个人带娃", top=3)
    assert first.payload == again.payload and first.text == again.text
    other = run_find_target_segments(_ctx(store, "m_baby"), scene="宝宝哄睡", top=1)
    assert other.payload["segments"][0]["segment_id"] != first.payload["segments"][0]["segment_id"]
    definition = first.payload["segments"][0]["definition"]
    assert definition["scene"] == "一个人带娃" and definition["needs"] == ["solo_parenting"]


def test_profile_cache_is_reused_and_invalidated_by_new_events(demo_store: Store) -> None:
    ctx = _ctx(demo_store, "m_pet")
    built = profiles_for(ctx)
    assert profiles_for(ctx) is built
    with demo_store.session() as session:
        session.execute(
            insert(Event).values(
                id="e_test_new",
                merchant_id="m_pet",
                customer_id=str(built.customer_ids[0]),
                product_id="pet_camera",
                kind="view",
                query=None,
                created_at=demo_clock().now() - timedelta(hours=1),
            )
        )
    rebuilt = profiles_for(ctx)
    assert rebuilt is not built
    assert rebuilt.weights.sum() > built.weights.sum()


# ---------------------------------------------------------------------------------------------- engine units


def test_category_lift_over_customers() -> None:
    buys = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 1]], dtype=np.float32)
    lift, co = category_lift(buys)
    assert co[0, 1] == 2 and co[0, 0] == 0
    assert lift[0, 1] == pytest.approx(2 * 4 / (3 * 2))
    assert lift[1, 2] == 0.0


def test_top_members_respects_threshold_cap_and_ties() -> None:
    scores = np.array([3.0, 1.0, 3.0, 0.5, -1.0, 2.0])
    assert top_members(scores, min_score=0.9, max_share=1.0, min_size=1).tolist() == [0, 2, 5, 1]
    assert top_members(scores, min_score=0.9, max_share=0.5, min_size=1).tolist() == [0, 2, 5]
    assert top_members(scores, min_score=5.0, max_share=1.0, min_size=2).tolist() == [0, 2]
