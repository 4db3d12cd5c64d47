"""``python -m monitor``: thin command-line faces over the library.

Each sub-command lives in ``monitor/commands/<name>.py`` and exposes ``register(subparsers)``
which adds its parser and sets ``func``. ``func(args) -> int`` returns the exit code.
Library errors (``CitraError``) become one ``Error: ...`` line and exit code 1.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from sqlalchemy.exc import SQLAlchemyError

from monitor.core.errors import CitraError

COMMANDS = (
    "ingest",
    "pull",
    "export",
    "evaluate",
    "daily",
    "spikes",
    "complaints",
    "digest",
    "posts",
    "bench",
    "demo",
    "hash_password",
)


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
    except BrokenPipeError:
        # the reader left (``export | head``): stop quietly, as Unix tools do on SIGPIPE
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except OSError as exc:  # disk full, read-only folder, missing file: one line, no traceback
        where = f" {exc.filename}" if exc.filename else ""
        print(f"Error: cannot use{where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:  # read-only or full database: the store is left as it was
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        print(f"Error: the database refused the operation: {reason}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
