"""Chinese word segmentation: one jieba dictionary per process, seen through named views.

Contracts:
- jieba's dictionary (~75 MB of Python dict) and its part-of-speech table (~56 MB) are loaded once per process,
  on first use, and never changed.
- `view(name)` gives a segmenter whose own words (`add_words`) lie over that dictionary: the words one caller
  adds are seen by its view only, each added once however often it is asked. A view cuts a text exactly as a
  private `jieba.Tokenizer` holding the same added words would.
- `MERCHANT` is the view of the merchants' words (the offline model, the catalog resolver, campaign audiences);
  the memory's keyword index has a view of its own, so a catalog word never changes a document's tokens.
- `tags(text)` gives (word, part-of-speech flag) pairs through the merchant view.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import Any

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


class Segmenter:
    """A view of the shared dictionary with its own added words."""

    def __init__(self) -> None:
        self._tokenizer: Any = None
        self._added: set[str] = set()

    def tokenizer(self) -> Any:
        """The view's jieba tokenizer (the shared dictionary is loaded on the first call in the process)."""
        with _LOCK:
            if self._tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                base = jieba.dt
                base.check_initialized()
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
            import jieba.posseg

            tagger = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
            tagger.tokenizer = view(MERCHANT).tokenizer()
            tagger.word_tag_tab = jieba.posseg.dt.word_tag_tab
            _TAGGER.append(tagger)
        return [(pair.word, pair.flag) for pair in _TAGGER[0].cut(text)]
