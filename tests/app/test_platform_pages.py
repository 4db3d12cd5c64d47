"""The platform dimension on every page (AppTest over a store of Instagram, X and YouTube)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from monitor.ops import settings as settings_mod
from monitor.store import open_store, queries
from monitor.store.schema import comments
from tests.app.conftest import X_POSTS, YT_CHANNEL, seed_x_page
from tests.app.test_pages import PAGES, TITLES, assert_clean, open_page, results_count, start

DAY = date(2020, 12, 7)
RANGE = {"from": "2020-12-01", "to": "2020-12-10"}


def _count(url: str, platforms: tuple[str, ...], start_day: date, end_day: date) -> int:
    store = open_store(url)
    try:
        flt = queries.CommentFilter(start=start_day, end=end_day, platforms=platforms)
        return queries.search_comments(store, flt, limit=1)[1]
    finally:
        store.dispose()


def _charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def _post_ids(at) -> list[str]:
    """The posts the post picker offers (its options read ``<id> (<platform>) · <title>``)."""
    options = at.multiselect(key="vs_posts").options
    assert all(" (X) · Informasi penyaluran" in o for o in options), options
    return sorted(o.split(" ")[0] for o in options)


def _platform_rows(at) -> list[str] | None:
    """The Morning view's per-platform table (its platform column), if shown."""
    for frame in at.dataframe:
        table = frame.value
        if "Platform" in table.columns and "Komentar" in table.columns:
            return list(table["Platform"])
    return None


@pytest.mark.parametrize("platform", ["", "x", "youtube,instagram"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_the_platforms_of_the_link(app_env, multi_db, page, platform):
    app_env(multi_db)
    at = open_page(page, {"platform": platform} if platform else None)
    assert_clean(at)
    assert at.title[0].value == TITLES[page]
    assert at.multiselect(key="vs_platforms").value == [
        p for p in ("instagram", "x", "youtube") if p in platform.split(",")
    ]
    if platform:
        assert at.query_params.get("platform") == platform.replace(
            "youtube,instagram", "instagram,youtube"
        )


# --- Morning view ------------------------------------------------------------------------------


def _headline_comments(at) -> int:
    return int(at.metric[0].value.replace(".", ""))


def test_morning_shows_each_platform_beside_the_total(app_env, multi_db):
    app_env(multi_db)
    at = start({"day": DAY.isoformat()})
    assert_clean(at)
    assert _platform_rows(at) == ["Instagram", "X", "YouTube"]
    table = next(f.value for f in at.dataframe if "Komentar" in f.value.columns)
    each = [int(cell.split(" ")[0].replace(".", "")) for cell in table["Komentar"]]
    assert sum(each) == _headline_comments(at)  # the total is the platforms' sum
    assert all("(+" in cell for cell in table["Komentar"])  # each against its own baseline
    drivers = [m.value for m in at.markdown if "Platform pendorong" in m.value]
    assert drivers and all(name in drivers[0] for name in ("Instagram", "X", "YouTube"))


def test_morning_on_one_platform_shows_its_figures_only(app_env, multi_db):
    url = app_env(multi_db)
    at = start({"day": DAY.isoformat(), "platform": "x"})
    assert_clean(at)
    assert _platform_rows(at) is None  # one platform: its figures are the headline
    assert _headline_comments(at) == _count(url, ("x",), DAY, DAY)
    assert not any("Platform pendorong" in m.value for m in at.markdown)
    at.multiselect(key="vs_platforms").set_value(["youtube"]).run()
    assert_clean(at)
    assert _headline_comments(at) == _count(url, ("youtube",), DAY, DAY)


# --- Timeline ----------------------------------------------------------------------------------


def _color_domain(spec: dict) -> list[str]:
    text = json.dumps(spec)
    return [name for name in ("Instagram", "X", "YouTube") if f'"{name}"' in text]


def test_timeline_total_stacked_or_split_by_platform_in_the_link(app_env, multi_db):
    app_env(multi_db)
    at = open_page("app_pages/view_timeline.py", RANGE)
    assert_clean(at)
    assert at.segmented_control(key="vs_by").value == "total"
    assert _color_domain(_charts(at)[0]) == []
    at.segmented_control(key="vs_by").set_value("stack").run()
    assert_clean(at)
    assert at.query_params.get("by") == "stack"
    assert _color_domain(_charts(at)[0]) == ["Instagram", "X", "YouTube"]
    at.segmented_control(key="vs_by").set_value("split").run()
    assert_clean(at)
    assert at.query_params.get("by") == "split"
    titles = [c["title"]["text"] for c in _charts(at)[0]["vconcat"]]
    assert titles == ["Instagram", "X", "YouTube"]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Unduh PNG", "Unduh SVG", "Unduh deret (CSV)"]


def test_timeline_of_one_platform_has_no_platform_view(app_env, multi_db):
    app_env(multi_db)
    at = open_page("app_pages/view_timeline.py", {**RANGE, "platform": "x", "by": "split"})
    assert_clean(at)
    assert not [w for w in at.segmented_control if w.key == "vs_by"]
    assert _color_domain(_charts(at)[0]) == []  # the one platform's total
    assert at.query_params.get("by") == "split"  # kept for when more platforms are chosen
    assert _post_ids(at) == sorted(X_POSTS)
    assert any("X" in c.value and "1 Des 2020" in c.value for c in at.caption)


# --- Comments ----------------------------------------------------------------------------------


def test_comments_of_one_platform_link_to_their_posts_there(app_env, multi_db):
    url = app_env(multi_db)
    at = open_page("app_pages/view_comments.py", {**RANGE, "platform": "x"})
    assert_clean(at)
    assert results_count(at) == _count(url, ("x",), date(2020, 12, 1), date(2020, 12, 10))
    table = at.dataframe[0].value
    assert set(table["Platform"]) == {"X"}
    assert all(link.startswith("https://x.com/kemensosri/status/13") for link in table["Tautan"])
    assert _post_ids(at) == sorted(X_POSTS)
    at.selectbox(key="comment_pick").select_index(0).run()
    assert_clean(at)
    (button,) = at.get("link_button")
    assert button.proto.url.startswith("https://x.com/kemensosri/status/13")
    assert any(c.value.startswith("X · ") for c in at.caption)


def test_comments_of_several_platforms_name_each_ones(app_env, multi_db):
    url = app_env(multi_db)
    at = open_page("app_pages/view_comments.py", {**RANGE, "platform": "youtube,instagram"})
    assert_clean(at)
    both = _count(url, ("instagram", "youtube"), date(2020, 12, 1), date(2020, 12, 10))
    assert results_count(at) == both
    table = at.dataframe[0].value
    assert set(table["Platform"]) == {"Instagram", "YouTube"}
    youtube = table[table["Platform"] == "YouTube"]
    assert all(u.startswith("https://www.youtube.com/watch?v=vid") for u in youtube["Tautan"])
    at.multiselect(key="vs_platforms").set_value([]).run()
    assert results_count(at) == _count(url, (), date(2020, 12, 1), date(2020, 12, 10))


def test_a_correction_names_the_comments_platform(app_env, multi_db):
    url = app_env(multi_db)
    at = open_page(
        "app_pages/view_comments.py", {"from": "2020-12-06", "to": "2020-12-06", "platform": "x"}
    )
    assert at.selectbox(key="comment_pick").options[0].startswith("X · ")
    at.selectbox(key="comment_pick").select_index(0).run()
    radio = at.radio(key="correct_label")
    new = next(o for o in ("positive", "neutral", "negative") if o != radio.value)
    radio.set_value(new)
    at.button(key="correct_save").click().run()
    assert_clean(at)
    store = open_store(url)
    with store.connect() as conn:
        rows = conn.execute(
            select(comments.c.platform, comments.c.comment_id).where(
                comments.c.corrected_label.is_not(None)
            )
        ).all()
    day = date(2020, 12, 6)
    first, _ = queries.search_comments(
        store, queries.CommentFilter(start=day, end=day, platforms=("x",)), limit=1
    )
    store.dispose()
    assert [tuple(r) for r in rows] == [("x", first["comment_id"].iloc[0])]


# --- Upload ------------------------------------------------------------------------------------


def test_upload_names_the_platform_of_the_format_and_of_each_import(app_env, multi_db):
    app_env(multi_db)
    at = open_page("app_pages/manage_upload.py")
    history = next(f.value for f in at.dataframe if "Berkas" in f.value.columns)
    assert list(history["Platform"]) == ["YouTube", "X", "Instagram"]  # newest first
    payload = json.dumps(seed_x_page(seed=99)).encode("utf-8")
    at.file_uploader(key="uploads").set_value(("x.json", payload, "application/json")).run()
    assert_clean(at)
    assert any("`x_api` · **X**" in m.value for m in at.markdown)


# --- Settings ----------------------------------------------------------------------------------


def test_settings_save_the_ministrys_account_on_each_platform(app_env):
    url = app_env()
    at = open_page("app_pages/manage_settings.py")
    at.text_input(key="owner_instagram").set_value("@kemensosri, 2117380913")
    at.text_input(key="owner_x").set_value("KemensosRI, 1193120412")
    at.text_input(key="owner_youtube").set_value(YT_CHANNEL)
    at.text_input(key="owner_facebook").set_value("Kementerian Sosial RI")
    at.button[0].click().run()
    assert_clean(at)
    store = open_store(url)
    saved = settings_mod.load(store)
    store.dispose()
    assert saved.account == "kemensosri"
    assert saved.owners == {
        "instagram": ["2117380913"],
        "x": ["KemensosRI", "1193120412"],
        "youtube": [YT_CHANNEL],
        "facebook": ["Kementerian Sosial RI"],
    }
    assert saved.owner("youtube").ids == frozenset({YT_CHANNEL})
    at = open_page("app_pages/manage_settings.py")  # the fields show what is stored
    assert at.text_input(key="owner_x").value == "KemensosRI, 1193120412"
    assert at.text_input(key="owner_instagram").value == "kemensosri, 2117380913"


@pytest.mark.parametrize(
    ("field", "value", "platform"),
    [
        ("owner_x", "kemensosri, kemensos_ri", "X"),  # two handles on one platform
        ("owner_instagram", "kemensosri, lainnya", "Instagram"),
        ("owner_tiktok", "x" * 161, "TikTok"),
    ],
)
def test_settings_refuse_an_account_they_cannot_use(app_env, field, value, platform):
    url = app_env()
    at = open_page("app_pages/manage_settings.py")
    at.text_input(key="owner_x").set_value("1193120412")
    at.text_input(key=field).set_value(value)
    at.button[0].click().run()
    assert not at.exception
    assert any(f"Akun {platform} tidak bisa disimpan" in e.value for e in at.error)
    store = open_store(url)
    assert settings_mod.load(store).owners == {}  # nothing saved
    store.dispose()
