"""Parts of speech of merchants' words: jieba's tagger for Chinese, lemminflect's English lexicon for English.

Both ship their dictionaries inside the package (nothing is downloaded); each is loaded once, on first use
(jieba's through copilot.i18n.segmenter, shared with the other callers).
"""

from __future__ import annotations

from functools import lru_cache

from copilot.i18n import segmenter


def chinese_tags(text: str) -> list[tuple[str, str]]:
    """(word, jieba part-of-speech flag) for each word of `text`, in order."""
    return segmenter.tags(text)


@lru_cache(maxsize=4096)
def english_tags(word: str) -> frozenset[str]:
    """The universal POS tags (NOUN, VERB, ADJ, ADV, ...) the English lexicon knows `word` as; empty when it does
    not know the word (a brand, a misspelling, a coinage)."""
    from lemminflect import getAllLemmas

    return frozenset(getAllLemmas(word.lower()))


def chinese_words(text: str) -> list[str]:
    """The words of `text` by jieba's segmenter (no tags: faster)."""
    return segmenter.lcut(text)
