"""``python -m monitor``: thin command-line faces over the library.

Each sub-command lives in ``monitor/commands/<name>.py`` and exposes ``register(subparsers)``
which adds its parser and sets ``func``. ``func(args) -> int`` returns the exit code.
Library errors (``CitraError``) become one ``Error: ...`` line and exit code 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from monitor.core.errors import CitraError

COMMANDS = ("ingest", "export", "evaluate", "daily", "spikes", "bench", "demo", "hash_password")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m monitor",
        description="Citra: ingest Instagram comment exports, score them, find spikes.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"monitor.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except CitraError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
