"""Parts of speech of merchants' words: jieba's tagger for Chinese, lemminflect's English lexicon for English.

Both ship their dictionaries inside the package (nothing is downloaded); each is loaded once, on first use
(jieba's through copilot.i18n.segmenter, shared with the other callers). Of lemminflect's lexicon only which
parts of speech each word has is read: a memory-mapped trie of word -> part-of-speech bits kept in the data
folder (copilot.cache_files; ~1 MB of file instead of ~30 MB of lemma dicts per process), built once from
lemminflect's lemma and override tables, exactly what `lemminflect.getAllLemmas` knows each word as.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from importlib.metadata import version
from typing import Any

from copilot.cache_files import mapped_table
from copilot.i18n import segmenter
from copilot.i18n.language import CJK as _HAN

_UPOS = ("NOUN", "PROPN", "VERB", "ADJ", "ADV", "AUX")


def chinese_tags(text: str) -> list[tuple[str, str]]:
    """(word, jieba part-of-speech flag) for each word of `text`, in order. A Chinese word jieba has no tag for
    ("x") is one a catalog added to the merchants' view (a product or category name, of any store): a proper
    noun ("nz"), so that what a text says does not depend on which stores' catalogs this process has read."""
    return [
        (word, "nz" if flag == "x" and len(word) > 1 and _HAN.search(word) else flag)
        for word, flag in segmenter.tags(text)
    ]


@lru_cache(maxsize=4096)
def english_tags(word: str) -> frozenset[str]:
    """The universal POS tags (NOUN, VERB, ADJ, ...) the English lexicon knows `word` as; empty when it does
    not know the word (a brand, a misspelling, a coinage)."""
    found = _english_lexicon().get(word.lower())
    bits = found[0][0] if found else 0
    return frozenset(tag for number, tag in enumerate(_UPOS) if bits >> number & 1)


def _lexicon_records() -> Iterable[tuple[str, tuple[int]]]:
    from lemminflect.core.Lemmatizer import Lemmatizer

    lemmatizer = Lemmatizer()
    bits: dict[str, int] = {}
    for table in (lemmatizer._getLemmaDict(), lemmatizer._getOverridesDict()):
        for word, lemmas in table.items():
            bits[word] = bits.get(word, 0) | sum(1 << _UPOS.index(tag) for tag in lemmas)
    return ((word, (value,)) for word, value in bits.items())


@cache
def _english_lexicon() -> Any:
    from copilot.config import get_settings

    path = get_settings().data_dir / "cache" / "lemminflect" / f"upos-{version('lemminflect')}.marisa"
    return mapped_table(path, "<B", _lexicon_records)


def in_dictionary(word: str) -> bool:
    """Whether jieba's dictionary (with the merchants' added words) holds `word` as a word of its own."""
    return bool(segmenter.view(segmenter.MERCHANT).tokenizer().FREQ.get(word))


def chinese_words(text: str) -> list[str]:
    """The words of `text` by jieba's segmenter (no tags: faster)."""
    return segmenter.lcut(text)
