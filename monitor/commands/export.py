"""``python -m monitor export``: every stored comment as CSV, safe to open in Excel."""

from __future__ import annotations

import argparse
import sys

EPILOG = """examples:
  python -m monitor export --out comments.csv
  python -m monitor export --db postgresql+psycopg://citra@db/citra > comments.csv
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write all stored comments as CSV (canonical columns plus the Jakarta day)",
        description=(
            "Write every stored comment with the canonical columns plus day (Asia/Jakarta, "
            "YYYY-MM-DD), ordered by time then id. Cells starting with = + - @ are prefixed "
            "with a quote so spreadsheet programs do not run them as formulas."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--db", help="SQLAlchemy URL of the store (default: CITRA_DATABASE_URL or var/citra.db)"
    )
    parser.add_argument("--out", help="output CSV file (default: standard output)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from monitor.store import open_store
    from monitor.store.export import write_csv

    store = open_store(args.db)
    try:
        if args.out:
            with open(args.out, "w", encoding="utf-8", newline="") as fh:
                n = write_csv(store, fh)
            print(f"{n} comments written to {args.out}", file=sys.stderr)
        else:
            write_csv(store, sys.stdout)
        return 0
    finally:
        store.dispose()
