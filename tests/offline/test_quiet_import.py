"""jionlp's import banners stay off the output without silencing other threads' prints."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import threading
import time
from copilot.offline.recognizers import libraries

printed = [0]
done = threading.Event()

def chatter():
    while not done.is_set():
        print("tick", flush=True)
        printed[0] += 1
        time.sleep(0.001)
    print("tick", flush=True)
    printed[0] += 1

thread = threading.Thread(target=chatter)
thread.start()
libraries._jionlp()
done.set()
thread.join()
print("printed", printed[0], flush=True)
"""


def test_jionlp_import_keeps_its_banner_out_and_other_threads_prints_in() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True).stdout
    assert "jionlp" not in out and "jiojio" not in out
    printed = int(out.rsplit("printed", 1)[1])
    assert printed > 1
    assert out.count("tick\n") == printed
