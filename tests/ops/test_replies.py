"""Reply templates: a default per category in the ministry's voice, placeholders filled for the
comment, unknown placeholders refused when saved, the templates stored with the settings."""

from dataclasses import replace

import pytest

from monitor.nlp import rules
from monitor.ops import reply_templates as rt
from monitor.ops import settings
from monitor.ops.replies import handle_of, program_of, reply_text


def row(text: str, category: str, author: str = "budi_s") -> dict:
    return {"text": text, "category": category, "author": author}


def test_every_category_has_a_default_template_with_the_channels():
    assert set(rt.DEFAULT_TEMPLATES) == set(rules.CATEGORIES)
    for category, template in rt.DEFAULT_TEMPLATES.items():
        assert rt.check_template(category, template) == template
        assert "{handle}" in template
        if category != rules.REMIT_CATEGORY:
            assert "{hotline}" in template and "{channel}" in template
    assert "{agency}" in rt.DEFAULT_TEMPLATES[rules.REMIT_CATEGORY]


def test_a_reply_is_filled_for_the_comment():
    text = reply_text(row("PKH saya belum cair sudah 3 bulan min", "bantuan_belum_cair"),
                      settings.Settings())  # fmt: skip
    assert text.startswith("Terima kasih @budi_s atas informasinya")
    assert "penyaluran PKH" in text
    assert "Command Center Kemensos 171" in text
    assert "{" not in text and "}" not in text


def test_a_comment_naming_no_programme_gets_a_neutral_word():
    text = reply_text(row("mohon dibantu bapak ibu", "bantuan_belum_cair", ""), settings.Settings())
    assert "penyaluran bantuan sosial" in text
    assert text.startswith("Terima kasih Bapak/Ibu")


def test_the_remit_reply_is_a_referral_naming_the_kind_of_agency():
    s = settings.Settings()
    road = reply_text(row("jalan desa kami rusak parah berlubang", "luar_kewenangan"), s)
    assert "pemerintah daerah setempat" in road
    assert "lapor.go.id" in road
    unknown = reply_text(row("tolong diurus pak", "luar_kewenangan"), s)
    assert "instansi yang berwenang" in unknown


@pytest.mark.parametrize(
    ("text", "program"),
    [
        ("bpnt bulan ini kok belum masuk", "BPNT"),
        ("Kartu Sembako saya diblokir", "Kartu Sembako"),
        ("data dtks saya hilang, pkh tidak cair", "DTKS"),  # the earliest named
        ("Program Keluarga Harapan kapan cair", "PKH"),
        ("kapan cair min", None),
        ("pkhx bukan program", None),
    ],
)
def test_the_programme_a_comment_names(text, program):
    assert program_of(text) == program


def test_handles():
    assert handle_of("ana") == "@ana"
    assert handle_of("@ana") == "@ana"
    assert handle_of("Ana Lestari") == "Ana Lestari"  # a display name (YouTube, Facebook)
    assert handle_of(None) == "Bapak/Ibu"


def test_the_settings_templates_and_channels_are_used():
    s = replace(
        settings.Settings(),
        reply_templates={**rt.default_templates(), "bencana": "Halo {handle}, hubungi {channel}."},
        reply_channel="posko 112",
    )
    assert reply_text(row("banjir, bantuan belum datang", "bencana"), s) == (
        "Halo @budi_s, hubungi posko 112."
    )
    # an unknown category answers with the default category's template
    assert reply_text(row("x", "kategori_baru"), s) == reply_text(row("x", "layanan_lain"), s)


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("Halo {nama}", "template bencana: unknown placeholder {nama} (allowed: {handle}"),
        ("Halo {handle.upper}", "unknown placeholder {handle.upper}"),
        ("Halo {handle", "a brace { or } without its pair"),
        ("Halo handle}", "a brace { or } without its pair"),
        ("Halo {}", "an empty placeholder {}"),
        ("Halo {handle:>9}", "must be a plain name"),
        ("   ", "template bencana: the template is empty"),
    ],
)
def test_unusable_templates_are_refused_at_save_and_nothing_is_written(store, template, message):
    bad = replace(
        settings.Settings(), reply_templates={**rt.default_templates(), "bencana": template}
    )
    with pytest.raises(ValueError) as err:
        settings.save(store, bad)
    assert message in str(err.value)
    assert settings.load(store) == settings.Settings()


def test_an_unknown_category_or_an_empty_channel_is_refused(store):
    with pytest.raises(ValueError, match="unknown category 'banjir'"):
        rt.check_templates({"banjir": "Halo"})
    with pytest.raises(ValueError, match="reply_hotline: the complaint channel is empty"):
        settings.save(store, replace(settings.Settings(), reply_hotline=" "))
    with pytest.raises(ValueError, match="reply_target_hours must be"):
        settings.save(store, replace(settings.Settings(), reply_target_hours=0))


def test_templates_round_trip(store):
    new = replace(
        settings.Settings(),
        reply_templates={**rt.default_templates(), "layanan_lain": "Halo {handle}, {hotline}."},
        reply_hotline="Call Center 171",
        reply_target_hours=12,
    )
    settings.save(store, new)
    loaded = settings.load(store)
    assert loaded.reply_templates["layanan_lain"] == "Halo {handle}, {hotline}."
    assert loaded.reply_templates["bencana"] == rt.DEFAULT_TEMPLATES["bencana"]
    assert (loaded.reply_hotline, loaded.reply_target_hours) == ("Call Center 171", 12)


def test_stored_templates_that_cannot_be_used_give_the_defaults(store):
    from monitor.store import settings_table

    settings_table.write(store, {"reply_templates": {"bencana": "Halo {nama}"}})
    assert settings.load(store).reply_templates == rt.default_templates()
