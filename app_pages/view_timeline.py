"""Timeline: daily sentiment and complaints against the news, with spikes and an event study.

On the platforms the sidebar selects; with more than one holding data, ``by`` (in the link)
shows them as one total, stacked by platform, or split into one small chart per platform
(``metrics.daily_series_by_platform``). The emotion view (``metric=emotion``) stacks the
day's comments per emotion (``metrics.daily_emotions``) over the platforms together. The chart download is the chart on screen, the CSV its
figures (with a ``platform`` column when shown by platform).
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from app_pages import _charts as charts
from app_pages import _data as data
from app_pages import _urlstate as urlstate
from app_pages import _widgets as ui
from monitor.analysis.metrics import EMOTION_SERIES_COLUMNS
from monitor.core.platforms import label as platform_label
from monitor.ui.fmt import fmt_date, fmt_int, fmt_number, fmt_pct, fmt_range
from monitor.ui.viewstate import BY_PLATFORM, METRICS

DEFAULT_DAYS = 120
STUDY_DAYS = 7


def _spike_frame(found: list, lang: str, platform: str | None = None) -> pd.DataFrame:
    """Spike days as (day, what jumped) for the chart: of the platforms together, or
    (``platform``) of that platform's own series."""
    names = {
        "negative": ui.t("negative"),
        "complaints": ui.t("complaints"),
        "net_index": ui.t("m_net"),
    }
    rows = [
        {"day": s.day, "what": names.get(s.metric, s.metric)}
        for s in found
        if s.platform == platform
    ]
    frame = pd.DataFrame(rows, columns=["day", "what"])
    if frame.empty:
        return frame
    return frame.groupby("day", as_index=False)["what"].agg(lambda v: ", ".join(sorted(set(v))))


def coordination_text(info: dict, lang: str) -> str:
    """ "62 % from one copy-paste campaign of 70 accounts" for a day of
    ``reports.coordination_by_day`` (empty when the day had no campaign)."""
    if not info.get("campaigns"):
        return ""
    key = "anatomy_campaign_one" if info["campaigns"] == 1 else "anatomy_campaign_many"
    return ui.t(
        key,
        share=fmt_pct(info["coordination_share"], lang, 0),
        accounts=fmt_int(info["accounts"], lang),
        campaigns=fmt_int(info["campaigns"], lang),
    )


def with_coordination(spikes: pd.DataFrame, by_day: dict, lang: str) -> pd.DataFrame:
    """The chart's spike marks with the day's copy-paste share in their tooltip."""
    if spikes.empty:
        return spikes
    out = spikes.copy()
    marks = []
    for day, what in zip(out["day"], out["what"], strict=True):
        info = by_day.get(day) or {}
        share = info.get("coordination_share")
        extra = ui.t("anatomy_timeline_mark", share=fmt_pct(share, lang, 0))
        marks.append(f"{what} · {extra}" if info.get("campaigns") else what)
    out["what"] = marks
    return out


def coordination_section(by_day: dict, lang: str) -> None:
    """Under the chart: each spike day that had a copy-paste campaign, in one line."""
    lines = [
        ui.t("anatomy_day_line", day=fmt_date(day, lang), line=coordination_text(info, lang))
        for day, info in sorted(by_day.items(), reverse=True)
        if info.get("campaigns")
    ]
    if lines:
        st.markdown(f"**{ui.t('anatomy_timeline_title')}**")
        # figures and interface words only (no comment data): nothing to escape
        st.markdown("\n".join(f"- {line}" for line in lines))


def _with_emotions(
    series: pd.DataFrame, start, end, posts: tuple, platforms: tuple
) -> pd.DataFrame:
    """The series with the day's comments per emotion (``emotion_<code>`` columns), and a
    note of what the emotion view leaves out."""
    counts = data.emotions(start, end, posts, platforms=platforms)
    named = counts.rename(columns={c: charts.EMOTION_PREFIX + c for c in EMOTION_SERIES_COLUMNS})
    note = ui.t("emotion_chart_note")
    unscored = int(series["comments"].sum() - named[charts.EMOTION_PREFIX + "none"].sum())
    unscored -= int(named[[charts.EMOTION_PREFIX + c for c in charts.EMOTION_COLORS]].sum().sum())
    if unscored > 0:
        note += " " + ui.t("emotion_unscored_note", n=fmt_number(unscored, urlstate.lang()))
    st.caption(note)
    return series.merge(named, on="day", how="left").fillna(
        {c: 0 for c in named.columns if c != "day"}
    )


def _to_image(spec: dict, kind: str) -> bytes:
    import vl_convert as vlc

    if kind == "png":
        return vlc.vegalite_to_png(spec, scale=2)
    return vlc.vegalite_to_svg(spec).encode("utf-8")


def event_study(
    events: pd.DataFrame, lang: str, posts: tuple[str, ...], platforms: tuple[str, ...]
) -> None:
    """Before/after an event: the days around it, and the change in the main figures."""
    st.subheader(ui.t("event_study"))
    if events.empty:
        st.caption(ui.t("events_empty"))
        return
    events = ui.event_titles(events).sort_values("day")
    day = ui.chosen_event_day(events, ui.t("choose_event"), lang)
    if day is None:
        return
    frame = data.series(
        day - timedelta(days=STUDY_DAYS),
        day + timedelta(days=STUDY_DAYS),
        posts,
        platforms=platforms,
    )
    frame = frame.copy()
    frame["rel"] = (pd.to_datetime(frame["day"]) - pd.Timestamp(day)).dt.days
    studies = data.event_studies(day, STUDY_DAYS, posts, platforms=platforms)
    st.caption(ui.t("event_window", days=STUDY_DAYS) + " · " + ui.t("study_note"))
    spec = (
        # metric, label, scale, digits, suffix, colour
        ("comments", "study_comments", 1, 1, "", "normal"),
        ("net_index", "m_net", 100, 0, "", "normal"),
        ("negative_share", "m_negshare", 100, 1, " pp", "inverse"),
        ("complaints", "study_complaints", 1, 1, "", "inverse"),
    )
    units = {"negative_share": "%"}
    cols = st.columns(len(spec))
    for col, (metric, label, scale, digits, suffix, colour) in zip(cols, spec, strict=True):
        res = studies.get(metric)
        if res is None or res.after_mean is None:
            col.metric(ui.t(label), "–", border=True)
            continue
        delta = None
        if res.difference is not None:
            d = res.difference * scale
            delta = f"{'+' if d >= 0 else '-'}{fmt_number(abs(d), lang, digits)}{suffix}"
            if res.significant:
                delta += " *"
        col.metric(
            ui.t(label),
            fmt_number(res.after_mean * scale, lang, digits) + units.get(metric, ""),
            delta,
            delta_color=colour,
            help=ui.t(
                "study_help",
                before=fmt_number(
                    None if res.before_mean is None else res.before_mean * scale, lang, digits
                ),
                low=fmt_number(None if res.ci_low is None else res.ci_low * scale, lang, digits),
                high=fmt_number(None if res.ci_high is None else res.ci_high * scale, lang, digits),
            ),
            border=True,
        )
    st.altair_chart(charts.finish(charts.event_study(frame, lang), lang), width="stretch")


def main() -> None:
    lang = urlstate.lang()
    st.title(ui.t("timeline_title"))
    lo, hi = data.bounds()
    if lo is None:
        ui.empty_notice()
        return
    chosen = urlstate.view().platforms
    shown = data.series_platforms(chosen)
    c1, c2, c3 = st.columns([2.1, 2.3, 3.6])
    with c1:
        start, end = urlstate.date_range(
            ui.t("date_range"), max(lo, hi - timedelta(days=DEFAULT_DAYS)), hi, lo, hi
        )
    with c2:
        post_ids, post_names = ui.post_options(data.posts(chosen))
        posts = urlstate.bound(
            "posts",
            st.multiselect,
            ui.t("posts"),
            options=post_ids,
            format_func=lambda p: post_names.get(p, p),
            placeholder=ui.t("all_posts"),
            to_widget=lambda v: [p for p in v if p in post_ids],
            from_widget=lambda v: tuple(v),
        )
    with c3:
        urlstate.bound(
            "metric",
            st.segmented_control,
            ui.t("metric"),
            options=list(METRICS),
            format_func=lambda m: ui.t(f"metric_{m}"),
            from_widget=lambda v: v if v in METRICS else urlstate.KEEP,
        )
        if len(shown) > 1 and urlstate.view().metric != "emotion":
            urlstate.bound(
                "by",
                st.segmented_control,
                ui.t("by_platform"),
                options=list(BY_PLATFORM),
                format_func=lambda b: ui.t(f"by_{b}"),
                help=ui.t("by_platform_help"),
                from_widget=lambda v: v if v in BY_PLATFORM else urlstate.KEEP,
            )
    metric = urlstate.view().metric
    # the emotion view is of the platforms together (its link keeps ``by`` for the other views)
    by = urlstate.view().by if len(shown) > 1 and metric != "emotion" else "total"
    posts_key = tuple(posts or ())
    series = data.series(start, end, posts_key, platforms=chosen)
    if series["comments"].sum() == 0:
        st.info(ui.t("no_data_range"))
    if metric == "emotion":
        series = _with_emotions(series, start, end, posts_key, chosen)
    events = ui.event_titles(data.event_list(start, end))
    found = data.spikes(start, end, drivers=False, link_events=False, platforms=chosen)
    by_day = data.coordination(
        tuple(sorted({s.day for s in found if s.platform is None})), platforms=chosen
    )
    spikes = with_coordination(_spike_frame(found, lang), by_day, lang)
    long = None
    if by != "total":
        long = data.series_by_platform(start, end, posts_key, platforms=chosen)
    caption = f"{fmt_range(start, end, lang)} · {' + '.join(map(platform_label, shown))}"
    st.caption(caption + (f" · {ui.t('brush_hint')}" if by != "split" else ""))

    def chart(interactive: bool):
        if by == "stack":
            return charts.stacked_by_platform(
                long, series, events, spikes, metric, lang, platform_label, interactive=interactive
            )
        if by == "split":
            own = {p: _spike_frame(found, lang, p) for p in shown}
            active = [p for p, part in long.groupby("platform") if part["comments"].sum() > 0]
            if len(active) == 1:  # spikes are judged per platform only when several comment
                own[active[0]] = spikes
            return charts.platform_panels(long, events, own, metric, lang, platform_label)
        return charts.timeline(series, events, spikes, metric, lang, interactive=interactive)

    # Streamlit gives each stacked panel the full width and the y axes come on top of it; a
    # slightly narrower column keeps the panels inside the page.
    holder, _ = st.columns([15, 1])
    holder.altair_chart(charts.finish(chart(True), lang), width="stretch")
    coordination_section(by_day, lang)

    export = charts.finish(
        chart(False).properties(title=f"Citra · {fmt_range(start, end, lang)}"), lang
    )
    spec = export.to_dict()
    name = f"citra_{start.isoformat()}_{end.isoformat()}"
    if by != "total":
        name += f"_{by}"
    d1, d2, d3, _ = st.columns([1, 1, 1.4, 3])
    d1.download_button(
        ui.t("download_png"),
        lambda: _to_image(spec, "png"),
        file_name=f"{name}.png",
        mime="image/png",
        icon=":material/image:",
    )
    d2.download_button(
        ui.t("download_svg"),
        lambda: _to_image(spec, "svg"),
        file_name=f"{name}.svg",
        mime="image/svg+xml",
        icon=":material/draw:",
    )
    csv = (series if long is None else long).to_csv(index=False).encode("utf-8-sig")
    d3.download_button(
        ui.t("download_series"),
        csv,
        file_name=f"{name}.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    st.divider()
    event_study(data.event_list(), lang, posts_key, chosen)


ui.require_shell()
with ui.guarded():
    main()
