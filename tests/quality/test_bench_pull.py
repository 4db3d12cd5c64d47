"""The pull phase runs end to end on a small size (its seconds are a figure, never asserted)."""

from __future__ import annotations

import pytest

from monitor.quality.bench.pull import phase_pull
from monitor.quality.bench.runner import PHASES


@pytest.mark.parametrize("source", ["instagram", "youtube"])
def test_the_pull_phase_pulls_the_comments_it_was_asked_for(source):
    result = PHASES["pull"](n=400, source=source)  # as the runner's child process calls it
    assert (result["comments"], result["posts"]) == (400, 2)
    assert result["requests"] >= 3 and "seconds" in result


def test_the_pull_phase_rounds_to_whole_posts():
    assert phase_pull(150, "youtube")["comments"] == 200  # one post of 100 threads and replies
