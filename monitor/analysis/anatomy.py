"""The anatomy of a spike day: is it a copy-paste campaign, a few loud accounts, or the public?

Pure functions over the day's comments (``store.aggregates.read_day_comments``: comment_id,
platform, post_id, author, text, created_at_utc, like_count, label, is_complaint, terms);
``reports.find_spikes`` reads the store and puts the result on each spike (``Spike.anatomy``).

**Copy-paste campaigns** (``campaigns``). Organised "buzzer" accounts post the same text by the
dozen, with a word or two changed so that it does not look pasted. A comment's text is
normalised as for scoring (``nlp.text.normalise``: case, URLs and mentions, hashtags split,
slang expanded, elongations squeezed), then punctuation and emoji are dropped; two comments are
near-duplicates when the Jaccard similarity of their word sets is at least
``SIMILARITY`` (0.6). Near-duplicates are joined transitively, and each group is cut into
bursts wherever ``WINDOW_MINUTES`` (60) pass without a comment of it. A burst is a
**campaign** when it holds comments of at least ``MIN_ACCOUNTS`` (5) distinct accounts. Why:

* 0.6 keeps a 12-word text with three words changed (9 shared of 15, 0.6) or four words added
  (12 of 16, 0.75) in the group, while comments that merely share the day's vocabulary
  (*korupsi*, *bansos*, *menteri*) stay far below it (typically 0.1-0.3).
* Texts of fewer than ``MIN_WORDS`` (5) words are never matched: "mantap pak", "setuju" or
  "semangat bu" are written independently by many people every day.
* Five accounts: two or three people quoting the same slogan or headline happens on its own;
  campaigns run dozens of accounts. One account repeating itself is a heavy commenter, not a
  campaign.
* The hour: campaign accounts post on a signal; the same text coming back hours later is
  more likely people quoting it, and the window keeps the joining from spanning a whole day.

The day's ``coordination_share`` is the share of its comments that sit in campaigns, and the
day is ``coordinated`` when that share reaches ``COORDINATED_SHARE`` (0.25): a quarter of a
day's voices from copy-paste is more than any organic day shows, and below that the anger of
the rest is still the main story.

The pair search is MinHash LSH from ``rensa`` (a maintained library with its index in Rust,
rather than a search written here). Every distinct word set of at least ``MIN_WORDS`` words
gets a MinHash of ``NUM_PERM`` (128) permutations (fixed ``SEED``: the same day always gives
the same campaigns); the LSH index cuts it into ``BANDS`` (32) bands of ``ROWS`` (4) values,
and two texts are candidates when one band is equal, which happens with probability
1 - (1 - J^4)^32 for a Jaccard J: 0.99 at 0.6 (the threshold), 0.87 at 0.5, 0.23 at 0.3 and
0.05 at 0.2. Every candidate pair is then checked by its exact Jaccard, so nothing below
``SIMILARITY`` is ever joined (no false positives); what LSH can lose is a pair it never
proposes, about one in a hundred at the threshold and fewer above it. A campaign loses far
less than that: one paraphrase is missed only when it misses *every* other one of its
campaign. The texts are taken in order and each is compared with the candidates the index
holds before it; a candidate already in its group is not compared again, and a group keeps at
most ``MAX_INDEXED`` (20) of its texts in the index, so a cluster of 2,000 near-duplicates
costs tens of thousands of comparisons, not two million, while a paraphrase can still join
through any of twenty earlier copies. Identical normalised
texts are joined without comparing. Bands of 4 rather than 8 because 8-value bands find a 0.6
pair only a quarter of the time; 128 permutations because 64 would leave 16 bands of 4 (0.89
at 0.6). The MinHashes are made in one call for the day and the index is the library's
compiled code; ``datasketch``'s pure-Python index, used first, spent most of a
100,000-comment day on its own bookkeeping.

**Author concentration** (``authors``), for a spike day or any period. Accounts with an
outsized part of it are **heavy**: at least ``HEAVY_MIN_COMMENTS`` (5) comments and at least
``HEAVY_MIN_SHARE`` (1 %) of the period's. Five comments a day is far above the one or two of
nearly every commenter; the share keeps a day of 10,000 comments from listing everyone who
wrote five. Each carries the most comments it left on one post (an account arguing under one
post looks different from one spread over all). Beside them: the share of the ``TOP_ACCOUNTS``
(10) most active, the accounts that left at least ``REPEAT_ON_POST`` (3) comments under one
post (a conversation has two or three turns; more is hammering one post), and, given each
account's first comment in the store, the accounts **first seen** in the period and their share
of it (fresh accounts arriving together are the other mark of a campaign). An account is
(platform, author): the same name on two platforms is two accounts. Authors are as stored, so
with pseudonymisation on every one of them is a pseudonym.

**Themes** (``themes``). What the negative comments and complaints are about, by a standard
topic model from scikit-learn: the stored ``terms`` (stems, stopwords gone) of those comments
weighted by TF-IDF (``TfidfVectorizer``, sublinear counts, stems in at least two comments once
there are ``THEME_MIN_DF_FROM`` of them), factorised by NMF into at most ``THEMES`` (5)
topics. NMF rather than k-means: with the ``nndsvd`` start it uses no random numbers at all
(the same comments always give the same themes, with no seed to keep), its topics are
weights of stems that read as labels, and a comment about nothing in particular is left out
(no weight) instead of being forced into the nearest cluster. A comment belongs to the topic
that weighs most in it; a theme is labelled by its ``THEME_WORDS`` (3) heaviest stems and
its example is its most central comment (the one the topic weighs most in; ties: most liked).
Its change is against the baseline: the baseline's comments of the same kind are put on the
same topics, and ``ratio`` = the theme's comments / its comments per baseline day (for a
period of several days, per day of the period). Themes are ordered by the comments they add
over their baseline, so what grew leads.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from rensa import RMinHash, RMinHashLSH

from monitor.nlp import text as text_mod

SIMILARITY = 0.6  # Jaccard of the normalised word sets: near-duplicate at or above
MIN_WORDS = 5  # texts with fewer distinct words are never matched
WINDOW_MINUTES = 60  # a campaign burst ends after this long without one of its comments
MIN_ACCOUNTS = 5  # distinct accounts a burst needs to be a campaign
COORDINATED_SHARE = 0.25  # the day is "coordinated" from this share of campaign comments
MAX_ACCOUNTS_LISTED = 100  # a campaign lists at most this many accounts (the count is whole)

NUM_PERM = 128  # MinHash permutations
BANDS, ROWS = 32, 4  # LSH bands x values per band (= NUM_PERM)
SEED = 1  # MinHash permutations are drawn from this seed: the same day, the same campaigns
MAX_INDEXED = 20  # texts of one group kept in the index: later texts are compared with these

HEAVY_MIN_COMMENTS = 5
HEAVY_MIN_SHARE = 0.01
TOP_ACCOUNTS = 10  # the "top accounts" whose share is given
REPEAT_ON_POST = 3  # comments under one post from which an account is "repeating"
MAX_LISTED = 20  # heavy, repeating and new accounts listed at most (their counts are whole)

THEMES = 5  # topics at most
THEME_WORDS = 3  # stems that label a theme
THEME_MIN_DF_FROM = 30  # from this many comments, a stem must be in two of them to count
THEME_MAX_ITER = 400  # NMF iterations (it stops earlier once converged)


@dataclass(frozen=True)
class Thresholds:
    """The campaign rule's settings (Settings' ``anatomy_*``; defaults and why: module
    docstring)."""

    similarity: float = SIMILARITY
    window_minutes: float = WINDOW_MINUTES
    min_accounts: int = MIN_ACCOUNTS
    coordinated_share: float = COORDINATED_SHARE


# --------------------------------------------------------------------------- campaigns


def words(text: str | None) -> frozenset[str]:
    """The distinct normalised words of a text (no punctuation, no emoji): what is compared."""
    return frozenset(
        t
        for t in text_mod.normalise(text)
        if t != text_mod.BOUNDARY and any(ch.isalnum() for ch in t)
    )


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def word_sets(texts: Sequence[str | None]) -> list[frozenset[str]]:
    """``words`` of many texts: each distinct text is normalised once, by the batch tokeniser
    (``nlp.tokenstream``, the same tokens as ``normalise``)."""
    from monitor.nlp import tokenstream

    distinct = list(dict.fromkeys(t or "" for t in texts))
    stream, voc = tokenstream.tokenise(distinct)
    keep = [n != text_mod.BOUNDARY and any(ch.isalnum() for ch in n) for n in voc.names]
    sets: list[set[str]] = [set() for _ in distinct]
    names = voc.names
    for owner, tok in zip(stream.owner.tolist(), stream.ids.tolist(), strict=True):
        if keep[tok]:
            sets[owner].add(names[tok])
    by_text = dict(zip(distinct, map(frozenset, sets), strict=True))
    return [by_text[t or ""] for t in texts]


def similar_groups(texts: Sequence[frozenset[str]], similarity: float = SIMILARITY) -> list[int]:
    """A group number per text (the smallest index in its group): texts joined transitively
    by a verified Jaccard of at least ``similarity`` among the candidate pairs of MinHash LSH
    (module docstring); a text of fewer than ``MIN_WORDS`` words is a group of its own."""
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    first_of: dict[frozenset[str], int] = {}
    distinct: list[int] = []  # one index per distinct word set worth matching
    for i, ws in enumerate(texts):
        if len(ws) < MIN_WORDS:
            continue
        if ws in first_of:
            union(first_of[ws], i)
        else:
            first_of[ws] = i
            distinct.append(i)
    if len(distinct) > 1:
        sets = [texts[i] for i in distinct]
        hashes = RMinHash.from_token_sets([sorted(ws) for ws in sets], num_perm=NUM_PERM, seed=SEED)
        lsh = RMinHashLSH(threshold=similarity, num_perm=NUM_PERM, num_bands=BANDS)
        indexed: dict[int, int] = {}  # group -> its texts in the index
        for k, (a, minhash) in enumerate(zip(sets, hashes, strict=True)):
            i = distinct[k]
            for c in lsh.query(minhash):
                j = distinct[c]
                ri, rj = find(i), find(j)
                if ri == rj:
                    continue  # already one group: nothing to learn from comparing
                b = sets[c]
                inter = len(a & b)
                if inter / (len(a) + len(b) - inter) >= similarity:  # = jaccard(a, b)
                    union(i, j)
                    indexed[find(i)] = indexed.pop(ri, 0) + indexed.pop(rj, 0)
            root = find(i)
            if indexed.get(root, 0) < MAX_INDEXED:
                lsh.insert(k, minhash)
                indexed[root] = indexed.get(root, 0) + 1
    return [find(i) for i in range(len(texts))]


def _bursts(times: pd.Series, window_minutes: float) -> list[list[int]]:
    """Positions of ``times`` (sorted) cut wherever ``window_minutes`` pass without one."""
    out: list[list[int]] = []
    last = None
    gap = pd.Timedelta(minutes=window_minutes)
    for pos, t in enumerate(times):
        if last is None or t - last > gap:
            out.append([])
        out[-1].append(pos)
        last = t
    return out


def campaigns(
    day: pd.DataFrame,
    *,
    similarity: float = SIMILARITY,
    window_minutes: float = WINDOW_MINUTES,
    min_accounts: int = MIN_ACCOUNTS,
) -> list[dict]:
    """The copy-paste campaigns of one day's comments, largest first (see the module docstring
    for the rule). Each: ``comments``, ``accounts`` (distinct), ``share`` of the day's
    comments, ``first``/``last`` (ISO, UTC), ``text`` (its most frequent text), ``posts`` and
    ``authors`` (most active first, at most ``MAX_ACCOUNTS_LISTED``)."""
    if day.empty:
        return []
    groups = similar_groups(word_sets(day["text"].tolist()), similarity)
    frame = pd.DataFrame(
        {
            "group": groups,
            "time": pd.to_datetime(day["created_at_utc"]).to_numpy(),
            "author": day["author"].fillna("").astype(str).to_numpy(),
            "text": day["text"].fillna("").astype(str).to_numpy(),
            "post_id": day["post_id"].fillna("").astype(str).to_numpy(),
            "platform": day["platform"].fillna("").astype(str).to_numpy(),
        }
    )
    sizes = frame["group"].value_counts()
    candidates = frame[frame["group"].isin(sizes[sizes >= min_accounts].index)]
    total = len(day)
    found: list[dict] = []
    for _, members in candidates.groupby("group", sort=True):
        members = members.sort_values("time", kind="stable").reset_index(drop=True)
        for burst in _bursts(members["time"], window_minutes):
            if len(burst) < min_accounts:
                continue  # fewer comments than the accounts a campaign needs
            part = members.iloc[burst]
            authors = part.loc[part["author"] != "", "author"]
            if authors.nunique() < min_accounts:
                continue
            by_author = authors.value_counts()
            ordered = sorted(by_author.items(), key=lambda kv: (-kv[1], kv[0]))
            text_counts = Counter(part["text"])  # first seen first: ties go to the earliest
            text = max(text_counts, key=text_counts.__getitem__)
            posts = part.groupby(["platform", "post_id"], sort=True).size()
            found.append(
                {
                    "comments": len(part),
                    "accounts": int(by_author.size),
                    "share": round(len(part) / total, 4),
                    "first": part["time"].min().isoformat(),
                    "last": part["time"].max().isoformat(),
                    "text": text,
                    "posts": [
                        {"platform": p, "post_id": pid, "comments": int(n)}
                        for (p, pid), n in sorted(posts.items(), key=lambda kv: (-kv[1], kv[0]))
                    ],
                    "authors": [a for a, _ in ordered[:MAX_ACCOUNTS_LISTED]],
                }
            )
    found.sort(key=lambda c: (-c["comments"], c["first"], c["text"]))
    return found


def coordination_share(day: pd.DataFrame, found: Iterable[dict]) -> float | None:
    """Share of the day's comments that sit in ``found`` campaigns (None for an empty day)."""
    if day.empty:
        return None
    return round(sum(c["comments"] for c in found) / len(day), 4)


# --------------------------------------------------------------------------- authors


def authors(
    day: pd.DataFrame,
    *,
    min_comments: int = HEAVY_MIN_COMMENTS,
    min_share: float = HEAVY_MIN_SHARE,
    top: int = TOP_ACCOUNTS,
    first_seen: Mapping[tuple[str, str], datetime] | None = None,
    since: datetime | None = None,
) -> dict:
    """Who wrote the day or period (see the module docstring): ``accounts`` (distinct, named
    ones), ``top_share`` (share of the comments by the ``top`` most active), ``top`` (those
    accounts), ``heavy`` (``author``, ``platform``, ``comments``, ``share``, ``posts``,
    ``most_on_one_post``), ``repeating`` (accounts with ``REPEAT_ON_POST`` comments or more
    under one post: ``author``, ``platform``, ``post_id``, ``comments``), ``repeating_share``;
    with ``first_seen`` ((platform, author) -> first comment, UTC) and ``since`` (the period's
    first moment, UTC): ``new_accounts``, ``new_share`` and ``new`` (most active first), else
    None. Comments without an author count in the total but belong to no account."""
    total = len(day)
    empty = {
        "accounts": 0,
        "top_share": None,
        "top": [],
        "heavy": [],
        "repeating": [],
        "repeating_share": None,
        "new_accounts": None,
        "new_share": None,
        "new": [],
    }
    if total == 0:
        return empty
    named = day.assign(
        author=day["author"].fillna("").astype(str),
        platform=day["platform"].fillna("").astype(str) if "platform" in day else "",
        post_id=day["post_id"].fillna("").astype(str) if "post_id" in day else "",
    )
    named = named[named["author"] != ""]
    if named.empty:
        return empty
    counts = named.groupby(["platform", "author"], sort=False).size()
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][1], kv[0][0]))
    per_post = named.groupby(["platform", "author", "post_id"], sort=False).size()
    most = per_post.groupby(level=[0, 1]).max()
    n_posts = per_post.groupby(level=[0, 1]).size()

    def account(key: tuple[str, str], n: int) -> dict:
        return {
            "author": key[1],
            "platform": key[0],
            "comments": int(n),
            "share": round(n / total, 4),
            "posts": int(n_posts.loc[key]),
            "most_on_one_post": int(most.loc[key]),
        }

    heavy = []
    for key, n in ordered:
        if n < min_comments or n / total < min_share:
            break  # ordered by count: the rest have fewer
        heavy.append(account(key, n))
    repeats = per_post[per_post >= REPEAT_ON_POST]
    repeating = sorted(
        (
            {"author": a, "platform": p, "post_id": pid, "comments": int(n)}
            for (p, a, pid), n in repeats.items()
        ),
        key=lambda r: (-r["comments"], r["author"], r["platform"], r["post_id"]),
    )
    out = {
        "accounts": int(counts.size),
        "top_share": round(sum(n for _, n in ordered[:top]) / total, 4),
        "top": [account(key, n) for key, n in ordered[:top]],
        "heavy": heavy[:MAX_LISTED],
        "repeating": repeating[:MAX_LISTED],
        "repeating_share": round(int(repeats.sum()) / total, 4),
        "new_accounts": None,
        "new_share": None,
        "new": [],
    }
    if first_seen is not None and since is not None:
        new = [
            (key, n)
            for key, n in ordered
            if key in first_seen and pd.Timestamp(first_seen[key]) >= pd.Timestamp(since)
        ]
        out["new_accounts"] = len(new)
        out["new_share"] = round(sum(n for _, n in new) / total, 4)
        out["new"] = [account(key, n) for key, n in new[:MAX_LISTED]]
    return out


# --------------------------------------------------------------------------- themes


def themes(
    day: pd.DataFrame,
    baseline_terms: Sequence[str],
    baseline_days: int,
    *,
    n: int = THEMES,
    days: int = 1,
) -> list[dict]:
    """The themes of ``day`` (the comments of the kind, one day or ``days`` days; see the
    module docstring): ``terms`` (its stems, heaviest first, phrases with spaces), ``label``
    (the first ``THEME_WORDS``), ``comments``, ``per_day``, ``baseline_per_day``, ``ratio``
    (None when the baseline never had it), ``example`` (its most central comment) and
    ``example_likes``. Deterministic for the same comments."""
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction.text import TfidfVectorizer
    from threadpoolctl import threadpool_limits

    if day.empty:
        return []
    docs = day["terms"].fillna("").astype(str).tolist()
    if not any(d.strip() for d in docs):
        return []
    vectorizer = TfidfVectorizer(
        tokenizer=str.split,
        token_pattern=None,
        lowercase=False,
        sublinear_tf=True,
        min_df=2 if len(docs) >= THEME_MIN_DF_FROM else 1,
    )
    try:
        x = vectorizer.fit_transform(docs)
    except ValueError:  # no stem is in two comments
        return []
    k = min(n, x.shape[0], x.shape[1])
    model = NMF(n_components=k, init="nndsvd", max_iter=THEME_MAX_ITER, random_state=0)
    # one BLAS thread: several threads sum in varying order, and a comment between two topics
    # could then change theme from one run to the next
    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)  # nndsvd on fewer distinct comments than k
        weights = model.fit_transform(x)
    topic = weights.argmax(axis=1)
    has = weights.max(axis=1) > 0
    base_docs = [t for t in baseline_terms if t]
    base_counts = [0] * k
    if base_docs:
        bx = vectorizer.transform(base_docs)
        keep = bx.getnnz(axis=1) > 0
        if keep.any():
            with threadpool_limits(limits=1), warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                bw = model.transform(bx[keep])
            bt = bw.argmax(axis=1)[bw.max(axis=1) > 0]
            for t in bt.tolist():
                base_counts[t] += 1
    vocab = vectorizer.get_feature_names_out()
    likes = day["like_count"].fillna(0).astype(int).tolist()
    texts = day["text"].fillna("").astype(str).tolist()
    out = []
    for t in range(k):
        members = [i for i in range(len(docs)) if has[i] and topic[i] == t]
        if not members:
            continue
        loading = model.components_[t]
        best = min(members, key=lambda i: (-weights[i, t], -likes[i], i))
        # equal weights: in the order the example says them ("bst belum cair")
        said = {w: pos for pos, w in reversed(list(enumerate(docs[best].split())))}
        order = sorted(
            range(len(vocab)),
            key=lambda j: (-round(float(loading[j]), 6), said.get(vocab[j], len(said)), vocab[j]),
        )
        stems = [vocab[j].replace("_", " ") for j in order[:8] if loading[j] > 0]
        per_day = len(members) / max(days, 1)
        base = base_counts[t] / baseline_days if baseline_days > 0 else 0.0
        out.append(
            {
                "terms": stems,
                "label": " ".join(stems[:THEME_WORDS]),
                "comments": len(members),
                "per_day": round(per_day, 2),
                "baseline_per_day": round(base, 2),
                "ratio": round(per_day / base, 1) if base > 0 else None,
                "example": texts[best],
                "example_likes": likes[best],
            }
        )
    out.sort(key=lambda g: (-(g["per_day"] - g["baseline_per_day"]), -g["comments"], g["label"]))
    return out


# --------------------------------------------------------------------------- together


def anatomy(
    day: pd.DataFrame,
    kind_mask: Sequence[bool] | pd.Series,
    baseline_terms: Sequence[str],
    baseline_days: int,
    posts: Sequence[dict] = (),
    *,
    first_seen: Mapping[tuple[str, str], datetime] | None = None,
    since: datetime | None = None,
    thresholds: Thresholds | None = None,
) -> dict:
    """One spike day's anatomy: ``comments`` (the day's, of the public), ``coordination_share``,
    ``coordinated``, ``campaigns``, ``authors`` and ``themes`` (over the comments of the
    spike's kind, ``kind_mask``), and the driving ``posts`` as found by ``reports``; the
    campaign rule's ``thresholds`` are those of Settings (default: the module's)."""
    th = thresholds or Thresholds()
    day = day.reset_index(drop=True)
    found = campaigns(
        day,
        similarity=th.similarity,
        window_minutes=th.window_minutes,
        min_accounts=th.min_accounts,
    )
    share = coordination_share(day, found)
    mask = pd.Series(list(kind_mask), dtype=bool) if len(day) else pd.Series([], dtype=bool)
    return {
        "comments": len(day),
        "coordination_share": share,
        "coordinated": share is not None and share >= th.coordinated_share,
        "campaigns": found,
        "authors": authors(day, first_seen=first_seen, since=since),
        "themes": themes(day[mask.to_numpy()], baseline_terms, baseline_days),
        "posts": list(posts),
    }
