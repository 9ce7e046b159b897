"""Chinese word segmentation: one jieba dictionary per process, seen through named views.

Contracts:
- jieba's dictionary and its part-of-speech table are mapped once per process, on first use, and never changed.
- `view(name)` gives a segmenter whose own words (`add_words`) lie over that dictionary: the words one caller
  adds are seen by its view only, each added once however often it is asked. A view cuts a text exactly as a
  private `jieba.Tokenizer` holding the same added words would.
- `MERCHANT` is the view the offline model, the catalog resolver and campaign audiences cut merchants' words
  with; each store's catalog words lie in a view of that store's own (`catalog_view`), so that one store's
  product or category names never change how another store's messages are cut; the memory's keyword index has a
  view of its own, so a catalog word never changes a document's tokens.
- `tags(text)` gives (word, part-of-speech flag) pairs through the merchant view.
- The dictionary (every word and word prefix -> frequency and part-of-speech tag) is a memory-mapped trie kept in
  the data folder (cache/jieba, under a key of jieba's version and dictionary file; copilot.cache_files): 2 MB of
  file shared by every process instead of ~53 MB of dict and ~7-19 MB of tag table per process, mapped in well
  under a millisecond instead of read in ~0.4 s of CPU. It holds exactly jieba's own tables (its frequencies from
  `gen_pfdict`, its tags from `jieba.posseg`), built once per data folder; an unwritable data folder only costs
  that build (~1.5 s of CPU) in every process.
- jieba is imported without pkg_resources (`_jieba`): it only uses it to open its own dictionary file, which it
  opens by path without it, and importing pkg_resources cost ~0.3-0.6 s of CPU on the first turn.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from copilot.cache_files import mapped_table, read_cached, write_cached

MERCHANT = "merchant"

_LOCK = threading.RLock()
_VIEWS: dict[str, Segmenter] = {}
_TAGGER: list[Any] = []
_WORDS: list[Any] = []


class _Overlay(dict[str, int]):
    """A tokenizer's own word frequencies over the shared dictionary's trie (record: frequency, tag code)."""

    __slots__ = ("base",)

    def __init__(self, base: Any) -> None:
        super().__init__()
        self.base = base

    def __missing__(self, key: str) -> int:
        return int(self.base[key][0][0])

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self.base

    def get(self, key: str, default: Any = None) -> Any:
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        found = self.base.get(key)
        return found[0][0] if found else default


class _Tags(dict[str, str]):
    """jieba.posseg's word -> tag table: words added to it (`update`), then the shared dictionary's tags."""

    __slots__ = ("base", "names")

    def __init__(self, base: Any, names: list[str]) -> None:
        super().__init__()
        self.base = base
        self.names = names

    def get(self, key: str, default: Any = None) -> Any:
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        found = self.base.get(key)
        return self.names[found[0][1] - 1] if found and found[0][1] else default


def _jieba() -> Any:
    """The jieba module, imported (once) with pkg_resources unavailable, unless something had imported it. For the
    duration of that import (under the lock, at the first cut) another thread importing pkg_resources would get an
    ImportError; nothing in the copilot imports pkg_resources."""
    with _LOCK:
        if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
            sys.modules["pkg_resources"] = None  # type: ignore[assignment]
            try:
                import jieba
            finally:
                if "pkg_resources" in sys.modules and sys.modules["pkg_resources"] is None:
                    del sys.modules["pkg_resources"]
        import jieba

        return jieba


class Segmenter:
    """A view of the shared dictionary with its own added words."""

    def __init__(self) -> None:
        self._tokenizer: Any = None
        self._added: set[str] = set()

    def tokenizer(self) -> Any:
        """The view's jieba tokenizer (the shared dictionary is loaded on the first call in the process)."""
        with _LOCK:
            if self._tokenizer is None:
                jieba = _jieba()
                words, total, _ = _words()
                tokenizer = jieba.Tokenizer()
                tokenizer.FREQ = _Overlay(words)
                tokenizer.total = total
                tokenizer.initialized = True
                self._tokenizer = tokenizer
            return self._tokenizer

    def add_words(self, words: Iterable[str], freq: int) -> None:
        """Add `words` at `freq` to this view, each once."""
        tokenizer = self.tokenizer()
        with _LOCK:
            for word in words:
                if word not in self._added:
                    tokenizer.add_word(word, freq=freq)
                    self._added.add(word)

    def lcut(self, text: str) -> list[str]:
        return list(self.tokenizer().lcut(text))

    def lcut_for_search(self, text: str) -> list[str]:
        return list(self.tokenizer().lcut_for_search(text))


def _cache_file(name: str, suffix: str) -> Path:
    jieba = _jieba()

    from copilot.config import get_settings

    stat = (Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME).stat()
    key = f"{jieba.__version__}-{stat.st_size}-{int(stat.st_mtime)}"
    return get_settings().data_dir / "cache" / "jieba" / f"{name}-{key}.{suffix}"


def _parse() -> tuple[dict[str, int], int, dict[str, str]]:
    """jieba's own frequency table, total and word -> tag table, parsed from its dictionary file."""
    module = _jieba()
    module.setLogLevel(logging.WARNING)
    plain = module.Tokenizer()
    freq, total = plain.gen_pfdict(plain.get_dict_file())
    posseg = _posseg()
    tagger = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
    tagger.word_tag_tab = {}
    tagger.load_word_tag(plain.get_dict_file())
    return freq, total, tagger.word_tag_tab


def _words() -> tuple[Any, int, list[str]]:
    """The shared dictionary: the mapped trie (word or prefix -> (frequency, tag code)), the total frequency and
    the tag names (code n is names[n - 1])."""
    with _LOCK:
        if not _WORDS:
            table, meta = _cache_file("words", "marisa"), _cache_file("words", "marshal")
            known = read_cached(meta)
            parsed: list[tuple[dict[str, int], int, dict[str, str]]] = []
            if not (isinstance(known, tuple) and len(known) == 2):
                parsed.append(_parse())
                _, total, tags = parsed[0]
                known = (total, sorted(set(tags.values())))
                with contextlib.suppress(OSError):
                    table.unlink(missing_ok=True)
                write_cached(meta, known)
            total, names = known

            def records() -> Iterable[tuple[str, tuple[int, int]]]:
                freq, _, tags = parsed[0] if parsed else _parse()
                code = {name: number for number, name in enumerate(names, 1)}
                return ((word, (count, code.get(tags.get(word, ""), 0))) for word, count in freq.items())

            _WORDS.extend((mapped_table(table, "<IB", records), total, names))
    return _WORDS[0], _WORDS[1], _WORDS[2]


def _dictionary() -> Any:
    """jieba's default tokenizer over the shared dictionary."""
    jieba = _jieba()

    base = jieba.dt
    with _LOCK:
        if not base.initialized:
            words, total, _ = _words()
            base.FREQ, base.total = _Overlay(words), total
            base.initialized = True
    return base


def _posseg() -> Any:
    """jieba.posseg, imported without parsing the dictionary text (its module-level tagger's table stays empty)."""
    module = _jieba()
    with _LOCK:
        if "jieba.posseg" not in sys.modules:
            module.dt.dictionary = os.devnull
            try:
                importlib.import_module("jieba.posseg")
            finally:
                module.dt.dictionary = module.DEFAULT_DICT
    return sys.modules["jieba.posseg"]


def _tag_table() -> tuple[Any, _Tags]:
    """jieba.posseg and the shared word -> tag table (also set as its module-level tagger's)."""
    words, _, names = _words()
    _dictionary()
    posseg = _posseg()
    table = _Tags(words, names)
    posseg.dt.word_tag_tab = table
    return posseg, table


def catalog_view(merchant_id: str | None) -> str:
    """The name of the view that holds one store's catalog words (one per store: never the shared MERCHANT view)."""
    return f"catalog:{merchant_id or '-'}"


def view(name: str) -> Segmenter:
    """The segmenter view called `name` (made on the first call)."""
    with _LOCK:
        if name not in _VIEWS:
            _VIEWS[name] = Segmenter()
        return _VIEWS[name]


def lcut(text: str) -> list[str]:
    """The words of `text` through the merchant view."""
    return view(MERCHANT).lcut(text)


def lcut_for_search(text: str) -> list[str]:
    """The words of `text` and the dictionary words inside the longer ones, through the merchant view."""
    return view(MERCHANT).lcut_for_search(text)


def tags(text: str) -> list[tuple[str, str]]:
    """(word, jieba part-of-speech flag) for each word of `text`, through the merchant view."""
    with _LOCK:
        if not _TAGGER:
            posseg, table = _tag_table()
            tagger = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
            tagger.tokenizer = view(MERCHANT).tokenizer()
            tagger.word_tag_tab = table
            _TAGGER.append(tagger)
        return [(pair.word, pair.flag) for pair in _TAGGER[0].cut(text)]
