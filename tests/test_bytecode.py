"""The processes a test starts keep compiled bytecode, whatever the shell says (tests/__init__.py)."""

from __future__ import annotations

import subprocess
import sys


def test_a_process_started_by_a_test_writes_bytecode():
    started = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.dont_write_bytecode)"], capture_output=True, text=True, check=True
    )
    assert started.stdout.strip() == "False"
    assert sys.dont_write_bytecode is False
