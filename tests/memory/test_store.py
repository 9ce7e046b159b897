"""MemoryStore on a real local Chroma folder: ingest, hybrid search, persistence, isolation, preferences."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from chromadb.api.models.Collection import Collection

from copilot.config import Settings
from copilot.memory import (
    Hit,
    MemoryIsolationError,
    MemoryStore,
    NewDocument,
    UnsupportedDocumentError,
    collection_name,
    reciprocal_rank_fusion,
)
from copilot.memory.text import chunk_text, sentence_passages
from tests.memory.fakes import crash_every_second_batch

REPO = Path(__file__).resolve().parents[2]


def _titles(hits: list[Hit]) -> list[str]:
    return [hit.title for hit in hits]


def test_search_in_chinese_finds_the_return_policy(demo_memory: MemoryStore) -> None:
    hits = demo_memory.search("m_outdoor", "退货运费谁承担？", k=3)
    assert hits[0].title == "山野行退换货政策 Return Policy"
    assert "退货运费由买家承担" in hits[0].text
    assert hits[0].source == "demo_docs/m_outdoor/return_policy.md"
    assert hits[0].chunk == 0
    assert hits[0].score > 0
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_search_in_english_finds_an_english_passage(demo_memory: MemoryStore) -> None:
    hits = demo_memory.search("m_pet", "Can opened cat litter be returned?", k=3)
    assert "喵汪星球退换货政策 Return Policy" in _titles(hits)


def test_an_english_question_finds_a_chinese_passage(demo_memory: MemoryStore) -> None:
    hits = demo_memory.search("m_outdoor", "What is the main brand colour?", k=3)
    assert any("品牌主色是墨绿" in hit.text for hit in hits)


def test_reingesting_a_title_replaces_it_and_documents_are_listed(memory: MemoryStore) -> None:
    long_text = "# 说明\n\n" + "\n\n".join(f"## 第{i}节\n\n" + f"第{i}节的内容是仓库发货规则。" * 20 for i in range(4))
    assert memory.ingest("m1", "发货说明", long_text, source="ops/shipping.md") >= 3
    assert memory.ingest("m1", "发货说明", "## 新规则\n\n所有订单 48 小时内从杭州仓发货。") == 1
    docs = memory.documents("m1")
    assert [(d["title"], d["chunks"], d["source"]) for d in docs] == [("发货说明", 1, None)]
    hits = memory.search("m1", "仓库发货规则", k=5)
    assert len(hits) == 1 and "杭州仓" in hits[0].text
    assert memory.delete_document("m1", "发货说明") is True
    assert memory.delete_document("m1", "发货说明") is False
    assert memory.search("m1", "发货", k=5) == []
    assert memory.documents("m1") == []


def test_bad_arguments_are_refused(memory: MemoryStore) -> None:
    with pytest.raises(ValueError, match="title"):
        memory.ingest("m1", "  ", "text")
    with pytest.raises(ValueError, match="no text"):
        memory.ingest("m1", "empty", "   \n\n")
    with pytest.raises(ValueError, match="reserved"):
        memory.ingest("m1", "sneaky", "单日预算不超过1", kind="preference")
    with pytest.raises(ValueError, match="merchant_id"):
        memory.search("", "退货")
    with pytest.raises(ValueError, match="k must"):
        memory.search("m1", "退货", k=0)
    assert memory.search("never-seen", "退货") == []
    assert memory.search("m1", "   ") == []


def test_a_second_worker_sees_new_documents_through_the_revision(memory_settings: Settings) -> None:
    worker_a = MemoryStore.open(memory_settings)
    worker_b = MemoryStore.open(memory_settings)
    worker_a.ingest("m1", "旧文档", "## 旧\n\n帐篷防水指数 3000 毫米。")
    assert _titles(worker_a.search("m1", "帐篷防水", mode="keyword")) == ["旧文档"]
    worker_b.ingest("m1", "新文档", "## 新\n\n睡袋舒适温度零下 5 度。")
    assert _titles(worker_a.search("m1", "睡袋舒适温度", mode="keyword")) == ["新文档"]


def test_persistence_across_a_new_process(demo_memory_settings: Settings) -> None:
    """A new process registers the embedding function on import and reopens the persisted collection."""
    script = textwrap.dedent(
        """
        import json, sys
        from copilot.config import Settings
        from copilot.memory import MemoryStore
        memory = MemoryStore.open(Settings())
        hits = memory.search("m_baby", "大件商品上门取件费是多少", k=3)
        prefs = memory.preferences("m_baby")
        print(json.dumps({"titles": [h.title for h in hits], "texts": [h.text for h in hits], "prefs": prefs}))
        """
    )
    first = MemoryStore.open(demo_memory_settings)
    first.remember("m_baby", "品牌主色是奶油黄")
    first.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPILOT_")}
    env.update(COPILOT_DATA_DIR=str(demo_memory_settings.data_dir), HF_HUB_OFFLINE="1")
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=REPO, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert "小贝壳退换货政策 Return Policy" in found["titles"]
    assert any("40 元" in text for text in found["texts"])
    assert found["prefs"] == ["品牌主色是奶油黄"]


HOSTILE_IDS = [
    "m_outdoor ",
    "M_OUTDOOR",
    "m_outdoor' OR '1'='1",
    '{"$ne": "m_baby"}',
    "../m_outdoor",
    "m_outdoor/../m_baby",
    "商家🙂",
    "a" * 200,
    "..",
    "127.0.0.1",
]


def test_collection_names_are_valid_and_distinct_for_hostile_ids() -> None:
    names = {collection_name(merchant_id) for merchant_id in [*HOSTILE_IDS, "m_outdoor", "m_baby"]}
    assert len(names) == len(HOSTILE_IDS) + 2
    for name in names:
        assert 3 <= len(name) <= 63 and name[0].isalnum() and name[-1].isalnum()


def test_hostile_merchant_ids_see_nothing_of_other_merchants(demo_memory: MemoryStore) -> None:
    for number, hostile in enumerate(HOSTILE_IDS):
        demo_memory.ingest(hostile, f"notes of {number}", "## notes\n\nThis merchant sells kites.")
    for number, hostile in enumerate(HOSTILE_IDS):
        for query in ["墨绿 退货运费 m_outdoor", '{"$ne": ""}', "' OR 1=1 --"]:
            assert {hit.title for hit in demo_memory.search(hostile, query, k=10)} <= {f"notes of {number}"}
        assert [d["title"] for d in demo_memory.documents(hostile)] == [f"notes of {number}"]
    outdoor_titles = {d["title"] for d in demo_memory.documents("m_outdoor")}
    assert len(outdoor_titles) == 4 and not any(title.startswith("notes of") for title in outdoor_titles)
    assert not any("kites" in hit.text for hit in demo_memory.search("m_outdoor", "kites", k=10))


def test_demo_merchants_do_not_see_each_other(demo_memory: MemoryStore) -> None:
    for query in ["品牌主色是墨绿", "Forest Green", "山野行"]:
        assert all("山野行" not in hit.title for hit in demo_memory.search("m_baby", query, k=10))
        assert all("山野行" not in hit.title for hit in demo_memory.search("m_pet", query, k=10))


def test_a_collection_recorded_for_another_merchant_is_refused(memory: MemoryStore) -> None:
    memory.ingest("m1", "doc", "## a\n\n内容")
    memory._client.get_collection(collection_name("m1")).modify(metadata={"merchant_id": "m2"})
    with pytest.raises(MemoryIsolationError):
        memory.search("m1", "内容")


def test_preferences_are_remembered_and_parsed(memory_settings: Settings) -> None:
    memory = MemoryStore.open(memory_settings)
    first = memory.remember("m_outdoor", "单日预算不超过5000")
    assert memory.remember("m_outdoor", "  单日预算不超过5000 ") == first
    memory.remember("m_outdoor", "品牌主色是墨绿")
    memory.remember("m_outdoor", "禁用词：最便宜、第一")
    memory.remember("m_baby", "daily budget under 3,000")
    memory.ingest("m_outdoor", "doc", "## 预算\n\n单日预算不超过1元")
    assert memory.preferences("m_outdoor") == ["单日预算不超过5000", "品牌主色是墨绿", "禁用词：最便宜、第一"]
    assert memory.constraints("m_outdoor") == {
        "daily_budget_cap": Decimal("5000"),
        "brand_color": "墨绿",
        "banned_words": ["最便宜", "第一"],
    }
    assert memory.constraints("m_baby") == {"daily_budget_cap": Decimal("3000")}
    assert memory.constraints("m_pet") == {}
    assert [d["title"] for d in memory.documents("m_outdoor")] == ["doc"], "preferences are not documents"
    assert all(hit.title == "doc" for hit in memory.search("m_outdoor", "单日预算不超过5000", k=5))
    assert memory.forget("m_outdoor", first) is True
    assert memory.forget("m_baby", first) is False
    assert "daily_budget_cap" not in memory.constraints("m_outdoor")

    reopened = MemoryStore.open(memory_settings)
    assert reopened.preferences("m_outdoor") == ["品牌主色是墨绿", "禁用词：最便宜、第一"]
    reopened.reset("m_outdoor")
    assert reopened.preferences("m_outdoor") == [] and reopened.documents("m_outdoor") == []
    assert reopened.preferences("m_baby") == ["daily budget under 3,000"]


def test_restating_a_preference_makes_it_the_latest(memory: MemoryStore) -> None:
    memory.remember("m1", "单日预算不超过5000")
    memory.remember("m1", "单日预算不超过8000")
    memory.remember("m1", "单日预算不超过5000")
    assert memory.constraints("m1")["daily_budget_cap"] == Decimal("5000")


def test_nothing_reaches_the_network_and_chroma_default_embedding_is_never_used(
    memory: MemoryStore, no_network: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from chromadb.api.types import DefaultEmbeddingFunction

    def refuse(self: object, input: object) -> object:
        raise AssertionError("Chroma's default embedding function was called")

    monkeypatch.setattr(DefaultEmbeddingFunction, "__call__", refuse)
    memory.ingest("m1", "Returns", "## Shipping\n\nThe buyer pays return shipping; defects are on us.")
    memory.remember("m1", "brand colour is forest green")
    assert memory.search("m1", "谁付退货运费？", k=1)[0].title == "Returns"
    assert no_network == []


def test_ingest_path_html_pdf_and_folders(memory: MemoryStore, tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import manimgx_fonts_cjk
    import matplotlib.pyplot as plt
    from matplotlib.font_manager import FontProperties

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "faq.html").write_text(
        "<html><head><title>常见问题 FAQ</title><script>alert(1)</script></head><body>"
        "<h2>发票</h2><p>电子发票在确认收货后 3 天内开具。</p></body></html>",
        "utf-8",
    )
    font = Path(manimgx_fonts_cjk.__file__).with_name("NotoSansCJK-VF.otf.ttc")
    figure = plt.figure(figsize=(6, 2))
    with matplotlib.rc_context({"pdf.fonttype": 42}):
        figure.text(0.05, 0.6, "保修政策：帐篷质保两年，人为损坏不保。", fontproperties=FontProperties(fname=font))
        figure.text(0.05, 0.3, "Warranty: tents are covered for two years.")
        figure.savefig(folder / "warranty.pdf", metadata={"Title": "保修政策 Warranty"})
    plt.close(figure)
    (folder / "ignored.csv").write_text("a,b", "utf-8")

    calls: list[tuple[int, int, str]] = []
    written = memory.ingest_path("m1", folder, progress=lambda done, total, name: calls.append((done, total, name)))
    assert written == 2
    assert calls == [(2, 2, "warranty.pdf")]  # both files land in one batch
    assert [d["title"] for d in memory.documents("m1")] == ["保修政策 Warranty", "常见问题 FAQ"]
    invoice = memory.search("m1", "发票什么时候开", k=1)[0]
    assert invoice.title == "常见问题 FAQ" and "3 天内" in invoice.text and "alert" not in invoice.text
    assert invoice.source == str(folder / "faq.html")
    warranty = memory.search("m1", "how long is the tent warranty", k=1)[0]
    assert warranty.title == "保修政策 Warranty" and "质保两年" in warranty.text

    with pytest.raises(UnsupportedDocumentError):
        memory.ingest_path("m1", folder / "ignored.csv")
    with pytest.raises(FileNotFoundError):
        memory.ingest_path("m1", tmp_path / "missing")


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]])
    assert [item for item, _ in fused] == ["b", "a", "d", "c"]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)


def test_vector_search_uses_a_wide_hnsw_beam_also_on_older_collections(memory_settings: Settings) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from copilot.memory.chroma_embedder import ChromaEmbedder
    from copilot.memory.store import HNSW_EF_SEARCH

    memory = MemoryStore.open(memory_settings)
    memory.ingest("m_new", "说明", "## 发货\n\n48 小时内发货。")
    memory.close()
    client = chromadb.PersistentClient(
        path=str(memory_settings.chroma_dir), settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    )
    client.create_collection(
        collection_name("m_old"),
        embedding_function=ChromaEmbedder(),  # type: ignore[arg-type]
        metadata={"merchant_id": "m_old", "revision": "r0"},
        configuration={"hnsw": {"space": "cosine", "ef_search": 100}},
    )
    assert client.get_collection(collection_name("m_old")).configuration["hnsw"]["ef_search"] == 100
    client.close()  # one writer at a time on the folder: a second open client may find its database locked
    memory = MemoryStore.open(memory_settings)
    try:
        memory.ingest("m_old", "说明", "## 退货\n\n7 天无理由退货。")
        assert memory.search("m_old", "退货", k=1)[0].title == "说明"
    finally:
        memory.close()
    client = chromadb.PersistentClient(
        path=str(memory_settings.chroma_dir), settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    )
    try:
        for merchant in ("m_new", "m_old"):
            stored = client.get_collection(collection_name(merchant)).configuration["hnsw"]["ef_search"]
            assert stored == HNSW_EF_SEARCH == 256
    finally:
        client.close()


def test_vector_search_finds_documents_even_when_preferences_are_the_nearest_records(memory: MemoryStore) -> None:
    for amount in range(1000, 31000, 1000):
        memory.remember("m1", f"单日推广预算不超过{amount}元")
    memory.ingest_many(
        "m1", [NewDocument(f"预算复盘 {i}", f"## 预算\n\n第{i}次活动的推广预算执行情况。") for i in range(3)]
    )
    hits = memory.search("m1", "单日推广预算", k=5, mode="vector")
    assert sorted(hit.title for hit in hits) == ["预算复盘 0", "预算复盘 1", "预算复盘 2"]


def test_each_ranking_contributes_its_best_two_k_or_ten_ids(
    demo_memory: MemoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from copilot.memory.ranking import Corpus

    asked: list[tuple[str, int]] = []
    real_vector, real_keyword = MemoryStore._vector_ranking, Corpus.keyword_ranking

    def vector(self: MemoryStore, collection: object, merchant_id: str, query: str, limit: int) -> list[str]:
        asked.append(("vector", limit))
        return real_vector(self, collection, merchant_id, query, limit)  # type: ignore[arg-type]

    def keyword(self: Corpus, query: str, limit: int) -> list[str]:
        asked.append(("keyword", limit))
        return real_keyword(self, query, limit)

    monkeypatch.setattr(MemoryStore, "_vector_ranking", vector)
    monkeypatch.setattr(Corpus, "keyword_ranking", keyword)
    demo_memory.search("m_outdoor", "退货运费", k=3)
    demo_memory.ingest("m_outdoor", "长文档", "\n\n".join(f"## 第{i}节\n\n" + "发货规则说明。" * 60 for i in range(12)))
    demo_memory.search("m_outdoor", "退货运费", k=3)
    demo_memory.search("m_outdoor", "退货运费", k=8)
    assert asked == [("vector", 9), ("keyword", 9), ("vector", 10), ("keyword", 10), ("vector", 16), ("keyword", 16)]


LONG_POLICY = (
    "## 售后规则\n\n自签收之日起 7 天内，商品未使用、吊牌完好的，支持无理由退货。帐篷、睡袋拆封后已在户外使用的不适用。"
    "质量问题的退回运费由店铺承担，审核通过后 48 小时内退回。换货每个订单限 1 次，寄回运费由买家承担。"
    "已购买运费险的订单由保险公司理赔，通常最高赔付 12 元。"
    "冲锋衣、登山杖、帐篷提供 1 年质保，质保期内非人为损坏免费维修。"
    "仓库收货后 2 个工作日内完成验货，验货通过后 1 个工作日内原路退款。"
)


def test_one_sentence_of_a_long_chunk_outranks_short_near_misses(memory: MemoryStore) -> None:
    memory.ingest("m1", "售后政策", LONG_POLICY)
    reviews = [f"买了第{i}款背包，带去山里徒步。售后：申请退货很顺利，运费险赔了 {8 + i % 5} 元。" for i in range(30)]
    memory.ingest_many("m1", [NewDocument(f"买家评价 #{i}", review) for i, review in enumerate(reviews)])
    hits = memory.search("m1", "运费险最多赔多少钱", k=5, mode="vector")
    assert hits[0].title == "售后政策" and "最高赔付 12 元" in hits[0].text


def _notices(numbers: range) -> list[NewDocument]:
    return [
        NewDocument(f"门店公告 {i}", f"第{i}号门店的营业时间是早上{i}点到晚上十点。", f"notices/{i}.md")
        for i in numbers
    ]


def test_many_documents_are_written_in_batches_and_replace_what_they_held(
    memory: MemoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("copilot.memory.store._BULK_RECORDS", 4)
    upserts: list[int] = []
    upsert = Collection.upsert

    def counted(self: Collection, *args: Any, **kwargs: Any) -> Any:
        upserts.append(len(kwargs["ids"]))
        return upsert(self, *args, **kwargs)

    monkeypatch.setattr(Collection, "upsert", counted)
    assert memory.ingest("m1", "门店公告 3", LONG_POLICY) == 1
    collection = memory._collection("m1", create=False)
    assert collection is not None and collection.count() > 1
    upserts.clear()

    landed: list[int] = []
    assert memory.ingest_many("m1", _notices(range(10)), written=landed.append) == 10
    assert upserts == [4, 4, 2] and landed == [4, 8, 10]
    assert collection.count() == 10  # the long policy's sentence passages went with its replacement
    assert sorted(d["title"] for d in memory.documents("m1")) == sorted(f"门店公告 {i}" for i in range(10))
    hit = memory.search("m1", "第7号门店几点开门", k=1)[0]
    assert (hit.title, hit.source) == ("门店公告 7", "notices/7.md")
    assert [h.text for h in memory.search("m1", "质保", k=10, mode="keyword")] == []


def test_a_title_given_twice_in_one_call_keeps_the_later_text(memory: MemoryStore) -> None:
    twice = [
        NewDocument("发货说明", "所有订单 24 小时内从广州仓发货。"),
        NewDocument("发货说明", "所有订单 48 小时内从杭州仓发货。"),
    ]
    assert memory.ingest_many("m1", twice) == 2
    assert [(d["title"], d["chunks"]) for d in memory.documents("m1")] == [("发货说明", 1)]
    [hit] = memory.search("m1", "从哪个仓发货", k=5)
    assert "杭州仓" in hit.text


def test_a_failing_document_keeps_the_ones_before_it(memory: MemoryStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("copilot.memory.store._BULK_RECORDS", 4)
    documents = [*_notices(range(6)), NewDocument("空白公告", "  \n "), *_notices(range(6, 9))]
    with pytest.raises(ValueError, match="has no text"):
        memory.ingest_many("m1", documents)
    assert sorted(d["title"] for d in memory.documents("m1")) == sorted(f"门店公告 {i}" for i in range(6))


def test_sentence_passages_are_indexed_but_never_returned_listed_or_left_behind(memory: MemoryStore) -> None:
    chunks = chunk_text(LONG_POLICY)
    passages = [p for chunk in chunks for p in sentence_passages(chunk)]
    assert len(chunks) == 1 and len(passages) >= 5
    assert memory.ingest("m1", "售后政策", LONG_POLICY) == 1
    collection = memory._collection("m1", create=False)
    assert collection is not None and collection.count() == 1 + len(passages)
    for mode in ("hybrid", "vector", "keyword"):
        hits = memory.search("m1", "冲锋衣质保多久", k=5, mode=mode)  # type: ignore[arg-type]
        assert [(hit.text, hit.chunk) for hit in hits] == [(chunks[0], 0)], mode
    assert [d["chunks"] for d in memory.documents("m1")] == [1]

    memory.ingest("m1", "售后政策", "## 售后规则\n\n冲锋衣提供 1 年质保。")
    assert collection.count() == 1
    memory.ingest("m1", "售后政策", LONG_POLICY)
    assert memory.delete_document("m1", "售后政策") is True
    assert collection.count() == 0


def test_vector_search_ranks_exactly_when_hnsw_leaves_a_record_unreachable(
    memory: MemoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chroma's HNSW graph once returned 32 of 33 records for n_results=104, losing a document; the same loss
    is made certain here by hiding one document record from every query."""
    for amount in range(1000, 31000, 1000):
        memory.remember("m1", f"单日推广预算不超过{amount}元")
    for i in range(3):
        memory.ingest("m1", f"预算复盘 {i}", f"## 预算\n\n第{i}次活动的推广预算执行情况。")
    memory.ingest("m2", "别家预算", "## 预算\n\n单日推广预算的执行情况。")
    collection = memory._collection("m1", create=False)
    assert collection is not None
    hidden = collection.get(where={"title": "预算复盘 1"})["ids"][0]
    query = Collection.query

    def unreachable(self: Collection, *args: Any, **kwargs: Any) -> Any:
        result = query(self, *args, **kwargs)
        keep = [n for n, record_id in enumerate(result["ids"][0]) if record_id != hidden]
        for field in ("ids", "metadatas", "distances", "documents"):
            if result.get(field) is not None:
                result[field] = [[result[field][0][n] for n in keep]]
        return result

    monkeypatch.setattr(Collection, "query", unreachable)
    hits = memory.search("m1", "单日推广预算", k=5, mode="vector")
    assert sorted(hit.title for hit in hits) == ["预算复盘 0", "预算复盘 1", "预算复盘 2"]
    for limit in (1, 3):
        assert memory._vector_ranking(collection, "m1", "第1次活动的推广预算执行情况", limit)[0] == hidden


def test_vector_ranking_gives_distinct_chunks_when_sibling_sentences_are_nearest(memory: MemoryStore) -> None:
    memory.ingest_many(
        "m1",
        [NewDocument(f"长文 {i}", LONG_POLICY.replace("12 元", f"{12 + i} 元")) for i in range(6)]
        + [NewDocument(f"短文 {i}", f"第{i}款背包的颜色有墨绿和岩灰。") for i in range(12)],
    )
    collection = memory._collection("m1", create=False)
    assert collection is not None
    ranking = memory._vector_ranking(collection, "m1", "运费险最高赔付多少，质保多久", 10)
    assert len(ranking) == len(set(ranking)) == 10
    assert all(":s" not in record_id for record_id in ranking)


def _records(collection: Collection) -> list[tuple[str, str, dict[str, Any]]]:
    found = collection.get(include=["documents", "metadatas"])
    return sorted(zip(found["ids"], found["documents"] or [], [dict(m) for m in found["metadatas"] or []], strict=True))


def test_a_write_that_fails_midway_leaves_the_documents_as_they_were(
    memory: MemoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory.ingest("m1", "售后政策", LONG_POLICY)
    collection = memory._collection("m1", create=False)
    assert collection is not None
    before = _records(collection)
    crash_every_second_batch(monkeypatch, memory)
    with pytest.raises(RuntimeError, match="crashed"):
        memory.ingest("m1", "售后政策", LONG_POLICY.replace("1 年质保", "3 年质保").replace("7 天", "15 天"))
    with pytest.raises(RuntimeError, match="crashed"):
        memory.ingest("m1", "保养指南", LONG_POLICY.replace("售后规则", "保养规则"))
    assert _records(collection) == before
    assert [d["title"] for d in memory.documents("m1")] == ["售后政策"]
    [hit] = memory.search("m1", "冲锋衣质保多久", k=1)
    assert "1 年质保" in hit.text and "3 年质保" not in hit.text
