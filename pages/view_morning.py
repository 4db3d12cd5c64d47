"""Morning view: yesterday against its baseline, recent spikes and who is still waiting."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import streamlit as st

from monitor import metrics
from monitor.fmt import fmt_date, fmt_int, fmt_number, fmt_pct
from monitor.timeutil import JAKARTA
from pages import _charts as charts
from pages import _shared as ui

BASELINE_DAYS = 28
SPIKE_DAYS = 7
WAIT_WINDOW_DAYS = 30


def _delta(value: float | None, digits: int = 0, suffix: str = "") -> str | None:
    """A change for st.metric (ASCII sign, so the arrow points the right way)."""
    if value is None or pd.isna(value):
        return None
    if round(abs(value), digits) == 0:
        value = 0.0
    sign = "+" if value > 0 else "-" if value < 0 else ""
    return f"{sign}{fmt_number(abs(value), ui.lang(), digits)}{suffix} {ui.t('vs_baseline')}"


def headline(series: pd.DataFrame, as_of: date, lang: str) -> None:
    """Five figures for the day with their change against the previous weeks' average."""
    figures = metrics.compare_day(series, as_of, BASELINE_DAYS)
    spec = (
        # key, label, value format, change scale, change digits, suffix, colour, help
        ("comments", "m_comments", "int", 1, 0, "", "normal", None),
        ("net_index", "m_net", "index", 100, 0, "", "normal", "m_net_help"),
        ("negative_share", "m_negshare", "pct", 100, 1, " pp", "inverse", None),
        ("complaints", "m_complaints", "int", 1, 0, "", "inverse", None),
        ("unanswered_complaints", "m_unanswered", "int", 1, 0, "", "inverse", None),
    )
    cols = st.columns(len(spec))
    for col, (key, label, kind, scale, digits, suffix, colour, help_key) in zip(
        cols, spec, strict=True
    ):
        fig = figures.get(key, {})
        value = fig.get("value")
        change = fig.get("change")
        if value is None:
            shown = "–"
        elif kind == "pct":
            shown = fmt_pct(value, lang)
        elif kind == "index":
            shown = fmt_number(value * 100, lang, 0)
        else:
            shown = fmt_int(value, lang)
        col.metric(
            ui.t(label),
            shown,
            _delta(None if change is None else change * scale, digits, suffix),
            delta_color=colour,
            help=ui.t(help_key) if help_key else None,
            border=True,
        )


def spikes_section(as_of: date, lang: str) -> None:
    st.subheader(ui.t("spikes_title"))
    found = ui.spikes(as_of - timedelta(days=SPIKE_DAYS - 1), as_of)
    if not found:
        st.success(ui.t("no_spikes"), icon=":material/check_circle:")
        return
    for spike in found[:6]:
        what = {
            "negative": ui.t("negative"),
            "complaints": ui.t("complaints"),
            "net_index": ui.t("m_net"),
        }.get(spike.metric, spike.metric)
        title = ui.t("spike_on", metric=what.lower(), day=fmt_date(spike.day, lang))
        with st.container(border=True):
            head, link = st.columns([5, 1])
            head.markdown(f"**:red[▲] {title}**")
            head.caption(
                ui.t(
                    "spike_value",
                    value=fmt_number(spike.observed, lang, 0 if spike.metric != "net_index" else 2),
                    baseline=fmt_number(
                        spike.expected, lang, 0 if spike.metric != "net_index" else 2
                    ),
                )
            )
            if link.button(ui.t("open_timeline"), key=f"spike_{spike.day}_{spike.metric}"):
                ui.set_view(start=spike.day - timedelta(days=21), end=spike.day + timedelta(days=7))
                st.switch_page("pages/view_timeline.py")
            cause, drivers = st.columns([1, 1])
            with cause:
                st.markdown(f"**{ui.t('likely_cause')}**")
                news = pd.DataFrame(spike.events or [])
                if news.empty:
                    st.caption(ui.t("no_news"))
                else:
                    st.dataframe(
                        ui.event_table(news),
                        hide_index=True,
                        width="stretch",
                        column_config=ui.event_columns(),
                    )
            with drivers:
                st.markdown(f"**{ui.t('driving_posts')}**")
                posts = pd.DataFrame(spike.posts or [])
                if not posts.empty:
                    posts = posts.rename(
                        columns={
                            "post_id": ui.t("post"),
                            "count": what,
                            "comments": ui.t("comments"),
                        }
                    )
                    st.dataframe(
                        posts[[ui.t("post"), what, ui.t("comments")]],
                        hide_index=True,
                        width="stretch",
                    )
            top = pd.DataFrame(spike.top_comments or [])
            if not top.empty:
                st.markdown(f"**{ui.t('top_comments')}**")
                top["label"] = top["label"].map(lambda v: ui.t(v) if v else "")
                top = top.rename(
                    columns={
                        "author": ui.t("author"),
                        "text": ui.t("text"),
                        "like_count": ui.t("likes"),
                        "label": ui.t("label"),
                    }
                )
                st.dataframe(
                    top[[ui.t("author"), ui.t("text"), ui.t("likes"), ui.t("label")]],
                    hide_index=True,
                    width="stretch",
                )


def waiting_section(as_of: date, lang: str) -> None:
    st.subheader(ui.t("waiting_title"))
    frame = ui.waiting(as_of, as_of - timedelta(days=WAIT_WINDOW_DAYS))
    if frame.empty:
        st.success(ui.t("waiting_none"), icon=":material/check_circle:")
        return
    # Waiting time counted to the end of the summarised day (or now, if that is earlier).
    end_of_day = datetime.combine(as_of + timedelta(days=1), datetime.min.time(), JAKARTA)
    now = datetime.now(JAKARTA)
    ref = pd.Timestamp(min(end_of_day, now)).tz_convert("UTC").tz_localize(None)
    frame = frame.copy()
    frame["hours"] = (ref - pd.to_datetime(frame["created_at_utc"])).dt.total_seconds() / 3600
    frame["unit"] = frame["complaint_category"].map(lambda c: ui.unit_name(c))
    order = frame.groupby("unit")["hours"].max().sort_values(ascending=False).index
    cols = st.columns(2)
    for i, unit in enumerate(order[:6]):
        part = frame[frame["unit"] == unit].sort_values("hours", ascending=False).head(5)
        with cols[i % 2].container(border=True):
            st.markdown(f"**{unit}** · {fmt_int(int((frame['unit'] == unit).sum()), lang)}")
            shown = pd.DataFrame(
                {
                    ui.t("when"): part["hours"].map(lambda h: ui.waiting_text(h)),
                    ui.t("text"): part["text"].astype(str),
                    ui.t("post"): part["post_id"].astype(str),
                }
            )
            st.dataframe(shown, hide_index=True, width="stretch")


def main() -> None:
    lang = ui.lang()
    st.title(ui.t("morning_title"))
    lo, hi = ui.bounds()
    if lo is None:
        ui.empty_notice()
        return
    yesterday = metrics.jakarta_today() - timedelta(days=1)
    default_day = min(yesterday, hi)
    as_of = ui.view().day or default_day
    as_of = min(max(as_of, lo), hi)
    top_left, top_right = st.columns([3, 1])
    with top_right:
        picked = ui.bound(
            "day",
            st.date_input,
            ui.t("morning_day"),
            min_value=lo,
            max_value=hi,
            format="DD/MM/YYYY",
            to_widget=lambda v: v or as_of,
            from_widget=lambda v: None if v in (None, default_day) else v,
        )
        as_of = picked or as_of
    with top_left:
        st.caption(ui.t("morning_caption", day=fmt_date(as_of, lang), days=BASELINE_DAYS))
        if hi < yesterday and ui.view().day is None:
            st.caption(ui.t("morning_stale", day=fmt_date(hi, lang)))

    series = ui.series(as_of - timedelta(days=BASELINE_DAYS), as_of)
    headline(series, as_of, lang)

    left, right = st.columns([3, 2], gap="large")
    with left:
        spikes_section(as_of, lang)
    with right:
        st.subheader(ui.t("last30_title"))
        last30 = series.tail(30)
        events = ui.events_between(as_of - timedelta(days=29), as_of)
        st.altair_chart(
            charts.finish(charts.small_overview(last30, events, lang), lang), width="stretch"
        )
    waiting_section(as_of, lang)


with ui.guarded():
    main()
