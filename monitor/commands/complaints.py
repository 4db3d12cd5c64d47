"""``python -m monitor complaints``: the triage queue, and ``complaints set`` to change it.

A complaint is named ``platform:comment_id`` (a bare id is Instagram's), as in the JSON
output. A change is recorded with the name of the user running the command (as ``ingest``
records its imports) and is one transaction: one unknown id, a comment that retention or an
undone import removed, or an unknown unit changes nothing.
"""

from __future__ import annotations

import argparse
import getpass
import json

from monitor.commands.common import add_platform_argument, iso_day, platforms_of
from monitor.core.canonical import COMPLAINT_STATUSES

STATUSES = COMPLAINT_STATUSES

EPILOG = """examples:
  python -m monitor complaints --json
  python -m monitor complaints --status forwarded --unit "Biro Humas" --platform x
  python -m monitor complaints --status all --from 2021-03-01 --to 2021-03-31
  python -m monitor complaints set --status forwarded --unit "Inspektorat Jenderal" x:1330000000000000001
  python -m monitor complaints set --status closed 17900000000000001 17900000000000002
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "complaints",
        help="list the complaints' triage queue, or change a status (complaints set)",
        description=(
            "The complaints' triage queue, oldest first, with each complaint's status, its unit "
            "(the one it was forwarded to, else the one its category goes to) and how long it "
            "has waited. Without --status: the open ones (new and forwarded)."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", help="database URL (default: CITRA_DATABASE_URL or var/citra.db)")
    parser.add_argument(
        "--status",
        dest="statuses",
        action="append",
        choices=(*STATUSES, "all"),
        help="only this status (repeatable; 'all' for every status; default: new and forwarded)",
    )
    parser.add_argument(
        "--unit",
        dest="units",
        action="append",
        default=[],
        metavar="UNIT",
        help="only this unit (repeatable)",
    )
    parser.add_argument("--from", dest="start", type=iso_day, help="first day (YYYY-MM-DD)")
    parser.add_argument("--to", dest="end", type=iso_day, help="last day (YYYY-MM-DD)")
    add_platform_argument(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON array of complaints")
    parser.set_defaults(func=run_list)

    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    change = actions.add_parser(
        "set",
        help="change the status of complaints (recorded with your user name)",
        description="Change the status of the named complaints in one transaction.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    change.add_argument(
        "--db", default=argparse.SUPPRESS, help="database URL (default: CITRA_DATABASE_URL)"
    )
    change.add_argument("--status", dest="new_status", required=True, choices=STATUSES)
    change.add_argument(
        "--unit",
        dest="new_unit",
        metavar="UNIT",
        help="the unit it goes to (required with forwarded)",
    )
    change.add_argument(
        "--expect-version",
        dest="expected",
        type=int,
        metavar="N",
        help="refuse if a complaint's version is not this one (changed since you looked)",
    )
    change.add_argument(
        "--json", dest="set_json", action="store_true", help="print the changes as JSON"
    )
    change.add_argument(
        "ids",
        nargs="+",
        metavar="ID",
        help="complaints as platform:comment_id (bare id: Instagram)",
    )
    change.set_defaults(func=run_set)


def _iso(value) -> str | None:
    if value is None or (not isinstance(value, str) and value != value):  # None, NaT, NaN
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _record(row: dict) -> dict:
    return {
        "id": f"{row['platform']}:{row['comment_id']}",
        "platform": row["platform"],
        "comment_id": row["comment_id"],
        "created_at_utc": _iso(row["created_at_utc"]),
        "day": _iso(row["day"]),
        "waiting_hours": float(row["waiting_hours"]),
        "status": row["status"],
        "unit": row["unit"] or None,
        "forwarded_to": row["forwarded_to"] if isinstance(row["forwarded_to"], str) else None,
        "category": row["category"],
        "author": row["author"],
        "text": row["text"],
        "post_id": row["post_id"],
        "post_url": row["post_url"],
        "version": int(row["version"]),
        "changed_by": row["changed_by"] if isinstance(row["changed_by"], str) else None,
        "changed_at": _iso(row["changed_at"]),
    }


def run_list(args: argparse.Namespace) -> int:
    from monitor.ops import complaints as queue_ops
    from monitor.ops import settings as settings_mod
    from monitor.store import open_store

    platforms = platforms_of(args.platforms)
    asked = args.statuses or list(queue_ops.OPEN)
    statuses = None if "all" in asked else asked
    store = open_store(args.db, read_only=True)
    try:
        settings = settings_mod.load(store)
        units = queue_ops.check_units_filter(args.units, store, settings)
        frame = queue_ops.queue(
            store,
            statuses=statuses,
            units=units,
            platforms=platforms,
            start=args.start,
            end=args.end,
            settings=settings,
        )
    finally:
        store.dispose()
    records = [_record(r) for r in frame.to_dict("records")]
    if args.json:
        print(json.dumps(records, ensure_ascii=False, indent=1))
        return 0
    if not records:
        print("No complaints in the queue.")
        return 0
    for r in records:
        unit = r["unit"] or "(outside the remit: refer)"
        text = " ".join(str(r["text"]).split())[:80]
        print(f"{r['id']}  {r['waiting_hours']:>7.1f} h  {r['status']:<9}  {unit}  {text}")
    return 0


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "cli"


def run_set(args: argparse.Namespace) -> int:
    from monitor.ops import complaints as queue_ops
    from monitor.store import open_store

    keys = [queue_ops.parse_key(i) for i in args.ids]  # a bad id is refused before any work
    store = open_store(args.db)
    try:
        changes = queue_ops.set_status(
            store,
            keys,
            args.new_status,
            args.new_unit,
            _user(),
            args.expected,
        )
    finally:
        store.dispose()
    if args.set_json:
        print(
            json.dumps(
                [
                    {
                        "id": f"{c.platform}:{c.comment_id}",
                        "from": c.from_status,
                        "to": c.to_status,
                        "unit": c.unit,
                        "version": c.version,
                        "changed_by": c.changed_by,
                        "changed_at": c.changed_at.isoformat(),
                    }
                    for c in changes
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    for c in changes:
        unit = f" ({c.unit})" if c.unit else ""
        print(
            f"{c.platform}:{c.comment_id}: {c.from_status} -> {c.to_status}{unit}, version {c.version}"
        )
    unchanged = len(keys) - len(changes)
    if unchanged:
        print(f"{unchanged} complaint(s) already had that status")
    return 0
