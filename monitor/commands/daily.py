"""``python -m monitor daily``: the daily series, one object per Asia/Jakarta day (and platform,
with ``--by-platform``). Each JSON object also carries ``emotions``: the day's comments per
emotion (anger, sadness, fear, happy, love, and none for those scored without one)."""

from __future__ import annotations

import argparse
import json
import math
from datetime import date

from monitor.commands.common import add_platform_argument, iso_day, platforms_of
from monitor.core.errors import CitraError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "daily",
        help="print the daily series (comments, sentiment, complaints, replies)",
        description="The daily series of the stored comments, one row per Asia/Jakarta day, "
        "days without comments included.",
        epilog="example: python -m monitor daily --from 2020-12-01 --to 2020-12-31 --json\n"
        "         python -m monitor daily --platform x,youtube --by-platform",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", help="database URL (default: CITRA_DATABASE_URL or var/citra.db)")
    parser.add_argument(
        "--from", dest="start", type=iso_day, help="first day (default: first stored)"
    )
    parser.add_argument("--to", dest="end", type=iso_day, help="last day (default: last stored)")
    parser.add_argument("--post", action="append", default=[], help="only this post (repeatable)")
    add_platform_argument(parser)
    parser.add_argument(
        "--by-platform",
        action="store_true",
        help="one row per day and platform (JSON objects gain a platform key)",
    )
    parser.add_argument(
        "--include-owner", action="store_true", help="count the account's own replies too"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON array of day objects")
    parser.set_defaults(func=run)


def _clean(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        return _clean(value.item())
    return value


def run(args: argparse.Namespace) -> int:
    from monitor.analysis.metrics import (
        EMOTION_SERIES_COLUMNS,
        daily_emotions,
        daily_series,
        daily_series_by_platform,
        data_range,
    )
    from monitor.store import open_store

    platforms = platforms_of(args.platforms)
    store = open_store(args.db, read_only=True)
    try:
        span = data_range(store, platforms)
        if span is None and (args.start is None or args.end is None):
            if args.json:
                print("[]")
            else:
                print("No comments stored yet.")
            return 0
        start = args.start or span[0]
        end = args.end or span[1]
        if end < start:
            raise CitraError(f"--to {end} is before --from {start}")
        read = daily_series_by_platform if args.by_platform else daily_series
        series = read(
            store,
            start,
            end,
            posts=args.post or None,
            include_owner=args.include_owner,
            platforms=platforms,
        )
        emotions = daily_emotions(
            store,
            start,
            end,
            posts=args.post or None,
            platforms=platforms,
            by_platform=args.by_platform,
        )
    finally:
        store.dispose()
    keys = ["platform", "day"] if args.by_platform else ["day"]
    per_day = {
        tuple(_clean(row[k]) for k in keys): {e: int(row[e]) for e in EMOTION_SERIES_COLUMNS}
        for row in emotions.to_dict("records")
    }
    records = [{k: _clean(v) for k, v in row.items()} for row in series.to_dict("records")]
    for r in records:
        r["emotions"] = per_day.get(
            tuple(r[k] for k in keys), dict.fromkeys(EMOTION_SERIES_COLUMNS, 0)
        )
    if args.json:
        print(json.dumps(records, ensure_ascii=False, indent=1))
        return 0
    head = f"{'platform':<11}" if args.by_platform else ""
    print(
        f"{head}{'day':<12}{'comments':>9}{'negative':>9}{'net':>7}{'complaints':>11}"
        f"{'answered':>9}"
    )
    for r in records:
        net = "" if r["net_index"] is None else f"{r['net_index']:+.2f}"
        answered = (
            ""
            if r["complaints_answered_share"] is None
            else f"{r['complaints_answered_share']:.0%}"
        )
        lead = f"{r['platform']:<11}" if args.by_platform else ""
        print(
            f"{lead}{r['day']:<12}{r['comments']:>9}{r['negative']:>9}{net:>7}"
            f"{r['complaints']:>11}{answered:>9}"
        )
    return 0
