"""Complaint routing on the pages: the units on the Settings page, "why" on the Comments page."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from monitor.ops import settings as settings_mod
from monitor.store import open_store, queries
from tests.app.test_pages import assert_clean, open_page

UNITS = (
    "Direktorat Bansos: bantuan_belum_cair, data_penerima\n"
    "Inspektorat Jenderal: pungli_penipuan\n"
    "Biro Humas: layanan_lain, bencana, disabilitas_rehabilitasi"
)


def _stored_units(url: str) -> list[dict]:
    store = open_store(url)
    try:
        return settings_mod.load(store).units
    finally:
        store.dispose()


def test_settings_show_the_default_units_and_save_new_ones(app_env):
    url = app_env()
    at = open_page("app_pages/manage_settings.py")
    field = at.text_area(key="units_text")
    assert "Ditjen Penanganan Fakir Miskin: bantuan_belum_cair" in field.value
    assert "Pusat Data dan Informasi Kesejahteraan Sosial: data_penerima" in field.value
    field.set_value(UNITS)
    at.button(key="units_save").click().run()
    assert_clean(at)
    assert _stored_units(url)[0] == {
        "name": "Direktorat Bansos",
        "categories": ["bantuan_belum_cair", "data_penerima"],
    }
    at = open_page("app_pages/manage_settings.py")  # the field shows what is stored
    assert at.text_area(key="units_text").value == UNITS


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Biro Humas: layanan_lain", "no unit receives"),
        (UNITS + "\n: bencana", "the name is empty"),
        (UNITS + "\nbiro humas: bencana", "is already unit 3"),
        (UNITS.replace("layanan_lain, ", "luar_kewenangan, layanan_lain, "), "referral"),
    ],
)
def test_settings_refuse_units_they_cannot_use(app_env, text, message):
    url = app_env()
    at = open_page("app_pages/manage_settings.py")
    at.text_area(key="units_text").set_value(text)
    at.button(key="units_save").click().run()
    assert not at.exception
    assert any("Unit tidak dapat disimpan" in e.value and message in e.value for e in at.error)
    assert _stored_units(url) == settings_mod.default_units()  # nothing saved


DAY = date(2020, 12, 6)  # the seed's burst: complaints among other comments
PARAMS = {"from": DAY.isoformat(), "to": DAY.isoformat()}


def _pick(url: str, text_has: str) -> str:
    """The picker's key of the first comment of the page (50 shown) holding ``text_has``."""
    store = open_store(url)
    try:
        frame, _ = queries.search_comments(
            store, queries.CommentFilter(start=DAY, end=DAY), limit=50
        )
    finally:
        store.dispose()
    rows = frame[frame["text"].str.contains(text_has, regex=False)]
    return f"instagram:{rows['comment_id'].iloc[0]}"


def test_comments_page_says_why_a_complaint_goes_to_its_unit(app_env, seeded_db):
    url = app_env(seeded_db)
    at = open_page("app_pages/view_comments.py", PARAMS)
    at.selectbox(key="comment_pick").set_value(_pick(url, "tidak cair")).run()
    assert_clean(at)
    captions = " ".join(c.value for c in at.caption)
    assert "Bantuan belum diterima/terlambat" in captions
    assert "Unit penerima: Ditjen Penanganan Fakir Miskin" in captions
    assert "Bukti kategori:" in captions and "bpnt" in captions
    store = open_store(url)
    current = settings_mod.load(store)
    settings_mod.save(store, replace(current, units=settings_mod.parse_units(UNITS)))
    store.dispose()
    at = open_page("app_pages/view_comments.py", PARAMS)
    at.selectbox(key="comment_pick").set_value(_pick(url, "tidak cair")).run()
    assert "Unit penerima: Direktorat Bansos" in " ".join(c.value for c in at.caption)
    at.selectbox(key="comment_pick").set_value(_pick(url, "memalukan")).run()
    assert_clean(at)
    assert not any("Unit penerima" in c.value for c in at.caption)  # no complaint, no why
