"""Morning view: yesterday against its baseline, recent spikes and who is still waiting.

On the platforms the sidebar selects (all by default): the headline figures are theirs
together; beside them each platform holding data has its own row of the same figures
(``reports.morning_summary(...)["platforms"]``); a spike says which platforms drove it
(``Spike.platforms`` shares) and which platform's own series flagged it (``Spike.platform``),
and its anatomy (``Spike.anatomy``): the share from copy-paste campaigns, the heavy commenters
(as stored: pseudonyms when pseudonymisation is on), the rising themes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import streamlit as st

from app_pages import _charts as charts
from app_pages import _data as data
from app_pages import _urlstate as urlstate
from app_pages import _widgets as ui
from monitor.analysis import metrics
from monitor.analysis.spikes import Spike
from monitor.core.platforms import label as platform_label
from monitor.core.timeutil import JAKARTA, UTC
from monitor.ops import settings as settings_mod
from monitor.ui.fmt import fmt_date, fmt_datetime, fmt_int, fmt_number, fmt_pct
from monitor.ui.safe_text import md_text, plain_text

SPIKE_DAYS = 7
WAIT_WINDOW_DAYS = 30


def _delta(value: float | None, digits: int = 0, suffix: str = "") -> str | None:
    """A change for st.metric (ASCII sign, so the arrow points the right way)."""
    if value is None or pd.isna(value):
        return None
    if round(abs(value), digits) == 0:
        value = 0.0
    sign = "+" if value > 0 else "-" if value < 0 else "±"
    return f"{sign}{fmt_number(abs(value), urlstate.lang(), digits)}{suffix}"


def _trend(series: pd.DataFrame, key: str) -> list[float]:
    """The figure over the baseline weeks, drawn small under the number."""
    if key == "unanswered_complaints":
        values = series["complaints"] - series["complaints_answered"]
    elif key in ("net_index", "negative_share"):
        values = series[key] * 100
    else:
        values = series[key]
    return [float(v) if pd.notna(v) else 0.0 for v in values]


# The headline figures: key, label, value format, change scale, change digits, suffix, colour, help
HEADLINE = (
    ("comments", "m_comments", "int", 1, 0, "", "normal", None),
    ("net_index", "m_net", "index", 100, 0, "", "normal", "m_net_help"),
    ("negative_share", "m_negshare", "pct", 100, 1, " pp", "inverse", None),
    ("complaints", "m_complaints", "int", 1, 0, "", "inverse", None),
    ("unanswered_complaints", "m_unanswered", "int", 1, 0, "", "inverse", None),
)


def _shown(value: float | None, kind: str, lang: str) -> str:
    if value is None or pd.isna(value):
        return "–"
    if kind == "pct":
        return fmt_pct(value, lang)
    if kind == "index":
        return fmt_number(value * 100, lang, 0)
    return fmt_int(value, lang)


def headline(series: pd.DataFrame, as_of: date, lang: str) -> None:
    """Five figures for the day with their change against the previous weeks' average."""
    figures = metrics.compare_day(series, as_of)
    cols = st.columns(len(HEADLINE))
    for col, (key, label, kind, scale, digits, suffix, colour, help_key) in zip(
        cols, HEADLINE, strict=True
    ):
        fig = figures.get(key, {})
        value = fig.get("value")
        change = fig.get("change")
        shown = _shown(value, kind, lang)
        delta = _delta(None if change is None else change * scale, digits, suffix)
        flat = delta is not None and delta.startswith("±")
        col.metric(
            ui.t(label),
            shown,
            delta,
            delta_color="off" if flat else colour,
            delta_arrow="off" if flat else "auto",
            delta_description=ui.t("vs_baseline") if delta else None,
            help=ui.t(help_key) if help_key else None,
            border=True,
            chart_data=_trend(series, key),
            chart_type="bar" if kind == "int" else "line",
        )


def platform_table(summary: dict, lang: str) -> None:
    """The same figures for each platform holding data, one compact row each (the change
    against that platform's own baseline in brackets); nothing when one platform is shown."""
    each = summary.get("platforms") or {}
    if len(each) < 2:
        return
    rows = []
    for platform, part in each.items():
        figures = part["figures"]
        row = {ui.t("platform"): platform_label(platform)}
        for key, label, kind, scale, digits, suffix, _, _ in HEADLINE:
            fig = figures.get(key, {})
            text = _shown(fig.get("value"), kind, lang)
            change = fig.get("change")
            delta = _delta(None if change is None else change * scale, digits, suffix)
            row[ui.t(label)] = f"{text} ({delta})" if delta and text != "–" else text
        rows.append(row)
    st.caption(ui.t("per_platform_caption"))
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="morning_platforms")


def driver_line(spike, lang: str) -> str:
    """Which platforms drove a spike: each one's share of the day's excess, largest first."""
    parts = [p for p in spike.platforms if p.get("share") is not None and p["excess"] > 0]
    if len(spike.platforms) < 2 or not parts or spike.platform is not None:
        return ""  # one platform shown, or the day of one platform's own series
    return ", ".join(
        f"{platform_label(p['platform'])} {fmt_pct(p['share'], lang, 0)}"
        for p in sorted(parts, key=lambda p: -p["share"])
    )


MAX_SPIKE_DAYS = 3


def _metric_name(metric: str) -> str:
    return {
        "negative": ui.t("negative"),
        "complaints": ui.t("complaints"),
        "net_index": ui.t("m_net"),
    }.get(metric, metric)


def _spike_value(spike, lang: str) -> str:
    digits = 2 if spike.metric == "net_index" else 0
    return ui.t(
        "spike_value_named",
        metric=_metric_name(spike.metric),
        value=fmt_number(spike.observed, lang, digits),
        baseline=fmt_number(spike.expected, lang, digits),
    )


def _own_spikes(own: list, lang: str) -> str:
    """The platforms whose own series flagged the day, with what jumped there."""
    by_platform: dict[str, list[str]] = {}
    for s in own:
        by_platform.setdefault(s.platform, []).append(_metric_name(s.metric).lower())
    return "; ".join(
        f"{platform_label(p)}: {', '.join(dict.fromkeys(names))}"
        for p, names in by_platform.items()
    )


def spike_card(day: date, group: list, lang: str) -> None:
    """One flagged day: which figures jumped, on which platforms, the news around it, the posts
    and comments."""
    overall = [s for s in group if s.platform is None]
    own = [s for s in group if s.platform is not None]
    shown = overall or own
    lead = max(shown, key=lambda s: s.severity)
    names = ", ".join(dict.fromkeys(_metric_name(s.metric).lower() for s in shown))
    if not overall:  # only a platform's own series jumped
        names = _own_spikes(own, lang)
    with st.container(border=True):
        head, link = st.columns([4, 1.3], vertical_alignment="center")
        head.markdown(f"**:red[▲] {ui.t('spike_day', day=fmt_date(day, lang), metrics=names)}**")
        head.caption(" · ".join(_spike_value(s, lang) for s in overall or own[:3]))
        if lead.emotion:  # one emotion clearly leads the day's emotional comments
            feeling = ui.t("spike_emotion", emotion=ui.emotion_name(lead.emotion))
            head.markdown(f"**{ui.t('emotion')}:** {feeling}")
        drivers = driver_line(lead, lang)
        if drivers:
            head.markdown(f":material/hub: **{ui.t('spike_drivers')}** {drivers}")
        if overall and own:
            head.caption(ui.t("spike_own", platforms=_own_spikes(own, lang)))
        if lead.anatomy:
            line = coordination_line(lead.anatomy, lang)
            if lead.anatomy.get("coordinated"):
                head.warning(line, icon=":material/content_copy:")
            elif lead.anatomy.get("campaigns"):
                head.markdown(f"**{line}**")
            else:
                head.caption(line)
            heavy = heavy_line(lead.anatomy, lang)
            if heavy:
                head.markdown(heavy)
        if link.button(
            ui.t("nav_timeline"),
            key=f"spike_{day}",
            icon=":material/open_in_new:",
            help=ui.t("open_timeline"),
            width="stretch",
        ):
            urlstate.set_view(start=day - timedelta(days=21), end=day + timedelta(days=7))
            st.switch_page("app_pages/view_timeline.py")
        st.markdown(f"**{ui.t('likely_cause')}**")
        news = pd.DataFrame(lead.events or [])
        if news.empty:
            st.caption(ui.t("no_news"))
        else:
            st.dataframe(
                ui.event_table(news),
                hide_index=True,
                width="stretch",
                column_config=ui.event_columns(),
            )
        if lead.anatomy:
            anatomy_tables(lead.anatomy, lang)
        posts_col, top_col = st.columns([1, 2])
        with posts_col:
            st.markdown(f"**{ui.t('driving_posts')}**")
            posts = pd.DataFrame(lead.posts or [])
            if not posts.empty:
                st.dataframe(
                    pd.DataFrame(
                        {
                            ui.t("platform"): _platform_names(posts),
                            ui.t("post"): posts["post_id"].astype(str).map(plain_text),
                            _metric_name(lead.metric): posts["count"],
                        }
                    ),
                    hide_index=True,
                    width="stretch",
                )
        with top_col:
            st.markdown(f"**{ui.t('top_comments')}**")
            top = pd.DataFrame(lead.top_comments or [])
            if not top.empty:
                st.dataframe(
                    pd.DataFrame(
                        {
                            ui.t("platform"): _platform_names(top),
                            ui.t("text"): top["text"].astype(str),
                            ui.t("likes"): top["like_count"],
                        }
                    ),
                    hide_index=True,
                    width="stretch",
                    column_config={ui.t("text"): st.column_config.TextColumn(width="large")},
                )


def coordination_line(anatomy: dict, lang: str) -> str:
    """ "62 % from one copy-paste campaign of 70 accounts", or that there is none (plain text:
    figures only, no data)."""
    found = anatomy.get("campaigns") or []
    if not found:
        return ui.t(
            "anatomy_organic",
            comments=fmt_int(anatomy.get("comments", 0), lang),
            accounts=fmt_int(anatomy.get("authors", {}).get("accounts", 0), lang),
        )
    values = {
        "share": fmt_pct(anatomy.get("coordination_share"), lang, 0),
        "accounts": fmt_int(sum(c["accounts"] for c in found), lang),
        "campaigns": fmt_int(len(found), lang),
    }
    return ui.t("anatomy_campaign_one" if len(found) == 1 else "anatomy_campaign_many", **values)


def heavy_line(anatomy: dict, lang: str, shown: int = 3) -> str:
    """The heavy commenters of the day, most active first (Markdown; empty when none)."""
    heavy = anatomy.get("authors", {}).get("heavy") or []
    if not heavy:
        return ""
    names = ", ".join(
        ui.t("anatomy_heavy_item", author=md_text(h["author"], 40), comments=h["comments"])
        for h in heavy[:shown]
    )
    return f"**{ui.t('anatomy_heavy')}** {names}"


def _local_time(iso: str, lang: str) -> str:
    moment = datetime.fromisoformat(iso).replace(tzinfo=UTC).astimezone(JAKARTA)
    return fmt_datetime(moment, lang)


def anatomy_tables(anatomy: dict, lang: str) -> None:
    """The rising themes and the copy-paste campaigns of a spike day, as tables."""
    themes = anatomy.get("themes") or []
    if themes:
        st.markdown(f"**{ui.t('anatomy_themes')}**")
        st.dataframe(
            pd.DataFrame(
                {
                    ui.t("anatomy_theme"): [plain_text(" · ".join(t["terms"])) for t in themes],
                    ui.t("comments"): [t["comments"] for t in themes],
                    ui.t("anatomy_usual"): [t["baseline_per_day"] for t in themes],
                    ui.t("anatomy_times"): [t["ratio"] for t in themes],
                    ui.t("anatomy_example"): [plain_text(t["example"], 300) for t in themes],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    found = anatomy.get("campaigns") or []
    if found:
        st.markdown(f"**{ui.t('anatomy_campaigns')}**")
        st.dataframe(
            pd.DataFrame(
                {
                    ui.t("text"): [plain_text(c["text"], 300) for c in found],
                    ui.t("comments"): [c["comments"] for c in found],
                    ui.t("anatomy_accounts"): [c["accounts"] for c in found],
                    ui.t("anatomy_first"): [_local_time(c["first"], lang) for c in found],
                    ui.t("anatomy_last"): [_local_time(c["last"], lang) for c in found],
                }
            ),
            hide_index=True,
            width="stretch",
            column_config={ui.t("text"): st.column_config.TextColumn(width="large")},
        )


def issue_line(theme: dict, lang: str) -> str:
    """ "bst belum cair — 340 komentar, 5× biasanya" (plain text: the label is stems)."""
    values = {
        "label": plain_text(theme["label"], 80),
        "comments": fmt_int(theme["comments"], lang),
        "ratio": fmt_number(theme["ratio"], lang, 1) if theme["ratio"] is not None else "",
    }
    return ui.t("issues_line" if theme["ratio"] is not None else "issues_line_new", **values)


def issues_section(as_of: date, platforms: tuple[str, ...], lang: str) -> None:
    """ "Main issues this week": the themes of the last 7 days' negative comments and
    complaints against the 28 days before (``reports.period_themes``)."""
    st.subheader(ui.t("issues_title"))
    week = data.week_themes(as_of, platforms=platforms)
    st.caption(
        ui.t(
            "issues_caption",
            start=fmt_date(date.fromisoformat(week["start"]), lang),
            end=fmt_date(date.fromisoformat(week["end"]), lang),
        )
    )
    themes = week["themes"]
    if not themes:
        st.info(ui.t("issues_none"))
        return
    for theme in themes:
        st.markdown(f"- **{md_text(issue_line(theme, lang), 160)}**")
    st.dataframe(
        pd.DataFrame(
            {
                ui.t("anatomy_theme"): [plain_text(" · ".join(t["terms"])) for t in themes],
                ui.t("comments"): [t["comments"] for t in themes],
                ui.t("anatomy_per_day"): [t["per_day"] for t in themes],
                ui.t("anatomy_usual"): [t["baseline_per_day"] for t in themes],
                ui.t("anatomy_times"): [t["ratio"] for t in themes],
                ui.t("anatomy_example"): [plain_text(t["example"], 300) for t in themes],
            }
        ),
        hide_index=True,
        width="stretch",
        key="issues_table",
    )


def _platform_names(frame: pd.DataFrame) -> pd.Series:
    codes = frame["platform"] if "platform" in frame else pd.Series("", index=frame.index)
    return codes.astype(str).map(platform_label)


def _spike(found: dict) -> Spike:
    """A spike of the morning summary (as its JSON-ready dict) as a ``Spike`` again."""
    fields = {k: v for k, v in found.items() if k in Spike.__dataclass_fields__}
    return Spike(**{**fields, "day": date.fromisoformat(found["day"])})


def spikes_section(summary: dict, lang: str) -> None:
    st.subheader(ui.t("spikes_title"))
    found = [_spike(s) for s in summary.get("spikes", [])]
    if not found:
        st.success(ui.t("no_spikes"), icon=":material/check_circle:")
        return
    by_day: dict[date, list] = {}
    for spike in found:
        by_day.setdefault(spike.day, []).append(spike)
    days = sorted(by_day, reverse=True)
    for day in days[:MAX_SPIKE_DAYS]:
        spike_card(day, by_day[day], lang)
    if len(days) > MAX_SPIKE_DAYS:
        st.caption(
            ui.t(
                "more_spike_days",
                days=", ".join(fmt_date(d, lang) for d in days[MAX_SPIKE_DAYS:]),
            )
        )


def overdue_flag(count: int, lang: str) -> None:
    """How many open complaints wait longer than the reply target (the morning summary's
    ``overdue_complaints``), with a button that opens the Complaints page filtered to them
    (``overdue=1`` in its link)."""
    if not count:
        return
    hours = settings_mod.load(data.get_store()).reply_target_hours
    with st.container(border=True):
        text, link = st.columns([3, 1.3], vertical_alignment="center")
        text.warning(
            ui.t("sla_overdue", n=fmt_int(count, lang), hours=hours), icon=":material/schedule:"
        )
        if link.button(
            ui.t("nav_complaints"),
            key="overdue_link",
            icon=":material/open_in_new:",
            help=ui.t("sla_overdue_open"),
            width="stretch",
        ):
            urlstate.set_view(overdue=True, statuses=(), units=(), start=None, end=None)
            st.switch_page("app_pages/view_complaints.py")


def waiting_section(as_of: date, overdue: int, lang: str) -> None:
    st.subheader(ui.t("waiting_title"))
    overdue_flag(overdue, lang)
    frame = data.waiting(as_of, as_of - timedelta(days=WAIT_WINDOW_DAYS), urlstate.view().platforms)
    if frame.empty:
        st.success(ui.t("waiting_none"), icon=":material/check_circle:")
        return
    # Waiting time counted to the end of the summarised day (or now, if that is earlier).
    frame = frame.rename(columns={"waiting_hours": "hours"})
    frame["unit"] = frame["complaint_category"].map(lambda c: ui.unit_name(c))
    order = frame.groupby("unit")["hours"].max().sort_values(ascending=False).index
    st.caption(ui.t("waiting_caption", days=WAIT_WINDOW_DAYS))
    for unit in order[:6]:
        part = frame[frame["unit"] == unit].sort_values("hours", ascending=False).head(3)
        with st.container(border=True):
            st.markdown(
                f"**{md_text(unit)}** · "
                f"{ui.t('waiting_count', n=fmt_int(int((frame['unit'] == unit).sum()), lang))}"
            )
            shown = pd.DataFrame(
                {
                    ui.t("waiting"): part["hours"].map(lambda h: ui.waiting_text(h)),
                    ui.t("platform"): part["platform"].astype(str).map(platform_label),
                    ui.t("text"): part["text"].astype(str),
                }
            )
            st.dataframe(
                shown,
                hide_index=True,
                width="stretch",
                column_config={ui.t("text"): st.column_config.TextColumn(width="large")},
            )


def main() -> None:
    lang = urlstate.lang()
    st.title(ui.t("morning_title"))
    lo, hi = data.bounds()
    if lo is None:
        ui.empty_notice()
        return
    chosen = urlstate.view().platforms
    yesterday = metrics.jakarta_today() - timedelta(days=1)
    default_day = min(yesterday, data.last_active_day(hi, chosen))
    as_of = urlstate.view().day or default_day
    as_of = min(max(as_of, lo), hi)
    top_left, top_right = st.columns([3, 1])
    with top_right:
        picked = urlstate.bound(
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
        st.caption(ui.t("morning_caption", day=fmt_date(as_of, lang), days=metrics.BASELINE_DAYS))
        if hi < yesterday and urlstate.view().day is None:
            st.caption(ui.t("morning_stale", day=fmt_date(default_day, lang)))

    series = data.series(as_of - timedelta(days=metrics.BASELINE_DAYS), as_of, platforms=chosen)
    headline(series, as_of, lang)
    # The morning summary of the same day: each platform's figures and the last week's spikes
    # (of the chosen platforms together and of each platform's own series).
    summary = data.morning(as_of + timedelta(days=1), SPIKE_DAYS, platforms=chosen)
    platform_table(summary, lang)

    st.subheader(ui.t("last30_title"))
    last30 = series.tail(30)
    events = ui.event_titles(data.event_list(as_of - timedelta(days=29), as_of))
    st.altair_chart(
        charts.finish(charts.small_overview(last30, events, lang), lang), width="stretch"
    )
    left, right = st.columns([3, 2], gap="large")
    with left:
        spikes_section(summary, lang)
    with right:
        waiting_section(as_of, int(summary.get("overdue_complaints") or 0), lang)
    issues_section(as_of, chosen, lang)


ui.require_shell()
with ui.guarded():
    main()
