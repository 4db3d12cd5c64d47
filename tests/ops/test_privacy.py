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
