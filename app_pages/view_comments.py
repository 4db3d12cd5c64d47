"""Comments: search (also by word stem), filter, inspect a score, correct a label, export.

Every comment shows its platform and links to its post there (the stored post's link, else the
one the platform builds from the post id); the sidebar's platform filter applies to the list,
the post and category choices and the CSV download (which has a ``platform`` column).
"""

from __future__ import annotations

import math
from datetime import timedelta

import pandas as pd
import streamlit as st

from app_pages import _data as data
from app_pages import _urlstate as urlstate
from app_pages import _widgets as ui
from monitor.core.canonical import SENTIMENT_LABELS
from monitor.core.platforms import label as platform_label
from monitor.core.timeutil import JAKARTA
from monitor.core.urls import http_url
from monitor.nlp import complaints, scoring
from monitor.ops import settings
from monitor.store import corrections, queries
from monitor.ui.fmt import fmt_date, fmt_datetime, fmt_int, fmt_pct, fmt_score
from monitor.ui.safe_text import md_text, plain_text, visible_controls
from monitor.ui.viewstate import ANSWERED, EMOTIONS, GROUPS, ORDERS

PAGE_SIZE = 50
DEFAULT_DAYS = 30


def _filters() -> queries.CommentFilter:
    lo, hi = data.bounds()
    chosen = urlstate.view().platforms
    row1 = st.columns([3, 2])
    with row1[0]:
        urlstate.bound(
            "q",
            st.text_input,
            ui.t("search"),
            placeholder="bantu, bansos, PKH…",
            help=ui.t("search_help"),
            max_chars=200,
            icon=":material/search:",
            from_widget=lambda v: (v or "").strip(),
        )
    with row1[1]:
        start, end = urlstate.date_range(
            ui.t("date_range"), max(lo, hi - timedelta(days=DEFAULT_DAYS)), hi, lo, hi
        )
    row2 = st.columns(2)
    row3 = st.columns(2)
    post_ids, post_names = ui.post_options(data.posts(chosen))
    with row2[0]:
        urlstate.bound(
            "posts",
            st.multiselect,
            ui.t("posts"),
            options=post_ids,
            format_func=lambda p: post_names.get(p, p),
            placeholder=ui.t("all_posts"),
            to_widget=lambda v: [p for p in v if p in post_ids],
            from_widget=lambda v: tuple(v),
        )
    with row3[0]:
        urlstate.bound(
            "sentiments",
            st.pills,
            ui.t("sentiment"),
            options=list(SENTIMENT_LABELS),
            selection_mode="multi",
            format_func=lambda k: ui.t(k),
            to_widget=lambda v: list(v),
            from_widget=lambda v: tuple(v or ()),
        )
    cats = data.categories(chosen)
    with row2[1]:
        urlstate.bound(
            "categories",
            st.multiselect,
            ui.t("category"),
            options=cats,
            format_func=ui.cat_name,
            placeholder=ui.t("ans_all"),
            to_widget=lambda v: [c for c in v if c in cats],
            from_widget=lambda v: tuple(v),
        )
    with row3[1]:
        urlstate.bound(
            "answered",
            st.segmented_control,
            ui.t("answered_filter"),
            options=list(ANSWERED),
            format_func=lambda k: ui.t(f"ans_{k}"),
            from_widget=lambda v: v if v in ANSWERED else urlstate.KEEP,
        )
    row4 = st.columns(2)
    with row4[0]:
        urlstate.bound(
            "emotions",
            st.pills,
            ui.t("emotion"),
            options=list(EMOTIONS),
            selection_mode="multi",
            format_func=ui.emotion_name,
            to_widget=lambda v: list(v),
            from_widget=lambda v: tuple(e for e in EMOTIONS if e in (v or ())),
        )
    with row4[1]:
        urlstate.bound(
            "order",
            st.segmented_control,
            ui.t("order"),
            options=list(ORDERS),
            format_func=lambda k: ui.t(f"order_{k}"),
            help=ui.t("order_help"),
            from_widget=lambda v: v if v in ORDERS else urlstate.KEEP,
        )
    urlstate.bound(
        "group",
        st.segmented_control,
        ui.t("group_by"),
        options=list(GROUPS),
        format_func=lambda k: ui.t(f"group_{k}"),
        help=ui.t("group_help"),
        from_widget=lambda v: v if v in GROUPS else urlstate.KEEP,
    )
    v = urlstate.view()
    return queries.CommentFilter(
        start=start,
        end=end,
        posts=v.posts,
        sentiments=v.sentiments,
        categories=v.categories,
        answered=v.answered,
        search=v.q,
        platforms=v.platforms,
        emotions=v.emotions,
    )


def _table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    def label(row) -> str:
        text = ui.t(row["label"])
        return f"{text} ✎" if row["corrected_label"] else text

    return pd.DataFrame(
        {
            ui.t("day"): frame["day"].map(lambda d: fmt_date(d, lang)),
            ui.t("platform"): frame["platform"].astype(str).map(platform_label),
            ui.t("post_link"): frame["post_url"].map(http_url),
            ui.t("author"): frame["author"].astype(str).map(plain_text),
            ui.t("text"): frame["text"].astype(str),
            ui.t("label"): frame.apply(label, axis=1) if len(frame) else [],
            ui.t("score"): frame["sentiment_score"].map(lambda s: fmt_score(s, lang)),
            ui.t("sentiment_confidence"): frame["sentiment_confidence"].map(
                lambda c: _confidence(c, lang)
            ),
            ui.t("emotion"): frame["emotion"].map(ui.emotion_name),
            ui.t("emotion_confidence"): frame["emotion_confidence"].map(
                lambda c: _confidence(c, lang)
            ),
            ui.t("category"): [
                ui.cat_name(c) if flag else ""
                for c, flag in zip(frame["complaint_category"], frame["is_complaint"], strict=False)
            ],
            ui.t("replied"): frame["first_reply_at"].map(
                lambda r: ui.t("yes") if r is not None and not pd.isna(r) else ""
            ),
            ui.t("post"): frame["post_id"].astype(str).map(plain_text),
        }
    )


def _confidence(value, lang: str) -> str:
    """A confidence 0..1 as a percentage; "–" when not scored yet."""
    if value is None or pd.isna(value):
        return "–"
    return fmt_pct(float(value), lang, 0)


def _columns() -> dict:
    return {
        ui.t("text"): st.column_config.TextColumn(width="large"),
        ui.t("post_link"): st.column_config.LinkColumn(
            ui.t("post_link"), display_text="↗", width="small", help=ui.t("post_link_help")
        ),
    }


def _key(platform: str, comment_id: str) -> str:
    """A comment's key in the picker: ids are unique per platform only."""
    return f"{platform}:{comment_id}"


def _explain(text: str) -> list[tuple[str, float]]:
    """The words that moved the score, with the analyst's lexicon override if one is set."""
    return list(scoring.explain(text, settings.load(data.get_store())))


def complaint_why(row: dict, lang: str) -> None:
    """Why a complaint goes where it goes: its category, its unit (or the referral for one
    outside the remit) and the rule cues that matched (``complaints.explain``)."""
    why = complaints.explain(row["text"])
    if not why.is_complaint:
        return
    with st.container(border=True):
        st.markdown(f"**{ui.t('why_title')}**")
        line = ui.t("why_category", category=ui.cat_name(why.category))
        if why.category == complaints.REMIT_CATEGORY:
            agency = complaints.AGENCIES.get(why.agency or "", {}).get(lang)
            line += " · " + ui.t("why_referral", agency=agency or ui.t("why_agency_unknown"))
        else:
            unit = settings.unit_for(why.category, settings.load(data.get_store()))
            line += " · " + ui.t("why_unit", unit=md_text(unit or "—"))
        st.caption(line)
        evidence = ", ".join(dict.fromkeys(c.pattern for c in why.evidence))
        st.caption(
            ui.t("why_evidence", cues=md_text(evidence)) if evidence else ui.t("why_no_evidence")
        )
        cues = ", ".join(dict.fromkeys(c.pattern for c in why.cues))
        st.caption(ui.t("why_cues", cues=md_text(cues)))
        stored = row.get("complaint_category")
        if row.get("is_complaint") and stored and stored != why.category:
            st.caption(ui.t("why_rules_changed", stored=ui.cat_name(stored)))


def details(frame: pd.DataFrame, lang: str) -> None:
    """One comment: its words' valences and, for analysts, the label correction."""
    st.subheader(ui.t("explain_title"))
    keys = [
        _key(p, c)
        for p, c in zip(frame["platform"].astype(str), frame["comment_id"].astype(str), strict=True)
    ]
    # Author and time make each entry distinct (short comments often repeat word for word).
    # Options are plain text; the controls in a name or text are made visible.
    labels = {
        key: f"{platform_label(platform)} · {plain_text(author, 60)}"
        f" · {fmt_datetime(ui.to_jakarta(created), lang)} · {plain_text(text, 71)}"
        for key, platform, author, created, text in zip(
            keys,
            frame["platform"].astype(str),
            frame["author"].astype(str),
            frame["created_at_utc"],
            frame["text"].astype(str),
            strict=False,
        )
    }
    chosen = st.selectbox(
        ui.t("choose_comment"),
        options=keys,
        index=None,
        placeholder=ui.t("choose_placeholder"),
        format_func=lambda i: labels.get(i, i),
        key="comment_pick",
    )
    if chosen is None:
        return
    platform, _, comment_id = chosen.partition(":")
    row = queries.get_comment(data.get_store(), comment_id, platform)
    if row is None:
        return
    left, right = st.columns([3, 2], gap="large")
    with left:
        with st.container(border=True):
            # Author and post come from the export: shown as text, never as Markdown.
            head, link = st.columns([4, 1.2], vertical_alignment="center")
            head.caption(
                f"{platform_label(platform)} · {md_text(row['author'])} · "
                f"{fmt_date(row['day'], lang)} · {md_text(row['post_id'])}"
            )
            url = http_url(row.get("post_url"))
            if url:
                link.link_button(
                    ui.t("open_post"), url, icon=":material/open_in_new:", width="stretch"
                )
            st.text(visible_controls(row["text"], keep_newlines=True))
            st.caption(
                f"{ui.t('score')}: {fmt_score(row['sentiment_score'], lang)} · "
                f"{ui.t('model_label')}: {ui.t(row['sentiment_label'])} · "
                f"{ui.t('label')}: {ui.t(row['label'])} · "
                f"{ui.t('sentiment_confidence')}: {_confidence(row['sentiment_confidence'], lang)}"
            )
            st.caption(
                f"{ui.t('emotion')}: {ui.emotion_name(row['emotion'])} · "
                f"{ui.t('emotion_confidence')}: {_confidence(row['emotion_confidence'], lang)}"
            )
        words = _explain(row["text"])
        st.markdown(f"**{ui.t('words_moved')}**")
        if words:
            table = pd.DataFrame(words, columns=[ui.t("word"), ui.t("valence")])
            st.dataframe(
                table,
                hide_index=True,
                width="stretch",
                column_config={
                    ui.t("valence"): st.column_config.ProgressColumn(
                        ui.t("valence"), min_value=-4.0, max_value=4.0, format="%.2f"
                    )
                },
            )
        else:
            st.caption(ui.t("no_words"))
        complaint_why(row, lang)
    with right:
        if not ui.can_edit():
            return
        with st.form(f"correct_{chosen}", border=True):
            st.markdown(f"**{ui.t('correct_label')}**")
            new = st.radio(
                ui.t("label"),
                options=list(SENTIMENT_LABELS),
                index=list(SENTIMENT_LABELS).index(row["label"]),
                format_func=lambda k: ui.t(k),
                horizontal=True,
                key="correct_label",
            )
            if st.form_submit_button(ui.t("correct_save"), type="primary", key="correct_save"):
                if not ui.require_analyst():
                    return
                old = corrections.correct_label(
                    data.get_store(),
                    comment_id,
                    new,
                    platform=platform,
                    corrected_by=ui.current_user(),
                )
                ui.flash(ui.t("corrected", old=ui.t(old), new=ui.t(new)))
                st.rerun()


def account_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The accounts of one page, with the page's column names (authors as stored: pseudonyms
    when pseudonymisation is on)."""
    first = [
        fmt_datetime(pd.Timestamp(t).tz_localize("UTC").tz_convert(JAKARTA), lang)
        if t is not None and not pd.isna(t)
        else "–"
        for t in frame["first_seen"]
    ]
    return pd.DataFrame(
        {
            ui.t("platform"): frame["platform"].map(platform_label),
            ui.t("acc_author"): [plain_text(a, 80) for a in frame["author"]],
            ui.t("acc_comments"): frame["comments"],
            ui.t("acc_posts"): frame["posts"],
            ui.t("acc_most_on_post"): frame["most_on_one_post"],
            ui.t("acc_share"): [fmt_pct(x, lang) for x in frame["share"]],
            ui.t("acc_first_seen"): first,
        }
    )


def _pager(pager, count, page: int, pages: int, lang: str) -> None:
    """The page number (bound to ``p`` in the link) and "page n of m", when there is more than
    one page."""
    if pages <= 1:
        return
    with pager:
        urlstate.bound(
            "p",
            st.number_input,
            ui.t("page_number"),
            min_value=1,
            max_value=pages,
            step=1,
            label_visibility="collapsed",
            to_widget=lambda v: min(max(int(v), 1), pages),
            from_widget=int,
        )
    count.caption(ui.t("page_n", page=page, pages=fmt_int(pages, lang)))


def accounts_view(flt: queries.CommentFilter, lang: str) -> None:
    """The matching comments grouped by account, most comments first, a page at a time."""
    page = urlstate.view().p
    frame, total = data.accounts(flt, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    if page > pages:
        urlstate.set_view(p=1)
        page = 1
        frame, total = data.accounts(flt, limit=PAGE_SIZE, offset=0)
    head, pager, count = st.columns([4, 1.4, 1.4], vertical_alignment="center")
    head.markdown(f"**{ui.t('acc_results', total=fmt_int(total, lang))}**")
    _pager(pager, count, page, pages, lang)
    if frame.empty:
        st.info(ui.t("no_rows"))
        return
    st.dataframe(account_table(frame, lang), hide_index=True, width="stretch", height=420)


def main() -> None:
    lang = urlstate.lang()
    st.title(ui.t("comments_title"))
    lo, _ = data.bounds()
    if lo is None:
        ui.empty_notice()
        return
    flt = _filters()
    store = data.get_store()
    urlstate.sync_from_widget("p", int)
    if urlstate.view().group == "account":
        accounts_view(flt, lang)
        return
    page = urlstate.view().p
    order = urlstate.view().order
    frame, total = queries.search_comments(
        store, flt, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, order=order
    )
    pages = max(1, math.ceil(total / PAGE_SIZE))
    if page > pages:
        urlstate.set_view(p=1)
        page = 1
        frame, total = queries.search_comments(store, flt, limit=PAGE_SIZE, offset=0, order=order)
    head, pager, count, dl = st.columns([4, 1.4, 1.4, 1.8], vertical_alignment="center")
    head.markdown(f"**{ui.t('results', total=fmt_int(total, lang))}**")
    _pager(pager, count, page, pages, lang)
    with dl:
        rows = lambda: queries.to_csv_bytes(queries.export_rows(store, flt))  # noqa: E731
        st.download_button(
            ui.t("download_csv"),
            rows,
            file_name="citra_komentar.csv",
            mime="text/csv",
            icon=":material/download:",
            disabled=total == 0,
            width="stretch",
        )
    if frame.empty:
        st.info(ui.t("no_rows"))
        return
    st.dataframe(
        _table(frame, lang),
        hide_index=True,
        width="stretch",
        height=420,
        column_config=_columns(),
    )
    details(frame, lang)


ui.require_shell()
with ui.guarded():
    main()
