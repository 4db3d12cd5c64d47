"""``python -m monitor digest``: the morning digest, or the new spike alerts, sent to a webhook
(JSON, Slack, Teams, Telegram) or by e-mail, once per day and destination (``monitor.notify``).

A delivery that fails ends with one ``Error:`` line naming the destination without its secret
(scheme and host only) and exit code 1; nothing is then logged as sent.
"""

from __future__ import annotations

import argparse

from monitor.commands.common import add_platform_argument, iso_day, platforms_of

FORMATS = ("json", "slack", "teams", "telegram")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "digest",
        help="send the morning digest (or new spike alerts) to a webhook or by e-mail",
        description="The morning summary of a day (default: yesterday in Asia/Jakarta): "
        "figures against the baseline per platform, the spikes with their drivers and news, "
        "the complaints waiting longest by unit and a link to the morning view. A digest or "
        "spike already delivered to a destination is not sent again unless --force.",
        epilog="example: python -m monitor digest --webhook https://hooks.slack.com/services/... "
        "--format slack\n"
        "         python -m monitor digest --format telegram --webhook "
        "https://api.telegram.org/bot<token>/sendMessage --chat-id -1001234\n"
        "         python -m monitor digest --spikes-only --webhook URL --format teams\n"
        "         python -m monitor digest --smtp-host mail.example.go.id --smtp-from "
        "citra@example.go.id --smtp-to humas@example.go.id",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", help="database URL (default: CITRA_DATABASE_URL or var/citra.db)")
    parser.add_argument("--webhook", metavar="URL", help="where to POST the digest")
    parser.add_argument("--day", type=iso_day, help="the day to summarise (default: yesterday)")
    parser.add_argument(
        "--format", choices=FORMATS, default="json", help="the webhook's format (default: json)"
    )
    parser.add_argument("--force", action="store_true", help="send again what was already sent")
    parser.add_argument(
        "--chat-id", help="Telegram chat id (default: the Settings' Telegram destination)"
    )
    parser.add_argument(
        "--base-url", help="where Citra is opened, for the link (default: the Settings')"
    )
    parser.add_argument(
        "--spikes-only",
        action="store_true",
        help="send one alert per new spike of the last days instead of the digest",
    )
    parser.add_argument(
        "--days", type=int, default=3, help="with --spikes-only: days looked at (default: 3)"
    )
    add_platform_argument(parser)
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds (default: 15)")
    smtp = parser.add_argument_group("e-mail (instead of or beside --webhook)")
    smtp.add_argument("--smtp-host", help="SMTP server")
    smtp.add_argument("--smtp-port", type=int, default=25, help="SMTP port (default: 25)")
    smtp.add_argument("--smtp-from", help="sender address")
    smtp.add_argument(
        "--smtp-to", action="append", default=[], help="recipient (repeatable or comma-separated)"
    )
    smtp.add_argument("--smtp-starttls", action="store_true", help="upgrade with STARTTLS")
    parser.set_defaults(func=run)


def _check(args: argparse.Namespace) -> None:
    """Refuse impossible combinations before any work, naming the flags."""
    from monitor.core.errors import CitraError
    from monitor.core.urls import http_url

    if not args.webhook and not args.smtp_host and args.format != "telegram":
        raise CitraError("give --webhook URL (or --smtp-host with --smtp-from and --smtp-to)")
    if args.webhook and not http_url(args.webhook):
        raise CitraError("--webhook: expected an http(s) URL")
    if args.chat_id and args.format != "telegram":
        raise CitraError("--chat-id is for --format telegram")
    if args.spikes_only and args.smtp_host:
        raise CitraError("--spikes-only sends to --webhook only, not by e-mail")
    if args.spikes_only and args.day:
        raise CitraError("--day is for the digest; --spikes-only looks at the last --days days")
    if args.days < 1:
        raise CitraError("--days must be at least 1")
    if args.smtp_host and (not args.smtp_from or not args.smtp_to):
        raise CitraError("--smtp-host needs --smtp-from and --smtp-to")
    if args.timeout <= 0:
        raise CitraError("--timeout must be more than 0 seconds")


def _destination(args: argparse.Namespace, store):
    """The webhook as a destination (Telegram: the chat id and, without --webhook, the token
    from the secrets), or None for e-mail only."""
    from monitor.core.errors import CitraError
    from monitor.notify.deliver import Destination, resolve
    from monitor.ops import settings as settings_mod

    if args.format != "telegram":
        return Destination(args.format, args.webhook) if args.webhook else None
    configured = [d for d in settings_mod.load(store).alert_destinations if d["kind"] == "telegram"]
    chat_id = args.chat_id or (configured[0]["chat_id"] if configured else "")
    if not chat_id:
        raise CitraError(
            "--format telegram needs --chat-id (or a Telegram destination in Settings)"
        )
    if args.webhook:
        return Destination("telegram", args.webhook, chat_id)
    return resolve({"kind": "telegram", "url": "", "chat_id": chat_id})


def run(args: argparse.Namespace) -> int:
    from monitor.core.errors import CitraError
    from monitor.notify import alerts
    from monitor.notify.deliver import HttpSender, SmtpSender, SmtpSettings
    from monitor.store import open_store

    _check(args)
    platforms = platforms_of(args.platforms)
    store = open_store(args.db)
    try:
        destination = _destination(args, store)
        sender = HttpSender(timeout=args.timeout)
        if args.spikes_only:
            report = alerts.alert_new_spikes(
                store,
                [destination],
                base_url=args.base_url,
                force=args.force,
                days=args.days,
                platforms=platforms,
                sender=sender,
            )
            if report.failed:
                raise CitraError(report.failed[0][2])
            print(
                f"{len(report.sent)} spike alert(s) sent to {destination.label}; "
                f"{len(report.skipped)} already sent"
            )
            return 0
        results = []
        if destination is not None:
            results.append(
                alerts.send_digest(
                    store,
                    destination,
                    day=args.day,
                    force=args.force,
                    base_url=args.base_url,
                    platforms=platforms,
                    sender=sender,
                )
            )
        if args.smtp_host:
            to = tuple(a.strip() for v in args.smtp_to for a in v.split(",") if a.strip())
            smtp = SmtpSettings(
                host=args.smtp_host,
                port=args.smtp_port,
                sender=args.smtp_from,
                to=to,
                starttls=args.smtp_starttls,
            )
            results.append(
                alerts.email_digest(
                    store,
                    smtp,
                    day=args.day,
                    force=args.force,
                    base_url=args.base_url,
                    platforms=platforms,
                    mailer=SmtpSender(smtp, timeout=args.timeout),
                )
            )
    finally:
        store.dispose()
    for r in results:
        if r.sent:
            print(f"Digest of {r.day} sent to {r.destination}")
        else:
            print(f"Digest of {r.day} was already sent to {r.destination} (--force sends it again)")
    return 0
