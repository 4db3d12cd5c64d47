"""``python -m monitor demo``: load, remove or write the generated demo data set."""

from __future__ import annotations

import argparse

EPILOG = """examples:
  python -m monitor demo load                 # import the demo year into var/citra.db
  python -m monitor demo remove --db sqlite:///var/citra.db
  python -m monitor demo write demo.json --n 200000
  python -m monitor demo write demo.csv --n 50000 --format exportcomments
  python -m monitor demo write tweets.csv --format tweet_harvest   # X, as tweet-harvest writes
  python -m monitor demo write videos.json --format youtube        # YouTube commentThreads pages
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="load, remove or write the generated demo data (comments on kemensosri posts)",
        description=(
            "The demo data set is a deterministic year (Oct 2020 - Sep 2021) of Indonesian "
            "comments on the ministry's Instagram, X and YouTube posts, with the reaction to the "
            "December 2020 case on every platform. 'load' imports it through the normal ingest, "
            "one import per platform, marked as demo; 'remove' undoes every demo import; 'write' "
            "saves one platform's part as an export file without touching the store."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("action", choices=("load", "remove", "write"))
    parser.add_argument("path", nargs="?", help="output file for 'write'")
    parser.add_argument("--db", help="database URL (default: CITRA_DATABASE_URL or var/citra.db)")
    parser.add_argument(
        "--n",
        type=int,
        default=None,
        help="number of comments, replies included (load: of all platforms together)",
    )
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--format",
        choices=("apify", "exportcomments", "x_api", "tweet_harvest", "youtube"),
        default=None,
        help=(
            "file shape for 'write': Instagram apify or exportcomments, X x_api or "
            "tweet_harvest, youtube (default: from the file extension, .csv = exportcomments)"
        ),
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from monitor.core.errors import CitraError
    from monitor.core.platforms import label
    from monitor.demo import generator as demo

    if args.action == "write":
        if not args.path:
            raise CitraError("demo write needs an output file, e.g. 'demo write demo.json'")
        fmt = args.format or ("exportcomments" if args.path.lower().endswith(".csv") else "apify")
        platform, _, writer = demo.WRITERS[fmt]
        path = writer(args.path, args.n, args.seed)
        print(f"Wrote {path} ({fmt}, {label(platform)})")
        return 0

    from monitor.store import open_store

    store = open_store(args.db)
    try:
        if args.action == "load":
            if demo.has_demo(store):
                print("Demo data is already loaded; run 'demo remove' first to reload it.")
                return 0
            reports = demo.load_demo(store, args.n, args.seed)
            comments = [r for r in reports if r.kind == "comments"]
            parts = ", ".join(
                f"{label(r.platform)} {r.rows_new} (import {r.import_id})" for r in comments
            )
            posts = sum(r.rows_read for r in reports if r.kind == "posts")
            print(
                f"Loaded demo data: {sum(r.rows_new for r in comments)} new comments: {parts}; "
                f"{posts} posts with captions; {sum(r.rows_rejected for r in reports)} rejected"
            )
        else:
            removed = demo.remove_demo(store)
            print(f"Removed {removed} demo import(s)." if removed else "No demo data in the store.")
    finally:
        store.dispose()
    return 0
