"""Complaints: the triage queue by unit, oldest first, with waiting time; analysts act on it.

Filters (status, unit, dates; platforms from the sidebar) live in the share link. Analysts
forward a selection to a unit, mark it answered or close it (``ops.complaints.set_status``,
recorded with their name). A change is checked against the versions this page showed, so an
analyst acting on a stale list is told instead of overwriting a colleague's change. Viewers
see the queue and nothing that changes it: the controls are not drawn, and the action itself
asks ``require_analyst`` again. Reads are not cached: a status change shows at once.

Response service levels (``ops.service_levels``): per unit and per platform over the chosen
days, the median time to the account's first reply and the share within the target; the
"overdue" filter (``overdue=1`` in the link, where the Morning view's flag leads) keeps the
open complaints waiting longer than the target.

Each complaint shown offers its reply (``ops.replies.reply_text``: its category's template
from Settings, filled for the comment) in a code box, whose button copies it in one click.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from app_pages import _data as data
from app_pages import _urlstate as urlstate
from app_pages import _widgets as ui
from monitor.core.canonical import COMPLAINT_STATUSES
from monitor.core.platforms import comment_url
from monitor.core.platforms import label as platform_label
from monitor.core.urls import http_url
from monitor.ops import complaints, replies, service_levels
from monitor.ops import settings as settings_mod
from monitor.ui.fmt import fmt_datetime, fmt_int, fmt_pct
from monitor.ui.safe_text import plain_text

MAX_SHOWN = 500  # rows drawn; the rest wait behind narrower filters
SEEN_KEY = "_citra_cq_seen"  # versions of the complaints the last run showed


def _filters(units: list[str], target_hours: int) -> tuple:
    lo, hi = data.bounds()
    left, mid, right = st.columns([2, 2, 2])
    with left:
        urlstate.bound(
            "statuses",
            st.pills,
            ui.t("cq_status"),
            options=list(COMPLAINT_STATUSES),
            selection_mode="multi",
            format_func=lambda s: ui.t(f"cqs_{s}"),
            help=ui.t("cq_status_help"),
            to_widget=list,
            from_widget=lambda v: tuple(s for s in COMPLAINT_STATUSES if s in (v or ())),
        )
    with mid:
        urlstate.bound(
            "units",
            st.multiselect,
            ui.t("cq_unit"),
            options=units,
            format_func=plain_text,
            placeholder=ui.t("cq_all_units"),
            to_widget=lambda v: [u for u in v if u in units],
            from_widget=tuple,
        )
    with right:
        start, end = urlstate.date_range(ui.t("date_range"), lo, hi, lo, hi)
        urlstate.bound(
            "overdue",
            st.toggle,
            ui.t("cq_overdue"),
            help=ui.t("cq_overdue_help", hours=target_hours),
            to_widget=bool,
            from_widget=bool,
        )
    return start, end


def _table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            ui.t("cq_waiting"): frame["waiting_hours"].map(ui.waiting_text),
            ui.t("cq_unit"): frame["unit"].map(lambda u: plain_text(u) or ui.t("cq_referral")),
            ui.t("cq_status"): frame["status"].map(lambda s: ui.t(f"cqs_{s}")),
            ui.t("day"): frame["created_at_utc"].map(
                lambda c: fmt_datetime(ui.to_jakarta(c), lang)
            ),
            ui.t("platform"): frame["platform"].map(platform_label),
            ui.t("author"): frame["author"].astype(str).map(plain_text),
            ui.t("text"): frame["text"].astype(str),
            ui.t("category"): frame["category"].map(ui.cat_name),
            ui.t("post_link"): [
                http_url(comment_url(p, post, cid, http_url(link)))
                for p, post, cid, link in zip(
                    frame["platform"],
                    frame["post_id"],
                    frame["comment_id"],
                    frame["post_url"],
                    strict=True,
                )
            ],
            ui.t("cq_changed"): frame["changed_by"].map(
                lambda w: plain_text(w) if isinstance(w, str) else ""
            ),
        }
    )


def _by_unit(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    grouped = frame.groupby("unit", sort=False).agg(
        n=("comment_id", "size"), oldest=("waiting_hours", "max")
    )
    grouped = grouped.sort_values("oldest", ascending=False)
    return pd.DataFrame(
        {
            ui.t("cq_unit"): [plain_text(u) or ui.t("cq_referral") for u in grouped.index],
            ui.t("cq_count_col"): [fmt_int(n, lang) for n in grouped["n"]],
            ui.t("cq_oldest"): [ui.waiting_text(h) for h in grouped["oldest"]],
        }
    )


def _levels_table(frame: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    names = (
        frame[by].map(lambda u: plain_text(u) or ui.t("cq_referral"))
        if by == "unit"
        else frame[by].map(platform_label)
    )
    return pd.DataFrame(
        {
            ui.t("cq_unit") if by == "unit" else ui.t("platform"): names,
            ui.t("sla_complaints"): [fmt_int(n, lang) for n in frame["complaints"]],
            ui.t("sla_replied"): [fmt_int(n, lang) for n in frame["replied"]],
            ui.t("sla_median"): [
                "–" if pd.isna(h) else ui.waiting_text(h) for h in frame["median_reply_hours"]
            ],
            ui.t("sla_share"): [
                "–" if pd.isna(x) else fmt_pct(x, lang) for x in frame["within_target_share"]
            ],
            ui.t("sla_overdue_col"): [fmt_int(n, lang) for n in frame["overdue"]],
        }
    )


def levels_section(start, end, platforms, settings, lang: str) -> None:
    """Time to the first reply and the share within the target, per unit and per platform."""
    store = data.get_store()
    st.subheader(ui.t("sla_title"))
    st.caption(ui.t("sla_caption", hours=settings.reply_target_hours))
    left, right = st.columns(2)
    for column, by in ((left, "unit"), (right, "platform")):
        frame = service_levels.service_levels(
            store, by, start=start, end=end, platforms=platforms, settings=settings
        )
        with column:
            st.dataframe(_levels_table(frame, by, lang), hide_index=True, width="stretch")


def _key(platform: str, comment_id: str) -> str:
    return f"{platform}:{comment_id}"


def apply_action(status: str, unit: str | None, picked: list[str], seen: dict[str, int]) -> None:
    """One bulk change, for analysts only, checked against the versions the page showed."""
    if not ui.require_analyst():
        return
    if not picked:
        st.warning(ui.t("cq_nothing_picked"))
        return
    keys = [complaints.parse_key(k) for k in picked]
    expected = {k: seen[p] for k, p in zip(keys, picked, strict=True) if p in seen}
    changes = complaints.set_status(
        data.get_store(), keys, status, unit, ui.current_user() or "analyst", expected
    )
    if changes:
        ui.flash(ui.t("cq_done", n=len(changes), status=ui.t(f"cqs_{status}")))
    else:
        ui.flash(ui.t("cq_unchanged"), "info")
    st.session_state.pop("cq_pick", None)
    st.rerun()


def actions(frame: pd.DataFrame, units: list[str], seen: dict[str, int], lang: str) -> None:
    """The bulk actions: drawn for analysts only."""
    if not ui.can_edit():
        st.caption(ui.t("cq_viewer_note"))
        return
    keys = [_key(p, c) for p, c in zip(frame["platform"], frame["comment_id"], strict=True)]
    labels = {
        k: f"{ui.waiting_text(h)} · {platform_label(p)} · {plain_text(a, 40)} · {plain_text(x, 70)}"
        for k, h, p, a, x in zip(
            keys, frame["waiting_hours"], frame["platform"], frame["author"], frame["text"],
            strict=True,
        )
    }  # fmt: skip
    with st.container(border=True):
        st.markdown(f"**{ui.t('cq_actions')}**")
        every = st.checkbox(ui.t("cq_pick_all"), key="cq_pick_all")
        picked = st.multiselect(
            ui.t("cq_pick"),
            options=keys,
            format_func=lambda k: labels.get(k, k),
            placeholder=ui.t("cq_pick_placeholder"),
            key="cq_pick",
            disabled=every,
        )
        chosen = keys if every else list(picked)
        left, mid, right = st.columns([3, 1.2, 1.2], vertical_alignment="bottom")
        unit = left.selectbox(ui.t("cq_forward_to"), options=units, key="cq_unit")
        forward = left.button(ui.t("cq_forward"), key="cq_forward", type="primary")
        answered = mid.button(ui.t("cq_mark_answered"), key="cq_answered")
        close = right.button(ui.t("cq_close"), key="cq_close")
    if forward:
        apply_action(complaints.FORWARDED, unit, chosen, seen)
    elif answered:
        apply_action(complaints.ANSWERED, None, chosen, seen)
    elif close:
        apply_action(complaints.CLOSED, None, chosen, seen)


def reply_box(frame: pd.DataFrame, settings: settings_mod.Settings) -> None:
    """The filled reply of one complaint of the list (the oldest unless another is chosen)."""
    keys = [_key(p, c) for p, c in zip(frame["platform"], frame["comment_id"], strict=True)]
    rows = dict(zip(keys, frame.to_dict("records"), strict=True))
    with st.container(border=True):
        st.markdown(f"**{ui.t('cq_reply')}**")
        key = st.selectbox(
            ui.t("cq_reply_pick"),
            options=keys,
            format_func=lambda k: (
                f"{ui.waiting_text(rows[k]['waiting_hours'])} · "
                f"{platform_label(rows[k]['platform'])} · {plain_text(rows[k]['author'], 40)} · "
                f"{plain_text(rows[k]['text'], 70)}"
            ),
            key="cq_reply_pick",
        )
        if key in rows:
            st.code(replies.reply_text(rows[key], settings), language=None, wrap_lines=True)
        st.caption(ui.t("cq_reply_help"))


def handover(units: list[str], platforms: tuple[str, ...]) -> None:
    """The Excel handover of one unit's open complaints (for everyone who can see the queue)."""
    with st.expander(ui.t("cq_handover"), icon=":material/table_view:"):
        st.caption(ui.t("cq_handover_help"))
        unit = st.selectbox(
            ui.t("cq_handover_unit"), options=units, format_func=plain_text, key="cq_xlsx_unit"
        )
        if unit:
            store = data.get_store()
            stamp = datetime.now().strftime("%Y%m%d")
            name = "".join(ch if ch.isalnum() else "_" for ch in unit)[:60]
            st.download_button(
                ui.t("cq_handover"),
                lambda: complaints.handover_xlsx(store, unit, platforms=platforms),
                file_name=f"aduan_{name}_{stamp}.xlsx",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                icon=":material/download:",
                key="cq_xlsx",
            )


def main() -> None:
    lang = urlstate.lang()
    st.title(ui.t("cq_title"))
    lo, _ = data.bounds()
    if lo is None:
        ui.empty_notice()
        return
    st.caption(ui.t("cq_intro"))
    store = data.get_store()
    settings = settings_mod.load(store)
    units = list(complaints.unit_names(settings))
    start, end = _filters(units, settings.reply_target_hours)
    v = urlstate.view()
    seen = dict(st.session_state.get(SEEN_KEY, {}))  # what the previous run showed
    frame = complaints.queue(
        store,
        statuses=v.statuses or complaints.OPEN,
        units=v.units,
        platforms=v.platforms,
        start=start,
        end=end,
        settings=settings,
        overdue=v.overdue,
    )
    total = len(frame)
    summary = _by_unit(frame, lang)  # every complaint of the filters, not only those drawn
    frame = frame.head(MAX_SHOWN)
    shown = {
        _key(p, c): int(n)
        for p, c, n in zip(frame["platform"], frame["comment_id"], frame["version"], strict=True)
    }
    st.session_state[SEEN_KEY] = shown
    if frame.empty:
        st.info(ui.t("cq_none"))
    else:
        st.markdown(f"**{ui.t('cq_count', n=fmt_int(total, lang))}**")
        if total > MAX_SHOWN:
            st.caption(
                ui.t("cq_shown_first", shown=fmt_int(MAX_SHOWN, lang), total=fmt_int(total, lang))
            )
        st.dataframe(summary, hide_index=True)
        st.dataframe(
            _table(frame, lang),
            hide_index=True,
            width="stretch",
            height=420,
            column_config={
                ui.t("text"): st.column_config.TextColumn(width="large"),
                ui.t("post_link"): st.column_config.LinkColumn(
                    ui.t("post_link"), display_text="↗", width="small"
                ),
            },
        )
        reply_box(frame, settings)
        actions(frame, units, {**shown, **seen}, lang)
    levels_section(start, end, v.platforms, settings, lang)
    handover(units, v.platforms)


ui.require_shell()
with ui.guarded():
    main()
