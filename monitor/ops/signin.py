"""Password sign-in with a lockout that holds across sessions and processes.

A browser session is free to make (a new tab, a script): counting failures there stops
nobody. Failures are counted in the store instead, per account (the role a password unlocks)
and per client address, and a locked account is refused *before* bcrypt runs, so guessing
costs the server nothing while it lasts. Every attempt, and every refusal, is in the audit log.

Policy (why these numbers): 5 failures within 15 minutes lock the account for what remains of
those 15 minutes; a team member who mistypes has four tries, a guesser gets 20 a hour instead of
thousands. A client address is limited to 20 failures in 15 minutes over all accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from monitor.ops import auth
from monitor.store import audit
from monitor.store.engine import Store

MAX_FAILS_PER_ACCOUNT = 5
MAX_FAILS_PER_CLIENT = 20
WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Outcome:
    """What a sign-in attempt gave: a role, or how long to wait, or a wrong password."""

    role: str | None = None
    wrong: bool = False  # the password was checked and did not match
    locked_seconds: int = 0  # refused unchecked (locked), or locked by this failure


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def locked_for(failures: list[datetime], limit: int, now: datetime) -> int:
    """Seconds left of a lock, given failure times (newest first) inside the window."""
    if len(failures) < limit:
        return 0
    # the lock ends when the limit-th newest failure leaves the window
    ends = failures[limit - 1] + WINDOW
    return max(0, int((ends - now).total_seconds() + 0.999))


def lock_status(
    store: Store, account: str, client: str = "", *, now: datetime | None = None
) -> int:
    """Seconds the account (or the client address) must wait before the next try; 0 = free."""
    now = now or _now()
    since = now - WINDOW
    wait = locked_for(
        audit.failures_since(store, since, account=account), MAX_FAILS_PER_ACCOUNT, now
    )
    if client:
        by_client = audit.failures_since(store, since, client=client)
        wait = max(wait, locked_for(by_client, MAX_FAILS_PER_CLIENT, now))
    return wait


def sign_in_with_password(
    store: Store,
    config: auth.AuthConfig,
    password: str,
    *,
    account: str,
    client: str = "",
    refuse: frozenset[str] = frozenset(),
    now: datetime | None = None,
) -> Outcome:
    """Check ``password`` unless ``account`` or ``client`` is locked; record the attempt.

    ``refuse`` names roles that do not count as a success here (the role a visitor already has
    without signing in). The password itself is never stored or logged.
    """
    now = now or _now()
    client = client[:64]
    wait = lock_status(store, account, client, now=now)
    if wait:
        audit.write_audit(
            store, action="sign_in_locked", at=now, detail=f"{account} from {client or '?'}: locked"
        )
        return Outcome(locked_seconds=wait)
    role = auth.role_for_password(config, password) if password else None
    ok = role is not None and role not in refuse
    audit.record_sign_in(
        store,
        account=account,
        client=client,
        ok=ok,
        at=now,
        actor=role if ok else "",
        detail=f"{account} from {client or '?'}",
    )
    if ok:
        return Outcome(role=role)
    return Outcome(wrong=True, locked_seconds=lock_status(store, account, client, now=now))
