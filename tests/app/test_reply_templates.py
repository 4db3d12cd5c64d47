"""Reply templates on the pages: edited on the Settings page by analysts only, refused with a
clear message when a placeholder is unknown, and offered filled on the Complaints page."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_complaints_page import ANALYST_PW, APP, PAGE, ROLES, assert_clean, open_page, queue

from monitor.ops import reply_templates as rt
from monitor.ops import settings as settings_mod
from monitor.ops.replies import reply_text
from monitor.store import open_store

SETTINGS_PAGE = "app_pages/manage_settings.py"


def stored(url: str) -> settings_mod.Settings:
    store = open_store(url)
    try:
        return settings_mod.load(store)
    finally:
        store.dispose()


def reply_shown(at) -> str:
    """The reply box of the page (the sidebar's share link is a code box too)."""
    (box,) = at.main.code
    return box.value


def test_the_complaints_page_offers_each_complaints_filled_reply(app_env, seeded_db):
    url = app_env(seeded_db)
    at = open_page()
    assert_clean(at)
    rows = queue(url).to_dict("records")
    shown = reply_shown(at)
    assert shown == reply_text(rows[0], settings_mod.Settings())  # the oldest first
    assert "{" not in shown and "Command Center Kemensos 171" in shown
    other = rows[-1]
    at.selectbox(key="cq_reply_pick").set_value(f"{other['platform']}:{other['comment_id']}").run()
    assert reply_shown(at) == reply_text(other, settings_mod.Settings())


def test_an_analyst_edits_a_template_and_the_queue_replies_with_it(app_env, seeded_db):
    url = app_env(seeded_db)
    first = queue(url).iloc[0]
    at = open_page()
    at.switch_page(SETTINGS_PAGE).run()
    assert (
        at.text_area(key=f"reply_tpl_{first['category']}").value
        == (rt.DEFAULT_TEMPLATES[first["category"]])
    )
    at.text_area(key=f"reply_tpl_{first['category']}").set_value("Halo {handle}, cek {channel}.")
    at.text_input(key="reply_channel").set_value("WA 0800")
    at.button(key="replies_save").click().run()
    assert_clean(at)
    assert stored(url).reply_templates[first["category"]] == "Halo {handle}, cek {channel}."
    at.switch_page(PAGE).run()
    assert reply_shown(at).endswith(", cek WA 0800.")


def test_an_unknown_placeholder_is_refused_and_nothing_is_saved(app_env):
    url = app_env()
    at = open_page()
    at.switch_page(SETTINGS_PAGE).run()
    at.text_area(key="reply_tpl_bencana").set_value("Halo {nama}, kami bantu.")
    at.text_input(key="reply_hotline").set_value("Call Center 171")
    at.button(key="replies_save").click().run()
    assert not at.exception
    assert any(
        "Templat tidak dapat disimpan" in e.value and "unknown placeholder" in e.value
        and "nama" in e.value
        for e in at.error
    )  # fmt: skip
    assert stored(url) == settings_mod.Settings()  # not even the valid hotline


def test_a_viewer_cannot_change_a_template_by_any_route(app_env, seeded_db):
    url = app_env(seeded_db)
    at = open_page(secrets=ROLES)
    assert_clean(at)
    assert reply_shown(at)  # viewers see and copy the replies
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(SETTINGS_PAGE)  # the Settings page is not in a viewer's menu
    for name, value in (("reply_tpl_bencana", "Halo {handle}"), ("replies_save", True)):
        at.session_state[name] = value  # a replayed widget event
    at.query_params["reply_tpl_bencana"] = "Halo {handle}"
    at.run()
    assert not at.exception
    alone = AppTest.from_file(str(Path(APP).parent / SETTINGS_PAGE), default_timeout=60)
    for key, value in ROLES.items():
        alone.secrets[key] = value
    alone.session_state["reply_tpl_bencana"] = "Halo {handle}"
    alone.session_state["replies_save"] = True
    alone.run()  # the page run on its own, outside the app's menu
    assert not alone.exception
    assert not [w for w in alone.text_area if (w.key or "").startswith("reply_tpl_")]
    assert stored(url) == settings_mod.Settings()


def test_an_analyst_sees_the_template_form_after_signing_in(app_env, seeded_db):
    """Positive control for the viewer test: signed in, the same checks find the form."""
    app_env(seeded_db)
    at = open_page(secrets=ROLES)
    at.text_input(key="citra_analyst_login_password").input(ANALYST_PW)
    at.button(key="citra_analyst_login_submit").click().run()
    at.switch_page(SETTINGS_PAGE).run()
    assert [w for w in at.text_area if (w.key or "").startswith("reply_tpl_")]
    assert [b for b in at.button if b.key == "replies_save"]
