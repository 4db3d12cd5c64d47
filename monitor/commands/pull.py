"""``python -m monitor pull instagram|youtube|all``: pull comments from the platforms' APIs.

Each pull is an import (``pull:<source>``) in one transaction; see ``monitor.collect.pull``
for how a run ends. Exit code: 0 when every pull was done or stopped early (a rate limit or
quota: what was fetched is kept and the next pull resumes), 1 when one failed (``pull all``
still runs the others).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from monitor.commands.common import iso_day

EPILOG = """examples:
  python -m monitor pull instagram --account-id 17841400000000001   # token from CITRA_IG_TOKEN
  python -m monitor pull youtube --channel-id UCxxxxxxxxxxxxxxxxxxxxxx --since 2026-11-01
  python -m monitor pull all --db postgresql+psycopg://citra@db/citra
"""

SECRETS_HELP = (
    "secrets file with [pull.instagram] / [pull.youtube] (default .streamlit/secrets.toml)"
)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", help="SQLAlchemy URL of the store (default: CITRA_DATABASE_URL or var/citra.db)"
    )
    parser.add_argument("--secrets", type=Path, help=SECRETS_HELP)
    parser.add_argument("--json", action="store_true", help="print each result as JSON")


def _one(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--api-base", dest="api_base", help="API base URL (default: the real host)")
    parser.add_argument(
        "--since", type=iso_day, help="only posts and comments from this day on (YYYY-MM-DD)"
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "pull",
        help="pull comments from the Instagram Graph API or the YouTube Data API",
        description=(
            "Pull an account's posts and comments from the platform's API and import them like "
            "a file: one transaction, an import record pull:<source>, the same rows, scoring "
            "and dedup. A rate limit or quota stops the pull cleanly; the next one resumes."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sources = parser.add_subparsers(dest="source", metavar="SOURCE", required=True)
    ig = sources.add_parser(
        "instagram",
        help="the Instagram professional account (Graph API)",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _one(ig)
    ig.add_argument("--token", help="access token (else CITRA_IG_TOKEN or the secrets)")
    ig.add_argument("--account-id", dest="account", help="the IG user id of the account")
    ig.set_defaults(func=run)
    yt = sources.add_parser(
        "youtube",
        help="the YouTube channel (Data API v3)",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _one(yt)
    yt.add_argument("--api-key", dest="token", help="API key (else CITRA_YT_KEY or the secrets)")
    yt.add_argument("--channel-id", dest="account", help="the channel id (UC...)")
    yt.set_defaults(func=run)
    every = sources.add_parser(
        "all",
        help="every source configured in the secrets (or the environment)",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(every)
    every.set_defaults(func=run_all)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return ""


def _print(result, as_json: bool) -> None:
    print(json.dumps(result.to_dict(), ensure_ascii=False) if as_json else result.summary())


def _retention(store) -> None:
    from monitor.ops.retention import apply_retention

    purged = apply_retention(store)
    if purged:
        print(f"Retention: deleted {purged} comments older than the retention period")


def run(args: argparse.Namespace) -> int:
    from monitor.collect.pull import run_pull
    from monitor.collect.sources import resolve
    from monitor.ops.privacy import load_secrets
    from monitor.store import open_store

    config = resolve(
        args.source,
        credential=args.token,
        account=args.account,
        api_base=args.api_base,
        secrets=load_secrets(args.secrets),
    )
    store = open_store(args.db)
    try:
        result = run_pull(store, config, since=args.since, imported_by=_user())
        _print(result, args.json)
        if result.import_id is not None:
            _retention(store)
        return 0
    finally:
        store.dispose()


def _alert(store, secrets, as_json: bool) -> bool:
    """Spike alerts once new comments are stored (Settings: alerts on, destinations): a spike
    the pull revealed is sent to each destination once. A failed delivery is one line and
    fails the command; the spike stays unsent, so the next run tries it again."""
    from monitor.notify.alerts import alert_from_settings

    report = alert_from_settings(store, secrets=secrets)
    for label, key in report.sent:
        if not as_json:
            print(f"alert sent: spike {key} to {label}")
    for label, key, error in report.failed:
        print(f"Error: spike alert {key} to {label} failed: {error}", file=sys.stderr)
    return report.ok


def run_all(args: argparse.Namespace) -> int:
    from monitor.collect.pull import pull_all
    from monitor.ops.privacy import load_secrets
    from monitor.store import open_store

    secrets = load_secrets(args.secrets)
    store = open_store(args.db)
    try:
        results = pull_all(store, secrets, imported_by=_user())
        if not results:
            print(
                "Error: no pull source configured ([pull.instagram] / [pull.youtube] in the "
                "secrets, or CITRA_IG_TOKEN / CITRA_YT_KEY)",
                file=sys.stderr,
            )
            return 1
        for result in results:
            if result.status == "failed" and not args.json:
                print(f"Error: pull:{result.source}: {result.message}", file=sys.stderr)
            else:
                _print(result, args.json)
        stored = any(r.import_id is not None for r in results)
        if stored:
            _retention(store)
        alerted = _alert(store, secrets, args.json) if stored else True
        return 1 if any(r.status == "failed" for r in results) or not alerted else 0
    finally:
        store.dispose()
