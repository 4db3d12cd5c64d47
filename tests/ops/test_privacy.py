import pandas as pd
import pytest

from monitor.ops import privacy

KEY = "test-key-not-secret"


def frame(authors, texts=None):
    texts = texts or [""] * len(authors)
    return pd.DataFrame({"author": authors, "text": texts, "like_count": range(len(authors))})


def test_pseudonym_is_keyed_stable_and_prefixed():
    a = privacy.pseudonym("budi_santoso", KEY)
    assert a == privacy.pseudonym("budi_santoso", KEY)
    assert a == privacy.pseudonym("@Budi_Santoso ", KEY)  # handle normalisation
    assert a != privacy.pseudonym("budi_santoso", "another-key")
    assert a != privacy.pseudonym("budi_santoso2", KEY)
    assert a.startswith("u_") and len(a) == 2 + privacy.DIGEST_CHARS
    assert privacy.is_pseudonym(a)
    assert "budi" not in a


def test_own_account_stays_readable_and_others_do_not():
    df = frame(["kemensosri", "KemensosRI", "warga123", "", None])
    out = privacy.pseudonymise(df, "kemensosri", KEY)
    assert list(out["author"][:2]) == ["kemensosri", "KemensosRI"]
    assert out["author"][2] == privacy.pseudonym("warga123", KEY)
    assert out["author"][3] == ""
    assert pd.isna(out["author"][4])
    assert list(out["like_count"]) == [0, 1, 2, 3, 4]
    assert list(df["author"][:3]) == ["kemensosri", "KemensosRI", "warga123"]  # input untouched


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        ("@warga123 sabar ya", [], ["warga123"]),
        ("terima kasih @kemensosri", ["@kemensosri"], []),
        ("kirim ke admin@kemensos.go.id", ["admin@kemensos.go.id"], []),
        ("cc @siti.aminah dan @andi_", [], ["siti.aminah", "andi_"]),
    ],
)
def test_mentions_in_text(text, kept, gone):
    out = privacy.pseudonymise(frame(["x"], [text]), "kemensosri", KEY)
    result = out["text"][0]
    for value in kept:
        assert value in result
    for value in gone:
        assert value not in result
        assert "@" + privacy.pseudonym(value, KEY) in result


def test_mentions_can_be_left_alone():
    out = privacy.pseudonymise(
        frame(["x"], ["@warga123 halo"]), "kemensosri", KEY, mentions_in=None
    )
    assert out["text"][0] == "@warga123 halo"


def test_pseudonymising_twice_changes_nothing():
    once = privacy.pseudonymise(frame(["warga123"]), "kemensosri", KEY)
    twice = privacy.pseudonymise(once, "kemensosri", KEY)
    assert once["author"][0] == twice["author"][0]


def test_key_from_env_then_secrets(monkeypatch, tmp_path):
    monkeypatch.setenv(privacy.KEY_ENV, "from-env")
    assert privacy.pseudonym_key({"privacy": {"pseudonym_key": "from-secrets"}}) == "from-env"
    monkeypatch.delenv(privacy.KEY_ENV)
    assert privacy.pseudonym_key({"privacy": {"pseudonym_key": "from-secrets"}}) == "from-secrets"
    with pytest.raises(privacy.PseudonymKeyError, match="pseudonym_key"):
        privacy.pseudonym_key({})
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[privacy]\npseudonym_key = "file-key"\n')
    assert privacy.pseudonym_key(privacy.load_secrets(secrets)) == "file-key"
    assert privacy.load_secrets(tmp_path / "missing.toml") == {}


def test_empty_key_refused():
    with pytest.raises(privacy.PseudonymKeyError):
        privacy.pseudonymise(frame(["a"]), "kemensosri", "")


# --- at import, and in exports -------------------------------------------------------------------


def test_import_pseudonymises_authors_and_mentions(store, monkeypatch):
    import io
    import json
    from dataclasses import replace

    from sqlalchemy import select

    from monitor.ingest.pipeline import import_file
    from monitor.ops import settings
    from monitor.store.export import write_csv
    from monitor.store.schema import comments

    monkeypatch.setenv(privacy.KEY_ENV, KEY)
    settings.save(store, replace(settings.Settings(), pseudonymise_authors=True))
    post = "https://www.instagram.com/p/CIpriv0001/"
    items = [
        {"id": "1", "text": "@budi_s bansos belum cair", "ownerUsername": "siti_aminah",
         "timestamp": "2020-12-06T03:15:00.000Z", "postUrl": post, "likesCount": 1,
         "replies": [{"id": "2", "text": "Mohon DM ya @siti_aminah", "ownerUsername": "kemensosri",
                      "timestamp": "2020-12-06T05:15:00.000Z", "likesCount": 0}]},
    ]  # fmt: skip
    import_file(store, json.dumps(items).encode(), file_name="priv.json")
    with store.connect() as conn:
        rows = dict(conn.execute(select(comments.c.author, comments.c.text)).all())
    siti = privacy.pseudonym("siti_aminah", KEY)
    assert set(rows) == {siti, "kemensosri"}
    assert rows[siti] == f"@{privacy.pseudonym('budi_s', KEY)} bansos belum cair"
    assert rows["kemensosri"] == f"Mohon DM ya @{siti}"
    out = io.StringIO()
    write_csv(store, out)
    assert "siti_aminah" not in out.getvalue() and "budi_s" not in out.getvalue()
    assert siti in out.getvalue()


def test_import_without_key_is_refused_and_stores_nothing(store, monkeypatch):
    from dataclasses import replace

    from sqlalchemy import func, select

    from monitor.core.errors import CitraError
    from monitor.ingest.pipeline import import_file
    from monitor.ops import settings
    from monitor.store.schema import comments, imports

    monkeypatch.delenv(privacy.KEY_ENV, raising=False)
    monkeypatch.setattr(privacy, "SECRETS_PATH", privacy.SECRETS_PATH.with_name("absent.toml"))
    settings.save(store, replace(settings.Settings(), pseudonymise_authors=True))
    data = (
        b'[{"id": "1", "text": "halo", "ownerUsername": "siti", "timestamp": '
        b'"2020-12-06T03:15:00.000Z", "postUrl": "https://www.instagram.com/p/CIpriv0001/"}]'
    )
    with pytest.raises(CitraError, match="pseudonym_key"):
        import_file(store, data, file_name="nokey.json")
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(comments)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(imports)).scalar_one() == 0


# --- handles in the text, look-alike authors, and the ids made up for comments without one ----


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("＠budi_s sabar ya", ["budi_s", "ｂｕｄｉ"], []),
        ("＠ｂｕｄｉ＿ｓ sabar ya", ["ｂｕｄｉ＿ｓ", "ｂｕｄｉ"], []),
        ("cek @bu\u200bdi_s ya", ["bu\u200bdi_s", "di_s"], []),
        ("profilnya instagram.com/budi_s ya", ["budi_s"], ["instagram.com/"]),
        ("https://www.instagram.com/budi_s/ dan https://instagram.com/stories/siti.a/123",
         ["budi_s", "siti.a"], ["/123"]),
        ("postnya https://www.instagram.com/p/CIabc123/ bagus", [], ["instagram.com/p/CIabc123/"]),
        ("balas ＠kemensosri dan instagram.com/kemensosri", [], ["＠kemensosri", "instagram.com/kemensosri"]),
    ],
)  # fmt: skip
def test_handles_in_text_are_pseudonymised_in_every_spelling(text, gone, kept):
    out = privacy.pseudonymise(frame(["x"], [text]), "kemensosri", KEY)["text"][0]
    for value in gone:
        assert value not in out, out
    for value in kept:
        assert value in out, out
    if gone:
        from monitor.core.handles import normal_handle

        assert privacy.pseudonym(normal_handle(gone[0]), KEY) in out


def test_the_same_handle_gets_the_same_pseudonym_in_every_spelling():
    texts = ["@budi_s", "＠budi_s", "＠ｂｕｄｉ＿ｓ", "instagram.com/budi_s", "@BUDI_S"]
    out = privacy.pseudonymise(frame(["x"] * len(texts), texts), "kemensosri", KEY)["text"]
    assert {t.removeprefix("instagram.com/").lstrip("@") for t in out} == {
        privacy.pseudonym("budi_s", KEY)
    }


def test_a_display_name_looking_like_the_account_is_pseudonymised():
    df = frame(["KemensosRI", "KemensosRI", "@@@kemensosri"])
    df["is_owner_reply"] = [True, False, False]  # decided on the handle at import
    out = privacy.pseudonymise(df, "kemensosri", KEY)
    assert out["author"][0] == "KemensosRI"
    assert out["author"][1] == privacy.pseudonym("KemensosRI", KEY)
    assert privacy.is_pseudonym(out["author"][2])


def _no_id_items():
    post = "https://www.instagram.com/p/CIpriv0002/"
    return [
        {"text": "bansos belum cair", "ownerUsername": "siti_aminah",
         "timestamp": "2020-12-06T03:15:00.000Z", "postUrl": post, "likesCount": 1},
        {"text": "sama", "ownerUsername": "budi_s",
         "timestamp": "2020-12-06T04:15:00.000Z", "postUrl": post, "likesCount": 0},
    ]  # fmt: skip


def test_fallback_ids_are_keyed_when_authors_are_pseudonymised(store, monkeypatch):
    """Without a key, post, time and text stored beside the id would confirm a guessed author."""
    import json
    from dataclasses import replace

    from sqlalchemy import select

    from monitor.ingest import rows
    from monitor.ingest.pipeline import import_file
    from monitor.ops import settings
    from monitor.store.schema import comments

    monkeypatch.setenv(privacy.KEY_ENV, KEY)
    settings.save(store, replace(settings.Settings(), pseudonymise_authors=True))
    data = json.dumps(_no_id_items()).encode()
    import_file(store, data, file_name="noid.json")
    with store.connect() as conn:
        stored = conn.execute(
            select(comments.c.comment_id, comments.c.post_id, comments.c.created_at_utc,
                   comments.c.text, comments.c.author)
        ).all()  # fmt: skip
    assert len(stored) == 2
    for cid, post, created, text, author in stored:
        assert cid.startswith("h") and len(cid) == 32
        for guess in ("siti_aminah", "budi_s", author):  # a guessed handle, or the pseudonym
            unkeyed = rows.hash_ids(
                pd.Series([post]), pd.Series([guess]), pd.Series([pd.Timestamp(created)]),
                pd.Series([text]),
            )  # fmt: skip
            assert unkeyed.iloc[0] != cid
    again = import_file(store, data, file_name="noid-again.json")  # stable under the same key
    assert (again.rows_new, again.rows_duplicate) == (0, 2)


def test_fallback_ids_are_unchanged_without_pseudonymisation(store):
    import json

    from sqlalchemy import select

    from monitor.ingest import rows
    from monitor.ingest.pipeline import import_file
    from monitor.store.schema import comments

    import_file(store, json.dumps(_no_id_items()).encode(), file_name="noid.json")
    with store.connect() as conn:
        stored = conn.execute(
            select(comments.c.comment_id, comments.c.post_id, comments.c.created_at_utc,
                   comments.c.text, comments.c.author)
        ).all()  # fmt: skip
    for cid, post, created, text, author in stored:
        expected = rows.hash_ids(
            pd.Series([post]), pd.Series([author]), pd.Series([pd.Timestamp(created)]),
            pd.Series([text]),
        )  # fmt: skip
        assert expected.iloc[0] == cid
