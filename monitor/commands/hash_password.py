"""``python -m monitor hash-password``: a bcrypt hash for ``[roles.passwords]`` in secrets.toml."""

from __future__ import annotations

import argparse
import getpass
import sys

from monitor.core.errors import CitraError
from monitor.ops.auth import ROLES, hash_password

EPILOG = """example:
  python -m monitor hash-password --role analyst
  # paste the printed line under [roles.passwords] in .streamlit/secrets.toml
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "hash-password",
        help="print a salted bcrypt hash of a role password for .streamlit/secrets.toml",
        description=(
            "Reads a password (twice, without echo; or one line from stdin when piped) and prints "
            "a secrets.toml line with its bcrypt hash. The password itself is never stored."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--role", choices=ROLES, default="analyst", help="role the password unlocks"
    )
    parser.add_argument("--rounds", type=int, default=12, help="bcrypt cost factor (default 12)")
    parser.set_defaults(func=run)


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat: ") != first:
        raise CitraError("the two passwords differ")
    return first


def run(args: argparse.Namespace) -> int:
    if not 4 <= args.rounds <= 16:
        raise CitraError("--rounds must be between 4 and 16")
    hashed = hash_password(_read_password(), rounds=args.rounds)
    print(f'{args.role} = "{hashed}"')
    return 0
