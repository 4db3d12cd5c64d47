"""Content (Konten): which posts and content types are received well.

Posts ranked by reception (``analysis.content``: net index, negative share, complaints answered,
engagement) with filters bound to the link (``platform`` in the sidebar, ``ctype``, ``from``/
``to`` over the publishing day, ``rank``); the content types compared with their bootstrap
intervals, and before/after a news event (``event``); one post's own view (``post``): its
comments over the hours after publishing, its themes and its complaints, and for analysts the
types set by hand (they win over the rules; audited).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from app_pages import _charts as charts
from app_pages import _data as data
from app_pages import _urlstate as urlstate
from app_pages import _widgets as ui
from monitor.analysis import content, content_report
from monitor.core.platforms import label as platform_label
from monitor.nlp.content_types import TYPES
from monitor.ops import settings as settings_mod
from monitor.store import content as content_store
from monitor.ui.fmt import fmt_date, fmt_number
from monitor.ui.safe_text import md_text, plain_text
from monitor.ui.viewstate import CONTENT_TYPES, RANKS

reception = data.cached(content_report.post_reception)  # (platforms, rules_text=, followers=)
post_view = data.cached(content_report.post_view)  # (platform, post_id, rules_text=, followers=)
SHARES = ("net_index", "negative_share", "complaint_share", "complaints_answered_share")


def type_name(code: str) -> str:
    return ui.t(f"ctype_{code}")


def _figure(value: object, metric: str, lang: str) -> str:
    if value is None or pd.isna(value):
        return "–"
    if metric in SHARES:
        return fmt_number(float(value) * 100, lang, 0 if metric == "net_index" else 1)
    if metric == "engagement_per_follower":
        return fmt_number(float(value) * 100, lang, 3) + "%"
    return fmt_number(float(value), lang, 0)


def _plotted(table: pd.DataFrame, metric: str) -> pd.DataFrame:
    """The figures as the page writes them: shares and the net index per hundred, like the
    table beside the chart and the morning view."""
    if metric not in SHARES:
        return table
    out = table.copy()
    out[["mean", "low", "high"]] = out[["mean", "low", "high"]] * 100
    return out


def _text(row) -> str:
    text = row["title"] if isinstance(row["title"], str) and row["title"] else row["caption"]
    return plain_text(text if isinstance(text, str) else row["post_id"], 120)


def _period(frame: pd.DataFrame) -> tuple[date | None, date | None]:
    days = content.published_day(frame).dropna()
    if days.empty:
        return None, None
    lo, hi = min(days), max(days)
    start, end = urlstate.date_range(ui.t("ct_period"), lo, hi, lo, hi)
    return start, end


def filters(frame: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    c1, c2, c3 = st.columns([2.2, 3, 2.4])
    with c1:
        start, end = _period(frame)
    with c2:
        types = urlstate.bound(
            "ctypes",
            st.multiselect,
            ui.t("ct_types"),
            options=list(CONTENT_TYPES),
            format_func=type_name,
            placeholder=ui.t("ct_types_all"),
            from_widget=lambda v: tuple(c for c in CONTENT_TYPES if c in v),
            to_widget=lambda v: list(v),
        )
    with c3:
        metric = urlstate.bound(
            "rank",
            st.selectbox,
            ui.t("ct_rank"),
            options=list(RANKS),
            format_func=lambda m: ui.t(f"rank_{m}"),
        )
    chosen = content.in_period(frame, start, end, tuple(types or ()))
    return chosen, metric or "net_index"


def compare(frame: pd.DataFrame, metric: str, lang: str, types: tuple[str, ...]) -> None:
    """The types compared (the chosen ones, else every type the posts have)."""
    st.subheader(ui.t("ct_compare"))
    table = content.compare_types(frame, metric)
    if types:
        table = table[table["type"].isin(types)].reset_index(drop=True)
    if table["mean"].notna().sum() == 0:
        st.caption(ui.t("ct_no_posts"))
        return
    st.caption(ui.t("ct_compare_note", samples=fmt_number(content.BOOTSTRAP_SAMPLES, lang)))
    table["name"] = table["type"].map(type_name)
    title = ui.t(f"rank_{metric}")
    st.altair_chart(
        charts.finish(charts.type_intervals(_plotted(table, metric), title, lang), lang),
        width="stretch",
    )
    shown = table[["name", "posts", "comments", "mean", "low", "high"]].copy()
    for col in ("mean", "low", "high"):
        shown[col] = [_figure(v, metric, lang) for v in shown[col]]
    st.dataframe(
        shown.rename(
            columns={
                "name": ui.t("ct_types"),
                "posts": ui.t("ct_col_posts"),
                "comments": ui.t("ct_col_comments"),
                "mean": ui.t("ct_col_mean"),
                "low": ui.t("ct_col_low"),
                "high": ui.t("ct_col_high"),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    events = ui.event_titles(data.event_list())
    if events.empty:
        return
    st.markdown(f"**{ui.t('ct_before_after')}**")
    day = ui.chosen_event_day(events, ui.t("ct_choose_event"), lang, title_chars=100)
    if day is None:
        return
    split = content.before_after(frame, day, metric)
    if types:
        split = split[split["type"].isin(types)].reset_index(drop=True)
    split["name"] = split["type"].map(type_name)
    split["period"] = split["period"].map(lambda p: ui.t(f"ct_{p}"))
    st.altair_chart(
        charts.finish(charts.type_intervals(_plotted(split, metric), title, lang), lang),
        width="stretch",
    )


def post_table(frame: pd.DataFrame, metric: str, lang: str) -> None:
    st.subheader(ui.t("ct_posts"))
    if frame.empty:
        st.info(ui.t("ct_no_posts"))
        return
    ranked = content.ranked(frame, metric)
    shown = pd.DataFrame(
        {
            ui.t("ct_col_published"): [
                fmt_date(ui.to_jakarta(p).date(), lang) if pd.notna(p) else "–"
                for p in ranked["published_at"]
            ],
            "Platform": ranked["platform"].map(platform_label),
            ui.t("ct_col_text"): [_text(r) for _, r in ranked.iterrows()],
            ui.t("ct_col_types"): [
                ", ".join(type_name(t) for t in ts) or type_name("lainnya")
                for ts in ranked["types"]
            ],
            ui.t("ct_col_comments"): ranked["comments"],
            ui.t(f"rank_{metric}"): [_figure(v, metric, lang) for v in ranked[metric]],
            ui.t("ct_col_likes"): ranked["likes"],
            "URL": ranked["url"],
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={"URL": st.column_config.LinkColumn("URL", display_text="↗")},
    )
    csv = (
        ranked.drop(columns=["types"])
        .assign(types=[",".join(ts) for ts in ranked["types"]])
        .to_csv(index=False)
    )
    st.download_button(
        ui.t("ct_download"),
        csv.encode("utf-8-sig"),
        file_name="citra_posts.csv",
        mime="text/csv",
        icon=":material/download:",
    )


def _key(row) -> str:
    return f"{row['platform']}/{row['post_id']}"


def one_post(frame: pd.DataFrame, settings, lang: str) -> None:
    st.subheader(ui.t("ct_post"))
    keys = [_key(r) for _, r in frame.iterrows()]
    names = {_key(r): f"{platform_label(r['platform'])} · {_text(r)}" for _, r in frame.iterrows()}
    picked = urlstate.bound(
        "posts",
        st.selectbox,
        ui.t("ct_open_post"),
        options=keys,
        index=None,
        placeholder=ui.t("ct_choose_post"),
        format_func=lambda k: names.get(k, k),
        # the link names the post by its id (``post``), as the other pages do
        to_widget=lambda v: next((k for k in keys if v and k.split("/", 1)[1] == v[0]), None),
        from_widget=lambda v: (v.split("/", 1)[1],) if v else (),
    )
    if not picked:
        return
    platform, post_id = picked.split("/", 1)
    view = post_view(
        platform,
        post_id,
        rules_text=settings.content_type_rules,
        followers=settings.followers,
    )
    if view is None:
        st.info(ui.t("ct_no_posts"))
        return
    post = view["post"]
    types = ", ".join(type_name(t) for t in post["types"]) or type_name("lainnya")
    manual = f" ({ui.t('ct_manual')})" if post["manual"] else ""
    st.markdown(f"**{md_text(types)}**{manual}")
    caption = post.get("caption") or post.get("title") or ""
    if caption:
        st.text(plain_text(caption, 600))
    cols = st.columns(4)
    for col, metric in zip(
        cols, ("net_index", "negative_share", "complaints", "engagement"), strict=True
    ):
        label = ui.t("ct_complaints") if metric == "complaints" else ui.t(f"rank_{metric}")
        value = (
            fmt_number(post[metric], lang)
            if metric == "complaints"
            else _figure(post[metric], metric, lang)
        )
        col.metric(label, value, border=True)
    if pd.isna(post.get("published_at")):
        st.caption(ui.t("ct_no_time"))
    else:
        st.markdown(f"**{ui.t('ct_hours', hours=content_report.HOURS)}**")
        st.altair_chart(
            charts.finish(charts.post_hours(view["hours"], lang), lang), width="stretch"
        )
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{ui.t('ct_themes')}**")
        themes = view["themes"].rename(
            columns={
                "term": ui.t("ct_col_term"),
                "comments": ui.t("ct_col_comments"),
                "negative": ui.t("ct_col_negative"),
            }
        )
        st.dataframe(themes, hide_index=True, width="stretch")
    with right:
        st.markdown(f"**{ui.t('ct_complaints')}**")
        complaints = view["complaints"]
        if complaints.empty:
            st.caption(ui.t("ct_no_complaints"))
        else:
            st.dataframe(
                pd.DataFrame(
                    {
                        ui.t("ct_col_text"): [plain_text(x, 300) for x in complaints["text"]],
                        ui.t("ct_col_answered"): complaints["answered"],
                    }
                ),
                hide_index=True,
                width="stretch",
            )
    if ui.can_edit():
        set_types(platform, post_id, post)


def set_types(platform: str, post_id: str, post: dict) -> None:
    with st.expander(ui.t("ct_set_types")):
        chosen = st.multiselect(
            ui.t("ct_types"),
            options=list(TYPES),
            default=list(post["types"]),
            format_func=type_name,
            help=ui.t("ct_set_types_help"),
            key=f"ct_manual_{platform}_{post_id}",
        )
        c1, c2, _ = st.columns([1, 1, 3])
        if c1.button(ui.t("ct_save_types"), key="ct_save_types"):
            content_store.set_manual_types(
                data.get_store(), platform, post_id, chosen, actor=ui.current_user()
            )
            ui.flash(ui.t("ct_types_saved"))
            st.rerun()
        if post["manual"] and c2.button(ui.t("ct_back_to_rules"), key="ct_back_to_rules"):
            content_store.set_manual_types(
                data.get_store(), platform, post_id, None, actor=ui.current_user()
            )
            ui.flash(ui.t("ct_types_saved"))
            st.rerun()


def main() -> None:
    lang = urlstate.lang()
    st.title(ui.t("ct_title"))
    st.caption(ui.t("ct_caption"))
    ui.show_flash()
    settings = settings_mod.load(data.get_store())
    frame = reception(
        urlstate.view().platforms,
        rules_text=settings.content_type_rules,
        followers=settings.followers,
    )
    if frame.empty:
        ui.empty_notice()
        st.caption(ui.t("ct_empty"))
        return
    chosen, metric = filters(frame)
    compare(chosen, metric, lang, urlstate.view().ctypes)
    st.divider()
    post_table(chosen, metric, lang)
    st.divider()
    one_post(chosen, settings, lang)


ui.require_shell()
with ui.guarded():
    main()
