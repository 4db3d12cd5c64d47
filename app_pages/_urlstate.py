"""The view state (what is on screen) and the URL it lives in.

The view state (``monitor.ui.viewstate``) lives in ``st.session_state`` during a visit: read
from the link's query string on the first run, changed by the bound widgets, and written back to
the URL on every run, so the address bar is always a link to exactly what is on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import streamlit as st

from monitor.ui import viewstate

VIEW_KEY = "_citra_view"
NOTICES_KEY = "_citra_notices"
KEEP = object()  # from_widget returns this to leave the view unchanged (e.g. half-picked range)
# Fields whose change keeps the results page; any other filter starts again at page 1.
_KEEPS_PAGE = ("p", "lang", "day", "event", "metric")


def view() -> viewstate.ViewState:
    state = st.session_state.get(VIEW_KEY)
    return state if isinstance(state, viewstate.ViewState) else viewstate.ViewState()


def lang() -> str:
    return view().lang


def init_view(context: viewstate.ViewContext) -> None:
    """On the first run of a visit, read the link's query string (validated, with notices)."""
    if VIEW_KEY in st.session_state:
        return
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    state, notices = viewstate.parse(params, context)
    st.session_state[VIEW_KEY] = state
    st.session_state[NOTICES_KEY] = notices


def reset() -> None:
    """Forget the view state: the next ``init_view`` reads the link again."""
    st.session_state.pop(VIEW_KEY, None)


def take_notices() -> list[viewstate.Notice]:
    """The notes about link parameters that were ignored or adjusted (handed out once)."""
    return st.session_state.pop(NOTICES_KEY, [])


def update(**changes: Any) -> None:
    """Change the view state as a widget did (the widgets keep their values)."""
    st.session_state[VIEW_KEY] = replace(view(), **changes)


def set_view(**changes: Any) -> None:
    """Change the view state; widgets bound to changed fields re-read it on the next run."""
    update(**changes)
    for name in changes:
        st.session_state.pop(widget_key(name), None)
    if "start" in changes or "end" in changes:
        st.session_state.pop(widget_key("range"), None)


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


def widget_key(name: str) -> str:
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
    key = widget_key(name)
    if key not in st.session_state:
        st.session_state[key] = to_widget(getattr(view(), name))
    value = widget(*args, key=key, **kwargs)
    new = from_widget(value)
    if new is not KEEP and new != getattr(view(), name):
        changes = {name: new}
        if name not in _KEEPS_PAGE:
            changes["p"] = 1  # a new filter starts at the first page of results
            st.session_state.pop(widget_key("p"), None)
        update(**changes)
    return value


def sync_from_widget(name: str, convert: Callable[[Any], Any] = lambda v: v) -> None:
    """Take a bound widget's new value before the widget is drawn (for widgets placed below
    the results they control, such as the pager)."""
    key = widget_key(name)
    if key in st.session_state:
        value = convert(st.session_state[key])
        if value != getattr(view(), name):
            update(**{name: value})


def date_range(
    label: str, default_start: date, default_end: date, lo: date, hi: date
) -> tuple[date, date]:
    """The shared day-range picker; a half-picked range keeps the previous one."""
    v = view()
    start = v.start or default_start
    end = v.end or default_end
    start = min(max(start, lo), hi)
    end = min(max(end, start), hi)
    if v.start != start or v.end != end:
        update(start=start, end=end)
        st.session_state.pop(widget_key("range"), None)
    key = widget_key("range")
    if key not in st.session_state:
        st.session_state[key] = (start, end)
    value = st.date_input(label, key=key, min_value=lo, max_value=hi, format="DD/MM/YYYY")
    if isinstance(value, (tuple, list)) and len(value) == 2:
        new_start, new_end = value
        if (new_start, new_end) != (start, end):
            update(start=new_start, end=new_end, p=1)
            start, end = new_start, new_end
    return start, end
