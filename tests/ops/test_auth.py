import subprocess
import sys

import pytest

from monitor.core.errors import CitraError
from monitor.ops import auth

# Cost 4 keeps the tests fast; the command defaults to 12.
ANALYST_PW = "analis-rahasia-1"
VIEWER_PW = "lihat-saja-22"
ANALYST_HASH = auth.hash_password(ANALYST_PW, rounds=4)
VIEWER_HASH = auth.hash_password(VIEWER_PW, rounds=4)


def test_no_configuration_is_open():
    for secrets in (None, {}, {"roles": {}}, {"auth": {"redirect_uri": "x"}}):
        config = auth.config_from_secrets(secrets)
        assert config.mode == "open"
        assert auth.resolve_role(secrets) == auth.ANALYST


OIDC = {
    "auth": {"redirect_uri": "http://localhost:8501/oauth2callback"},
    "roles": {
        "analysts": ["Ani@Kemensos.go.id"],
        "viewers": ["@kemensos.go.id", "auditor@bpk.go.id"],
    },
}


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("ani@kemensos.go.id", "analyst"),
        ("ANI@kemensos.go.id ", "analyst"),
        ("budi@kemensos.go.id", "viewer"),
        ("auditor@bpk.go.id", "viewer"),
        ("someone@bpk.go.id", None),
        ("ani@kemensos.go.id.evil.com", None),
        ("kemensos.go.id", None),
        ("", None),
        (None, None),
    ],
)
def test_oidc_allow_lists(email, role):
    assert auth.resolve_role(OIDC, email=email) == role


def test_oidc_star_admits_any_signed_in_account_as_viewer():
    secrets = {"roles": {"analysts": ["ani@kemensos.go.id"], "viewers": ["*"]}}
    assert auth.resolve_role(secrets, email="x@example.org") == "viewer"
    assert auth.resolve_role(secrets, email=None) is None


@pytest.mark.parametrize(
    ("password", "role"),
    [
        (ANALYST_PW, "analyst"),
        (VIEWER_PW, "viewer"),
        ("wrong-password", None),
        ("", None),
        (None, None),
        ("x" * 200, None),
        (ANALYST_PW + " ", None),
    ],
)
def test_password_roles(password, role):
    secrets = {"roles": {"passwords": {"analyst": ANALYST_HASH, "viewer": VIEWER_HASH}}}
    assert auth.resolve_role(secrets, password=password) == role


def test_without_viewer_hash_visitors_view():
    secrets = {"roles": {"passwords": {"analyst": ANALYST_HASH}}}
    assert auth.resolve_role(secrets) == "viewer"
    assert auth.resolve_role(secrets, password="wrong-password") is None
    assert auth.resolve_role(secrets, password=ANALYST_PW) == "analyst"


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ({"passwords": {"analyst": "plain-text-password"}}, "not a bcrypt hash"),
        ({"passwords": {"admin": ANALYST_HASH}}, "unknown role"),
        ({"passwords": {"viewer": VIEWER_HASH}}, "needs an analyst"),
        ({"passwords": {"analyst": ANALYST_HASH}, "analysts": ["a@b.c"]}, "not both"),
        ({"analysts": "a@b.c", "viewers": [1]}, "list of e-mail"),
        ("analyst", "must be a table"),
    ],
)
def test_bad_configuration_is_a_clear_error(roles, message):
    with pytest.raises(auth.AuthConfigError, match=message):
        auth.config_from_secrets({"roles": roles})


def test_can_edit_only_analyst():
    assert auth.can_edit("analyst")
    assert not auth.can_edit("viewer")
    assert not auth.can_edit(None)


def test_hash_password_salted_and_checked():
    a = auth.hash_password("satu-dua-tiga", rounds=4)
    b = auth.hash_password("satu-dua-tiga", rounds=4)
    assert a != b and "satu" not in a
    assert auth.check_password("satu-dua-tiga", a) and auth.check_password("satu-dua-tiga", b)
    assert not auth.check_password("satu-dua-empat", a)
    with pytest.raises(CitraError, match="too short"):
        auth.hash_password("pendek")


def test_hash_password_command():
    result = subprocess.run(
        [sys.executable, "-m", "monitor", "hash-password", "--role", "viewer", "--rounds", "4"],
        input="kata-sandi-panjang\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    role, _, quoted = result.stdout.strip().partition(" = ")
    assert role == "viewer"
    hashed = quoted.strip('"')
    secrets = {"roles": {"passwords": {"analyst": ANALYST_HASH, "viewer": hashed}}}
    assert auth.resolve_role(secrets, password="kata-sandi-panjang") == "viewer"


def test_hash_password_command_rejects_short():
    result = subprocess.run(
        [sys.executable, "-m", "monitor", "hash-password"],
        input="abc\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Error: password too short")
