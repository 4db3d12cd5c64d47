"""Which pull sources are configured, and with what: flags, environment, then secrets.

In ``.streamlit/secrets.toml``::

    [pull.instagram]
    token = "EAAG..."            # long-lived token (or CITRA_IG_TOKEN)
    account_id = "1784..."       # the Instagram professional account's IG user id
    # api_base = "https://graph.facebook.com/v21.0"

    [pull.youtube]
    api_key = "AIza..."          # or CITRA_YT_KEY
    channel_id = "UC..."
    # api_base = "https://www.googleapis.com/youtube/v3"

A source is configured when it has both its credential and its account. ``SourceConfig`` never
shows its credential (not in ``repr``, not in ``describe``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from monitor.collect import instagram, youtube
from monitor.collect.base import PullError

SOURCES = ("instagram", "youtube")
PLATFORM = {"instagram": "instagram", "youtube": "youtube"}
ENV = {"instagram": "CITRA_IG_TOKEN", "youtube": "CITRA_YT_KEY"}
CREDENTIAL_KEY = {"instagram": "token", "youtube": "api_key"}
ACCOUNT_KEY = {"instagram": "account_id", "youtube": "channel_id"}
CREDENTIAL_FLAG = {"instagram": "--token", "youtube": "--api-key"}
ACCOUNT_FLAG = {"instagram": "--account-id", "youtube": "--channel-id"}
DEFAULT_BASE = {"instagram": instagram.DEFAULT_BASE, "youtube": youtube.DEFAULT_BASE}


@dataclass(frozen=True)
class SourceConfig:
    """One source to pull: which API, where, whose account, with what credential."""

    source: str
    account: str
    api_base: str
    credential: str = field(repr=False)

    def describe(self) -> dict[str, str]:
        """What may be shown of it (never the credential)."""
        return {"source": self.source, "account": self.account, "api_base": self.api_base}


def _section(secrets: Mapping[str, Any] | None, source: str) -> Mapping[str, Any]:
    pull = (secrets or {}).get("pull")
    section = pull.get(source) if isinstance(pull, Mapping) else None
    return section if isinstance(section, Mapping) else {}


def resolve(
    source: str,
    *,
    credential: str | None = None,
    account: str | None = None,
    api_base: str | None = None,
    secrets: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
) -> SourceConfig:
    """The source's configuration: each value from its flag, else the environment (the
    credential), else the secrets; a missing one is a ``PullError`` naming where to set it."""
    if source not in SOURCES:
        raise PullError(f"unknown pull source {source!r} (expected one of {', '.join(SOURCES)})")
    env = os.environ if env is None else env
    section = _section(secrets, source)
    cred = (
        credential
        or env.get(ENV[source], "").strip()
        or str(section.get(CREDENTIAL_KEY[source]) or "").strip()
    )
    acct = (account or str(section.get(ACCOUNT_KEY[source]) or "")).strip()
    where = f"[pull.{source}] in .streamlit/secrets.toml"
    if not cred:
        raise PullError(
            f"no {source} credential: give {CREDENTIAL_FLAG[source]}, set {ENV[source]} or "
            f"{CREDENTIAL_KEY[source]} under {where}"
        )
    if not acct:
        raise PullError(
            f"no {source} account: give {ACCOUNT_FLAG[source]} or set "
            f"{ACCOUNT_KEY[source]} under {where}"
        )
    base = (api_base or str(section.get("api_base") or "") or DEFAULT_BASE[source]).strip()
    return SourceConfig(source=source, account=acct, api_base=base, credential=cred)


def configured_names(
    secrets: Mapping[str, Any] | None, env: Mapping[str, str] | None = None
) -> list[str]:
    """The sources set up for ``pull all``: those with a ``[pull.<source>]`` section or their
    credential in the environment (``resolve`` then says what is missing, if anything)."""
    env = os.environ if env is None else env
    pull = (secrets or {}).get("pull")
    sections = pull if isinstance(pull, Mapping) else {}
    return [s for s in SOURCES if s in sections or env.get(ENV[s], "").strip()]
