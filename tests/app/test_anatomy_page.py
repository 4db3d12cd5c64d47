"""A spike card's anatomy on the Morning view: the copy-paste share, heavy commenters, themes."""

from __future__ import annotations

from datetime import date

from monitor.store import open_store
from tests.analytics_helpers import add_comments, row
from tests.app.test_pages import assert_clean, start

PASTE = "Menteri sudah bekerja keras, bantuan sosial tepat sasaran untuk rakyat kecil"


def _with_campaign(url: str) -> None:
    store = open_store(url)
    rows = [
        row(date(2020, 12, 7), hour=13, author=f"buzzer_{i}", label="negative", text=PASTE)
        for i in range(30)
    ]
    rows += [
        row(date(2020, 12, 7), hour=14, author="si_*berisik*", label="negative", text=f"ulang {i}")
        for i in range(6)
    ]
    add_comments(store, rows)
    store.dispose()


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_a_campaign_spike_says_its_copy_paste_share_and_loud_accounts(app_env, seeded_db):
    _with_campaign(app_env(seeded_db))
    at = start({"day": "2020-12-07"})
    assert_clean(at)
    text = _markdown(at)
    # the seed's own 7 December repeats three texts: five accounts pasted one within 90 minutes
    warning = "\n".join(w.value for w in at.warning)
    assert "47% dari 2 kampanye salin-tempel oleh 35 akun" in warning  # coordinated: 47 % >= 25 %
    assert "Akun paling aktif:" in text and r"si\_\*berisik\* (6 komentar)" in text
    tables = [d.value for d in at.dataframe]
    campaign = next(t for t in tables if "Akun" in t.columns and "Pertama" in t.columns)
    assert campaign["Akun"].tolist() == [30, 5]
    assert campaign["Pertama"].iloc[0] == "7 Des 2020 13.00"  # Jakarta time
    english = start({"day": "2020-12-07", "lang": "en"})
    assert any("47% from 2 copy-paste campaigns of 35 accounts" in w.value for w in english.warning)


def test_an_organic_spike_says_there_is_no_campaign(app_env, seeded_db):
    app_env(seeded_db)
    at = start({"day": "2020-12-06"})  # the 6 December card: no five accounts on one text
    assert_clean(at)
    assert any(c.value.startswith("Tanpa kampanye salin-tempel:") for c in at.caption)
    assert not any("kampanye salin-tempel oleh" in w.value for w in at.warning)
    assert any("Tema" in d.value.columns for d in at.dataframe)
