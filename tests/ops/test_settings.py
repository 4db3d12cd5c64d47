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


# --- the units that answer complaints ------------------------------------------------------

MINISTRY_CATEGORIES = (
    "pungli_penipuan",
    "bencana",
    "disabilitas_rehabilitasi",
    "data_penerima",
    "bantuan_belum_cair",
    "layanan_lain",
)


@pytest.mark.parametrize(
    ("category", "unit"),
    [
        ("bantuan_belum_cair", "Ditjen Penanganan Fakir Miskin"),
        ("bencana", "Ditjen Perlindungan dan Jaminan Sosial"),
        ("disabilitas_rehabilitasi", "Ditjen Rehabilitasi Sosial"),
        ("data_penerima", "Pusat Data dan Informasi Kesejahteraan Sosial"),
        ("pungli_penipuan", "Inspektorat Jenderal"),
        ("layanan_lain", "Biro Humas"),
        ("luar_kewenangan", None),  # outside the remit: a referral, not a unit
        (None, None),
        ("", None),
        ("kategori_lama", "Biro Humas"),  # stored by older rules: the default unit answers
    ],
)
def test_default_units_of_the_ministry(category, unit):
    assert settings.unit_for(category, settings.Settings()) == unit


def test_every_ministry_category_has_one_default_unit():
    received = [c for u in settings.Settings().units for c in u["categories"]]
    assert sorted(received) == sorted(MINISTRY_CATEGORIES)


def test_units_round_trip_and_route(store):
    text = (
        "Direktorat Bansos:  bantuan_belum_cair, data_penerima\n"
        "\n"
        "Inspektorat Jenderal: pungli_penipuan\n"
        "Biro Humas: layanan_lain, bencana, disabilitas_rehabilitasi\n"
        "Tim Media Sosial:\n"  # a unit may receive no category (complaints forwarded by hand)
    )
    units = settings.parse_units(text)
    assert units[0] == {
        "name": "Direktorat Bansos",
        "categories": ["bantuan_belum_cair", "data_penerima"],
    }
    assert units[-1] == {"name": "Tim Media Sosial", "categories": []}
    new = replace(settings.Settings(), units=units)
    settings.save(store, new)
    loaded = settings.load(store)
    assert loaded.units == units
    assert settings.unit_for("data_penerima", loaded) == "Direktorat Bansos"
    assert settings.unit_for("bencana", loaded) == "Biro Humas"
    assert settings.parse_units(settings.units_text(units)) == units


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Biro Humas layanan_lain", "line 1: expected 'unit name: category, category'"),
        (": layanan_lain", "unit 1: the name is empty"),
        ("   : layanan_lain", "unit 1: the name is empty"),
        (
            "Biro Humas: layanan_lain\nbiro  humas: bencana",
            "unit 2: 'biro humas' is already unit 1",
        ),
        ("A: bantuan_belum_cair, jalan", "unit 1 (A): unknown category 'jalan'"),
        ("A: bantuan_belum_cair\nB: bantuan_belum_cair", "unit 2 (B): bantuan_belum_cair already"),
        ("A: luar_kewenangan", "luar_kewenangan is outside the ministry's remit"),
        (
            "A: bantuan_belum_cair, data_penerima, pungli_penipuan, bencana, layanan_lain",
            "units: no unit receives disabilitas_rehabilitasi",
        ),
        ("", "units: expected a list of units"),
        ("A" * 121 + ": layanan_lain", "longer than 120 characters"),
    ],
)
def test_unusable_units_are_refused_with_what_is_wrong(store, text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        settings.parse_units(text)
    before = settings.load(store)
    units = [{"name": "A", "categories": ["layanan_lain"]}]  # leaves five categories unsent
    with pytest.raises(ValueError, match="no unit receives"):
        settings.save(store, replace(before, units=units))
    assert settings.load(store) == before  # nothing half-written


def test_stored_units_that_cannot_be_used_give_the_defaults(store):
    settings_table.write(store, {"units": [{"name": "", "categories": ["layanan_lain"]}]})
    assert settings.load(store).units == settings.default_units()
    settings_table.write(store, {"units": "Biro Humas"})
    assert settings.load(store).units == settings.default_units()


def test_anatomy_thresholds_are_checked_and_default_to_the_library_s(store):
    import dataclasses

    import pytest

    from monitor.analysis import anatomy
    from monitor.ops import settings as settings_mod

    got = settings_mod.load(store)
    assert (
        got.anatomy_similarity,
        got.anatomy_window_minutes,
        got.anatomy_min_accounts,
        got.anatomy_coordinated_share,
    ) == (
        anatomy.SIMILARITY,
        anatomy.WINDOW_MINUTES,
        anatomy.MIN_ACCOUNTS,
        anatomy.COORDINATED_SHARE,
    )
    settings_mod.save(
        store, dataclasses.replace(got, anatomy_similarity=0.7, anatomy_min_accounts=8)
    )
    again = settings_mod.load(store)
    assert again.anatomy_similarity == 0.7 and again.anatomy_min_accounts == 8
    for field, value, message in (
        ("anatomy_similarity", 0.1, "anatomy_similarity must be from 0.3 to 1"),
        ("anatomy_window_minutes", 0, "anatomy_window_minutes must be from 5 to 1440"),
        ("anatomy_min_accounts", 2.5, "anatomy_min_accounts must be a whole number"),
        ("anatomy_coordinated_share", 1.5, "anatomy_coordinated_share must be from 0.01 to 1"),
    ):
        with pytest.raises(ValueError, match=message):
            settings_mod.save(store, dataclasses.replace(again, **{field: value}))
    assert settings_mod.load(store).anatomy_similarity == 0.7  # nothing half-written
