"""The strings of the demo comments and replies, one chunk of rows at a time.

Templates are filled with slot values, given openers, closers and second sentences, and typed the
way people type on a phone: shouting, stretched letters and typos.
"""

from __future__ import annotations

import re

import numpy as np

from monitor.demo import vocabulary as T
from monitor.demo.plan import Plan
from monitor.demo.story import GROUPS, TOPIC_NAMES, epoch
from monitor.demo.templates import VARIANTS


def _weighted(rng: np.random.Generator, options: tuple[tuple[str, float], ...], size: int):
    vals = np.asarray([o[0] for o in options], dtype=object)
    w = np.asarray([o[1] for o in options], dtype=float)
    return vals[rng.choice(len(vals), size=size, p=w / w.sum())]


_LAST_LETTER = re.compile(r"([a-z])(\W*)$")


def comment_texts(plan: Plan, lo: int, hi: int, rng: np.random.Generator) -> list[str]:
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
                t < epoch(T.RISMA_IN, 0),
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
    cat: [(txt, epoch(s, 0), epoch(e, 2**62)) for txt, s, e in options]
    for cat, options in T.OWNER_REPLIES.items()
}


def reply_texts(plan: Plan, lo: int, hi: int, rng: np.random.Generator) -> list[str]:
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
