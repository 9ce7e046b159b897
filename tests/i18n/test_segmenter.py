"""One jieba dictionary per process, seen through views whose added words stay their own."""

from __future__ import annotations

import gc
import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import jieba

from copilot.i18n import segmenter
from copilot.memory.text import keyword_tokens
from copilot.offline import matching, pos

SENTENCES = [
    "上个月碳素超轻登山杖卖了多少",
    "复购率和客单价哪个更重要",
    "帮我看看冲锋衣和羽绒服的销量趋势",
    "新手爸妈最关心婴儿推车的安全",
]


def _loaded_dictionaries() -> int:
    gc.collect()
    return sum(
        1
        for obj in gc.get_objects()
        if isinstance(obj, jieba.Tokenizer) and type(obj.FREQ) is dict and len(obj.FREQ) > 100_000
    )


def test_every_caller_shares_one_dictionary() -> None:
    matching._cut("碳素超轻登山杖（2支装）", ["登山杖"])
    pos.chinese_tags(SENTENCES[0])
    keyword_tokens(SENTENCES[1])
    assert _loaded_dictionaries() == 1


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


CUT_AND_TAG = """
import json, sys
from copilot.i18n import segmenter
print(json.dumps([[segmenter.lcut(t), segmenter.tags(t)] for t in sys.argv[1:]], ensure_ascii=False))
"""


def test_a_new_process_reads_the_tables_from_the_data_folder_alike(tmp_path: Path) -> None:
    env = {**os.environ, "COPILOT_DATA_DIR": str(tmp_path / "data")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", CUT_AND_TAG, *SENTENCES], env=env, capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    ]
    cached = sorted(p.name.split("-")[0] for p in (tmp_path / "data" / "cache" / "jieba").glob("*.marshal"))
    assert cached == ["freq", "tags"]
    assert runs[0] == runs[1]
    uncached = {**env, "COPILOT_DATA_DIR": os.devnull + "/data"}
    parsed = subprocess.run([sys.executable, "-c", CUT_AND_TAG, *SENTENCES], env=uncached, capture_output=True,
                            text=True, check=True).stdout  # fmt: skip
    assert json.loads(runs[1]) == json.loads(parsed)


def test_the_tag_table_holds_the_dictionarys_own_strings() -> None:
    _, table = segmenter._tag_table()
    words = {id(word) for word in segmenter._dictionary().FREQ}
    assert len(table) > 300_000
    assert all(id(word) in words for word in table)
    assert len({id(tag) for tag in table.values()}) == len(set(table.values()))


def test_a_tag_cache_of_another_dictionary_order_is_parsed_again(tmp_path: Path) -> None:
    env = {**os.environ, "COPILOT_DATA_DIR": str(tmp_path / "data")}
    run = [sys.executable, "-c", CUT_AND_TAG, *SENTENCES]
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    (cache,) = (tmp_path / "data" / "cache" / "jieba").glob("tags-*.marshal")
    _, names, codes = marshal.loads(cache.read_bytes())
    cache.write_bytes(marshal.dumps((0, names, bytes(reversed(codes)))))
    again = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    assert json.loads(again) == json.loads(first)
    assert marshal.loads(cache.read_bytes())[0] != 0
