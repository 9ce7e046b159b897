"""One jieba dictionary per process, seen through views whose added words stay their own."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import jieba
import jieba.posseg
import pytest

from copilot.i18n import segmenter
from copilot.memory.text import keyword_tokens
from copilot.offline import matching, pos

SENTENCES = [
    "上个月碳素超轻登山杖卖了多少",
    "复购率和客单价哪个更重要",
    "帮我看看冲锋衣和羽绒服的销量趋势",
    "新手爸妈最关心婴儿推车的安全",
]


def test_every_caller_shares_one_mapped_dictionary() -> None:
    matching._cut("碳素超轻登山杖（2支装）", ["登山杖"], "m_outdoor")
    pos.chinese_tags(SENTENCES[0])
    keyword_tokens(SENTENCES[1])
    views = [segmenter.view(name) for name in (segmenter.MERCHANT, "memory", segmenter.catalog_view("m_outdoor"))]
    tokenizers = [*(view.tokenizer() for view in views), segmenter._dictionary()]
    assert {id(tokenizer.FREQ.base) for tokenizer in tokenizers} == {id(segmenter._words()[0])}
    assert max(len(tokenizer.FREQ) for tokenizer in tokenizers) < 10_000


def test_a_view_cuts_as_a_private_tokenizer_with_its_words() -> None:
    words = ["超轻登山", "客单价哪"]
    view = segmenter.view("test-view")
    view.add_words(words, freq=300_000)
    view.add_words(words, freq=300_000)
    private = jieba.Tokenizer()
    private.initialize()
    for word in words:
        private.add_word(word, freq=300_000)
    for sentence in SENTENCES:
        assert view.lcut(sentence) == private.lcut(sentence)
        assert view.lcut_for_search(sentence) == private.lcut_for_search(sentence)
    assert "超轻登山" in view.lcut(SENTENCES[0])
    assert "超轻登山" not in segmenter.lcut(SENTENCES[0])
    assert "超轻登山" not in segmenter.view("memory").lcut(SENTENCES[0])


def test_one_stores_catalog_words_never_change_how_another_stores_words_are_cut() -> None:
    """A hostile store naming a category "上个月碳素" (or anything) changes the cuts of its own titles only: the
    shared view the offline model reads every message with, and another store's view, cut as before."""
    before = [segmenter.lcut(s) for s in SENTENCES], [segmenter.tags(s) for s in SENTENCES]
    other_before = segmenter.view(segmenter.catalog_view("m_b")).lcut(SENTENCES[0])
    assert "上个月碳素" in matching._cut("上个月碳素超轻登山杖", ["上个月碳素"], "m_hostile")
    assert ([segmenter.lcut(s) for s in SENTENCES], [segmenter.tags(s) for s in SENTENCES]) == before
    assert segmenter.view(segmenter.catalog_view("m_b")).lcut(SENTENCES[0]) == other_before
    assert not pos.in_dictionary("上个月碳素")


CUT_AND_TAG = """
import json, sys
from copilot.i18n import segmenter
print(json.dumps([[segmenter.lcut(t), segmenter.tags(t)] for t in sys.argv[1:]], ensure_ascii=False))
"""


def test_a_new_process_maps_the_tables_from_the_data_folder_alike(tmp_path: Path) -> None:
    env = {**os.environ, "COPILOT_DATA_DIR": str(tmp_path / "data")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", CUT_AND_TAG, *SENTENCES], env=env, capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    ]
    cached = sorted(p.name.split("-")[0] + p.suffix for p in (tmp_path / "data" / "cache" / "jieba").iterdir())
    assert cached == ["words.marisa", "words.marshal"]
    assert runs[0] == runs[1]
    uncached = {**env, "COPILOT_DATA_DIR": os.devnull + "/data"}
    parsed = subprocess.run([sys.executable, "-c", CUT_AND_TAG, *SENTENCES], env=uncached, capture_output=True,
                            text=True, check=True).stdout  # fmt: skip
    assert json.loads(runs[1]) == json.loads(parsed)


def test_the_mapped_tables_are_jiebas_own() -> None:
    words, total, names = segmenter._words()
    plain = jieba.Tokenizer()
    freq, plain_total = plain.gen_pfdict(plain.get_dict_file())
    assert total == plain_total
    assert len(words) == len(freq)
    frequencies = segmenter._Overlay(words)
    assert all(word in frequencies and frequencies[word] == count for word, count in freq.items())
    tagger = jieba.posseg.POSTokenizer(plain)
    _, tags = segmenter._tag_table()
    assert len(tagger.word_tag_tab) > 300_000
    assert all(tags.get(word) == tag for word, tag in tagger.word_tag_tab.items())
    assert tags.get("不是一个词", "x") == "x"
    assert set(names) == set(tagger.word_tag_tab.values())


@pytest.mark.slow  # rebuilds jieba's tables from its dictionary (about 14 s of CPU)
def test_a_damaged_table_is_built_again(tmp_path: Path) -> None:
    env = {**os.environ, "COPILOT_DATA_DIR": str(tmp_path / "data")}
    run = [sys.executable, "-c", CUT_AND_TAG, *SENTENCES]
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    folder = tmp_path / "data" / "cache" / "jieba"
    (table,) = folder.glob("*.marisa")
    size = table.stat().st_size
    table.write_bytes(table.read_bytes()[: size // 2])
    again = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    assert json.loads(again) == json.loads(first)
    assert table.stat().st_size == size
    (meta,) = folder.glob("*.marshal")
    meta.write_bytes(marshal.dumps("not the tables"))
    again = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    assert json.loads(again) == json.loads(first)
    assert isinstance(marshal.loads(meta.read_bytes()), tuple)
