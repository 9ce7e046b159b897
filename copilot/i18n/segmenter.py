"""Chinese word segmentation: one jieba dictionary per process, seen through named views.

Contracts:
- jieba's dictionary (~75 MB of Python dict) and its part-of-speech table are loaded once per process,
  on first use, and never changed.
- `view(name)` gives a segmenter whose own words (`add_words`) lie over that dictionary: the words one caller
  adds are seen by its view only, each added once however often it is asked. A view cuts a text exactly as a
  private `jieba.Tokenizer` holding the same added words would.
- `MERCHANT` is the view of the merchants' words (the offline model, the catalog resolver, campaign audiences);
  the memory's keyword index has a view of its own, so a catalog word never changes a document's tokens.
- `tags(text)` gives (word, part-of-speech flag) pairs through the merchant view.
- The tag table's words are the dictionary's own strings and its tags one string per tag (~7 MB instead of
  ~56 MB): its cache holds one tag code per dictionary entry in the dictionary's order, with a checksum of that
  order (a mismatch re-parses).
- Both tables are kept in the data folder (cache/jieba, marshal, under a key of jieba's version and dictionary
  file), so a new process reads them in ~0.5 s of CPU instead of ~1.9 s (jieba's own cache file is read in small
  chunks; the tag table is parsed from the dictionary text at `import jieba.posseg`). An unreadable or
  unwritable cache only costs that time.
- jieba is imported without pkg_resources (`_jieba`): it only uses it to open its own dictionary file, which it
  opens by path without it, and importing pkg_resources cost ~0.3-0.6 s of CPU on the first turn.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import zlib
from collections.abc import Callable, Iterable
from itertools import compress
from pathlib import Path
from typing import Any

from copilot.cache_files import read_cached, write_cached

MERCHANT = "merchant"

_LOCK = threading.RLock()
_VIEWS: dict[str, Segmenter] = {}
_TAGGER: list[Any] = []


class _Overlay(dict[str, int]):
    """A view's own word frequencies, falling back to the shared dictionary's."""

    __slots__ = ("base",)

    def __init__(self, base: dict[str, int]) -> None:
        super().__init__()
        self.base = base

    def __missing__(self, key: str) -> int:
        return self.base[key]

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self.base

    def get(self, key: str, default: Any = None) -> Any:
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        return self.base.get(key, default)


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
                base = _dictionary()
                tokenizer = jieba.Tokenizer()
                tokenizer.FREQ = _Overlay(base.FREQ)
                tokenizer.total = base.total
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


def _cache_file(name: str) -> Path:
    jieba = _jieba()

    from copilot.config import get_settings

    stat = (Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME).stat()
    key = f"{jieba.__version__}-{stat.st_size}-{int(stat.st_mtime)}"
    return get_settings().data_dir / "cache" / "jieba" / f"{name}-{key}.marshal"


def _cached(name: str, build: Callable[[], Any], valid: Callable[[Any], bool] = lambda value: True) -> Any:
    """`build()`, kept in the data folder's cache under `name` (rebuilt when the cached value is not `valid`)."""
    path = _cache_file(name)
    value = read_cached(path)
    with contextlib.suppress(ValueError, TypeError, KeyError, IndexError):
        if value is not None and valid(value):
            return value
    value = build()
    write_cached(path, value)
    return value


def _dictionary() -> Any:
    """jieba's default tokenizer with its dictionary loaded (from the cache when there)."""
    jieba = _jieba()

    base = jieba.dt
    with _LOCK:
        if not base.initialized:
            jieba.setLogLevel(logging.WARNING)

            def load() -> tuple[dict[str, int], int]:
                base.initialize()
                return base.FREQ, base.total

            base.FREQ, base.total = _cached("freq", load)
            base.initialized = True
    return base


def _order(freq: dict[str, int]) -> int:
    """A checksum of the dictionary's words in their order."""
    return zlib.crc32("\n".join(freq).encode())


def _tag_table() -> tuple[Any, dict[str, str]]:
    """jieba.posseg imported, and the word -> tag table over the dictionary's word strings (imported without
    parsing the dictionary text again when the table is cached)."""
    default_dict = _jieba().DEFAULT_DICT
    base = _dictionary()
    path = _cache_file("tags")
    if path.is_file() and "jieba.posseg" not in sys.modules:
        base.dictionary = os.devnull
        try:
            import jieba.posseg
        finally:
            base.dictionary = default_dict
    import jieba.posseg

    order = _order(base.FREQ)

    def parse() -> tuple[int, list[str], bytes]:
        if not jieba.posseg.dt.word_tag_tab:
            jieba.posseg.dt.load_word_tag(base.get_dict_file())
        parsed = jieba.posseg.dt.word_tag_tab
        names = sorted(set(parsed.values()))
        code = {name: number for number, name in enumerate(names, 1)}
        return order, names, bytes(code.get(parsed.get(word), 0) for word in base.FREQ)

    def valid(value: Any) -> bool:
        return isinstance(value, tuple) and len(value) == 3 and value[0] == order

    _, names, codes = _cached("tags", parse, valid)
    table = dict(zip(compress(base.FREQ, codes), (names[code - 1] for code in codes if code), strict=True))
    jieba.posseg.dt.word_tag_tab = table
    return jieba.posseg, table


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
