"""The learn-from-corrections cycle in the library: re-fit, adopt (re-scores), roll back."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from learning_helpers import correct_like_analysts, import_demo, stored_scores

from monitor.core.errors import CitraError
from monitor.nlp import scoring
from monitor.ops import learning, rescore
from monitor.ops import settings as settings_mod
from monitor.store import settings_table

MIN = 40


@pytest.fixture
def corrected(store, tmp_path):
    """The demo comments imported and some of them corrected; re-fits allowed from MIN."""
    import_demo(store, tmp_path)
    settings_mod.save(store, replace(settings_mod.load(store), min_corrections_to_refit=MIN))
    assert correct_like_analysts(store, 90) == 90
    return store


def test_the_minimum_number_of_corrections_is_a_setting(store):
    assert settings_mod.load(store).min_corrections_to_refit == 200
    settings_mod.save(store, replace(settings_mod.Settings(), min_corrections_to_refit=50))
    assert settings_mod.load(store).min_corrections_to_refit == 50
    with pytest.raises(ValueError, match="at least 20"):
        settings_mod.save(store, replace(settings_mod.Settings(), min_corrections_to_refit=5))
    assert settings_mod.load(store).min_corrections_to_refit == 50


def test_refit_is_refused_below_the_minimum(store, tmp_path):
    import_demo(store, tmp_path, n=300)
    correct_like_analysts(store, 10)
    ready = learning.readiness(store)
    assert (ready.corrections, ready.needed, ready.ready) == (10, 200, False)
    with pytest.raises(CitraError, match="10 corrected comments; a re-fit needs at least 200"):
        learning.refit(store, actor="ana")
    assert learning.list_versions(store) == []


def test_refit_stores_a_candidate_with_its_held_out_figures(corrected):
    assert learning.readiness(corrected).ready
    v = learning.refit(corrected, actor="ana")
    assert v.status == "candidate" and v.created_by == "ana"
    assert v.fit_examples + v.held_out_examples == 90
    assert 0 < v.held_out_examples < 45
    assert v.after_macro_f1 > v.before_macro_f1
    assert v.metrics["held_out_percent"] == 20 and v.metrics["in_force"] is None
    assert settings_mod.load(corrected).learned is None  # a candidate is not in force
    assert not rescore.needs_rescore(corrected)


def test_adopt_rescores_and_roll_back_restores_the_scores(corrected):
    shipped_scores = stored_scores(corrected)
    v = learning.refit(corrected, actor="ana")
    report = learning.adopt(corrected, v.id, actor="ana")
    assert report.changed > 0
    current = settings_mod.load(corrected)
    assert current.learned is not None and current.learned.digest == v.digest
    adopted_scores = stored_scores(corrected)
    assert adopted_scores != shipped_scores
    assert not rescore.needs_rescore(corrected)
    # what is stored is what scoring with the settings in force gives (imports do the same)
    texts = ["BPNT saya belum cair min"]
    assert (
        scoring.score(texts, current)["sentiment_score"][0]
        != scoring.score(texts, scoring.ScoringConfig())["sentiment_score"][0]
    )

    target, report = learning.roll_back(corrected, actor="budi")
    assert target is None and report.changed > 0
    assert settings_mod.load(corrected).learned is None
    assert stored_scores(corrected) == shipped_scores
    statuses = {x.id: x.status for x in learning.list_versions(corrected)}
    assert statuses == {v.id: "rolled_back"}
    with pytest.raises(CitraError, match="nothing to roll back"):
        learning.roll_back(corrected)


def test_roll_back_returns_to_the_version_before(corrected):
    first = learning.refit(corrected, actor="ana")
    learning.adopt(corrected, first.id, actor="ana")
    first_scores = stored_scores(corrected)
    correct_like_analysts(corrected, 200, by="budi")  # more corrections, another model
    second = learning.refit(corrected, actor="budi")
    assert second.digest != first.digest
    assert second.metrics["in_force"] == first.id
    learning.adopt(corrected, second.id, actor="budi")
    assert stored_scores(corrected) != first_scores
    assert learning.previous_version(corrected) == first.id
    target, _ = learning.roll_back(corrected, actor="ana")
    assert target == first.id
    assert learning.active_version(corrected).id == first.id
    assert stored_scores(corrected) == first_scores
    learning.roll_back(corrected, actor="ana", to_shipped=True)
    assert learning.active_version(corrected) is None


def test_a_discarded_candidate_changes_nothing(corrected):
    before = stored_scores(corrected)
    v = learning.refit(corrected, actor="ana")
    learning.discard(corrected, v.id, actor="ana")
    assert learning.list_versions(corrected)[0].status == "discarded"
    assert settings_mod.load(corrected).learned is None
    assert stored_scores(corrected) == before
    with pytest.raises(CitraError, match="cannot be adopted"):
        learning.adopt(corrected, v.id)


def test_the_model_in_force_is_never_saved_with_the_settings(corrected):
    v = learning.refit(corrected, actor="ana")
    learning.adopt(corrected, v.id, actor="ana", rescore_now=False)
    assert rescore.needs_rescore(corrected)  # the stored scores are the shipped model's
    current = settings_mod.load(corrected)
    settings_mod.save(corrected, replace(current, sensitivity="more"))
    stored = settings_table.read_all(corrected)
    assert "learned" not in stored and "valence" not in json.dumps(stored)
    assert settings_mod.load(corrected).learned == current.learned
