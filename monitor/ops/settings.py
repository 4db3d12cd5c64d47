"""Citra's settings: typed, with defaults, stored in the database so every instance agrees.

The monitored account per platform (whose comments are owner replies, so response figures are
right on every platform): ``account`` is its Instagram handle, as before platforms, and
``owners`` maps a platform to the account's identities there, each a handle or a stable id
(``core.handles.owner_of`` tells them apart by their form):

* X, TikTok, Instagram: the handle (``kemensosri``) and/or the numeric user id;
* YouTube: the channel id (``UC`` and 22 characters), or the ``@handle``;
* Facebook: the page name (as the export writes it) and/or the numeric page or profile id.

``owner`` gives the ``Owner`` (handle, ids) of one platform, ``owner_identities`` all of them.

The settings in force also carry ``learned``: the values of the sentiment model an analyst
adopted (``monitor.store.sentiment_models``; None = the shipped values), so everything that
scores with the settings (imports, re-scoring, explanations) scores with that model. It is read
from the model versions, never saved with the settings.

The units that answer complaints (``units``): each a name and the complaint categories it
receives, defaulting to the Ministry of Social Affairs' directorates (``DEFAULT_UNITS``).
``unit_for(category, settings)`` is the one place a category is mapped to its unit; a complaint
outside the ministry's remit (``luar_kewenangan``) goes to no unit: it is answered with a
referral. ``check_units`` refuses empty names, a name given twice, a category given to two
units or to none, and the remit category.

The complaints' replies and service level: ``reply_templates`` (a template per category,
checked by ``ops.reply_templates.check_templates``: an unknown placeholder is refused when
saved), the complaint channels the replies name (``reply_hotline``, ``reply_channel``), and
``reply_target_hours``: the time within which a complaint should have the account's first
reply (``ops.service_levels``).

The digest and spike alerts (``monitor.notify``): ``public_base_url`` is the address people
open Citra at (the digest links to the morning view there; empty: no link), ``alerts_enabled``
says whether a pull that reveals a new spike sends an alert, and ``alert_destinations`` where
(checked by ``check_destinations``): each a ``kind`` (``NOTIFY_KINDS``), a ``url`` and, for
Telegram, a ``chat_id``. A URL that is itself a secret (a Slack or Teams webhook) may be written
``secret:NAME``: it is then read from ``[notify] NAME`` in ``.streamlit/secrets.toml`` when sent;
a Telegram destination without a URL uses the bot token ``[notify] telegram_bot_token``.
The content of the posts: ``content_type_rules``, an analyst's copy of the content type rules
(``nlp/data/content_types.tsv``'s form, checked by ``nlp.content_types.parse``; "" = the
shipped file), and ``followers``: the account's follower count per platform, which turns
engagement into engagement per follower (``analysis.content``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from monitor.core.handles import Owner, normal_handle, owner_of
from monitor.core.platforms import PLATFORMS
from monitor.core.urls import http_url
from monitor.nlp import content_types
from monitor.nlp import rules as complaint_rules
from monitor.nlp.learned_values import LearnedValues
from monitor.ops import reply_templates as templates_mod
from monitor.store import sentiment_models
from monitor.store import settings_table as settings_store
from monitor.store.engine import Store

SENSITIVITIES = ("fewer", "balanced", "more")
MIN_REFIT_CORRECTIONS = 20  # the least ``min_corrections_to_refit`` may be: 4 held out of 20
NOT_SAVED = ("learned",)  # read from the model versions, not from the settings table
MAX_UNIT_NAME = 120
MAX_TARGET_HOURS = 24 * 90  # a reply target beyond 90 days measures nothing
# Where a digest or an alert can go: the payload shapes of ``monitor.notify.render``.
NOTIFY_KINDS = ("json", "slack", "teams", "telegram")
SECRET_PREFIX = "secret:"  # a destination URL kept in secrets.toml's [notify] table
MAX_DESTINATIONS = 20
# The Ministry of Social Affairs' units and the complaint categories each answers.
DEFAULT_UNITS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Ditjen Penanganan Fakir Miskin", ("bantuan_belum_cair",)),
    ("Ditjen Perlindungan dan Jaminan Sosial", ("bencana",)),
    ("Ditjen Rehabilitasi Sosial", ("disabilitas_rehabilitasi",)),
    ("Pusat Data dan Informasi Kesejahteraan Sosial", ("data_penerima",)),
    ("Inspektorat Jenderal", ("pungli_penipuan",)),
    ("Biro Humas", ("layanan_lain",)),
)


def default_units() -> list[dict[str, Any]]:
    """``DEFAULT_UNITS`` as stored: ``[{"name": ..., "categories": [...]}, ...]``."""
    return [{"name": n, "categories": list(cats)} for n, cats in DEFAULT_UNITS]


@dataclass(frozen=True)
class Settings:
    """What an analyst can change on the Settings page."""

    account: str = "kemensosri"  # monitored account handle: its comments are owner replies
    assume_tz: str = ""  # zone for naive export timestamps; "" = each format's documented default
    sensitivity: str = "balanced"  # spike detection: fewer | balanced | more
    lexicon_path: str = (
        ""  # optional user lexicon TSV (word<TAB>valence) overriding the shipped one
    )
    pseudonymise_authors: bool = False  # keyed hash of usernames at import (UU PDP)
    retention_months: int = 0  # 0 = keep comments forever
    event_window_before: int = 2  # days before a spike in which news counts as its likely cause
    event_window_after: int = 1
    max_upload_mb: int = 200
    max_rows_per_import: int = 2_000_000
    max_cell_chars: int = 20_000
    # platform -> the account's handle and/or stable ids there (see the module docstring)
    owners: dict[str, list[str]] = field(default_factory=dict)
    # corrected comments needed before a re-fit of the sentiment values is offered
    min_corrections_to_refit: int = 200
    # the adopted sentiment model's values (None: the shipped ones); see the module docstring
    learned: LearnedValues | None = field(default=None, repr=False)
    # the units that answer complaints: [{"name": str, "categories": [category, ...]}, ...]
    units: list[dict[str, Any]] = field(default_factory=default_units)
    # a reply template per complaint category (placeholders: ops.reply_templates.PLACEHOLDERS)
    reply_templates: dict[str, str] = field(default_factory=templates_mod.default_templates)
    reply_hotline: str = templates_mod.DEFAULT_HOTLINE  # {hotline} in the replies
    reply_channel: str = templates_mod.DEFAULT_CHANNEL  # {channel} in the replies
    reply_target_hours: int = 24  # a complaint should have the account's reply within this
    public_base_url: str = ""  # where people open Citra (the digest's link); "" = no link
    alerts_enabled: bool = False  # a pull that reveals a new spike sends an alert
    # where alerts go: [{"kind": "slack", "url": "https://...", "chat_id": ""}, ...]
    alert_destinations: list[dict[str, Any]] = field(default_factory=list)
    # the content type rules (nlp/data/content_types.tsv's form); "" = the shipped file
    content_type_rules: str = ""
    # platform -> the account's followers there (engagement per follower); none set: no figure
    followers: dict[str, int] = field(default_factory=dict)
    # a spike's copy-paste campaigns (monitor.analysis.anatomy: the rule and why these defaults)
    anatomy_similarity: float = 0.6  # Jaccard of the word sets from which texts are near-copies
    anatomy_window_minutes: int = 60  # a campaign's burst ends after this long without a copy
    anatomy_min_accounts: int = 5  # distinct accounts a burst needs to be a campaign
    anatomy_coordinated_share: float = 0.25  # a day is "coordinated" from this campaign share

    def owner(self, platform: str, account: str | None = None) -> Owner:
        """The monitored account on ``platform``; ``account`` (e.g. ``--account``) replaces
        its handle there. ``ValueError`` for owners that ``check_owners`` refuses."""
        entries = self.owners.get(platform, [])
        known = self.account if platform == "instagram" else ""
        found = owner_of(platform, entries, known)
        if account is not None:
            return Owner(handle=normal_handle(account), ids=found.ids)
        return found


ANATOMY_LIMITS: dict[str, tuple[float, float]] = {
    "anatomy_similarity": (0.3, 1.0),  # below 0.3 texts sharing the day's words would match
    "anatomy_window_minutes": (5, 24 * 60),
    "anatomy_min_accounts": (2, 1000),
    "anatomy_coordinated_share": (0.01, 1.0),
}


def check_anatomy(values: Mapping[str, object]) -> None:
    """``ValueError`` naming the first anatomy setting out of its range (``ANATOMY_LIMITS``)
    or of the wrong type (the window and the accounts are whole numbers)."""
    for key, (low, high) in ANATOMY_LIMITS.items():
        if key not in values:
            continue
        value = values[key]
        whole = key in ("anatomy_window_minutes", "anatomy_min_accounts")
        if isinstance(value, bool) or not isinstance(value, int if whole else int | float):
            kind = "a whole number" if whole else "a number"
            raise ValueError(f"{key} must be {kind} from {low:g} to {high:g}, got {value!r}")
        if not low <= value <= high:
            raise ValueError(f"{key} must be from {low:g} to {high:g}, got {value!r}")


def check_owners(owners: object, account: str = "") -> dict[str, list[str]]:
    """``owners`` as stored (platform -> entries stripped, in order, without repeats), or a
    ``ValueError`` naming the platform and what is wrong: an unknown platform, an entry that
    is not text, two handles on one platform, an Instagram handle other than ``account``."""
    if not isinstance(owners, Mapping):
        raise ValueError("owners must map a platform to a list of handles or ids")
    out: dict[str, list[str]] = {}
    for platform, entries in owners.items():
        if platform not in PLATFORMS:
            raise ValueError(
                f"owners: unknown platform {platform!r} (expected one of {', '.join(PLATFORMS)})"
            )
        if isinstance(entries, str) or not isinstance(entries, list | tuple):
            raise ValueError(f"owners.{platform}: expected a list of handles or ids")
        try:
            owner_of(platform, entries, account if platform == "instagram" else "")
        except ValueError as exc:
            raise ValueError(f"owners.{exc}") from None
        cleaned = list(dict.fromkeys(e.strip() for e in entries))
        if cleaned:
            out[platform] = cleaned
    return out


def check_units(units: object) -> list[dict[str, Any]]:
    """``units`` as stored (names stripped, categories in order without repeats), or a
    ``ValueError`` naming the unit (its number from 1) and what is wrong."""
    if not isinstance(units, list | tuple) or not units:
        raise ValueError("units: expected a list of units, each a name and its categories")
    known = complaint_rules.UNIT_CATEGORIES
    out: list[dict[str, Any]] = []
    names: dict[str, int] = {}
    owner_of_category: dict[str, str] = {}
    for n, unit in enumerate(units, start=1):
        if not isinstance(unit, Mapping):
            raise ValueError(f"unit {n}: expected a name and a list of categories")
        name = unit.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"unit {n}: the name is empty")
        name = " ".join(name.split())
        if len(name) > MAX_UNIT_NAME:
            raise ValueError(f"unit {n}: the name is longer than {MAX_UNIT_NAME} characters")
        if name.casefold() in names:
            raise ValueError(f"unit {n}: {name!r} is already unit {names[name.casefold()]}")
        names[name.casefold()] = n
        cats = unit.get("categories", [])
        if isinstance(cats, str) or not isinstance(cats, list | tuple):
            raise ValueError(f"unit {n} ({name}): categories must be a list")
        cleaned = list(dict.fromkeys(str(c).strip() for c in cats))
        for cat in cleaned:
            if cat == complaint_rules.REMIT_CATEGORY:
                raise ValueError(
                    f"unit {n} ({name}): {cat} is outside the ministry's remit; it is "
                    "answered with a referral, not sent to a unit"
                )
            if cat not in known:
                raise ValueError(
                    f"unit {n} ({name}): unknown category {cat!r} (expected one of "
                    f"{', '.join(known)})"
                )
            if cat in owner_of_category:
                raise ValueError(
                    f"unit {n} ({name}): {cat} already goes to {owner_of_category[cat]}"
                )
            owner_of_category[cat] = name
        out.append({"name": name, "categories": cleaned})
    missing = [c for c in known if c not in owner_of_category]
    if missing:
        raise ValueError(f"units: no unit receives {', '.join(missing)}")
    return out


def unit_for(category: str | None, settings: Settings) -> str | None:
    """The unit that answers complaints of ``category``: the one place this mapping lives.
    None for no complaint and for ``luar_kewenangan`` (a referral to another agency, not a
    unit); an unknown category goes where ``layanan_lain`` goes."""
    if not category or category == complaint_rules.REMIT_CATEGORY:
        return None
    units = settings.units
    for cat in (category, complaint_rules.DEFAULT_CATEGORY):
        for unit in units:
            if cat in unit.get("categories", ()):
                return str(unit["name"])
    return None


def units_text(units: list[dict[str, Any]]) -> str:
    """Units as the Settings page's field shows them: ``name: category, category`` lines."""
    return "\n".join(f"{u['name']}: {', '.join(u['categories'])}" for u in units)


def parse_units(text: str) -> list[dict[str, Any]]:
    """Units from ``units_text`` lines (blank lines skipped), checked by ``check_units``;
    ``ValueError`` naming the line for a line without ``name: categories``."""
    units = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, colon, cats = line.rpartition(":")
        if not colon:
            raise ValueError(
                f"line {n}: expected 'unit name: category, category', got {line.strip()!r}"
            )
        units.append({"name": name, "categories": [c for c in cats.split(",") if c.strip()]})
    return check_units(units)


def check_base_url(value: object) -> str:
    """``public_base_url`` as stored (stripped, no trailing ``/``; "" for none), or a
    ``ValueError`` for anything but an absolute http(s) address."""
    if not isinstance(value, str):
        raise ValueError("public_base_url: expected an http(s) address")
    if not value.strip():
        return ""
    url = http_url(value)
    if not url or "?" in url or "#" in url:
        raise ValueError(
            f"public_base_url: {value.strip()[:80]!r} is not an http(s) address without a query"
        )
    return url.rstrip("/")


def check_destinations(destinations: object) -> list[dict[str, str]]:
    """Alert destinations as stored (``kind``, ``url``, ``chat_id``), or a ``ValueError``
    naming the destination (its number from 1) and what is wrong: an unknown kind, a URL that
    is neither http(s) nor ``secret:NAME``, a Telegram destination without a chat id."""
    if not isinstance(destinations, list | tuple):
        raise ValueError("alert_destinations: expected a list of destinations")
    if len(destinations) > MAX_DESTINATIONS:
        raise ValueError(f"alert_destinations: at most {MAX_DESTINATIONS} destinations")
    out: list[dict[str, str]] = []
    for n, item in enumerate(destinations, start=1):
        if not isinstance(item, Mapping):
            raise ValueError(f"destination {n}: expected a kind and a URL")
        kind = str(item.get("kind", "")).strip().lower()
        if kind not in NOTIFY_KINDS:
            raise ValueError(
                f"destination {n}: unknown kind {kind!r} (expected one of {', '.join(NOTIFY_KINDS)})"
            )
        url = str(item.get("url", "") or "").strip()
        chat_id = str(item.get("chat_id", "") or "").strip()
        if url.startswith(SECRET_PREFIX):
            name = url[len(SECRET_PREFIX) :]
            if not name.replace("_", "").isalnum():
                raise ValueError(
                    f"destination {n}: {url!r}: a secret name is letters, digits and '_'"
                )
        elif url and not http_url(url):
            raise ValueError(f"destination {n}: the URL must be http(s) or secret:NAME")
        elif not url and kind != "telegram":
            raise ValueError(f"destination {n} ({kind}): no URL")
        if kind == "telegram" and not chat_id:
            raise ValueError(f"destination {n} (telegram): no chat id")
        out.append({"kind": kind, "url": url, "chat_id": chat_id})
    return out


def destinations_text(destinations: list[dict[str, Any]]) -> str:
    """Destinations as the Settings page's field shows them: ``kind url [chat_id]`` lines."""
    return "\n".join(
        " ".join(p for p in (d["kind"], d.get("url", "") or "-", d.get("chat_id", "")) if p)
        for d in destinations
    )


def parse_destinations(text: str) -> list[dict[str, str]]:
    """Destinations from ``destinations_text`` lines (``-`` for no URL; blank lines skipped),
    checked by ``check_destinations``; ``ValueError`` naming the line otherwise."""
    found = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) > 3:
            raise ValueError(f"line {n}: expected 'kind url [chat_id]', got {line.strip()[:80]!r}")
        kind, url, chat_id = (*parts, "", "")[:3]
        found.append({"kind": kind, "url": "" if url == "-" else url, "chat_id": chat_id})
    return check_destinations(found)


def check_followers(followers: object) -> dict[str, int]:
    """Follower counts as stored (known platforms, whole numbers above zero), or a
    ``ValueError`` naming the entry."""
    if not isinstance(followers, dict):
        raise ValueError("followers: expected a platform and a count per entry")
    out: dict[str, int] = {}
    for platform, count in followers.items():
        if platform not in PLATFORMS:
            raise ValueError(
                f"followers: unknown platform {platform!r} (expected one of {', '.join(PLATFORMS)})"
            )
        if isinstance(count, bool) or not isinstance(count, int) or count <= 0:
            raise ValueError(f"followers of {platform}: expected a whole number above 0")
        out[platform] = count
    return out


def followers_text(followers: Mapping[str, int]) -> str:
    """The follower counts as the Settings page shows them: ``platform: count`` per line."""
    return "\n".join(f"{p}: {n}" for p, n in followers.items())


def parse_followers(text: str) -> dict[str, int]:
    """Follower counts from ``followers_text`` lines (blank lines skipped; ``5.200.000`` and
    ``5,200,000`` read as 5200000), checked by ``check_followers``; ``ValueError`` names the
    line."""
    out: dict[str, object] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        platform, sep, count = line.partition(":")
        digits = count.strip().replace(".", "").replace(",", "").replace(" ", "")
        if not sep or not digits.isdigit():
            raise ValueError(f"followers, line {number}: expected 'platform: count', got {line!r}")
        out[platform.strip().lower()] = int(digits)
    return check_followers(out)


def content_rules_text(settings: Settings) -> str:
    """The content type rules in force as text: the settings' copy, else the shipped file."""
    return settings.content_type_rules or content_types.DATA.read_text(encoding="utf-8")


def owner_identities(settings: Settings, account: str | None = None) -> dict[str, Owner]:
    """The monitored account on every platform (``account`` replaces each handle, as the
    ``--account`` flag does for the file it imports)."""
    return {p: settings.owner(p, account) for p in PLATFORMS}


def load(store: Store) -> Settings:
    """Stored settings over the defaults; unknown keys and wrong types are ignored (owners
    that ``check_owners`` refuses too)."""
    stored = settings_store.read_all(store)
    known = {f.name: f for f in fields(Settings) if f.name not in NOT_SAVED}
    values: dict[str, Any] = {}
    defaults = Settings()
    for key, value in stored.items():
        if key in known and isinstance(value, type(getattr(defaults, key))):
            values[key] = value
    if "owners" in values:
        try:
            values["owners"] = check_owners(
                values["owners"], values.get("account", defaults.account)
            )
        except ValueError:
            del values["owners"]
    if values.get("min_corrections_to_refit", MIN_REFIT_CORRECTIONS) < MIN_REFIT_CORRECTIONS:
        del values["min_corrections_to_refit"]
    values["learned"] = sentiment_models.active_values(store)
    if "units" in values:
        try:
            values["units"] = check_units(values["units"])
        except ValueError:  # units stored by another version: the defaults answer
            del values["units"]
    if "reply_templates" in values:
        try:
            values["reply_templates"] = templates_mod.check_templates(values["reply_templates"])
        except ValueError:
            del values["reply_templates"]
    for key in ("reply_hotline", "reply_channel"):
        if key in values:
            try:
                values[key] = templates_mod.check_channel(key, values[key])
            except ValueError:
                del values[key]
    if not 1 <= values.get("reply_target_hours", 24) <= MAX_TARGET_HOURS:
        del values["reply_target_hours"]
    for key, check in (
        ("public_base_url", check_base_url),
        ("alert_destinations", check_destinations),
    ):
        if key in values:
            try:
                values[key] = check(values[key])
            except ValueError:
                del values[key]
    if "content_type_rules" in values:
        try:
            content_types.rules_of(values["content_type_rules"])
        except content_types.RulesError:  # rules another version stored: the shipped ones
            del values["content_type_rules"]
    if "followers" in values:
        try:
            values["followers"] = check_followers(values["followers"])
        except ValueError:
            del values["followers"]
    for key in ANATOMY_LIMITS:
        if key in values:
            try:
                check_anatomy({key: values[key]})
            except ValueError:  # stored by hand or another version: the default answers
                del values[key]
    return replace(defaults, **values)


def save(store: Store, new: Settings) -> None:
    """Store every field of ``new`` (``ValueError`` for a value that cannot be used)."""
    if new.sensitivity not in SENSITIVITIES:
        raise ValueError(f"sensitivity must be one of {', '.join(SENSITIVITIES)}")
    if new.min_corrections_to_refit < MIN_REFIT_CORRECTIONS:
        raise ValueError(f"min_corrections_to_refit must be at least {MIN_REFIT_CORRECTIONS}")
    owners = check_owners(new.owners, new.account)
    units = check_units(new.units)
    templates = templates_mod.check_templates(new.reply_templates)
    hotline = templates_mod.check_channel("reply_hotline", new.reply_hotline)
    channel = templates_mod.check_channel("reply_channel", new.reply_channel)
    if not isinstance(new.reply_target_hours, int) or not (
        1 <= new.reply_target_hours <= MAX_TARGET_HOURS
    ):
        raise ValueError(
            f"reply_target_hours must be a whole number of hours from 1 to {MAX_TARGET_HOURS}"
        )
    base_url = check_base_url(new.public_base_url)
    destinations = check_destinations(new.alert_destinations)
    if not isinstance(new.alerts_enabled, bool):
        raise ValueError("alerts_enabled must be true or false")
    content_types.rules_of(new.content_type_rules)  # RulesError (a ValueError) names the line
    followers = check_followers(new.followers)
    check_anatomy({key: getattr(new, key) for key in ANATOMY_LIMITS})
    values = {f.name: getattr(new, f.name) for f in fields(Settings) if f.name not in NOT_SAVED}
    settings_store.write(
        store,
        {
            **values,
            "owners": owners,
            "units": units,
            "reply_templates": templates,
            "reply_hotline": hotline,
            "reply_channel": channel,
            "public_base_url": base_url,
            "alert_destinations": destinations,
            "followers": followers,
        },
    )
