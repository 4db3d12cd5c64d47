"""Running Citra for a team: roles and sign-in (``auth``), keyed pseudonyms (``privacy``), the
analysts' settings (``settings``) and the retention policy (``retention``).

May import ``monitor.core`` and ``monitor.store``; the ingest and analysis stages read
settings from here, never the other way round.
"""
