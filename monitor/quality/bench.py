"""Throughput benchmark: Citra's pipeline against the obvious per-row one, on generated comments.

Phases (each in its own fresh Python process, so timings start cold and the peak resident
memory of one phase does not hide inside another):

1. ``naive``: Sastrawi's default stemmer over every row (``df.text.apply(stemmer.stem)``),
   then one ``polarity_scores`` call per row with Citra's analyser (same lexicon and normaliser,
   so the scores can be compared comment by comment).
2. ``score``: ``monitor.nlp.scoring.score`` on the same texts.
3. ``ingest``: a generated export (Apify JSON, exportcomments CSV) through the real
   ``import_file`` into a fresh SQLite store: parse, normalise, score, store, daily aggregates.
4. ``queries``: what the morning view reads at that size: the 365-day daily series, spike
   detection on it, the top complaints, the spikes of the last week with their drivers, and the
   whole morning summary.

Peak memory is the resident set of the phase's whole process tree (pool workers included),
sampled from ``/proc`` every 20 ms, and never less than the phase process's own high-water
mark (``VmHWM``; ``ru_maxrss`` would carry over the parent's memory through fork and exec). RSS
counts pages that forked processes (pool worker, an import's reader) share with their parent
once per process, so the tree's proportional set size (PSS, shared pages split) is reported too,
read every 200 ms (reading it makes the kernel walk every page table of the tree).
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
import threading
import time
from pathlib import Path
from typing import Any

from monitor.core.errors import CitraError

DEFAULT_N = 200_000
NAIVE_MAX = 200_000  # the naive path is measured on at most this many comments, then extrapolated
SCALING_NS = (100_000, 300_000, 1_000_000)
QUERY_REPEATS = 5
SAMPLE_EVERY = 0.02
PSS_EVERY = 10  # samples between two readings of the proportional set size
SCORE_TOLERANCE = 1e-9


# ---------------------------------------------------------------------------------------------
# Memory of a process tree, from /proc (Linux); elsewhere only ru_maxrss is reported.
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


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


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


def _pss_kb(pid: int) -> int:
    """Proportional set size: resident memory with pages shared between processes split among
    them (pool workers share the fork server's pages, which plain RSS counts in every worker)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB."""
    return sum(_rss_kb(p) for p in _tree(pid)) / 1024


class _Sampler(threading.Thread):
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


def _maxrss_mb(who: int) -> float:
    kb = resource.getrusage(who).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 2**20


def _own_peak_mb() -> float:
    """This process's resident high-water mark since it started its program.

    ``ru_maxrss`` is no good for a phase: Linux carries it over fork and exec, so every phase
    would report at least the memory of the benchmark's parent process (which holds all the
    generated texts). ``VmHWM`` belongs to the process's own address space, new at exec.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return _maxrss_mb(resource.RUSAGE_SELF)


# ---------------------------------------------------------------------------------------------
# Phases (run inside the child process).
def _load_texts(path: str) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _phase_naive(texts: str, out: str) -> dict[str, Any]:
    import pandas as pd
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    from monitor.nlp import sentiment

    df = pd.DataFrame({"text": _load_texts(texts)})
    n = len(df)
    stemmer = StemmerFactory().create_stemmer()
    analyzer = sentiment.analyzer()
    c0, t0 = time.process_time(), time.perf_counter()
    stemmed = df.text.apply(stemmer.stem)
    scores = df.text.apply(analyzer.polarity_scores)
    compound = [s["compound"] for s in scores]
    labels = [s.get("label") or analyzer.label(s["compound"]) for s in scores]
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    pd.DataFrame({"score": compound, "label": labels, "stemmed": stemmed}).to_pickle(out)
    return {"seconds": elapsed, "cpu_timed_self": cpu, "comments": n}


def _phase_score(texts: str, out: str) -> dict[str, Any]:
    from monitor.nlp import scoring

    texts = _load_texts(texts)
    n = len(texts)
    # load data files
    scoring.score(["terima kasih, bantuan sudah cair"], scoring.ScoringConfig(workers=1))
    c0, t0 = time.process_time(), time.perf_counter()
    df = scoring.score(texts, scoring.ScoringConfig())
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    df.to_pickle(out)
    return {
        "seconds": elapsed,
        "cpu_timed_self": cpu,
        "comments": n,
        "distinct_texts": len(set(texts)),
    }


def _phase_ingest(path: str, db: str) -> dict[str, Any]:
    from dataclasses import replace

    from monitor.demo.generator import ACCOUNT
    from monitor.ingest.pipeline import import_file
    from monitor.ops import settings
    from monitor.store import open_store

    store = open_store(db)
    # a 1M-comment export is larger than the default upload limit; an analyst raises it the same way
    current = settings.load(store)
    need_mb = int(os.path.getsize(path) / 2**20) + 1
    if current.max_upload_mb and current.max_upload_mb < need_mb:
        settings.save(store, replace(current, max_upload_mb=need_mb))
    c0, t0 = time.process_time(), time.perf_counter()
    report = import_file(store, path, account=ACCOUNT)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    store.dispose()
    return {
        "seconds": elapsed,
        "cpu_timed_self": cpu,
        "comments": report.rows_new,
        "rows_read": report.rows_read,
        "rows_rejected": report.rows_rejected,
        "format": report.source_format,
        "file_mb": os.path.getsize(path) / 2**20,
    }


def _phase_naive_ingest(path: str, db: str) -> dict[str, Any]:
    """The obvious import: read the whole file, stem and score row by row, ``to_sql``.

    (Top-level comments only: it does not even flatten the nested replies.)
    """
    import sqlite3

    import pandas as pd
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    from monitor.nlp import sentiment

    stemmer = StemmerFactory().create_stemmer()
    analyzer = sentiment.analyzer()
    c0, t0 = time.process_time(), time.perf_counter()
    df = pd.read_json(path)
    df["stemmed"] = df.text.apply(stemmer.stem)
    scores = df.text.apply(analyzer.polarity_scores)
    df["sentiment_score"] = [s["compound"] for s in scores]
    df["sentiment_label"] = [s.get("label") or analyzer.label(s["compound"]) for s in scores]
    out = df[["id", "postUrl", "ownerUsername", "text", "timestamp", "likesCount", "stemmed"]]
    out = out.assign(sentiment_score=df.sentiment_score, sentiment_label=df.sentiment_label)
    con = sqlite3.connect(db.split("///", 1)[-1])
    out.to_sql("comments", con, index=False)
    con.close()
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": elapsed, "cpu_timed_self": cpu, "comments": len(df)}


def _phase_queries(db: str) -> dict[str, Any]:
    from datetime import timedelta

    from monitor.analysis import metrics, spikes
    from monitor.store import open_store

    store = open_store(db)
    span = metrics.data_range(store)
    if span is None:
        raise CitraError("the benchmark store is empty")
    end = span[1]
    start = end - timedelta(days=364)

    def series():
        return metrics.daily_series(store, start, end)

    cached = series()

    def detect():
        return [spikes.detect_spikes(cached, m) for m in spikes.METRICS]

    steps = {
        "daily_series_365d": series,
        "detect_spikes": detect,
        "top_complaints": lambda: metrics.top_complaints(store, end - timedelta(days=6), end),
        "find_spikes_7d_with_drivers": lambda: spikes.find_spikes(
            store, end - timedelta(days=6), end
        ),
        "morning_summary": lambda: metrics.morning_summary(store, today=end + timedelta(days=1)),
    }
    out: dict[str, Any] = {}
    for name, fn in steps.items():
        times = []
        for _ in range(QUERY_REPEATS):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        out[name] = {
            "first_ms": times[0] * 1000,
            "median_ms": sorted(times)[len(times) // 2] * 1000,
        }
    core = ("daily_series_365d", "detect_spikes", "top_complaints")
    out["core_total_ms"] = sum(out[k]["median_ms"] for k in core)
    out["core_total_first_ms"] = sum(out[k]["first_ms"] for k in core)
    store.dispose()
    return out


def _phase_main(argv: list[str]) -> int:
    """Child entry point: ``python -m monitor.bench '<json spec>'`` prints one JSON result."""
    spec = json.loads(argv[0])
    kind = spec.pop("phase")
    fn = {
        "naive": _phase_naive,
        "score": _phase_score,
        "ingest": _phase_ingest,
        "naive_ingest": _phase_naive_ingest,
        "queries": _phase_queries,
    }[kind]
    result = fn(**spec)
    result["maxrss_self_mb"] = _own_peak_mb()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["cpu_total_self"] = usage.ru_utime + usage.ru_stime
    result["maxrss_children_mb"] = _maxrss_mb(resource.RUSAGE_CHILDREN)
    print("BENCH-RESULT " + json.dumps(result))
    return 0


# ---------------------------------------------------------------------------------------------
# Parent side.
def run_phase(phase: str, **spec: Any) -> dict[str, Any]:
    """Run one phase in a fresh interpreter; its result plus the peak RSS of its process tree."""
    cmd = [sys.executable, "-m", "monitor.quality.bench", json.dumps({"phase": phase, **spec})]
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    sampler = _Sampler(proc.pid)
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


def naive_rows(n: int, naive_max: int) -> list[int]:
    """Evenly spaced rows the naive path runs on when ``n`` is too large to run it all."""
    if n <= naive_max:
        return list(range(n))
    return [i * n // naive_max for i in range(naive_max)]


def compare(
    naive_file: str | Path, fast_file: str | Path, rows: list[int] | None = None
) -> dict[str, Any]:
    """How far the fast path agrees with the naive one, comment by comment.

    ``rows``: the positions in the fast results that the naive path scored (default: all).
    """
    import pandas as pd

    naive = pd.read_pickle(naive_file)
    fast = pd.read_pickle(fast_file)
    if rows is not None:
        fast = fast.iloc[rows]
    fast = fast.reset_index(drop=True)
    same_score = (naive["score"] - fast["sentiment_score"]).abs() <= SCORE_TOLERANCE
    same_label = naive["label"] == fast["sentiment_label"]
    naive_terms = naive["stemmed"].map(lambda s: frozenset(s.split()))
    fast_terms = fast["terms"].map(lambda s: frozenset((s or "").split()))
    same_terms = naive_terms == fast_terms
    return {
        "compared": int(len(naive)),
        "sentiment_agreement": float((same_score & same_label).mean()) if len(naive) else 1.0,
        "sentiment_disagreements": int((~(same_score & same_label)).sum()),
        "terms_agreement": float(same_terms.mean()) if len(naive) else 1.0,
    }


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
    formats: tuple[str, ...] = ("apify", "exportcomments"),
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
    all_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    naive_file.write_text(
        json.dumps([texts[i] for i in rows], ensure_ascii=False), encoding="utf-8"
    )
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

    for fmt in formats:
        suffix = ".json" if fmt == "apify" else ".csv"
        path = work / f"export-{n}{suffix}"
        say(f"[{n:,}] writing {fmt} export")
        t0 = time.perf_counter()
        if fmt == "apify":
            demo.write_demo_export(path, n, seed)
        else:
            demo.write_export_csv(path, n, seed)
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
    out["machine_after"] = _machine()
    return out


def run(
    n: int = DEFAULT_N,
    seed: int = 7,
    *,
    scaling: bool = False,
    naive_max: int = NAIVE_MAX,
    formats: tuple[str, ...] = ("apify", "exportcomments"),
    log=None,
    on_size=None,
) -> dict[str, Any]:
    """The benchmark at ``n`` (and at 100k/300k/1M with ``scaling``) as a JSON-able dict.

    ``on_size(result_so_far)`` is called after each size, so a long run keeps what it measured.
    """
    if n < 1:
        raise CitraError("--n must be at least 1")
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


# ---------------------------------------------------------------------------------------------
def _fmt_rate(x: float) -> str:
    return f"{x:>12,.0f}/s"


def format_report(result: dict[str, Any]) -> str:
    """A plain-text table for people."""
    lines = []
    m = result["machine"]
    lines.append(
        f"Citra benchmark (seed {result['seed']}, {m['cpus']} CPUs, Python {m['python']}, "
        f"load avg {m.get('load_avg_1m', '?')})"
    )
    for r in result["runs"]:
        n = r["n"]
        lines.append("")
        lines.append(f"== {n:,} comments ==")
        nv, sc = r["naive"], r["score"]
        note = (
            f" (measured on {nv['measured_on']:,} evenly spaced comments, extrapolated linearly)"
            if nv["extrapolated"]
            else ""
        )
        lines.append(
            f"1 naive stem+VADER per row  {nv['seconds_at_n']:>8.2f} s {_fmt_rate(n / nv['seconds_at_n'])}"
            f"  cpu {nv['cpu_seconds'] * n / nv['measured_on']:>7.1f} s"
            f"  peak {nv['peak_rss_mb']:>6.0f} MB{note}"
        )
        lines.append(
            f"2 Citra score_texts         {sc['seconds']:>8.2f} s {_fmt_rate(sc['comments_per_s'])}"
            f"  cpu {sc['cpu_seconds']:>7.1f} s"
            f"  peak {sc['peak_rss_mb']:>6.0f} MB  ({sc['distinct_texts']:,} distinct texts)"
        )
        cpu_ratio = nv["cpu_seconds"] * n / nv["measured_on"] / max(sc["cpu_seconds"], 1e-9)
        lines.append(
            f"  speed-up of 2 over 1: {r['speedup']:.1f}x wall clock, {cpu_ratio:.1f}x in CPU time"
        )
        ag = r["agreement"]
        lines.append(
            f"  agreement on {ag['compared']:,} comments: sentiment {ag['sentiment_agreement']:.2%}"
            f" ({ag['sentiment_disagreements']} differ); stem sets {ag['terms_agreement']:.1%}"
            " (Citra expands slang, joins phrases, drops stopwords and keeps emoji before"
            " stemming; Sastrawi stems the raw sentence)"
        )
        for key, label in (
            ("ingest_apify", "Apify JSON"),
            ("ingest_exportcomments", "exportcomments CSV"),
        ):
            if key in r:
                ig = r[key]
                lines.append(
                    f"3 ingest {label:<19}{ig['seconds']:>8.2f} s {_fmt_rate(ig['comments_per_s'])}"
                    f"  cpu {ig['cpu_seconds']:>7.1f} s"
                    f"  peak {ig['peak_rss_mb']:>6.0f} MB (PSS {ig.get('peak_pss_mb') or 0:.0f})"
                    f"  ({ig['file_mb']:.0f} MB file,"
                    f" {ig['comments']:,} stored, {ig['rows_rejected']} rejected)"
                )
        ni = r.get("naive_ingest")
        if ni:
            lines.append(
                f"  naive ingest for comparison {ni['seconds']:>6.2f} s {_fmt_rate(ni['comments_per_s'])}"
                f"  cpu {ni['cpu_seconds']:>7.1f} s  peak {ni['peak_rss_mb']:>6.0f} MB"
                f"  (read_json, per-row stem + VADER, to_sql; {ni['comments']:,} top-level"
                " comments, replies not even flattened)"
            )
        q = r.get("queries")
        if q:
            lines.append(
                f"4 morning queries: daily series 365 d {q['daily_series_365d']['median_ms']:.0f} ms"
                f" + spikes {q['detect_spikes']['median_ms']:.0f} ms"
                f" + top complaints {q['top_complaints']['median_ms']:.0f} ms"
                f" = {q['core_total_ms']:.0f} ms (first run {q['core_total_first_ms']:.0f} ms)"
            )
            lines.append(
                f"  spikes of the last 7 days with drivers"
                f" {q['find_spikes_7d_with_drivers']['median_ms']:.0f} ms;"
                f" whole morning summary {q['morning_summary']['median_ms']:.0f} ms"
            )
    return "\n".join(lines)


def format_markdown(result: dict[str, Any]) -> str:
    """The results as Markdown tables (what docs/benchmark.md shows)."""
    m = result["machine"]
    out = [
        f"Seed {result['seed']}, {m['cpus']} CPUs, Python {m['python']}.",
        "",
        "| comments | phase | wall s | comments/s | CPU s | peak RSS MB (tree) | peak PSS MB (tree) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in result["runs"]:
        n = r["n"]
        nv, sc = r["naive"], r["score"]
        scale = n / nv["measured_on"]
        star = " (extrapolated)" if nv["extrapolated"] else ""
        rows = [
            (
                f"1 naive: Sastrawi + one VADER call per row{star}",
                nv["seconds_at_n"],
                n / nv["seconds_at_n"],
                nv["cpu_seconds"] * scale,
                nv["peak_rss_mb"],
                nv.get("peak_pss_mb"),
            ),
            (
                "2 Citra `score_texts`",
                sc["seconds"],
                sc["comments_per_s"],
                sc["cpu_seconds"],
                sc["peak_rss_mb"],
                sc.get("peak_pss_mb"),
            ),
        ]
        for key, label in (
            ("naive_ingest", "naive import: read_json, per-row stem + VADER, to_sql"),
            ("ingest_apify", "3 ingest, Apify JSON"),
            ("ingest_exportcomments", "3 ingest, exportcomments CSV"),
        ):
            if key in r:
                ig = r[key]
                rows.append(
                    (
                        label,
                        ig["seconds"],
                        ig["comments_per_s"],
                        ig["cpu_seconds"],
                        ig["peak_rss_mb"],
                        ig.get("peak_pss_mb"),
                    )
                )
        for label, sec, rate, cpu, rss, pss in rows:
            pss_txt = f"{pss:,.0f}" if pss else "-"
            out.append(
                f"| {n:,} | {label} | {sec:.1f} | {rate:,.0f} | {cpu:.1f} | {rss:,.0f} | {pss_txt} |"
            )
    out += [
        "",
        "| comments | speed-up of 2 over 1 (wall) | (CPU) | distinct texts | sentiment agreement | stem-set agreement |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["runs"]:
        nv, sc, ag = r["naive"], r["score"], r["agreement"]
        cpu_ratio = nv["cpu_seconds"] * r["n"] / nv["measured_on"] / max(sc["cpu_seconds"], 1e-9)
        out.append(
            f"| {r['n']:,} | {r['speedup']:.1f}x | {cpu_ratio:.1f}x | {sc['distinct_texts']:,} "
            f"| {ag['sentiment_agreement']:.2%} of {ag['compared']:,} | {ag['terms_agreement']:.1%} |"
        )
    out += [
        "",
        "| comments stored | daily series 365 d | spikes | top complaints | sum | sum, first call | last-7-day spikes with drivers | whole morning summary |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["runs"]:
        q = r.get("queries")
        if q:
            out.append(
                f"| {r['n']:,} | {q['daily_series_365d']['median_ms']:.0f} ms "
                f"| {q['detect_spikes']['median_ms']:.0f} ms | {q['top_complaints']['median_ms']:.0f} ms "
                f"| **{q['core_total_ms']:.0f} ms** | {q['core_total_first_ms']:.0f} ms "
                f"| {q['find_spikes_7d_with_drivers']['median_ms']:.0f} ms "
                f"| {q['morning_summary']['median_ms']:.0f} ms |"
            )
    loads = [r["machine_before"].get("load_avg_1m") for r in result["runs"]]
    out += ["", f"Load average (1 min) when each size started: {', '.join(str(x) for x in loads)}."]
    return "\n".join(out)


if __name__ == "__main__":  # child processes of the benchmark
    sys.exit(_phase_main(sys.argv[1:]))
