"""What Chinese characters and names sound like (pypinyin's toneless `lazy_pinyin`), without pypinyin on the way
to the first answer.

Contracts:
- `char_sound(ch)` is `lazy_pinyin(ch)[0]` for a CJK character (U+3400-U+9FFF); `name_sounds(names)` maps each
  name to `tuple(lazy_pinyin(name))` (its phrase readings: 重量 zhong, 重新 chong). The values are pypinyin's.
- Both come from tables kept in the data folder (cache/pinyin, marshal, under a key of pypinyin's dictionary
  files): every character's sound, built once per data folder, and the sounds of every name asked before.
  pypinyin (its phrase table: ~0.15 s of CPU and ~50 MB at import) is imported only to build or extend them, so a
  process whose catalog's names are in the table never imports it. An unreadable or unwritable cache costs only
  that time.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from copilot.cache_files import read_cached, write_cached

FIRST, LAST = 0x3400, 0x9FFF
_LOCK = threading.Lock()
_CHARS: dict[str, str] = {}
_NAMES: dict[str, tuple[str, ...]] = {}


def _cache_file(name: str) -> Path:
    from copilot.config import get_settings

    spec = importlib.util.find_spec("pypinyin")
    folder = Path(next(iter(spec.submodule_search_locations or ()))) if spec else Path()
    stats = [(folder / f"{table}_dict.json").stat() for table in ("pinyin", "phrases")]
    key = "-".join(f"{s.st_size}-{int(s.st_mtime)}" for s in stats)
    return get_settings().data_dir / "cache" / "pinyin" / f"{name}-{key}.marshal"


def _lazy_pinyin() -> Callable[[str], list[str]]:
    from pypinyin import lazy_pinyin

    return lazy_pinyin


def _chars() -> dict[str, str]:
    if not _CHARS:
        path = _cache_file("chars")
        table = read_cached(path)
        if not isinstance(table, dict):
            lazy_pinyin = _lazy_pinyin()
            table = {chr(code): lazy_pinyin(chr(code))[0] for code in range(FIRST, LAST + 1)}
            write_cached(path, table)
        _CHARS.update(table)
    return _CHARS


def char_sound(ch: str) -> str:
    """The toneless pinyin of the CJK character `ch`."""
    with _LOCK:
        return _chars()[ch]


def name_sounds(names: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each name's toneless pinyin, syllable by syllable."""
    wanted = list(dict.fromkeys(names))
    with _LOCK:
        missing = [n for n in wanted if n not in _NAMES]
        if missing:
            path = _cache_file("names")
            known = read_cached(path)
            if isinstance(known, dict):
                _NAMES.update(known)
            missing = [n for n in missing if n not in _NAMES]
            if missing:
                lazy_pinyin = _lazy_pinyin()
                _NAMES.update({n: tuple(lazy_pinyin(n)) for n in missing})
                write_cached(path, dict(_NAMES))
        return {n: _NAMES[n] for n in wanted}
