"""The demo year: the account, the calendar and what happens in it.

Oct 2020 - Sep 2021 on ``kemensosri``: the share of each topic in ordinary weeks, the news days
that bring extra comments (the 2020 bansos corruption case: the KPK sting, the minister named
suspect, the new minister, the indictment and the verdict), the posts pinned to the calendar and
the themes of the others, and how many likes each kind of comment draws.

The same year happens on every platform the demo covers (``PROFILES``): the same news days and
the same pinned posts, with each platform's own habits (how many posts, how hard the public
reacts to news, what it writes about, how often the ministry answers there).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

ACCOUNT = "kemensosri"
ACCOUNT_ID = "2117380913"  # on Instagram

WIB = 7 * 3600
# Jakarta midnight of 2020-10-01, as a UTC epoch second.
T0 = int(datetime(2020, 9, 30, 17, 0, tzinfo=UTC).timestamp())
N_DAYS = 365
T_END = T0 + N_DAYS * 86400

# Share of comments per topic in ordinary weeks (gated topics only count once they exist).
BASE_TOPIC_WEIGHTS: dict[str, float] = {
    "short": 0.23,
    "praise": 0.09,
    "risma": 0.06,
    "corruption": 0.025,
    "verdict": 0.0,
    "aid": 0.17,
    "dtks": 0.07,
    "cekbansos": 0.04,
    "disability": 0.03,
    "disaster": 0.015,
    "disaster_support": 0.01,
    "pungli": 0.03,
    "question": 0.10,
    "critic": 0.06,
    "spam": 0.02,
}
TOPIC_NAMES: tuple[str, ...] = tuple(BASE_TOPIC_WEIGHTS)


@dataclass(frozen=True)
class Event:
    """A news day: extra comment volume decaying over ``tau`` days, mostly on ``mix`` topics."""

    day: str
    volume: float
    tau: float
    mix: dict[str, float]


EVENTS: tuple[Event, ...] = (
    Event("2020-12-05", 3.0, 1.0, {"corruption": 0.8, "critic": 0.15, "question": 0.05}),
    Event(
        "2020-12-06", 12.0, 3.0, {"corruption": 0.82, "critic": 0.1, "pungli": 0.04, "short": 0.04}
    ),
    Event("2020-12-22", 2.5, 2.0, {"risma": 0.55, "short": 0.25, "corruption": 0.1, "aid": 0.1}),
    Event("2020-12-23", 2.0, 3.0, {"risma": 0.5, "short": 0.3, "aid": 0.1, "corruption": 0.1}),
    Event(
        "2021-01-04",
        2.5,
        6.0,
        {"aid": 0.45, "dtks": 0.2, "question": 0.2, "praise": 0.1, "pungli": 0.05},
    ),
    Event("2021-01-15", 0.8, 5.0, {"disaster": 0.55, "disaster_support": 0.45}),
    Event("2021-04-05", 0.6, 5.0, {"disaster": 0.55, "disaster_support": 0.45}),
    Event(
        "2021-04-21", 2.0, 3.0, {"corruption": 0.45, "cekbansos": 0.35, "dtks": 0.1, "critic": 0.1}
    ),
    Event("2021-07-19", 1.0, 10.0, {"aid": 0.6, "question": 0.2, "pungli": 0.1, "dtks": 0.1}),
    Event("2021-08-23", 5.0, 3.0, {"verdict": 0.8, "corruption": 0.1, "critic": 0.1}),
)

# Posts pinned to the calendar (Jakarta local time) with their theme; the rest are drawn at random.
FIXED_POSTS: tuple[tuple[str, str], ...] = (
    ("2020-10-01 10:00", "info_bansos"),
    ("2020-12-03 10:00", "disabilitas"),
    ("2020-12-06 14:00", "klarifikasi"),
    ("2020-12-20 09:00", "peringatan"),
    ("2020-12-23 16:00", "kegiatan_menteri"),
    ("2021-01-04 11:00", "bst"),
    ("2021-01-16 10:00", "bencana"),
    ("2021-04-06 10:00", "bencana"),
    ("2021-04-21 15:00", "cekbansos"),
    ("2021-07-20 13:00", "bst"),
    ("2021-08-17 08:00", "peringatan"),
    ("2021-08-24 10:00", "kegiatan_menteri"),
)
# Theme -> (random-post weight, topic its comments lean to).
THEMES: dict[str, tuple[float, str]] = {
    "info_bansos": (3, "question"),
    "pkh": (2, "aid"),
    "bst": (2, "aid"),
    "bpnt": (1.5, "pungli"),
    "dtks": (1, "dtks"),
    "disabilitas": (1, "disability"),
    "bencana": (1, "disaster"),
    "peringatan": (1.5, "short"),
    "kegiatan_menteri": (3, "praise"),
    "klarifikasi": (0, "corruption"),
    "cekbansos": (0, "cekbansos"),
}
THEME_NAMES: tuple[str, ...] = tuple(THEMES)

# Likes by comment group: mean and spread of their logarithm (before the post's popularity).
GROUP_LIKES: dict[str, tuple[float, float]] = {
    "angry": (1.3, 1.4),
    "complaint": (0.2, 1.1),
    "positive": (0.3, 1.1),
    "short": (-0.3, 0.9),
    "neutral": (-0.2, 1.0),
    "negative": (0.6, 1.2),
    "spam": (-1.0, 0.6),
}
GROUPS: tuple[str, ...] = tuple(GROUP_LIKES)

# Relative comment volume by hour of the day (Jakarta time).
HOURS = np.asarray(
    [
        0.35,
        0.2,
        0.1,
        0.12,
        0.35,
        0.7,
        0.9,
        1.2,
        1.4,
        1.5,
        1.5,
        1.6,
        1.7,
        1.5,
        1.3,
        1.2,
        1.2,
        1.3,
        1.35,
        1.6,
        1.8,
        1.75,
        1.4,
        0.8,
    ]
)


def epoch(iso_utc: str | None, default: int) -> int:
    """A UTC ISO timestamp as an epoch second (``default`` when there is none)."""
    if not iso_utc:
        return default
    return int(datetime.fromisoformat(iso_utc).replace(tzinfo=UTC).timestamp())


def day_index(day: str) -> int:
    """Index of a Jakarta calendar day ``YYYY-MM-DD`` in the demo year."""
    d = datetime.fromisoformat(day).replace(tzinfo=UTC)
    return int((d.timestamp() - WIB - T0) // 86400)


@dataclass(frozen=True)
class Profile:
    """How one platform's public and the ministry's team behave there.

    ``account_id`` is the ministry's stable id on the platform (a user id; on YouTube the
    channel id); ``posts`` the range of the number of posts drawn besides the pinned ones;
    ``reaction`` scales the extra volume of every news day; ``topics`` scales topic shares;
    ``answer`` is the share of complaints the ministry answers before and after the new
    minister's first day.
    """

    account_id: str
    posts: tuple[int, int] = (44, 62)
    reply_share: float = 0.08
    reaction: float = 1.0
    topics: tuple[tuple[str, float], ...] = ()
    answer: tuple[float, float] = (0.07, 0.22)
    seed_key: int = 0  # 0: the plain seed (Instagram's data set, which the benchmark reads)


PROFILES: dict[str, Profile] = {
    "instagram": Profile(ACCOUNT_ID),
    # X reacts hardest to news and writes more anger and criticism than praise.
    "x": Profile(
        "1193120412",
        posts=(70, 95),
        reply_share=0.12,
        reaction=1.8,
        topics=(
            ("corruption", 1.8),
            ("critic", 1.6),
            ("praise", 0.5),
            ("short", 0.45),
            ("spam", 0.5),
        ),
        answer=(0.04, 0.12),
        seed_key=101,
    ),
    # Fewer posts (videos), each drawing questions for longer.
    "youtube": Profile(
        "UCkemensosRI_demoChannel",
        posts=(14, 22),
        reply_share=0.06,
        reaction=1.2,
        topics=(("question", 1.4), ("short", 0.8), ("spam", 1.5)),
        answer=(0.02, 0.08),
        seed_key=102,
    ),
}
