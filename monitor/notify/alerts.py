"""Sending the digest and the spike alerts once per destination.

The rule (docs/digest.md): a digest is sent once per day and destination, a spike alert once
per spike (``payload.spike_key``) and destination; ``force`` sends again (and the log says it
was forced). Only a delivery that succeeded is written to the alert log
(``store.alert_log``), after it succeeded, so a failed one (unreachable, timeout, non-2xx) is
tried again on the next run. Two runs at the same moment may both send: the log is a record,
not a lock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from monitor.core.errors import CitraError
from monitor.notify import payload as payload_mod
from monitor.notify import render
from monitor.notify.deliver import (
    Destination,
    HttpSender,
    Mailer,
    Sender,
    SmtpSettings,
    email_message,
    resolve,
)
from monitor.ops import settings as settings_mod
from monitor.store import alert_log
from monitor.store.engine import Store

RECENT_DAYS = 3  # the days whose spikes an alert run looks at, up to the last stored day


@dataclass(frozen=True)
class DigestResult:
    """What ``send_digest`` did: ``sent`` False when the day had already gone there."""

    day: str
    destination: str  # the label, without secrets
    sent: bool
    body: dict = field(repr=False, default_factory=dict)


@dataclass
class AlertReport:
    """What ``alert_new_spikes`` did, per destination label and spike key."""

    sent: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # already sent
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # label, key, error

    @property
    def ok(self) -> bool:
        return not self.failed


def _digest_key(day: str, platforms: Sequence[str] | None) -> str:
    return day if not platforms else f"{day}:{','.join(platforms)}"


def send_digest(
    store: Store,
    destination: Destination,
    *,
    day: date | None = None,
    force: bool = False,
    base_url: str | None = None,
    platforms: Sequence[str] | None = None,
    sender: Sender | None = None,
    lang: str = "id",
) -> DigestResult:
    """Send the digest of ``day`` (default: yesterday in Asia/Jakarta) to ``destination``,
    unless it went there already (``force`` sends again). ``DeliveryError`` when it fails;
    the log then stays as it was."""
    payload = payload_mod.build_digest(store, day, base_url=base_url, platforms=platforms)
    key = _digest_key(payload["day"], platforms)
    already = alert_log.sent_keys(store, destination.key, "digest", [key])
    if already and not force:
        return DigestResult(payload["day"], destination.label, False)
    body = render.render(payload, destination.kind, chat_id=destination.chat_id, lang=lang)
    (sender or HttpSender()).post(destination, body)
    alert_log.record_sent(
        store, destination.key, destination.label, "digest", [key], forced=bool(already)
    )
    return DigestResult(payload["day"], destination.label, True, body)


def email_digest(
    store: Store,
    smtp: SmtpSettings,
    *,
    day: date | None = None,
    force: bool = False,
    base_url: str | None = None,
    platforms: Sequence[str] | None = None,
    mailer: Mailer | None = None,
    lang: str = "id",
) -> DigestResult:
    """The digest by e-mail (plain text and HTML), once per day and recipients as above."""
    from monitor.notify.deliver import SmtpSender

    if not smtp.host or not smtp.sender or not smtp.to:
        raise CitraError("e-mail: --smtp-host, --smtp-from and --smtp-to are all needed")
    destination = smtp.destination
    payload = payload_mod.build_digest(store, day, base_url=base_url, platforms=platforms)
    key = _digest_key(payload["day"], platforms)
    already = alert_log.sent_keys(store, destination.key, "digest", [key])
    if already and not force:
        return DigestResult(payload["day"], destination.label, False)
    doc = render.document(payload, lang)
    message = email_message(doc.summary, render.plain_text_body(doc), render.html_body(doc), smtp)
    (mailer or SmtpSender(smtp)).send(message)
    alert_log.record_sent(
        store, destination.key, destination.label, "digest", [key], forced=bool(already)
    )
    return DigestResult(payload["day"], destination.label, True)


def alert_new_spikes(
    store: Store,
    destinations: Sequence[Destination | Mapping[str, str]],
    *,
    base_url: str | None = None,
    force: bool = False,
    days: int = RECENT_DAYS,
    end: date | None = None,
    platforms: Sequence[str] | None = None,
    sender: Sender | None = None,
    secrets: Mapping[str, Any] | None = None,
    lang: str = "id",
) -> AlertReport:
    """Send one alert per spike of the last ``days`` days (up to ``end``, default the last
    stored day) that a destination has not had yet; log each one delivered.

    ``destinations`` are ``Destination``s or Settings entries (``kind``, ``url``,
    ``chat_id``; resolved with the secrets). A destination that fails stops there (the rest of
    its spikes are tried next run) and the others still get theirs; the report lists what was
    sent, skipped and failed. Nothing is raised for a failed delivery: the caller (a pull)
    decides how loud to be.
    """
    report = AlertReport()
    if not destinations:
        return report
    base = settings_mod.load(store).public_base_url if base_url is None else base_url
    records = payload_mod.recent_spikes(store, days, end=end, base_url=base, platforms=platforms)
    sender = sender or HttpSender()
    for entry in destinations:
        try:
            dest = entry if isinstance(entry, Destination) else resolve(entry, secrets)
        except CitraError as exc:
            report.failed.append((str(entry.get("kind", "?")), "", str(exc)))
            continue
        keys = [r["key"] for r in records]
        done = alert_log.sent_keys(store, dest.key, "spike", keys)
        for record in records:
            if record["key"] in done and not force:
                report.skipped.append((dest.label, record["key"]))
                continue
            body = render.render(
                payload_mod.alert_payload(record), dest.kind, chat_id=dest.chat_id, lang=lang
            )
            try:
                sender.post(dest, body)
            except CitraError as exc:
                report.failed.append((dest.label, record["key"], str(exc)))
                break
            alert_log.record_sent(
                store,
                dest.key,
                dest.label,
                "spike",
                [record["key"]],
                forced=record["key"] in done,
            )
            report.sent.append((dest.label, record["key"]))
    return report


def alert_from_settings(
    store: Store,
    *,
    sender: Sender | None = None,
    secrets: Mapping[str, Any] | None = None,
) -> AlertReport:
    """What a pull calls after storing new comments: ``alert_new_spikes`` to the Settings'
    destinations when alerts are on (an empty report when they are off)."""
    settings = settings_mod.load(store)
    if not settings.alerts_enabled or not settings.alert_destinations:
        return AlertReport()
    return alert_new_spikes(
        store,
        settings.alert_destinations,
        base_url=settings.public_base_url,
        sender=sender,
        secrets=secrets,
    )
