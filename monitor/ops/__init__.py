"""Running Citra for a team: roles and sign-in (``auth``, ``signin``), keyed pseudonyms
(``privacy``), the analysts' settings (``settings``), the retention policy (``retention``) and
re-scoring the stored comments when the lexicon changes (``rescore``), and the complaints'
triage queue (``complaints``).

May import ``monitor.core``, ``monitor.nlp`` and ``monitor.store``; the ingest and analysis
stages read settings from here, never the other way round.
"""
