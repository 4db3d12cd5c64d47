"""A labelled set of citizen comments for measuring complaint detection and routing.

``python -m monitor.quality.complaint_set OUTDIR`` writes ``complaints_dev.csv`` and
``complaints_test.csv`` (columns ``text, is_complaint, category, agency, template``), which
``python -m monitor evaluate FILE --task complaint --label-col is_complaint`` measures.

The comments are written the way people write to a ministry's account: long and polite
("Assalamualaikum bapak/ibu, mohon dibantu ..."), short and angry, with Javanese, Sundanese and
Betawi words, typos and chat spellings, and often without a programme's name; complaints that
are not the ministry's business (roads, bridges, street lights, garbage, schools, hospitals and
BPJS Kesehatan, PLN, PDAM, the police), and comments that are no complaint at all (praise,
prayers, political anger, questions that ask for nothing).

The split is fixed and is not a split of rows: the **dev** part and the **test** part are made
from *disjoint templates and disjoint slot vocabularies* (other programmes' names, other
problem phrases, other regional words, other misspellings), so the test part is not a
paraphrase of what the rules were written against. Rules are tuned on dev only; test is read
for the figures. Generation is seeded and deterministic.

Labels: ``is_complaint`` 1/0; ``category`` a key of ``monitor.nlp.rules.CATEGORIES`` (empty for
no complaint; ``luar_kewenangan`` for a complaint outside the ministry's remit); ``agency`` the
kind of agency a remit complaint belongs to (``monitor.nlp.rules.AGENCIES``), else empty.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PARTS = ("dev", "test")
COLUMNS = ("text", "is_complaint", "category", "agency", "template")
REMIT = "luar_kewenangan"
PER_TEMPLATE = 7  # comments drawn from each template (fewer when its slots run out)
REMIT_DRAWS = 2  # remit templates draw twice as many: their slot holds five kinds of agency
SEED = 15


@dataclass(frozen=True)
class Labelled:
    """One comment and what it should be: complaint or not, category, agency (remit only)."""

    text: str
    is_complaint: bool
    category: str  # "" for no complaint
    agency: str  # "" unless category is the remit one
    template: str  # "<part>:<number>" of the template it came from


# A slot value is a text, or (text, agency) for the remit slots. Each part has its own words.
_VOCAB: dict[str, dict[str, list]] = {
    "dev": {
        "greet": [
            "Assalamualaikum bapak/ibu",
            "Assalamualaikum wr wb, mohon maaf mengganggu waktunya",
            "Selamat pagi admin",
            "Permisi min, numpang tanya",
            "Assalamualaikum bu Risma yang saya hormati",
        ],
        "hey": ["min", "admin", "woy min", "min kemensos"],
        "who": ["ibu saya", "bapak saya yang sudah tua", "nenek saya", "saya", "keluarga kami"],
        "place": ["di desa kami", "di kampung saya", "di Kec. Cibinong", "di RT 03 kami"],
        "since": ["sudah 3 bulan", "dari bulan Januari", "sejak tahun lalu", "sudah 5 bulanan"],
        "prog": ["PKH", "BPNT", "bansos", "bantuan PKH"],
        "notgot": [
            "tidak menerima apa-apa lagi",
            "belum pernah dapat sama sekali",
            "tidak dapat lagi",
            "tidak pernah terima lagi",
        ],
        "late": ["belum cair", "belum masuk", "tidak cair", "belum turun"],
        "dataprob": [
            "tiba-tiba hilang dari daftar penerima",
            "dicoret dari data",
            "tidak muncul waktu dicek",
            "dinonaktifkan tanpa pemberitahuan",
        ],
        "datadoc": ["NIK", "KKS", "KK"],
        "disab": [
            "anak saya penyandang disabilitas",
            "bapak saya lumpuh karena stroke",
            "adik saya tuna rungu",
            "ibu saya sudah lansia dan tinggal sendiri",
        ],
        "disabneed": ["kursi roda", "alat bantu dengar", "pendampingan", "perawatan"],
        "disaster": ["kebanjiran", "kena gempa", "terkena banjir bandang", "kena longsor"],
        "levy": [
            "dipotong 50rb sama ketua kelompok",
            "dipotong 100 ribu, katanya buat uang admin",
            "dimintai uang rokok sama oknum",
            "diwajibkan beli paket sembako di warung tertentu",
        ],
        "levyby": ["pendamping", "ketua kelompok", "oknum perangkat desa", "agen"],
        "remit": [
            ("jalan di desa kami rusak parah banyak lubang", "pemda"),
            ("jembatan penghubung antar desa putus", "pemda"),
            ("lampu jalan di gang kami mati sudah sebulan", "pemda"),
            ("sampah menumpuk tidak diangkut berminggu-minggu", "pemda"),
            ("listrik PLN padam terus tiap malam", "utilitas"),
            ("air PDAM tidak mengalir 4 hari", "utilitas"),
            ("rumah sakit menolak pasien BPJS", "kesehatan"),
            ("pelayanan puskesmas lama sekali, dokternya jarang ada", "kesehatan"),
            ("sekolah anak saya minta uang seragam 1 juta", "pendidikan"),
            ("atap gedung SD di kampung kami bocor dan hampir roboh", "pendidikan"),
            ("maling motor merajalela", "kepolisian"),
            ("balap liar tiap malam minggu bikin resah", "kepolisian"),
        ],
        "city": ["Medan", "Surabaya", "Makassar"],
        "angry": ["kerja yang bener dong!!", "payah!!", "gimana sih ini??"],
        "thanks": ["Terima kasih", "Matur nuwun", "Terima kasih atas perhatiannya"],
    },
    "test": {
        "greet": [
            "Assalamu'alaikum warahmatullahi wabarakatuh, yth bapak ibu pengurus",
            "Selamat siang kak admin yang baik hati",
            "Punten admin, hapunten ngaganggu",
            "Sugeng enjing bapak ibu",
            "Mohon izin bapak/ibu",
        ],
        "hey": ["mimin", "pak bu", "kak admin", "bu menteri"],
        "who": ["mertua saya", "tetangga saya yang janda", "emak saya", "aye", "almarhum bapak"],
        "place": [
            "di dusun kami",
            "di RW 05 kelurahan kami",
            "di Kab. Lombok Timur",
            "di kampung sebelah",
        ],
        "since": ["udah setengah tahun", "dari lebaran kemarin", "hampir 2 tahun", "3 tahap ini"],
        "prog": ["BST", "bantuan sembako", "BLT", "kartu sembako"],
        "notgot": [
            "ga kebagian lagi",
            "kosong terus tiap dicek",
            "sudah tidak ada yang masuk",
            "teu acan nampi",
        ],
        "late": ["belon cair", "ga turun-turun", "saldonya nol", "dereng cair"],
        "dataprob": [
            "statusnya tidak layak padahal miskin",
            "tertulis sudah meninggal padahal masih hidup",
            "namanya ganda dengan orang lain",
            "tidak padan dengan dukcapil",
        ],
        "datadoc": ["kartu keluarga", "KTP", "data kemiskinan"],
        "disab": [
            "anak saya autis",
            "tetangga saya ODGJ dipasung keluarganya",
            "kakek saya tuna netra",
            "ada anak yatim piatu terlantar",
        ],
        "disabneed": ["tongkat", "terapi", "rehabilitasi", "tempat di panti"],
        "disaster": ["kena angin puting beliung", "rumahnya kebakaran", "terdampak erupsi"],
        "levy": [
            "disunat 30 ribu tiap pencairan",
            "disuruh bayar 200rb biar namanya masuk",
            "kartunya ditahan sama pendamping",
            "diminta tebus beras busuk",
        ],
        "levyby": ["calo", "petugas e-warong", "ketua RT", "orang yang ngaku dari dinas"],
        "remit": [
            ("aspal jalan kabupaten mengelupas, sudah kayak kubangan", "pemda"),
            ("jembatan gantung di dusun kami sudah miring", "pemda"),
            ("PJU di jalan poros padam semua", "pemda"),
            ("TPS liar di pinggir kali bau menyengat", "pemda"),
            ("got di depan rumah mampet kalau hujan meluap", "pemda"),
            ("token listrik sudah diisi tapi meteran tetap mati", "utilitas"),
            ("air ledeng di perumahan kami keruh dan bau", "utilitas"),
            ("KIS saya ditolak di RSUD, disuruh bayar umum", "kesehatan"),
            ("antrean poli di RSUD dari subuh sampai sore", "kesehatan"),
            ("ijazah anak saya ditahan sekolah karena nunggak SPP", "pendidikan"),
            ("PPDB zonasi curang, anak saya tidak diterima", "pendidikan"),
            ("begal di jalan lintas makin sering", "kepolisian"),
            ("preman malak pedagang pasar tiap hari", "kepolisian"),
        ],
        "city": ["Kupang", "Pontianak", "Jayapura"],
        "angry": ["ngurus begini aja ga becus!!", "parah bener dah", "niat kerja ga sih"],
        "thanks": ["Hatur nuhun", "Makasih banyak", "Terima kasih sebelumnya"],
    },
}

# (label, template). label: a category key, "luar_kewenangan" (agency from the {remit} slot)
# or "-" (no complaint).
_TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "dev": [
        # aid not received or late: polite without a programme's name, short, angry, Javanese
        (
            "bantuan_belum_cair",
            "{greet}, mohon dibantu, {who} {since} {notgot} padahal dulu rutin dapat. {thanks}",
        ),
        ("bantuan_belum_cair", "{prog} {who} {late} {since}, kapan cair min?"),
        ("bantuan_belum_cair", "{hey} {prog} tahap ini kok {late} ke rekening, yg lain udah"),
        ("bantuan_belum_cair", "{since} {prog} {late} {angry}"),
        ("bantuan_belum_cair", "{hey} bantuan kulo durung cair {since}, niku pripun nggih"),
        (
            "bantuan_belum_cair",
            "{greet}. Saya mau tanya, {who} {since} {notgot}, apakah masih terdaftar sebagai "
            "penerima? Mohon pencerahannya",
        ),
        # recipient data
        (
            "data_penerima",
            "{greet}, mohon maaf. Nama {who} {dataprob}, padahal kondisi kami masih sama. "
            "Mohon pencerahannya",
        ),
        ("data_penerima", "{datadoc} {who} tidak terdaftar di DTKS padahal sudah lapor {since}"),
        ("data_penerima", "{datadoc} {who} {dataprob}, tolong dicek min"),
        ("data_penerima", "yg mampu malah dapat, kami yg miskin ga didata {place}, ngawur"),
        # disability, elderly, rehabilitation
        (
            "disabilitas_rehabilitasi",
            "{greet}, {disab} dan butuh {disabneed}, mohon petunjuk cara mengajukannya",
        ),
        (
            "disabilitas_rehabilitasi",
            "{disab}, sampai sekarang belum ada {disabneed} dari mana-mana",
        ),
        # disaster aid
        ("bencana", "rumah kami {disaster} {since}, belum ada bantuan sama sekali {place}"),
        ("bencana", "{greet}, warga {place} {disaster}, logistik belum datang, mohon dibantu"),
        # levies and fraud
        ("pungli_penipuan", "bantuan {who} {levy}, tolong ditindak"),
        ("pungli_penipuan", "{place} ada {levyby} minta uang kalau mau didaftarkan"),
        ("pungli_penipuan", "{hey} pencairan {prog} {levy}, ini pungli kan?"),
        # other service questions
        ("layanan_lain", "{greet}, mohon info nomor pengaduan resmi yang bisa dihubungi"),
        ("layanan_lain", "{hey} DM saya kok ga dibalas2, {since} nunggu"),
        # outside the ministry's remit
        (
            REMIT,
            "{greet}, mohon dibantu, {remit} {since}, warga sudah lapor tapi belum ada tindakan",
        ),
        (REMIT, "{remit}!! pemerintah kemana aja??"),
        (REMIT, "{hey} tolong sampaikan ke yang berwenang, {remit}"),
        (REMIT, "{hey} {remit}, kapan diperbaiki?"),
        (REMIT, "Assalamualaikum, {remit} {place}. Mohon diteruskan ke dinas terkait"),
        # no complaint
        ("-", "Terima kasih bu, bantuannya sangat membantu keluarga kami 🙏"),
        ("-", "Alhamdulillah {prog} {who} sudah cair, makasih kemensos"),
        ("-", "semoga bapak ibu sehat selalu dan amanah, aamiin"),
        ("-", "semoga warga yang {disaster} diberi ketabahan 🤲"),
        ("-", "dasar koruptor bansos, hukum mati saja!!"),
        ("-", "menteri pencitraan doang, rezim gagal"),
        ("-", "bu Risma kapan ke {city}?"),
        ("-", "itu lokasinya di mana min? keren acaranya"),
        ("-", "jalan {place} sudah diaspal, terima kasih pemda 👍"),
        ("-", "hadir min, salam dari {city}"),
    ],
    "test": [
        (
            "bantuan_belum_cair",
            "{greet}. Izin menyampaikan keluhan, {who} {since} {notgot}, sedangkan tetangga "
            "kanan kiri tetap menerima. Kira-kira kenapa ya? {thanks}",
        ),
        ("bantuan_belum_cair", "{prog} {place} {late} {since} {angry}"),
        ("bantuan_belum_cair", "{hey}, {prog} buat {who} {late}, kudu nunggu sampe kapan?"),
        ("bantuan_belum_cair", "{hey} punten, {prog} {who} {late}, kumaha ieu?"),
        ("bantuan_belum_cair", "aye udah {since} nungguin {prog} kagak dateng2"),
        # recipient data
        (
            "data_penerima",
            "{greet}, saya ingin bertanya soal {datadoc} {who} yang {dataprob}. "
            "Harus mengurus ke mana? {thanks}",
        ),
        ("data_penerima", "{datadoc} {who} {dataprob} {angry}"),
        ("data_penerima", "{hey} gimana cara masuk DTKS, {who} {since} diusulkan ga ada kabar"),
        # disability, rehabilitation
        (
            "disabilitas_rehabilitasi",
            "{greet}, {disab}. Kami keluarga tidak mampu, apakah bisa dibantu {disabneed}?",
        ),
        ("disabilitas_rehabilitasi", "{hey} {disab} {place}, {disabneed} kapan ada?"),
        # disaster
        (
            "bencana",
            "{greet}, kami warga {place} yang {disaster}, sampai sekarang belum ada uluran",
        ),
        ("bencana", "{disaster} {since} tapi ga ada yang dateng {angry}"),
        # levies and fraud
        ("pungli_penipuan", "{greet}, mau lapor, bantuan {who} {levy}. {thanks}"),
        ("pungli_penipuan", "{levyby} {place} {levy}, usut tuntas!!"),
        ("pungli_penipuan", "hati2 ada {levyby} ngaku bisa cairin {prog} asal transfer dulu"),
        # other service questions
        ("layanan_lain", "{hey}, call center kemensos nomornya berapa ya? ditelpon ga nyambung"),
        ("layanan_lain", "{greet}, saya sudah kirim email pengaduan {since} belum ada balasan"),
        # outside the remit
        (
            REMIT,
            "{greet}, kami mohon bantuannya, {remit} {since}. Sudah lapor ke kelurahan tapi "
            "tidak ada tindak lanjut. {thanks}",
        ),
        (REMIT, "{remit} {angry}"),
        (REMIT, "{hey} {remit} {place}, ini urusan siapa sih?"),
        (REMIT, "punten {hey}, {remit}, kumaha solusina?"),
        (REMIT, "{greet}, mohon maaf sebelumnya, {remit}. Warga udah patungan tapi ga cukup"),
        # no complaint
        ("-", "{thanks} kemensos, {prog} {who} sudah diterima dengan lancar"),
        ("-", "mugi-mugi bu menteri panjang umur, sehat terus, amin"),
        ("-", "ya Allah lindungilah saudara kita yang {disaster}"),
        ("-", "turunkan menteri! rakyat sudah muak sama korupsi"),
        ("-", "bansos dikorupsi, rakyat dibohongi terus, dasar pejabat rakus"),
        ("-", "bu itu di video lagi di kota mana ya?"),
        ("-", "mantul pak, jembatan {place} sudah jadi, mulus 👍"),
        ("-", "nyimak aja min, salam dari {city}"),
        ("-", "keren programnya, lanjutkan!"),
    ],
}

# Chat spellings applied to some comments (each part its own), word by word.
_SPELLINGS: dict[str, dict[str, str]] = {
    "dev": {"saya": "sy", "yang": "yg", "tidak": "tdk", "sudah": "udh", "belum": "blm"},
    "test": {"tidak": "gak", "sudah": "dah", "belum": "blom", "dengan": "dgn", "karena": "krn"},
}
NOISY_SHARE = 0.4  # comments given chat spellings, lower case and a stretched word


def _fill(template: str, vocab: dict[str, list], rng: random.Random) -> tuple[str, str]:
    """The template with every slot drawn from ``vocab``: (text, agency of the remit slot)."""
    agency = ""

    def pick(match: re.Match) -> str:
        nonlocal agency
        value = rng.choice(vocab[match.group(1)])
        if isinstance(value, tuple):
            value, agency = value
        return value

    return re.sub(r"\{(\w+)\}", pick, template), agency


def _noisy(text: str, spellings: dict[str, str], rng: random.Random) -> str:
    """Chat habits: short spellings, all lower case, one stretched word, no final stop."""
    words = [spellings.get(w.lower(), w) if rng.random() < 0.7 else w for w in text.split(" ")]
    if len(words) > 2:
        i = rng.randrange(len(words))
        if words[i].isalpha():
            words[i] += words[i][-1] * 3
    return " ".join(words).lower().rstrip(".")


def generate(part: str, *, seed: int = SEED, per_template: int = PER_TEMPLATE) -> list[Labelled]:
    """The comments of one part (``dev`` or ``test``): distinct texts, in template order."""
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r}: use {' or '.join(PARTS)}")
    rng = random.Random(f"{seed}:{part}")
    vocab = _VOCAB[part]
    out: list[Labelled] = []
    seen: set[str] = set()
    for n, (label, template) in enumerate(_TEMPLATES[part], start=1):
        wanted = per_template * (REMIT_DRAWS if label == REMIT else 1)
        drawn = 0
        for _ in range(wanted * 4):  # a few tries: some draws repeat a text
            if drawn >= wanted:
                break
            text, agency = _fill(template, vocab, rng)
            if rng.random() < NOISY_SHARE:
                text = _noisy(text, _SPELLINGS[part], rng)
            if text in seen:
                continue
            seen.add(text)
            drawn += 1
            complaint = label != "-"
            out.append(
                Labelled(
                    text,
                    complaint,
                    label if complaint else "",
                    agency if label == REMIT else "",
                    f"{part}:{n}",
                )
            )
    return out


def write_csv(rows: Sequence[Labelled], path: Path) -> None:
    """``rows`` as a CSV that ``python -m monitor evaluate`` reads."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([r.text, int(r.is_complaint), r.category, r.agency, r.template])


def write_parts(outdir: Path, *, seed: int = SEED) -> dict[str, Path]:
    """Write ``complaints_<part>.csv`` for each part into ``outdir``; their paths by part."""
    outdir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for part in PARTS:
        paths[part] = outdir / f"complaints_{part}.csv"
        write_csv(generate(part, seed=seed), paths[part])
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m monitor.quality.complaint_set",
        description="Write the labelled complaint set (dev and test parts) as CSV files.",
        epilog="example: python -m monitor.quality.complaint_set /tmp/complaints && "
        "python -m monitor evaluate /tmp/complaints/complaints_dev.csv --task complaint "
        "--label-col is_complaint",
    )
    parser.add_argument("outdir", type=Path, help="directory for complaints_dev/test.csv")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    for part, path in write_parts(args.outdir, seed=args.seed).items():
        print(f"{part}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
