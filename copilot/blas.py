"""BLAS on one thread in the copilot's processes.

A worker serves many requests at once on few CPUs: its parallelism is the requests, not one matrix product. The
matrices are small (a promotion fit: a year of days x a few dozen parameters; a segment score: one vector against
the profiles), and on a shared 2-core machine OpenBLAS's thread pool made promotion fits 10-15x slower
(BENCHMARKS.md, section Promotion). OpenBLAS's thread count is process-wide and each library loaded later (scipy
brings its own OpenBLAS) starts with its own pool, so this is called when a copilot opens and again after scipy's
linear algebra is loaded. Never restored: a limit set and restored around one job also changed every other thread's
BLAS while it ran.
"""

from __future__ import annotations

from threadpoolctl import threadpool_limits


def one_blas_thread() -> None:
    """Pin every BLAS loaded in this process to one thread (again for libraries loaded since the last call)."""
    threadpool_limits(limits=1, user_api="blas")
