"""Login widgets: Streamlit's ``st.login`` (identity provider) or a team password.

``monitor.auth`` decides roles; this module only asks who is at the keyboard. The role lives in
``st.session_state`` on the server, so no URL, query parameter or share link can carry it.
``current_role`` draws whatever sign-in the configuration needs and returns ``(role, user)``;
``role`` is None when the visitor may not see anything yet (app.py then stops the page).
"""

from __future__ import annotations

import streamlit as st

from app_pages import _data as data
from app_pages import _urlstate as urlstate
from monitor.ops import auth, signin
from monitor.ui.safe_text import md_text

ROLE_KEY = "_citra_auth_role"  # role unlocked by a password in this browser session

TEXT: dict[str, tuple[str, str]] = {
    "sign_in": ("Masuk", "Sign in"),
    "sign_out": ("Keluar", "Sign out"),
    "sign_in_sso": ("Masuk dengan akun instansi", "Sign in with your organisation account"),
    "sign_in_needed": (
        "Citra hanya untuk tim yang terdaftar. Silakan masuk.",
        "Citra is for registered team members. Please sign in.",
    ),
    "not_allowed": (
        "Akun {email} tidak terdaftar untuk Citra. Hubungi admin tim.",
        "The account {email} is not registered for Citra. Ask the team's admin.",
    ),
    "password": ("Kata sandi", "Password"),
    "analyst_sign_in": ("Masuk sebagai analis", "Sign in as analyst"),
    "wrong_password": ("Kata sandi salah.", "Wrong password."),
    "locked": (
        "Terlalu banyak percobaan. Coba lagi dalam {seconds} detik.",
        "Too many attempts. Try again in {seconds} seconds.",
    ),
}


def _t(key: str, **values: object) -> str:
    indonesian, english = TEXT[key]
    return (english if urlstate.lang() == "en" else indonesian).format(**values)


def _client() -> str:
    """The visitor's address where Streamlit knows it (behind a proxy it may not)."""
    return str(st.context.ip_address or "")


def _password_form(config: auth.AuthConfig, *, key: str, account: str) -> None:
    """A password form; a correct password stores the role it unlocks and reruns.

    Failures count per ``account`` and per client address in the store (``monitor.ops.signin``),
    so neither a new browser session nor another server process starts the count afresh.
    """
    store = data.get_store()
    wait = signin.lock_status(store, account, _client())
    if wait:
        st.error(_t("locked", seconds=wait))
        return
    with st.form(key, clear_on_submit=True):
        password = st.text_input(_t("password"), type="password", key=f"{key}_password")
        submitted = st.form_submit_button(_t("sign_in"), key=f"{key}_submit")
    if not submitted:
        return
    refuse = frozenset({config.anonymous_role}) if config.anonymous_role else frozenset()
    outcome = signin.sign_in_with_password(
        store, config, password, account=account, client=_client(), refuse=refuse
    )
    if outcome.role is None:
        st.error(
            _t("locked", seconds=outcome.locked_seconds)
            if outcome.locked_seconds and not outcome.wrong
            else _t("wrong_password")
        )
        return
    st.session_state[ROLE_KEY] = outcome.role
    st.rerun()


def _password_role(config: auth.AuthConfig) -> tuple[str | None, str]:
    role = st.session_state.get(ROLE_KEY)
    if role in auth.ROLES and role in config.password_hashes:
        with st.sidebar:
            if st.button(_t("sign_out"), key="citra_sign_out"):
                st.session_state.pop(ROLE_KEY, None)
                st.rerun()
        return role, ""
    if config.anonymous_role is None:
        st.info(_t("sign_in_needed"))
        _password_form(config, key="citra_login", account="password:team")
        return None, ""
    with st.sidebar.expander(_t("analyst_sign_in"), icon=":material/key:"):
        _password_form(config, key="citra_analyst_login", account="password:analyst")
    return config.anonymous_role, ""


def _oidc_role(config: auth.AuthConfig) -> tuple[str | None, str]:
    if not st.user.get("is_logged_in"):
        st.info(_t("sign_in_needed"))
        if st.button(_t("sign_in_sso"), key="citra_sso", type="primary"):
            if config.provider:
                st.login(config.provider)
            else:
                st.login()
        return None, ""
    email = str(st.user.get("email") or "")
    role = auth.role_for_email(config, email)
    if role is None:
        st.error(_t("not_allowed", email=md_text(email or "?")))
        if st.button(_t("sign_out"), key="citra_sign_out"):
            st.logout()
        return None, email
    with st.sidebar:
        if st.button(_t("sign_out"), key="citra_sign_out"):
            st.logout()
    return role, email


def current_role(config: auth.AuthConfig) -> tuple[str | None, str]:
    """(role, user shown in the sidebar) for this visitor; draws the sign-in it needs."""
    if config.mode == "open":
        return auth.ANALYST, ""
    if config.mode == "oidc":
        return _oidc_role(config)
    return _password_role(config)
