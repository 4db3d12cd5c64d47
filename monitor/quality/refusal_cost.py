"""What refusing a hostile file costs: time and peak memory of ``preview`` and ``import_file``
on each bomb of ``bombs``, each in a fresh process under a memory cap (so a guard that
regressed fails the measurement instead of taking the machine down).

    python -m monitor.quality.refusal_cost [--out DIR] [--cap-mb 3072] [--only NAME ...]

prints one line per bomb and entry point: the outcome (refused, accepted, out of memory,
killed), the seconds of the call and of the whole process, and the peak resident memory of
the process and its children. ``measure`` is what the tests call for one small bomb.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from monitor.quality import bombs

ROOT = Path(__file__).resolve().parents[2]  # where ``python -m monitor`` finds the package
DEFAULT_CAP_MB = 3072
TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class Bomb:
    name: str
    file_name: str
    make: Callable[[], bytes]
    settings: dict = field(default_factory=dict)  # Settings overrides for the import


FULL = (
    Bomb("wide_pipe_header", "wide-pipe.csv", lambda: bombs.wide_header(500_000, "|")),
    Bomb("wide_comma_header_below_banner", "wide.csv", lambda: bombs.wide_header(500_000, ",")),
    Bomb("wide_first_row", "wide-row.csv", lambda: bombs.wide_first_row(500_000)),
    Bomb("long_line_50mb", "line.csv", lambda: bombs.long_line(50)),
    Bomb("xlsx_far_dimension", "far.xlsx", bombs.xlsx_far_dimension),
    Bomb("xlsx_far_cell", "far-cell.xlsx", bombs.xlsx_far_cell),
    Bomb("xlsx_wide_row_5m_cells", "wide-row.xlsx", lambda: bombs.xlsx_wide_row(5_000_000)),
    Bomb(
        "xlsx_wide_row_2m_distinct",
        "wide-distinct.xlsx",
        lambda: bombs.xlsx_wide_row(2_000_000, distinct=True),
    ),
    Bomb("xlsx_shared_strings_1gb", "strings.xlsx", lambda: bombs.xlsx_shared_strings(1024)),
    Bomb(
        "xlsx_1m_rows_limit_100k",
        "rows.xlsx",
        lambda: bombs.xlsx_rows(1_000_000),
        {"max_rows_per_import": 100_000, "max_upload_mb": 1024},
    ),
)


def _own_peak_kb() -> int:
    """This process's peak resident memory (VmHWM: unlike ``ru_maxrss``, not inherited from
    the parent across fork and exec)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _child(path: str, mode: str, file_name: str, settings_json: str, cap_mb: int) -> int:
    """Run one entry point on one file and print what happened as JSON (the last line)."""
    if cap_mb:
        cap = cap_mb << 20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    from monitor.core.errors import CitraError

    outcome, message = "accepted", ""
    c0, t0 = time.process_time(), time.perf_counter()
    try:
        from monitor.ingest import pipeline

        if mode == "preview":
            pipeline.preview(Path(path), file_name=file_name)
        else:
            from dataclasses import replace

            from monitor.ops import settings as settings_mod
            from monitor.store import open_store

            store = open_store(f"sqlite:///{path}.db")
            overrides = json.loads(settings_json or "{}")
            if overrides:
                settings_mod.save(store, replace(settings_mod.Settings(), **overrides))
            report = pipeline.import_file(store, Path(path), file_name=file_name)
            message = report.summary().splitlines()[0]
            store.dispose()
    except CitraError as exc:
        outcome, message = "refused", str(exc)
    except MemoryError:
        outcome, message = "out of memory", ""
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = max(_own_peak_kb(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(
        json.dumps(
            {
                "outcome": outcome,
                "message": message[:300],
                "seconds": seconds,
                "cpu": cpu,
                "peak_mb": peak / 1024,
            }  # fmt: skip
        )
    )
    sys.stdout.flush()
    os._exit(0)  # not waiting for the scoring pool or the reader child


def measure(
    path: str | Path,
    mode: str,
    *,
    file_name: str | None = None,
    settings: dict | None = None,
    cap_mb: int = DEFAULT_CAP_MB,
    timeout: float = TIMEOUT_SECONDS,
) -> dict:
    """``preview`` or ``import`` (``mode``) of the file at ``path`` in a fresh capped process:
    {outcome, message, seconds (the call), cpu, peak_mb, process_seconds}; the outcome is
    ``killed`` when the process died (a crash, the cap) or ran past ``timeout``."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    cmd = [
        sys.executable, "-m", "monitor.quality.refusal_cost", "--child", str(path), mode,
        file_name or Path(path).name, json.dumps(settings or {}), str(cap_mb),
    ]  # fmt: skip
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        return {"outcome": "killed", "message": f"ran past {timeout:.0f} s", "seconds": timeout,
                "cpu": None, "peak_mb": None, "process_seconds": time.perf_counter() - t0}  # fmt: skip
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if not lines:
        return {"outcome": "killed", "message": (err or "").strip()[-300:], "seconds": None,
                "cpu": None, "peak_mb": None, "process_seconds": time.perf_counter() - t0}  # fmt: skip
    result = json.loads(lines[-1])
    result["process_seconds"] = time.perf_counter() - t0
    return result


def _line(name: str, mode: str, r: dict) -> str:
    secs = "-" if r["seconds"] is None else f"{r['seconds']:.2f}"
    peak = "-" if r["peak_mb"] is None else f"{r['peak_mb']:.0f}"
    return (
        f"{name:34} {mode:8} {r['outcome']:13} {secs:>8} s {r['process_seconds']:>7.1f} s "
        f"{peak:>6} MB  {r['message'][:90]}"
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        return _child(*argv[1:5], int(argv[5]))
    parser = argparse.ArgumentParser(prog="python -m monitor.quality.refusal_cost")
    parser.add_argument("--out", help="directory for the generated files (default: a temp dir)")
    parser.add_argument("--cap-mb", type=int, default=DEFAULT_CAP_MB, help="address-space cap")
    parser.add_argument("--only", nargs="*", help="names of the bombs to run")
    args = parser.parse_args(argv)
    out = Path(args.out or tempfile.mkdtemp(prefix="citra-bombs-"))
    out.mkdir(parents=True, exist_ok=True)
    print(f"{'bomb':34} {'entry':8} {'outcome':13} {'call':>10} {'process':>9} {'peak':>9}")
    for bomb in FULL:
        if args.only and bomb.name not in args.only:
            continue
        path = out / bomb.file_name
        path.write_bytes(bomb.make())
        size = path.stat().st_size
        for mode in ("preview", "import"):
            r = measure(path, mode, settings=bomb.settings, cap_mb=args.cap_mb)
            print(_line(f"{bomb.name} ({size / 2**20:.1f} MB)", mode, r), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
