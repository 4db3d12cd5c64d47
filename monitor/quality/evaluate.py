"""Measuring Citra's scoring against labelled comments: sentiment, emotion, complaints,
analyst corrections.

Figures, not impressions: accuracy, macro-F1, per-class precision/recall/F1 and the confusion
matrix. Accepts the layouts labelled Indonesian data comes in: CSV or TSV, with a header or as
header-less ``text<TAB>label`` (SmSA), ``label,tweet`` (EmoT), labels as words, abbreviations
or -1/0/1. IndoNLU's anonymisation placeholders (``[USERNAME]``, ``[URL]``) are read as the
mention and the link they replaced, which the normaliser drops as it drops real ones.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from monitor.core.errors import CitraError

SENTIMENT_ALIASES: dict[str, str] = {
    "positive": "positive",
    "pos": "positive",
    "positif": "positive",
    "1": "positive",
    "+1": "positive",
    "1.0": "positive",
    "neutral": "neutral",
    "neu": "neutral",
    "netral": "neutral",
    "0": "neutral",
    "0.0": "neutral",
    "negative": "negative",
    "neg": "negative",
    "negatif": "negative",
    "-1": "negative",
    "-1.0": "negative",
}
EMOTION_ALIASES: dict[str, str] = {
    **{k: "anger" for k in ("anger", "angry", "marah", "kesal")},
    **{k: "sadness" for k in ("sadness", "sad", "sedih")},
    **{k: "fear" for k in ("fear", "afraid", "takut")},
    **{k: "happy" for k in ("happy", "happiness", "joy", "senang", "bahagia")},
    **{k: "love" for k in ("love", "cinta", "sayang")},
    **{k: "none" for k in ("none", "no emotion", "tidak ada", "-", "netral", "neutral")},
}
PLACEHOLDERS = {"[USERNAME]": " @user ", "[URL]": " http://url.com ", "[SENSITIVE-NO]": " "}
TEXT_COLUMN_FALLBACKS = ("tweet",)  # read when the text column is left at "text" and absent
COMPLAINT_TRUE = {"1", "true", "yes", "ya", "y", "t", "aduan", "complaint", "keluhan", "komplain"}
COMPLAINT_FALSE = {
    "0",
    "false",
    "no",
    "tidak",
    "n",
    "f",
    "bukan",
    "bukan aduan",
    "non aduan",
    "non-aduan",
    "bukan keluhan",
    "not complaint",
    "not a complaint",
    "no complaint",
    "non-complaint",
    "non complaint",
}


class EvaluationError(CitraError):
    """A labelled file cannot be evaluated (missing column, unknown label...)."""


def _column_index(header: list[str], col: str, path: Path) -> int:
    low = [h.strip().lower() for h in header]
    if col.strip().lower() in low:
        return low.index(col.strip().lower())
    if col.isdigit() and int(col) < len(header):
        return int(col)
    raise EvaluationError(
        f"{path.name}: no column {col!r}; columns are: {', '.join(h.strip() for h in header)}"
    )


def read_labelled(path: str | Path, text_col: str, label_col: str) -> tuple[list[str], list[str]]:
    """(texts, raw labels) from a CSV/TSV file, with or without a header row.

    A file whose first row does not name ``text_col`` but has two fields, the second a known
    label, is read as header-less ``text<TAB>label`` (the SmSA layout).
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise EvaluationError(f"{p}: cannot be read ({exc.strerror or exc})") from exc
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = raw.decode("cp1252", errors="replace")
    first = content.split("\n", 1)[0]
    delim = "\t" if p.suffix.lower() in (".tsv", ".tab") or "\t" in first else ","
    first_fields = [f.strip().lower() for f in first.split("\t")]
    if delim == "\t" and text_col.strip().lower() not in first_fields:
        # header-less TSV (SmSA): texts may hold stray quotes, so no CSV quoting rules
        rows = [line.split("\t") for line in content.splitlines() if line.strip()]
    else:
        rows = [r for r in csv.reader(io.StringIO(content), delimiter=delim) if r]
    if not rows:
        raise EvaluationError(f"{p.name}: the file is empty")
    header = rows[0]
    low = [h.strip().lower() for h in header]
    if text_col == "text" and "text" not in low:
        text_col = next((c for c in TEXT_COLUMN_FALLBACKS if c in low), text_col)
    headerless = (
        text_col.strip().lower() not in low
        and not text_col.isdigit()
        and len(header) >= 2
        and header[-1].strip().lower()
        in SENTIMENT_ALIASES | dict.fromkeys(COMPLAINT_TRUE) | dict.fromkeys(COMPLAINT_FALSE)
    )
    if headerless:
        data, ti, li = rows, 0, len(header) - 1
    else:
        data = rows[1:]
        ti = _column_index(header, text_col, p)
        li = _column_index(header, label_col, p)
    texts, labels = [], []
    for n, row in enumerate(data, start=1 if headerless else 2):
        if max(ti, li) >= len(row):
            raise EvaluationError(f"{p.name}, line {n}: expected {max(ti, li) + 1} fields")
        if headerless and len(row) > 2:  # a tab inside the text: the label is the last field
            texts.append("\t".join(row[:-1]))
        else:
            texts.append(row[ti])
        labels.append(row[li].strip())
    return [unplaceholder(t) for t in texts], labels


def _header(path: str | Path) -> list[str]:
    """The lower-cased names of a file's first row (what ``read_labelled`` takes as header)."""
    with Path(path).open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        first = fh.readline()
    delim = "\t" if Path(path).suffix.lower() in (".tsv", ".tab") or "\t" in first else ","
    row = next(csv.reader(io.StringIO(first), delimiter=delim), [])
    return [h.strip().lower() for h in row]


def unplaceholder(text: str) -> str:
    """IndoNLU's ``[USERNAME]`` and ``[URL]`` as a mention and a link (see the module
    docstring)."""
    if "[" in text:
        for k, v in PLACEHOLDERS.items():
            text = text.replace(k, v)
    return text


def sentiment_label(value: str, row: int | None = None) -> str:
    """A gold label in any accepted spelling -> positive | neutral | negative."""
    key = str(value).strip().lower()
    if key in SENTIMENT_ALIASES:
        return SENTIMENT_ALIASES[key]
    where = f" (row {row})" if row is not None else ""
    raise EvaluationError(
        f"unknown sentiment label {value!r}{where}: use positive/neutral/negative, "
        "pos/neu/neg or 1/0/-1"
    )


def emotion_label(value: str, row: int | None = None) -> str:
    """A gold emotion in any accepted spelling -> an ``EMOTION_LABELS`` code or ``none``."""
    key = str(value).strip().lower()
    if key in EMOTION_ALIASES or key == "":
        return EMOTION_ALIASES.get(key, "none")
    where = f" (row {row})" if row is not None else ""
    raise EvaluationError(
        f"unknown emotion label {value!r}{where}: use anger/sadness/fear/happy/love "
        "(or marah/sedih/takut/senang/cinta) or none"
    )


def complaint_labels(values: Sequence[str]) -> list[bool]:
    """Two-valued gold labels (Aduan/Bukan Aduan, 1/0, true/false...) -> booleans."""
    distinct = sorted({str(v).strip().lower() for v in values})
    if len(distinct) > 2:
        raise EvaluationError(
            f"complaint labels must take two values; found {len(distinct)}: "
            + ", ".join(repr(d) for d in distinct[:10])
        )
    truthy = [d for d in distinct if d in COMPLAINT_TRUE]
    falsy = [d for d in distinct if d in COMPLAINT_FALSE]
    if len(distinct) == 2 and not truthy and not falsy:
        raise EvaluationError(
            f"cannot tell which of {distinct[0]!r} / {distinct[1]!r} means 'complaint'; "
            "use Aduan/Bukan Aduan, 1/0 or true/false"
        )
    if len(distinct) == 2 and truthy:
        yes = truthy[0]
    elif len(distinct) == 2:
        yes = next(d for d in distinct if d not in falsy)
    else:
        yes = truthy[0] if truthy else None
    return [str(v).strip().lower() == yes for v in values]


def metrics(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict:
    """accuracy, macro_f1, per-class precision/recall/F1/support, confusion matrix."""
    if len(gold) != len(pred):
        raise ValueError("gold and predicted labels differ in length")
    n = len(gold)
    idx = {lab: i for i, lab in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, pred, strict=True):
        matrix[idx[g]][idx[p]] += 1
    per_class = {}
    f1s = []
    for lab, i in idx.items():
        tp = matrix[i][i]
        predicted = sum(matrix[r][i] for r in range(len(labels)))
        support = sum(matrix[i])
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1s.append(f1)
        per_class[lab] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": support,
        }
    correct = sum(matrix[i][i] for i in range(len(labels)))
    return {
        "n": n,
        "accuracy": round(correct / n, 4) if n else 0.0,
        "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
        "per_class": per_class,
        "confusion_matrix": {
            "labels": list(labels),
            "rows": "gold",
            "columns": "predicted",
            "matrix": matrix,
        },
    }


def calibration(confidence: Sequence[float], correct: Sequence[bool], bins: int = 10) -> dict:
    """How well confidences match how often the label is right: the expected calibration
    error (the bins' gap between mean confidence and accuracy, weighted by their size), the
    mean confidence and the accuracy."""
    n = len(confidence)
    if n == 0:
        return {"ece": None, "mean_confidence": None, "accuracy": None}
    cells: dict[int, list[tuple[float, bool]]] = {}
    for c, ok in zip(confidence, correct, strict=True):
        cells.setdefault(min(int(c * bins), bins - 1), []).append((c, ok))
    ece = sum(
        abs(sum(c for c, _ in cell) / len(cell) - sum(ok for _, ok in cell) / len(cell))
        * len(cell)
        / n
        for cell in cells.values()
    )
    return {
        "ece": round(ece, 4),
        "mean_confidence": round(sum(confidence) / n, 4),
        "accuracy": round(sum(correct) / n, 4),
    }


def evaluate_sentiment(
    texts: Sequence[str], gold_raw: Sequence[str], *, lexicon_path: str | None = None
) -> dict:
    """Score ``texts`` and compare with gold labels (two-class mode when gold has no neutral)."""
    from monitor.nlp import scoring

    gold = [sentiment_label(v, row=i + 1) for i, v in enumerate(gold_raw)]
    scored = scoring.score(list(texts), scoring.ScoringConfig(lexicon_path=lexicon_path or ""))
    if "neutral" in gold:
        pred = list(scored["sentiment_label"])
        out = {"task": "sentiment", "mode": "three-class"}
        out.update(metrics(gold, pred, ["positive", "neutral", "negative"]))
        out["calibration"] = calibration(
            scored["sentiment_confidence"].tolist(),
            [g == p for g, p in zip(gold, pred, strict=True)],
        )
    else:
        pred = ["positive" if s > 0 else "negative" for s in scored["sentiment_score"]]
        out = {
            "task": "sentiment",
            "mode": "two-class: gold has no neutral label, so positive vs negative is decided "
            "by the sign of sentiment_score (> 0 positive, otherwise negative)",
        }
        out.update(metrics(gold, pred, ["positive", "negative"]))
    return out


def evaluate_emotion(
    texts: Sequence[str], gold_raw: Sequence[str], *, lexicon_path: str | None = None
) -> dict:
    """Score ``texts`` and compare their emotions with gold labels.

    With a ``none`` label in the gold data, the six classes are compared as stored. Without
    one (EmoT), the likeliest emotion is compared whatever its confidence, and ``none_rate``
    says how many of the texts would be stored with no emotion.
    """
    from monitor.core.canonical import EMOTION_LABELS
    from monitor.nlp import scoring

    gold = [emotion_label(v, row=i + 1) for i, v in enumerate(gold_raw)]
    cfg = scoring.ScoringConfig(lexicon_path=lexicon_path or "")
    scored = scoring.score(list(texts), cfg)
    stored = [e or "none" for e in scored["emotion"]]
    none_rate = round(sum(e == "none" for e in stored) / len(stored), 4) if stored else 0.0
    if "none" in gold:
        out = {"task": "emotion", "mode": "six-class (five emotions and none), as stored"}
        out.update(metrics(gold, stored, [*EMOTION_LABELS, "none"]))
    else:
        pred = [e or "none" for e in scoring.likeliest_emotions(list(texts), cfg)]
        labels = [*EMOTION_LABELS, "none"] if "none" in pred else list(EMOTION_LABELS)
        out = {
            "task": "emotion",
            "mode": "five-class: gold has no none label, so the likeliest emotion is taken "
            "whatever its confidence (none_rate: the share stored as none)",
        }
        out.update(metrics(gold, pred, labels))
        if "none" not in gold:
            out["per_class"].pop("none", None)
            f1s = [out["per_class"][c]["f1"] for c in EMOTION_LABELS]
            out["macro_f1"] = round(sum(f1s) / len(f1s), 4)
        out["calibration"] = calibration(
            scored["emotion_confidence"].tolist(),
            [g == p for g, p in zip(gold, pred, strict=True)],
        )
    out["none_rate"] = none_rate
    return out


def evaluate_complaint(
    texts: Sequence[str],
    gold_raw: Sequence[str],
    categories: Sequence[str] | None = None,
    agencies: Sequence[str] | None = None,
) -> dict:
    """Complaint vs not, against any two-valued gold labels; with gold ``categories`` (one per
    text, empty for no complaint) also the routing (``routing``, see ``routing_metrics``), and
    with gold ``agencies`` how often a remit complaint names the right kind of agency."""
    from monitor.nlp import scoring

    flags = complaint_labels(gold_raw)
    gold = ["complaint" if g else "not_complaint" for g in flags]
    scored = scoring.score(list(texts), scoring.ScoringConfig())
    pred = ["complaint" if c else "not_complaint" for c in scored["is_complaint"]]
    out = {"task": "complaint", "mode": "two-class"}
    out.update(metrics(gold, pred, ["complaint", "not_complaint"]))
    out["predicted_categories"] = {
        str(k): int(v) for k, v in scored["complaint_category"].value_counts().items()
    }
    if categories is not None:
        predicted = [
            str(c) if flag else ""
            for c, flag in zip(scored["complaint_category"], scored["is_complaint"], strict=True)
        ]
        out["routing"] = routing_metrics(
            [
                _gold_category(c, f, i)
                for i, (c, f) in enumerate(zip(categories, flags, strict=True), start=2)
            ],
            predicted,
        )
        if agencies is not None:
            out["routing"]["remit"]["agency"] = _agency_figures(texts, categories, agencies)
    return out


def _agency_figures(
    texts: Sequence[str], categories: Sequence[str], agencies: Sequence[str]
) -> dict:
    """Over the gold remit complaints routed as remit: how many name the gold agency."""
    from monitor.nlp import complaints, rules

    pairs = []
    for text, cat, agency in zip(texts, categories, agencies, strict=True):
        if str(cat).strip().lower() != rules.REMIT_CATEGORY:
            continue
        got = complaints.classify(text)
        if got.category == rules.REMIT_CATEGORY:
            pairs.append((str(agency).strip().lower(), got.agency or ""))
    right = sum(g == p for g, p in pairs)
    return {
        "recognised": len(pairs),
        "right": right,
        "accuracy": round(right / len(pairs), 4) if pairs else None,
    }


NO_COMPLAINT = "none"  # the routing table's row and column for "no complaint"


def _known_categories() -> list[str]:
    from monitor.nlp import rules

    return list(dict.fromkeys((*rules.CATEGORIES, rules.REMIT_CATEGORY)))


def _gold_category(value: str, is_complaint: bool, line: int) -> str:
    """A gold category (``line``: its line in the file, after the header): a key of
    ``rules.CATEGORIES`` or the remit one; empty for no complaint."""
    cat = str(value or "").strip().lower()
    if not is_complaint:
        return ""
    if cat not in _known_categories():
        raise EvaluationError(
            f"line {line}: unknown complaint category {value!r}; use one of "
            + ", ".join(_known_categories())
        )
    return cat


def routing_metrics(gold: Sequence[str], pred: Sequence[str]) -> dict:
    """Predicted against expected categories over every text ("" = no complaint, shown as
    ``none``): per-category precision/recall and the confusion table (``metrics``), the share
    of detected complaints routed right, and how the remit complaints fared."""
    from monitor.nlp import rules

    g = [c or NO_COMPLAINT for c in gold]
    p = [c or NO_COMPLAINT for c in pred]
    labels = [c for c in _known_categories() if c in g or c in p] + [NO_COMPLAINT]
    out = metrics(g, p, labels)
    both = [(a, b) for a, b in zip(g, p, strict=True) if NO_COMPLAINT not in (a, b)]
    out["detected_routed_right"] = (
        round(sum(a == b for a, b in both) / len(both), 4) if both else None
    )
    remit = rules.REMIT_CATEGORY
    gold_remit = [b for a, b in zip(g, p, strict=True) if a == remit]
    out["remit"] = {
        "support": len(gold_remit),
        "recognised": sum(b == remit for b in gold_remit),
        "sent_to_a_unit": sum(b not in (remit, NO_COMPLAINT) for b in gold_remit),
        "missed": sum(b == NO_COMPLAINT for b in gold_remit),
        "others_called_remit": sum(a != remit and b == remit for a, b in zip(g, p, strict=True)),
    }
    return out


def evaluate_file(
    path: str | Path,
    *,
    text_col: str = "text",
    label_col: str = "label",
    task: str = "sentiment",
    lexicon_path: str | None = None,
    category_col: str = "category",
    agency_col: str = "agency",
) -> dict:
    """Read a labelled file and evaluate one task on it (the complaint task also routes when
    the file has ``category_col``)."""
    texts, labels = read_labelled(path, text_col, label_col)
    if task == "sentiment":
        out = evaluate_sentiment(texts, labels, lexicon_path=lexicon_path)
    elif task == "emotion":
        out = evaluate_emotion(texts, labels, lexicon_path=lexicon_path)
    elif task == "complaint":
        categories = agencies = None
        header = _header(path)
        if category_col.strip().lower() in header:
            _, categories = read_labelled(path, text_col, category_col)
            if agency_col.strip().lower() in header:
                _, agencies = read_labelled(path, text_col, agency_col)
        out = evaluate_complaint(texts, labels, categories, agencies)
    else:
        raise EvaluationError(f"unknown task {task!r}: use sentiment, emotion or complaint")
    return {"file": Path(path).name, **out}


def evaluate_corrections(pairs: Iterable[tuple[str, str]]) -> dict:
    """How often analysts corrected the model: pairs of (model label, analyst label).

    Pass every comment an analyst reviewed (confirmed or changed). Returns the number reviewed,
    how many were changed, and the model's accuracy and confusion against the analysts.
    """
    pairs = [(sentiment_label(m), sentiment_label(a)) for m, a in pairs]
    changed = sum(1 for m, a in pairs if m != a)
    out = {"n_reviewed": len(pairs), "n_corrected": changed}
    if pairs:
        res = metrics(
            [a for _, a in pairs], [m for m, _ in pairs], ["positive", "neutral", "negative"]
        )
        out.update(
            accuracy=res["accuracy"],
            macro_f1=res["macro_f1"],
            confusion_matrix=res["confusion_matrix"],
        )
    else:
        out.update(accuracy=None, macro_f1=None, confusion_matrix=None)
    return out
