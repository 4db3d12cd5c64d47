"""Where a digest or an alert goes and how it gets there.

A ``Destination`` is a kind (``render.KINDS``), a URL and, for Telegram, a chat id. Its
``label`` names it without secrets (a Slack or Teams webhook's path is its secret, a Telegram
URL holds the bot token): only the scheme and host show, so error lines and the alert log can
name it. Its ``key`` (a digest of kind, URL and chat id) is what the alert log stores.

Sending is behind ``Sender``, a small Protocol: ``HttpSender`` posts JSON with ``requests``,
``SmtpSender`` hands an e-mail to an SMTP server with ``smtplib``. Either raises
``DeliveryError`` (one line, naming the destination by its label) when the destination cannot
be reached, times out or answers with anything but 2xx; tests pass their own.
"""

from __future__ import annotations

import hashlib
import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any, Protocol
from urllib.parse import urlsplit

from monitor.core.errors import CitraError
from monitor.ops import settings as settings_mod

TIMEOUT_SECONDS = 15.0
TELEGRAM_API = "https://api.telegram.org"
TOKEN_ENV = "CITRA_TELEGRAM_BOT_TOKEN"
SECRET_TABLE = "notify"
TOKEN_SECRET = "telegram_bot_token"


class DeliveryError(CitraError):
    """A digest or alert could not be delivered (unreachable, timeout, non-2xx)."""


def redact(url: str) -> str:
    """``https://hooks.slack.com/…``: the scheme and host only (no path, query or user)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "(unreadable URL)"
    if not host:
        return "(no host)"
    tail = "/…" if (parts.path not in ("", "/") or parts.query) else ""
    return f"{parts.scheme}://{host}{port}{tail}"


@dataclass(frozen=True)
class Destination:
    """Where a digest or alert goes. ``url`` is the full address (a secret: never printed)."""

    kind: str
    url: str
    chat_id: str = ""

    @property
    def label(self) -> str:
        """The destination for people and logs, without secrets."""
        if self.kind == "email":
            return f"e-mail {redact(self.url)} to {self.chat_id}"
        chat = f" chat {self.chat_id}" if self.chat_id else ""
        return f"{self.kind} {redact(self.url)}{chat}"

    @property
    def key(self) -> str:
        """A stable digest of the destination (what the alert log stores)."""
        raw = "\n".join((self.kind, self.url, self.chat_id)).encode("utf-8")
        return hashlib.sha256(raw).hexdigest()[:32]


def telegram_url(token: str) -> str:
    """The Bot API's ``sendMessage`` address for ``token``."""
    return f"{TELEGRAM_API}/bot{token}/sendMessage"


def _notify_secrets(secrets: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if secrets is None:
        from monitor.ops.privacy import load_secrets

        secrets = load_secrets()
    table = secrets.get(SECRET_TABLE, {})
    return table if isinstance(table, Mapping) else {}


def resolve(entry: Mapping[str, str], secrets: Mapping[str, Any] | None = None) -> Destination:
    """A Settings destination (``kind``, ``url``, ``chat_id``) as a ``Destination``: a
    ``secret:NAME`` URL read from ``[notify] NAME`` in the secrets, a Telegram destination
    without a URL given the bot token of ``CITRA_TELEGRAM_BOT_TOKEN`` or ``[notify]
    telegram_bot_token``. ``CitraError`` naming what is missing (never its value)."""
    kind, url, chat_id = entry["kind"], entry.get("url", ""), entry.get("chat_id", "")
    if url.startswith(settings_mod.SECRET_PREFIX):
        name = url[len(settings_mod.SECRET_PREFIX) :]
        url = str(_notify_secrets(secrets).get(name, "") or "").strip()
        if not url:
            raise CitraError(f"{kind} destination: no [{SECRET_TABLE}] {name} in the secrets")
    if not url and kind == "telegram":
        token = os.environ.get(TOKEN_ENV, "").strip()
        token = token or str(_notify_secrets(secrets).get(TOKEN_SECRET, "") or "").strip()
        if not token:
            raise CitraError(
                f"telegram destination: no bot token (set {TOKEN_ENV} or [{SECRET_TABLE}] "
                f"{TOKEN_SECRET} in the secrets)"
            )
        url = telegram_url(token)
    return Destination(kind, url, chat_id)


class Sender(Protocol):
    """How a body reaches a destination; raises ``DeliveryError`` when it does not."""

    def post(self, destination: Destination, body: dict) -> None: ...


class Mailer(Protocol):
    """How an e-mail reaches its server; raises ``DeliveryError`` when it does not."""

    def send(self, message: EmailMessage) -> None: ...


class HttpSender:
    """POST the body as JSON with ``requests``; 2xx is delivered, anything else an error."""

    def __init__(self, timeout: float = TIMEOUT_SECONDS) -> None:
        self.timeout = timeout

    def post(self, destination: Destination, body: dict) -> None:
        import requests

        try:
            response = requests.post(destination.url, json=body, timeout=self.timeout)
        except requests.Timeout:
            raise DeliveryError(
                f"delivery to {destination.label} failed: no answer within {self.timeout:g} s"
            ) from None
        except requests.RequestException as exc:
            reason = type(exc).__name__
            if isinstance(exc, requests.ConnectionError):
                reason = "cannot connect"
            raise DeliveryError(f"delivery to {destination.label} failed: {reason}") from None
        if not 200 <= response.status_code < 300:
            raise DeliveryError(
                f"delivery to {destination.label} failed: HTTP {response.status_code}"
            )


@dataclass(frozen=True)
class SmtpSettings:
    """An SMTP server and the envelope: ``to`` is one or more addresses."""

    host: str
    port: int = 25
    sender: str = ""
    to: tuple[str, ...] = ()
    starttls: bool = False
    user: str = ""
    password: str = ""

    @property
    def label(self) -> str:
        return self.destination.label

    @property
    def destination(self) -> Destination:
        """The e-mail as a destination of the alert log (the server and the recipients)."""
        return Destination("email", f"smtp://{self.host}:{self.port}", ", ".join(self.to))


class SmtpSender:
    """Hand an e-mail to an SMTP server with ``smtplib``."""

    def __init__(self, settings: SmtpSettings, timeout: float = TIMEOUT_SECONDS) -> None:
        self.settings = settings
        self.timeout = timeout

    def send(self, message: EmailMessage) -> None:
        s = self.settings
        try:
            with smtplib.SMTP(s.host, s.port, timeout=self.timeout) as smtp:
                if s.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if s.user:
                    smtp.login(s.user, s.password)
                smtp.send_message(message, from_addr=s.sender, to_addrs=list(s.to))
        except (OSError, smtplib.SMTPException) as exc:
            reason = getattr(exc, "smtp_error", b"") or type(exc).__name__
            if isinstance(reason, bytes):
                reason = reason.decode("utf-8", "replace")
            if isinstance(exc, ConnectionRefusedError):
                reason = "cannot connect"
            raise DeliveryError(f"delivery to {s.label} failed: {reason}") from None


def email_message(subject: str, text: str, html: str, settings: SmtpSettings) -> EmailMessage:
    """A multipart/alternative e-mail: the plain text first, the HTML as the richer part."""
    message = EmailMessage()
    message["Subject"] = subject.replace("\n", " ")[:200]
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.to)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message
