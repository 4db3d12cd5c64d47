import re
from dataclasses import replace

import pytest

from monitor.core.handles import Owner, owner_of
from monitor.ops import settings
from monitor.store import settings_table


def test_defaults_when_empty(store):
    assert settings.load(store) == settings.Settings()


def test_round_trip(store):
    new = replace(
        settings.Settings(), account="kemensos_test", sensitivity="more", retention_months=6
    )
    settings.save(store, new)
    assert settings.load(store) == new


def test_rejects_unknown_sensitivity(store):
    with pytest.raises(ValueError, match="sensitivity"):
        settings.save(store, replace(settings.Settings(), sensitivity="loud"))


# --- the monitored account per platform ----------------------------------------------------

CHANNEL = "UC" + "a1B2c3D4e5F6g7H8i9J0k_"  # a YouTube channel id: UC + 22 characters


@pytest.mark.parametrize(
    ("platform", "entry", "owner"),
    [
        ("x", "KemensosRI", Owner(handle="kemensosri")),
        ("x", "1234567890", Owner(ids=frozenset({"1234567890"}))),
        ("x", "@1234567890", Owner(handle="1234567890")),  # '@' says it is a handle
        ("tiktok", " 6812345678901234567 ", Owner(ids=frozenset({"6812345678901234567"}))),
        ("youtube", CHANNEL, Owner(ids=frozenset({CHANNEL}))),
        ("youtube", "@kemensosri", Owner(handle="kemensosri")),
        ("youtube", "1234567890", Owner(handle="1234567890")),  # no YouTube id is a number
        ("facebook", "Kementerian Sosial RI", Owner(handle="kementerian sosial ri")),
        ("facebook", "100064", Owner(ids=frozenset({"100064"}))),
    ],
)
def test_owner_entries_are_handles_or_stable_ids_by_their_form(platform, entry, owner):
    assert owner_of(platform, [entry]) == owner


def test_an_owner_may_have_a_handle_and_several_ids():
    assert owner_of("x", ["@KemensosRI", "99", "100"]) == Owner(
        "kemensosri", frozenset({"99", "100"})
    )


@pytest.mark.parametrize(
    ("owners", "message"),
    [
        ({"myspace": ["kemensos"]}, "owners: unknown platform 'myspace'"),
        ({"x": "kemensosri"}, "owners.x: expected a list"),
        ({"x": ["kemensosri", "kemensos_ri"]}, "owners.x: one handle per platform"),
        ({"x": [""]}, "owners.x: an owner entry must be a non-empty text"),
        ({"x": [42]}, "owners.x: an owner entry must be a non-empty text"),
        ({"tiktok": ["a" * 161]}, "owners.tiktok: owner entry longer than 160"),
        ({"instagram": ["other_handle"]}, "owners.instagram: one handle per platform"),
        (["x"], "owners must map a platform"),
    ],
)
def test_unusable_owners_are_refused_with_what_is_wrong(store, owners, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        settings.save(store, replace(settings.Settings(), owners=owners))
    assert settings.load(store) == settings.Settings()


def test_owners_round_trip_and_give_each_platform_its_owner(store):
    new = replace(
        settings.Settings(),
        account="kemensosri",
        owners={"x": [" @KemensosRI ", "99", "99"], "youtube": [CHANNEL], "instagram": ["1234"]},
    )
    settings.save(store, new)
    loaded = settings.load(store)
    assert loaded.owners == {
        "x": ["@KemensosRI", "99"],
        "youtube": [CHANNEL],
        "instagram": ["1234"],
    }
    owners = settings.owner_identities(loaded)
    assert owners["instagram"] == Owner("kemensosri", frozenset({"1234"}))  # the account setting
    assert owners["x"] == Owner("kemensosri", frozenset({"99"}))
    assert owners["youtube"] == Owner("", frozenset({CHANNEL}))
    assert owners["tiktok"] == owners["facebook"] == Owner()
    # --account names the handle on the file's platform; the stable ids stay
    assert loaded.owner("x", "kemensos_x") == Owner("kemensos_x", frozenset({"99"}))


def test_stored_owners_that_cannot_be_used_are_ignored(store):
    settings_table.write(store, {"owners": {"x": ["a", "b"]}, "account": "kemensos_test"})
    loaded = settings.load(store)
    assert loaded.owners == {} and loaded.account == "kemensos_test"
