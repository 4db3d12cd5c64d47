"""Versions of the learned sentiment values: candidates, the one in force, the history.

A version is written once (its values, figures and example counts never change); only its
status moves: ``candidate`` -> ``active`` (adopted) or ``discarded``; the active one becomes
``retired`` when another is adopted, or ``rolled_back`` when a roll-back leaves it. At most one
version is active; none active means scoring uses the shipped values. Every change of status
is one transaction, serialised with imports and re-scoring (``comments.prepare_bulk``), with
its line in the audit log.

``active_values`` is what the settings in force carry into scoring (``ops.settings.load``):
one small query per call, the values themselves parsed once per process and version.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from monitor.core.errors import StoreError
from monitor.nlp.learned_values import LearnedValues
from monitor.store.comments import prepare_bulk
from monitor.store.engine import Store
from monitor.store.schema import audit_log, sentiment_models

CANDIDATE, ACTIVE, RETIRED, ROLLED_BACK, DISCARDED = (
    "candidate",
    "active",
    "retired",
    "rolled_back",
    "discarded",
)
STATUSES = (CANDIDATE, ACTIVE, RETIRED, ROLLED_BACK, DISCARDED)
ADOPTABLE = (CANDIDATE, RETIRED, ROLLED_BACK)  # a discarded candidate stays discarded
VALUES_KEPT = 4  # parsed versions kept per process


@dataclass(frozen=True)
class ModelVersion:
    """One stored version without its values (``read_values`` has them)."""

    id: int
    status: str
    digest: str
    metrics: dict
    fit_examples: int
    held_out_examples: int
    before_macro_f1: float | None
    after_macro_f1: float | None
    created_by: str
    created_at: datetime
    adopted_by: str | None
    adopted_at: datetime | None
    changed_by: str | None
    changed_at: datetime | None


_COLUMNS = [c for c in sentiment_models.c if c.name != "weights"]


def _version(row) -> ModelVersion:
    m = row._mapping
    return ModelVersion(**{**dict(m), "metrics": json.loads(m["metrics"])})


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def add_candidate(
    store: Store,
    values: LearnedValues,
    *,
    metrics: dict,
    fit_examples: int,
    held_out_examples: int,
    before_macro_f1: float | None,
    after_macro_f1: float | None,
    created_by: str = "",
) -> int:
    """Store a re-fitted model as a candidate; returns its id."""
    now = _now()
    with store.begin() as conn:
        new_id = conn.execute(
            sentiment_models.insert().values(
                status=CANDIDATE,
                digest=values.digest,
                weights=json.dumps(values.as_json(), separators=(",", ":")),
                metrics=json.dumps(metrics),
                fit_examples=int(fit_examples),
                held_out_examples=int(held_out_examples),
                before_macro_f1=before_macro_f1,
                after_macro_f1=after_macro_f1,
                created_by=created_by[:256],
                created_at=now,
            )
        ).inserted_primary_key[0]
        _audit(conn, created_by, "model_refit", f"version {new_id}", now)
    return int(new_id)


def list_versions(store: Store) -> list[ModelVersion]:
    """Every version, newest first."""
    with store.connect() as conn:
        rows = conn.execute(select(*_COLUMNS).order_by(sentiment_models.c.id.desc())).all()
    return [_version(r) for r in rows]


def get_version(store: Store, version_id: int) -> ModelVersion | None:
    with store.connect() as conn:
        row = conn.execute(
            select(*_COLUMNS).where(sentiment_models.c.id == int(version_id))
        ).first()
    return None if row is None else _version(row)


def active_version(store: Store) -> ModelVersion | None:
    """The version in force (None: the shipped values)."""
    with store.connect() as conn:
        row = conn.execute(
            select(*_COLUMNS)
            .where(sentiment_models.c.status == ACTIVE)
            .order_by(sentiment_models.c.id.desc())
        ).first()
    return None if row is None else _version(row)


_CACHE: dict[str, LearnedValues] = {}
_CACHE_LOCK = threading.Lock()


def read_values(store: Store, version_id: int) -> LearnedValues:
    """The values of one version (``StoreError`` if there is no such version)."""
    with store.connect() as conn:
        row = conn.execute(
            select(sentiment_models.c.digest, sentiment_models.c.weights).where(
                sentiment_models.c.id == int(version_id)
            )
        ).first()
    if row is None:
        raise StoreError(f"model version {version_id} is not in the store")
    return _parsed(row.digest, row.weights)


def _parsed(digest: str, weights: str) -> LearnedValues:
    with _CACHE_LOCK:
        cached = _CACHE.get(digest)
    if cached is not None:
        return cached
    values = LearnedValues.from_json(json.loads(weights))
    if values.digest != digest:
        raise StoreError(f"model {digest[:12]}: its stored values do not match their digest")
    with _CACHE_LOCK:
        if len(_CACHE) >= VALUES_KEPT:
            _CACHE.clear()
        _CACHE[digest] = values
    return values


def active_values(store: Store) -> LearnedValues | None:
    """The values in force (None: the shipped ones): a query for the active version's digest,
    its values read and parsed only the first time this process meets them."""
    with store.connect() as conn:
        digest = conn.execute(
            select(sentiment_models.c.digest)
            .where(sentiment_models.c.status == ACTIVE)
            .order_by(sentiment_models.c.id.desc())
        ).scalar()
        if digest is None:
            return None
        with _CACHE_LOCK:
            cached = _CACHE.get(digest)
        if cached is not None:
            return cached
        weights = conn.execute(
            select(sentiment_models.c.weights).where(
                sentiment_models.c.status == ACTIVE, sentiment_models.c.digest == digest
            )
        ).scalar_one()
    return _parsed(digest, weights)


def activate(store: Store, version_id: int | None, *, actor: str = "", leaving: str) -> int | None:
    """Put ``version_id`` in force (None: the shipped values); the version in force before it
    takes the status ``leaving`` (``retired`` or ``rolled_back``). Returns the id that was in
    force before (None: the shipped values). One transaction; ``StoreError`` when the version
    does not exist, is already in force or was discarded."""
    if leaving not in (RETIRED, ROLLED_BACK):
        raise StoreError(f"a replaced version becomes retired or rolled_back, not {leaving!r}")
    now = _now()
    t = sentiment_models
    with store.begin() as conn:
        prepare_bulk(conn)  # one writer at a time: two adoptions cannot both win
        current = conn.execute(select(t.c.id).where(t.c.status == ACTIVE)).scalars().all()
        if version_id is not None:
            status = conn.execute(
                select(t.c.status).where(t.c.id == int(version_id))
            ).scalar_one_or_none()
            if status is None:
                raise StoreError(f"model version {version_id} is not in the store")
            if status == ACTIVE:
                raise StoreError(f"model version {version_id} is already in force")
            if status not in ADOPTABLE:
                raise StoreError(f"model version {version_id} was {status}; it cannot be adopted")
        elif not current:
            raise StoreError("the shipped values are already in force")
        if current:
            conn.execute(
                t.update()
                .where(t.c.id.in_(current))
                .values(status=leaving, changed_by=actor[:256], changed_at=now)
            )
        if version_id is not None:
            conn.execute(
                t.update()
                .where(t.c.id == int(version_id))
                .values(
                    status=ACTIVE,
                    adopted_by=actor[:256],
                    adopted_at=now,
                    changed_by=actor[:256],
                    changed_at=now,
                )
            )
        target = "the shipped values" if version_id is None else f"version {version_id}"
        action = "model_adopt" if leaving == RETIRED else "model_roll_back"
        _audit(conn, actor, action, f"{target} in force", now)
    return max(current) if current else None


def previous_version(store: Store) -> int | None:
    """The version in force before the current one: the last adopted of the retired ones
    (a rolled-back version is not "previous"; it can still be adopted again by its id)."""
    t = sentiment_models
    with store.connect() as conn:
        return conn.execute(
            select(t.c.id)
            .where(t.c.status == RETIRED, t.c.adopted_at.is_not(None))
            .order_by(t.c.adopted_at.desc(), t.c.id.desc())
        ).scalar()


def discard(store: Store, version_id: int, *, actor: str = "") -> None:
    """Set a candidate aside (kept, never in force); ``StoreError`` for any other version."""
    now = _now()
    t = sentiment_models
    with store.begin() as conn:
        status = conn.execute(
            select(t.c.status).where(t.c.id == int(version_id))
        ).scalar_one_or_none()
        if status is None:
            raise StoreError(f"model version {version_id} is not in the store")
        if status != CANDIDATE:
            raise StoreError(f"model version {version_id} is {status}, not a candidate")
        conn.execute(
            t.update()
            .where(t.c.id == int(version_id), t.c.status == CANDIDATE)
            .values(status=DISCARDED, changed_by=actor[:256], changed_at=now)
        )
        _audit(conn, actor, "model_discard", f"version {version_id}", now)


def _audit(conn, actor: str, action: str, detail: str, at: datetime) -> None:
    conn.execute(audit_log.insert().values(at=at, actor=actor[:256], action=action, detail=detail))
