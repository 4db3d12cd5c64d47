"""The comment templates of the vocabulary, rendered once per data set into a bank of formats.

Each template is rendered in six spellings (two formal, two casual, two heavy slang) with its
slots turned into positional fields, so a row is one ``str.format`` call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from monitor.demo import vocabulary as T
from monitor.demo.story import TOPIC_NAMES, epoch

_TOKEN = re.compile(r"\{[a-z]+\}|terima kasih|[A-Za-z]+|[^A-Za-z{]+|\{")
_SLOT_INDEX = {name: i for i, name in enumerate(T.SLOT_ORDER)}
VARIANTS = 6


def _positional(template: str) -> str:
    """``{prog}`` -> ``{0}`` so rows can be formatted with one positional tuple."""
    return re.sub(r"\{([a-z]+)\}", lambda m: f"{{{_SLOT_INDEX[m.group(1)]}}}", template)


def _render(template: str, variant: int, rng: np.random.Generator) -> str:
    level = variant // 2
    if level == 0:
        text = template
        if variant == 1 and text[:1].isupper() and rng.random() < 0.6:
            text = text[0].lower() + text[1:]
        return text.rstrip(".") if variant == 1 else text
    out = []
    for tok in _TOKEN.findall(template):
        key = tok.lower()
        if key in T.SLANG:
            choices = T.SLANG[key][level - 1]
            if level == 2 or rng.random() < 0.7:
                tok = choices[int(rng.integers(len(choices)))]
        out.append(tok)
    text = "".join(out)
    if level == 2:
        # heavy: lower-case outside slots, drop sentence punctuation
        text = re.sub(r"[^{}]+(?=\{|$)", lambda m: m.group(0).lower(), text)
        text = text.replace(". ", " ").rstrip(".")
        if rng.random() < 0.4:
            text = text.replace(",", "")
    elif rng.random() < 0.5:
        text = text[:1].lower() + text[1:]
    return text


@dataclass
class TemplateBank:
    """Every template in every spelling, as formats indexed by template id, with their gates."""

    formats: list[str]  # flat: (template_id * VARIANTS + variant)
    topic_start: np.ndarray  # first template id of each topic
    topic_count: np.ndarray
    weights: list[np.ndarray]  # per topic, normalised
    start: np.ndarray  # per template id, epoch gate
    end: np.ndarray
    group_of_topic: list[str]
    extras: dict[str, np.ndarray]  # group -> object array (n_extras x VARIANTS) of formats


def build_bank(rng: np.random.Generator) -> TemplateBank:
    formats: list[str] = []
    starts, ends, weights, topic_start, topic_count, groups = [], [], [], [], [], []
    tid = 0
    for name in TOPIC_NAMES:
        spec = T.TOPICS[name]
        topic_start.append(tid)
        groups.append(spec["group"])
        w = []
        for text, weight, s, e in spec["templates"]:
            for v in range(VARIANTS):
                formats.append(_positional(_render(text, v, rng)))
            starts.append(epoch(s, 0))
            ends.append(epoch(e, 2**62))
            w.append(weight)
            tid += 1
        topic_count.append(len(w))
        arr = np.asarray(w, dtype=float)
        weights.append(arr / arr.sum())
    extras = {
        g: np.asarray(
            [[_positional(_render(x, v, rng)) for v in range(VARIANTS)] for x in items],
            dtype=object,
        )
        for g, items in T.EXTRAS.items()
    }
    return TemplateBank(
        extras=extras,
        formats=formats,
        topic_start=np.asarray(topic_start),
        topic_count=np.asarray(topic_count),
        weights=weights,
        start=np.asarray(starts, dtype=np.int64),
        end=np.asarray(ends, dtype=np.int64),
        group_of_topic=groups,
    )
