"""Collection: pulling comments from the platforms' official APIs into the store.

``http`` is the edge (a ``requests`` session with urllib3's ``Retry``, behind the small
``Client`` protocol tests replace with a local server); ``instagram`` (Graph API) and
``youtube`` (Data API v3) walk an account's posts and comments into the pages the existing
formats read (``ingest.formats.graph_api``, ``ingest.formats.youtube``); ``pull`` hands those
pages to the one import pipeline (one transaction, an import record ``pull:<source>``), keeps
each source's state (``store.pull_state``: last run, where an interrupted one resumes) and runs
every configured source (``pull_all``); ``sources`` reads what is configured (secrets, env).
Credentials never leave ``sources`` and ``http`` except as request headers.

May import ``monitor.core``, ``monitor.nlp``, ``monitor.store``, ``monitor.ops`` and
``monitor.ingest``.
"""
