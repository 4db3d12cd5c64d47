"""``python -m monitor posts``: the stored posts with their content types and reception, best
received first (the JSON keys are documented in docs/content.md)."""

from __future__ import annotations

import argparse
import json
import math
from datetime import date, datetime

from monitor.commands.common import add_platform_argument, iso_day, platforms_of
from monitor.core.errors import CitraError

ORDER = "net_index"
# The keys of each JSON object, in order (docs/content.md).
KEYS: tuple[str, ...] = (
    "platform",
    "post_id",
    "url",
    "title",
    "caption",
    "media_type",
    "hashtags",
    "published_at",
    "types",
    "types_by_hand",
    "comments",
    "net_index",
    "negative_share",
    "emotions",
    "complaints",
    "complaint_share",
    "complaints_answered_share",
    "likes",
    "comment_count",
    "view_count",
    "engagement",
    "engagement_per_follower",
)


def register(subparsers) -> None:
    from monitor.nlp.content_types import TYPES

    parser = subparsers.add_parser(
        "posts",
        help="print the posts with their content types and reception",
        description="The stored posts, best received first (net sentiment index of their "
        "followers' comments), with their content types (the rules in the settings, or an "
        "analyst's), comments, negative share, emotions, complaints answered and engagement.",
        epilog="example: python -m monitor posts --json --platform instagram --type kuis\n"
        "         python -m monitor posts --from 2020-12-01 --to 2020-12-31",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", help="database URL (default: CITRA_DATABASE_URL or var/citra.db)")
    add_platform_argument(parser)
    parser.add_argument(
        "--type",
        dest="types",
        action="append",
        default=[],
        help=f"only posts of this content type (repeatable): {', '.join(TYPES)}, lainnya (none)",
    )
    parser.add_argument(
        "--from", dest="start", type=iso_day, help="published on or after this day (Jakarta)"
    )
    parser.add_argument("--to", dest="end", type=iso_day, help="published on or before this day")
    parser.add_argument("--json", action="store_true", help="print a JSON array of post objects")
    parser.set_defaults(func=run)


def _clean(value):
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, datetime):
        return value.isoformat() + "Z"
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "to_pydatetime"):
        try:
            return value.to_pydatetime().isoformat() + "Z"
        except ValueError:
            return None
    if hasattr(value, "item"):  # numpy scalar
        return _clean(value.item())
    return value


def records(frame) -> list[dict]:
    """The JSON objects of ``KEYS`` for a reception frame (``analysis.content.reception``)."""
    from monitor.core.canonical import EMOTION_LABELS

    out = []
    for row in frame.to_dict("records"):
        item = {k: _clean(row.get(k)) for k in KEYS if k not in ("types", "emotions")}
        item["types"] = list(row["types"])
        item["types_by_hand"] = bool(row["manual"])
        item["emotions"] = {e: _clean(row[f"emo_{e}"]) for e in EMOTION_LABELS}
        out.append({k: item[k] for k in KEYS})
    return out


def run(args: argparse.Namespace) -> int:
    from monitor.analysis import content
    from monitor.analysis.content_report import post_reception
    from monitor.nlp.content_types import TYPES
    from monitor.ops.settings import load
    from monitor.store import open_store

    known = (*TYPES, content.UNTYPED)
    unknown = [t for t in args.types if t not in known]
    if unknown:
        raise CitraError(
            f"--type {unknown[0]!r} is not a content type (expected one of {', '.join(known)})"
        )
    if args.start and args.end and args.end < args.start:
        raise CitraError(f"--to {args.end} is before --from {args.start}")
    platforms = platforms_of(args.platforms)
    store = open_store(args.db, read_only=True)
    try:
        settings = load(store)
        frame = post_reception(
            store,
            platforms,
            rules_text=settings.content_type_rules,
            followers=settings.followers,
        )
    finally:
        store.dispose()
    if not frame.empty:
        frame = content.in_period(frame, args.start, args.end, tuple(args.types))
        frame = content.ranked(frame, ORDER)
    rows = records(frame) if not frame.empty else []
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    if not rows:
        print("No posts.")
        return 0
    print(f"{'platform':<11}{'post':<22}{'published':<12}{'comments':>9}{'net':>7}  types")
    for r in rows:
        net = "" if r["net_index"] is None else f"{r['net_index']:+.2f}"
        day = (r["published_at"] or "")[:10]
        print(
            f"{r['platform']:<11}{r['post_id'][:21]:<22}{day:<12}{r['comments']:>9}{net:>7}  "
            f"{','.join(r['types']) or '-'}"
        )
    return 0
