"""The embedder's OpenMP spin setting: a short spin by default, the operator's own settings kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

_PROBE = (
    "import json, os; from copilot.memory import Embedder; Embedder().embed_query(['退货运费']); "
    "print(json.dumps({k: os.environ.get(k) for k in ('GOMP_SPINCOUNT', 'OMP_WAIT_POLICY')}))"
)


def _environment_after_embedding(**env: str) -> dict[str, str | None]:
    base = {k: v for k, v in os.environ.items() if k not in {"GOMP_SPINCOUNT", "OMP_WAIT_POLICY"}}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], env={**base, **env}, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_short_spin_is_set_when_the_operator_set_nothing() -> None:
    assert _environment_after_embedding() == {"GOMP_SPINCOUNT": "10000", "OMP_WAIT_POLICY": None}


@pytest.mark.parametrize("env", [{"OMP_WAIT_POLICY": "ACTIVE"}, {"GOMP_SPINCOUNT": "500"}])
def test_an_operator_setting_is_left_alone(env: dict[str, str]) -> None:
    expected = {"GOMP_SPINCOUNT": None, "OMP_WAIT_POLICY": None} | env
    assert _environment_after_embedding(**env) == expected
