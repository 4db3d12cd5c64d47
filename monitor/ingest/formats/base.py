"""What an export format is: the interface every module in ``formats/`` implements.

A format is recognised from content and turns a chunk of its own rows into a *raw* frame
(``rows.RAW_COLUMNS``, plus ``handle`` when its ``author`` may be a display name rather than
the platform handle; only the handle identifies the monitored account); ``rows.finalise``
does the rest. There are two kinds:

* ``TableFormat`` (CSV and XLSX): ``is_header(cells)`` recognises the header row,
  ``to_raw(frame, first_row, ctx)`` reads a chunk of all-string cells.
* ``JsonFormat``: ``matches(item)`` recognises a comment object, ``frame(items, numbers, ctx)``
  reads a batch of them. A format that reads one object at a time derives from
  ``ItemJsonFormat`` and writes ``flatten`` instead. Files that are pages of comments
  (``{"data": [...], "paging": ...}``, or an array of pages) name the page's list in
  ``page_key``; ``decode_block`` is an optional fast typed decoder (see ``apify``).

A format whose comments need the rest of their page (X API v2: the authors' handles are in
the page's ``includes.users``) sets ``whole_pages``: it is handed whole page objects, and its
``matches`` still judges one comment object of a page.

A *post* export (``PostJsonFormat``, ``kind = "posts"``) lists the account's posts rather
than comments: its ``flatten`` gives one record per post (``post_id`` plus ``rows.POST_COLUMNS``
and ``row``), which ``ingest.post_files`` validates and stores as posts; no comment is written.

Every format has a ``name`` (stored with each comment), a ``label`` for people,
``default_tz``, the documented zone of its naive timestamps, and the ``platform`` its files
come from (``core.platforms``). A new format is one module with
an instance of one of these classes, and one line in the registry (``formats/__init__.py``).
Detection never guesses: a file two formats recognise is refused until the analyst names one.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from monitor.core.platforms import DEFAULT as DEFAULT_PLATFORM
from monitor.ingest.cells import scalar
from monitor.ingest.rows import Context, records_frame


class Format(ABC):
    """What every format says about itself."""

    name: ClassVar[str]
    label: ClassVar[str]
    default_tz: ClassVar[str]
    platform: ClassVar[str] = DEFAULT_PLATFORM
    #: What a file of this format holds: ``comments`` or ``posts`` (a post export).
    kind: ClassVar[str] = "comments"
    #: Why a row without text is rejected (a format may say why its exporter leaves some empty).
    no_text: ClassVar[str] = "no comment text"

    def post_from_file_name(self, file_name: str) -> str | None:
        """The post a file's name gives, for exports whose rows carry none (default: none)."""
        return None


class TableFormat(Format):
    """A CSV/XLSX export: a header row, then one comment (or reply) per row."""

    @abstractmethod
    def is_header(self, cells: list[str]) -> bool:
        """Whether this row of cells is this exporter's header."""

    @abstractmethod
    def to_raw(self, frame: pd.DataFrame, first_row: int, ctx: Context) -> pd.DataFrame:
        """A raw frame for a chunk of data rows (all strings, named by the header);
        ``first_row`` is the spreadsheet row number of the chunk's first row."""


class JsonFormat(Format):
    """A JSON export: comment objects in an array, JSON lines, or pages (``page_key``)."""

    #: The key of a page object that holds the list of comment objects (Graph API: ``data``);
    #: None when the comment objects are the file's top-level elements.
    page_key: ClassVar[str | None] = None

    #: A fast decoder of a block of array elements (the bytes of ``[...]``) into the format's
    #: own typed objects, which ``frame`` takes as well as dicts; it raises ``ValueError`` for
    #: an element of another shape. None: the standard parser reads every element.
    decode_block: Callable[[bytes], list] | None = None

    #: Whether ``frame`` takes whole page objects (``{page_key: [...], ...}``) rather than the
    #: comment objects under ``page_key`` (see the module docstring); such a format's ``frame``
    #: takes bare comment objects as well, for files that hold those.
    whole_pages: ClassVar[bool] = False

    #: Elements per batch when the file's elements are much larger than one comment (pages);
    #: None: the reader's default.
    batch_elements: ClassVar[int | None] = None

    @abstractmethod
    def matches(self, item: object) -> bool:
        """Whether ``item`` (the first comment object of a file) is one of this format's."""

    @abstractmethod
    def frame(self, items: list, numbers: list[int], ctx: Context) -> pd.DataFrame:
        """A raw frame for a batch of comment objects; ``numbers`` are their item numbers."""


class ItemJsonFormat(JsonFormat):
    """A JSON format read one comment object at a time (replies become records too)."""

    @abstractmethod
    def flatten(self, item: dict, number: int, ctx: Context) -> list[dict]:
        """Raw records (``rows.RAW_COLUMNS`` keys) of one comment object and its replies."""

    def frame(self, items: list, numbers: list[int], ctx: Context) -> pd.DataFrame:
        return records_frame(
            r for item, n in zip(items, numbers, strict=True) for r in self.flatten(item, n, ctx)
        )


@dataclass(frozen=True)
class Keys:
    """Where a JSON comment object keeps the fields a raw record takes as they are."""

    created: str
    likes: str
    id: str = "id"
    text: str = "text"

    def record(
        self, item: dict, number: int, *, post: object, parent: object, author: object
    ) -> dict:
        """One raw record of ``item``: its own id, text, time and likes (scalars or None)."""
        return {
            "comment_id": scalar(item.get(self.id)),
            "post_id": post,
            "parent_id": parent,
            "author": author,
            "text": scalar(item.get(self.text)),
            "created": scalar(item.get(self.created)),
            "like_count": scalar(item.get(self.likes)),
            "row": number,
        }


def objects(values: object) -> Iterable[dict]:
    """The objects of a JSON list (replies); nothing for anything else."""
    return [v for v in values if isinstance(v, dict)] if isinstance(values, list) else []


class PostJsonFormat(ItemJsonFormat):
    """A JSON export of posts (the account's media or videos list): one post per object."""

    kind = "posts"
    no_text = "no post id"


# Instagram's own rule for a hashtag (letters, digits, underscores; dots inside), as
# Instaloader reads ``caption_hashtags``.
_HASHTAG = re.compile(r"#(\w(?:(?:\w|\.(?!\.)){0,98}\w)?)")


def hashtags(caption: object, listed: object = None) -> str:
    """A post's hashtags as stored: space-separated, lower case, without ``#``, each once.

    ``listed``: the exporter's own list (Apify's ``hashtags``), else they are read from the
    caption."""
    if isinstance(listed, list):
        tags = [str(t).lstrip("#") for t in listed if isinstance(t, str) and t.strip("# ")]
    elif isinstance(caption, str):
        tags = _HASHTAG.findall(caption)
    else:
        tags = []
    return " ".join(dict.fromkeys(t.strip().lower() for t in tags if t.strip()))
