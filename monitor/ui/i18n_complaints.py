"""Interface texts of complaint routing (why a complaint goes where, the units), in Bahasa
Indonesia and English; part of ``monitor.ui.i18n.STRINGS``."""

from __future__ import annotations

COMPLAINT_STRINGS: dict[str, tuple[str, str]] = {
    # --- Comments page: why a complaint goes where it goes ------------------------------------
    "why_title": ("Mengapa aduan ini ke sini", "Why this complaint goes here"),
    "why_category": ("Kategori: {category}", "Category: {category}"),
    "why_unit": ("Unit penerima: {unit}", "Receiving unit: {unit}"),
    "why_referral": (
        "Di luar kewenangan Kemensos: jawab dengan rujukan ke {agency}.",
        "Outside the ministry's remit: answer with a referral to {agency}.",
    ),
    "why_agency_unknown": ("instansi yang berwenang", "the agency in charge"),
    "why_evidence": ("Bukti kategori: {cues}", "Evidence for the category: {cues}"),
    "why_no_evidence": (
        "Tidak ada bukti untuk unit tertentu (hanya permintaan, pertanyaan atau kata umum): "
        "ke layanan umum.",
        "No evidence for a particular unit (only a request, a question or general words): "
        "to general service.",
    ),
    "why_cues": ("Petunjuk yang cocok: {cues}", "Cues that matched: {cues}"),
    "why_rules_changed": (
        "Aturan aduan berubah sejak komentar ini dinilai (tersimpan: {stored}); nilai ulang "
        "untuk memperbarui.",
        "The complaint rules changed since this comment was scored (stored: {stored}); "
        "re-score to update.",
    ),
    # --- Settings page: the units ---------------------------------------------------------------
    "s_units": ("Unit penerima aduan", "Units that answer complaints"),
    "s_units_help": (
        "Satu unit per baris: nama unit, titik dua, lalu kategori yang diterimanya "
        "(dipisah koma). Setiap kategori ke tepat satu unit. Aduan di luar kewenangan "
        "(luar_kewenangan) tidak ke unit: dijawab dengan rujukan. Kategori: {categories}",
        "One unit per line: the unit's name, a colon, then the categories it receives "
        "(comma-separated). Every category goes to exactly one unit. Complaints outside the "
        "remit (luar_kewenangan) go to no unit: they are answered with a referral. "
        "Categories: {categories}",
    ),
    "s_units_invalid": ("Unit tidak dapat disimpan: {message}", "Units cannot be saved: {message}"),
}
