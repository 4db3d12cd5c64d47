"""Analysis of the stored comments: what the pages, the CLI and the benchmark report.

* ``metrics``: the daily series per Asia/Jakarta day, per-post summaries, complaints waiting for
  a reply, a day against its baseline.
* ``spikes``: flagging abnormal days in a daily series (pure: a series in, spikes out).
* ``events``: the news timeline (shipped case events, analysts' own), attribution windows and
  the event study (pure).
* ``news``: importing GDELT and RSS/Atom articles into the timeline.
* ``anatomy``: what a spike day or a period is made of: copy-paste campaigns (MinHash LSH,
  ``rensa``), author concentration, themes (TF-IDF and NMF, scikit-learn) (pure: the
  comments in, figures out).
* ``reports``: what combines them: spikes with their drivers and news, event studies of the
  stored events, the morning summary. Only ``reports`` imports the modules above.

Analysis may import ``monitor.core``, ``monitor.nlp``, ``monitor.store`` and ``monitor.ops``;
never ``monitor.ingest``, ``monitor.ui``, ``monitor.demo``, ``monitor.quality`` or
``monitor.commands``.
"""
