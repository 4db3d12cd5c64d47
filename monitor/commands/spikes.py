"""``python -m monitor spikes``: days flagged as abnormal, with the news around them.

Days are judged on the chosen platforms together and, when several hold figures, on each
platform; every spike says which platforms drove it (``platform``, ``platforms`` in JSON).
With drivers, each carries its anatomy (``anatomy``: copy-paste campaigns, heavy commenters,
themes; ``coordination_share``), and the text line says the copy-paste share when there is one.
"""

from __future__ import annotations

import argparse
import json
import sys

from monitor.analysis.spikes import METRICS, SENSITIVITIES
from monitor.commands.common import add_platform_argument, iso_day, platforms_of


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "spikes",
        help="list spike days (negative comments, complaints, net sentiment drops)",
        description="Days whose negative comments, complaints or net sentiment are abnormal "
        "against the trailing, weekday-adjusted baseline, with linked news events.",
        epilog="example: python -m monitor spikes --sensitivity balanced --json\n"
        "         python -m monitor spikes --platform x --platform youtube",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", help="database URL (default: CITRA_DATABASE_URL or var/citra.db)")
    parser.add_argument(
        "--sensitivity",
        choices=SENSITIVITIES,
        help="fewer | balanced | more (default: the stored setting)",
    )
    parser.add_argument("--from", dest="start", type=iso_day, help="first day to judge")
    parser.add_argument("--to", dest="end", type=iso_day, help="last day to judge")
    parser.add_argument(
        "--metric", action="append", choices=METRICS, help="only this metric (repeatable)"
    )
    parser.add_argument(
        "--no-drivers", action="store_true", help="skip driving posts, comments and terms"
    )
    add_platform_argument(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON array of spikes")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from monitor.analysis.metrics import data_range
    from monitor.analysis.reports import find_spikes
    from monitor.analysis.spikes import MIN_HISTORY
    from monitor.core.platforms import label
    from monitor.store import open_store

    platforms = platforms_of(args.platforms)
    store = open_store(args.db, read_only=True)
    try:
        span = data_range(store, platforms)
        spikes = find_spikes(
            store,
            args.start,
            args.end,
            sensitivity=args.sensitivity,
            metrics=tuple(args.metric or METRICS),
            drivers=not args.no_drivers,
            platforms=platforms,
        )
    finally:
        store.dispose()
    records = [s.to_dict() for s in spikes]
    if args.json:
        print(json.dumps(records, ensure_ascii=False, indent=1))
        return 0
    if not records:
        if span is None:
            print("No comments stored yet.", file=sys.stderr)
        elif (span[1] - span[0]).days < MIN_HISTORY:
            print(
                f"Insufficient history: a day is judged once {MIN_HISTORY} earlier days have "
                "comments.",
                file=sys.stderr,
            )
        else:
            print("No spikes flagged.", file=sys.stderr)
        return 0
    for r in records:
        events = "; ".join(f"#{e['id']} {e['title_id']}" for e in r["events"]) or "-"
        scope = label(r["platform"]) if r["platform"] else "all"
        drivers = ", ".join(
            f"{label(p['platform'])} {p['share']:.0%}"
            for p in r["platforms"]
            if p["share"] is not None and p["share"] > 0
        )
        emotion = f"mostly {r['emotion']}" if r["emotion"] else "-"
        print(
            f"{r['day']}  {r['metric']:<10} {scope:<9} observed {r['observed']:g}  expected "
            f"{r['expected']:.1f}  severity {r['severity']:.1f}  platforms: {drivers or '-'}  "
            f"emotion: {emotion}  events: {events}{_copy_paste(r)}"
        )
    return 0


def _copy_paste(record: dict) -> str:
    """ "  copy-paste: 35% (1 campaign, 40 accounts)" when the spike's day had campaigns."""
    found = record.get("anatomy", {}).get("campaigns") or []
    if not found:
        return ""
    accounts = sum(c["accounts"] for c in found)
    noun = "campaign" if len(found) == 1 else "campaigns"
    return (
        f"  copy-paste: {record['coordination_share']:.0%} ({len(found)} {noun}, "
        f"{accounts} accounts)"
    )
