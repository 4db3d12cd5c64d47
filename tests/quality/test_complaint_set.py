"""The labelled complaint set: deterministic, large enough, labelled consistently, and a test
part that shares neither templates nor slot words with the dev part."""

from __future__ import annotations

import csv

import pytest

from monitor.nlp import rules
from monitor.quality import complaint_set as cs
from monitor.quality import evaluate as ev


@pytest.fixture(scope="module")
def parts() -> dict[str, list[cs.Labelled]]:
    return {p: cs.generate(p) for p in cs.PARTS}


def test_generation_is_deterministic(parts):
    assert cs.generate("dev") == parts["dev"]
    assert cs.generate("dev", seed=99) != parts["dev"]


def test_both_parts_are_large_and_cover_every_category_and_agency(parts):
    assert sum(len(rows) for rows in parts.values()) >= 400
    expected = {*rules.CATEGORY_ORDER, rules.REMIT_CATEGORY, ""}
    for rows in parts.values():
        assert len(rows) >= 200
        assert {r.category for r in rows} == expected
        assert {r.agency for r in rows if r.category == rules.REMIT_CATEGORY} == set(rules.AGENCIES)
        assert len({r.text for r in rows}) == len(rows)


def test_labels_are_consistent(parts):
    for rows in parts.values():
        for r in rows:
            assert r.is_complaint == bool(r.category), r
            assert bool(r.agency) == (r.category == rules.REMIT_CATEGORY), r


def test_test_part_shares_no_template_no_slot_word_and_no_text_with_dev(parts):
    dev_templates = {t for _, t in cs._TEMPLATES["dev"]}
    assert dev_templates.isdisjoint(t for _, t in cs._TEMPLATES["test"])
    for slot, words in cs._VOCAB["dev"].items():
        assert set(words).isdisjoint(cs._VOCAB["test"][slot]), slot
    assert set(cs._SPELLINGS["dev"].values()).isdisjoint(cs._SPELLINGS["test"].values())
    assert {r.text for r in parts["dev"]}.isdisjoint(r.text for r in parts["test"])


def test_written_parts_are_what_evaluate_reads(tmp_path):
    paths = cs.write_parts(tmp_path)
    assert cs.main([str(tmp_path / "again")]) == 0
    for part, path in paths.items():
        assert path.read_bytes() == (tmp_path / "again" / path.name).read_bytes()
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == len(cs.generate(part))
        res = ev.evaluate_file(path, label_col="is_complaint", task="complaint")
        assert res["n"] == len(rows)
        assert res["routing"]["remit"]["support"] == sum(
            r["category"] == rules.REMIT_CATEGORY for r in rows
        )


def test_unknown_part_is_refused():
    with pytest.raises(ValueError, match="unknown part 'train'"):
        cs.generate("train")
