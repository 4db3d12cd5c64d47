"""Citra: entry point. Navigation, language, access, the shared sidebar and first-run demo data.

Every analyst action on every page sits behind the one ``can_edit`` value computed here from
``monitor.ops.auth``; pages read it through ``app_pages._widgets.can_edit()``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import streamlit as st

from app_pages import _auth  # login widgets (identity provider or team password)
from app_pages import _data as data
from app_pages import _urlstate as urlstate
from app_pages import _widgets as ui
from monitor.analysis import events
from monitor.core import platforms
from monitor.core.errors import CitraError
from monitor.demo import generator as demo
from monitor.ops import auth
from monitor.store import queries
from monitor.ui import viewstate
from monitor.ui.fmt import fmt_date, fmt_int
from monitor.ui.safe_text import md_text

# A surprise that escapes every page's guard still shows a plain message, never a traceback;
# and viewers get no developer menu.
st.set_option("client.showErrorDetails", "none")
st.set_option("client.toolbarMode", "minimal")

st.set_page_config(
    page_title="Citra",
    page_icon="📊",
    layout="wide",
    initial_sidebar_state="expanded",
)

# The page files live in ``app_pages/``, not ``pages/``: Streamlit treats a ``pages/`` folder as
# its older folder-based navigation and would answer a server's first request from it, without
# this script (no sidebar, no access check). Each page is reached only through st.navigation.
PAGES: dict[str, tuple[str, str, str]] = {
    # name: (file, url path, icon)
    "morning": ("app_pages/view_morning.py", "morning", ":material/wb_sunny:"),
    "timeline": ("app_pages/view_timeline.py", "timeline", ":material/timeline:"),
    "comments": ("app_pages/view_comments.py", "comments", ":material/forum:"),
    "complaints": ("app_pages/view_complaints.py", "complaints", ":material/support_agent:"),
    "content": ("app_pages/view_content.py", "content", ":material/photo_library:"),
    "upload": ("app_pages/manage_upload.py", "upload", ":material/upload_file:"),
    "events": ("app_pages/manage_events.py", "events", ":material/newspaper:"),
    "settings": ("app_pages/manage_settings.py", "settings", ":material/settings:"),
}
ANALYST_ONLY = ("upload", "settings")
ROOT = Path(__file__).resolve().parent


def _secrets() -> dict[str, Any]:
    """The secrets as a plain mapping; none configured is a normal laptop install."""
    try:
        return {k: st.secrets[k] for k in st.secrets}
    except Exception:  # no secrets.toml at all
        return {}


def access() -> tuple[bool | None, str, str]:
    """(can_edit, mode, user) for this visitor, from monitor.auth and the secrets.

    ``can_edit`` is None while the visitor has not signed in (the sign-in is then on screen).
    """
    config = auth.config_from_secrets(_secrets())
    if config.mode == "open":
        return True, "open", ""
    role, user = _auth.current_role(config)
    if role is None:
        return None, config.mode, user
    return auth.can_edit(role), config.mode, user


def context() -> viewstate.ViewContext:
    """What the store holds, so stale links are recognised."""
    lo, hi = data.bounds()
    post_ids = frozenset(data.posts()["post_id"].astype(str)) if lo else None
    event_ids = frozenset(int(i) for i in data.event_list()["id"])
    return viewstate.ViewContext(min_day=lo, max_day=hi, posts=post_ids, events=event_ids)


@st.cache_resource(max_entries=4)
def _seed_news(url: str) -> int:
    """The shipped timeline of the case, once per store and process (idempotent)."""
    return events.seed_timeline(data.get_store())


def first_run_demo() -> bool:
    """A fresh store gets the demo data once, unless CITRA_DEMO=0 (tests, real deployments).

    "Fresh" means no import ever happened: after the demo is removed it stays removed.
    """
    if os.environ.get("CITRA_DEMO", "1") == "0" or st.session_state.get("_citra_demo_checked"):
        return False
    st.session_state["_citra_demo_checked"] = True
    store = data.get_store()
    if queries.import_count(store) > 0:
        return False
    with st.spinner(ui.t("demo_loading")):
        demo.load_demo(store)
    st.cache_data.clear()
    return True


def sidebar(page_path: str, can_edit: bool, mode: str, user: str) -> None:
    with st.sidebar:
        urlstate.bound(
            "lang",
            st.segmented_control,
            ui.t("language"),
            options=["id", "en"],
            format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code],
            from_widget=lambda v: v if v in ("id", "en") else urlstate.KEEP,
        )
        urlstate.bound(
            "platforms",
            st.multiselect,
            ui.t("platform_filter"),
            options=list(platforms.PLATFORMS),
            format_func=platforms.label,
            placeholder=ui.t("platform_all"),
            help=ui.t("platform_help"),
            to_widget=list,
            from_widget=viewstate.platform_choice,
        )
        lo, hi = data.bounds()
        if lo:
            st.caption(
                ui.t(
                    "data_summary",
                    comments=fmt_int(data.comment_total(), urlstate.lang()),
                    first=fmt_date(lo, urlstate.lang()),
                    last=fmt_date(hi, urlstate.lang()),
                )
            )
        if data.demo_loaded():
            st.warning(
                f"**{ui.t('demo_badge')}** · {ui.t('demo_explain')}", icon=":material/science:"
            )
            if can_edit and st.button(ui.t("demo_remove"), key="demo_remove"):
                demo.remove_demo(data.get_store())
                st.cache_data.clear()
                ui.flash(ui.t("demo_removed"))
                st.rerun()
        elif can_edit and lo is None and st.button(ui.t("demo_load"), key="demo_load"):
            with st.spinner(ui.t("demo_loading")):
                demo.load_demo(data.get_store())
            st.cache_data.clear()
            ui.flash(ui.t("demo_loaded"))
            st.rerun()
        with st.popover(ui.t("copy_link"), icon=":material/link:", help=ui.t("copy_link_help")):
            st.caption(ui.t("copy_link_caption"))
            st.code(urlstate.share_link(page_path), language=None, wrap_lines=True)
        if mode == "open":
            st.caption(f":material/lock_open: {ui.t('open_mode')}")
        else:
            role = ui.t("role_analyst") if can_edit else ui.t("role_viewer")
            # The e-mail comes from the identity provider: shown as text.
            st.caption(f":material/person: {md_text(user)} · {role}" if user else role)


def nav_pages(can_edit: bool) -> dict[str, Any]:
    """The pages this visitor may open, by name (analysts' pages only for analysts)."""
    pages = {}
    for name, (path, url_path, icon) in PAGES.items():
        if name in ANALYST_ONLY and not can_edit:
            continue
        pages[name] = st.Page(
            ROOT / path,
            title=ui.t(f"nav_{name}"),
            icon=icon,
            url_path=url_path,
            default=name == "morning",
        )
    return pages


def before_sign_in() -> None:
    """Only the sign-in on screen: no menu, no page. The navigation is still set up, hidden and
    with every page, so the page a link asked for (``/comments?...``) is the one the visitor
    lands on after signing in, with the link's filters (already in the view state); without it
    Streamlit would forget the page, and would keep showing the menu of a visitor who signed out.
    """
    st.navigation(list(nav_pages(True).values()), position="hidden")
    st.stop()


def main() -> None:
    try:
        urlstate.init_view(context())
    except Exception as exc:  # an unreadable store: say so instead of a traceback
        urlstate.init_view(viewstate.ViewContext())
        ui.show_error(exc)
    try:
        can_edit, mode, user = access()
    except CitraError as exc:
        ui.show_error(exc)
        st.stop()
    if can_edit is None:
        before_sign_in()
    st.session_state[ui.CAN_EDIT_KEY] = can_edit
    st.session_state[ui.USER_KEY] = user

    with ui.guarded():
        _seed_news(data.store_url())
        if first_run_demo():
            # The link was read against an empty store; read it again against the demo data.
            urlstate.reset()
            urlstate.init_view(context())
    # The language switch sits in the sidebar, drawn after the menu: apply a new choice first
    # so the menu is in the chosen language on this very run.
    chosen = st.session_state.get("vs_lang")
    if chosen in ("id", "en") and chosen != urlstate.lang():
        urlstate.update(lang=chosen)

    pages = nav_pages(can_edit)
    sections = {
        ui.t("section_view"): [
            pages[n]
            for n in ("morning", "timeline", "comments", "complaints", "content")
            if n in pages
        ],
        ui.t("section_manage"): [pages[n] for n in ("upload", "events", "settings") if n in pages],
    }
    current = st.navigation(sections)
    page_name = next((n for n, p in pages.items() if p.url_path == current.url_path), "morning")

    # A link such as ?page=timeline (from an older share) opens that page.
    target = urlstate.view().page
    if page_name == "morning" and target != "morning" and target in pages:
        urlstate.set_view(page="morning")
        st.switch_page(pages[target])

    with ui.guarded():
        sidebar("" if page_name == "morning" else PAGES[page_name][1], can_edit, mode, user)
    with ui.guarded():
        if data.demo_loaded():
            st.badge(
                ui.t("demo_badge"),
                icon=":material/science:",
                color="orange",
                help=ui.t("demo_explain"),
            )
    ui.show_flash()
    ui.show_notices()
    st.session_state[ui.SHELL_KEY] = True
    try:
        current.run()
    finally:
        st.session_state.pop(ui.SHELL_KEY, None)
    urlstate.write_url(page_name)


main()
