"""Complaint detection and routing (rules in monitor/nlp/data/complaint_rules.tsv)."""

from __future__ import annotations

import pytest

from monitor.nlp import complaints, rules


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
