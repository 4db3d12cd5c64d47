"""``python -m monitor demo``: load, remove or write the generated demo data set."""

from __future__ import annotations

import argparse

EPILOG = """examples:
  python -m monitor demo load                 # import the demo year into var/citra.db
  python -m monitor demo remove --db sqlite:///var/citra.db
  python -m monitor demo write demo.json --n 200000
  python -m monitor demo write demo.csv --n 50000 --format exportcomments
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="load, remove or write the generated demo data (comments on kemensosri posts)",
        description=(
            "The demo data set is a deterministic year (Oct 2020 - Sep 2021) of Indonesian "
            "comments on the ministry's posts, with the reaction to the December 2020 case. "
            "'load' imports it through the normal ingest, marked as demo; 'remove' undoes every "
            "demo import; 'write' saves it as an export file without touching the store."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("action", choices=("load", "remove", "write"))
    parser.add_argument("path", nargs="?", help="output file for 'write'")
    parser.add_argument("--db", help="database URL (default: CITRA_DATABASE_URL or var/citra.db)")
    parser.add_argument("--n", type=int, default=None, help="number of comments, replies included")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--format",
        choices=("apify", "exportcomments"),
        default=None,
        help="file shape for 'write' (default: from the file extension, .csv = exportcomments)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from monitor.core.errors import CitraError
    from monitor.demo import generator as demo

    if args.action == "write":
        if not args.path:
            raise CitraError("demo write needs an output file, e.g. 'demo write demo.json'")
        fmt = args.format or ("exportcomments" if args.path.lower().endswith(".csv") else "apify")
        writer = demo.write_export_csv if fmt == "exportcomments" else demo.write_demo_export
        path = writer(args.path, args.n, args.seed)
        print(f"Wrote {path} ({fmt})")
        return 0

    from monitor.store import open_store

    store = open_store(args.db)
    try:
        if args.action == "load":
            if demo.has_demo(store):
                print("Demo data is already loaded; run 'demo remove' first to reload it.")
                return 0
            report = demo.load_demo(store, args.n, args.seed)
            print(
                f"Loaded demo data: {report.rows_new} new comments "
                f"(import {report.import_id}, {report.rows_rejected} rejected)"
            )
        else:
            removed = demo.remove_demo(store)
            print(f"Removed {removed} demo import(s)." if removed else "No demo data in the store.")
    finally:
        store.dispose()
    return 0
