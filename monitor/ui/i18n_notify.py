"""Texts of the morning digest and the spike alerts (``monitor.notify``), in Bahasa Indonesia
and English; part of ``monitor.ui.i18n.STRINGS``. Placeholders are filled with numbers already
formatted (``monitor.ui.fmt``) and with data already escaped for the target."""

from __future__ import annotations

NOTIFY_STRINGS: dict[str, tuple[str, str]] = {
    "dg_title": ("Ringkasan pagi Citra: {day}", "Citra morning digest: {day}"),
    "dg_stale": (
        "Data terakhir tersedia untuk {day}; ringkasan memakai hari itu.",
        "The latest data is for {day}; the digest uses that day.",
    ),
    "dg_empty": ("Belum ada komentar tersimpan.", "No comments stored yet."),
    "dg_figures": ("Angka hari itu", "The day's figures"),
    "dg_vs": (
        "{value} (rata-rata {baseline}, {change})",
        "{value} (baseline {baseline}, {change})",
    ),
    "dg_vs_plain": ("{value} (rata-rata {baseline})", "{value} (baseline {baseline})"),
    "dg_baseline_days": (
        "Dibandingkan rata-rata {days} hari sebelumnya.",
        "Compared with the average of the previous {days} days.",
    ),
    "dg_open": (
        "Keluhan terbuka belum dibalas: {open} · melewati target balasan: {overdue}",
        "Open unanswered complaints: {open} · past the reply target: {overdue}",
    ),
    "dg_per_platform": ("Per platform", "Per platform"),
    "dg_platform_line": (
        "{comments} komentar, indeks {net}, negatif {neg}, {complaints} keluhan "
        "({unanswered} belum dibalas)",
        "{comments} comments, index {net}, negative {neg}, {complaints} complaints "
        "({unanswered} unanswered)",
    ),
    "dg_spikes": ("Lonjakan 7 hari terakhir", "Spikes in the last 7 days"),
    "dg_no_spikes": ("Tidak ada lonjakan dalam 7 hari terakhir.", "No spikes in the last 7 days."),
    "dg_spike": ("Lonjakan {metric}, {day} ({scope})", "{metric} spike, {day} ({scope})"),
    "dg_spike_value": (
        "{observed} (biasanya {expected}), keparahan {severity}",
        "{observed} (usually {expected}), severity {severity}",
    ),
    "dg_all_platforms": ("semua platform", "all platforms"),
    "dg_drivers": ("Platform pendorong: {drivers}", "Driven by: {drivers}"),
    "dg_posts": ("Unggahan pendorong: {posts}", "Driving posts: {posts}"),
    "dg_terms": ("Kata yang naik: {terms}", "Rising terms: {terms}"),
    "dg_emotion": ("Sebagian besar {emotion}", "Mostly {emotion}"),
    "dg_copy_paste": ("{share} dari kampanye salin-tempel", "{share} from copy-paste campaigns"),
    "dg_comment": ("{likes} suka · {author}: {text}", "{likes} likes · {author}: {text}"),
    "dg_event": ("Berita {day}: {title}", "News {day}: {title}"),
    "dg_no_news": (
        "Tidak ada berita tercatat di sekitar tanggal ini.",
        "No news recorded around this date.",
    ),
    "dg_waiting": ("Keluhan yang paling lama menunggu", "Complaints waiting longest"),
    "dg_waiting_none": (
        "Tidak ada keluhan yang menunggu balasan.",
        "No complaints are waiting for a reply.",
    ),
    "dg_unit": ("{unit} · {n} menunggu", "{unit} · {n} waiting"),
    "dg_no_unit": ("Di luar kewenangan (rujukan)", "Outside the remit (referral)"),
    "dg_waited": ("{waited} · {author}: {text}", "{waited} · {author}: {text}"),
    "dg_hours": ("{n} jam", "{n} h"),
    "dg_days": ("{n} hari", "{n} days"),
    "dg_link": ("Buka ringkasan pagi", "Open the morning view"),
    "dg_alert_title": ("Lonjakan {metric}: {day}", "{metric} spike: {day}"),
    "dg_more": ("… (dipotong; selengkapnya di Citra)", "… (cut; the rest is in Citra)"),
    "dg_metric_negative": ("komentar negatif", "negative comments"),
    "dg_metric_complaints": ("keluhan", "complaints"),
    "dg_metric_net_index": ("penurunan indeks bersih", "net index drop"),
    "dg_m_comments": ("Komentar", "Comments"),
    "dg_m_net_index": ("Indeks bersih", "Net index"),
    "dg_m_negative_share": ("Porsi negatif", "Negative share"),
    "dg_m_complaints": ("Keluhan", "Complaints"),
    "dg_m_unanswered_complaints": ("Keluhan belum dibalas", "Unanswered complaints"),
    # --- Settings page: the digest and alerts ----------------------------------------------------
    "s_alerts": ("Ringkasan dan peringatan", "Digest and alerts"),
    "s_alerts_help": (
        "Alamat publik Citra dipakai untuk tautan ringkasan pagi. Tujuan: satu per baris, "
        "'jenis url [chat_id]' (jenis: {kinds}); url boleh 'secret:NAMA' dari [notify] di "
        "secrets.toml, atau '-' untuk Telegram dengan telegram_bot_token.",
        "Citra's public address is used for the morning view link. Destinations: one per "
        "line, 'kind url [chat_id]' (kinds: {kinds}); the url may be 'secret:NAME' from "
        "[notify] in secrets.toml, or '-' for Telegram with telegram_bot_token.",
    ),
    "s_public_base_url": ("Alamat publik Citra", "Citra's public address"),
    "s_alerts_enabled": (
        "Kirim peringatan saat penarikan data menemukan lonjakan baru",
        "Send an alert when a pull reveals a new spike",
    ),
    "s_alert_destinations": ("Tujuan peringatan", "Alert destinations"),
    "s_alerts_invalid": ("Tidak disimpan: {message}", "Not saved: {message}"),
}
