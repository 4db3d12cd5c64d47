"""What every page draws the same way: texts, messages, errors, access guards, event tables.

Texts come in the language of the view state (``_urlstate``); the access values are computed
once per run by app.py from ``monitor.ops.auth`` and only read here. Values from data or a link
go into a Markdown text only through ``md_text`` and into other widgets through ``plain_text``
(``monitor.ui.safe_text``).
"""

from __future__ import annotations

import traceback
from contextlib import contextmanager
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from app_pages import _urlstate as urlstate
from monitor.core.errors import CitraError
from monitor.core.platforms import label as platform_label
from monitor.nlp.complaints import CATEGORIES
from monitor.ui.fmt import fmt_date, fmt_int
from monitor.ui.i18n import t as _t
from monitor.ui.safe_text import md_text, plain_text

CAN_EDIT_KEY = "_citra_can_edit"
USER_KEY = "_citra_user"
FLASH_KEY = "_citra_flash"
SHELL_KEY = "_citra_shell"  # set by app.py while it runs a page


def t(key: str, **values: object) -> str:
    """A UI text in the current language."""
    return _t(key, urlstate.lang(), **values)


# --- access -----------------------------------------------------------------------------------


def can_edit() -> bool:
    """Computed once per run in app.py from monitor.auth; False when a page runs on its own."""
    return bool(st.session_state.get(CAN_EDIT_KEY, False))


def current_user() -> str:
    return str(st.session_state.get(USER_KEY, ""))


def require_shell() -> None:
    """Stop a page that runs without app.py around it (no sign-in, no access check).

    Pages are reached through app.py's st.navigation only; a page file started on its own
    (``streamlit run app_pages/view_comments.py``) shows nothing but a way to the start page.
    """
    if st.session_state.get(SHELL_KEY):
        return
    st.info(t("open_from_start"))
    st.markdown(f"[:material/home: {t('app_title')}](/)")
    st.stop()


def require_analyst() -> bool:
    """Stop a page for viewers; pages call this before any analyst action."""
    if can_edit():
        return True
    st.warning(t("viewer_blocked"))
    return False


# --- messages and errors ----------------------------------------------------------------------


def show_notices() -> None:
    """Gentle notes about link parameters that were ignored or adjusted (shown once)."""
    for n in urlstate.take_notices():
        # The name and value come from the link: shown as text, never as Markdown.
        st.info(t(f"notice_{n.code}", param=md_text(n.param), value=md_text(n.value)), icon="ℹ️")


def flash(message: str, kind: str = "success") -> None:
    """A message to show after the next rerun (st.rerun would otherwise swallow it)."""
    st.session_state[FLASH_KEY] = (kind, message)


def show_flash() -> None:
    item = st.session_state.pop(FLASH_KEY, None)
    if item:
        kind, message = item
        getattr(st, kind, st.info)(message)


def show_error(exc: BaseException) -> None:
    """A readable message instead of a traceback (the traceback goes to the server log)."""
    if isinstance(exc, CitraError):
        # Messages name files, rows and values from the data: shown as text.
        st.error(t("error_generic", message=md_text(str(exc))))
    else:
        traceback.print_exception(exc)
        st.error(t("error_unexpected", kind=md_text(type(exc).__name__)))


@contextmanager
def guarded():
    """Run a page body; Citra errors and surprises become a message, never a traceback."""
    try:
        yield
    except ScriptControlException:  # st.rerun / st.stop / st.switch_page: not errors
        raise
    except Exception as exc:  # the edge of the app: report, don't crash
        show_error(exc)


def empty_notice() -> None:
    st.info(t("empty_store"))


# --- words and tables -------------------------------------------------------------------------


def post_options(posts: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    """Post ids for a post picker (busiest first) and each one's name there: the id, its
    platform and, where the export gave one, the start of its title (as plain text)."""
    ids: list[str] = []
    names: dict[str, str] = {}
    titles = posts["title"] if "title" in posts else pd.Series("", index=posts.index)
    for post_id, platform, title in zip(
        posts["post_id"].astype(str), posts["platform"].astype(str), titles, strict=True
    ):
        if post_id in names:
            continue
        ids.append(post_id)
        name = f"{plain_text(post_id, 40)} ({platform_label(platform)})"
        if isinstance(title, str) and title.strip():
            name += f" · {plain_text(title, 50)}"
        names[post_id] = name
    return ids, names


def event_titles(frame: pd.DataFrame) -> pd.DataFrame:
    """Events with a ``title`` column in the reader's language."""
    frame = frame.copy()
    if frame.empty:
        frame["title"] = pd.Series(dtype=str)
        return frame
    title_id = frame.get("title_id", pd.Series("", index=frame.index)).fillna("").astype(str)
    title_en = frame.get("title_en", pd.Series("", index=frame.index)).fillna("").astype(str)
    if "title" in frame and not title_id.str.len().any():
        title_id = frame["title"].fillna("").astype(str)
    frame["title"] = title_en.where((title_en != "") & (urlstate.lang() == "en"), title_id)
    return frame


def event_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Events as a read-only table: day, title, link (titles are never rendered as HTML)."""
    frame = event_titles(frame)
    out = pd.DataFrame(
        {
            "day": pd.to_datetime(frame["day"]).dt.date.map(lambda d: fmt_date(d, urlstate.lang())),
            "title": frame["title"],
            "source_url": frame.get("source_url", pd.Series("", index=frame.index)).fillna(""),
        }
    )
    return out


def event_columns() -> dict:
    return {
        "day": st.column_config.TextColumn(t("day"), width="small"),
        "title": st.column_config.TextColumn(t("event_title"), width="large"),
        "source_url": st.column_config.LinkColumn(t("event_url"), display_text="↗", width="small"),
    }


def event_category_name(category: str) -> str:
    key = f"evcat_{category}"
    text = t(key)
    return text if text != key else category


def emotion_name(code: str | None) -> str:
    """An emotion code in words (marah, sedih, …): "" is no emotion, None not scored yet (a
    comment stored before emotions were, not re-scored since)."""
    if code is None or (isinstance(code, float) and code != code):
        return t("emo_unscored")
    return t(f"emo_{code or 'none'}")


def cat_name(category: str | None) -> str:
    """A complaint category (the unit that answers it) in words, in the reader's language."""
    if not category or category == "other":
        category = "layanan_lain" if "layanan_lain" in CATEGORIES else ""
    names = CATEGORIES.get(category or "")
    if names:
        return names.get(urlstate.lang(), names.get("id", category))
    return category.replace("_", " ").capitalize() if category else t("cat_other")


def unit_name(category: str | None) -> str:
    """Complaints are routed by category: each category is one answering unit."""
    return cat_name(category)


def to_jakarta(ts: Any) -> Any:
    """A stored naive-UTC timestamp as Asia/Jakarta wall time (UTC+7, no daylight saving)."""
    if ts is None or (isinstance(ts, float) and ts != ts):
        return None
    stamp = pd.Timestamp(ts)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize("UTC")
    return stamp.tz_convert("Asia/Jakarta").tz_localize(None).to_pydatetime()


def waiting_text(hours: float) -> str:
    lang = urlstate.lang()
    if hours < 48:
        return t("waiting_for", hours=t("hours_short", n=fmt_int(max(hours, 0), lang)))
    return t("waiting_for", hours=t("days_short", n=fmt_int(hours / 24, lang)))


def chosen_event_day(events: pd.DataFrame, label: str, lang: str, title_chars: int = 120):
    """A selectbox of ``events`` (``id``, ``day``, ``title``; titled by ``event_titles``) bound
    to ``event`` in the link; the chosen event's day, or None while none is chosen."""
    ids = [int(i) for i in events["id"]]
    titles = {
        int(
            r.id
        ): f"{fmt_date(pd.Timestamp(r.day).date(), lang)} · {plain_text(r.title, title_chars)}"
        for r in events.itertuples()
    }
    chosen = urlstate.bound(
        "event",
        st.selectbox,
        label,
        options=ids,
        index=None,
        placeholder=t("choose_event_placeholder"),
        format_func=lambda i: titles.get(i, str(i)),
        to_widget=lambda v: v if v in ids else None,
    )
    if chosen is None:
        return None
    return pd.Timestamp(events.loc[events["id"].astype(int) == chosen, "day"].iloc[0]).date()
