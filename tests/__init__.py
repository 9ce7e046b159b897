"""The test suite.

The suite starts many Python processes: the xdist workers, and the CLI runs, servers and workers its tests start and
kill. Where the shell sets PYTHONDONTWRITEBYTECODE, each of them compiled every module it imports from source again
(collection alone took about 25 s per worker on a fresh checkout). For the run and the processes it starts,
compiled bytecode is kept in the usual git-ignored __pycache__ folders.
"""

import os
import sys

sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
