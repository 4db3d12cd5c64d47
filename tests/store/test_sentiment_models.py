"""Model versions of the learned sentiment values: stored, listed, activated, rolled back."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect, select

from monitor.core.errors import StoreError
from monitor.nlp.learned_values import LearnedValues
from monitor.store import migrate
from monitor.store import sentiment_models as models
from monitor.store.engine import make_engine
from monitor.store.schema import audit_log

A = LearnedValues({"bagus": 2.5, "dtks": -1.25}, {"dtks": 0.5}, 0.0, 1.4665)
B = LearnedValues({"bagus": 2.0}, {}, 0.0, 1.0)


def _add(store, values=A, by="ana") -> int:
    return models.add_candidate(
        store,
        values,
        metrics={"held_out_examples": 40, "labels": ["negative", "neutral"]},
        fit_examples=160,
        held_out_examples=40,
        before_macro_f1=0.5,
        after_macro_f1=0.625,
        created_by=by,
    )


def test_a_candidate_round_trips(store):
    vid = _add(store)
    (v,) = models.list_versions(store)
    assert (v.id, v.status, v.digest, v.created_by) == (vid, "candidate", A.digest, "ana")
    assert (v.fit_examples, v.held_out_examples) == (160, 40)
    assert (v.before_macro_f1, v.after_macro_f1) == (0.5, 0.625)
    assert v.metrics == {"held_out_examples": 40, "labels": ["negative", "neutral"]}
    assert v.created_at is not None and v.adopted_at is None
    back = models.read_values(store, vid)
    assert back == A and dict(back.valence) == {"bagus": 2.5, "dtks": -1.25}
    assert dict(back.neutral) == {"dtks": 0.5} and back.neutral_bias == 1.4665
    assert models.get_version(store, vid) == v
    assert models.active_values(store) is None  # a candidate is not in force


def test_one_version_is_active_and_adopting_another_retires_it(store):
    a, b = _add(store, A), _add(store, B)
    assert models.activate(store, a, actor="ana", leaving=models.RETIRED) is None
    assert models.active_values(store) == A
    assert models.activate(store, b, actor="budi", leaving=models.RETIRED) == a
    statuses = {v.id: v.status for v in models.list_versions(store)}
    assert statuses == {a: "retired", b: "active"}
    assert models.active_version(store).adopted_by == "budi"
    assert models.active_values(store) == B
    assert models.previous_version(store) == a


def test_roll_back_walks_back_through_the_adopted_versions_then_to_shipped(store):
    a, b, c = _add(store, A), _add(store, B), _add(store, LearnedValues({"x": 1.0}, {}, 0, 0))
    for v in (a, b, c):
        models.activate(store, v, leaving=models.RETIRED)
    for expected in (b, a, None):
        target = models.previous_version(store)
        assert target == expected
        models.activate(store, target, leaving=models.ROLLED_BACK)
        active = models.active_version(store)
        assert (None if active is None else active.id) == expected
    assert {v.status for v in models.list_versions(store)} == {"rolled_back"}
    with pytest.raises(StoreError, match="shipped values are already in force"):
        models.activate(store, None, leaving=models.ROLLED_BACK)
    models.activate(store, b, leaving=models.RETIRED)  # a rolled-back version can come back
    assert models.active_values(store) == B


def test_bad_transitions_are_refused_and_change_nothing(store):
    a, b = _add(store, A), _add(store, B)
    models.discard(store, b, actor="ana")
    with pytest.raises(StoreError, match="was discarded; it cannot be adopted"):
        models.activate(store, b, leaving=models.RETIRED)
    with pytest.raises(StoreError, match="version 99 is not in the store"):
        models.activate(store, 99, leaving=models.RETIRED)
    models.activate(store, a, leaving=models.RETIRED)
    with pytest.raises(StoreError, match="already in force"):
        models.activate(store, a, leaving=models.RETIRED)
    with pytest.raises(StoreError, match="is active, not a candidate"):
        models.discard(store, a)
    with pytest.raises(StoreError, match="retired or rolled_back"):
        models.activate(store, None, leaving="discarded")
    assert {v.id: v.status for v in models.list_versions(store)} == {a: "active", b: "discarded"}


def test_every_change_is_in_the_audit_log(store):
    a = _add(store, A, by="ana")
    models.activate(store, a, actor="ana", leaving=models.RETIRED)
    models.activate(store, None, actor="budi", leaving=models.ROLLED_BACK)
    with store.connect() as conn:
        rows = conn.execute(
            select(audit_log.c.actor, audit_log.c.action, audit_log.c.detail).order_by(
                audit_log.c.id
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        ("ana", "model_refit", f"version {a}"),
        ("ana", "model_adopt", f"version {a} in force"),
        ("budi", "model_roll_back", "the shipped values in force"),
    ]


def test_values_that_do_not_match_their_digest_are_refused(store):
    from monitor.store.schema import sentiment_models

    vid = _add(store, LearnedValues({"zz_tamper": 1.0}, {}, 0.0, 0.0))
    with store.begin() as conn:
        conn.execute(
            sentiment_models.update()
            .where(sentiment_models.c.id == vid)
            .values(weights='{"valence":{"zz_tamper":-4.0},"neutral":{},"bias":0,"neutral_bias":0}')
        )
    with pytest.raises(StoreError, match="do not match their digest"):
        models.read_values(store, vid)


def test_the_models_migration_goes_down_and_up(store_url):
    engine = make_engine(store_url)
    try:
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), "head")
        with engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), "0005")
        with engine.connect() as conn:
            assert not inspect(conn).has_table("sentiment_models")
            assert inspect(conn).has_table("comments")
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), "0006")
        with engine.connect() as conn:
            assert inspect(conn).has_table("sentiment_models")
    finally:
        engine.dispose()
