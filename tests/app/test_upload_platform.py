"""The Upload page's column mapping names the platform of a mapped sheet's comments."""

from __future__ import annotations

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from monitor.store import comments as comment_store
from monitor.store import open_store
from monitor.store.schema import imports
from tests.app.test_pages import assert_clean, open_page

SHEET = (
    b"tanggal,komentar,akun,tautan\n"
    b"06/12/2020 12:10,Bansos belum cair,warga_bdg,https://x.com/a/status/1335420000000000001\n"
)


def _upload(at: AppTest) -> AppTest:
    return at.file_uploader(key="uploads").set_value(("laporan.csv", SHEET, "text/csv")).run()


def _platform_box(at: AppTest):
    return next(
        s for s in at.selectbox if s.key and s.key.startswith("map_") and "_platform_" in s.key
    )


def test_mapped_sheet_is_imported_for_the_chosen_platform(app_env):
    import json

    url = app_env()
    at = _upload(open_page("app_pages/manage_upload.py"))
    assert_clean(at)
    box = _platform_box(at)
    assert box.value == "instagram"  # the default
    box.set_value("x").run()
    assert_clean(at)
    at.button(key="import_button").click().run()
    assert_clean(at)
    store = open_store(url)
    with store.connect() as conn:
        details = json.loads(conn.execute(select(imports.c.details)).scalar_one())
    store.dispose()
    assert details["options"]["mapping"]["platform"] == "x"


def test_a_saved_mapping_brings_its_platform_back(app_env):
    url = app_env()
    store = open_store(url)
    mapping = {"text": "komentar", "time": "tanggal", "author": "akun", "platform": "tiktok"}
    comment_store.save_mapping(store, "tim-humas-tiktok", mapping)
    store.dispose()
    at = _upload(open_page("app_pages/manage_upload.py"))
    at.selectbox(key=next(s.key for s in at.selectbox if s.key.startswith("mapsaved_"))).set_value(
        "tim-humas-tiktok"
    ).run()
    assert_clean(at)
    assert _platform_box(at).value == "tiktok"
