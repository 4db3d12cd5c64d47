"""News events: the timeline of what happened, which the charts and spike explanations use."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from app_pages import _data as data
from app_pages import _urlstate as urlstate
from app_pages import _widgets as ui
from monitor.analysis import events, news
from monitor.ui.fmt import fmt_date, fmt_int
from monitor.ui.safe_text import plain_text


def table(frame: pd.DataFrame, lang: str) -> None:
    if frame.empty:
        st.caption(ui.t("events_empty"))
        return
    frame = ui.event_titles(frame).sort_values("day", ascending=False)
    shown = pd.DataFrame(
        {
            "#": frame["id"].astype(int),
            "day": pd.to_datetime(frame["day"]).dt.date.map(lambda d: fmt_date(d, lang)),
            "title": frame["title"].astype(str),
            "category": frame["category"].astype(str).map(ui.event_category_name),
            "origin": frame["origin"].astype(str).map(lambda o: ui.t(f"origin_{o}")),
            "source_url": frame["source_url"].fillna("").astype(str),
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(shown), 460),
        column_config={
            **ui.event_columns(),
            "category": st.column_config.TextColumn(ui.t("event_category"), width="small"),
            "origin": st.column_config.TextColumn(ui.t("event_origin"), width="small"),
        },
    )


def event_form(existing: dict | None, key: str) -> dict | None:
    """Fields of one event; returns the values when the form is submitted."""
    existing = existing or {}
    with st.form(key, border=True, clear_on_submit=existing == {}):
        c1, c2 = st.columns([1, 1])
        day = c1.date_input(
            ui.t("day"),
            value=pd.Timestamp(existing.get("day") or date.today()).date(),
            format="DD/MM/YYYY",
        )
        cat_value = existing.get("category") or "other"
        cats = list(dict.fromkeys([*events.CATEGORIES, cat_value]))
        category = c2.selectbox(
            ui.t("event_category"),
            cats,
            index=cats.index(cat_value),
            format_func=ui.event_category_name,
        )
        title_id = st.text_input(
            ui.t("event_title_id"), value=existing.get("title_id") or "", max_chars=300
        )
        title_en = st.text_input(
            ui.t("event_title_en"), value=existing.get("title_en") or "", max_chars=300
        )
        url = st.text_input(
            ui.t("event_url"), value=existing.get("source_url") or "", max_chars=1000
        )
        submitted = st.form_submit_button(ui.t("save"), type="primary")
    if not submitted or not title_id.strip():
        return None
    return {
        "day": day,
        "title_id": title_id.strip(),
        "title_en": title_en.strip(),
        "category": category,
        "source_url": url.strip(),
    }


def editor(frame: pd.DataFrame, lang: str) -> None:
    store = data.get_store()
    add, edit, news = st.tabs([ui.t("add_event"), ui.t("edit_event"), ui.t("import_news")])
    with add:
        values = event_form(None, "event_add")
        if values and ui.require_analyst():
            events.add_event(store, **values)
            ui.flash(ui.t("event_added"))
            st.rerun()
    with edit:
        if frame.empty:
            st.caption(ui.t("events_empty"))
        else:
            titled = ui.event_titles(frame).sort_values("day", ascending=False)
            names = {
                int(
                    r.id
                ): f"{fmt_date(pd.Timestamp(r.day).date(), lang)} · {plain_text(r.title, 120)}"
                for r in titled.itertuples()
            }
            pick = st.selectbox(
                ui.t("choose_event"), list(names), format_func=names.get, key="event_edit_pick"
            )
            if pick is not None:
                row = frame[frame["id"].astype(int) == pick].iloc[0].to_dict()
                values = event_form(row, f"event_edit_{pick}")
                if values and ui.require_analyst():
                    events.edit_event(store, pick, **values)
                    ui.flash(ui.t("event_saved"))
                    st.rerun()
                if (
                    st.button(
                        ui.t("delete_event"), key=f"event_delete_{pick}", icon=":material/delete:"
                    )
                    and ui.require_analyst()
                ):
                    events.delete_event(store, pick)
                    if urlstate.view().event == pick:
                        urlstate.set_view(event=None)
                    ui.flash(ui.t("event_deleted"))
                    st.rerun()
    with news:
        news_import()


def news_import() -> None:
    """Pull dated articles from GDELT or an RSS/Atom feed into the timeline (as 'news')."""
    source = st.segmented_control(
        ui.t("news_source"), ["GDELT", "RSS"], default="GDELT", key="news_source"
    )
    store = data.get_store()
    lang = urlstate.lang()
    result = None
    if source == "RSS":
        url = st.text_input(ui.t("rss_url"), key="rss_url", placeholder="https://…/rss")
        if st.button(ui.t("fetch"), key="rss_fetch", disabled=not url) and ui.require_analyst():
            result = news.import_feed(store, url.strip())
    else:
        lo, hi = data.bounds()
        today = date.today()
        query = st.text_input(ui.t("news_query"), value="kemensos bansos", key="gdelt_query")
        span = st.date_input(
            ui.t("news_range"),
            value=(lo or today, hi or today),
            format="DD/MM/YYYY",
            key="gdelt_range",
        )
        ready = bool(query.strip()) and isinstance(span, tuple | list) and len(span) == 2
        if st.button(ui.t("fetch"), key="gdelt_fetch", disabled=not ready) and ui.require_analyst():
            result = news.import_gdelt(store, query.strip(), span[0], span[1])
    if result is not None:
        ui.flash(
            ui.t(
                "fetched_detail",
                n=fmt_int(int(result.get("new", 0)), lang),
                existing=fmt_int(int(result.get("existing", 0)), lang),
            )
        )
        st.rerun()


def main() -> None:
    lang = urlstate.lang()
    st.title(ui.t("events_title"))
    st.caption(ui.t("events_caption"))
    frame = data.event_list()
    table(frame, lang)
    if ui.can_edit():
        editor(frame, lang)


ui.require_shell()
with ui.guarded():
    main()
