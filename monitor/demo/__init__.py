"""Demo data: the generated year of comments the app opens on and the benchmark measures.

``generator`` is the public side (``generate_texts``, ``iter_comments``, ``write_demo_export``,
``write_export_csv``, ``WRITERS``, ``load_demo``, ``remove_demo``); behind it ``story`` (the
calendar of the year and each platform's ``PROFILES``), ``plan`` (its numbers, per platform),
``records`` (the rows every writer is fed), ``shapes`` (the X and YouTube file shapes),
``templates`` and ``texts`` (its strings) and ``vocabulary``, which reads the wording from the
data files in ``data/``.

May import ``monitor.core``, ``nlp``, ``store``, ``ops``, ``ingest`` and ``analysis``; never
``ui``, ``quality`` or ``commands``.
"""
