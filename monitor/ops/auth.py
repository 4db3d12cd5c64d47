"""Roles: who may only look (viewer) and who may change data (analyst).

Pure logic over the secrets mapping (``.streamlit/secrets.toml``) and the identity of the
person at the keyboard; the Streamlit login widgets live in ``app_pages/_auth.py``. Three modes:

* **open** - no ``[roles]`` section: a laptop install; everyone is an analyst and the app says so.
* **oidc** - ``[roles] analysts = [...]`` / ``viewers = [...]`` e-mail allow-lists, identities
  from Streamlit's ``st.login`` (configured under ``[auth]``). An entry ``"@kemensos.go.id"``
  admits a whole domain, ``"*"`` any signed-in account. Anyone else is refused.
* **password** - ``[roles.passwords] analyst = "<bcrypt hash>"`` (and optionally ``viewer``):
  a small team without an identity provider. Without a viewer hash, visitors view freely and
  only analyst actions need the password.

Hashes come from ``python -m monitor hash-password``; plain-text passwords are never accepted
from the secrets file (a value that is not a bcrypt hash is a configuration error).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import bcrypt

from monitor.core.errors import CitraError

VIEWER = "viewer"
ANALYST = "analyst"
ROLES = (VIEWER, ANALYST)
Mode = Literal["open", "oidc", "password"]
MAX_PASSWORD_BYTES = 72  # bcrypt only reads the first 72 bytes; longer input is refused


class AuthConfigError(CitraError):
    """The ``[roles]`` section of the secrets is malformed."""


@dataclass(frozen=True)
class AuthConfig:
    """The access rules read from the secrets."""

    mode: Mode = "open"
    analysts: tuple[str, ...] = ()
    viewers: tuple[str, ...] = ()
    password_hashes: Mapping[str, str] = field(default_factory=dict)
    provider: str | None = None  # named st.login provider ([auth.<name>]); None = default

    @property
    def anonymous_role(self) -> str | None:
        """Role of someone who has not signed in: analyst when open, viewer if allowed, else None."""
        if self.mode == "open":
            return ANALYST
        if self.mode == "password" and VIEWER not in self.password_hashes:
            return VIEWER
        return None


def _str_list(value: Any, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Sequence) or not all(isinstance(v, str) for v in value):
        raise AuthConfigError(f"[roles] {name} must be a list of e-mail addresses")
    return tuple(v.strip().lower() for v in value if v.strip())


def _is_bcrypt_hash(value: str) -> bool:
    return value.startswith(("$2a$", "$2b$", "$2y$")) and len(value) == 60


def config_from_secrets(secrets: Mapping[str, Any] | None) -> AuthConfig:
    """Read the ``[roles]`` section; no section (or an empty one) means open mode."""
    roles = (secrets or {}).get("roles")
    if not roles:
        return AuthConfig()
    if not isinstance(roles, Mapping):
        raise AuthConfigError("[roles] in secrets.toml must be a table")
    passwords = roles.get("passwords") or {}
    if not isinstance(passwords, Mapping):
        raise AuthConfigError("[roles.passwords] must be a table of role = bcrypt hash")
    hashes: dict[str, str] = {}
    for role, value in passwords.items():
        if role not in ROLES:
            raise AuthConfigError(f"[roles.passwords] unknown role {role!r}: use viewer or analyst")
        if not isinstance(value, str) or not _is_bcrypt_hash(value):
            raise AuthConfigError(
                f"[roles.passwords] {role} is not a bcrypt hash; create one with "
                "`python -m monitor hash-password`"
            )
        hashes[role] = value
    analysts = _str_list(roles.get("analysts"), "analysts")
    viewers = _str_list(roles.get("viewers"), "viewers")
    provider = roles.get("provider")
    if provider is not None and not isinstance(provider, str):
        raise AuthConfigError("[roles] provider must be the name of an [auth.<name>] section")
    if hashes and (analysts or viewers):
        raise AuthConfigError("[roles]: use either e-mail lists (OIDC) or passwords, not both")
    if hashes:
        if ANALYST not in hashes:
            raise AuthConfigError("[roles.passwords] needs an analyst hash")
        return AuthConfig(mode="password", password_hashes=hashes)
    if analysts or viewers:
        return AuthConfig(mode="oidc", analysts=analysts, viewers=viewers, provider=provider)
    return AuthConfig()


def _matches(email: str, allowed: Sequence[str]) -> bool:
    domain = "@" + email.rsplit("@", 1)[-1] if "@" in email else None
    return any(entry == "*" or entry == email or (domain and entry == domain) for entry in allowed)


def role_for_email(config: AuthConfig, email: str | None) -> str | None:
    """Role of a signed-in (OIDC) account, or None if it is on neither allow-list."""
    if config.mode == "open":
        return ANALYST
    if config.mode != "oidc" or not email:
        return config.anonymous_role
    normalised = email.strip().lower()
    if _matches(normalised, config.analysts):
        return ANALYST
    if _matches(normalised, config.viewers):
        return VIEWER
    return None


def check_password(password: str, hashed: str) -> bool:
    """Constant-time bcrypt check; False for over-long or malformed input instead of an error."""
    raw = password.encode("utf-8")
    if not raw or len(raw) > MAX_PASSWORD_BYTES:
        return False
    try:
        return bcrypt.checkpw(raw, hashed.encode("ascii"))
    except ValueError:
        return False


def role_for_password(config: AuthConfig, password: str | None) -> str | None:
    """The role a password unlocks (analyst checked first), else the anonymous role."""
    if config.mode == "open":
        return ANALYST
    if config.mode != "password" or not password:
        return config.anonymous_role
    for role in (ANALYST, VIEWER):
        hashed = config.password_hashes.get(role)
        if hashed and check_password(password, hashed):
            return role
    return None


def resolve_role(
    secrets: Mapping[str, Any] | None,
    *,
    email: str | None = None,
    password: str | None = None,
) -> str | None:
    """The role for this identity under these secrets; None means "not allowed in"."""
    config = config_from_secrets(secrets)
    if config.mode == "oidc":
        return role_for_email(config, email)
    if config.mode == "password":
        return role_for_password(config, password)
    return ANALYST


def can_edit(role: str | None) -> bool:
    """Whether this role may upload, undo imports, edit events, correct labels, change settings."""
    return role == ANALYST


def hash_password(password: str, *, rounds: int = 12) -> str:
    """A salted bcrypt hash for ``[roles.passwords]``."""
    raw = password.encode("utf-8")
    if len(raw) < 8:
        raise CitraError("password too short: use at least 8 characters")
    if len(raw) > MAX_PASSWORD_BYTES:
        raise CitraError(f"password too long: bcrypt reads at most {MAX_PASSWORD_BYTES} bytes")
    return bcrypt.hashpw(raw, bcrypt.gensalt(rounds=rounds)).decode("ascii")
