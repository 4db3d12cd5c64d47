"""App tests: a seeded store (through the real ingest) shared by the page tests.

The seed is an Apify-shaped JSON export written here: three posts over 75 days in late 2020,
a burst of negative comments and complaints on 6-7 Dec 2020, owner replies to some complaints.
It is built once per test session and copied for every test that may write to it.
"""

from __future__ import annotations

import json
import random
import shutil
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

SEED_START = datetime(2020, 10, 20, tzinfo=UTC)
SEED_DAYS = 75
SPIKE_DAYS = ("2020-12-06", "2020-12-07")
POSTS = ("CGpostAAA01", "CHpostBBB02", "CIpostCCC03")

POSITIVE = (
    "Terima kasih bu, sangat membantu warga",
    "Mantap, bantuan sudah kami terima",
    "Semoga sehat selalu, terima kasih Kemensos",
    "Alhamdulillah bantuan sembako sudah sampai",
)
NEUTRAL = ("aamiin", "Info pendaftaran PKH bagaimana min?", "Kapan jadwal penyaluran?")
NEGATIVE = (
    "Kecewa, korupsi bansos memalukan sekali",
    "Usut tuntas korupsi bansos, rakyat dirugikan",
    "Malu punya menteri korupsi, bantuan rakyat diembat",
)
COMPLAINT = (
    "Bansos belum sampai ke RT kami, tolong dicek min",
    "Sudah tiga bulan BPNT tidak cair, mohon bantuannya",
    "Nama saya tidak terdaftar di DTKS padahal layak, tolong",
)


def seed_items(seed: int = 11) -> list[dict]:
    """Apify JSON items: deterministic, with a negative reaction around the December case."""
    rnd = random.Random(seed)
    items: list[dict] = []
    n = 0
    for d in range(SEED_DAYS):
        day = SEED_START + timedelta(days=d)
        spike = day.strftime("%Y-%m-%d") in SPIKE_DAYS
        count = rnd.randint(5, 9) + (30 if spike else 0)
        for _ in range(count):
            n += 1
            roll = rnd.random()
            if spike:
                pool = NEGATIVE if roll < 0.6 else COMPLAINT if roll < 0.85 else NEUTRAL
            else:
                pool = POSITIVE if roll < 0.45 else NEUTRAL if roll < 0.7 else COMPLAINT
            post = POSTS[min(2, d // 26)]
            ts = day + timedelta(hours=rnd.randint(0, 15), minutes=rnd.randint(0, 59))
            item = {
                "id": f"1790{n:010d}",
                "postUrl": f"https://www.instagram.com/p/{post}/",
                "text": rnd.choice(pool),
                "ownerUsername": f"warga_{rnd.randint(1, 400)}",
                "timestamp": ts.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "likesCount": rnd.randint(0, 30),
                "replies": [],
            }
            if pool is COMPLAINT and rnd.random() < 0.4:
                n += 1
                item["replies"].append(
                    {
                        "id": f"1790{n:010d}",
                        "text": "Mohon maaf, silakan kirim NIK via DM ya",
                        "ownerUsername": "kemensosri",
                        "timestamp": (ts + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                        "likesCount": 1,
                    }
                )
            item["repliesCount"] = len(item["replies"])
            items.append(item)
    return items


def write_seed_export(path: Path) -> Path:
    path.write_text(json.dumps(seed_items(), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory) -> Path:
    """A store file with the seed export imported and the shipped case timeline seeded."""
    from monitor.analysis import events
    from monitor.ingest.pipeline import import_file
    from monitor.store import open_store

    folder = tmp_path_factory.mktemp("seed")
    db = folder / "seed.db"
    store = open_store(f"sqlite:///{db}")
    import_file(store, write_seed_export(folder / "seed_export.json"))
    events.seed_timeline(store)
    store.dispose()
    return db


@pytest.fixture
def app_env(monkeypatch, tmp_path):
    """Point the app at a fresh empty store without the first-run demo."""

    def use(db: Path | None = None) -> str:
        target = tmp_path / "citra.db"
        if db is not None:
            shutil.copy(db, target)
        url = f"sqlite:///{target}"
        monkeypatch.setenv("CITRA_DATABASE_URL", url)
        monkeypatch.setenv("CITRA_DEMO", "0")
        return url

    return use


# --- the same weeks on X and YouTube, in their tools' shapes -----------------------------------

X_ACCOUNT_ID = "1193120412"
X_POSTS = ("1318000000000000001", "1328000000000000002", "1336000000000000003")
YT_CHANNEL = "UCkemensosRI_testChannel"
YT_VIDEOS = ("vidAAAAAAA1", "vidBBBBBBB2")


def _platform_records(seed: int, quiet: tuple[int, int], burst: int, posts: tuple[str, ...]):
    """(id number, post, text, author, time, likes, answered) per top-level comment: a few a day
    from 20 Oct 2020 and a burst of anger on 6-7 Dec 2020; some complaints answered 2 h later."""
    rnd = random.Random(seed)
    n = 0
    for d in range(SEED_DAYS):
        day = SEED_START + timedelta(days=d)
        spike = day.strftime("%Y-%m-%d") in SPIKE_DAYS
        for _ in range(rnd.randint(*quiet) + (burst if spike else 0)):
            n += 1
            roll = rnd.random()
            if spike:
                pool = NEGATIVE if roll < 0.7 else COMPLAINT if roll < 0.9 else NEUTRAL
            else:
                pool = POSITIVE if roll < 0.45 else NEUTRAL if roll < 0.7 else COMPLAINT
            post = posts[min(len(posts) - 1, d * len(posts) // SEED_DAYS)]
            ts = day + timedelta(hours=rnd.randint(0, 15), minutes=rnd.randint(0, 59))
            answered = pool is COMPLAINT and rnd.random() < 0.5
            yield (
                n,
                post,
                rnd.choice(pool),
                f"warga_{rnd.randint(1, 400)}",
                ts,
                rnd.randint(0, 20),
                answered,
            )


def _iso(ts: datetime) -> str:
    return ts.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def seed_x_page(seed: int = 12) -> dict:
    """One X API v2 page: replies to the ministry's three tweets, and its answers."""
    tweets, users = (
        [],
        {X_ACCOUNT_ID: {"id": X_ACCOUNT_ID, "name": "Kemensos", "username": "kemensosri"}},
    )
    for n, post, text, author, ts, likes, answered in _platform_records(seed, (3, 6), 25, X_POSTS):
        tid, uid = f"13{n:017d}", f"7{zlib.crc32(author.encode()):010d}"
        users[uid] = {"id": uid, "name": author, "username": author}
        tweets.append(
            {
                "id": tid,
                "conversation_id": post,
                "author_id": uid,
                "created_at": _iso(ts),
                "text": f"@kemensosri {text}",
                "in_reply_to_user_id": X_ACCOUNT_ID,
                "referenced_tweets": [{"type": "replied_to", "id": post}],
                "public_metrics": {"like_count": likes, "reply_count": int(answered)},
            }
        )
        if answered:
            tweets.append(
                {
                    "id": f"14{n:017d}",
                    "conversation_id": post,
                    "author_id": X_ACCOUNT_ID,
                    "created_at": _iso(ts + timedelta(hours=2)),
                    "text": f"@{author} Mohon maaf, silakan kirim NIK via DM ya",
                    "in_reply_to_user_id": uid,
                    "referenced_tweets": [{"type": "replied_to", "id": tid}],
                    "public_metrics": {"like_count": 1, "reply_count": 0},
                }
            )
    roots = [
        {
            "id": post,
            "conversation_id": post,
            "author_id": X_ACCOUNT_ID,
            "created_at": _iso(SEED_START + timedelta(days=26 * i)),
            "text": f"Informasi penyaluran bansos tahap {i + 1}",
            "public_metrics": {"like_count": 100 + i, "reply_count": 50, "impression_count": 9000},
        }
        for i, post in enumerate(X_POSTS)
    ]
    return {
        "data": tweets,
        "includes": {"users": list(users.values()), "tweets": roots},
        "meta": {"result_count": len(tweets)},
    }


def _yt_comment(
    cid: str,
    video: str,
    text: str,
    author: str,
    channel: str,
    ts: datetime,
    likes: int,
    parent=None,
) -> dict:
    snippet = {
        "channelId": YT_CHANNEL,
        "videoId": video,
        "textDisplay": text,
        "textOriginal": text,
        "authorDisplayName": f"@{author}",
        "authorChannelId": {"value": channel},
        "likeCount": likes,
        "publishedAt": ts.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "updatedAt": ts.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if parent:
        snippet["parentId"] = parent
    return {"kind": "youtube#comment", "id": cid, "snippet": snippet}


def seed_youtube_pages(seed: int = 13) -> list[dict]:
    """YouTube commentThreads.list pages on two of the ministry's videos, with its answers."""
    items = []
    for n, video, text, author, ts, likes, answered in _platform_records(
        seed, (1, 3), 12, YT_VIDEOS
    ):
        cid = f"Ugz{n:016d}4AaABAg"
        top = _yt_comment(cid, video, text, author, f"UC{n:022d}", ts, likes)
        thread = {
            "kind": "youtube#commentThread",
            "id": cid,
            "snippet": {
                "channelId": YT_CHANNEL,
                "videoId": video,
                "topLevelComment": top,
                "totalReplyCount": int(answered),
            },
        }
        if answered:
            answer = _yt_comment(
                f"{cid}.9{n:021d}",
                video,
                "Terima kasih, laporan diteruskan ke dinas sosial",
                "kemensosri",
                YT_CHANNEL,
                ts + timedelta(hours=2),
                1,
                parent=cid,
            )
            thread["replies"] = {"comments": [answer]}
        items.append(thread)
    half = len(items) // 2
    return [
        {"kind": "youtube#commentThreadListResponse", "nextPageToken": "p2", "items": items[:half]},
        {"kind": "youtube#commentThreadListResponse", "items": items[half:]},
    ]


@pytest.fixture(scope="session")
def multi_db(tmp_path_factory) -> Path:
    """The seed store plus the same weeks on X and YouTube (each through the real ingest)."""
    from monitor.analysis import events
    from monitor.ingest.pipeline import import_file
    from monitor.store import open_store

    folder = tmp_path_factory.mktemp("multi")
    db = folder / "multi.db"
    store = open_store(f"sqlite:///{db}")
    import_file(store, write_seed_export(folder / "seed_export.json"))
    x_file = folder / "x_conversation.json"
    x_file.write_text(json.dumps(seed_x_page(), ensure_ascii=False), encoding="utf-8")
    import_file(store, x_file, account="kemensosri")
    yt_file = folder / "youtube_threads.json"
    yt_file.write_text(json.dumps(seed_youtube_pages(), ensure_ascii=False), encoding="utf-8")
    import_file(store, yt_file)
    events.seed_timeline(store)
    store.dispose()
    return db
