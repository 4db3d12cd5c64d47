"""The view a person is looking at, as a query string, so a copied link reproduces it.

Pure: ``parse`` turns query parameters into a validated :class:`ViewState` plus a list of
gentle notices (a link from last month may name an event that was deleted or a range that no
longer has data); nothing here raises on bad input. ``serialise`` writes only non-default values,
so links stay short and readable. A link carries view state only, never who is signed in.

The page is the link's path (``/``, ``/timeline``, ``/comments``, ``/complaints``, ``/content``, ``/upload``,
``/events``, ``/settings``); the query string holds the rest:

=========  ====================================================  ==========================
name       meaning                                               example
=========  ====================================================  ==========================
lang       interface language: ``id`` (default) or ``en``       ``lang=en``
from, to   day range (Asia/Jakarta days, ISO dates)              ``from=2020-12-01``
day        the day the Morning view summarises                   ``day=2020-12-07``
platform   platforms, comma-separated (default: all)             ``platform=x,youtube``
by         timeline by platform: total, stack, split             ``by=split``
post       posts (shortcodes, video or tweet ids), comma-sep.    ``post=CIabc,CJdef``
sent       sentiment labels: positive, neutral, negative          ``sent=negative``
cat        complaint categories, comma-separated                 ``cat=data_penerima``
ans        reply status: all, answered, unanswered               ``ans=unanswered``
emo        emotions: anger, sadness, fear, happy, love, none      ``emo=anger,fear``
order      comment order: newest (default), uncertain            ``order=uncertain``
group      the Comments page: each comment (default), account    ``group=account``
metric     timeline view: stacked, net, negshare, emotion        ``metric=emotion``
event      news event id for the event study                     ``event=2``
q          comment search (words or stems)                       ``q=bantu``
p          page of comment results                               ``p=3``
status     complaint statuses (Complaints page; default: open)   ``status=new,forwarded``
unit       units of the complaint queue, comma-separated         ``unit=Biro Humas``
overdue    only open complaints waiting longer than the target   ``overdue=1``
ctype      content types (Content page), comma-separated         ``ctype=kuis,program``
rank       what ranks posts and types (Content page)             ``rank=negative_share``
=========  ====================================================  ==========================

On the Content page ``post`` (its first post) is the post whose own view is open, ``event``
the day before and after which types are compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlencode

from monitor.core.canonical import COMPLAINT_STATUSES, EMOTION_LABELS, SENTIMENT_LABELS
from monitor.core.platforms import PLATFORMS
from monitor.ui.safe_text import clip

PAGES: tuple[str, ...] = (
    "morning",
    "timeline",
    "comments",
    "complaints",
    "content",
    "upload",
    "events",
    "settings",
)
LANGS: tuple[str, ...] = ("id", "en")
ANSWERED: tuple[str, ...] = ("all", "answered", "unanswered")
METRICS: tuple[str, ...] = ("stacked", "net", "negshare", "emotion")
# The Comments page's emotion filter: the emotion codes, and "none" for comments scored without one.
EMOTIONS: tuple[str, ...] = (*EMOTION_LABELS, "none")
# The Comments page's order: newest first, or least certain first (lowest sentiment confidence).
ORDERS: tuple[str, ...] = ("newest", "uncertain")
# The Comments page's rows: each comment, or the comments grouped by account.
GROUPS: tuple[str, ...] = ("comment", "account")
BY_PLATFORM: tuple[str, ...] = ("total", "stack", "split")
# The Content page: content types (``nlp.content_types.TYPES`` and the untyped posts) and what
# ranks them (``analysis.content.METRICS``); spelled out here, the ui package imports no nlp.
CONTENT_TYPES: tuple[str, ...] = (
    "program",
    "transparansi",
    "kuis",
    "klarifikasi",
    "kegiatan_menteri",
    "ucapan",
    "layanan",
    "lainnya",
)
RANKS: tuple[str, ...] = (
    "net_index",
    "negative_share",
    "complaint_share",
    "complaints_answered_share",
    "engagement",
    "engagement_per_follower",
)
MAX_QUERY_CHARS = 200
MAX_LIST_ITEMS = 50
MAX_ID_CHARS = 160
MAX_PAGE_NUMBER = 100_000
# A notice echoes at most this many characters of a parameter's name or value (a crafted link
# cannot fill a notice); the page escapes what it echoes (``monitor.ui.safe_text``).
MAX_ECHO_CHARS = 60

_TRUE = frozenset({"1", "true", "yes", "ya"})
_FALSE = frozenset({"0", "false", "no", "tidak"})

# Parameters Streamlit itself uses in URLs; never reported as unknown.
_PASSTHROUGH = frozenset({"embed", "embed_options"})

# Query-string name of each field, in the order links are written.
PARAM_NAMES: dict[str, str] = {
    "lang": "lang",
    "start": "from",
    "end": "to",
    "platforms": "platform",
    "by": "by",
    "posts": "post",
    "sentiments": "sent",
    "categories": "cat",
    "answered": "ans",
    "emotions": "emo",
    "order": "order",
    "group": "group",
    "metric": "metric",
    "event": "event",
    "q": "q",
    "p": "p",
    "day": "day",
    "statuses": "status",
    "units": "unit",
    "overdue": "overdue",
    "ctypes": "ctype",
    "rank": "rank",
    "page": "page",
}


@dataclass(frozen=True)
class ViewState:
    """Everything that decides what a page shows. ``None``/empty means "the default"."""

    page: str = "morning"
    lang: str = "id"
    start: date | None = None
    end: date | None = None
    platforms: tuple[str, ...] = ()  # empty: every platform
    by: str = "total"  # the timeline: one total line, stacked by platform, or one per platform
    posts: tuple[str, ...] = ()
    sentiments: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    answered: str = "all"
    emotions: tuple[str, ...] = ()  # empty: every comment, scored for emotion or not
    order: str = "newest"
    group: str = "comment"  # the Comments page: one row per comment, or per account
    metric: str = "stacked"
    event: int | None = None
    q: str = ""
    p: int = 1
    day: date | None = None  # the day the morning view summarises (default: latest with data)
    statuses: tuple[str, ...] = ()  # the complaint queue's statuses (empty: the open ones)
    units: tuple[str, ...] = ()  # the complaint queue's units (empty: every unit)
    overdue: bool = False  # the complaint queue: only those waiting longer than the target
    ctypes: tuple[str, ...] = ()  # the Content page's content types (empty: every type)
    rank: str = "net_index"  # what ranks the Content page's posts and types


@dataclass(frozen=True)
class Notice:
    """A parameter that was ignored or adjusted: ``code`` is an i18n key suffix.

    ``param`` and ``value`` are what the link carried, cut to ``MAX_ECHO_CHARS``; they are data
    from a URL, so a page shows them escaped, never as Markdown.
    """

    code: str  # bad_value | unknown_param | stale_value | swapped_range | clamped_range | too_long
    param: str
    value: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "param", clip(self.param, MAX_ECHO_CHARS))
        object.__setattr__(self, "value", clip(self.value, MAX_ECHO_CHARS))


@dataclass(frozen=True)
class ViewContext:
    """What the store currently holds, to recognise stale links. Any part may be unknown (None)."""

    min_day: date | None = None
    max_day: date | None = None
    posts: frozenset[str] | None = None
    events: frozenset[int] | None = None
    categories: frozenset[str] | None = None
    extra: dict[str, object] = field(default_factory=dict)


def _first(value: str | Iterable[str] | None) -> str:
    """Query parameters may repeat; the first occurrence wins."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    for item in value:
        return str(item)
    return ""


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _parse_list(text: str) -> list[str]:
    items = [part.strip() for part in text.split(",")]
    return [item for item in items if item]


def parse(
    params: Mapping[str, str | Iterable[str]], context: ViewContext | None = None
) -> tuple[ViewState, list[Notice]]:
    """Validated view state from query parameters; invalid values fall back with a notice."""
    ctx = context or ViewContext()
    notices: list[Notice] = []
    values: dict[str, object] = {}
    by_param = {v: k for k, v in PARAM_NAMES.items()}

    raw: dict[str, str] = {}
    for name, value in params.items():
        if name in _PASSTHROUGH:
            continue
        if name not in by_param:
            notices.append(Notice("unknown_param", name, _first(value)))
            continue
        raw[by_param[name]] = _first(value)

    def bad(fieldname: str, code: str = "bad_value") -> None:
        notices.append(Notice(code, PARAM_NAMES[fieldname], raw[fieldname]))

    for name, choices in (
        ("page", PAGES),
        ("lang", LANGS),
        ("answered", ANSWERED),
        ("order", ORDERS),
        ("group", GROUPS),
        ("metric", METRICS),
        ("by", BY_PLATFORM),
        ("rank", RANKS),
    ):
        if name in raw:
            text = raw[name].strip().lower()
            if text in choices:
                values[name] = text
            else:
                bad(name)

    for name in ("start", "end"):
        if name in raw:
            parsed = _parse_date(raw[name])
            if parsed is None:
                bad(name)
            else:
                values[name] = parsed
    start, end = values.get("start"), values.get("end")
    if isinstance(start, date) and isinstance(end, date) and start > end:
        values["start"], values["end"] = end, start
        notices.append(Notice("swapped_range", "from", f"{start}/{end}"))
    values.update(_clamp_range(values.get("start"), values.get("end"), ctx, notices))

    if "day" in raw:
        parsed = _parse_date(raw["day"])
        if parsed is None:
            bad("day")
        elif ctx.min_day and ctx.max_day and not ctx.min_day <= parsed <= ctx.max_day:
            bad("day", "stale_value")
        else:
            values["day"] = parsed

    if "sentiments" in raw:
        items = _parse_list(raw["sentiments"].lower())
        good = tuple(dict.fromkeys(i for i in items if i in SENTIMENT_LABELS))
        if len(good) != len(items):
            bad("sentiments")
        values["sentiments"] = good

    if "emotions" in raw:
        items = _parse_list(raw["emotions"].lower())
        known = tuple(dict.fromkeys(i for i in items if i in EMOTIONS))
        if len(known) != len(items):
            bad("emotions")
        values["emotions"] = tuple(e for e in EMOTIONS if e in known)  # one spelling per view

    if "statuses" in raw:
        items = _parse_list(raw["statuses"].lower())
        good = tuple(s for s in COMPLAINT_STATUSES if s in items)
        if not set(items) <= set(COMPLAINT_STATUSES):
            bad("statuses")
        values["statuses"] = good

    if "ctypes" in raw:
        items = _parse_list(raw["ctypes"].lower())
        if not set(items) <= set(CONTENT_TYPES):
            bad("ctypes")
        values["ctypes"] = tuple(c for c in CONTENT_TYPES if c in items)

    if "platforms" in raw:
        items = _parse_list(raw["platforms"].lower())
        good = platform_choice(items)
        if not set(items) <= set(PLATFORMS):
            bad("platforms")
        values["platforms"] = good

    for name, known in (("posts", ctx.posts), ("categories", ctx.categories), ("units", None)):
        if name not in raw:
            continue
        items = _parse_list(raw[name])
        if len(items) > MAX_LIST_ITEMS:
            bad(name, "too_long")
            items = items[:MAX_LIST_ITEMS]
        clean = [i for i in items if len(i) <= MAX_ID_CHARS and i.isprintable()]
        if len(clean) != len(items):
            bad(name)
        if known is not None:
            present = [i for i in clean if i in known]
            if len(present) != len(clean):
                bad(name, "stale_value")
            clean = present
        values[name] = tuple(dict.fromkeys(clean))

    if "overdue" in raw:
        text = raw["overdue"].strip().lower()
        if text in _TRUE or text in _FALSE:
            values["overdue"] = text in _TRUE
        else:
            bad("overdue")

    if "event" in raw:
        text = raw["event"].strip()
        if not text.isdigit() or len(text) > 12:
            bad("event")
        elif ctx.events is not None and int(text) not in ctx.events:
            bad("event", "stale_value")
        else:
            values["event"] = int(text)

    if "q" in raw:
        text = "".join(ch for ch in raw["q"] if ch.isprintable()).strip()
        if len(text) > MAX_QUERY_CHARS:
            bad("q", "too_long")
            text = text[:MAX_QUERY_CHARS]
        values["q"] = text

    if "p" in raw:
        text = raw["p"].strip()
        if text.isdigit() and 1 <= int(text) <= MAX_PAGE_NUMBER:
            values["p"] = int(text)
        else:
            bad("p")

    return ViewState(**values), notices  # type: ignore[arg-type]


def platform_choice(chosen: Iterable[str]) -> tuple[str, ...]:
    """The known platforms among ``chosen``, in the canonical order; every platform chosen is
    the same view as none chosen (all), and is written the same way: ``()``."""
    picked = set(chosen)
    good = tuple(p for p in PLATFORMS if p in picked)
    return () if len(good) == len(PLATFORMS) else good


def _clamp_range(
    start: object, end: object, ctx: ViewContext, notices: list[Notice]
) -> dict[str, date | None]:
    """Keep a linked range inside the data; a range wholly outside it falls back to the default."""
    out: dict[str, date | None] = {}
    if ctx.min_day is None or ctx.max_day is None:
        return out
    s = start if isinstance(start, date) else None
    e = end if isinstance(end, date) else None
    if (s and s > ctx.max_day) or (e and e < ctx.min_day):
        notices.append(Notice("stale_value", "from", f"{s or ''}/{e or ''}"))
        return {"start": None, "end": None}
    if s and s < ctx.min_day:
        out["start"] = ctx.min_day
        notices.append(Notice("clamped_range", "from", str(s)))
    if e and e > ctx.max_day:
        out["end"] = ctx.max_day
        notices.append(Notice("clamped_range", "to", str(e)))
    return out


def serialise(state: ViewState, *, include_page: bool = False) -> dict[str, str]:
    """Query parameters for ``state``: only values that differ from the defaults."""
    default = ViewState()
    out: dict[str, str] = {}
    for name, param in PARAM_NAMES.items():
        if name == "page" and not include_page:
            continue
        value = getattr(state, name)
        if value == getattr(default, name):
            continue
        if isinstance(value, bool):
            text = "1" if value else "0"
        elif isinstance(value, tuple):
            text = ",".join(value)
        elif isinstance(value, date):
            text = value.isoformat()
        else:
            text = str(value)
        if text:
            out[param] = text
    return out


def query_string(state: ViewState, *, include_page: bool = False) -> str:
    """``?from=...&to=...`` (empty when everything is default)."""
    params = serialise(state, include_page=include_page)
    return "?" + urlencode(params) if params else ""


def with_changes(state: ViewState, **changes: object) -> ViewState:
    """A copy of ``state`` with some fields changed (keeps callers free of dataclass imports)."""
    return replace(state, **changes)  # type: ignore[arg-type]
