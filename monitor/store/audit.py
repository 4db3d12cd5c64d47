"""Sign-in attempts and the audit log: the store side of the lockout (``monitor.ops.signin``)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import func, select

from monitor.store.engine import Store
from monitor.store.schema import audit_log, sign_ins

MAX_DETAIL = 500  # audit details are short sentences; a longer one is cut, never refused


def record_sign_in(
    store: Store,
    *,
    account: str,
    client: str,
    ok: bool,
    at: datetime,
    actor: str = "",
    detail: str = "",
) -> None:
    """One attempt and its audit line, in one transaction."""
    with store.begin() as conn:
        conn.execute(sign_ins.insert().values(at=at, account=account, client=client, ok=ok))
        conn.execute(
            audit_log.insert().values(
                at=at,
                actor=actor[:256],
                action="sign_in_ok" if ok else "sign_in_failed",
                detail=detail[:MAX_DETAIL],
            )
        )


def failures_since(
    store: Store, since: datetime, *, account: str | None = None, client: str | None = None
) -> list[datetime]:
    """Times of failed attempts after ``since`` (and after the last success), newest first.

    By account, or by client address: a success resets only what it proves (the account).
    """
    cond = [sign_ins.c.at > since]
    if account is not None:
        cond.append(sign_ins.c.account == account)
    if client is not None:
        cond.append(sign_ins.c.client == client)
    with store.connect() as conn:
        if account is not None:
            last_ok = conn.execute(
                select(func.max(sign_ins.c.at)).where(*cond, sign_ins.c.ok.is_(True))
            ).scalar()
            if last_ok is not None:
                cond.append(sign_ins.c.at > last_ok)
        rows = conn.execute(
            select(sign_ins.c.at)
            .where(*cond, sign_ins.c.ok.is_(False))
            .order_by(sign_ins.c.at.desc())
        ).all()
    return [r[0] for r in rows]


def write_audit(
    store: Store, *, action: str, at: datetime, actor: str = "", detail: str = ""
) -> None:
    with store.begin() as conn:
        conn.execute(
            audit_log.insert().values(
                at=at, actor=actor[:256], action=action[:32], detail=detail[:MAX_DETAIL]
            )
        )


def list_audit(store: Store, *, limit: int = 200) -> pd.DataFrame:
    """The newest audit lines first."""
    with store.connect() as conn:
        rows = conn.execute(
            select(audit_log.c.at, audit_log.c.actor, audit_log.c.action, audit_log.c.detail)
            .order_by(audit_log.c.at.desc(), audit_log.c.id.desc())
            .limit(limit)
        ).all()
    return pd.DataFrame(rows, columns=["at", "actor", "action", "detail"])
