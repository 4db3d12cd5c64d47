"""``alert_new_spikes`` (what a pull calls), the digest by e-mail, and a pseudonymised store."""

from __future__ import annotations

import email
import json
from email import policy

from monitor.cli import main
from monitor.ingest import pipeline
from monitor.notify import alerts
from monitor.notify.deliver import Destination
from monitor.ops import settings as settings_mod
from monitor.store import alert_log
from tests.conftest import FIXTURES
from tests.notify.conftest import HOSTILE_TEXT, SPIKE


def test_each_destination_gets_each_new_spike_once(spiky, store, receiver):
    slack = Destination("slack", receiver.url + "/slack")
    plain = Destination("json", receiver.url + "/json")
    first = alerts.alert_new_spikes(store, [slack, plain], base_url="https://c.example", days=7)
    assert first.ok and first.skipped == []
    keys = {k for _, k in first.sent}
    assert f"{SPIKE.isoformat()}:negative:all" in keys
    assert len(first.sent) == 2 * len(keys) == len(receiver.bodies)
    by_path = {}
    for path, body in receiver.requests:
        by_path.setdefault(path.rsplit("/", 1)[-1], []).append(body)
    assert {b["kind"] for b in by_path["json"]} == {"spike"}
    assert {b["version"] for b in by_path["json"]} == {1}
    assert {b["spike"]["key"] for b in by_path["json"]} == keys
    assert all(
        b["spike"]["link"] == f"https://c.example/?day={b['spike']['day']}" for b in by_path["json"]
    )
    assert all(b["blocks"][0]["type"] == "header" for b in by_path["slack"])
    again = alerts.alert_new_spikes(store, [slack, plain], base_url="", days=7)
    assert again.sent == [] and len(again.skipped) == len(first.sent)
    assert len(receiver.bodies) == len(first.sent)
    forced = alerts.alert_new_spikes(store, [plain], base_url="", days=7, force=True)
    assert len(forced.sent) == len(keys)


def test_a_failing_destination_does_not_stop_the_others(spiky, store, receiver, closed_port):
    dead = Destination("teams", f"http://127.0.0.1:{closed_port}/webhookb2/sekret")
    good = Destination("teams", receiver.url)
    report = alerts.alert_new_spikes(store, [dead, good], days=7)
    assert not report.ok
    ((label, _, error),) = report.failed  # the dead one stops at its first spike
    assert label == f"teams http://127.0.0.1:{closed_port}/…" and "sekret" not in error
    assert report.sent and all(lbl == good.label for lbl, _ in report.sent)
    assert alert_log.sent_keys(store, dead.key, "spike", [k for _, k in report.sent]) == set()


def test_a_500_marks_nothing_sent(spiky, store, receiver):
    receiver.status = 500
    dest = Destination("json", receiver.url)
    report = alerts.alert_new_spikes(store, [dest], days=7)
    assert report.sent == [] and "HTTP 500" in report.failed[0][2]
    assert alert_log.read_log(store).empty


def test_alerts_follow_the_settings(spiky, store, receiver):
    assert alerts.alert_from_settings(store).sent == []  # off by default: nothing sent
    settings_mod.save(
        store,
        settings_mod.Settings(
            alerts_enabled=True,
            public_base_url="https://citra.example.go.id",
            alert_destinations=[
                {"kind": "slack", "url": "secret:humas"},
                {"kind": "telegram", "url": "", "chat_id": "-100"},
            ],
        ),
    )
    hook = receiver.url.split("/services")[0]
    secrets = {"notify": {"humas": hook + "/slack"}}
    report = alerts.alert_from_settings(store, secrets=secrets)
    assert report.sent and all(lbl.startswith("slack http://127.0.0.1:") for lbl, _ in report.sent)
    ((kind, _, error),) = report.failed  # telegram: no token configured
    assert kind == "telegram" and "no bot token" in error


def test_the_digest_by_email_is_plain_text_and_html(spiky, store, smtp_server, capsys):
    argv = ["digest", "--db", spiky, "--day", SPIKE.isoformat(), "--smtp-host", smtp_server.host]
    argv += ["--smtp-port", str(smtp_server.port), "--smtp-from", "citra@kemensos.example"]
    argv += ["--smtp-to", "humas@kemensos.example,data@kemensos.example"]
    assert main(argv) == 0
    assert "sent to e-mail smtp://127.0.0.1:" in capsys.readouterr().out
    ((sender, rcpts),) = smtp_server.envelopes
    assert sender == "citra@kemensos.example"
    assert rcpts == ["humas@kemensos.example", "data@kemensos.example"]
    message = email.message_from_bytes(smtp_server.messages[0], policy=policy.default)
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"].startswith("Ringkasan pagi Citra: 7 Des 2020")
    text = message.get_body(("plain",)).get_content()
    page = message.get_body(("html",)).get_content()
    assert "Komentar: 70 (rata-rata 29,5, +137,0%)" in text
    assert HOSTILE_TEXT in text  # plain text interprets nothing
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert main(argv) == 0  # once per day and recipients
    assert "already sent" in capsys.readouterr().out and len(smtp_server.messages) == 1


def test_an_unreachable_smtp_server_fails_in_one_line(spiky, store, closed_port, capsys):
    argv = ["digest", "--db", spiky, "--smtp-host", "127.0.0.1", "--smtp-port", str(closed_port)]
    assert main([*argv, "--smtp-from", "a@b.example", "--smtp-to", "c@d.example"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: delivery to e-mail smtp://127.0.0.1:") and err.count("\n") == 1
    assert alert_log.read_log(store).empty


def test_a_pseudonymised_store_shows_no_handle(store, store_url, receiver, monkeypatch, tmp_path):
    monkeypatch.setenv("CITRA_PSEUDONYM_KEY", "test-key")
    settings_mod.save(store, settings_mod.Settings(pseudonymise_authors=True))
    items = json.loads((FIXTURES / "apify.json").read_text(encoding="utf-8"))
    # the complaint not yet answered (so it waits in the digest), naming another commenter
    items[0].update(replies=[], repliesCount=0, text=items[0]["text"] + " @budi_99 @rina.w")
    export = tmp_path / "apify.json"
    export.write_text(json.dumps(items), encoding="utf-8")
    pipeline.import_file(store, export)
    handles = {"warga_bdg", "ibu_sari", "andi.k", "budi_99", "rina.w"}
    with store.connect() as conn:
        from sqlalchemy import text

        days = sorted({str(d) for (d,) in conn.execute(text("SELECT DISTINCT day FROM comments"))})
    for day in days:
        for fmt in ("json", "slack", "teams"):
            argv = ["digest", "--db", store_url, "--webhook", receiver.url, "--day", day]
            assert main([*argv, "--format", fmt]) == 0
    sent = json.dumps(receiver.bodies, ensure_ascii=False)
    assert "u_" in sent  # the waiting complaints' authors, as stored
    assert not [h for h in handles if h in sent]
