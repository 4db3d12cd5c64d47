"""Complaint detection and routing (rules in monitor/nlp/data/complaint_rules.tsv)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.nlp import complaints, rules
from monitor.nlp import text as textmod


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("PKH saya belum cair", "bantuan_belum_cair"),
        ("BPNT bulan ini belum masuk ke kartu, kapan min?", "bantuan_belum_cair"),
        ("tolong bantu kami belum dapat BST", "bantuan_belum_cair"),
        ("kapan cair min?", "bantuan_belum_cair"),
        ("Kartu sembako saldo kosong sudah 3 bulan", "bantuan_belum_cair"),
        ("BLT dana desa tidak pernah dapat padahal warga miskin", "bantuan_belum_cair"),
        ("sudah daftar DTKS tapi tidak terdaftar", "data_penerima"),
        ("NIK saya tidak muncul di cek bansos", "data_penerima"),
        ("KKS saya dinonaktifkan tanpa alasan, tolong dicek", "data_penerima"),
        ("Bagaimana cara daftar DTKS min?", "data_penerima"),
        ("Anak saya disabilitas, mohon bantuan kursi roda", "disabilitas_rehabilitasi"),
        ("Ada lansia terlantar di kampung kami, mohon ditindak", "disabilitas_rehabilitasi"),
        ("rumah kami kebanjiran belum ada bantuan", "bencana"),
        ("Korban gempa di Mamuju belum dapat logistik", "bencana"),
        ("bantuan dipotong 50rb sama pendamping", "pungli_penipuan"),
        ("ada pungli di e-warong desa kami, tolong ditindak", "pungli_penipuan"),
        ("Ketua kelompok minta uang admin kalau mau cair", "pungli_penipuan"),
        ("min tolong balas DM saya", "layanan_lain"),
        ("Admin, nomor pengaduan kemensos berapa?", "layanan_lain"),
    ],
)
def test_complaints_and_categories(text, category):
    result = complaints.classify(text)
    assert result.is_complaint, text
    assert result.category == category
    assert result.cues


@pytest.mark.parametrize(
    "text",
    [
        "Koruptor bansos hukum mati!!",  # negative, but nothing to act on
        "dasar menteri pencitraan",
        "Terima kasih bu Risma, bantuannya sangat membantu 🙏",
        "Alhamdulillah BST sudah cair, makasih kemensos",
        "semangat bu!",
        "aamiin",
        "kapan ibu ke surabaya?",
        "bagus tapi lambat",
        "kecewa berat sama kemensos 😡",
        "",
        "bu Risma kapan ke Surabaya?",  # a question to the account, asking for nothing
        "itu lokasinya di mana min? keren acaranya",
        "menteri pencitraan doang, rezim gagal",  # political anger
        "jalan di desa kami sudah diaspal, terima kasih pemda 👍",
    ],
)
def test_not_complaints(text):
    result = complaints.classify(text)
    assert not result.is_complaint, (text, result.cues)
    assert result.category is None


def test_helpers_agree_with_classify():
    assert complaints.is_complaint("PKH saya belum cair") is True
    assert complaints.complaint_category("PKH saya belum cair") == "bantuan_belum_cair"
    assert complaints.complaint_category("mantap") is None


def test_every_rule_category_is_documented():
    cats = {r.category for r in rules.complaint_rules() if r.category}
    assert cats <= set(complaints.CATEGORIES)
    assert set(complaints.CATEGORIES) - {complaints.DEFAULT_CATEGORY} <= cats
    for labels in complaints.CATEGORIES.values():
        assert labels["id"] and labels["en"]


def test_rule_patterns_are_stemmed():
    stems = {r.stems for r in rules.complaint_rules()}
    assert ("tidak", "daftar") in stems  # written "tidak terdaftar" in the data file


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("jembatan penghubung antar desa putus, kapan diperbaiki?", "pemda"),
        ("Assalamualaikum bapak/ibu, mohon dibantu, jalan desa kami rusak parah", "pemda"),
        ("sampah menumpuk tidak diangkut berminggu-minggu", "pemda"),
        ("lampu jalan di gang kami mati sudah sebulan, tolong", "pemda"),
        ("listrik PLN padam terus tiap malam, tolong min", "utilitas"),
        ("air PDAM tidak mengalir 4 hari, tolong sampaikan", "utilitas"),
        ("rumah sakit menolak pasien BPJS, pemerintah kemana aja??", "kesehatan"),
        ("sekolah anak saya minta uang seragam 1 juta, tolong ditindak", "pendidikan"),
        ("maling motor merajalela di kampung kami, mohon ditindak", "kepolisian"),
    ],
)
def test_complaints_outside_the_remit_are_a_referral_with_their_agency(text, agency):
    result = complaints.classify(text)
    assert result.is_complaint, text
    assert result.category == rules.REMIT_CATEGORY, result.cues
    assert result.agency == agency
    why = complaints.explain(text)
    assert why.agency == agency and why.category == rules.REMIT_CATEGORY
    assert any(c.kind == "remit" and c.agency == agency for c in why.evidence)
    assert why.weights[rules.REMIT_CATEGORY] >= rules.EVIDENCE_MIN


# What a ministry account receives about other agencies' matters, written from what those
# agencies handle (public works, Dukcapil, land, utilities, health, education, the police) and
# in the spellings people type ("jln", "lmpu", "puskes", "sklh").
@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("jln di kampung kami rusak parah, mohon diperbaiki", "pemda"),
        ("jalan berlubang di depan pasar sudah setahun, kapan diaspal?", "pemda"),
        ("PJU di jalan desa mati semua, tolong min", "pemda"),
        ("lmpu jalan mati sudah 2 minggu, tolong", "pemda"),
        ("lampu merah di perempatan mati?", "pemda"),
        ("gorong-gorong mampet, tiap hujan banjir, tolong dinas terkait", "pemda"),
        ("drainase buruk jadi banjir tiap hujan, mohon ditindak", "pemda"),
        ("TPS liar di pinggir jalan bau sekali, tolong diangkut", "pemda"),
        ("blanko e-KTP habis, sudah 3 bulan belum jadi, tolong", "pemda"),
        ("akta kelahiran anak saya belum jadi, mohon dibantu", "pemda"),
        ("sertifikat tanah saya belum keluar dari BPN, tolong", "pemda"),
        ("mati lampu sudah 2 hari, tolong sampaikan", "utilitas"),
        ("token listrik sudah diisi tapi tetap tidak bisa", "utilitas"),
        ("air ledeng mati seminggu, tolong", "utilitas"),
        ("sinyal di desa kami susah sekali, tolong dibangun tower", "utilitas"),
        ("RSUD menolak pasien, tolong pak", "kesehatan"),
        ("KIS saya ditolak di rumah sakit, bagaimana ini?", "kesehatan"),
        ("obat di puskes kosong terus, tolong", "kesehatan"),
        ("PPDB zonasi tidak adil, anak saya tidak diterima, tolong", "pendidikan"),
        ("ijazah anak saya ditahan sklh karena belum bayar, tolong", "pendidikan"),
        ("KIP kuliah belum cair, tolong", "pendidikan"),
        ("gaji guru honorer belum dibayar 5 bulan, tolong", "pendidikan"),
        ("begal merajalela di jalan raya, mohon ditindak", "kepolisian"),
        ("banyak preman minta uang di pasar, tolong", "kepolisian"),
        ("peredaran narkoba di kampung kami, mohon ditindak", "kepolisian"),
        ("tawuran pelajar tiap malam minggu, tolong", "kepolisian"),
    ],
)
def test_other_agencies_matters_in_the_words_people_use(text, agency):
    result = complaints.classify(text)
    assert result.is_complaint, text
    assert (result.category, result.agency) == (rules.REMIT_CATEGORY, agency), result.cues


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("pendamping PKH minta potongan 100rb, tolong ditindak", "pungli_penipuan"),
        ("ada akun palsu mengatasnamakan kemensos minta transfer, awas", "pungli_penipuan"),
        ("oknum calo minta uang biar masuk DTKS, tolong diusut", "pungli_penipuan"),
        ("nama saya tidak ada di SIKS-NG padahal sudah ikut musdes", "data_penerima"),
        ("KKS saya hilang, bagaimana cara ganti?", "data_penerima"),
        ("BNPT bulan ini belum masuk, kapan min?", "bantuan_belum_cair"),
        ("e-warong bilang saldo kosong, padahal belum belanja", "bantuan_belum_cair"),
        ("ibu saya lansia lumpuh butuh kursi roda, mohon dibantu", "disabilitas_rehabilitasi"),
        ("ada ODGJ dipasung di kampung kami, tolong", "disabilitas_rehabilitasi"),
        ("anak saya tunadaksa, mohon bantuan kaki palsu", "disabilitas_rehabilitasi"),
        ("gempa semalam, rumah rusak, kami di tenda, mohon bantuan", "bencana"),
        ("dapur umum dan lumbung sosial tidak ada di desa kami, tolong", "bencana"),
    ],
)
def test_the_units_own_words_pick_their_unit(text, category):
    result = complaints.classify(text)
    assert result.is_complaint, text
    assert result.category == category, result.cues


@pytest.mark.parametrize(
    ("text", "category", "agency"),
    [
        # a flood: disaster aid when it asks for aid or evacuation, public works for the drain
        ("banjir setinggi dada, kami butuh evakuasi, tolong", "bencana", None),
        ("korban banjir di pengungsian belum dapat makanan, tolong", "bencana", None),
        ("banjir tiap hujan karena selokan mampet, tolong", rules.REMIT_CATEGORY, "pemda"),
        # KTP and KK: recipient data when about the list, Dukcapil when about the document
        ("KTP saya belum terdaftar di DTKS, tolong", "data_penerima", None),
        ("blanko KTP habis di kecamatan, tolong", rules.REMIT_CATEGORY, "pemda"),
        # BPJS is health, but the premium the ministry pays (PBI) comes from its data
        ("BPJS saya ditolak rumah sakit, tolong", rules.REMIT_CATEGORY, "kesehatan"),
        ("BPJS PBI saya dinonaktifkan, tolong", "data_penerima", None),
        # drugs: the police, but rehabilitating an addict is the ministry's
        ("bandar narkoba bebas berkeliaran, tolong", rules.REMIT_CATEGORY, "kepolisian"),
        ("pecandu narkoba butuh rehabilitasi, mohon dibantu", "disabilitas_rehabilitasi", None),
        # no signal to reach cek bansos is a data question; no signal alone is the provider's
        ("sinyal susah jadi tidak bisa cek bansos, tolong", "data_penerima", None),
    ],
)
def test_ambiguous_words_go_where_the_rest_of_the_comment_says(text, category, agency):
    result = complaints.classify(text)
    assert result.is_complaint, text
    assert (result.category, result.agency) == (category, agency), result.cues


@pytest.mark.parametrize(
    "text",
    ["tolong, lampunya mati dari kemarin", "mohon dibantu, jalan ke rumah saya jauh"],
)
def test_a_weak_remit_word_is_no_evidence_alone(text):
    why = complaints.explain(text)
    assert why.is_complaint, why.cues
    assert any(c.kind == "remit" for c in why.cues)
    assert why.category == rules.DEFAULT_CATEGORY and why.evidence == ()


def test_ministry_categories_keep_their_keys_and_remit_is_apart():
    assert rules.UNIT_CATEGORIES == (
        "pungli_penipuan",
        "bencana",
        "disabilitas_rehabilitasi",
        "data_penerima",
        "bantuan_belum_cair",
        "layanan_lain",
    )
    assert rules.REMIT_CATEGORY in rules.CATEGORIES
    assert rules.REMIT_CATEGORY not in rules.UNIT_CATEGORIES
    assert complaints.classify("PKH saya belum cair").agency is None


@pytest.mark.parametrize(
    "text",
    [
        "Assalamualaikum bapak/ibu, mohon dibantu, sudah lama tidak ada kabar",
        "mohon maaf min, mau tanya di desa kami bagaimana ya?",
        "tolong dicek min, kapan?",
    ],
)
def test_weak_words_requests_and_questions_pick_no_unit(text):
    why = complaints.explain(text)
    assert why.is_complaint, why.cues
    assert why.category == rules.DEFAULT_CATEGORY
    assert why.evidence == ()  # nothing reached the evidence bar


_TRIGGERS_AND_ADDRESS = sorted(
    {
        w
        for row in textmod.read_rows("complaint_rules.tsv")
        if row[0] in ("request", "question", "address")
        for w in row[3].lower().split()
    }
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*_TRIGGERS_AND_ADDRESS, ",", "saya", "kami"]), max_size=15))
def test_request_question_and_address_words_alone_never_pick_a_unit(words):
    result = complaints.classify(" ".join(words))
    assert result.category in (None, rules.DEFAULT_CATEGORY), result.cues


def test_explain_agrees_with_classify_and_names_the_evidence():
    text = "bantuan saya dipotong 50rb sama pendamping, tolong ditindak"
    why = complaints.explain(text)
    got = complaints.classify(text)
    assert (why.is_complaint, why.category, why.agency) == (True, "pungli_penipuan", None)
    assert got.category == why.category
    kinds = {c.kind for c in why.cues}
    assert {"topic", "request", "address"} <= kinds
    assert all(c.category == "pungli_penipuan" for c in why.evidence)
    assert sum(c.weight for c in why.evidence) >= rules.EVIDENCE_MIN
    assert max(why.weights, key=why.weights.get) == "pungli_penipuan"
    nothing = complaints.explain("mantap")
    assert not nothing.is_complaint and nothing.cues == () and nothing.evidence == ()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["remit", "dinas_pu", "2", "jalan"], "a remit rule names an agency"),
        (["remit", "-", "2", "jalan"], "a remit rule names an agency"),
        (["topic", "luar_kewenangan", "2", "jalan"], "unknown category 'luar_kewenangan'"),
        (["hint", "-", "1", "jalan"], "unknown kind 'hint'"),
    ],
)
def test_bad_rule_lines_are_refused_with_their_number(monkeypatch, row, message):
    good = ["topic", "bencana", "2", "banjir"]
    monkeypatch.setattr(textmod, "read_rows", lambda name: [good, row])
    with pytest.raises(ValueError, match=f"rule 2: {message}"):
        rules.complaint_rules.__wrapped__()
