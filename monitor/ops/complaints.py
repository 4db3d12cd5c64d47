"""The triage queue: which unit a complaint belongs to, how long it has waited, changing its status.

The store keeps each complaint's status and its audit trail (``store.complaint_status``);
this module adds what needs the settings: the units (a complaint not yet forwarded is shown
under the unit its category goes to) and the checks of a change (a known status, a known
unit, who made it). Pages and the ``complaints`` command call these functions only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime

import pandas as pd

from monitor.core.errors import CitraError
from monitor.core.platforms import PLATFORMS
from monitor.ops import settings as settings_mod
from monitor.ops.settings import Settings
from monitor.store import complaint_status as status_store
from monitor.store.complaint_status import (
    ANSWERED,
    CLOSED,
    FORWARDED,
    NEW,
    OPEN,
    STATUSES,
    SYSTEM,
    Change,
    Key,
    StatusConflict,
    StatusRefused,
)
from monitor.store.engine import Store

__all__ = [
    "ANSWERED",
    "CLOSED",
    "FORWARDED",
    "NEW",
    "OPEN",
    "STATUSES",
    "SYSTEM",
    "Change",
    "StatusConflict",
    "StatusRefused",
    "default_unit",
    "history",
    "parse_key",
    "queue",
    "set_status",
    "unit_names",
]


def default_unit(category: str | None, settings: Settings) -> str | None:
    """The unit a complaint of ``category`` goes to (None: no complaint, or outside the
    ministry's remit): the Settings' units, through ``settings.unit_for``."""
    return settings_mod.unit_for(category, settings)


def unit_names(settings: Settings) -> tuple[str, ...]:
    """The units a complaint may be forwarded to, in the Settings' order."""
    return tuple(str(u["name"]) for u in settings.units)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def parse_key(text: str) -> Key:
    """A complaint named as ``platform:comment_id`` (``comment_id`` alone: Instagram), the form
    the command line and share links use; ``CitraError`` naming the text otherwise."""
    raw = str(text).strip()
    platform, sep, cid = raw.partition(":")
    if not sep:
        platform, cid = PLATFORMS[0], raw
    platform, cid = platform.strip().lower(), cid.strip()
    if platform not in PLATFORMS:
        raise CitraError(
            f"{raw!r}: unknown platform {platform!r} (expected platform:comment_id, platform "
            f"one of {', '.join(PLATFORMS)})"
        )
    if not cid:
        raise CitraError(f"{raw!r}: no comment id (expected platform:comment_id)")
    return platform, cid


def _check_unit(unit: str | None, settings: Settings) -> str | None:
    if unit is None:
        return None
    name = " ".join(str(unit).split())
    known = unit_names(settings)
    match = [u for u in known if u.casefold() == name.casefold()]
    if not match:
        raise CitraError(f"unknown unit {name!r} (expected one of {'; '.join(known)})")
    return match[0]


def set_status(
    store: Store,
    keys: Iterable[Key],
    status: str,
    unit: str | None = None,
    who: str = "",
    expected_version: int | Mapping[Key, int] | None = None,
    *,
    settings: Settings | None = None,
) -> list[Change]:
    """Change the status of the complaints ``keys`` in one transaction (see
    ``store.complaint_status.set_status``); ``unit`` must be one of the Settings' units.
    ``who`` is recorded; the system's own name is not available to people."""
    if status not in STATUSES:
        raise CitraError(f"unknown status {status!r} (expected one of {', '.join(STATUSES)})")
    if who.strip().lower() == SYSTEM:
        raise CitraError(f"{SYSTEM!r} is the name of automatic changes; sign the change as you")
    settings = settings or settings_mod.load(store)
    return status_store.set_status(
        store,
        keys,
        status,
        unit=_check_unit(unit, settings),
        who=who.strip(),
        expected=expected_version,
    )


def _waiting_hours(frame: pd.DataFrame, now: datetime) -> pd.Series:
    """Hours a complaint waited: until now while open, until the owner's first reply (else the
    last change) once answered or closed."""

    def times(col: str) -> pd.Series:
        return pd.to_datetime(frame[col]).astype("datetime64[ns]")

    created = times("created_at_utc")
    done = times("first_reply_at").fillna(times("changed_at"))
    end = done.where(~frame["status"].isin(OPEN), pd.Timestamp(now)).fillna(pd.Timestamp(now))
    return ((end - created).dt.total_seconds() / 3600).round(1)


QUEUE_COLUMNS = (
    "platform",
    "comment_id",
    "created_at_utc",
    "day",
    "waiting_hours",
    "status",
    "unit",
    "category",
    "author",
    "text",
    "post_id",
    "post_url",
    "forwarded_to",
    "version",
    "changed_by",
    "changed_at",
    "first_reply_at",
)


def queue(
    store: Store,
    *,
    statuses: Sequence[str] | None = OPEN,
    units: Sequence[str] | None = None,
    platforms: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
    now: datetime | None = None,
    settings: Settings | None = None,
    limit: int | None = None,
    overdue: bool = False,
) -> pd.DataFrame:
    """The complaints of the queue, oldest first, with their waiting time in hours.

    ``unit`` is the unit a complaint was forwarded to, else the one its category goes to
    (empty for a complaint outside the ministry's remit); ``forwarded_to`` only the first.
    ``statuses`` defaults to the open ones (new, forwarded); None or empty means all.
    ``units`` keeps the complaints of those units ("" for those without a unit).
    ``overdue`` keeps the open ones waiting longer than Settings ``reply_target_hours``.
    """
    settings = settings or settings_mod.load(store)
    for s in statuses or ():
        if s not in STATUSES:
            raise CitraError(f"unknown status {s!r} (expected one of {', '.join(STATUSES)})")
    rows = status_store.queue_rows(
        store, statuses=statuses, platforms=platforms, start=start, end=end
    )
    rows = rows.rename(columns={"unit": "forwarded_to"})
    suggested = [default_unit(c, settings) or "" for c in rows["category"].tolist()]
    rows["unit"] = pd.Series(
        [
            f if isinstance(f, str) and f else s
            for f, s in zip(rows["forwarded_to"].tolist(), suggested, strict=True)
        ],
        index=rows.index,
        dtype=object,
    )
    if units:
        wanted = {" ".join(u.split()).casefold() for u in units}
        keep = pd.Series([u.casefold() in wanted for u in rows["unit"]], index=rows.index)
        rows = rows.loc[keep.astype(bool)]
    rows["waiting_hours"] = _waiting_hours(rows, now or _now()) if len(rows) else []
    if overdue:
        late = rows["status"].isin(OPEN) & (
            pd.to_numeric(rows["waiting_hours"]) > float(settings.reply_target_hours)
        )
        rows = rows.loc[late.astype(bool)]
    rows = rows[list(QUEUE_COLUMNS)].reset_index(drop=True)
    return rows if limit is None else rows.head(int(limit))


def check_units_filter(units: Sequence[str], store: Store, settings: Settings) -> list[str]:
    """``units`` as known names (Settings' units and units complaints went to), or a
    ``CitraError`` naming an unknown one."""
    known = {u.casefold(): u for u in (*unit_names(settings), *status_store.stored_units(store))}
    out = []
    for unit in units:
        name = " ".join(str(unit).split())
        if name.casefold() not in known:
            raise CitraError(
                f"unknown unit {name!r} (expected one of {'; '.join(unit_names(settings))})"
            )
        out.append(known[name.casefold()])
    return out


def history(store: Store, key: Key) -> list[Change]:
    """Every status change of one complaint, oldest first (the audit trail)."""
    return status_store.history(store, key)


HANDOVER_COLUMNS = (
    "waiting_hours",
    "created_at_utc",
    "platform",
    "author",
    "text",
    "category",
    "status",
    "link",
    "id",
)


def handover_frame(
    store: Store,
    unit: str,
    *,
    statuses: Sequence[str] | None = OPEN,
    platforms: Sequence[str] | None = None,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """One unit's complaints as its handover lists them: oldest first, with a link that opens
    each comment on its platform (``core.platforms.comment_url``)."""
    from monitor.core.platforms import comment_url, label
    from monitor.core.urls import http_url

    settings = settings or settings_mod.load(store)
    frame = queue(
        store, statuses=statuses, units=[unit], platforms=platforms, now=now, settings=settings
    )
    out = pd.DataFrame(
        {
            "waiting_hours": frame["waiting_hours"],
            "created_at_utc": pd.to_datetime(frame["created_at_utc"]),
            "platform": frame["platform"].map(label),
            "author": frame["author"],
            "text": frame["text"],
            "category": frame["category"],
            "status": frame["status"],
            "link": [
                http_url(comment_url(p, post, cid, http_url(link)))
                for p, post, cid, link in zip(
                    frame["platform"],
                    frame["post_id"],
                    frame["comment_id"],
                    frame["post_url"],
                    strict=True,
                )
            ],
            "id": frame["platform"] + ":" + frame["comment_id"],
        },
        columns=list(HANDOVER_COLUMNS),
    )
    return out


def handover_xlsx(
    store: Store,
    unit: str,
    *,
    statuses: Sequence[str] | None = OPEN,
    platforms: Sequence[str] | None = None,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> bytes:
    """An Excel workbook of one unit's complaints (``handover_frame``) for a unit without access
    to Citra: every text cell formula-safe (``core.spreadsheet``), each link a hyperlink."""
    import io

    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from monitor.core.spreadsheet import excel_safe

    frame = handover_frame(
        store, unit, statuses=statuses, platforms=platforms, now=now, settings=settings
    )
    links = frame["link"].tolist()
    safe = excel_safe(frame)
    book = Workbook()
    sheet = book.active
    sheet.title = "aduan"
    sheet.append([f"Unit: {unit}"])
    sheet.append(list(HANDOVER_COLUMNS))
    for record, link in zip(safe.itertuples(index=False), links, strict=True):
        values = [None if pd.isna(v) else v for v in record]
        values = [v.to_pydatetime() if isinstance(v, pd.Timestamp) else v for v in values]
        sheet.append(values)
        cell = sheet.cell(row=sheet.max_row, column=HANDOVER_COLUMNS.index("link") + 1)
        for c in sheet[sheet.max_row]:
            if isinstance(c.value, str):
                c.data_type = "s"  # text, never a formula (the guard already quoted any)
        if link:
            cell.hyperlink = link
    for i, width in enumerate((10, 20, 10, 20, 80, 22, 11, 45, 30), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
