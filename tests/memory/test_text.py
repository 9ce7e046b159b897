"""Loading, chunking and keyword tokens of documents."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from copilot.demo_docs import DEMO_MERCHANTS, demo_documents
from copilot.memory.text import (
    UnsupportedDocumentError,
    chunk_records,
    chunk_text,
    html_to_text,
    keyword_tokens,
    load_document,
    markdown_title,
    sentence_passages,
)


def test_every_demo_chunk_is_at_most_500_chars_and_starts_with_its_heading() -> None:
    for merchant_id in DEMO_MERCHANTS:
        for title, text, _ in demo_documents(merchant_id):
            chunks = chunk_text(text)
            assert chunks, title
            assert all(len(chunk) <= 500 for chunk in chunks), title
            assert all(chunk.startswith("## ") for chunk in chunks), title
            assert not any(chunk.startswith("# ") for chunk in chunks), "the H1 is the title, not a section"


def test_small_sections_are_packed_and_large_ones_split_with_overlap() -> None:
    small = "# Doc\n\n## A\n\n" + "甲" * 120 + "\n\n## B\n\n" + "乙" * 120 + "\n"
    assert chunk_text(small) == ["## A\n" + "甲" * 120 + "\n## B\n" + "乙" * 120]

    sentences = [f"第{i}句说的是退货运费的规则，买家承担运费。" for i in range(80)]
    long = "# Doc\n\n## 运费\n\n" + "".join(sentences)
    chunks = chunk_text(long)
    assert len(chunks) >= 3
    assert all(chunk.startswith("## 运费\n") and len(chunk) <= 500 for chunk in chunks)
    for previous, current in itertools.pairwise(chunks):
        last_sentence = previous.rstrip("。").rsplit("。", 1)[-1] + "。"
        assert current.split("\n", 2)[1] == last_sentence, "one short sentence of overlap"
    joined = "".join(chunks)
    assert all(sentence in joined for sentence in sentences), "no text is lost"


def test_unbroken_text_is_hard_split() -> None:
    chunks = chunk_text("x" * 1800)
    assert len(chunks) >= 4
    assert all(len(chunk) <= 500 for chunk in chunks)
    assert "".join(chunks) == "x" * 1800


def test_blank_text_has_no_chunks() -> None:
    assert chunk_text("  \n\n \t\n# Title only\n") == []


def test_markdown_title_is_the_first_h1() -> None:
    assert markdown_title("intro\n## Sub\n# 山野行品牌手册 Brand Guide\n# later") == "山野行品牌手册 Brand Guide"
    assert markdown_title("## only a subsection") is None


def test_html_is_stripped_to_text_with_headings() -> None:
    html = """<html><head><title>退货政策 Returns</title><style>p{color:red}</style>
    <script>ignore_me()</script></head><body><h1>退货政策</h1><h2>运费</h2>
    <p>退货运费由买家承担，<b>质量问题</b>由商家承担。</p><ul><li>7 天无理由</li><li>30 天质保</li></ul>
    <p>Fish &amp; chips&nbsp;ok</p></body></html>"""
    title, text = html_to_text(html)
    assert title == "退货政策 Returns"
    assert "ignore_me" not in text and "color:red" not in text
    assert "## 运费" in text
    assert "退货运费由买家承担，质量问题由商家承担。" in text
    assert "7 天无理由\n30 天质保" in text
    assert "Fish & chips ok" in text


def test_load_document_by_type(tmp_path: Path) -> None:
    md = tmp_path / "guide.md"
    md.write_text("# 品牌手册\n\n## 品牌色\n\n主色是墨绿。", "utf-8")
    assert load_document(md).title == "品牌手册"
    txt = tmp_path / "notes.txt"
    txt.write_text("plain notes about shipping", "utf-8")
    assert load_document(txt).title == "notes"
    with pytest.raises(UnsupportedDocumentError, match="unsupported"):
        load_document(tmp_path / "sheet.xlsx")
    empty = tmp_path / "empty.html"
    empty.write_text("<html><script>x()</script></html>", "utf-8")
    with pytest.raises(UnsupportedDocumentError, match="no text"):
        load_document(empty)


def test_keyword_tokens_keep_domain_words_and_drop_stopwords() -> None:
    tokens = keyword_tokens("支持7天无理由退货吗？What is the Return Shipping fee?")
    assert "7天无理由" in tokens
    assert "退货" in tokens
    assert {"return", "shipping", "fee"} <= set(tokens)
    assert not {"what", "is", "the", "吗", "？", "?"} & set(tokens)


def test_sentence_passages_of_a_long_chunk_follow_its_sentences_under_their_headings() -> None:
    chunk = (
        "## 运费规则\n- 无理由退货：退货运费由买家承担；"
        "已购买运费险的订单，由保险公司按规则理赔，通常最高赔付 12 元。\n"
        "- 换货：每个订单限换 1 次。\n## 时限\n- 退货申请：签收后 7 天内提交；"
        "质量问题签收后 30 天内可申请退货或换货。\n"
        "冲锋衣、登山杖、帐篷提供 1 年质保，质保期内非人为损坏免费维修。好。好。"
    )
    assert len(chunk) == 161
    assert sentence_passages(chunk) == [
        "## 运费规则\n- 无理由退货：退货运费由买家承担；",
        "## 运费规则\n已购买运费险的订单，由保险公司按规则理赔，通常最高赔付 12 元。",
        "## 运费规则\n- 换货：每个订单限换 1 次。",
        "## 时限\n- 退货申请：签收后 7 天内提交；质量问题签收后 30 天内可申请退货或换货。",
        "## 时限\n冲锋衣、登山杖、帐篷提供 1 年质保，质保期内非人为损坏免费维修。好。好。",
    ]
    assert sentence_passages(chunk[:160]) == []
    assert sentence_passages("## 退货\n" + "签收后 7 天内可以无理由退货。" * 20) == [
        "## 退货\n签收后 7 天内可以无理由退货。签收后 7 天内可以无理由退货。"
    ]


def test_chunk_records_are_each_chunk_then_its_sentence_passages() -> None:
    long_chunk = (
        "## 质保\n"
        + "冲锋衣提供 1 年质保，质保期内非人为损坏免费维修。" * 3
        + "登山杖提供 2 年质保，人为损坏按成本价维修，寄回运费由买家承担。" * 3
    )
    assert chunk_records(["## 发货\n48 小时内发货。", long_chunk]) == [
        (0, None, "## 发货\n48 小时内发货。"),
        (1, None, long_chunk),
        (1, 0, "## 质保\n冲锋衣提供 1 年质保，质保期内非人为损坏免费维修。"),
        (1, 1, "## 质保\n登山杖提供 2 年质保，人为损坏按成本价维修，寄回运费由买家承担。"),
    ]
