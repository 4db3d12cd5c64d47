"""The numbers of the demo year: posts, comments, users, likes and replies, as numpy arrays.

``make_plan(n, seed, platform)`` decides everything but the strings: when each comment is written,
on which post, on which topic and from which template, by whom, how many likes it gets, which
comments are answered (the ministry answers a share of complaints, hours later) and the ids, in
the platform's own forms (Instagram shortcodes and 17-digit ids, X's time-ordered 19-digit ids,
YouTube's video, comment and channel ids). Instagram's plan draws exactly what it drew before
there were platforms, so its data set (the benchmark's) stays the same for the same seed.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from monitor.demo import vocabulary as T
from monitor.demo.story import (
    BASE_TOPIC_WEIGHTS,
    EVENTS,
    FIXED_POSTS,
    GROUP_LIKES,
    GROUPS,
    HOURS,
    N_DAYS,
    PROFILES,
    T0,
    T_END,
    THEME_NAMES,
    THEMES,
    TOPIC_NAMES,
    WIB,
    Profile,
    day_index,
    epoch,
)
from monitor.demo.templates import TemplateBank, build_bank

REPLY_SHARE = PROFILES["instagram"].reply_share
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
TWITTER_EPOCH_MS = 1_288_834_974_657  # X ids count milliseconds from this instant


def _shortcode(media_id: int) -> str:
    out = []
    while media_id:
        media_id, r = divmod(media_id, 64)
        out.append(_B64[r])
    return "".join(reversed(out))


def _mixed(number: int, width: int) -> str:
    """A number as ``width`` base64url characters that look random (a hash of it)."""
    digest = hashlib.blake2b(str(int(number)).encode(), digest_size=18).digest()
    return base64.urlsafe_b64encode(digest).decode()[:width]


def snowflakes(seconds: np.ndarray, jitter: np.ndarray, sequence: np.ndarray) -> np.ndarray:
    """X-style ids: the time in milliseconds since X's epoch, shifted left 22 bits, with a
    sequence number below (unique per data set as long as it holds under 4 million rows)."""
    ms = seconds.astype(np.int64) * 1000 + jitter.astype(np.int64) % 1000 - TWITTER_EPOCH_MS
    return (ms << 22) | (sequence.astype(np.int64) & 0x3FFFFF)


@dataclass
class Plan:
    """Everything about the year except the final strings, as numpy arrays."""

    seed: int
    platform: str
    account_id: str  # the ministry's own id on the platform
    # posts
    post_pub: np.ndarray
    post_code: list[str]
    post_theme: np.ndarray  # index into ``story.THEME_NAMES``
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
    bank: TemplateBank


def _make_posts(
    rng: np.random.Generator, posts: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    pub, theme, pop = [], [], []
    for stamp, th in FIXED_POSTS:
        local = datetime.fromisoformat(stamp).replace(tzinfo=UTC)
        pub.append(int(local.timestamp()) - WIB)
        theme.append(THEME_NAMES.index(th))
        pop.append(2.5)
    n_random = int(rng.integers(*posts))
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


def _day_profiles(profile: Profile) -> tuple[np.ndarray, np.ndarray]:
    """Per Jakarta day: comment volume and topic weights (days x topics), on one platform."""
    days = np.arange(N_DAYS)
    dow = (days + 3) % 7
    weekly = np.asarray([1.12, 1.1, 1.08, 1.05, 0.95, 0.8, 0.78])[dow]
    base = np.where(days >= day_index("2020-12-22"), 1.6, 1.0) * (1 + 0.15 * days / N_DAYS)
    k = len(TOPIC_NAMES)
    W = np.tile(np.asarray([BASE_TOPIC_WEIGHTS[t] for t in TOPIC_NAMES]), (N_DAYS, 1))
    for name, factor in profile.topics:
        W[:, TOPIC_NAMES.index(name)] *= factor
    for gate_topic, gate_day in (
        ("risma", "2020-12-22"),
        ("cekbansos", "2021-04-21"),
        ("verdict", "2021-08-23"),
    ):
        W[days < day_index(gate_day), TOPIC_NAMES.index(gate_topic)] = 0.0
    # Juliari-era praise fades when the case breaks, and returns (for the new minister) later.
    praise = TOPIC_NAMES.index("praise")
    W[(days >= day_index("2020-12-05")) & (days < day_index("2020-12-22")), praise] *= 0.2
    extra = np.zeros(N_DAYS)
    for ev in EVENTS:
        d0 = day_index(ev.day)
        f = np.where(days >= d0, np.exp(-(days - d0) / ev.tau), 0.0)
        volume = ev.volume * profile.reaction
        extra += volume * f
        mix = np.zeros(k)
        for name, share in ev.mix.items():
            mix[TOPIC_NAMES.index(name)] = share
        W += (volume * f)[:, None] * mix[None, :] * W.sum(axis=1, keepdims=True)
    W = W / W.sum(axis=1, keepdims=True)
    volume = base * weekly * (1.0 + extra)
    return volume, W


# How people build a handle from two name parts (a, b), a number or a two-digit year, and how
# often each way is used.
_HANDLES = (
    "{a}{b}",
    "{a}_{b}",
    "{a}.{b}",
    "{a}{num}",
    "{a}_{b}{yy:02d}",
    "{a}.{b}_",
    "_{a}{b}",
    "{a}{b}{num}",
)
_HANDLE_SHARES = [0.2, 0.2, 0.15, 0.15, 0.1, 0.1, 0.05, 0.05]


def _usernames(rng: np.random.Generator, u: int) -> np.ndarray:
    f = rng.integers(len(T.FIRST_NAMES), size=u)
    last = rng.integers(len(T.LAST_NAMES), size=u)
    pat = rng.choice(len(_HANDLES), size=u, p=_HANDLE_SHARES)
    num = rng.integers(1, 2000, size=u)
    yy = rng.integers(70, 100, size=u) % 100
    seen: set[str] = set()
    out = []
    for i in range(u):
        a, b, p = T.FIRST_NAMES[f[i]], T.LAST_NAMES[last[i]], pat[i]
        name = _HANDLES[p].format(a=a, b=b, num=num[i], yy=yy[i])
        if name in seen:
            name = f"{name}{i % 997}"
            while name in seen:
                name += "_"
        seen.add(name)
        out.append(name)
    return np.asarray(out, dtype=object)


def make_plan(n: int, seed: int, platform: str = "instagram") -> Plan:
    """The plan of ``n`` records (replies included) on ``platform`` (a key of ``PROFILES``)."""
    profile = PROFILES[platform]
    rng = np.random.default_rng([seed, profile.seed_key] if profile.seed_key else seed)
    bank = build_bank(np.random.default_rng([seed, 1]))
    post_pub, post_theme, post_pop = _make_posts(rng, profile.posts)

    n_replies = int(round(n * profile.reply_share)) if n >= 10 else 0
    m = n - n_replies

    # --- top-level comments: day, time of day, post
    volume, W = _day_profiles(profile)
    day = np.sort(rng.choice(N_DAYS, size=m, p=volume / volume.sum()))
    hour = rng.choice(24, size=m, p=HOURS / HOURS.sum())
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
        ok_lean &= ~((lean_topic == TOPIC_NAMES.index(gate_topic)) & (t < epoch(gate, 0)))
    topic = np.where(lean & ok_lean, lean_topic, topic)
    # the new minister's posts draw her supporters
    after = t >= epoch(T.RISMA_IN, 0)
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
    mu = np.asarray([GROUP_LIKES[g][0] for g in GROUPS])[group_idx]
    sd = np.asarray([GROUP_LIKES[g][1] for g in GROUPS])[group_idx]
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
    before, after_change = profile.answer
    rate = np.where(t >= epoch(T.RISMA_IN, 0), after_change, before)
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
    local_h = ((r_t + WIB) // 3600) % 24
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
    jitter = rng.integers(0, 7919, size=len(all_t))
    ids = 17_845_000_000_000_000 + rank * 7919 + jitter
    cid, r_cid = ids[:m], ids[m:]

    media = 2_420_000_000_000_000_000 + (post_pub - T0) * 8_200_000_000
    salt = rng.integers(0, 10**9, size=len(media))
    codes = [_shortcode(int(x) + int(y)) for x, y in zip(media, salt, strict=True)]
    if platform == "x":  # tweets: ids from their time; a post is the ministry's tweet
        ids = snowflakes(all_t, jitter, rank)
        cid, r_cid = ids[:m], ids[m:]
        codes = [str(i) for i in snowflakes(post_pub, salt, np.arange(len(post_pub)) + (1 << 21))]
    elif platform == "youtube":  # video ids; thread ids, replies named after their thread
        codes = [_mixed(int(x) + int(y), 11) for x, y in zip(media, salt, strict=True)]
        cid = np.asarray([f"Ugz{_mixed(i, 16)}4AaABAg" for i in cid.tolist()], dtype=object)
        r_cid = np.asarray(
            [
                f"{cid[p]}.9{_mixed(i, 21)}"
                for p, i in zip(r_parent.tolist(), r_cid.tolist(), strict=True)
            ],
            dtype=object,
        )
        user_ids = np.asarray([f"UC{_mixed(i, 22)}" for i in user_ids.tolist()], dtype=object)
    return Plan(
        seed=seed,
        platform=platform,
        account_id=profile.account_id,
        post_pub=post_pub,
        post_code=codes,
        post_theme=post_theme,
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
