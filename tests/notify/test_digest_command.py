"""``python -m monitor digest`` against a local webhook receiver: each format's shape, no
digest or alert twice, failures that leave nothing marked as sent, hostile text escaped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.store import alert_log
from tests.notify.conftest import HOSTILE_AUTHOR, HOSTILE_TEXT, SPIKE

DAY = SPIKE.isoformat()
BASE = "https://citra.example.go.id"
DOC = (Path(__file__).resolve().parents[2] / "docs" / "digest.md").read_text(encoding="utf-8")
TOKEN = "123456:AAHsecretTOKEN"


def _digest(url: str, hook: str, *extra: str) -> int:
    return main(
        ["digest", "--db", url, "--webhook", hook, "--day", DAY, "--base-url", BASE, *extra]
    )


def _keys(value, prefix: str = "") -> set[str]:
    """Every key of a payload, nested keys as ``parent.key`` (list items under ``parent[]``)."""
    found: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            name = f"{prefix}.{k}" if prefix else k
            found.add(name)
            found |= _keys(v, name)
    elif isinstance(value, list):
        for item in value:
            found |= _keys(item, prefix + "[]")
    return found


def test_json_digest_is_the_documented_payload(spiky, receiver, capsys):
    assert _digest(spiky, receiver.url) == 0
    assert capsys.readouterr().out.strip() == (
        f"Digest of {DAY} sent to json http://127.0.0.1:{receiver.url.split(':')[2].split('/')[0]}/…"
    )
    (body,) = receiver.bodies
    assert body["version"] == 1 and body["kind"] == "digest" and body["day"] == DAY
    assert body["link"] == f"{BASE}/?day={DAY}"
    assert body["figures"]["comments"]["value"] == 70
    assert set(body["figures"]) == {
        "comments",
        "net_index",
        "negative_share",
        "complaints",
        "unanswered_complaints",
    }
    assert body["platforms"]["instagram"]["label"] == "Instagram"
    spike = next(s for s in body["spikes"] if s["metric"] == "complaints" and s["day"] == DAY)
    assert spike["key"] == f"{DAY}:complaints:all"
    assert spike["posts"][0]["post_id"] == "P1"
    assert {e["day"] for e in spike["events"]} == {"2020-12-05", "2020-12-06"}
    assert spike["top_comments"][0]["comment_id"] == "hostile1"
    units = [w["unit"] for w in body["waiting"]]
    assert "Ditjen Penanganan Fakir Miskin" in units
    waiting = body["waiting"][0]["oldest"]
    assert waiting == sorted(waiting, key=lambda c: -c["waiting_hours"])
    # every key the payload has is documented in docs/digest.md (names in backticks)
    documented = set(re.findall(r"`([\w\[\].]+)`", DOC))
    missing = sorted(k for k in _keys(body) if k.split(".")[-1].rstrip("[]") not in documented)
    assert missing == []


def test_slack_digest_is_block_kit(spiky, receiver):
    assert _digest(spiky, receiver.url, "--format", "slack") == 0
    (body,) = receiver.bodies
    assert isinstance(body["text"], str) and body["text"].startswith("Ringkasan pagi Citra")
    header, *rest = body["blocks"]
    assert header == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Ringkasan pagi Citra: 7 Des 2020"},
    }
    sections = [b for b in rest if b["type"] == "section"]
    assert sections and all(b["text"]["type"] == "mrkdwn" for b in sections)
    assert all(len(b["text"]["text"]) <= 3000 for b in sections)
    assert "*Komentar:* 70 (rata-rata 29,5, +137,0%)" in sections[0]["text"]["text"]
    (button,) = rest[-1]["elements"]
    assert button["url"] == f"{BASE}/?day={DAY}"


def test_teams_digest_is_an_adaptive_card(spiky, receiver):
    assert _digest(spiky, receiver.url, "--format", "teams") == 0
    (body,) = receiver.bodies
    assert body["type"] == "message"
    (attachment,) = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert card["body"][0]["type"] == "TextBlock"
    assert card["body"][0]["text"] == "Ringkasan pagi Citra: 7 Des 2020"
    assert {b["type"] for b in card["body"][1:]} == {"RichTextBlock"}
    assert card["actions"] == [
        {"type": "Action.OpenUrl", "title": "Buka ringkasan pagi", "url": f"{BASE}/?day={DAY}"}
    ]


def test_telegram_digest_is_a_send_message_body(spiky, receiver):
    hook = receiver.url.split("/services")[0] + f"/bot{TOKEN}/sendMessage"
    assert _digest(spiky, hook, "--format", "telegram", "--chat-id", "-1001234") == 0
    ((path, body),) = receiver.requests
    assert path == f"/bot{TOKEN}/sendMessage"
    assert set(body) == {"chat_id", "text", "parse_mode", "disable_web_page_preview"}
    assert body["chat_id"] == "-1001234" and body["parse_mode"] == "HTML"
    assert len(body["text"]) <= 4096
    assert body["text"].startswith("<b>Ringkasan pagi Citra: 7 Des 2020</b>")
    assert body["text"].endswith(f'<a href="{BASE}/?day={DAY}">Buka ringkasan pagi</a>')


def test_telegram_needs_a_chat_id(spiky, receiver, capsys):
    assert _digest(spiky, receiver.url, "--format", "telegram") == 1
    assert "--chat-id" in capsys.readouterr().err
    assert receiver.bodies == []


def test_a_digest_is_sent_once_per_day_and_destination(spiky, store, receiver, capsys):
    assert _digest(spiky, receiver.url) == 0
    assert _digest(spiky, receiver.url) == 0
    assert "already sent" in capsys.readouterr().out
    assert len(receiver.bodies) == 1
    assert _digest(spiky, receiver.url, "--format", "slack") == 0  # another destination
    assert len(receiver.bodies) == 2
    assert _digest(spiky, receiver.url, "--force") == 0
    assert len(receiver.bodies) == 3
    log = alert_log.read_log(store)
    assert log["kind"].tolist() == ["digest"] * 3
    assert log["forced"].astype(bool).tolist() == [True, False, False]
    assert not log["destination_label"].str.contains("sekret").any()


@pytest.mark.parametrize("status", [500, 404, 302])
def test_a_non_2xx_answer_fails_and_nothing_is_marked_sent(spiky, store, receiver, capsys, status):
    receiver.status = status
    hook = receiver.url.split("/services")[0] + f"/bot{TOKEN}/sendMessage"
    assert _digest(spiky, hook, "--format", "telegram", "--chat-id", "7") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("Error: delivery to telegram http://127.0.0.1:")
    assert f"HTTP {status}" in err
    assert TOKEN not in err and "AAH" not in err
    assert alert_log.read_log(store).empty
    receiver.status = 200
    assert _digest(spiky, hook, "--format", "telegram", "--chat-id", "7") == 0  # tried again
    assert len(receiver.bodies) == 2


def test_an_unreachable_webhook_fails_in_one_line(spiky, store, closed_port, capsys):
    hook = f"http://127.0.0.1:{closed_port}/services/T0/B0/sekret"
    assert _digest(spiky, hook, "--format", "slack", "--timeout", "2") == 1
    err = capsys.readouterr().err
    assert (
        err == f"Error: delivery to slack http://127.0.0.1:{closed_port}/… failed: cannot connect\n"
    )
    assert alert_log.read_log(store).empty


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "give --webhook URL"),
        (["--webhook", "ftp://x/y"], "--webhook: expected an http(s) URL"),
        (["--webhook", "http://h/x", "--chat-id", "1"], "--chat-id is for --format telegram"),
        (["--webhook", "http://h/x", "--spikes-only", "--day", DAY], "--day is for the digest"),
        (["--smtp-host", "h"], "--smtp-host needs --smtp-from and --smtp-to"),
    ],
)
def test_impossible_combinations_are_refused_first(sqlite_store_url, capsys, argv, message):
    assert main(["digest", "--db", sqlite_store_url, *argv]) == 1
    assert message in capsys.readouterr().err


def _texts(fmt: str, body: dict) -> list[str]:
    """Where each format carries text a tool would interpret."""
    if fmt == "slack":
        return [body["text"]] + [b["text"]["text"] for b in body["blocks"] if "text" in b]
    if fmt == "telegram":
        return [body["text"]]
    card = body["attachments"][0]["content"]
    return [b["text"] for b in card["body"] if b["type"] == "TextBlock"]


@pytest.mark.parametrize("fmt", ["slack", "teams", "telegram"])
def test_hostile_comment_text_is_escaped_for_each_format(spiky, receiver, fmt):
    extra = ["--chat-id", "7"] if fmt == "telegram" else []
    assert _digest(spiky, receiver.url, "--format", fmt, *extra) == 0
    (body,) = receiver.bodies
    texts = "\n".join(_texts(fmt, body))
    for raw in ("<script>", "<@channel>", "<!here>", "<b>orang"):
        assert raw not in texts
    if fmt != "telegram":  # HTML mode has no Markdown: stars and underscores are only text
        for raw in ("*bold*", "_miring_", "`kode`"):
            assert raw not in texts
    if fmt == "slack":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in texts
        assert "&amp; " in texts and " & " not in texts
        assert "\u2217bold\u2217" in texts  # a look-alike star: shown, never bold
    if fmt == "telegram":
        assert "&lt;script&gt;alert(1)&lt;/script&gt; *bold* &lt;@channel&gt;" in texts
        assert "&amp;" in texts
    if fmt == "teams":
        runs = [
            r["text"]
            for b in body["attachments"][0]["content"]["body"]
            if b["type"] == "RichTextBlock"
            for r in b["inlines"]
        ]
        assert HOSTILE_TEXT in runs and HOSTILE_AUTHOR in runs  # literal text runs only


def test_json_keeps_the_text_as_data(spiky, receiver):
    """JSON is data, not markup: the receiver gets the stored text and escapes it itself."""
    assert _digest(spiky, receiver.url) == 0
    spike = receiver.bodies[0]["spikes"][0]
    assert spike["top_comments"][0]["text"] == HOSTILE_TEXT


def test_spikes_only_sends_each_new_spike_once(spiky, store, receiver, capsys):
    argv = ["digest", "--db", spiky, "--webhook", receiver.url, "--spikes-only", "--days", "7"]
    assert main([*argv, "--format", "slack"]) == 0
    first = len(receiver.bodies)
    assert first >= 3
    assert capsys.readouterr().out.startswith(f"{first} spike alert(s) sent to slack")
    assert main([*argv, "--format", "slack"]) == 0
    assert len(receiver.bodies) == first
    assert capsys.readouterr().out.startswith("0 spike alert(s) sent to slack http://127.0.0.1:")
    assert main([*argv, "--format", "slack", "--force"]) == 0
    assert len(receiver.bodies) == 2 * first
    assert all(b["blocks"][0]["type"] == "header" for b in receiver.bodies)


def test_help_has_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["digest", "--help"])
    assert "example: python -m monitor digest" in capsys.readouterr().out


def test_payload_is_valid_json_everywhere(spiky, receiver):
    """A body round-trips as JSON (no NaN): strict parsers accept it."""
    for fmt in ("json", "slack", "teams"):
        assert _digest(spiky, receiver.url, "--format", fmt) == 0
    for body in receiver.bodies:
        json.dumps(body, allow_nan=False)
