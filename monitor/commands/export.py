"""``python -m monitor export``: every stored comment as CSV, safe to open in Excel."""

from __future__ import annotations

import argparse
import io
import sys

from monitor.commands.common import add_platform_argument, platforms_of

EPILOG = """examples:
  python -m monitor export --out comments.csv
  python -m monitor export --platform x,youtube --out x_youtube.csv
  python -m monitor export --db postgresql+psycopg://citra@db/citra > comments.csv
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write all stored comments as CSV (canonical columns, Jakarta day, emotion)",
        description=(
            "Write every stored comment (of the chosen platforms) with the canonical columns "
            "(comment_id, platform, post_id, ...) plus day (Asia/Jakarta, YYYY-MM-DD), emotion "
            "(anger, sadness, fear, happy, love; empty for none) and the confidences "
            "emotion_confidence and sentiment_confidence (0-1; all three empty for a comment "
            "not re-scored since emotions were added), ordered by time then id, as UTF-8 with a byte-order mark (as the app's download, so Excel "
            "reads it right). Cells a spreadsheet would run as a formula are prefixed with a "
            "quote."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--db", help="SQLAlchemy URL of the store (default: CITRA_DATABASE_URL or var/citra.db)"
    )
    parser.add_argument("--out", help="output CSV file (default: standard output)")
    add_platform_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from monitor.core.errors import CitraError
    from monitor.store import open_store
    from monitor.store.export import write_csv

    platforms = platforms_of(args.platforms)
    store = open_store(args.db, read_only=True)
    try:
        if args.out:
            # UTF-8 with a BOM, like the app's download: Excel then reads the text as UTF-8
            try:
                with open(args.out, "w", encoding="utf-8-sig", newline="") as fh:
                    n = write_csv(store, fh, platforms)
            except OSError as exc:
                raise CitraError(f"cannot write {args.out}: {exc.strerror or exc}") from exc
            print(f"{n} comments written to {args.out}", file=sys.stderr)
        else:
            out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8-sig", newline="")
            try:
                write_csv(store, out, platforms)
                out.flush()
            finally:
                out.detach()  # leave sys.stdout usable (and open) for the caller
        return 0
    finally:
        store.dispose()
