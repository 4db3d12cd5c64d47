"""What every page shares: the store, cached reads, the view state in the URL, texts, errors.

Pages stay thin: they read the view state, call ``monitor`` through the cached helpers here and
draw. The view state lives in ``st.session_state`` during a visit and is written back to the
URL on every run, so the address bar is always a link to exactly what is on screen.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from monitor.analysis import events, metrics, reports
from monitor.core.errors import CitraError
from monitor.store import Store, open_store, queries, resolve_url
from monitor.ui import viewstate
from monitor.ui.fmt import fmt_date, fmt_int
from monitor.ui.i18n import t as _t

VIEW_KEY = "_citra_view"
NOTICES_KEY = "_citra_notices"
CAN_EDIT_KEY = "_citra_can_edit"
USER_KEY = "_citra_user"
FLASH_KEY = "_citra_flash"
SHELL_KEY = "_citra_shell"  # set by app.py while it runs a page


# --- store and cache ---------------------------------------------------------------------------


@st.cache_resource(max_entries=4)
def _open(url: str) -> Store:
    return open_store(url)


def store_url() -> str:
    return resolve_url()


def get_store() -> Store:
    """The store named by CITRA_DATABASE_URL (or the embedded default), opened once per process."""
    return _open(store_url())


def data_version() -> str:
    """Cache key part: changes whenever imports, corrections or events change the data."""
    return queries.data_version(get_store())


def cached(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Cache ``fn(store, *args)`` on (store URL, data version, args), a bounded number of entries."""

    @st.cache_data(max_entries=48, show_spinner=False)
    def _run(url: str, version: str, name: str, *args: Any, **kwargs: Any) -> Any:
        return fn(_open(url), *args, **kwargs)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return _run(store_url(), data_version(), fn.__qualname__, *args, **kwargs)

    wrapper.__name__ = fn.__name__
    return wrapper


def _waiting(as_of: date, since: date) -> pd.DataFrame:
    """Complaints of ``since``..``as_of`` still waiting, with the hours waited until the end of
    ``as_of`` (read on every run: the hours run on while the page is open)."""
    return metrics.oldest_unanswered_complaints(
        get_store(), limit=300, by_category=False, since=since, as_of=as_of
    )


bounds = cached(queries.data_bounds)
event_studies = cached(reports.event_study_around)
series = cached(metrics.daily_series)
spikes = cached(reports.find_spikes)
all_events = cached(events.list_events)
waiting = _waiting
posts = cached(queries.list_posts)
categories = cached(queries.list_categories)
comment_total = cached(queries.comment_count)
demo_loaded = cached(queries.demo_loaded)


# --- language and texts ------------------------------------------------------------------------


def view() -> viewstate.ViewState:
    state = st.session_state.get(VIEW_KEY)
    return state if isinstance(state, viewstate.ViewState) else viewstate.ViewState()


def lang() -> str:
    return view().lang


def t(key: str, **values: object) -> str:
    """A UI text in the current language."""
    return _t(key, lang(), **values)


def can_edit() -> bool:
    """Computed once per run in app.py from monitor.auth; False when a page runs on its own."""
    return bool(st.session_state.get(CAN_EDIT_KEY, False))


def current_user() -> str:
    return str(st.session_state.get(USER_KEY, ""))


# --- view state <-> URL ------------------------------------------------------------------------


def init_view(context: viewstate.ViewContext) -> None:
    """On the first run of a visit, read the link's query string (validated, with notices)."""
    if VIEW_KEY in st.session_state:
        return
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    state, notices = viewstate.parse(params, context)
    st.session_state[VIEW_KEY] = state
    st.session_state[NOTICES_KEY] = notices


def set_view(**changes: Any) -> None:
    """Change the view state; widgets bound to changed fields re-read it on the next run."""
    st.session_state[VIEW_KEY] = replace(view(), **changes)
    for name in changes:
        st.session_state.pop(_widget_key(name), None)
    if "start" in changes or "end" in changes:
        st.session_state.pop(_widget_key("range"), None)


def write_url(page: str) -> None:
    """Mirror the view state into the address bar (only when it differs, to avoid churn)."""
    state = replace(view(), page=page)
    wanted = viewstate.serialise(state)
    current = {k: st.query_params.get(k) for k in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


def share_link(page_path: str) -> str:
    """A full link to this view (base URL from the browser when Streamlit knows it)."""
    query = viewstate.query_string(view())
    base = ""
    try:
        base = st.context.url or ""
    except Exception:  # older runtimes, tests
        base = ""
    if base:
        base = base.split("?", 1)[0]
        root = (
            base.rsplit("/", 1)[0] if page_path and base.rstrip("/").endswith(page_path) else base
        )
        root = root.rstrip("/")
        return f"{root}/{page_path}{query}" if page_path else f"{root}/{query}"
    return f"/{page_path}{query}"


def _widget_key(name: str) -> str:
    return f"vs_{name}"


def bound(
    name: str,
    widget: Callable[..., Any],
    *args: Any,
    to_widget: Callable[[Any], Any] = lambda v: v,
    from_widget: Callable[[Any], Any] = lambda v: v,
    **kwargs: Any,
) -> Any:
    """Draw a widget whose value is the view-state field ``name`` (and so lives in the URL)."""
    key = _widget_key(name)
    if key not in st.session_state:
        st.session_state[key] = to_widget(getattr(view(), name))
    value = widget(*args, key=key, **kwargs)
    new = from_widget(value)
    if new is not _KEEP and new != getattr(view(), name):
        changes = {name: new}
        if name not in ("p", "lang", "day", "event", "metric"):
            changes["p"] = 1  # a new filter starts at the first page of results
            st.session_state.pop(_widget_key("p"), None)
        st.session_state[VIEW_KEY] = replace(view(), **changes)
    return value


def sync_from_widget(name: str, convert: Callable[[Any], Any] = lambda v: v) -> None:
    """Take a bound widget's new value before the widget is drawn (for widgets placed below
    the results they control, such as the pager)."""
    key = _widget_key(name)
    if key in st.session_state:
        value = convert(st.session_state[key])
        if value != getattr(view(), name):
            st.session_state[VIEW_KEY] = replace(view(), **{name: value})


_KEEP = object()  # from_widget returns this to leave the view unchanged (e.g. half-picked range)


def date_range(default_start: date, default_end: date, lo: date, hi: date) -> tuple[date, date]:
    """The shared day-range picker; a half-picked range keeps the previous one."""
    v = view()
    start = v.start or default_start
    end = v.end or default_end
    start = min(max(start, lo), hi)
    end = min(max(end, start), hi)
    if v.start != start or v.end != end:
        st.session_state[VIEW_KEY] = replace(v, start=start, end=end)
        st.session_state.pop(_widget_key("range"), None)
    key = _widget_key("range")
    if key not in st.session_state:
        st.session_state[key] = (start, end)
    value = st.date_input(t("date_range"), key=key, min_value=lo, max_value=hi, format="DD/MM/YYYY")
    if isinstance(value, (tuple, list)) and len(value) == 2:
        new_start, new_end = value
        if (new_start, new_end) != (start, end):
            st.session_state[VIEW_KEY] = replace(view(), start=new_start, end=new_end, p=1)
            start, end = new_start, new_end
    return start, end


def show_notices() -> None:
    """Gentle notes about link parameters that were ignored or adjusted (shown once)."""
    notices = st.session_state.pop(NOTICES_KEY, [])
    for n in notices:
        st.info(t(f"notice_{n.code}", param=n.param, value=n.value), icon="ℹ️")


def flash(message: str, kind: str = "success") -> None:
    """A message to show after the next rerun (st.rerun would otherwise swallow it)."""
    st.session_state[FLASH_KEY] = (kind, message)


def show_flash() -> None:
    item = st.session_state.pop(FLASH_KEY, None)
    if item:
        kind, message = item
        getattr(st, kind, st.info)(message)


# --- errors ------------------------------------------------------------------------------------


def show_error(exc: BaseException) -> None:
    """A readable message instead of a traceback (the traceback goes to the server log)."""
    if isinstance(exc, CitraError):
        st.error(t("error_generic", message=str(exc)))
    else:
        traceback.print_exception(exc)
        st.error(t("error_unexpected", kind=type(exc).__name__))


@contextmanager
def guarded():
    """Run a page body; Citra errors and surprises become a message, never a traceback."""
    try:
        yield
    except ScriptControlException:  # st.rerun / st.stop / st.switch_page: not errors
        raise
    except Exception as exc:  # the edge of the app: report, don't crash
        show_error(exc)


def require_shell() -> None:
    """Stop a page that runs without app.py around it (no sign-in, no access check).

    Streamlit can run a file under ``pages/`` on its own for the very first request after a
    server start; such a run shows nothing but a way to the start page.
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


# --- small drawing helpers ---------------------------------------------------------------------


def label_options() -> list[str]:
    return ["positive", "neutral", "negative"]


def last_active_day(hi: date) -> date:
    """The last day on which the public commented (the store's last day may hold only the
    account's own replies, or a few minutes spilling over midnight)."""
    from datetime import timedelta

    recent = series(hi - timedelta(days=14), hi)
    active = recent[recent["comments"] >= max(1, recent["comments"].median() * 0.2)]
    return pd.Timestamp(active["day"].iloc[-1]).date() if len(active) else hi


def events_between(start: date, end: date) -> pd.DataFrame:
    """Events in a day range with a ``title`` column in the reader's language."""
    frame = all_events()
    if frame.empty:
        return frame.assign(title=pd.Series(dtype=str))
    days = pd.to_datetime(frame["day"]).dt.date
    part = frame[(days >= start) & (days <= end)].copy()
    return event_titles(part)


def event_titles(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    if frame.empty:
        frame["title"] = pd.Series(dtype=str)
        return frame
    title_id = frame.get("title_id", pd.Series("", index=frame.index)).fillna("").astype(str)
    title_en = frame.get("title_en", pd.Series("", index=frame.index)).fillna("").astype(str)
    if "title" in frame and not title_id.str.len().any():
        title_id = frame["title"].fillna("").astype(str)
    frame["title"] = title_en.where((title_en != "") & (lang() == "en"), title_id)
    return frame


def event_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Events as a read-only table: day, title, link (titles are never rendered as HTML)."""
    frame = event_titles(frame)
    out = pd.DataFrame(
        {
            "day": pd.to_datetime(frame["day"]).dt.date.map(lambda d: fmt_date(d, lang())),
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


def cat_name(category: str | None) -> str:
    """A complaint category (the unit that answers it) in words, in the reader's language."""
    try:
        from monitor.nlp.complaints import CATEGORIES
    except ImportError:
        CATEGORIES = {}
    if not category or category == "other":
        category = "layanan_lain" if "layanan_lain" in CATEGORIES else ""
    names = CATEGORIES.get(category or "")
    if names:
        return names.get(lang(), names.get("id", category))
    return category.replace("_", " ").capitalize() if category else t("cat_other")


def unit_name(category: str | None) -> str:
    """Complaints are routed by category: each category is one answering unit."""
    return cat_name(category)


def event_category_name(category: str) -> str:
    key = f"evcat_{category}"
    text = t(key)
    return text if text != key else category


def to_jakarta(ts: Any) -> Any:
    """A stored naive-UTC timestamp as Asia/Jakarta wall time (UTC+7, no daylight saving)."""
    if ts is None or (isinstance(ts, float) and ts != ts):
        return None
    stamp = pd.Timestamp(ts)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize("UTC")
    return stamp.tz_convert("Asia/Jakarta").tz_localize(None).to_pydatetime()


def waiting_text(hours: float) -> str:
    if hours < 48:
        return t("waiting_for", hours=t("hours_short", n=fmt_int(max(hours, 0), lang())))
    return t("waiting_for", hours=t("days_short", n=fmt_int(hours / 24, lang())))


def empty_notice() -> None:
    st.info(t("empty_store"))


def frame_or_empty(frame: pd.DataFrame | None) -> pd.DataFrame:
    return frame if isinstance(frame, pd.DataFrame) else pd.DataFrame()
