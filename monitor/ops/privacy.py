"""Pseudonymising commenters' usernames (personal data under Indonesia's UU PDP 2022).

A username becomes ``u_`` plus the first 12 hex digits of HMAC-SHA256(key, normalised name).
Keyed, so nobody without the key can confirm a guess by hashing a candidate name; stable, so
the same person maps to the same pseudonym across imports (counts of unique commenters and
repeated-commenter views keep working, and re-importing a file still de-duplicates). The
monitored account's own replies keep their author readable (they are the ministry's, not a
citizen's); which rows those are is decided on the platform handle at import
(``is_owner_reply``), never on a display name that merely looks like the account's.

Handles inside the text are pseudonymised too: ``@name`` and its full-width ``＠ｎａｍｅ``
form (zero-width and bidi characters inside do not cut it short), and profile links such as
``instagram.com/name``. The ids made up for comments without a platform id are keyed with
``id_key`` at import, so a stored id cannot confirm a guessed author either.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from monitor.core.errors import CitraError
from monitor.core.handles import normal_handle, same_handle

KEY_ENV = "CITRA_PSEUDONYM_KEY"
PREFIX = "u_"
DIGEST_CHARS = 12  # 48 bits: collisions stay unlikely below tens of millions of commenters
SECRETS_PATH = Path(__file__).resolve().parents[2] / ".streamlit" / "secrets.toml"
_PSEUDONYM_RE = re.compile(rf"^{PREFIX}[0-9a-f]{{{DIGEST_CHARS}}}$")
_AT = "@\uff20\ufe6b"  # @, full-width and small commercial at
# Handle characters, ASCII and full-width (letters, digits, '_', '.'), and the invisible
# characters that could otherwise cut a mention short and leave the rest readable.
_HANDLE_END = "A-Za-z0-9_\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff3f"  # a handle ends so
_HANDLE = _HANDLE_END + ".\uff0e"
_INVISIBLE = "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
# An @mention: not preceded by a word character, an at sign or '.' (e-mail addresses stay).
_MENTION_RE = re.compile(rf"(?<![\w{_AT}.])[{_AT}]([{_HANDLE}{_INVISIBLE}]*[{_HANDLE_END}])")
# A profile link: instagram.com/<handle> (or .../stories/<handle>), not a post or a site page.
_PROFILE_RE = re.compile(
    r"(?i)(\binstagram\.com/(?:stories/)?)"
    r"(?!(?:p|reel|reels|tv|explore|accounts|direct|about|legal|developer|web|static)(?:/|\b))"
    r"([A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)"
)
ID_KEY_LABEL = b"citra comment id"


class PseudonymKeyError(CitraError):
    """Pseudonymisation is switched on but no key is configured."""


def _normalise_handle(name: str) -> str:
    return name.strip().lstrip("@").casefold()


def is_pseudonym(name: str) -> bool:
    """True for a value this module produced (so it is never hashed twice)."""
    return bool(_PSEUDONYM_RE.match(name))


def pseudonym(name: str, key: str | bytes) -> str:
    """The pseudonym of one username (empty names stay empty)."""
    handle = _normalise_handle(name)
    if not handle or is_pseudonym(handle):
        return handle
    key_bytes = key.encode("utf-8") if isinstance(key, str) else key
    digest = hmac.new(key_bytes, handle.encode("utf-8"), hashlib.sha256).hexdigest()
    return PREFIX + digest[:DIGEST_CHARS]


def id_key(key: str | bytes) -> bytes:
    """The key of the fallback comment ids, derived from the pseudonym key (never the same)."""
    key_bytes = key.encode("utf-8") if isinstance(key, str) else key
    return hmac.new(key_bytes, ID_KEY_LABEL, hashlib.sha256).digest()


def pseudonymise(
    df: pd.DataFrame,
    account: str,
    key: str | bytes,
    *,
    column: str = "author",
    mentions_in: str | None = "text",
) -> pd.DataFrame:
    """A copy of ``df`` with ``column`` pseudonymised, the account's own replies kept readable.

    The account's rows are those marked ``is_owner_reply`` when ``df`` has that column (decided
    on the platform handle at import), else those whose ``column`` is the account's handle.
    Handles of other people inside ``mentions_in`` (the comment text: @mentions, profile links)
    are replaced too, since a username in a reply is as personal as the author field; pass
    ``None`` to keep the text.
    """
    if not key:
        raise PseudonymKeyError("pseudonymisation needs a non-empty key")
    own = normal_handle(account or "")
    cache: dict[str, str] = {}

    def convert(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if value not in cache:
            cache[value] = pseudonym(value, key)
        return cache[value]

    def mentioned(handle: str) -> str | None:
        """The pseudonym of a handle met in a text; None for the account's own."""
        name = normal_handle(handle)
        if not name or name == own:
            return None
        return convert(name)

    out = df.copy()
    if column in out.columns:
        if "is_owner_reply" in out.columns:
            others = ~out["is_owner_reply"].fillna(False).astype(bool).to_numpy()
            out.loc[others, column] = out.loc[others, column].map(convert)
        else:
            out[column] = out[column].map(
                lambda v: v if isinstance(v, str) and same_handle(v, own) else convert(v)
            )
    if mentions_in and mentions_in in out.columns:

        def at(m: re.Match) -> str:
            name = mentioned(m.group(1))
            return m.group(0) if name is None else "@" + name

        def link(m: re.Match) -> str:
            name = mentioned(m.group(2))
            return m.group(0) if name is None else m.group(1) + name

        def replace_handles(text: Any) -> Any:
            if not isinstance(text, str):
                return text
            if "@" in text or (not text.isascii() and ("\uff20" in text or "\ufe6b" in text)):
                text = _MENTION_RE.sub(at, text)
            if "instagram.com/" in text or "INSTAGRAM.COM/" in text.upper():
                text = _PROFILE_RE.sub(link, text)
            return text

        out[mentions_in] = out[mentions_in].map(replace_handles)
    return out


def _lookup(secrets: Mapping[str, Any]) -> str:
    privacy = secrets.get("privacy")
    if isinstance(privacy, Mapping) and privacy.get("pseudonym_key"):
        return str(privacy["pseudonym_key"])
    return str(secrets.get("pseudonym_key") or "")


def load_secrets(path: Path | None = None) -> dict[str, Any]:
    """``.streamlit/secrets.toml`` as a dict ({} when absent), without importing Streamlit."""
    path = path or SECRETS_PATH
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CitraError(f"cannot read {path}: {exc}") from exc


def pseudonym_key(secrets: Mapping[str, Any] | None = None) -> str:
    """The key: ``CITRA_PSEUDONYM_KEY``, else ``[privacy] pseudonym_key`` in the secrets.

    Raises ``PseudonymKeyError`` when none is set: silently falling back to a built-in key would
    make every pseudonym reversible by hashing a list of known usernames.
    """
    key = os.environ.get(KEY_ENV, "").strip()
    if key:
        return key
    key = _lookup(secrets if secrets is not None else load_secrets())
    if key:
        return key
    raise PseudonymKeyError(
        "pseudonymising authors is on but no key is set: add pseudonym_key under [privacy] "
        f"in .streamlit/secrets.toml or set {KEY_ENV}"
    )
