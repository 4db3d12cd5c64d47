"""The analyst's lexicon (Settings -> lexicon file) reaches every score: imports and explanations
agree with it."""

from __future__ import annotations

import json
from dataclasses import replace

from monitor.ingest import pipeline
from monitor.nlp import scoring
from monitor.ops import settings as settings_mod
from monitor.store import comments as comment_store

TEXT = "pelayanan bagus sekali"


def _items(texts: list[str]) -> bytes:
    base = {
        "postUrl": "https://www.instagram.com/p/CGWnalPSeRu/",
        "ownerUsername": "warga",
        "timestamp": "2021-01-05T03:00:00.000Z",
        "likesCount": 0,
        "replies": [],
    }
    return json.dumps([dict(base, id=str(9000 + i), text=t) for i, t in enumerate(texts)]).encode()


def _use_lexicon(store, tmp_path, content: str) -> settings_mod.Settings:
    lex = tmp_path / "lexicon.tsv"
    lex.write_text(content, encoding="utf-8")
    new = replace(settings_mod.load(store), lexicon_path=str(lex))
    settings_mod.save(store, new)
    return new


def test_import_scores_with_the_lexicon_override_as_explain_does(store, tmp_path):
    current = _use_lexicon(store, tmp_path, "bagus\t-4\n")
    pipeline.import_file(store, _items([TEXT]), file_name="lex.json")
    row = comment_store.find_comments(store, ["9000"]).iloc[0]
    words = dict(scoring.explain(TEXT, current))
    assert words["bagus"] < 0
    assert row["sentiment_label"] == "negative"
    assert row["sentiment_score"] < 0
