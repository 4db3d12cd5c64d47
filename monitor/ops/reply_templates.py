"""Reply templates: one per complaint category, in the ministry's normative voice, with placeholders.

The social-media team answers complaints "normatively": the same polite wording for the same
kind of complaint, naming the channel where the case is handled (the comments are public, so a
reply never asks for an ID number there). A template is plain Indonesian text with placeholders
in braces:

* ``{handle}``: the person's handle (``@budi``), else ``Bapak/Ibu``;
* ``{program}``: the programme the comment names (PKH, BPNT, ...), else ``bantuan sosial``;
* ``{hotline}``, ``{channel}``: the complaint channels (Settings ``reply_hotline``,
  ``reply_channel``);
* ``{agency}``: for a complaint outside the ministry's remit, the kind of agency it belongs to
  (as the text names it), else ``instansi yang berwenang``.

``check_templates`` is what saving a template goes through: an unknown placeholder, an
unbalanced brace or an empty template is refused with the category and the reason. This module
knows nothing of the settings object (``monitor.ops.settings`` holds the templates in force,
``monitor.ops.replies`` fills them for a comment).
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from monitor.nlp import rules as complaint_rules

PLACEHOLDERS: tuple[str, ...] = ("handle", "program", "hotline", "channel", "agency")
MAX_TEMPLATE_CHARS = 2000

DEFAULT_HOTLINE = "Command Center Kemensos 171"
DEFAULT_CHANNEL = "WhatsApp Command Center Kemensos 0811-1022-210 atau laman kemensos.go.id"

# A template for every category (the remit category too: its reply is a referral).
DEFAULT_TEMPLATES: dict[str, str] = {
    "pungli_penipuan": (
        "Terima kasih {handle} atas laporannya. Perlu kami sampaikan bahwa penyaluran {program} "
        "tidak dipungut biaya apa pun, dan Kementerian Sosial tidak pernah meminta uang atau "
        "data pribadi melalui akun selain akun resmi. Mohon laporkan kejadian ini beserta "
        "waktu, lokasi, dan buktinya melalui {hotline} atau {channel} agar dapat "
        "ditindaklanjuti oleh unit pengawasan kami. Mohon tidak menuliskan NIK di kolom "
        "komentar."
    ),
    "bencana": (
        "Terima kasih {handle} atas laporannya. Semoga Bapak/Ibu dan keluarga senantiasa "
        "diberi keselamatan. Laporan terkait bantuan bencana akan kami teruskan kepada unit "
        "perlindungan sosial korban bencana. Mohon sampaikan lokasi dan kebutuhan yang "
        "mendesak melalui {hotline} atau {channel}."
    ),
    "disabilitas_rehabilitasi": (
        "Terima kasih {handle} telah menyampaikan hal ini. Kementerian Sosial memberikan "
        "layanan Asistensi Rehabilitasi Sosial (ATENSI) bagi penyandang disabilitas, lanjut "
        "usia, anak, dan kelompok rentan lainnya. Silakan sampaikan nama, alamat, dan "
        "kebutuhan yang bersangkutan melalui {hotline} atau {channel} agar dapat "
        "ditindaklanjuti oleh petugas kami."
    ),
    "data_penerima": (
        "Terima kasih {handle}. Status kepesertaan {program} dapat dicek melalui laman "
        "cekbansos.kemensos.go.id. Pendaftaran dan perbaikan data penerima dilakukan melalui "
        "desa/kelurahan atau Dinas Sosial setempat. Bila masih ada kendala, silakan hubungi "
        "{hotline} atau {channel}. Mohon tidak menuliskan NIK di kolom komentar."
    ),
    "bantuan_belum_cair": (
        "Terima kasih {handle} atas informasinya, dan mohon maaf atas ketidaknyamanan terkait "
        "penyaluran {program}. Untuk pengecekan lebih lanjut, silakan sampaikan nama lengkap "
        "dan alamat penerima melalui {hotline} atau {channel}. Mohon tidak menuliskan NIK di "
        "kolom komentar."
    ),
    "luar_kewenangan": (
        "Terima kasih {handle} atas informasinya. Mohon maaf, hal yang Bapak/Ibu sampaikan "
        "merupakan kewenangan {agency}. Kami sarankan untuk menyampaikannya langsung kepada "
        "{agency} atau melalui kanal pengaduan pelayanan publik SP4N-LAPOR! (lapor.go.id). "
        "Terima kasih atas pengertiannya."
    ),
    "layanan_lain": (
        "Terima kasih {handle} atas pertanyaannya. Untuk informasi lebih lanjut mengenai "
        "layanan Kementerian Sosial, silakan hubungi {hotline} atau {channel}. Salam, "
        "Kementerian Sosial RI."
    ),
}

# The kind of agency a referral names (keys of ``rules.AGENCIES``), in the replies' words.
AGENCY_WORDS: dict[str, str] = {
    "pemda": "pemerintah daerah setempat (dinas terkait di kabupaten/kota)",
    "utilitas": "penyedia layanan terkait (PLN, PDAM, atau operator)",
    "kesehatan": "Dinas Kesehatan setempat atau BPJS Kesehatan",
    "pendidikan": "Dinas Pendidikan setempat",
    "kepolisian": "kepolisian setempat (layanan darurat 110)",
}
NEUTRAL_AGENCY = "instansi yang berwenang"
NEUTRAL_PROGRAM = "bantuan sosial"
NEUTRAL_HANDLE = "Bapak/Ibu"


def default_templates() -> dict[str, str]:
    """A fresh copy of ``DEFAULT_TEMPLATES`` (a setting's default)."""
    return dict(DEFAULT_TEMPLATES)


def placeholders_of(template: str) -> list[str]:
    """The placeholders ``template`` uses, in order; ``ValueError`` for a brace that opens or
    closes nothing, an empty ``{}`` or a field with a format (``{handle:>10}``)."""
    found = []
    for _literal, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if not name:
            raise ValueError("an empty placeholder {} (write a name, e.g. {handle})")
        if spec or conversion:
            raise ValueError(f"placeholder {{{name}}} must be a plain name, without ':' or '!'")
        found.append(name)
    return found


def check_template(category: str, template: object) -> str:
    """``template`` stripped, or a ``ValueError`` naming the category and what is wrong."""
    if not isinstance(template, str) or not template.strip():
        raise ValueError(f"template {category}: the template is empty")
    text = template.strip()
    if len(text) > MAX_TEMPLATE_CHARS:
        raise ValueError(f"template {category}: longer than {MAX_TEMPLATE_CHARS} characters")
    try:
        names = placeholders_of(text)
    except ValueError as exc:
        message = str(exc)
        if "Single" in message or "unmatched" in message or "expected" in message:
            message = "a brace { or } without its pair (write {{ or }} for a brace itself)"
        raise ValueError(f"template {category}: {message}") from None
    unknown = [n for n in names if n not in PLACEHOLDERS]
    if unknown:
        allowed = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
        raise ValueError(
            f"template {category}: unknown placeholder {{{unknown[0]}}} (allowed: {allowed})"
        )
    return text


def check_templates(templates: object) -> dict[str, str]:
    """The templates as stored: every category (a missing one takes its default), each checked
    by ``check_template``; ``ValueError`` for an unknown category or a template refused."""
    if not isinstance(templates, Mapping):
        raise ValueError("reply templates: expected a template per complaint category")
    known = tuple(complaint_rules.CATEGORIES)
    out = default_templates()
    for category, template in templates.items():
        if category not in known:
            raise ValueError(
                f"reply templates: unknown category {category!r} (expected one of "
                f"{', '.join(known)})"
            )
        out[category] = check_template(category, template)
    return {c: out[c] for c in known}


def check_channel(name: str, value: object) -> str:
    """A complaint channel's text (one line, not empty, no braces)."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name}: the complaint channel is empty")
    text = " ".join(value.split())
    if "{" in text or "}" in text:
        raise ValueError(f"{name}: braces are not allowed in a channel")
    if len(text) > 300:
        raise ValueError(f"{name}: longer than 300 characters")
    return text


def fill(template: str, values: Mapping[str, str]) -> str:
    """``template`` with its placeholders replaced (a checked template: known names only)."""
    return template.format_map({p: values.get(p, "") for p in PLACEHOLDERS})
