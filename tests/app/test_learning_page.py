"""Settings: the learn-from-corrections cycle end to end (correct, re-fit, compare, adopt,
roll back), and that a viewer can start none of it."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from learning_helpers import correct_like_analysts, import_demo, stored_scores
from streamlit.testing.v1 import AppTest
from test_access import ANALYST_PW, OPEN_VIEWING, analyst_controls, sign_in, start
from test_pages import APP, assert_clean

from monitor.ops import learning, rescore
from monitor.ops import settings as settings_mod
from monitor.store import open_store

MIN = 40
LEARN_KEYS = {"learn_refit", "learn_adopt", "learn_discard", "learn_rollback", "learn_shipped"}


@pytest.fixture(scope="module")
def corrected_db(tmp_path_factory) -> Path:
    """The demo comments through the real import, 60 of them corrected by the analysts."""
    folder = tmp_path_factory.mktemp("learning")
    db = folder / "learning.db"
    store = open_store(f"sqlite:///{db}")
    import_demo(store, folder)
    settings_mod.save(store, replace(settings_mod.load(store), min_corrections_to_refit=MIN))
    assert correct_like_analysts(store, 60) == 60
    store.dispose()
    return db


def _settings_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.switch_page("app_pages/manage_settings.py").run()
    assert_clean(at)
    return at


def _keys(at: AppTest) -> set[str]:
    return {b.key for b in at.button} & LEARN_KEYS


def _texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _finish_rescore(url: str, at: AppTest) -> None:
    store = open_store(url)
    job = rescore.current_job(store)
    assert job is not None
    job.thread.join(timeout=120)
    assert job.error is None and job.report is not None
    store.dispose()
    at.run()
    assert_clean(at)


def test_correct_refit_compare_adopt_and_roll_back(app_env, corrected_db):
    url = app_env(corrected_db)
    store = open_store(url)
    shipped = stored_scores(store)
    store.dispose()

    at = _settings_page()
    assert "60 komentar dikoreksi; pelatihan ulang butuh 40" in _texts(at)
    assert "nilai bawaan" in _texts(at)
    assert _keys(at) == {"learn_refit"}

    at.button(key="learn_refit").click().run()  # re-fit
    assert_clean(at)
    store = open_store(url)
    (candidate,) = learning.list_versions(store)
    store.dispose()
    assert candidate.status == "candidate"
    shown = _texts(at)
    assert f"Kandidat versi {candidate.id}" in shown  # compare: before -> after, with n
    assert f"{candidate.held_out_examples} koreksi yang disisihkan" in shown
    assert f"dilatih pada {candidate.fit_examples} koreksi" in shown
    before = f"{candidate.before_macro_f1:.3f}".replace(".", ",")
    after = f"{candidate.after_macro_f1:.3f}".replace(".", ",")
    assert f"**{before}**" in shown and f"**{after}**" in shown
    assert candidate.after_macro_f1 > candidate.before_macro_f1
    assert _keys(at) == {"learn_adopt", "learn_discard"}
    assert stored_scores(open_store(url)) == shipped  # nothing changes before adopting

    at.button(key="learn_adopt").click().run()  # adopt: in force, the comments re-scored
    assert_clean(at)
    _finish_rescore(url, at)
    store = open_store(url)
    assert settings_mod.load(store).learned.digest == candidate.digest
    adopted = stored_scores(store)
    assert not rescore.needs_rescore(store)
    store.dispose()
    assert adopted != shipped
    assert f"Model yang berlaku: versi {candidate.id}" in _texts(at)
    assert _keys(at) == {"learn_refit", "learn_shipped"}  # no earlier version to go back to
    assert at.dataframe, "the version list"
    assert "berlaku" in at.dataframe[0].value.to_string()

    at.button(key="learn_shipped").click().run()  # roll back: the shipped scores again
    assert_clean(at)
    _finish_rescore(url, at)
    store = open_store(url)
    assert settings_mod.load(store).learned is None
    assert stored_scores(store) == shipped
    assert [v.status for v in learning.list_versions(store)] == ["rolled_back"]
    store.dispose()
    assert "nilai bawaan" in _texts(at)


def test_discarding_a_candidate_keeps_the_scores(app_env, corrected_db):
    url = app_env(corrected_db)
    at = _settings_page()
    at.button(key="learn_refit").click().run()
    at.button(key="learn_discard").click().run()
    assert_clean(at)
    store = open_store(url)
    assert [v.status for v in learning.list_versions(store)] == ["discarded"]
    assert settings_mod.load(store).learned is None
    store.dispose()
    assert _keys(at) == {"learn_refit"}


def test_below_the_minimum_no_refit_is_offered(app_env, corrected_db):
    url = app_env(corrected_db)
    store = open_store(url)
    settings_mod.save(store, replace(settings_mod.load(store), min_corrections_to_refit=200))
    store.dispose()
    at = _settings_page()
    assert _keys(at) == set()
    assert any("Koreksi 140 komentar lagi" in i.value for i in at.info)


def test_the_minimum_is_set_on_the_settings_form(app_env, corrected_db):
    url = app_env(corrected_db)
    at = _settings_page()
    at.number_input(key="min_corrections").set_value(75)
    at.button[0].click().run()  # the form's save
    assert_clean(at)
    store = open_store(url)
    assert settings_mod.load(store).min_corrections_to_refit == 75
    store.dispose()


@pytest.fixture
def viewer_env(corrected_db, tmp_path, monkeypatch) -> str:
    db = tmp_path / "citra.db"
    shutil.copy(corrected_db, db)
    monkeypatch.setenv("CITRA_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("CITRA_DEMO", "0")
    return f"sqlite:///{db}"


def _no_versions(url: str) -> bool:
    store = open_store(url)
    try:
        return learning.list_versions(store) == []
    finally:
        store.dispose()


@pytest.mark.parametrize(
    "params",
    [{"page": "settings", "learn_refit": "1"}, {"action": "refit", "learn_adopt": "true"}],
)
def test_a_viewer_cannot_refit_by_url(viewer_env, params):
    at = start(OPEN_VIEWING, params)
    assert_clean(at)
    assert not set(analyst_controls(at)) & LEARN_KEYS
    assert _no_versions(viewer_env)


def test_a_viewer_replaying_the_settings_page_request_gets_no_learning_control(viewer_env):
    analyst = sign_in(start(OPEN_VIEWING), ANALYST_PW)
    analyst.switch_page("app_pages/manage_settings.py").run()
    assert "learn_refit" in _keys(analyst)  # positive control
    forged = start(OPEN_VIEWING)
    forged._page_hash = analyst._page_hash
    forged.run()
    assert_clean(forged)
    assert _keys(forged) == set()
    alone = start(OPEN_VIEWING, script=str(Path(APP).parent / "app_pages/manage_settings.py"))
    assert_clean(alone)
    assert _keys(alone) == set()
    assert _no_versions(viewer_env)
