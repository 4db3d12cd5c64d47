"""A local webhook receiver, a local SMTP receiver and a store with a spike and a hostile comment.

Nothing here reaches the network: the receivers listen on 127.0.0.1 on a free port, in a thread,
and are shut down after the test.
"""

from __future__ import annotations

import json
import socket
import socketserver
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from monitor.analysis import events
from tests.analytics_helpers import add_comments, row, synthetic_rows

SPIKE = date(2020, 12, 7)
HOSTILE_TEXT = "<script>alert(1)</script> *bold* <@channel> <!here> & _miring_ `kode`"
HOSTILE_AUTHOR = "jahat*<b>orang</b>"


@dataclass
class Receiver:
    """What the local webhook received: (path, JSON body) per request."""

    url: str
    status: int = 200
    requests: list[tuple[str, dict]] = field(default_factory=list)

    @property
    def bodies(self) -> list[dict]:
        return [body for _, body in self.requests]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            size = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(size)
            state.requests.append((self.path, json.loads(raw or b"null")))
            self.send_response(state.status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/services/T0/B0/sekret"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on (bound, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Mailbox:
    host: str
    port: int
    messages: list[bytes] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)


@pytest.fixture
def smtp_server() -> Iterator[Mailbox]:
    """A tiny SMTP receiver: enough of RFC 5321 for ``smtplib`` (EHLO, MAIL, RCPT, DATA, QUIT)."""
    box = Mailbox("127.0.0.1", 0)

    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            self.wfile.write(line.encode("ascii") + b"\r\n")
            self.wfile.flush()

        def handle(self) -> None:
            self.reply("220 citra-test ESMTP")
            sender, rcpts = "", []
            while True:
                line = self.rfile.readline()
                if not line:
                    return
                verb = line.decode("ascii", "replace").strip()
                upper = verb.upper()
                if upper.startswith(("EHLO", "HELO")):
                    self.reply("250-citra-test")
                    self.reply("250 8BITMIME")
                elif upper.startswith("MAIL FROM:"):
                    sender = verb[10:].strip().strip("<>").split(">")[0]
                    self.reply("250 OK")
                elif upper.startswith("RCPT TO:"):
                    rcpts.append(verb[8:].strip().strip("<>"))
                    self.reply("250 OK")
                elif upper == "DATA":
                    self.reply("354 end with .")
                    data = []
                    while True:
                        chunk = self.rfile.readline()
                        if chunk in (b".\r\n", b".\n", b""):
                            break
                        data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                    box.messages.append(b"".join(data))
                    box.envelopes.append((sender, list(rcpts)))
                    self.reply("250 queued")
                elif upper == "QUIT":
                    self.reply("221 bye")
                    return
                else:
                    self.reply("250 OK")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    box.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield box
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def spike_rows() -> list[dict]:
    """Ten weeks with a negative and complaint spike on ``SPIKE``, led by a hostile comment
    (the most liked, a complaint still waiting for a reply)."""
    rows = synthetic_rows(date(2020, 10, 1), 70, spikes={SPIKE: 5.0})
    rows.append(
        row(
            SPIKE,
            hour=9,
            post_id="P1",
            author=HOSTILE_AUTHOR,
            label="negative",
            score=-0.9,
            complaint=True,
            category="bantuan_belum_cair",
            likes=5000,
            text=HOSTILE_TEXT,
            comment_id="hostile1",
        )
    )
    return rows


@pytest.fixture
def spiky(store, store_url) -> str:
    events.seed_timeline(store)
    add_comments(store, spike_rows())
    return store_url
