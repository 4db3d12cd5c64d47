"""The campaign evaluation runs on generated days and tells campaigns from organic spikes."""

from __future__ import annotations

import numpy as np

from monitor.quality import campaign_eval


def test_generated_days_have_the_shapes_the_evaluation_assumes():
    rng = np.random.default_rng(1)
    day, first = campaign_eval.campaign_day(50, 10, 1, rng)
    assert len(day) == 60 and first == 50
    assert day["author"].iloc[50:].str.startswith("buzzer").all()
    assert day["author"].nunique() == 60
    words = day["text"].iloc[50].split()
    assert len(words) >= 10
    free = campaign_eval.organic_free(30, rng)
    assert all(any(w in t.split() for w in campaign_eval.SHARED_WORDS) for t in free["text"])
    assert "{" not in " ".join(campaign_eval.organic_templates(30, rng)["text"])


def test_a_small_run_finds_unchanged_campaigns_and_no_free_wording_campaign():
    got = campaign_eval.evaluate(runs=2, organic=120, sizes=(30,), changes=(0,))
    (cell,) = got["campaigns"]
    assert cell["recall"] == 1.0 and cell["public_wrongly_in_campaigns"] == 0.0
    assert cell["coordination_share"] == cell["true_share"] == round(30 / 150, 3)
    assert got["organic_days"]["free_wording_120"]["max_share"] == 0.0
    assert "accounts changed" in campaign_eval.format_text(got)


def test_the_command_refuses_an_empty_run(capsys):
    assert campaign_eval.main(["--runs", "0"]) == 1
    assert "--runs and --organic must be at least 1" in capsys.readouterr().err
