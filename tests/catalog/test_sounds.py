"""The sound tables give pypinyin's readings, and a process with them in its data folder never imports pypinyin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pypinyin import lazy_pinyin

from copilot.catalog import sounds
from copilot.catalog.resolve import heard_category

NAMES = ["重量", "重新", "长款羽绒服", "行李箱", "银行", "背包", "猫粮", "冲锋衣", "音乐", "快乐", "朝阳", "了解"]

PROBE = """
import json, sys
from copilot.catalog.resolve import heard_category
heard = heard_category(["猫粮", "猫砂", "狗粮", "冻干零食"], "上个月猫梁卖了多少")
print(json.dumps({"heard": heard, "pypinyin": "pypinyin" in sys.modules}))
"""


def test_every_character_sounds_as_pypinyin_reads_it() -> None:
    for code in range(sounds.FIRST, sounds.LAST + 1):
        assert sounds.char_sound(chr(code)) == lazy_pinyin(chr(code))[0]


def test_names_sound_with_their_phrase_readings() -> None:
    assert sounds.name_sounds(NAMES) == {name: tuple(lazy_pinyin(name)) for name in NAMES}
    assert sounds.name_sounds(["重量", "重新"]) == {"重量": ("zhong", "liang"), "重新": ("chong", "xin")}


def test_a_name_sounds_like_its_misspelling() -> None:
    assert heard_category(["猫粮", "猫砂"], "猫梁多少钱") == ("猫粮", (0, 2))
    assert heard_category(["猫粮", "猫砂"], "猫粮多少钱") is None


def _probe(data: Path) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPILOT_")} | {"COPILOT_DATA_DIR": str(data)}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_a_process_reads_the_tables_of_its_data_folder_without_pypinyin(tmp_path: Path) -> None:
    first = _probe(tmp_path)
    again = _probe(tmp_path)
    assert first == {"heard": ["猫粮", [3, 5]], "pypinyin": True}
    assert again == {"heard": ["猫粮", [3, 5]], "pypinyin": False}
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "cache" / "pinyin").iterdir()) == ["chars", "names"]
