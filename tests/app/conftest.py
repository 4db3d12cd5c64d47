"""App tests: a seeded store (through the real ingest) shared by the page tests.

The seed is an Apify-shaped JSON export written here: three posts over 75 days in late 2020,
a burst of negative comments and complaints on 6-7 Dec 2020, owner replies to some complaints.
It is built once per test session and copied for every test that may write to it.
"""

from __future__ import annotations

import json
import random
import shutil
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
