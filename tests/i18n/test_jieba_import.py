"""jieba is imported without pkg_resources (0.3-0.6 s of CPU it only used to open its own dictionary) and cuts and
tags exactly as jieba imported the ordinary way."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

TEXTS = ["上个月卖得最好的3个冲锋衣是什么？", "双12前做一个防晒品类的推广方案，预算3万", "退货运费谁出"]

OURS = f"""
import json, sys
from copilot.i18n import segmenter
texts = {TEXTS!r}
words = [segmenter.view("plain").lcut(t) for t in texts]
tags = [segmenter.tags(t) for t in texts]
print(json.dumps({{"words": words, "tags": tags, "pkg_resources": "pkg_resources" in sys.modules}}))
"""

PLAIN = f"""
import json
import pkg_resources
import jieba, jieba.posseg
texts = {TEXTS!r}
print(json.dumps({{"words": [jieba.lcut(t) for t in texts],
                   "tags": [[[p.word, p.flag] for p in jieba.posseg.cut(t)] for t in texts]}}))
"""


def _run(code: str, data: Path) -> dict[str, object]:
    env = {"COPILOT_DATA_DIR": str(data), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_jieba_without_pkg_resources_cuts_and_tags_as_jieba_does(tmp_path: Path) -> None:
    ours = _run(OURS, tmp_path / "data")
    plain = _run(PLAIN, tmp_path / "plain")
    assert ours["pkg_resources"] is False
    assert ours["words"] == plain["words"]
    assert ours["tags"] == plain["tags"]
