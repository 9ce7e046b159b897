"""The English lexicon's parts of speech, read from a mapped table, are exactly lemminflect's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import lemminflect
from lemminflect.core.Lemmatizer import Lemmatizer

from copilot.offline import pos


def test_english_tags_are_lemminflects_for_every_word_it_knows() -> None:
    lemmatizer = Lemmatizer()
    words = {*lemmatizer._getLemmaDict(), *lemmatizer._getOverridesDict()}
    assert len(words) > 50_000
    words |= {"Running", "FAST", "teh", "gmv", "tents"}
    assert all(pos.english_tags(word) == frozenset(lemminflect.getAllLemmas(word.lower())) for word in words)
    assert pos.english_tags("running") == {"NOUN", "VERB"}
    assert pos.english_tags("xyzzyq") == frozenset()


TAGS = """
import sys
from copilot.offline import pos
print(sorted(pos.english_tags("quickly")), "lemminflect" in sys.modules)
"""


def test_a_new_process_maps_the_table_without_lemminflects_dicts(tmp_path: Path) -> None:
    env = {**os.environ, "COPILOT_DATA_DIR": str(tmp_path / "data")}
    first, second = (
        subprocess.run([sys.executable, "-c", TAGS], env=env, capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    )
    assert first == "['ADV'] True\n"
    assert second == "['ADV'] False\n"
    assert [p.suffix for p in (tmp_path / "data" / "cache" / "lemminflect").iterdir()] == [".marisa"]
