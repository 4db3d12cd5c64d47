"""The password lockout: per account and per client, across sessions, audited, no bcrypt when locked."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from monitor.ops import auth, signin
from monitor.store import audit, open_store

PW = "analis-rahasia-1"
CONFIG = auth.config_from_secrets(
    {"roles": {"passwords": {"analyst": auth.hash_password(PW, rounds=4)}}}
)
T0 = datetime(2026, 12, 1, 8, 0, 0)
ACCOUNT = "password:analyst"


def attempt(store, password, *, at, client="10.0.0.1", account=ACCOUNT):
    return signin.sign_in_with_password(
        store,
        CONFIG,
        password,
        account=account,
        client=client,
        refuse=frozenset({"viewer"}),
        now=at,
    )


def test_five_failures_lock_the_account_and_the_right_password_is_refused_unchecked(
    store, monkeypatch
):
    for i in range(signin.MAX_FAILS_PER_ACCOUNT):
        out = attempt(store, "salah", at=T0 + timedelta(seconds=i))
        assert out.wrong and out.role is None
    assert out.locked_seconds > 0  # the fifth failure locks at once
    checked = []
    monkeypatch.setattr(auth, "role_for_password", lambda *a: checked.append(a) or "analyst")
    out = attempt(store, PW, at=T0 + timedelta(minutes=1))
    assert out.role is None and not out.wrong and out.locked_seconds > 0
    assert checked == [], "bcrypt ran for a locked account"
    actions = audit.list_audit(store)["action"].tolist()
    assert actions.count("sign_in_failed") == 5 and actions[0] == "sign_in_locked"


def test_the_lock_holds_for_a_new_session_and_another_process(store_url):
    """Two handles on one store (two server processes) see the same failures."""
    first, second = open_store(store_url), open_store(store_url)
    try:
        for i in range(5):
            attempt(first, "salah", at=T0 + timedelta(seconds=i))
        out = attempt(second, PW, at=T0 + timedelta(minutes=2), client="10.0.0.2")
        assert out.locked_seconds > 0 and out.role is None
    finally:
        first.dispose()
        second.dispose()


def test_the_lock_ends_when_the_failures_leave_the_window(store):
    for i in range(5):
        attempt(store, "salah", at=T0 + timedelta(seconds=i))
    wait = signin.lock_status(store, ACCOUNT, now=T0 + timedelta(seconds=10))
    assert 0 < wait <= signin.WINDOW.total_seconds()
    later = T0 + signin.WINDOW + timedelta(seconds=5)
    assert attempt(store, PW, at=later).role == "analyst"


def test_a_success_resets_the_account_count_but_not_the_clients(store):
    for i in range(4):
        attempt(store, "salah", at=T0 + timedelta(seconds=i))
    assert attempt(store, PW, at=T0 + timedelta(seconds=5)).role == "analyst"
    for i in range(4):  # four more: the account is not locked (the success reset it)
        out = attempt(store, "salah", at=T0 + timedelta(seconds=10 + i))
    assert out.locked_seconds == 0


def test_one_address_guessing_many_accounts_is_rate_limited(store):
    at = T0
    for i in range(signin.MAX_FAILS_PER_CLIENT):
        at = T0 + timedelta(seconds=i)
        attempt(store, "salah", at=at, account=f"password:{i % 4}")  # never 5 on one account
    out = attempt(store, PW, at=at + timedelta(seconds=1), account="password:other")
    assert out.locked_seconds > 0 and out.role is None
    # another address is not affected
    assert attempt(store, PW, at=at + timedelta(seconds=2), client="10.9.9.9").role == "analyst"


def test_a_role_the_visitor_already_has_is_not_a_success(store):
    config = auth.config_from_secrets(
        {
            "roles": {
                "passwords": {
                    "analyst": auth.hash_password(PW, rounds=4),
                    "viewer": auth.hash_password("lihat-saja-22", rounds=4),
                }
            }
        }
    )
    out = signin.sign_in_with_password(
        store, config, "lihat-saja-22", account=ACCOUNT, refuse=frozenset({"viewer"}), now=T0
    )
    assert out.wrong and out.role is None


@pytest.mark.parametrize(("failures", "expected"), [(4, 0), (5, 896), (6, 896)])
def test_locked_for(failures, expected):
    times = [T0 - timedelta(seconds=i) for i in range(failures)]
    assert signin.locked_for(times, 5, T0) == expected


def test_the_password_is_never_stored(store):
    attempt(store, "rahasia-yang-salah", at=T0)
    attempt(store, PW, at=T0 + timedelta(seconds=1))
    dump = audit.list_audit(store).to_csv()
    assert "rahasia" not in dump and PW not in dump
