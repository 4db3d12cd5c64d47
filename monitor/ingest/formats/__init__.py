"""One module per exporter. Each says how to recognise its files and how to read their rows.

Table formats (CSV/XLSX) expose ``is_header(cells) -> bool`` and
``to_raw(frame, first_row, ctx) -> raw frame``; JSON formats expose ``matches(item) -> bool``
and ``flatten(item, number, ctx) -> list of raw records`` (replies become records with a
parent id). ``DEFAULT_TZ`` is the documented zone of naive timestamps in that export.
"""

from __future__ import annotations

from monitor.ingest.formats import apify, exportcomments, graph_api, instaloader, mapped, minet

TABLE_FORMATS = (exportcomments, apify, minet)
JSON_FORMATS = (graph_api, instaloader, apify)
BY_NAME = {m.NAME: m for m in (exportcomments, apify, instaloader, graph_api, minet, mapped)}
