"""Indonesian comment text -> sentiment score, label and confidence, emotion, complaint and
category, search terms.

``scoring`` is the entry point (``score(texts, settings)``, ``submit``, ``explain``); the rest,
in the order a comment meets it:

* ``text``: the normaliser (slang, repeats, hashtags, emoji, phrases), stems, search terms;
  ``tokenstream``: the same normaliser over a whole batch, as one stream of token ids;
* ``rules``: the scoring rules as objects (sentiment modifiers, complaint patterns), read from
  ``data/`` and shared by both scorers below;
* ``sentiment``: lexicons, valences, neutral evidence, the label rule and its confidence, the
  VADER analyser; ``emotion``: the emotion model's features, weights and decision;
* ``engine``: the array scorer of a batch (the one imports and re-scoring run); ``reference``:
  the same rules walked one comment at a time, for explanations and for the tests that hold
  the engine to it; ``complaints``: categories and the complaint test of one text;
* ``pool``: the worker processes that share a large batch; ``preload``: their fork server.
* ``learn``: the fitting rule of the learned word values (the shipped fit and a deployment's
  re-fit on its analysts' corrections, held-out figures included); ``learned_values``: the
  learned values in force as one value (``LearnedValues``), light enough for the store to carry.

This package imports only ``monitor.core`` and third-party libraries (never the store, ingest,
analysis, ui, ops...): callers pass what it needs, such as the settings' lexicon path.
"""
