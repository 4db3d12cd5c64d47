"""The evaluate command and module: file layouts, label spellings, metrics, corrections."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor import cli
from monitor.quality import evaluate as ev

FIXTURE = Path(__file__).parents[1] / "fixtures" / "eval_sample.csv"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


def run_cli(capsys, *args: str) -> tuple[int, dict | str]:
    code = cli.main(["evaluate", *args])
    out = capsys.readouterr()
    return code, (json.loads(out.out) if code == 0 else out.err)


def test_sentiment_on_shipped_sample(capsys):
    code, res = run_cli(capsys, str(FIXTURE), "--text-col", "text", "--label-col", "sentiment")
    assert code == 0
    assert res["n"] == 59 and res["mode"] == "three-class"
    assert set(res["per_class"]) == {"positive", "neutral", "negative"}
    for stats in res["per_class"].values():
        assert set(stats) == {"precision", "recall", "f1", "support"}
    matrix = res["confusion_matrix"]["matrix"]
    assert sum(map(sum, matrix)) == 59
    assert res["accuracy"] == pytest.approx(sum(matrix[i][i] for i in range(3)) / 59, abs=1e-4)
    assert res["macro_f1"] >= 0.8  # Citra's own ministry-comment examples


def test_complaint_on_shipped_sample(capsys):
    code, res = run_cli(capsys, str(FIXTURE), "--label-col", "complaint", "--task", "complaint")
    assert code == 0
    assert res["task"] == "complaint" and res["n"] == 59
    assert res["per_class"]["complaint"]["support"] == 20
    assert res["macro_f1"] >= 0.85
    assert "bantuan_belum_cair" in res["predicted_categories"]


ROWS = [
    ("terima kasih bu, sangat membantu", "positive"),
    ("mantap, semangat terus", "positive"),
    ("koruptor hukum mati", "negative"),
    ("pencitraan doang", "negative"),
    ("rapat koordinasi penyaluran bansos tahun 2021", "neutral"),
]


@pytest.mark.parametrize(
    "aliases",
    [
        {"positive": "positive", "negative": "negative", "neutral": "neutral"},
        {"positive": "pos", "negative": "neg", "neutral": "neu"},
        {"positive": "1", "negative": "-1", "neutral": "0"},
        {"positive": "Positive", "negative": "NEGATIVE", "neutral": "Neutral"},
    ],
)
def test_label_aliases_give_same_result(tmp_path, aliases):
    p = tmp_path / "labels.csv"
    p.write_text(
        "komentar,kelas\n" + "".join(f'"{t}",{aliases[lab]}\n' for t, lab in ROWS),
        encoding="utf-8",
    )
    res = ev.evaluate_file(p, text_col="komentar", label_col="kelas")
    assert res["n"] == 5 and res["mode"] == "three-class"
    assert res["accuracy"] == 1.0


def test_headerless_tsv_like_smsa(tmp_path):
    p = tmp_path / "valid.tsv"
    p.write_text("".join(f"{t}\t{lab}\n" for t, lab in ROWS), encoding="utf-8")
    res = ev.evaluate_file(p)
    assert res["n"] == 5
    assert res["per_class"]["neutral"]["support"] == 1


def test_tsv_with_header(tmp_path):
    p = tmp_path / "data.tsv"
    p.write_text("text\tlabel\n" + "".join(f"{t}\t{lab}\n" for t, lab in ROWS), encoding="utf-8")
    assert ev.evaluate_file(p)["n"] == 5


def test_quoted_tsv_with_header(tmp_path):
    p = tmp_path / "quoted.tsv"
    p.write_text('text\tlabel\n"baris satu\nbaris dua bagus"\tpositive\n', encoding="utf-8")
    texts, labels = ev.read_labelled(p, "text", "label")
    assert texts == ["baris satu\nbaris dua bagus"] and labels == ["positive"]


def test_headerless_tsv_keeps_stray_quotes(tmp_path):
    p = tmp_path / "smsa.tsv"
    p.write_text('kata "mantap" katanya\tpositive\nbiasa " saja\tneutral\n', encoding="utf-8")
    texts, _ = ev.read_labelled(p, "text", "label")
    assert texts == ['kata "mantap" katanya', 'biasa " saja']


def test_two_class_gold_is_scored_by_sign(tmp_path):
    p = tmp_path / "two.csv"
    rows = [r for r in ROWS if r[1] != "neutral"] + [("biasa saja", "positive")]
    p.write_text("text,label\n" + "".join(f'"{t}",{lab}\n' for t, lab in rows), encoding="utf-8")
    res = ev.evaluate_file(p)
    assert res["mode"].startswith("two-class") and "sign" in res["mode"]
    assert set(res["per_class"]) == {"positive", "negative"}
    assert res["confusion_matrix"]["labels"] == ["positive", "negative"]
    assert res["n"] == 5


@pytest.mark.parametrize(
    ("yes", "no"),
    [("Aduan", "Bukan Aduan"), ("1", "0"), ("true", "false"), ("ya", "tidak"), ("YES", "no")],
)
def test_complaint_label_spellings(tmp_path, yes, no):
    p = tmp_path / "c.csv"
    p.write_text(
        f'text,aduan\n"PKH saya belum cair",{yes}\n"mantap bu",{no}\n"kapan cair min?",{yes}\n',
        encoding="utf-8",
    )
    res = ev.evaluate_file(p, label_col="aduan", task="complaint")
    assert res["per_class"]["complaint"]["support"] == 2
    assert res["accuracy"] == 1.0


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("text,label\nbagus,mantap\n", [], "unknown sentiment label 'mantap'"),
        ("isi,label\nbagus,positive\n", [], "no column 'text'"),
        ("text,c\na,x\nb,y\nc,z\n", ["--label-col", "c", "--task", "complaint"], "two values"),
        ("text,c\na,p\nb,q\n", ["--label-col", "c", "--task", "complaint"], "cannot tell"),
        ("", [], "empty"),
    ],
)
def test_errors_are_one_line_and_exit_1(tmp_path, capsys, content, args, message):
    p = tmp_path / "bad.csv"
    p.write_text(content, encoding="utf-8")
    code, err = run_cli(capsys, str(p), *args)
    assert code == 1
    assert err.startswith("Error: ") and message in err


def test_missing_file_is_reported(tmp_path, capsys):
    code, err = run_cli(capsys, str(tmp_path / "nope.csv"))
    assert code == 1 and "cannot be read" in err


def test_metrics_against_hand_computed_values():
    gold = ["positive", "positive", "negative", "negative", "neutral"]
    pred = ["positive", "negative", "negative", "negative", "positive"]
    res = ev.metrics(gold, pred, ["positive", "neutral", "negative"])
    assert res["accuracy"] == 0.6
    assert res["per_class"]["positive"] == {
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "support": 2,
    }
    assert res["per_class"]["negative"]["precision"] == pytest.approx(0.6667, abs=1e-4)
    assert res["per_class"]["neutral"]["f1"] == 0.0
    assert res["macro_f1"] == pytest.approx((0.5 + 0.8 + 0.0) / 3, abs=1e-4)
    assert res["confusion_matrix"]["matrix"] == [[1, 0, 1], [1, 0, 0], [0, 0, 2]]


def test_evaluate_corrections():
    pairs = [("positive", "positive"), ("negative", "neutral"), ("neutral", "neg"), ("pos", "1")]
    res = ev.evaluate_corrections(pairs)
    assert res["n_reviewed"] == 4 and res["n_corrected"] == 2
    assert res["accuracy"] == 0.5
    assert sum(map(sum, res["confusion_matrix"]["matrix"])) == 4


def test_evaluate_corrections_empty():
    res = ev.evaluate_corrections([])
    assert res == {
        "n_reviewed": 0,
        "n_corrected": 0,
        "accuracy": None,
        "macro_f1": None,
        "confusion_matrix": None,
    }


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "smsa" / "valid.tsv").exists(), reason="shared data absent")
def test_smsa_valid_figure():
    res = ev.evaluate_file(SHARED / "smsa" / "valid.tsv")
    assert res["n"] == 1260
    assert res["macro_f1"] >= 0.80


EMOT_ROWS = [
    ("anger", "[USERNAME] aku marah banget sama koruptor itu, muak!"),
    ("sadness", "sedih banget, nangis terus [URL]"),
    ("fear", "takut banget, ngeri kalau gempa lagi"),
    ("happy", "senang sekali, bahagia rasanya"),
    ("love", "sayang kamu, cinta banget sama ibu"),
]


def _emot_file(tmp_path, rows, header="label,tweet"):
    p = tmp_path / "emot.csv"
    p.write_text(header + "\n" + "".join(f'{lab},"{t}"\n' for lab, t in rows), encoding="utf-8")
    return p


def test_emotion_task_reads_the_emot_layout(tmp_path, capsys):
    code, res = run_cli(capsys, str(_emot_file(tmp_path, EMOT_ROWS)), "--task", "emotion")
    assert code == 0
    assert res["task"] == "emotion" and res["mode"].startswith("five-class")
    assert res["n"] == 5 and res["accuracy"] == 1.0 and res["macro_f1"] == 1.0
    assert list(res["per_class"]) == ["anger", "sadness", "fear", "happy", "love"]
    assert res["confusion_matrix"]["matrix"] == [[int(i == j) for j in range(5)] for i in range(5)]
    assert 0.0 <= res["none_rate"] <= 1.0
    assert set(res["calibration"]) == {"ece", "mean_confidence", "accuracy"}


def test_emotion_placeholders_read_as_what_they_replaced(tmp_path):
    texts, _ = ev.read_labelled(_emot_file(tmp_path, EMOT_ROWS[:2]), "text", "label")
    assert "[USERNAME]" not in texts[0] and "@user" in texts[0]
    assert "[URL]" not in texts[1]


def test_emotion_with_none_in_gold_compares_six_classes(tmp_path):
    rows = [*EMOT_ROWS, ("none", "rapat koordinasi penyaluran bansos tahun 2021")]
    rows = [("marah" if lab == "anger" else lab, t) for lab, t in rows]  # Indonesian names too
    res = ev.evaluate_file(_emot_file(tmp_path, rows, "label,text"), task="emotion")
    assert res["mode"].startswith("six-class")
    assert set(res["per_class"]) == {"anger", "sadness", "fear", "happy", "love", "none"}
    assert res["per_class"]["none"]["support"] == 1 and res["per_class"]["anger"]["support"] == 1
    assert res["per_class"]["none"]["recall"] == 1.0


def test_unknown_emotion_label_is_one_error_line(tmp_path, capsys):
    p = _emot_file(tmp_path, [("bored", "biasa saja")])
    code, err = run_cli(capsys, str(p), "--task", "emotion")
    assert code == 1 and err.startswith("Error: ") and "unknown emotion label 'bored'" in err


def test_sentiment_reports_calibration():
    res = ev.evaluate_file(FIXTURE, label_col="sentiment")
    cal = res["calibration"]
    assert cal["accuracy"] == res["accuracy"] and 0 < cal["mean_confidence"] <= 1
    assert 0 <= cal["ece"] <= 1


def test_calibration_against_hand_computed_values():
    cal = ev.calibration([0.95, 0.95, 0.55, 0.55], [True, True, True, False])
    assert cal == {"ece": 0.05, "mean_confidence": 0.75, "accuracy": 0.75}
    assert ev.calibration([], [])["ece"] is None


def _emot_held_out(tmp_path):
    import csv
    import zlib

    with open(SHARED / "emot" / "train.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    held = [r for r in rows if zlib.crc32(ev.unplaceholder(r[1]).encode()) % 100 < 15]
    p = tmp_path / "held.csv"
    with open(p, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["label", "tweet"], *held])
    return p


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "emot" / "train.csv").exists(), reason="shared data absent")
def test_emot_held_out_figure(tmp_path):
    """EmoT train's held-out part (tools/learn_emotion.py fits and tunes on the rest)."""
    res = ev.evaluate_file(_emot_held_out(tmp_path), task="emotion")
    assert res["n"] == 524
    assert res["macro_f1"] >= 0.68


ROUTED = (
    "text,aduan,category\n"
    '"PKH saya belum cair",1,bantuan_belum_cair\n'
    '"NIK saya tidak terdaftar di DTKS",1,data_penerima\n'
    '"jembatan desa kami putus, tolong diperbaiki",1,luar_kewenangan\n'
    '"mantap bu",0,\n'
    '"terima kasih kemensos",0,\n'
)


def test_complaint_routing_is_reported_when_the_file_has_categories(tmp_path):
    p = tmp_path / "routed.csv"
    p.write_text(ROUTED, encoding="utf-8")
    res = ev.evaluate_file(p, label_col="aduan", task="complaint")
    # the two-class keys stay as they were
    assert {"n", "accuracy", "macro_f1", "per_class", "confusion_matrix"} <= set(res)
    assert set(res["per_class"]) == {"complaint", "not_complaint"}
    routing = res["routing"]
    labels = routing["confusion_matrix"]["labels"]
    assert labels[-1] == "none" and "luar_kewenangan" in labels
    matrix = routing["confusion_matrix"]["matrix"]
    assert sum(map(sum, matrix)) == 5
    row = labels.index("bantuan_belum_cair")
    assert matrix[row][row] == 1
    assert routing["per_class"]["bantuan_belum_cair"]["recall"] == 1.0
    assert routing["per_class"]["none"]["support"] == 2
    assert routing["remit"]["support"] == 1
    remit_row = matrix[labels.index("luar_kewenangan")]
    assert routing["remit"]["recognised"] == remit_row[labels.index("luar_kewenangan")]
    assert (
        routing["remit"]["sent_to_a_unit"]
        + routing["remit"]["recognised"]
        + routing["remit"]["missed"]
        == 1
    )


def test_no_category_column_means_no_routing(tmp_path):
    p = tmp_path / "plain.csv"
    p.write_text('text,aduan\n"PKH saya belum cair",1\n"mantap",0\n', encoding="utf-8")
    assert "routing" not in ev.evaluate_file(p, label_col="aduan", task="complaint")


def test_unknown_category_names_its_row(tmp_path, capsys):
    p = tmp_path / "bad_cat.csv"
    p.write_text('text,aduan,category\n"mantap",0,\n"jalan rusak",1,jalan\n', encoding="utf-8")
    code, err = run_cli(capsys, str(p), "--label-col", "aduan", "--task", "complaint")
    assert code == 1
    assert "line 3: unknown complaint category 'jalan'" in err


def test_remit_complaints_are_recognised_with_their_agency(tmp_path):
    p = tmp_path / "remit.csv"
    p.write_text(
        "text,aduan,category,agency\n"
        '"jembatan desa kami putus, tolong diperbaiki",1,luar_kewenangan,pemda\n'
        '"rumah sakit menolak pasien, tolong min",1,luar_kewenangan,pendidikan\n'
        '"PKH saya belum cair",1,bantuan_belum_cair,\n'
        '"mantap bu",0,,\n',
        encoding="utf-8",
    )
    remit = ev.evaluate_file(p, label_col="aduan", task="complaint")["routing"]["remit"]
    assert (remit["support"], remit["recognised"], remit["sent_to_a_unit"]) == (2, 2, 0)
    assert remit["agency"] == {"recognised": 2, "right": 1, "accuracy": 0.5}
