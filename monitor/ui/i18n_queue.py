"""Interface texts of the complaints' triage queue (the Complaints page), in Bahasa Indonesia
and English; part of ``monitor.ui.i18n.STRINGS``."""

from __future__ import annotations

QUEUE_STRINGS: dict[str, tuple[str, str]] = {
    "nav_complaints": ("Aduan", "Complaints"),
    "cq_title": ("Antrean aduan", "Complaint queue"),
    "cq_intro": (
        "Aduan yang menunggu, terlama di atas, per unit yang menanganinya. Unit sebuah aduan "
        "adalah unit tujuan penerusannya, atau unit kategorinya bila belum diteruskan.",
        "Complaints waiting, oldest first, by the unit that handles them. A complaint's unit "
        "is the one it was forwarded to, else the one its category goes to.",
    ),
    "cq_status": ("Status", "Status"),
    "cq_status_help": (
        "Kosongkan untuk aduan yang masih terbuka (baru dan diteruskan).",
        "Leave empty for the open complaints (new and forwarded).",
    ),
    "cqs_new": ("Baru", "New"),
    "cqs_forwarded": ("Diteruskan", "Forwarded"),
    "cqs_answered": ("Dijawab", "Answered"),
    "cqs_closed": ("Selesai", "Closed"),
    "cq_unit": ("Unit", "Unit"),
    "cq_all_units": ("Semua unit", "All units"),
    "cq_referral": ("Di luar kewenangan (rujuk)", "Outside the remit (refer)"),
    "cq_waiting": ("Menunggu", "Waiting"),
    "cq_changed": ("Diubah oleh", "Changed by"),
    "cq_count": ("{n} aduan", "{n} complaints"),
    "cq_count_col": ("Aduan", "Complaints"),
    "cq_shown_first": (
        "{shown} aduan terlama dari {total} ditampilkan; persempit filter untuk melihat yang lain.",
        "The {shown} oldest of {total} complaints are shown; narrow the filters to see the rest.",
    ),
    "cq_by_unit": ("Per unit", "By unit"),
    "cq_oldest": ("Terlama menunggu", "Longest waiting"),
    "cq_none": ("Tidak ada aduan dengan filter ini.", "No complaints with these filters."),
    "cq_actions": ("Tindakan untuk aduan terpilih", "Actions on the chosen complaints"),
    "cq_pick": ("Pilih aduan", "Choose complaints"),
    "cq_pick_placeholder": ("Pilih satu atau beberapa aduan", "Choose one or more complaints"),
    "cq_pick_all": ("Semua aduan yang tampil", "Every complaint shown"),
    "cq_forward_to": ("Teruskan ke unit", "Forward to unit"),
    "cq_forward": ("Teruskan", "Forward"),
    "cq_mark_answered": ("Tandai dijawab", "Mark answered"),
    "cq_close": ("Tutup", "Close"),
    "cq_nothing_picked": ("Pilih dulu aduan yang akan diubah.", "Choose the complaints first."),
    "cq_done": ("{n} aduan diubah menjadi {status}.", "{n} complaints set to {status}."),
    "cq_unchanged": (
        "Tidak ada yang berubah: aduan terpilih sudah berstatus itu.",
        "Nothing changed: the chosen complaints already had that status.",
    ),
    "cq_viewer_note": (
        "Anda melihat sebagai peninjau: status aduan hanya diubah oleh analis.",
        "You are viewing: only analysts change a complaint's status.",
    ),
    "cq_handover": ("Excel untuk unit", "Excel for a unit"),
    "cq_handover_help": (
        "Daftar aduan terbuka satu unit, dengan tautan ke komentarnya, untuk unit tanpa akses "
        "Citra.",
        "One unit's open complaints with links to the comments, for a unit without access to "
        "Citra.",
    ),
    "cq_handover_unit": ("Unit untuk Excel", "Unit for the Excel file"),
    # reply templates (Settings page) and the reply offered on the Complaints page
    "s_replies": ("Templat balasan aduan", "Complaint reply templates"),
    "s_replies_help": (
        "Satu templat per kategori, dalam bahasa Indonesia. Penanda yang dapat dipakai: "
        "{placeholders}. Tulis {{{{ atau }}}} untuk kurung kurawal itu sendiri.",
        "One template per category, in Indonesian. Placeholders you may use: {placeholders}. "
        "Write {{{{ or }}}} for a brace itself.",
    ),
    "s_reply_hotline": ("Layanan pengaduan ({hotline})", "Complaint hotline ({hotline})"),
    "s_reply_channel": ("Kanal pengaduan ({channel})", "Complaint channel ({channel})"),
    "s_replies_invalid": (
        "Templat tidak dapat disimpan: {message}",
        "Templates cannot be saved: {message}",
    ),
    "cq_reply": ("Balasan untuk aduan", "Reply to a complaint"),
    "cq_reply_pick": ("Aduan", "Complaint"),
    "cq_reply_help": (
        "Balasan baku sesuai kategori aduan (templat di Pengaturan). Salin dengan tombol di "
        "pojok kanan kotak.",
        "The standard reply for the complaint's category (templates in Settings). Copy it with "
        "the button at the box's right corner.",
    ),
    # response service levels (Complaints page, Morning view)
    "cq_overdue": ("Hanya yang lewat target", "Only those past the target"),
    "cq_overdue_help": (
        "Aduan terbuka yang menunggu lebih lama dari target balasan ({hours} jam, di Pengaturan).",
        "Open complaints waiting longer than the reply target ({hours} hours, in Settings).",
    ),
    "sla_title": ("Kecepatan balasan", "Response times"),
    "sla_caption": (
        "Aduan pada rentang tanggal ini: waktu sampai balasan pertama akun, dan bagian yang "
        "dibalas dalam {hours} jam (dari aduan yang sudah dibalas atau sudah lewat target; "
        "yang masih baru dan yang ditangani tanpa balasan di komentar tidak dihitung).",
        "Complaints of this date range: time to the account's first reply, and the share "
        "answered within {hours} hours (of those answered or already past the target; those "
        "still young and those handled without a reply in the comments are left out).",
    ),
    "sla_complaints": ("Aduan", "Complaints"),
    "sla_replied": ("Dibalas", "Replied"),
    "sla_median": ("Median waktu balas", "Median time to reply"),
    "sla_share": ("Dalam target", "Within target"),
    "sla_overdue_col": ("Lewat target", "Overdue"),
    "sla_overdue": (
        "{n} aduan terbuka menunggu lebih dari {hours} jam",
        "{n} open complaints waiting more than {hours} hours",
    ),
    "sla_overdue_open": (
        "Buka antrean aduan yang lewat target",
        "Open the queue of the overdue complaints",
    ),
    "s_reply_target": ("Target balasan (jam)", "Reply target (hours)"),
    "s_reply_target_help": (
        "Aduan terbuka yang menunggu lebih lama dari ini ditandai di Pagi ini dan di antrean "
        "aduan; bagian aduan yang dibalas dalam target ini dihitung per unit dan platform.",
        "Open complaints waiting longer than this are flagged in the Morning view and the "
        "queue; the share answered within it is counted per unit and platform.",
    ),
}
