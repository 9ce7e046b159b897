"""`copilot chat` in a real terminal: tmux runs it and the test reads the screen (capture-pane) as a merchant sees it.

Without tmux the test skips with the reason, unless COPILOT_REQUIRE_TMUX is set (CI), where the absence is a failure.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from copilot.store import Store
from tests.helpers import add_draft_campaign

REQUIRE_TMUX = bool(os.environ.get("COPILOT_REQUIRE_TMUX"))  # read before the env is cleaned per test
SCREEN_WAIT_S = 120.0  # only guards against a hang: the test fails saying what never appeared
LIBRARY_LOG = re.compile(
    r"Building prefix dict|Loading model|Prefix dict has been built|^(DEBUG|INFO|WARNING)\b|Traceback|Warning:",
    re.MULTILINE,
)


@dataclass
class Terminal:
    """One tmux server of the test's own (its socket) with `copilot chat` in a 160x50 pane."""

    socket: str

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], check=True, capture_output=True, text=True).stdout

    def screen(self) -> str:
        """The pane's whole history and screen, as text."""
        return self._tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "chat")

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", "chat", "-l", text)
        self._tmux("send-keys", "-t", "chat", "Enter")

    def wait_for(self, pattern: str, count: int = 1) -> str:
        """The screen once `pattern` (a regex) appears `count` times on it."""
        deadline = time.monotonic() + SCREEN_WAIT_S
        while True:
            screen = self.screen()
            if len(re.findall(pattern, screen)) >= count:
                return screen
            if time.monotonic() > deadline:
                pytest.fail(f"{pattern!r} never appeared {count} time(s) on the chat's screen:\n{screen}")
            time.sleep(0.2)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)


@pytest.fixture
def terminal(demo_template: Path, tmp_path: Path) -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        reason = "tmux is absent (apt-get install tmux)"
        if REQUIRE_TMUX:
            pytest.fail(f"COPILOT_REQUIRE_TMUX is set but {reason}")
        pytest.skip(reason)
    db = tmp_path / "store.db"
    shutil.copyfile(demo_template, db)
    store = Store.open(f"sqlite:///{db}")
    add_draft_campaign(store, "c_terminal_draft")
    store.close()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "HF_HUB_OFFLINE": "1",
        "COPILOT_DATA_DIR": str(tmp_path / "data"),
        "COPILOT_DB_URL": f"sqlite:///{db}",
        "COPILOT_MODEL": "offline",
    }
    command = [sys.executable, "-c", "from copilot.cli import app; app(prog_name='copilot')"]
    command += ["chat", "--merchant", "m_outdoor", "--approver", "店长王"]
    shell = "env -i " + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items()) + " " + shlex.join(command)
    shell += "; echo '[chat ended]'; sleep 600"
    session = Terminal(socket=f"copilot-test-{uuid.uuid4().hex[:8]}")
    subprocess.run(
        ["tmux", "-L", session.socket, "-f", "/dev/null", "-u", "new-session", "-d", "-s", "chat", "-x", "160",
         "-y", "50", "-c", str(Path.cwd()), shell],
        check=True,
    )  # fmt: skip
    yield session
    session.close()


def test_the_terminal_chat_shows_no_library_logs_and_asks_with_its_choices(terminal: Terminal):
    terminal.wait_for(r"you> ")
    terminal.type("上个月卖得最好的3个商品是什么？")
    terminal.wait_for(r"you> ", count=2)
    terminal.type("提交双12防晒推广活动的预算")
    screen = terminal.wait_for(r"approve\?")
    assert re.search(r"approve\? \[y/n\]", screen), screen
    terminal.type("y")
    screen = terminal.wait_for(r"you> ", count=3)
    assert re.search("预算已提交|submitted", screen), screen
    assert not LIBRARY_LOG.search(screen), screen
