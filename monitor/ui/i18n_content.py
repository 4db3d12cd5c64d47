"""Interface texts of the Content page (posts, content types, reception) and its settings, in
Bahasa Indonesia and English; part of ``monitor.ui.i18n.STRINGS``."""

from __future__ import annotations

CONTENT_STRINGS: dict[str, tuple[str, str]] = {
    "nav_content": ("Konten", "Content"),
    "ct_title": ("Konten", "Content"),
    "ct_caption": (
        "Reaksi pengikut per unggahan dan per jenis konten. Jenis konten berasal dari aturan "
        "kata dan tagar (Pengaturan), kecuali yang ditetapkan analis.",
        "The followers' reaction per post and per content type. Content types come from the "
        "word and hashtag rules (Settings), except those an analyst set.",
    ),
    "ct_empty": (
        "Belum ada unggahan tersimpan. Impor ekspor komentar atau ekspor unggahan di Unggah.",
        "No posts stored yet. Import a comment export or a post export on Upload.",
    ),
    "ct_types": ("Jenis konten", "Content types"),
    "ct_types_all": ("Semua jenis", "All types"),
    "ct_rank": ("Urutkan menurut", "Rank by"),
    "ct_period": ("Diunggah antara", "Published between"),
    "ct_compare": ("Perbandingan jenis konten", "Content types compared"),
    "ct_compare_note": (
        "Rata-rata per unggahan dengan selang kepercayaan 95% (bootstrap, {samples} sampel). "
        "Selang yang tidak bertumpang tindih menandakan perbedaan yang jelas.",
        "Mean per post with a 95% confidence interval (bootstrap, {samples} samples). "
        "Intervals that do not overlap mark a clear difference.",
    ),
    "ct_before_after": ("Sebelum dan sesudah peristiwa", "Before and after an event"),
    "ct_choose_event": ("Peristiwa", "Event"),
    "ct_before": ("sebelum", "before"),
    "ct_after": ("sesudah", "after"),
    "ct_posts": ("Unggahan menurut penerimaan", "Posts by reception"),
    "ct_no_posts": (
        "Tidak ada unggahan untuk filter ini.",
        "No posts for these filters.",
    ),
    "ct_post": ("Unggahan", "Post"),
    "ct_open_post": ("Lihat unggahan", "Open a post"),
    "ct_choose_post": ("Pilih unggahan…", "Choose a post…"),
    "ct_hours": (
        "Komentar pada {hours} jam setelah diunggah",
        "Comments in the {hours} hours after publishing",
    ),
    "ct_hour": ("Jam setelah diunggah", "Hours after publishing"),
    "ct_themes": ("Tema komentar", "Comment themes"),
    "ct_complaints": ("Aduan di unggahan ini", "Complaints under this post"),
    "ct_no_complaints": ("Tidak ada aduan.", "No complaints."),
    "ct_no_time": (
        "Waktu unggah tidak diketahui: impor ekspor unggahan untuk melihat jam-jam pertama.",
        "Publishing time unknown: import a post export to see the first hours.",
    ),
    "ct_set_types": ("Tetapkan jenis (analis)", "Set types (analyst)"),
    "ct_set_types_help": (
        "Jenis yang ditetapkan di sini menggantikan aturan untuk unggahan ini dan dicatat di log "
        "audit. Kosongkan lalu simpan untuk 'tanpa jenis'.",
        "Types set here replace the rules for this post and are recorded in the audit log. "
        "Save an empty choice for 'no type'.",
    ),
    "ct_save_types": ("Simpan jenis", "Save types"),
    "ct_back_to_rules": ("Kembalikan ke aturan", "Back to the rules"),
    "ct_types_saved": ("Jenis konten disimpan.", "Content types saved."),
    "ct_manual": ("ditetapkan analis", "set by an analyst"),
    "ct_col_published": ("Diunggah", "Published"),
    "ct_col_types": ("Jenis", "Types"),
    "ct_col_text": ("Keterangan", "Caption"),
    "ct_col_comments": ("Komentar", "Comments"),
    "ct_col_likes": ("Suka", "Likes"),
    "ct_col_posts": ("Unggahan", "Posts"),
    "ct_col_mean": ("Rata-rata", "Mean"),
    "ct_col_low": ("Batas bawah", "Low"),
    "ct_col_high": ("Batas atas", "High"),
    "ct_col_answered": ("Dijawab", "Answered"),
    "ct_col_period": ("Periode", "Period"),
    "ct_col_term": ("Kata", "Term"),
    "ct_col_negative": ("Negatif", "Negative"),
    "ct_post_file": (
        "Ekspor unggahan: baris-barisnya adalah unggahan (keterangan, jenis media, jumlah), "
        "bukan komentar.",
        "A post export: its rows are posts (caption, media type, counts), not comments.",
    ),
    "ct_download": ("Unduh CSV unggahan", "Download the posts CSV"),
    # what ranks posts and types (analysis.content.METRICS)
    "rank_net_index": ("Indeks bersih", "Net sentiment"),
    "rank_negative_share": ("Porsi negatif", "Negative share"),
    "rank_complaint_share": ("Porsi aduan", "Complaint share"),
    "rank_complaints_answered_share": ("Aduan dijawab", "Complaints answered"),
    "rank_engagement": ("Keterlibatan (suka + komentar)", "Engagement (likes + comments)"),
    "rank_engagement_per_follower": ("Keterlibatan per pengikut", "Engagement per follower"),
    # content types (nlp.content_types.TYPES, and the posts of none)
    "ctype_program": ("Informasi & progres program", "Programme information & progress"),
    "ctype_transparansi": ("Transparansi anggaran", "Budget transparency"),
    "ctype_kuis": ("Kuis & trivia", "Quizzes & trivia"),
    "ctype_klarifikasi": ("Klarifikasi hoaks/rumor", "Hoax/rumour clarification"),
    "ctype_kegiatan_menteri": ("Kegiatan menteri", "Minister's activity"),
    "ctype_ucapan": ("Ucapan hari besar", "Holiday greetings"),
    "ctype_layanan": ("Pengumuman layanan", "Service announcements"),
    "ctype_lainnya": ("Lainnya (tanpa jenis)", "Other (no type)"),
    # Settings page: the content section
    "s_content": ("Konten", "Content"),
    "s_content_rules": ("Aturan jenis konten", "Content type rules"),
    "s_content_rules_help": (
        "Satu petunjuk per baris: jenis, macam dan petunjuk dipisah tab (macam: word, phrase, "
        "hashtag). "
        "Kosongkan untuk memakai aturan bawaan. Jenis: {types}",
        "One cue per line: type, kind and cue separated by tabs (kinds: word, phrase, hashtag). "
        "Leave empty "
        "for the shipped rules. Types: {types}",
    ),
    "s_followers": ("Jumlah pengikut per platform", "Followers per platform"),
    "s_followers_help": (
        "Satu platform per baris: kode platform, titik dua, jumlah (mis. instagram: 5200000). "
        "Dipakai untuk keterlibatan per pengikut.",
        "One platform per line: its code, a colon, the count (e.g. instagram: 5200000). Used "
        "for engagement per follower.",
    ),
    "s_content_invalid": (
        "Pengaturan konten tidak dapat disimpan: {message}",
        "The content settings cannot be saved: {message}",
    ),
}
