"""Emotion per comment: anger, sadness, fear, happiness, love, or none; from the same tokens.

What people feel says more than a negative score: anger at corruption asks for a
clarification, sadness or fear about aid that did not arrive asks for service. The model is a
linear classifier over features of the comment's *normalised* tokens (the ones sentiment
scores: slang expanded, hashtags split, emoji kept), learned from EmoT by
``tools/learn_emotion.py`` (Indonesian tweets, IndoNLU, MIT licence) and shipped as data:

* features of a token (``word_features``): the token (``w``), its Sastrawi stem (``s``:
  *kemarahan* and *dimarahi* share *marah*), the character 3- and 4-grams of a word padded
  with ``<`` ``>`` (``c``), and its polarity in the sentiment lexicon in force (``L pos``/``L
  neg`` for a valence beyond ``POLARITY_MIN``: words EmoT never saw, such as *korupsi*, still
  lean to the negative emotions). (Pairs of neighbouring tokens and 5-grams were tried: in
  cross-validation they added 0.002 macro-F1 or lost it, and pairs cost as much time as the
  rest of the emotion scoring);
* a comment's logits are ``bias + (sum of its features' weights) / sqrt(number of features)``
  (each feature counts once per occurrence; the square root keeps long and short comments on
  one scale, as a TF-IDF norm would);
* ``confidence``: the largest probability of ``softmax(logits / temperature)``, the
  temperature fitted on predictions for tweets the weights were not fitted on, so that a
  confidence of 0.7 is right about 70 % of the time on EmoT-like text;
* **none** (code ``""``): confidence below ``none_below``, or below ``none_below_neutral``
  when the comment's sentiment label is neutral. Both were chosen on a mix of EmoT tweets
  (which all carry an emotion) and SmSA's neutral reviews (which carry none).

Weights are ``data/emotion_weights.tsv`` (feature<TAB>one weight per emotion), the constants
``data/emotion_model.json``. A token's summed weights are computed once per distinct token
(``token_vectors``); a comment is then a sum over its tokens, done for a batch with arrays by
``monitor.nlp.engine`` and one comment at a time by ``monitor.nlp.reference`` (the engine is
tested equal to it), which also names the tokens that drove the emotion.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from monitor.core.canonical import EMOTION_LABELS
from monitor.nlp import text as textmod

EMOTIONS: dict[str, dict[str, str]] = {
    "anger": {"id": "Marah", "en": "Anger"},
    "sadness": {"id": "Sedih", "en": "Sadness"},
    "fear": {"id": "Takut", "en": "Fear"},
    "happy": {"id": "Senang", "en": "Happiness"},
    "love": {"id": "Cinta", "en": "Love"},
}
NONE = ""  # the code of a comment that carries no emotion
CHAR_MIN, CHAR_MAX = 3, 4  # character n-gram sizes of a word (padded with < and >)
POLARITY_MIN = 0.5  # |valence| from which a token counts as a positive or negative word
WEIGHTS_FILE = "emotion_weights.tsv"
MODEL_FILE = "emotion_model.json"


def word_features(token: str, stem: str, valence: float) -> list[str]:
    """The features one token contributes (the names in ``data/emotion_weights.tsv``)."""
    if token == textmod.BOUNDARY:
        return []
    out = ["w " + token, "s " + stem]
    if valence > POLARITY_MIN:
        out.append("L pos")
    elif valence < -POLARITY_MIN:
        out.append("L neg")
    if token.isascii() and any(c.isalnum() for c in token):
        padded = "<" + token.replace("_", " ") + ">"
        for n in range(CHAR_MIN, CHAR_MAX + 1):
            out.extend("c " + padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


@dataclass(frozen=True)
class EmotionModel:
    """The shipped weights (a row per feature) and the decision constants."""

    classes: tuple[str, ...]
    index: dict[str, int]  # feature -> row of ``weights``
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray  # (classes,)
    temperature: float = 1.0
    none_below: float = 2.0  # > 1: no emotion ever (no weights)
    none_below_neutral: float = 2.0
    meta: dict = field(default_factory=dict)

    @property
    def width(self) -> int:
        return len(self.classes)

    @functools.cached_property
    def _kinds(self) -> dict[str, dict[str, int]]:
        """The rows of ``index`` by feature kind, keyed without their prefix (``"w "``...), so
        that ``token_vectors`` looks substrings up without building the feature names."""
        kinds: dict[str, dict[str, int]] = {"w": {}, "s": {}, "c": {}, "L": {}}
        for feat, row in self.index.items():
            kinds.setdefault(feat[0], {})[feat[2:]] = row  # another kind is never looked up
        return kinds

    def feature_rows(self, token: str, stem: str, valence: float) -> tuple[list[int], int]:
        """The rows of the weighted features among ``word_features(token, stem, valence)``, in
        its order, and how many features it has (weighted or not)."""
        if token == textmod.BOUNDARY:
            return [], 0
        k = self._kinds
        found = [k["w"].get(token), k["s"].get(stem)]
        n = 2
        if valence > POLARITY_MIN or valence < -POLARITY_MIN:
            found.append(k["L"].get("pos" if valence > POLARITY_MIN else "neg"))
            n += 1
        if token.isascii() and any(c.isalnum() for c in token):
            padded = "<" + token.replace("_", " ") + ">"
            chars = k["c"]
            for size in range(CHAR_MIN, CHAR_MAX + 1):
                grams = [padded[i : i + size] for i in range(len(padded) - size + 1)]
                n += len(grams)
                found.extend(map(chars.get, grams))
        return [r for r in found if r is not None], n

    def token_vectors(
        self, tokens: Sequence[str], stems: Sequence[str], valences: Sequence[float]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per token: the summed weights of its own features (tokens x classes) and how many
        features it has; the same numbers for every caller (both scorers use this)."""
        rows: list[int] = []
        counts = np.zeros(len(tokens), dtype=np.int64)
        hits = np.zeros(len(tokens), dtype=np.int64)
        for i, (tok, st, v) in enumerate(zip(tokens, stems, valences, strict=True)):
            found, counts[i] = self.feature_rows(tok, st, v)
            hits[i] = len(found)
            rows.extend(found)
        out = np.zeros((len(tokens), self.width))
        if rows:
            # each token's rows summed in order (reduceat over the runs of the tokens with any)
            some = np.flatnonzero(hits)
            starts = np.cumsum(hits) - hits
            out[some] = np.add.reduceat(self.weights[np.asarray(rows)], starts[some], axis=0)
        return out, counts


def empty_model() -> EmotionModel:
    """No weights: no comment carries an emotion (a checkout without the data files)."""
    k = len(EMOTION_LABELS)
    return EmotionModel(EMOTION_LABELS, {}, np.zeros((0, k)), np.zeros(k))


def read_model(weights_path, model_path) -> EmotionModel:
    """An emotion model from its two files (see the module docstring)."""
    import pandas as pd

    with open(model_path, encoding="utf-8") as fh:
        meta = json.load(fh)
    classes = tuple(meta["classes"])
    if set(classes) != set(EMOTION_LABELS):
        raise ValueError(f"{model_path}: classes {classes} are not {EMOTION_LABELS}")
    with open(weights_path, encoding="utf-8") as fh:
        header = 0
        while fh.readline().startswith("#"):
            header += 1
    table = pd.read_csv(
        weights_path,
        sep="\t",
        header=None,
        skiprows=header,
        quoting=3,  # csv.QUOTE_NONE: a feature may hold any character but a tab
        na_filter=False,
        dtype={0: str},
        encoding="utf-8",
    )
    numbers = table.iloc[:, 1:].apply(pd.to_numeric, errors="coerce")
    bad = numbers.isna().any(axis=1).to_numpy() if table.shape[1] > 1 else np.ones(1, bool)
    if table.shape[1] != len(classes) + 1 or bad.any():
        line = header + 1 + int(np.argmax(bad))
        raise ValueError(
            f"{weights_path}, line {line}: expected a feature and {len(classes)} numbers, "
            "tab-separated"
        )
    names = table[0].tolist()
    return EmotionModel(
        classes,
        {f: i for i, f in enumerate(names)},
        numbers.to_numpy(dtype=np.float64),
        np.asarray(meta["bias"], dtype=np.float64),
        float(meta["temperature"]),
        float(meta["none_below"]),
        float(meta["none_below_neutral"]),
        meta,
    )


@functools.cache
def model() -> EmotionModel:
    """The shipped model (``data/emotion_weights.tsv``, ``data/emotion_model.json``)."""
    wpath, mpath = textmod.DATA_DIR / WEIGHTS_FILE, textmod.DATA_DIR / MODEL_FILE
    if not (wpath.exists() and mpath.exists()):
        return empty_model()
    return read_model(wpath, mpath)


def logits_of(token_sum: np.ndarray, n_features: np.ndarray, m: EmotionModel) -> np.ndarray:
    """Logits (comments x classes) from the summed token weights and the feature counts (one
    per comment)."""
    scale = np.sqrt(np.maximum(n_features, 1).astype(np.float64))
    return m.bias + token_sum / scale[:, None]


def probabilities(logits: np.ndarray, m: EmotionModel) -> np.ndarray:
    """Calibrated class probabilities (comments x classes)."""
    z = logits / m.temperature
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def decide(
    logits: np.ndarray, neutral: np.ndarray, has_features: np.ndarray, m: EmotionModel
) -> tuple[np.ndarray, np.ndarray]:
    """(emotion codes, confidences rounded to 4 places) per comment, from its logits, whether
    its sentiment label is neutral and whether it has any feature (none without one)."""
    p = probabilities(logits, m)
    best = p.argmax(axis=1)
    conf = p[np.arange(best.size), best]
    limit = np.where(neutral, m.none_below_neutral, m.none_below)
    names = np.array(m.classes, dtype=object)
    emotion = np.where((conf >= limit) & has_features, names[best], NONE)
    return emotion, np.where(has_features, np.round(conf, 4), 0.0)


def label(code: str, lang: str = "id") -> str:
    """An emotion's name in the interface language ("" for none)."""
    return EMOTIONS[code][lang] if code else ""
