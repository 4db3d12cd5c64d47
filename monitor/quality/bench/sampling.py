"""Memory and CPU of a process tree, from ``/proc`` (Linux); elsewhere only ``ru_maxrss``.

Peak memory is the resident set of the phase's whole process tree (pool workers included),
sampled every 20 ms, and never less than the phase process's own high-water mark (``VmHWM``;
``ru_maxrss`` would carry over the parent's memory through fork and exec). RSS counts pages that
forked processes (pool worker, an import's reader) share with their parent once per process, so
the tree's proportional set size (PSS, shared pages split) is read too, every 200 ms (reading it
makes the kernel walk every page table of the tree).
"""

from __future__ import annotations

import os
import resource
import sys
import threading

SAMPLE_EVERY = 0.02
PSS_EVERY = 10  # samples between two readings of the proportional set size


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out.extend(int(x) for x in fh.read().split())
        except OSError:
            continue
    return out


def _proc_kb(path: str, field: str) -> int:
    """The kB figure of the line starting with ``field`` in a ``/proc`` file (0 if none)."""
    try:
        with open(path, encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _rss_kb(pid: int) -> int:
    return _proc_kb(f"/proc/{pid}/status", "VmRSS:")


def _pss_kb(pid: int) -> int:
    """Proportional set size: resident memory with pages shared between processes split among
    them (pool workers share the fork server's pages, which plain RSS counts in every worker)."""
    return _proc_kb(f"/proc/{pid}/smaps_rollup", "Pss:")


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of one live process (``/proc/<pid>/stat``)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def _tree(pid: int) -> list[int]:
    out, stack, seen = [], [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        out.append(p)
        stack.extend(_children(p))
    return out


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB."""
    return sum(_rss_kb(p) for p in _tree(pid)) / 1024


class Sampler(threading.Thread):
    """Peak RSS of a process tree and the CPU time its processes used (last value seen each)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0.0
        self.peak_pss = 0.0
        self.peak_single = 0.0
        self.cpu: dict[int, float] = {}
        self._halt = threading.Event()

    def run(self) -> None:
        tick = 0
        while not self._halt.is_set():
            pids = _tree(self.pid)
            rss = [_rss_kb(p) for p in pids]
            self.peak = max(self.peak, sum(rss) / 1024)
            self.peak_single = max(self.peak_single, max(rss, default=0) / 1024)
            if tick % PSS_EVERY == 0:  # the kernel walks every page table for it: not too often
                self.peak_pss = max(self.peak_pss, sum(_pss_kb(p) for p in pids) / 1024)
            tick += 1
            for p in pids:
                self.cpu[p] = max(self.cpu.get(p, 0.0), _cpu_s(p))
            self._halt.wait(SAMPLE_EVERY)

    def stop(self) -> float:
        self._halt.set()
        self.join()
        return self.peak


def maxrss_mb(who: int) -> float:
    kb = resource.getrusage(who).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 2**20


def own_peak_mb() -> float:
    """This process's resident high-water mark since it started its program.

    ``ru_maxrss`` is no good for a phase: Linux carries it over fork and exec, so every phase
    would report at least the memory of the benchmark's parent process (which holds all the
    generated texts). ``VmHWM`` belongs to the process's own address space, new at exec.
    """
    kb = _proc_kb("/proc/self/status", "VmHWM:")
    return kb / 1024 if kb else maxrss_mb(resource.RUSAGE_SELF)
