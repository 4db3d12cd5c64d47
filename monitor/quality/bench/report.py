"""The benchmark's results for people (plain text), for docs/benchmark.md (Markdown) and as JSON."""

from __future__ import annotations

import json
from typing import Any


def format_json(result: dict[str, Any]) -> str:
    """The results as ``--json`` prints them (and ``--out`` saves them)."""
    return json.dumps(result, indent=2)


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
        if "naive" not in r:  # bench --only anatomy
            lines.append(anatomy_line(r["anatomy"]))
            continue
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
            ("ingest_tweet_harvest", "tweet-harvest CSV"),
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
        if "anatomy" in r:
            lines.append(anatomy_line(r["anatomy"]))
    return "\n".join(lines)


def anatomy_line(a: dict[str, Any]) -> str:
    """Phase 5 in two lines: the day's search and the all-pairs comparison on the sample."""
    return (
        f"5 copy-paste search of one day {a['seconds']:>6.2f} s  cpu {a.get('cpu_seconds', 0):.1f} s"
        f"  peak {a['peak_rss_mb']:.0f} MB  (normalising {a['word_sets_seconds']:.2f} s,"
        f" MinHash LSH + checks {a['similar_groups_seconds']:.2f} s;"
        f" {a['distinct_word_sets']:,} distinct word sets, {a['campaigns']} campaigns)\n"
        f"  on {a['sample']:,} comments: all pairs {a['sample_all_pairs_seconds']:.2f} s,"
        f" LSH {a['sample_lsh_seconds']:.2f} s ({a['sample_ratio']:.0f}x);"
        f" {a['sample_pair_recall']:.1%} of the exact same-group pairs found;"
        f" all pairs at {a['comments']:,} comments ~{a['all_pairs_seconds_at_n']:,.0f} s"
    )


def format_markdown(result: dict[str, Any]) -> str:
    """The results as Markdown tables (what docs/benchmark.md shows)."""
    m = result["machine"]
    head = f"Seed {result['seed']}, {m['cpus']} CPUs, Python {m['python']}."
    runs = [r for r in result["runs"] if "naive" in r]
    if not runs:  # bench --only anatomy
        return "\n".join([head, *_anatomy_markdown(result)])
    out = [
        head,
        "",
        "| comments | phase | wall s | comments/s | CPU s | peak RSS MB (tree) | peak PSS MB (tree) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
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
            ("ingest_tweet_harvest", "3 ingest, tweet-harvest CSV"),
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
    for r in runs:
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
    out += _anatomy_markdown(result)
    loads = [r["machine_before"].get("load_avg_1m") for r in runs]
    if loads:
        out += ["", f"Load average (1 min) when each size started: {', '.join(map(str, loads))}."]
    return "\n".join(out)


def _anatomy_markdown(result: dict[str, Any]) -> list[str]:
    """Phase 5's table (empty when no run measured it)."""
    out: list[str] = []
    with_anatomy = [r for r in result["runs"] if "anatomy" in r]
    if with_anatomy:
        out = [
            "",
            "| comments in the day | copy-paste search s | of it normalising | MinHash LSH + checks | CPU s | peak RSS MB | distinct word sets | sample | all pairs s | LSH s | ratio | exact pairs found | all pairs, whole day (extrapolated) |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in with_anatomy:
            a = r["anatomy"]
            out.append(
                f"| {a['comments']:,} | {a['seconds']:.1f} | {a['word_sets_seconds']:.1f} "
                f"| {a['similar_groups_seconds']:.1f} | {a.get('cpu_seconds', 0):.1f} "
                f"| {a['peak_rss_mb']:,.0f} | {a['distinct_word_sets']:,} | {a['sample']:,} "
                f"| {a['sample_all_pairs_seconds']:.2f} | {a['sample_lsh_seconds']:.2f} "
                f"| {a['sample_ratio']:.0f}x | {a['sample_pair_recall']:.1%} "
                f"| {a['all_pairs_seconds_at_n']:,.0f} s |"
            )
    return out
