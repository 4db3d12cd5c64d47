"""``python -m monitor bench``: throughput against the naive pipeline, on generated comments."""

from __future__ import annotations

import argparse
import json
import sys

EPILOG = """examples:
  python -m monitor bench                      # 200,000 comments
  python -m monitor bench --n 1000000 --json   # one size, machine-readable
  python -m monitor bench --scaling            # also 100k, 300k and 1M
  python -m monitor bench --only anatomy --n 100000   # the copy-paste search of one day
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "bench",
        help="measure scoring, ingest and morning-view queries against the naive pipeline",
        description=(
            "Generates N comments (the demo generator: deterministic, realistic share of "
            "repeated short comments) and measures, each phase in a fresh process: (1) the "
            "naive per-row stemmer + VADER, (2) Citra's scoring, (3) the full ingest of an Apify "
            "JSON, an exportcomments CSV and a tweet-harvest CSV file into a fresh SQLite store, "
            "(4) the morning-view "
            "queries. Prints comments per second, the speed-up of (2) over (1), peak resident "
            "memory and how far (1) and (2) agree. The naive path runs on at most --naive-max "
            "comments and is extrapolated linearly beyond that."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--n", type=int, default=200_000, help="comments (default 200000)")
    parser.add_argument("--seed", type=int, default=7, help="generator seed (default 7)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--markdown", action="store_true", help="print Markdown tables (as in docs/benchmark.md)"
    )
    parser.add_argument(
        "--report",
        metavar="FILE",
        help="only format the results saved earlier with --out (no measuring)",
    )
    parser.add_argument(
        "--scaling", action="store_true", help="also run at 100,000, 300,000 and 1,000,000"
    )
    parser.add_argument(
        "--naive-max",
        type=int,
        default=200_000,
        help="largest size the naive baseline really runs on (default 200000)",
    )
    parser.add_argument(
        "--format",
        action="append",
        choices=("apify", "exportcomments", "tweet_harvest"),
        help="export format(s) to ingest (default all three)",
    )
    parser.add_argument(
        "--only",
        choices=("anatomy",),
        help="run one phase only: anatomy = the copy-paste search of one day of N comments",
    )
    parser.add_argument("--out", help="also write the JSON results to this file (after each size)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from monitor.core.errors import CitraError
    from monitor.quality import bench

    if args.report:
        try:
            with open(args.report, encoding="utf-8") as fh:
                saved = json.load(fh)
        except (OSError, ValueError) as exc:
            raise CitraError(f"cannot read benchmark results {args.report}: {exc}") from exc
        print(bench.format_markdown(saved) if args.markdown else bench.format_report(saved))
        return 0
    formats = tuple(args.format) if args.format else bench.EXPORT_FORMATS
    if args.only == "anatomy":
        if args.scaling:
            raise CitraError("--only anatomy measures one size: drop --scaling")
        result = bench.run_anatomy(args.n, args.seed)
        if args.out:
            with open(args.out, "w", encoding="utf-8") as fh:
                fh.write(bench.format_json(result))
        print(
            bench.format_json(result)
            if args.json
            else bench.format_markdown(result)
            if args.markdown
            else bench.format_report(result)
        )
        return 0

    def save(partial: dict) -> None:
        if args.out:
            with open(args.out, "w", encoding="utf-8") as fh:
                fh.write(bench.format_json(partial))

    result = bench.run(
        args.n,
        args.seed,
        scaling=args.scaling,
        naive_max=args.naive_max,
        formats=formats,
        log=lambda msg: print(msg, file=sys.stderr, flush=True),
        on_size=save,
    )
    if args.json:
        print(bench.format_json(result))
    elif args.markdown:
        print(bench.format_markdown(result))
    else:
        print(bench.format_report(result))
    return 0
