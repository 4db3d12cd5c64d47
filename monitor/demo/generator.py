"""Demo data: a deterministic year of comments on the ministry's Instagram posts.

Citra opens on an empty store with something to look at, and the benchmark needs realistic
volumes, so both use this generator. It writes the same shapes real exporters write (Apify JSON,
exportcomments.com CSV) and the demo goes through the real ingest, so what the app shows on demo
data is exactly what it would show on a real export.

The year is Oct 2020 - Sep 2021 on ``kemensosri``: everyday complaints about aid that has not
arrived, registration (DTKS/NIK) questions, disability and disaster requests, pungli reports,
praise and a large share of short repeated comments ("aamiin", "mantap"), with the public reaction
to the 2020 bansos corruption case (the KPK sting, the minister named suspect, the new minister,
the indictment and the verdict). The ministry answers a share of complaints, hours later.

Everything is vectorised with numpy so a million comments take seconds, and ``iter_comments``
streams records in chunks so a large file never sits in memory as Python objects.
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from monitor.demo import vocabulary as T

ACCOUNT = "kemensosri"
ACCOUNT_ID = "2117380913"
DEFAULT_N = 4000
DEFAULT_SEED = 7
DEMO_FILE_NAME = "Citra demo data (generated)"
REPLY_SHARE = 0.08
CHUNK = 20_000

_WIB = 7 * 3600
# Jakarta midnight of 2020-10-01, as a UTC epoch second.
T0 = int(datetime(2020, 9, 30, 17, 0, tzinfo=UTC).timestamp())
N_DAYS = 365
T_END = T0 + N_DAYS * 86400

EXPORTCOMMENTS_HEADER = (
    ',,Name,Username,"Profile ID",Date,Likes,Comment,"User Verified",Thumbnail,'
    '"Comment ID","Profile URL","Comment URL"'
)

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
class _Event:
    """A news day: extra comment volume decaying over ``tau`` days, mostly on ``mix`` topics."""

    day: str
    volume: float
    tau: float
    mix: dict[str, float]


EVENTS: tuple[_Event, ...] = (
    _Event("2020-12-05", 3.0, 1.0, {"corruption": 0.8, "critic": 0.15, "question": 0.05}),
    _Event(
        "2020-12-06", 12.0, 3.0, {"corruption": 0.82, "critic": 0.1, "pungli": 0.04, "short": 0.04}
    ),
    _Event("2020-12-22", 2.5, 2.0, {"risma": 0.55, "short": 0.25, "corruption": 0.1, "aid": 0.1}),
    _Event("2020-12-23", 2.0, 3.0, {"risma": 0.5, "short": 0.3, "aid": 0.1, "corruption": 0.1}),
    _Event(
        "2021-01-04",
        2.5,
        6.0,
        {"aid": 0.45, "dtks": 0.2, "question": 0.2, "praise": 0.1, "pungli": 0.05},
    ),
    _Event("2021-01-15", 0.8, 5.0, {"disaster": 0.55, "disaster_support": 0.45}),
    _Event("2021-04-05", 0.6, 5.0, {"disaster": 0.55, "disaster_support": 0.45}),
    _Event(
        "2021-04-21", 2.0, 3.0, {"corruption": 0.45, "cekbansos": 0.35, "dtks": 0.1, "critic": 0.1}
    ),
    _Event("2021-07-19", 1.0, 10.0, {"aid": 0.6, "question": 0.2, "pungli": 0.1, "dtks": 0.1}),
    _Event("2021-08-23", 5.0, 3.0, {"verdict": 0.8, "corruption": 0.1, "critic": 0.1}),
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

_GROUP_LIKES: dict[str, tuple[float, float]] = {
    "angry": (1.3, 1.4),
    "complaint": (0.2, 1.1),
    "positive": (0.3, 1.1),
    "short": (-0.3, 0.9),
    "neutral": (-0.2, 1.0),
    "negative": (0.6, 1.2),
    "spam": (-1.0, 0.6),
}
GROUPS: tuple[str, ...] = tuple(_GROUP_LIKES)
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _epoch(iso_utc: str | None, default: int) -> int:
    if not iso_utc:
        return default
    return int(datetime.fromisoformat(iso_utc).replace(tzinfo=UTC).timestamp())


def _day_index(day: str) -> int:
    """Index of a Jakarta calendar day ``YYYY-MM-DD`` in the demo year."""
    d = datetime.fromisoformat(day).replace(tzinfo=UTC)
    return int((d.timestamp() - _WIB - T0) // 86400)


def _shortcode(media_id: int) -> str:
    out = []
    while media_id:
        media_id, r = divmod(media_id, 64)
        out.append(_B64[r])
    return "".join(reversed(out))


# ---------------------------------------------------------------------------------------------
# Template rendering: each template in six spellings (two formal, two casual, two heavy slang).
_TOKEN = re.compile(r"\{[a-z]+\}|terima kasih|[A-Za-z]+|[^A-Za-z{]+|\{")
_SLOT_INDEX = {name: i for i, name in enumerate(T.SLOT_ORDER)}
VARIANTS = 6


def _positional(template: str) -> str:
    """``{prog}`` -> ``{0}`` so rows can be formatted with one positional tuple."""
    return re.sub(r"\{([a-z]+)\}", lambda m: f"{{{_SLOT_INDEX[m.group(1)]}}}", template)


def _render(template: str, variant: int, rng: np.random.Generator) -> str:
    level = variant // 2
    if level == 0:
        text = template
        if variant == 1 and text[:1].isupper() and rng.random() < 0.6:
            text = text[0].lower() + text[1:]
        return text.rstrip(".") if variant == 1 else text
    out = []
    for tok in _TOKEN.findall(template):
        key = tok.lower()
        if key in T.SLANG:
            choices = T.SLANG[key][level - 1]
            if level == 2 or rng.random() < 0.7:
                tok = choices[int(rng.integers(len(choices)))]
        out.append(tok)
    text = "".join(out)
    if level == 2:
        # heavy: lower-case outside slots, drop sentence punctuation
        text = re.sub(r"[^{}]+(?=\{|$)", lambda m: m.group(0).lower(), text)
        text = text.replace(". ", " ").rstrip(".")
        if rng.random() < 0.4:
            text = text.replace(",", "")
    elif rng.random() < 0.5:
        text = text[:1].lower() + text[1:]
    return text


@dataclass
class _TemplateBank:
    formats: list[str]  # flat: (template_id * VARIANTS + variant)
    topic_start: np.ndarray  # first template id of each topic
    topic_count: np.ndarray
    weights: list[np.ndarray]  # per topic, normalised
    start: np.ndarray  # per template id, epoch gate
    end: np.ndarray
    group_of_topic: list[str]
    extras: dict[str, np.ndarray]  # group -> object array (n_extras x VARIANTS) of formats


def _build_bank(rng: np.random.Generator) -> _TemplateBank:
    formats: list[str] = []
    starts, ends, weights, topic_start, topic_count, groups = [], [], [], [], [], []
    tid = 0
    for name in TOPIC_NAMES:
        spec = T.TOPICS[name]
        topic_start.append(tid)
        groups.append(spec["group"])
        w = []
        for text, weight, s, e in spec["templates"]:
            for v in range(VARIANTS):
                formats.append(_positional(_render(text, v, rng)))
            starts.append(_epoch(s, 0))
            ends.append(_epoch(e, 2**62))
            w.append(weight)
            tid += 1
        topic_count.append(len(w))
        arr = np.asarray(w, dtype=float)
        weights.append(arr / arr.sum())
    extras = {
        g: np.asarray(
            [[_positional(_render(x, v, rng)) for v in range(VARIANTS)] for x in items],
            dtype=object,
        )
        for g, items in T.EXTRAS.items()
    }
    return _TemplateBank(
        extras=extras,
        formats=formats,
        topic_start=np.asarray(topic_start),
        topic_count=np.asarray(topic_count),
        weights=weights,
        start=np.asarray(starts, dtype=np.int64),
        end=np.asarray(ends, dtype=np.int64),
        group_of_topic=groups,
    )


# ---------------------------------------------------------------------------------------------
@dataclass
class _Plan:
    """Everything about the year except the final strings, as numpy arrays."""

    seed: int
    # posts
    post_pub: np.ndarray
    post_code: list[str]
    # top-level comments, in output order (post, time)
    t: np.ndarray
    post: np.ndarray
    topic: np.ndarray
    template: np.ndarray
    user: np.ndarray
    likes: np.ndarray
    cid: np.ndarray
    # replies, sorted by (parent position, time)
    r_parent: np.ndarray
    r_t: np.ndarray
    r_owner: np.ndarray
    r_user: np.ndarray
    r_likes: np.ndarray
    r_cid: np.ndarray
    # users
    usernames: np.ndarray
    user_ids: np.ndarray
    user_verified: np.ndarray
    user_style: np.ndarray
    bank: _TemplateBank


def _make_posts(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    pub, theme, pop = [], [], []
    for stamp, th in FIXED_POSTS:
        local = datetime.fromisoformat(stamp).replace(tzinfo=UTC)
        pub.append(int(local.timestamp()) - _WIB)
        theme.append(THEME_NAMES.index(th))
        pop.append(2.5)
    n_random = int(rng.integers(44, 62))
    days = rng.integers(0, N_DAYS, size=n_random)
    dow = (days + 3) % 7  # 2020-10-01 was a Thursday (Mon=0)
    days = np.where(dow >= 5, np.minimum(days + (7 - dow), N_DAYS - 1), days)  # to Monday
    hours = rng.integers(8, 20, size=n_random)
    minutes = rng.integers(0, 60, size=n_random)
    tw = np.asarray([THEMES[t][0] for t in THEME_NAMES], dtype=float)
    themes = rng.choice(len(THEME_NAMES), size=n_random, p=tw / tw.sum())
    pub.extend((T0 + days * 86400 + hours * 3600 + minutes * 60).tolist())
    theme.extend(themes.tolist())
    pop.extend(rng.lognormal(0.0, 0.6, size=n_random).tolist())
    order = np.argsort(np.asarray(pub), kind="stable")
    return (
        np.asarray(pub, dtype=np.int64)[order],
        np.asarray(theme)[order],
        np.asarray(pop, dtype=float)[order],
    )


def _day_profiles() -> tuple[np.ndarray, np.ndarray]:
    """Per Jakarta day: comment volume and topic weights (days x topics)."""
    days = np.arange(N_DAYS)
    dow = (days + 3) % 7
    weekly = np.asarray([1.12, 1.1, 1.08, 1.05, 0.95, 0.8, 0.78])[dow]
    base = np.where(days >= _day_index("2020-12-22"), 1.6, 1.0) * (1 + 0.15 * days / N_DAYS)
    k = len(TOPIC_NAMES)
    W = np.tile(np.asarray([BASE_TOPIC_WEIGHTS[t] for t in TOPIC_NAMES]), (N_DAYS, 1))
    for gate_topic, gate_day in (
        ("risma", "2020-12-22"),
        ("cekbansos", "2021-04-21"),
        ("verdict", "2021-08-23"),
    ):
        W[days < _day_index(gate_day), TOPIC_NAMES.index(gate_topic)] = 0.0
    # Juliari-era praise fades when the case breaks, and returns (for the new minister) later.
    praise = TOPIC_NAMES.index("praise")
    W[(days >= _day_index("2020-12-05")) & (days < _day_index("2020-12-22")), praise] *= 0.2
    extra = np.zeros(N_DAYS)
    for ev in EVENTS:
        d0 = _day_index(ev.day)
        f = np.where(days >= d0, np.exp(-(days - d0) / ev.tau), 0.0)
        extra += ev.volume * f
        mix = np.zeros(k)
        for name, share in ev.mix.items():
            mix[TOPIC_NAMES.index(name)] = share
        W += (ev.volume * f)[:, None] * mix[None, :] * W.sum(axis=1, keepdims=True)
    W = W / W.sum(axis=1, keepdims=True)
    volume = base * weekly * (1.0 + extra)
    return volume, W


_HOURS = np.asarray(
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


def _usernames(rng: np.random.Generator, u: int) -> np.ndarray:
    f = rng.integers(len(T.FIRST_NAMES), size=u)
    last = rng.integers(len(T.LAST_NAMES), size=u)
    pat = rng.choice(8, size=u, p=[0.2, 0.2, 0.15, 0.15, 0.1, 0.1, 0.05, 0.05])
    num = rng.integers(1, 2000, size=u)
    yy = rng.integers(70, 100, size=u) % 100
    seen: set[str] = set()
    out = []
    for i in range(u):
        a, b, p = T.FIRST_NAMES[f[i]], T.LAST_NAMES[last[i]], pat[i]
        if p == 0:
            name = f"{a}{b}"
        elif p == 1:
            name = f"{a}_{b}"
        elif p == 2:
            name = f"{a}.{b}"
        elif p == 3:
            name = f"{a}{num[i]}"
        elif p == 4:
            name = f"{a}_{b}{yy[i]:02d}"
        elif p == 5:
            name = f"{a}.{b}_"
        elif p == 6:
            name = f"_{a}{b}"
        else:
            name = f"{a}{b}{num[i]}"
        if name in seen:
            name = f"{name}{i % 997}"
            while name in seen:
                name += "_"
        seen.add(name)
        out.append(name)
    return np.asarray(out, dtype=object)


def _plan(n: int, seed: int) -> _Plan:
    rng = np.random.default_rng(seed)
    bank = _build_bank(np.random.default_rng([seed, 1]))
    post_pub, post_theme, post_pop = _make_posts(rng)

    n_replies = int(round(n * REPLY_SHARE)) if n >= 10 else 0
    m = n - n_replies

    # --- top-level comments: day, time of day, post
    volume, W = _day_profiles()
    day = np.sort(rng.choice(N_DAYS, size=m, p=volume / volume.sum()))
    hour = rng.choice(24, size=m, p=_HOURS / _HOURS.sum())
    t = T0 + day * 86400 + hour * 3600 + rng.integers(0, 3600, size=m)
    post = np.empty(m, dtype=np.int64)
    topic = np.empty(m, dtype=np.int64)
    bounds = np.searchsorted(day, np.arange(N_DAYS + 1))
    for d in range(N_DAYS):
        lo, hi = bounds[d], bounds[d + 1]
        if lo == hi:
            continue
        day_end = T0 + (d + 1) * 86400
        cand = np.flatnonzero(post_pub < day_end)
        age_h = np.maximum(day_end - 43200 - post_pub[cand], 0) / 3600.0
        w = post_pop[cand] * (age_h + 3.0) ** -1.3
        post[lo:hi] = cand[rng.choice(len(cand), size=hi - lo, p=w / w.sum())]
        topic[lo:hi] = rng.choice(len(TOPIC_NAMES), size=hi - lo, p=W[d])
    # a comment cannot precede its post
    t = np.maximum(t, post_pub[post] + 60 + rng.exponential(2400, size=m).astype(np.int64))
    t = np.minimum(t, T_END - 1)
    # comments lean to the post's theme
    theme_topic = np.asarray([TOPIC_NAMES.index(THEMES[th][1]) for th in THEME_NAMES])
    lean = rng.random(m) < 0.2
    lean_topic = theme_topic[post_theme[post]]
    # gated topics stay gated
    ok_lean = np.ones(m, dtype=bool)
    for gate_topic, gate in (("cekbansos", T.CEKBANSOS), ("risma", T.RISMA_IN)):
        ok_lean &= ~((lean_topic == TOPIC_NAMES.index(gate_topic)) & (t < _epoch(gate, 0)))
    topic = np.where(lean & ok_lean, lean_topic, topic)
    # the new minister's posts draw her supporters
    after = t >= _epoch(T.RISMA_IN, 0)
    praise_i, risma_i = TOPIC_NAMES.index("praise"), TOPIC_NAMES.index("risma")
    swap = after & (topic == praise_i) & (rng.random(m) < 0.35)
    topic[swap] = risma_i

    # --- template per comment (respecting template date gates)
    template = np.empty(m, dtype=np.int64)
    for k in range(len(TOPIC_NAMES)):
        rows = np.flatnonzero(topic == k)
        if not len(rows):
            continue
        start, count, wts = bank.topic_start[k], bank.topic_count[k], bank.weights[k]
        pick = start + rng.choice(count, size=len(rows), p=wts)
        for _ in range(8):
            bad = (t[rows] < bank.start[pick]) | (t[rows] >= bank.end[pick])
            if not bad.any():
                break
            pick[bad] = start + rng.choice(count, size=int(bad.sum()), p=wts)
        bad = (t[rows] < bank.start[pick]) | (t[rows] >= bank.end[pick])
        if bad.any():
            ungated = [
                start + j
                for j in range(count)
                if bank.start[start + j] == 0 and bank.end[start + j] == 2**62
            ]
            pick[bad] = ungated[0]
        template[rows] = pick

    # --- users
    u = int(min(max(n // 3, 300), 400_000))
    usernames = _usernames(rng, u)
    ranks = np.arange(u, dtype=float)
    p_user = (ranks + 5.0) ** -0.9
    p_user /= p_user.sum()
    user = rng.choice(u, size=m, p=p_user)
    user_ids = (np.arange(u, dtype=np.int64) * 1_000_003 + int(rng.integers(1, 10**6))) % (
        9_000_000_000
    ) + 1_000_000_000
    user_verified = rng.random(u) < 0.0008
    user_style = rng.choice(3, size=u, p=[0.35, 0.4, 0.25])

    # --- likes by group and post popularity
    group_idx = np.asarray([GROUPS.index(g) for g in bank.group_of_topic])[topic]
    mu = np.asarray([_GROUP_LIKES[g][0] for g in GROUPS])[group_idx]
    sd = np.asarray([_GROUP_LIKES[g][1] for g in GROUPS])[group_idx]
    likes = np.floor(np.exp(rng.normal(mu, sd)) * np.sqrt(post_pop[post])) - 1
    likes = np.clip(likes, 0, 30_000).astype(np.int64)

    # --- output order: by post, then time
    order = np.lexsort((t, post))
    t, post, topic, template, user, likes, group_idx = (
        a[order] for a in (t, post, topic, template, user, likes, group_idx)
    )

    # --- replies: the ministry answers complaints; others chime in
    complaint_g = GROUPS.index("complaint")
    is_complaint = group_idx == complaint_g
    rate = np.where(t >= _epoch(T.RISMA_IN, 0), 0.22, 0.07)
    owner_par = np.flatnonzero(is_complaint & (rng.random(m) < rate))
    cap = int(n_replies * 0.8)
    if len(owner_par) > cap:
        owner_par = np.sort(rng.choice(owner_par, size=cap, replace=False))
    n_user = n_replies - len(owner_par)
    if n_user and m:
        gw = np.where(np.isin(group_idx, [GROUPS.index("angry"), complaint_g]), 1.5, 0.5)
        pw = (likes + 1.0) * gw
        user_par = rng.choice(m, size=n_user, p=pw / pw.sum())
    else:
        user_par = np.empty(0, dtype=np.int64)
    r_parent = np.concatenate([owner_par, user_par]).astype(np.int64)
    r_owner = np.concatenate([np.ones(len(owner_par), bool), np.zeros(len(user_par), bool)])
    delay = np.where(
        r_owner,
        np.clip(rng.lognormal(np.log(5 * 3600), 0.9, size=len(r_parent)), 1200, 6 * 86400),
        np.clip(rng.lognormal(np.log(1.5 * 3600), 1.3, size=len(r_parent)), 60, 30 * 86400),
    ).astype(np.int64)
    r_t = t[r_parent] + delay if len(r_parent) else np.empty(0, dtype=np.int64)
    # the ministry's team answers between 07:00 and 22:00 Jakarta time
    local_h = ((r_t + _WIB) // 3600) % 24
    night = r_owner & ((local_h < 7) | (local_h >= 22))
    push = ((7 - local_h) % 24) * 3600 + rng.integers(0, 5400, size=len(r_t))
    r_t = np.where(night, r_t + push, r_t)
    r_user = rng.choice(u, size=len(r_parent), p=p_user)
    r_likes = np.where(
        r_owner,
        np.floor(np.exp(rng.normal(0.6, 1.0, size=len(r_parent)))),
        np.floor(np.exp(rng.normal(-0.4, 0.9, size=len(r_parent)))) - 1,
    )
    r_likes = np.clip(r_likes, 0, 5000).astype(np.int64)
    r_order = np.lexsort((r_t, r_parent))
    r_parent, r_t, r_owner, r_user, r_likes = (
        a[r_order] for a in (r_parent, r_t, r_owner, r_user, r_likes)
    )

    # --- comment ids: increase with time, like Instagram's
    all_t = np.concatenate([t, r_t])
    rank = np.empty(len(all_t), dtype=np.int64)
    rank[np.argsort(all_t, kind="stable")] = np.arange(len(all_t))
    ids = 17_845_000_000_000_000 + rank * 7919 + rng.integers(0, 7919, size=len(all_t))
    cid, r_cid = ids[:m], ids[m:]

    media = 2_420_000_000_000_000_000 + (post_pub - T0) * 8_200_000_000
    codes = [
        _shortcode(int(x) + int(y))
        for x, y in zip(media, rng.integers(0, 10**9, size=len(media)), strict=True)
    ]
    return _Plan(
        seed=seed,
        post_pub=post_pub,
        post_code=codes,
        t=t,
        post=post,
        topic=topic,
        template=template,
        user=user,
        likes=likes,
        cid=cid,
        r_parent=r_parent,
        r_t=r_t,
        r_owner=r_owner,
        r_user=r_user,
        r_likes=r_likes,
        r_cid=r_cid,
        usernames=usernames,
        user_ids=user_ids,
        user_verified=user_verified,
        user_style=user_style,
        bank=bank,
    )


# ---------------------------------------------------------------------------------------------
# Strings, one chunk at a time.
def _iso(ts: np.ndarray) -> np.ndarray:
    s = np.datetime_as_string(ts.astype("datetime64[s]"), unit="ms")
    return np.char.add(s, "Z").astype(object)


def _weighted(rng: np.random.Generator, options: tuple[tuple[str, float], ...], size: int):
    vals = np.asarray([o[0] for o in options], dtype=object)
    w = np.asarray([o[1] for o in options], dtype=float)
    return vals[rng.choice(len(vals), size=size, p=w / w.sum())]


_LAST_LETTER = re.compile(r"([a-z])(\W*)$")


def _texts(plan: _Plan, lo: int, hi: int, rng: np.random.Generator) -> list[str]:
    """Comment texts for top-level rows ``lo:hi``."""
    size = hi - lo
    bank = plan.bank
    tmpl = plan.template[lo:hi]
    style = plan.user_style[plan.user[lo:hi]]
    variant = style * 2 + rng.integers(0, 2, size=size)
    fmts = np.asarray(bank.formats, dtype=object)[tmpl * VARIANTS + variant]
    t = plan.t[lo:hi]
    cols = []
    for name in T.SLOT_ORDER:
        if name == "bu":
            before = np.asarray(T.BU_BEFORE, dtype=object)
            after_ = np.asarray(T.BU_AFTER, dtype=object)
            col = np.where(
                t < _epoch(T.RISMA_IN, 0),
                before[rng.integers(len(before), size=size)],
                after_[rng.integers(len(after_), size=size)],
            )
        elif name == "tag":
            col = plan.usernames[rng.integers(len(plan.usernames), size=size)]
        else:
            vals = np.asarray(T.SLOTS[name], dtype=object)
            col = vals[rng.integers(len(vals), size=size)]
        cols.append(col)
    body = [f.format(*a) for f, *a in zip(fmts, *cols, strict=True)]
    groups = np.asarray(bank.group_of_topic, dtype=object)[plan.topic[lo:hi]]
    prefix = np.full(size, "", dtype=object)
    suffix = np.full(size, "", dtype=object)
    for g in GROUPS:
        rows = np.flatnonzero(groups == g)
        if not len(rows):
            continue
        prefix[rows] = _weighted(rng, T.PREFIXES[g], len(rows))
        suffix[rows] = _weighted(rng, T.SUFFIXES[g], len(rows))
        if g in bank.extras:
            # a second sentence, mostly after the first and sometimes before it
            chosen = rows[rng.random(len(rows)) < T.EXTRA_SHARE[g]]
            pick = rng.integers(len(bank.extras[g]), size=len(chosen))
            glue = rng.random(len(chosen))
            for i, e, gl in zip(chosen.tolist(), pick.tolist(), glue.tolist(), strict=True):
                extra = bank.extras[g][e, variant[i]].format(*(c[i] for c in cols))
                first = body[i]
                if gl < 0.2:
                    body[i] = f"{extra} {first}"
                elif first[-1:].isalnum():
                    body[i] = f"{first}{'. ' if gl < 0.7 else ', '}{extra}"
                else:
                    body[i] = f"{first} {extra}"
    # after an opener like "Permisi " the sentence usually goes on in lower case
    lower = np.flatnonzero(
        (prefix != "") & ~np.char.endswith(prefix.astype(str), ". ") & (rng.random(size) < 0.7)
    )
    for i in lower.tolist():
        b = body[i]
        if b[:2] != b[:2].upper():  # leave acronyms such as "BST" / "NIK" alone
            body[i] = b[:1].lower() + b[1:]
    text = prefix + np.asarray(body, dtype=object) + suffix
    # shouting, and stretched last letters ("tolonggg"), as people type when upset
    shout = np.flatnonzero((groups == "angry") & (rng.random(size) < 0.1))
    for i in shout:
        text[i] = text[i].upper()
    stretch = np.flatnonzero(np.isin(groups, ["complaint", "angry"]) & (rng.random(size) < 0.05))
    for i in stretch:
        text[i] = _LAST_LETTER.sub(lambda mt: mt.group(1) * 4 + mt.group(2), text[i], count=1)
    # fat fingers on a phone keyboard: a dropped, doubled or swapped letter
    typo = np.flatnonzero((groups != "short") & (rng.random(size) < 0.35))
    where = rng.random(len(typo)).tolist()
    kind = rng.integers(0, 3, size=len(typo)).tolist()
    for i, w, k in zip(typo.tolist(), where, kind, strict=True):
        text[i] = _typo(text[i], w, k)
    return text.tolist()


def _typo(s: str, where: float, kind: int) -> str:
    n = len(s)
    if n < 4:
        return s
    j = 1 + int(where * (n - 2))
    for _ in range(6):  # the nearest letter that follows a letter
        if j < n - 1 and s[j].isalpha() and s[j - 1].isalpha():
            break
        j += 1
    else:
        return s
    if j >= n - 1:
        return s
    if kind == 0:
        return s[:j] + s[j + 1 :]
    if kind == 1:
        return s[:j] + s[j] + s[j:]
    return s[: j - 1] + s[j] + s[j - 1] + s[j + 1 :]


_OWNER_OPTIONS = {
    cat: [(txt, _epoch(s, 0), _epoch(e, 2**62)) for txt, s, e in options]
    for cat, options in T.OWNER_REPLIES.items()
}


def _reply_texts(plan: _Plan, lo: int, hi: int, rng: np.random.Generator) -> list[str]:
    """Texts for replies ``lo:hi`` (their parents are top-level rows)."""
    out = []
    bank = plan.bank
    parents = plan.r_parent[lo:hi]
    topics = plan.topic[parents].tolist()
    parent_users = plan.usernames[plan.user[parents]].tolist()
    owners = plan.r_owner[lo:hi].tolist()
    whens = plan.r_t[lo:hi].tolist()
    progs, fams, places = T.SLOTS["prog"], T.SLOTS["fam"], T.SLOTS["place"]
    pick = rng.random((hi - lo, 5)).tolist()
    for topic_i, parent_user, owner, when, r in zip(
        topics, parent_users, owners, whens, pick, strict=True
    ):
        if owner:
            cat = T.TOPICS[TOPIC_NAMES[topic_i]].get("category", "aid_not_received")
            options = [txt for txt, s, e in _OWNER_OPTIONS[cat] if s <= when < e]
            txt = options[int(r[0] * len(options))]
            if "{prog}" in txt:
                txt = txt.replace("{prog}", progs[int(r[1] * len(progs))])
            out.append(f"@{parent_user} {txt}")
        else:
            options = T.USER_REPLIES[bank.group_of_topic[topic_i]]
            txt = options[int(r[0] * len(options))]
            if "{" in txt:
                txt = txt.replace("{fam}", fams[int(r[1] * len(fams))])
                txt = txt.replace("{place}", places[int(r[2] * len(places))])
            out.append(f"@{parent_user} {txt}" if r[3] < 0.5 else txt)
    return out


# A record: (comment id, post shortcode, parent id or None, text, username, user id, verified,
# ISO timestamp, likes) -- plain Python values shared by the JSON and CSV writers.
Row = tuple[str, str, "str | None", str, str, str, bool, str, int]


def _iter_chunks(n: int, seed: int) -> Iterator[tuple[list[Row], list[int], list[Row]]]:
    """Top-level rows, their reply counts and the replies in order, a chunk at a time."""
    plan = _plan(n, seed)
    m = len(plan.t)
    codes = np.asarray(plan.post_code, dtype=object)
    for c, lo in enumerate(range(0, m, CHUNK)):
        hi = min(lo + CHUNK, m)
        rng = np.random.default_rng([seed, 2, c])
        users = plan.user[lo:hi]
        rows = list(
            zip(
                plan.cid[lo:hi].astype(str).tolist(),
                codes[plan.post[lo:hi]].tolist(),
                [None] * (hi - lo),
                _texts(plan, lo, hi, rng),
                plan.usernames[users].tolist(),
                plan.user_ids[users].astype(str).tolist(),
                plan.user_verified[users].tolist(),
                _iso(plan.t[lo:hi]).tolist(),
                plan.likes[lo:hi].tolist(),
                strict=True,
            )
        )
        r_lo, r_hi = (int(x) for x in np.searchsorted(plan.r_parent, [lo, hi]))
        r_users = plan.r_user[r_lo:r_hi]
        r_owner = plan.r_owner[r_lo:r_hi]
        r_codes = codes[plan.post[plan.r_parent[r_lo:r_hi]]].tolist()
        r_parent_ids = plan.cid[plan.r_parent[r_lo:r_hi]].astype(str).tolist()
        replies = list(
            zip(
                plan.r_cid[r_lo:r_hi].astype(str).tolist(),
                r_codes,
                r_parent_ids,
                _reply_texts(plan, r_lo, r_hi, rng),
                np.where(r_owner, ACCOUNT, plan.usernames[r_users]).tolist(),
                np.where(r_owner, ACCOUNT_ID, plan.user_ids[r_users].astype(str)).tolist(),
                (r_owner | plan.user_verified[r_users]).tolist(),
                _iso(plan.r_t[r_lo:r_hi]).tolist(),
                plan.r_likes[r_lo:r_hi].tolist(),
                strict=True,
            )
        )
        counts = np.bincount(plan.r_parent[r_lo:r_hi] - lo, minlength=hi - lo).tolist()
        yield rows, counts, replies


def _iter_rows(n: int, seed: int) -> Iterator[tuple[Row, list[Row]]]:
    """Top-level rows with their replies, in export order."""
    for rows, counts, replies in _iter_chunks(n, seed):
        pos = 0
        for row, k in zip(rows, counts, strict=True):
            if k:
                yield row, replies[pos : pos + k]
                pos += k
            else:
                yield row, []


def _apify(row: Row, replies: list[dict] | None) -> dict[str, Any]:
    cid, code, parent, text, username, user_id, verified, stamp, likes = row
    post_url = f"https://www.instagram.com/p/{code}/"
    comment_url = f"{post_url}c/{parent}/r/{cid}/" if parent else f"{post_url}c/{cid}/"
    return {
        "id": cid,
        "postUrl": post_url,
        "commentUrl": comment_url,
        "text": text,
        "ownerUsername": username,
        "timestamp": stamp,
        "repliesCount": len(replies) if replies else 0,
        "replies": replies if replies is not None else [],
        "likesCount": likes,
        "owner": {"id": user_id, "is_verified": verified, "username": username},
    }


def iter_comments(n: int | None = None, seed: int = DEFAULT_SEED) -> Iterator[dict[str, Any]]:
    """Apify-shaped top-level comments with nested ``replies``, streamed.

    ``n`` counts every record, replies included (about 8% are replies), so importing the
    output stores exactly ``n`` comments.
    """
    n = DEFAULT_N if n is None else int(n)
    if n < 0:
        raise ValueError("n must be >= 0")
    for row, replies in _iter_rows(n, seed):
        yield _apify(row, [_apify(r, None) for r in replies])


def generate_texts(n: int | None = None, seed: int = DEFAULT_SEED) -> list[str]:
    """Just the comment texts of ``iter_comments(n, seed)`` (replies included), in export order.

    The benchmark scores these without paying for building records it does not need.
    """
    n = DEFAULT_N if n is None else int(n)
    out: list[str] = []
    for rows, counts, replies in _iter_chunks(n, seed):
        pos = 0
        for row, k in zip(rows, counts, strict=True):
            out.append(row[3])
            if k:
                out.extend(r[3] for r in replies[pos : pos + k])
                pos += k
    return out


def generate_comments(n: int | None = None, seed: int = DEFAULT_SEED) -> list[dict[str, Any]]:
    """The demo data set in Apify Instagram comment scraper JSON shape (deterministic)."""
    return list(iter_comments(n, seed))


_jstr = json.encoder.encode_basestring  # JSON string literal, non-ASCII kept as is


def _apify_json(row: Row, replies: str, n_replies: int) -> str:
    """The same object as ``_apify`` serialised directly (writing 1M records stays fast)."""
    cid, code, parent, text, username, user_id, verified, stamp, likes = row
    post_url = f"https://www.instagram.com/p/{code}/"
    comment_url = f"{post_url}c/{parent}/r/{cid}/" if parent else f"{post_url}c/{cid}/"
    return (
        f'{{"id":"{cid}","postUrl":"{post_url}","commentUrl":"{comment_url}",'
        f'"text":{_jstr(text)},"ownerUsername":"{username}","timestamp":"{stamp}",'
        f'"repliesCount":{n_replies},"replies":[{replies}],"likesCount":{likes},'
        f'"owner":{{"id":"{user_id}","is_verified":{"true" if verified else "false"},'
        f'"username":"{username}"}}}}'
    )


def write_demo_export(path: str | Path, n: int | None = None, seed: int = DEFAULT_SEED) -> Path:
    """Write the demo data as an Apify JSON export (one array), streaming."""
    path = Path(path)
    n = DEFAULT_N if n is None else int(n)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("[")
        sep = "\n"
        for rows, counts, replies in _iter_chunks(n, seed):
            out = []
            pos = 0
            for row, k in zip(rows, counts, strict=True):
                if k:
                    inner = ",".join(_apify_json(r, "", 0) for r in replies[pos : pos + k])
                    pos += k
                else:
                    inner = ""
                out.append(_apify_json(row, inner, k))
            if out:
                fh.write(sep + ",\n".join(out))
                sep = ",\n"
        fh.write("\n]\n")
    return path


def write_export_csv(path: str | Path, n: int | None = None, seed: int = DEFAULT_SEED) -> Path:
    """Write the same comments as an exportcomments.com CSV (UTF-8 with BOM, replies flattened).

    ``Date`` is written as UTC wall time (``YYYY-MM-DD HH:MM:SS``, no zone, as the tool does).
    A few rows leave ``Username`` empty with the handle in ``Name``, as real exports do.
    """
    path = Path(path)
    n = DEFAULT_N if n is None else int(n)
    blank = np.random.default_rng([seed, 3])
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        fh.write(EXPORTCOMMENTS_HEADER + "\r\n")
        w = csv.writer(fh)
        number = 0
        for rows, counts, replies in _iter_chunks(n, seed):
            ordered: list[Row] = []
            pos = 0
            for row, k in zip(rows, counts, strict=True):
                ordered.append(row)
                if k:
                    ordered.extend(replies[pos : pos + k])
                    pos += k
            blanks = (blank.random(len(ordered)) < 0.03).tolist()
            out = []
            for (cid, code, parent, text, username, user_id, verified, stamp, likes), b in zip(
                ordered, blanks, strict=True
            ):
                number += 1
                post_url = f"https://www.instagram.com/p/{code}"
                url = f"{post_url}/c/{parent}/r/{cid}" if parent else f"{post_url}/c/{cid}"
                out.append(
                    (
                        number,
                        "",
                        username,
                        "" if b else username,
                        user_id,
                        stamp[:19].replace("T", " "),
                        likes,
                        text,
                        "yes" if verified else "no",
                        f"https://scontent.cdninstagram.com/v/t51.2885-19/{user_id}_n.jpg",
                        cid,
                        f"https://www.instagram.com/{username}",
                        url,
                    )
                )
            w.writerows(out)
    return path


generate_export_csv = write_export_csv


# ---------------------------------------------------------------------------------------------
# Loading and removing the demo through the real ingest.
def load_demo(store, n: int | None = None, seed: int = DEFAULT_SEED):
    """Import the demo data set (marked as demo, so it can be removed in one step)."""
    from monitor.ingest.pipeline import import_file

    with tempfile.TemporaryDirectory(prefix="citra-demo-") as tmp:
        path = write_demo_export(Path(tmp) / "citra-demo.json", n, seed)
        return import_file(store, path, file_name=DEMO_FILE_NAME, account=ACCOUNT, is_demo=True)


def _demo_import_ids(store) -> list[int]:
    """Ids of demo imports still in effect (not undone)."""
    from monitor.ingest.pipeline import list_imports

    imports = list_imports(store)
    if imports.empty:
        return []
    live = imports[imports["is_demo"].astype(bool) & (imports["status"] != "undone")]
    return [int(i) for i in live["id"]]


def has_demo(store) -> bool:
    """True when demo data is in the store."""
    return bool(_demo_import_ids(store))


def remove_demo(store) -> int:
    """Undo every demo import; returns how many imports were removed."""
    from monitor.ingest.pipeline import undo_import

    ids = _demo_import_ids(store)
    for import_id in ids:
        undo_import(store, import_id)
    return len(ids)
