"""Running the benchmark: each phase in a fresh interpreter, at one size or several.

The parent (``run``, ``run_size``) generates the comments, writes them where a phase can read
them, starts every phase with ``run_phase`` and samples its process tree; the phase's process
(``python -m monitor.quality.bench '<json spec>'``, ``phase_main``) runs one phase and prints
its result as one JSON line.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from monitor.core.errors import CitraError
from monitor.quality.bench.anatomy import phase_anatomy
from monitor.quality.bench.ingest import phase_ingest
from monitor.quality.bench.naive import naive_rows, phase_naive, phase_naive_ingest
from monitor.quality.bench.queries import phase_queries
from monitor.quality.bench.sampling import Sampler, maxrss_mb, own_peak_mb
from monitor.quality.bench.score import compare, phase_score
from monitor.quality.bench.texts import write_texts

DEFAULT_N = 200_000
NAIVE_MAX = 200_000  # the naive path is measured on at most this many comments, then extrapolated
SCALING_NS = (100_000, 300_000, 1_000_000)
# The exports the ingest phase reads: the format's name and the file's suffix.
EXPORTS = {"apify": ".json", "exportcomments": ".csv", "tweet_harvest": ".csv"}
EXPORT_FORMATS = tuple(EXPORTS)


def _phase_pull(**spec: Any) -> dict[str, Any]:
    # imported when run, so ``python -m monitor.quality.bench.pull`` runs a module not yet loaded
    from monitor.quality.bench.pull import phase_pull

    return phase_pull(**spec)


PHASES = {
    "naive": phase_naive,
    "score": phase_score,
    "ingest": phase_ingest,
    "naive_ingest": phase_naive_ingest,
    "queries": phase_queries,
    "pull": _phase_pull,  # on its own: python -m monitor.quality.bench.pull
    "anatomy": phase_anatomy,
}


def phase_main(argv: list[str]) -> int:
    """Child entry point: ``python -m monitor.quality.bench '<json spec>'`` prints one JSON result."""
    spec = json.loads(argv[0])
    kind = spec.pop("phase")
    fn = PHASES[kind]
    result = fn(**spec)
    result["maxrss_self_mb"] = own_peak_mb()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["cpu_total_self"] = usage.ru_utime + usage.ru_stime
    result["maxrss_children_mb"] = maxrss_mb(resource.RUSAGE_CHILDREN)
    print("BENCH-RESULT " + json.dumps(result))
    return 0


def run_phase(phase: str, **spec: Any) -> dict[str, Any]:
    """Run one phase in a fresh interpreter; its result plus the peak RSS of its process tree."""
    cmd = [sys.executable, "-m", "monitor.quality.bench", json.dumps({"phase": phase, **spec})]
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[3])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    sampler = Sampler(proc.pid)
    sampler.start()
    stdout, stderr = proc.communicate()
    peak = sampler.stop()
    if proc.returncode != 0:
        tail = "\n".join(stderr.strip().splitlines()[-8:])
        raise CitraError(f"benchmark phase {phase!r} failed:\n{tail}")
    line = next(x for x in stdout.splitlines() if x.startswith("BENCH-RESULT "))
    result = json.loads(line.split(" ", 1)[1])
    result["peak_rss_mb"] = round(max(peak, result["maxrss_self_mb"]), 1)
    result["peak_pss_mb"] = round(sampler.peak_pss, 1)
    result["peak_rss_largest_process_mb"] = round(
        max(sampler.peak_single, result["maxrss_self_mb"]), 1
    )
    # CPU of the whole tree (pool workers included): wall time on a busy machine says little
    # on its own, CPU seconds show the work done and cpu/wall how well the cores were used.
    tree_cpu = sum(sampler.cpu.values())
    result["cpu_seconds_tree"] = round(tree_cpu, 2)
    if "cpu_timed_self" in result:
        # the timed region: this process's own CPU in it, plus every other process of the
        # tree (pool workers only live inside the timed region)
        others = max(0.0, tree_cpu - result["cpu_total_self"])
        result["cpu_seconds"] = round(result["cpu_timed_self"] + others, 2)
    if "seconds" in result and result.get("comments"):
        result["comments_per_s"] = result["comments"] / result["seconds"]
    return result


def _machine() -> dict[str, Any]:
    info: dict[str, Any] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    with contextlib.suppress(OSError):
        info["load_avg_1m"] = round(os.getloadavg()[0], 2)
    return info


def run_size(
    n: int,
    seed: int,
    work: Path,
    *,
    naive_max: int = NAIVE_MAX,
    formats: tuple[str, ...] = EXPORT_FORMATS,
    log=None,
) -> dict[str, Any]:
    """All phases at one size ``n``."""
    from monitor.demo import generator as demo

    say = log or (lambda _msg: None)
    out: dict[str, Any] = {"n": n, "machine_before": _machine()}

    say(f"[{n:,}] generating texts")
    texts = demo.generate_texts(n, seed)
    rows = naive_rows(n, naive_max)
    all_file, naive_file = work / "texts.json", work / "naive-texts.json"
    write_texts(all_file, texts)
    write_texts(naive_file, [texts[i] for i in rows])
    del texts
    naive_n = len(rows)
    say(f"[{n:,}] naive baseline on {naive_n:,} comments")
    naive = run_phase("naive", texts=str(naive_file), out=str(work / "naive.pkl"))
    naive["measured_on"] = naive_n
    naive["extrapolated"] = naive_n < n
    naive["seconds_at_n"] = naive["seconds"] * n / naive_n
    out["naive"] = naive

    say(f"[{n:,}] Citra scoring")
    score = run_phase("score", texts=str(all_file), out=str(work / "fast.pkl"))
    out["score"] = score
    out["speedup"] = naive["seconds_at_n"] / score["seconds"]
    out["agreement"] = compare(work / "naive.pkl", work / "fast.pkl", rows)

    writers = {
        "apify": demo.write_demo_export,
        "exportcomments": demo.write_export_csv,
        "tweet_harvest": demo.write_tweet_harvest_csv,
    }
    for fmt in formats:
        path = work / f"export-{n}{EXPORTS[fmt]}"
        say(f"[{n:,}] writing {fmt} export")
        t0 = time.perf_counter()
        writers[fmt](path, n, seed)
        gen = time.perf_counter() - t0
        db = work / f"store-{fmt}-{n}.db"
        say(f"[{n:,}] ingest {fmt}")
        ing = run_phase("ingest", path=str(path), db=f"sqlite:///{db}")
        ing["generate_seconds"] = gen
        out[f"ingest_{fmt}"] = ing
        if fmt == "apify" and n <= naive_max:
            say(f"[{n:,}] naive ingest (read_json, per-row stem + VADER, to_sql)")
            naive_db = work / f"naive-{n}.db"
            out["naive_ingest"] = run_phase(
                "naive_ingest", path=str(path), db=f"sqlite:///{naive_db}"
            )
            naive_db.unlink(missing_ok=True)
        path.unlink()
        if fmt == formats[0]:
            say(f"[{n:,}] morning-view queries")
            out["queries"] = run_phase("queries", db=f"sqlite:///{db}")
        db.unlink()
        for extra in ("-wal", "-shm"):
            Path(f"{db}{extra}").unlink(missing_ok=True)
    say(f"[{n:,}] copy-paste search of a {n:,}-comment day")
    out["anatomy"] = run_phase("anatomy", n=n, seed=seed)
    out["machine_after"] = _machine()
    return out


def run_anatomy(n: int = 100_000, seed: int = 7) -> dict[str, Any]:
    """Only the anatomy phase (``bench --only anatomy``): one day of ``n`` comments."""
    if n < 1:
        raise CitraError("--n must be at least 1")
    return {
        "seed": seed,
        "machine": _machine(),
        "runs": [{"n": n, "anatomy": run_phase("anatomy", n=n, seed=seed)}],
    }


def run(
    n: int = DEFAULT_N,
    seed: int = 7,
    *,
    scaling: bool = False,
    naive_max: int = NAIVE_MAX,
    formats: tuple[str, ...] = EXPORT_FORMATS,
    log=None,
    on_size=None,
) -> dict[str, Any]:
    """The benchmark at ``n`` (and at 100k/300k/1M with ``scaling``) as a JSON-able dict.

    ``on_size(result_so_far)`` is called after each size, so a long run keeps what it measured.
    """
    if n < 1:
        raise CitraError("--n must be at least 1")
    unknown = [f for f in formats if f not in EXPORTS]
    if unknown:
        raise CitraError(f"unknown export format {unknown[0]!r} (expected {', '.join(EXPORTS)})")
    sizes = sorted(set((n, *SCALING_NS))) if scaling else [n]
    work = Path(tempfile.mkdtemp(prefix="citra-bench-"))
    try:
        runs: list[dict[str, Any]] = []
        for size in sizes:
            runs.append(run_size(size, seed, work, naive_max=naive_max, formats=formats, log=log))
            if on_size:
                on_size({"seed": seed, "machine": _machine(), "runs": list(runs)})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"seed": seed, "machine": _machine(), "runs": runs}
