"""Account handles compared as the platform means them, so a look-alike is never the account.

A platform handle (``kemensosri``) is the only stable name of an account: display names are
free text anyone can set to ``KemensosRI`` or ``@@@kemensosri``. Two handles are the same
when their ``normal_handle`` forms are equal: Unicode NFKC (full-width ``ｋｅｍｅｎｓｏｓｒｉ``
reads as ``kemensosri``), invisible characters removed (zero-width spaces and joiners,
bidirectional controls, soft hyphens, variation selectors, Hangul fillers), surrounding space
trimmed, case folded, and one leading ``@`` dropped (``@kemensosri`` is how handles are
written), never more.

The account on each platform (``Owner``) is a handle, stable ids, or both: a handle on X,
TikTok and Instagram, a channel id on YouTube, a page name or profile id on Facebook.
``owner_of`` tells the two kinds of entry apart by their form (see ``is_stable_id``), since a
stable id must never be matched as a handle: anyone may take the handle ``123456789``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Format characters (Unicode category Cf: zero-width, bidi controls, BOM, soft hyphen, ...),
# combining grapheme joiner, variation selectors and the Hangul fillers that render as nothing.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)


def normal_handle(name: str) -> str:
    """The form handles are compared in (see the module docstring); '' for a non-string."""
    if not isinstance(name, str):
        return ""
    text = name
    if not text.isascii():
        text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
        text = unicodedata.normalize("NFKC", text)  # what a removal joined may compose anew
    text = text.strip().casefold()
    return text[1:] if text.startswith("@") else text


def same_handle(a: str, b: str) -> bool:
    """Whether two handles name the same account (an empty handle names none)."""
    na = normal_handle(a)
    return bool(na) and na == normal_handle(b)


# A YouTube channel id: "UC" and 22 characters of base64url.
_CHANNEL_ID = re.compile(r"UC[0-9A-Za-z_-]{22}")
MAX_IDENTITY_CHARS = 160


@dataclass(frozen=True)
class Owner:
    """The monitored account on one platform: its handle (``normal_handle`` form, '' when
    none is known) and its stable ids (compared exactly)."""

    handle: str = ""
    ids: frozenset[str] = frozenset()


def is_stable_id(platform: str, entry: str) -> bool:
    """Whether an owner entry is a stable id rather than a handle: all digits on X, Facebook,
    TikTok and Instagram (user, page and profile ids are numbers), a channel id (``UC`` and 22
    characters) on YouTube. An entry written with a leading ``@`` is always a handle."""
    text = entry.strip()
    if text.startswith("@"):
        return False
    if platform == "youtube":
        return bool(_CHANNEL_ID.fullmatch(text))
    return text.isascii() and text.isdigit()


def owner_of(platform: str, entries: Iterable[str], handle: str = "") -> Owner:
    """The ``Owner`` the entries name on ``platform`` (``handle``: one already known, e.g. the
    Instagram account setting). ``ValueError`` for an entry that is not text or is too long,
    and for two different handles: an account has one handle on a platform (name another
    account of the ministry by its stable id)."""
    handles = {normal_handle(handle)} - {""}
    ids: set[str] = set()
    for entry in entries:
        if not isinstance(entry, str) or not entry.strip():
            raise ValueError(f"{platform}: an owner entry must be a non-empty text, not {entry!r}")
        if len(entry) > MAX_IDENTITY_CHARS:
            raise ValueError(f"{platform}: owner entry longer than {MAX_IDENTITY_CHARS} characters")
        if is_stable_id(platform, entry):
            ids.add(entry.strip())
        else:
            name = normal_handle(entry)
            if not name:
                raise ValueError(f"{platform}: owner entry {entry!r} is no handle")
            handles.add(name)
    if len(handles) > 1:
        shown = ", ".join(repr(h) for h in sorted(handles))
        raise ValueError(
            f"{platform}: one handle per platform, not {shown} (name another account by its "
            "stable id)"
        )
    return Owner(handle=next(iter(handles), ""), ids=frozenset(ids))
