"""Settings: after the lexicon file changes, the stored comments can be re-scored from the page."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from streamlit.testing.v1 import AppTest
from test_pages import APP, assert_clean

from monitor.ops import rescore
from monitor.ops import settings as settings_mod
from monitor.store import open_store
from monitor.store.schema import comments

MANTAP = "Mantap, bantuan sudah kami terima"


def _labels(url: str) -> set[str]:
    store = open_store(url)
    with store.connect() as conn:
        labels = conn.execute(
            select(comments.c.sentiment_label).where(comments.c.text == MANTAP)
        ).scalars()
        out = set(labels)
    store.dispose()
    return out


def _settings_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("app_pages/manage_settings.py").run()
    return at


def test_a_changed_lexicon_offers_rescoring_and_it_runs(app_env, seeded_db, tmp_path):
    url = app_env(seeded_db)
    at = _settings_page()
    assert_clean(at)
    assert not any(b.key == "rescore" for b in at.button)  # scores match: nothing offered
    assert _labels(url) == {"positive"}

    lexicon = tmp_path / "lexicon.tsv"
    lexicon.write_text("mantap\t-4\nterima\t-4\n", encoding="utf-8")
    at.text_input(key="lexicon_path").set_value(str(lexicon))  # the lexicon field, then save
    at.button[0].click().run()
    assert_clean(at)
    store = open_store(url)
    assert settings_mod.load(store).lexicon_path == str(lexicon)
    store.dispose()

    at.button(key="rescore").click().run()
    assert_clean(at)
    shown = [s.value for s in at.success]  # done already, or a progress bar
    store = open_store(url)
    job = rescore.current_job(store)
    job.thread.join(timeout=120)
    assert job.error is None and job.report.changed > 0
    at.run()
    assert_clean(at)
    shown += [s.value for s in at.success]
    assert any("dinilai ulang" in s for s in shown), shown
    assert _labels(url) == {"negative"}
    assert not rescore.needs_rescore(store)
    store.dispose()
    at.run()
    assert not any(b.key == "rescore" for b in at.button)


def test_an_unreadable_lexicon_file_is_not_saved(app_env, tmp_path):
    url = app_env()
    at = _settings_page()
    at.text_input(key="lexicon_path").set_value(str(tmp_path / "missing.tsv"))
    at.button[0].click().run()
    assert any("cannot be read" in e.value for e in at.error)
    store = open_store(url)
    assert settings_mod.load(store) == replace(settings_mod.Settings())
    store.dispose()


def test_a_running_rescoring_shows_its_progress(app_env, seeded_db, tmp_path, monkeypatch):
    import threading

    url = app_env(seeded_db)
    release = threading.Event()

    def slow(store, settings=None, *, progress=None, **_):
        progress(300, 600)
        release.wait(60)
        return rescore.RescoreReport(scored=600, changed=0, days=0)

    monkeypatch.setattr(rescore, "rescore_comments", slow)
    store = open_store(url)
    job = rescore.start_rescore(store)
    try:
        at = _settings_page()
        assert_clean(at)
        bars = at.get("progress")
        assert bars and "300" in str(bars[0].proto.text), bars
        assert not any(b.key == "rescore" for b in at.button)  # no second run offered
    finally:
        release.set()
        job.thread.join(timeout=60)
        store.dispose()
