"""``python -m monitor ingest FILE...``: import comment exports, one report per file."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from monitor.core.errors import CitraError, IngestError
from monitor.core.platforms import PLATFORMS

EPILOG = """examples:
  python -m monitor ingest exports/apify_2020-12.json
  python -m monitor ingest comments.csv --account kemensosri --assume-tz Asia/Jakarta
  python -m monitor ingest CIabcDEFghi_comments.json --post-id CIabcDEFghi
  python -m monitor ingest sheet.xlsx --mapping tim-humas
  python -m monitor ingest sheet.csv --mapping '{"text": "Komentar", "time": "Tanggal"}'
  python -m monitor ingest laporan-x.csv --mapping tim-humas --platform x
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ingest",
        help="import comment export files (CSV/XLSX/JSON) into the store",
        description=(
            "Import comment exports: Instagram (exportcomments.com, Apify, Instaloader, Graph "
            "API, minet), X (tweet-harvest, X API v2), YouTube (Data API commentThreads), "
            "Facebook and TikTok (Apify), or any sheet with a saved column mapping. The format "
            "is detected from the content. Each file is one transaction: it lands whole or not "
            "at all."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="export files to import")
    parser.add_argument(
        "--db", help="SQLAlchemy URL of the store (default: CITRA_DATABASE_URL or var/citra.db)"
    )
    parser.add_argument(
        "--account", help="monitored account handle; its comments are owner replies"
    )
    parser.add_argument(
        "--assume-tz", dest="assume_tz", help="zone of naive timestamps, e.g. Asia/Jakarta"
    )
    parser.add_argument(
        "--post-id", dest="post_id", help="post shortcode for exports that carry none"
    )
    parser.add_argument(
        "--mapping",
        help="saved column-mapping name, or a JSON object {field: column} for other sheets",
    )
    parser.add_argument(
        "--platform",
        choices=PLATFORMS,
        help="platform of a sheet read with --mapping (default instagram; other formats know theirs)",
    )
    parser.add_argument(
        "--format",
        dest="source_format",
        metavar="NAME",
        help="the export format, for a file that fits two (e.g. apify, facebook_apify)",
    )
    parser.add_argument("--json", action="store_true", help="print each report as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from monitor.ingest.pipeline import import_file
    from monitor.ops.retention import apply_retention
    from monitor.store import comments as comment_store
    from monitor.store import open_store

    store = open_store(args.db)
    try:
        mapping = None
        if args.mapping:
            text = args.mapping.strip()
            if text.startswith("{"):
                try:
                    mapping = json.loads(text)
                except json.JSONDecodeError as exc:
                    raise CitraError(f"--mapping is not valid JSON: {exc}") from exc
            else:
                mapping = comment_store.load_mapping(store, text)
        try:
            user = getpass.getuser()
        except Exception:  # no user name in some containers
            user = ""
        failed = 0
        for path in args.files:
            try:
                report = import_file(
                    store,
                    path,
                    account=args.account,
                    assume_tz=args.assume_tz,
                    mapping=mapping,
                    post_id=args.post_id,
                    imported_by=user,
                    source_format=args.source_format,
                    platform=args.platform,
                )
            except IngestError as exc:
                failed += 1
                print(f"Error: {exc}", file=sys.stderr)
                continue
            print(
                json.dumps(report.to_dict(), ensure_ascii=False) if args.json else report.summary()
            )
        if failed < len(args.files):
            purged = apply_retention(store)
            if purged:
                print(f"Retention: deleted {purged} comments older than the retention period")
        if failed:
            print(f"Error: {failed} of {len(args.files)} file(s) not imported", file=sys.stderr)
            return 1
        return 0
    finally:
        store.dispose()
