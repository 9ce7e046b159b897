"""Segment quality against the demo store's hidden life scenes, and scoring speed on 100k customers.

Usage: `python benchmarks/segments.py [--db PATH] [--record]`

Quality (the default demo store, built once into ./data/bench/segments-demo.db unless --db is given):
- scene segments (`find_target_segments(scene=...)` texts in zh and en) against demo_truth_scenes: precision
  and recall at the segment's own size, next to the purchase-history baseline: the buyers of the scene's
  core category (the category with the largest popularity x scene affinity in the demo catalog), at its
  natural size and cut to the segment's size (buyers ranked by items bought, then by customer order);
- cold-start segments of the demo's new products (no sales) against the customers having one of the
  product's strong scenes, next to random selection (the base rate).
Speed: evidence scoring (2 feedback rounds) and cosine scoring of 100k customers (rows resampled from the
demo's m_outdoor matrices, profile dimension 384) against a plain per-customer loop doing the same maths.
Prints tables and writes them with date, machine and commit to reports/bench/ (`--record`: also BENCHMARKS.md).
Goals: scene precision >= 1.5x the baseline's (mean over scenes); cold start well above random; 100k
customers scored in < 200 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sqlalchemy import select

from copilot.clock import demo_clock
from copilot.config import Settings
from copilot.context import Context
from copilot.demo.build import build_demo
from copilot.demo.spec import load_spec
from copilot.demo.truth import DemoTruthScene
from copilot.segments import cosine_scores, evidence_scores, top_members
from copilot.segments.config import load_config
from copilot.segments.finder import build_segments, profiles_for
from copilot.segments.profiles import MerchantProfiles
from copilot.store import Store

try:
    from benchmarks._report import add_record_flag, git_commit, machine, save
except ImportError:  # run as a script from benchmarks/
    from _report import add_record_flag, git_commit, machine, save  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = ROOT / "data" / "bench" / "segments-demo.db"
SYNTHETIC_CUSTOMERS = 100_000

# (merchant, scene text as a merchant would type it, hidden scene it should find)
SCENES: tuple[tuple[str, str, str], ...] = (
    ("m_outdoor", "露营过夜", "camping"),
    ("m_outdoor", "户外出游防晒", "sun_protection"),
    ("m_outdoor", "登山徒步", "hiking"),
    ("m_outdoor", "people who hike in summer", "hiking"),
    ("m_outdoor", "健身跑步", "fitness"),
    ("m_outdoor", "亲子出游", "family_trip"),
    ("m_outdoor", "户外出游", "outdoor_trip"),
    ("m_outdoor", "科技控", "tech_lover"),
    ("m_baby", "一个人带娃", "solo_parenting"),
    ("m_baby", "solo parenting", "solo_parenting"),
    ("m_baby", "新手爸妈", "new_parents"),
    ("m_baby", "孕期准备", "expecting"),
    ("m_baby", "宝宝哄睡", "sleep_training"),
    ("m_baby", "tech lover", "tech_lover"),
    ("m_pet", "养猫新手", "new_cat_owner"),
    ("m_pet", "养狗", "dog_owner"),
    ("m_pet", "上班族养宠", "busy_worker"),
    ("m_pet", "多宠家庭", "multi_pet"),
    ("m_pet", "科技控", "tech_lover"),
)
COLD_START: tuple[tuple[str, str], ...] = (
    ("m_outdoor", "out_shell_light_new"),
    ("m_baby", "baby_stroller_fold_new"),
    ("m_pet", "pet_fountain_sensor_new"),
)


@dataclass(frozen=True)
class Quality:
    size: int
    precision: float
    recall: float


def quality(members: set[int], truth: set[int]) -> Quality:
    hits = len(members & truth)
    return Quality(len(members), hits / max(len(members), 1), hits / max(len(truth), 1))


def truth_rows(store: Store, data: MerchantProfiles) -> dict[str, set[int]]:
    """Hidden scene -> profile rows of its customers (ground truth; the tool never reads it)."""
    row_of = {c: i for i, c in enumerate(data.customer_ids)}
    with store.engine.connect() as conn:
        found = conn.execute(
            select(DemoTruthScene.customer_id, DemoTruthScene.scene).where(
                DemoTruthScene.merchant_id == data.merchant_id
            )
        ).all()
    truth: dict[str, set[int]] = defaultdict(set)
    for customer, scene in found:
        if customer in row_of:
            truth[scene].add(row_of[customer])
    return truth


def core_category(merchant: str, scene: str) -> str:
    weight: dict[str, float] = defaultdict(float)
    for product in load_spec().merchant(merchant).products:
        weight[product.category] += product.popularity * product.scenes.get(scene, 0.0)
    return max(weight, key=lambda c: weight[c])


def baseline(data: MerchantProfiles, category: str, size: int | None) -> set[int]:
    """Buyers of the category (natural size), or the `size` heaviest of them."""
    bought = data.category_buys[:, data.categories.index(category)]
    buyers = np.flatnonzero(bought > 0)
    if size is None:
        return set(buyers.tolist())
    order = buyers[np.argsort(-bought[buyers], kind="stable")]
    return set(order[:size].tolist())


def _context(store: Store, merchant: str) -> Context:
    return Context(merchant_id=merchant, store=store, settings=Settings(), clock=demo_clock())


def segment_rows(store: Store, merchant: str, **asked: str | bool) -> set[int]:
    """Profile rows of the first segment the tool builds for the request (in-process only)."""
    result = build_segments(_context(store, merchant), **asked)  # type: ignore[arg-type]
    return set(result.segments[0].members.tolist())


# ---------------------------------------------------------------------------------------------- runs


def scene_table(store: Store) -> tuple[list[str], float]:
    lines = [
        "| merchant | scene text | hidden scene | base rate | segment size | precision | recall "
        "| baseline (core category) | baseline size | baseline precision | baseline recall "
        "| baseline precision at segment size | precision ratio |",
        "|---|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    ratios = []
    for merchant, text, scene in SCENES:
        data = profiles_for(_context(store, merchant))
        truth = truth_rows(store, data)[scene]
        ours = quality(segment_rows(store, merchant, scene=text), truth)
        category = core_category(merchant, scene)
        natural = quality(baseline(data, category, None), truth)
        cut = quality(baseline(data, category, ours.size), truth)
        ratio = ours.precision / max(natural.precision, 1e-9)
        ratios.append(ratio)
        lines.append(
            f"| {merchant} | {text} | {scene} | {len(truth) / data.n_customers:.2f} | {ours.size:,} "
            f"| {ours.precision:.2f} | {ours.recall:.2f} | {category} | {natural.size:,} | {natural.precision:.2f} "
            f"| {natural.recall:.2f} | {cut.precision:.2f} | {ratio:.2f}x |"
        )
    return lines, statistics.mean(ratios)


def cold_table(store: Store) -> tuple[list[str], float]:
    spec = load_spec()
    strong = spec.catalog.strong_scene_affinity
    lines = [
        "| merchant | new product | strong scenes | segment size | precision | recall | random precision | lift |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    lifts = []
    for merchant, product_id in COLD_START:
        data = profiles_for(_context(store, merchant))
        product = next(p for p in spec.merchant(merchant).products if p.id == product_id)
        scenes = sorted(s for s, a in product.scenes.items() if a >= strong)
        truth_by_scene = truth_rows(store, data)
        truth = set().union(*(truth_by_scene[s] for s in scenes))
        ours = quality(segment_rows(store, merchant, product=product_id, cold_start=True), truth)
        base = len(truth) / data.n_customers
        lifts.append(ours.precision / base)
        lines.append(
            f"| {merchant} | {product_id} | {', '.join(scenes)} | {ours.size:,} | {ours.precision:.2f} "
            f"| {ours.recall:.2f} | {base:.2f} | {ours.precision / base:.2f}x |"
        )
    return lines, statistics.mean(lifts)


def _median_ms(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def speed_table(store: Store) -> tuple[list[str], float]:
    data = profiles_for(_context(store, "m_outdoor"))
    config = load_config()
    rng = np.random.default_rng(7)
    rows = rng.integers(0, data.n_customers, SYNTHETIC_CUSTOMERS)
    weights = np.ascontiguousarray(data.weights[rows])
    profiles = np.ascontiguousarray(data.profiles[rows])
    seed = rng.standard_normal(weights.shape[1])
    target = data.item_vectors[0] - data.center
    s = config.segment

    def evidence() -> None:
        scores, _ = evidence_scores(weights, seed, config.scene_params)
        top_members(scores, min_score=s.min_score, max_share=s.max_share, min_size=s.min_size)

    def cosine() -> None:
        top_members(cosine_scores(profiles, target), min_score=0.0, max_share=s.cold_start_share, min_size=1)

    def cosine_loop() -> None:
        unit = target / np.linalg.norm(target)
        scores = np.empty(len(profiles))
        for i in range(len(profiles)):
            scores[i] = float(np.dot(profiles[i], unit))
        sorted(range(len(scores)), key=lambda i: -scores[i])

    def evidence_loop() -> None:
        evidence_per_item = np.log(0.5 * np.exp(seed - seed.max()) + 0.5)
        scores = np.empty(len(weights))
        for i in range(len(weights)):
            scores[i] = float(np.dot(weights[i], evidence_per_item))
        sorted(range(len(scores)), key=lambda i: -scores[i])

    vectorised_evidence = _median_ms(evidence, 7)
    vectorised_cosine = _median_ms(cosine, 7)
    loop_evidence = _median_ms(evidence_loop, 2)
    loop_cosine = _median_ms(cosine_loop, 2)
    lines = [
        f"| scoring, {SYNTHETIC_CUSTOMERS:,} customers | vectorised median ms | per-customer loop median ms "
        "| speed-up |",
        "|---|---:|---:|---:|",
        f"| scene evidence ({weights.shape[1]} items, 2 feedback rounds, + selection) | {vectorised_evidence:.1f} "
        f"| {loop_evidence:.1f} (1 pass, no feedback) | {loop_evidence / vectorised_evidence:.0f}x |",
        f"| cold-start cosine ({profiles.shape[1]}-d profiles, + selection) | {vectorised_cosine:.1f} "
        f"| {loop_cosine:.1f} | {loop_cosine / vectorised_cosine:.0f}x |",
    ]
    return lines, max(vectorised_evidence, vectorised_cosine)


def build_table(store: Store) -> list[str]:
    from copilot.segments import profiles as profiles_module

    lines = [
        "| merchant | profiled customers | items (products + queries) | build s (this run) |",
        "|---|---:|---:|---:|",
    ]
    for merchant in ("m_outdoor", "m_baby", "m_pet"):
        data = profiles_module.merchant_profiles(
            store, merchant, demo_clock().now(), load_config().profile_params, _embed_passages()
        )
        lines.append(f"| {merchant} | {data.n_customers:,} | {data.weights.shape[1]} | {data.build_seconds:.1f} |")
    return lines


def _embed_passages() -> Callable[[list[str]], np.ndarray]:
    from copilot.segments.embedding import embed_passages

    return embed_passages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=BENCH_DB, help="SQLite demo store (built when missing)")
    add_record_flag(parser)
    args = parser.parse_args()
    if not args.db.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
        print(build_demo(Store.open(f"sqlite:///{args.db}")))
    store = Store.open(f"sqlite:///{args.db}", migrate=False)
    began = time.perf_counter()
    builds = build_table(store)
    first_build = time.perf_counter() - began
    scenes, ratio = scene_table(store)
    cold, cold_lift = cold_table(store)
    speed, slowest = speed_table(store)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    verdict = [
        f"scene precision / baseline precision, mean over {len(SCENES)} scenes: {ratio:.2f}x "
        f"(goal >= 1.5x: {'met' if ratio >= 1.5 else 'NOT met'})",
        f"cold start precision / random, mean: {cold_lift:.2f}x",
        f"slowest scoring of {SYNTHETIC_CUSTOMERS:,} customers: {slowest:.1f} ms "
        f"(goal < 200 ms: {'met' if slowest < 200 else 'NOT met'})",
        f"profile build for the 3 merchants in this process: {first_build:.1f} s (embeddings included; cached after)",
    ]
    section = [
        "## Target segments: quality vs purchase baseline, cold start vs random, scoring speed",
        "",
        f"- date: {stamp}",
        f"- machine: {machine()}",
        f"- commit: {git_commit()}",
        *(f"- {line}" for line in verdict),
        "",
        *builds,
        "",
        *scenes,
        "",
        *cold,
        "",
        *speed,
        "",
    ]
    print("\n".join(section))
    save("segments", "\n".join(section), record=args.record)


if __name__ == "__main__":
    main()
