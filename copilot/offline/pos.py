"""Parts of speech of merchants' words: jieba's tagger for Chinese, lemminflect's English lexicon for English.

Both ship their dictionaries inside the package (nothing is downloaded); each is loaded once, on first use.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from typing import Any

_LOCK = threading.Lock()


@cache
def _tagger() -> Callable[[str], Iterator[Any]]:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg.cut


def chinese_tags(text: str) -> list[tuple[str, str]]:
    """(word, jieba part-of-speech flag) for each word of `text`, in order."""
    tag = _tagger()
    with _LOCK:
        return [(pair.word, pair.flag) for pair in tag(text)]


@lru_cache(maxsize=4096)
def english_tags(word: str) -> frozenset[str]:
    """The universal POS tags (NOUN, VERB, ADJ, ADV, ...) the English lexicon knows `word` as; empty when it does
    not know the word (a brand, a misspelling, a coinage)."""
    from lemminflect import getAllLemmas

    return frozenset(getAllLemmas(word.lower()))


def chinese_words(text: str) -> list[str]:
    """The words of `text` by jieba's segmenter (no tags: faster)."""
    _tagger()
    import jieba

    return list(jieba.lcut(text))
