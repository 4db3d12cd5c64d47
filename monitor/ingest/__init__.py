"""Reading comment exports into Citra's store: detect -> parse -> normalise -> score -> store.

What lives here:

* ``pipeline``: the public entry points (``import_file``, ``preview``, ``detect``,
  ``list_imports``, ``undo_import``) and the import's steps;
* ``plan`` (how to read one file), ``parse`` (a planned file as chunks of canonical rows),
  ``reader_process`` (parsing in a forked child while the importer stores);
* ``detect``: which exporter wrote a file, from its content;
* ``readers/``: bytes to cells (source, kind and encoding, CSV, XLSX, JSON streaming);
* ``formats/``: one module per exporter behind the ``TableFormat``/``JsonFormat`` interface
  (``formats/base.py``), and their registry;
* ``rows``: a format's raw frame to canonical rows (times, ids, rejections); ``cells``: the
  scalar readers the formats and ``rows`` share.

Imports: ``monitor.ingest`` may import ``monitor.core``, ``monitor.nlp``, ``monitor.store`` and
``monitor.ops``; never ``analysis``, ``ui``, ``demo``, ``quality`` or ``commands``.

Formats are recognised from content, never from the file name; every registered format is
asked, and a file two of them recognise is refused until the analyst names one (``--format``):

============== ========= ======================================== ===============================
format         platform  recognised by                            times (default zone)
============== ========= ======================================== ===============================
exportcomments instagram header ``,,Name,Username,"Profile ID",   ``Date`` naive, UTC
                         Date..``                                 (exportcomments.com writes UTC)
apify          instagram JSON objects with ``ownerUsername``/     ISO with ``Z``; naive -> UTC
                         ``postUrl``... (no Facebook keys); CSV/
                         XLSX with ``/`` keys
instaloader    instagram JSON objects with ``created_at`` and     Unix seconds (always UTC)
                         ``owner``/``answers``
graph_api      instagram ``{"data": [...], "paging": ...}`` (or   ``+0000`` offsets (always UTC)
                         a list of pages) of comments with
                         ``timestamp``
minet          instagram ``id,...,comment_like_count,...,         ``created_at_utc`` Unix (UTC)
                         created_at_utc``
tweet_harvest  x         header ``conversation_id_str,created_at, ISO ``Z`` (2.7) or Twitter's
                         ...,full_text,id_str,...``               ``+0000`` format (2.6)
x_api          x         ``{"data": [tweet], "includes", "meta"}`` ISO ``Z``
                         pages (tweets with ``author_id``/
                         ``conversation_id``), or bare tweets
youtube        youtube   ``{"items": [commentThread]}`` pages,    ISO ``Z``
                         or bare threads/comments
facebook_apify facebook  JSON objects with ``facebookUrl``/       ISO ``Z``
                         ``facebookId``/``feedbackId``
tiktok_apify   tiktok    JSON objects with ``cid`` and            Unix seconds (UTC)
                         ``createTime``
mapped         any       any other CSV/XLSX with an analyst-      Asia/Jakarta (hand-made local
                         confirmed column mapping (and platform)  sheets); day-first dates
============== ========= ======================================== ===============================

``--assume-tz`` (or the ``assume_tz`` setting) replaces the default for naive timestamps;
timestamps that carry a zone or are Unix times are never shifted. Stored times are UTC; the
``day`` column is the Asia/Jakarta calendar day.

Keys: the platform comment id, else ``h`` + a hash of (post, author, time, text), keyed when
authors are pseudonymised. A comment seen again updates only its like count (never to an
unknown count); rows without text, with a date that cannot be read (or lies outside
2010..today) or with an id that is not one (``NaN``, ``Infinity``) are rejected with their row
number.

One id seen with two different texts (in one file, or across imports): **the first text seen
is kept** (the stored one, else the earlier row of the file); the later row changes nothing,
not even the like count, and the report lists it as a conflict (``store.comments.classify``).

Bounds: every reader refuses, before allocating, what no comment export looks like (a header
over 2,000 columns, a line over 4 MB, a workbook part inflating over 100-fold, a sheet cell
beyond column 2,000); see ``readers`` and ``docs/operations.md`` ("Imports"). What is read by
a rule rather than refused (lines not valid UTF-8 read as cp1252, NUL characters removed, like
counts that are not counts kept unknown, conflicting texts) is in the report's warnings.

The monitored account's replies are recognised by the platform handle (compared after Unicode
normalisation, ``core.handles``), by the account's stable id on the platform, or by what the
file itself says (a YouTube comment by the video's channel), never by a display name.
"""
