"""A viewer cannot reach any analyst action: not via the menu, a crafted URL or query
parameter, a forged page request, or by running a page file on its own.

Analyst actions: upload and import, undo an import, add/edit/delete events and fetch news,
correct a sentiment label, change settings, load or remove demo data. Each check has a positive
control (the analyst does see the control), so a renamed widget cannot make the test pass
vacuously. Roles come from ``[roles]`` in the secrets, as in a deployment.
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from monitor.analysis import events as events_mod
from monitor.demo import generator as demo
from monitor.ingest.pipeline import import_file
from monitor.ops import auth
from monitor.store import open_store
from monitor.ui.safe_text import md_text

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
ANALYST_PW = "analis-rahasia-1"
VIEWER_PW = "peninjau-rahasia-2"
ANALYST_HASH = auth.hash_password(ANALYST_PW, rounds=4)
VIEWER_HASH = auth.hash_password(VIEWER_PW, rounds=4)
OPEN_VIEWING = {"roles": {"passwords": {"analyst": ANALYST_HASH}}}
CLOSED = {"roles": {"passwords": {"analyst": ANALYST_HASH, "viewer": VIEWER_HASH}}}

ANALYST_PAGES = ("app_pages/manage_upload.py", "app_pages/manage_settings.py")
SHARED_PAGES = (
    "app_pages/view_morning.py",
    "app_pages/view_timeline.py",
    "app_pages/view_comments.py",
    "app_pages/view_complaints.py",
    "app_pages/manage_events.py",
)
ALL_PAGES = SHARED_PAGES + ANALYST_PAGES
# Buttons that only open another page with a view (they change no data).
NAVIGATION_KEYS = {"overdue_link"}
LOGIN_KEYS = {"citra_analyst_login_submit", "citra_login_submit", "citra_sign_out", "citra_sso"}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("access")
    db = folder / "seed.db"
    store = open_store(f"sqlite:///{db}")
    export = demo.write_demo_export(folder / "demo.json", 300, seed=3)
    import_file(store, export)
    events_mod.seed_timeline(store)
    store.dispose()
    return db


@pytest.fixture
def env(seeded, tmp_path, monkeypatch) -> Path:
    db = tmp_path / "citra.db"
    shutil.copy(seeded, db)
    monkeypatch.setenv("CITRA_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("CITRA_DEMO", "0")
    return db


def start(secrets: dict | None, params: dict[str, str] | None = None, script: str = APP) -> AppTest:
    at = AppTest.from_file(script, default_timeout=60)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def analyst_controls(at: AppTest) -> list[str]:
    """Every control on screen that changes data (anything but reading, filtering, signing in)."""
    found = [b.key for b in at.button if b.key not in LOGIN_KEYS | NAVIGATION_KEYS]
    found += [f"radio:{r.key}" for r in at.radio if r.key == "correct_label"]
    found += [f"uploader:{u.key}" for u in at.get("file_uploader")]
    return found


def sign_in(at: AppTest, password: str) -> AppTest:
    at.text_input(key="citra_analyst_login_password").input(password)
    return at.button(key="citra_analyst_login_submit").click().run()


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def visit(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    if page == "app_pages/view_comments.py":
        picker = at.selectbox(key="comment_pick")
        picker.select_index(0).run()  # the label correction appears once a comment is chosen
    return at


# --- the menu ---------------------------------------------------------------------------------


def test_viewer_menu_has_no_analyst_pages(env):
    at = start(OPEN_VIEWING)
    assert_clean(at)
    for page in SHARED_PAGES:
        visit(at, page)
        assert_clean(at)
    for page in ANALYST_PAGES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


@pytest.mark.parametrize("page", SHARED_PAGES)
def test_viewer_sees_no_analyst_control_on_any_page(env, page):
    at = visit(start(OPEN_VIEWING), page)
    assert_clean(at)
    assert analyst_controls(at) == []


@pytest.mark.parametrize("page", ALL_PAGES)
def test_analyst_sees_the_controls(env, page):
    """Positive control: the same checks find the analyst's controls after signing in."""
    at = sign_in(start(OPEN_VIEWING), ANALYST_PW)
    assert_clean(at)
    visit(at, page)
    assert_clean(at)
    if page in ("app_pages/view_morning.py", "app_pages/view_timeline.py"):
        return  # read-only pages: nothing to find for anyone
    assert analyst_controls(at), f"no analyst control found on {page}"


# --- crafted URLs and requests -----------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"page": "upload"},
        {"page": "settings"},
        {"page": "manage_upload"},
        {"role": "analyst", "can_edit": "1", "_citra_can_edit": "true"},
        {"_citra_auth_role": "analyst", "page": "upload"},
    ],
)
def test_crafted_query_parameters_do_not_grant_access(env, params):
    at = start(OPEN_VIEWING, params)
    assert_clean(at)
    assert analyst_controls(at) == []
    assert [t.value for t in at.title] != ["Unggah ekspor komentar"]
    assert any("peninjau" in c.value for c in at.sidebar.caption)


@pytest.mark.parametrize("page", ANALYST_PAGES)
def test_forged_page_request_falls_back_for_a_viewer(env, page):
    """Replay the exact page request an analyst's browser sends, in a viewer's session."""
    analyst = sign_in(start(OPEN_VIEWING), ANALYST_PW)
    analyst.switch_page(page).run()
    assert analyst_controls(analyst)
    forged = start(OPEN_VIEWING)
    forged._page_hash = analyst._page_hash  # what a crafted URL path resolves to
    forged.run()
    assert_clean(forged)
    assert analyst_controls(forged) == []


@pytest.mark.parametrize("secrets", [OPEN_VIEWING, None], ids=["roles", "open"])
@pytest.mark.parametrize("page", ALL_PAGES)
def test_page_file_run_on_its_own_offers_nothing(env, page, secrets):
    at = start(secrets, script=str(ROOT / page))
    assert_clean(at)
    if page == "app_pages/view_comments.py" and at.selectbox:
        at.selectbox(key="comment_pick").select_index(0).run()
    assert analyst_controls(at) == []


# --- sign-in ----------------------------------------------------------------------------------


def test_wrong_password_keeps_viewer_and_locks_out(env):
    at = start(OPEN_VIEWING)
    for _ in range(5):
        sign_in(at, "salah-sekali")
        assert any("salah" in e.value.lower() for e in at.error)
        assert analyst_controls(at) == []
    at.run()
    assert any("percobaan" in e.value for e in at.error)  # locked: no form to try again
    assert not at.text_input


def test_the_lockout_holds_for_a_new_browser_session(env):
    """Failures are counted in the store: a fresh session (new tab, script) is locked too."""
    first = start(OPEN_VIEWING)
    for _ in range(5):
        sign_in(first, "salah-sekali")
    fresh = start(OPEN_VIEWING)
    assert any("percobaan" in e.value for e in fresh.error)
    assert not fresh.text_input, "a new session offered the password form again"
    assert analyst_controls(fresh) == []


def test_viewer_password_does_not_unlock_analyst_actions(env):
    at = start(CLOSED)
    assert not at.title, "a closed deployment showed a page before sign-in"
    at.text_input(key="citra_login_password").input(VIEWER_PW)
    at.button(key="citra_login_submit").click().run()
    assert_clean(at)
    assert [t.value for t in at.title] == ["Ringkasan pagi"]
    for page in SHARED_PAGES:
        visit(at, page)
        assert analyst_controls(at) == []
    at.button(key="citra_sign_out").click().run()
    assert not at.title


def test_share_link_carries_no_credentials(env):
    at = sign_in(start(OPEN_VIEWING), ANALYST_PW)
    links = [c.value for c in at.code]
    assert links, "no share link on the page"
    for link in links:
        assert ANALYST_PW not in link
        for word in ("role", "analyst", "analis", "password", "_citra", "session", "token"):
            assert word not in link.lower()


def test_open_mode_says_so(env):
    at = start(None)
    assert_clean(at)
    assert any("Mode terbuka" in c.value for c in at.sidebar.caption)
    visit(at, "app_pages/manage_upload.py")
    assert analyst_controls(at)


# --- identity provider (st.login) ---------------------------------------------------------------

OIDC = {
    "auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32},
    "roles": {"analysts": ["ani@kemensos.go.id"], "viewers": ["@kemensos.go.id"]},
}


def start_as(user: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in OIDC.items():
        at.secrets[key] = value
    at.user = user
    return at.run()


def test_oidc_signed_out_sees_only_the_sign_in(env):
    at = start_as({"is_logged_in": False})
    assert_clean(at)
    assert not at.title
    assert [b.key for b in at.button] == ["citra_sso"]


def test_oidc_unlisted_account_is_refused(env):
    at = start_as({"is_logged_in": True, "email": "orang@contoh.com"})
    assert_clean(at)
    assert not at.title
    # Shown as text: the address is escaped in the Markdown source (monitor.ui.safe_text).
    assert any(md_text("orang@contoh.com") in e.value for e in at.error)


def test_oidc_viewer_domain_reads_but_cannot_edit(env):
    at = start_as({"is_logged_in": True, "email": "budi@kemensos.go.id"})
    assert_clean(at)
    assert [t.value for t in at.title] == ["Ringkasan pagi"]
    for page in SHARED_PAGES:
        visit(at, page)
        assert analyst_controls(at) == []
    for page in ANALYST_PAGES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


def test_oidc_listed_analyst_can_edit(env):
    at = start_as({"is_logged_in": True, "email": "Ani@Kemensos.go.id"})
    assert_clean(at)
    visit(at, "app_pages/manage_upload.py")
    assert [u.key for u in at.get("file_uploader")] == ["uploads"]
    assert any(md_text("Ani@Kemensos.go.id") in c.value for c in at.sidebar.caption)


# --- a shared link as a server's first request -------------------------------------------------

URL_PATHS = ("timeline", "comments", "upload", "events", "settings")
TITLES = {"timeline": "Linimasa sentimen", "comments": "Komentar", "events": "Peristiwa berita"}


def start_at(url_path: str, secrets: dict | None, monkeypatch) -> AppTest:
    """The first run of a visit that opens /<url_path>, as the browser asks for it: no page hash
    yet, only the URL path as the page name."""
    from streamlit.testing.v1 import local_script_runner

    rerun_data = functools.partial(local_script_runner.RerunData, page_name=url_path)
    monkeypatch.setattr(local_script_runner, "RerunData", rerun_data)
    return start(secrets)


def test_no_legacy_pages_folder():
    """With a ``pages/`` folder next to app.py, Streamlit answers a server's first request from
    that folder (its older folder-based navigation), without app.py's sign-in and access checks.
    The page files live in app_pages/, so every request runs app.py."""
    assert not (ROOT / "pages").exists()


@pytest.mark.parametrize("name", URL_PATHS)
def test_first_request_for_a_url_path_runs_the_whole_app_for_a_viewer(env, monkeypatch, name):
    """A server's first request for /<name> must be the full app, with the sign-in and access
    checks, never a bare page."""
    at = start_at(name, OPEN_VIEWING, monkeypatch)
    assert_clean(at)
    assert analyst_controls(at) == []
    assert [p for p in at.get("text_input") if p.key == "citra_analyst_login_password"] or any(
        "login" in (b.key or "") for b in at.button
    ), "the app shell (with its sign-in) did not run"
    if name in TITLES:  # a viewer's page opens; an analyst's page is not in a viewer's menu
        assert [t.value for t in at.title] == [TITLES[name]]
    else:
        assert [t.value for t in at.title] == ["Ringkasan pagi"]


def test_first_request_for_a_url_path_opens_the_app_in_open_mode(env, monkeypatch):
    at = start_at("comments", None, monkeypatch)
    assert_clean(at)
    assert any("Mode terbuka" in m.value or "Open mode" in m.value for m in at.caption), [
        m.value for m in at.caption
    ]
    assert [t.value for t in at.title] == ["Komentar"]
