"""Pseudonymising commenters' usernames (personal data under Indonesia's UU PDP 2022).

A username becomes ``u_`` plus the first 12 hex digits of HMAC-SHA256(key, normalised name).
Keyed, so nobody without the key can confirm a guess by hashing a candidate name; stable, so
the same person maps to the same pseudonym across imports (counts of unique commenters and
repeated-commenter views keep working, and re-importing a file still de-duplicates). The
monitored account's own handle stays readable: its replies are the ministry's, not a citizen's.
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

KEY_ENV = "CITRA_PSEUDONYM_KEY"
PREFIX = "u_"
DIGEST_CHARS = 12  # 48 bits: collisions stay unlikely below tens of millions of commenters
SECRETS_PATH = Path(__file__).resolve().parents[2] / ".streamlit" / "secrets.toml"
_PSEUDONYM_RE = re.compile(rf"^{PREFIX}[0-9a-f]{{{DIGEST_CHARS}}}$")
# An @mention: not preceded by a word character or '@' (so e-mail addresses are left alone).
_MENTION_RE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)")


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


def pseudonymise(
    df: pd.DataFrame,
    account: str,
    key: str | bytes,
    *,
    column: str = "author",
    mentions_in: str | None = "text",
) -> pd.DataFrame:
    """A copy of ``df`` with ``column`` pseudonymised, ``account`` kept readable.

    @mentions of other people inside ``mentions_in`` (the comment text) are replaced too, since
    a username in a reply is as personal as the author field; pass ``None`` to keep the text.
    """
    if not key:
        raise PseudonymKeyError("pseudonymisation needs a non-empty key")
    own = _normalise_handle(account or "")
    cache: dict[str, str] = {}

    def convert(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if value in cache:
            return cache[value]
        handle = _normalise_handle(value)
        result = value if (own and handle == own) else pseudonym(value, key)
        cache[value] = result
        return result

    out = df.copy()
    if column in out.columns:
        out[column] = out[column].map(convert)
    if mentions_in and mentions_in in out.columns:

        def replace_mentions(text: Any) -> Any:
            if not isinstance(text, str) or "@" not in text:
                return text
            return _MENTION_RE.sub(lambda m: "@" + convert(m.group(1)), text)

        out[mentions_in] = out[mentions_in].map(replace_mentions)
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
