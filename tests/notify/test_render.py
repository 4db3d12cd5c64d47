"""Rendering without a store: numbers the Indonesian way, escaping, Telegram's limit, redaction."""

from __future__ import annotations

import pytest

from monitor.core.errors import CitraError
from monitor.notify import render
from monitor.notify.deliver import Destination, redact, resolve


@pytest.mark.parametrize(
    ("name", "fig", "expected"),
    [
        (
            "comments",
            {"value": 1234.0, "baseline": 1000.5, "change": 233.5, "change_pct": 0.2334},
            "1.234 (rata-rata 1.000,5, +23,3%)",
        ),
        (
            "negative_share",
            {"value": 0.125, "baseline": 0.1, "change": 0.025},
            "12,5% (rata-rata 10,0%, +2,5 poin)",
        ),
        (
            "net_index",
            {"value": -0.47, "baseline": 0.12, "change": -0.59},
            "−47 (rata-rata +12, −59)",
        ),
        ("complaints", {"value": 3.0, "baseline": None}, "3"),
    ],
)
def test_figures_are_written_the_indonesian_way(name, fig, expected):
    assert render.figure_text(name, fig) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a & b", "a &amp; b"),
        ("<@U123> <!channel>", "&lt;@\u2060U123&gt; &lt;!\u2060channel&gt;"),
        ("*bold* ~gone~ `code`", "\u2217bold\u2217 \u223cgone\u223c \u02cbcode\u02cb"),
        ("_italic_ u_1a2b3c", "\uff3fitalic\uff3f u_1a2b3c"),
        ("<https://evil|klik>", "&lt;https://evil|klik&gt;"),
        ("a\u202eb\nc", "a⟨U+202E⟩b c"),
    ],
)
def test_mrkdwn_escape(raw, expected):
    assert render.mrkdwn_escape(raw) == expected


def test_telegram_text_is_cut_between_lines_and_keeps_the_link():
    lines = [(render.Data("<" * 50 + f" {i}"),) for i in range(200)]
    doc = render.Document(
        "Judul",
        "Judul",
        [render.Section("Bagian", lines)],
        "https://c.example/?day=2020-12-07",
        "Buka",
    )
    text = render.telegram_text(doc)
    assert len(text) <= render.TELEGRAM_LIMIT
    assert text.endswith('<a href="https://c.example/?day=2020-12-07">Buka</a>')
    assert "… (dipotong; selengkapnya di Citra)" in text
    assert "<" * 2 not in text.replace("</", "").replace("<a", "").replace("<b", "")
    kept = [line for line in text.splitlines() if line.startswith("&lt;")]
    assert kept and all(line.endswith(tuple("0123456789")) for line in kept)  # whole lines


def test_a_link_that_is_not_http_is_shown_as_text():
    line = (render.Link("klik", "javascript:alert(1)"),)
    doc = render.Document("T", "T", [render.Section("", [line])])
    assert "javascript" not in str(render.slack(doc)) + str(
        render.teams(doc)
    ) + render.telegram_text(doc)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://hooks.slack.com/services/T0/B0/XYZ", "https://hooks.slack.com/…"),
        ("https://api.telegram.org/bot123:AAH/sendMessage", "https://api.telegram.org/…"),
        ("http://user:pw@127.0.0.1:8080/x?token=1", "http://127.0.0.1:8080/…"),
        ("https://example.org", "https://example.org"),
    ],
)
def test_a_destination_is_named_without_its_secret(url, shown):
    assert redact(url) == shown
    assert Destination("slack", url).label == f"slack {shown}"


def test_destination_key_differs_by_chat_and_url():
    a = Destination("telegram", "https://api.telegram.org/botA/sendMessage", "1")
    assert a.key != Destination("telegram", a.url, "2").key
    assert a.key == Destination("telegram", a.url, "1").key
    assert "botA" not in a.key


def test_secrets_resolve_urls_and_the_bot_token(monkeypatch):
    monkeypatch.delenv("CITRA_TELEGRAM_BOT_TOKEN", raising=False)
    secrets = {
        "notify": {"humas": "https://hooks.slack.com/services/X", "telegram_bot_token": "9:T"}
    }
    assert resolve({"kind": "slack", "url": "secret:humas"}, secrets).url.endswith("/services/X")
    tg = resolve({"kind": "telegram", "url": "", "chat_id": "5"}, secrets)
    assert tg.url == "https://api.telegram.org/bot9:T/sendMessage" and tg.chat_id == "5"
    with pytest.raises(CitraError, match=r"no \[notify\] other in the secrets"):
        resolve({"kind": "slack", "url": "secret:other"}, secrets)
    with pytest.raises(CitraError, match="no bot token") as err:
        resolve({"kind": "telegram", "url": "", "chat_id": "5"}, {})
    assert "9:T" not in str(err.value)
