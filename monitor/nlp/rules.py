"""The scoring rules as objects: Indonesian sentiment modifiers and complaint patterns.

Both ways of scoring a comment are built from these objects: the per-comment reference
(``monitor.nlp.reference``) walks a comment with them step by step, and the array engine
(``monitor.nlp.engine``) turns the same predicates into per-token arrays. The words of a rule are
one line of a data file (``data/sentiment_words.tsv``, ``data/complaint_rules.tsv``); what a
kind of rule does is a predicate or a value here, and nowhere else.

Sentiment (every rule is a multiplier on a token's valence):

* a negator multiplies the next ``NEGATION_WINDOW`` tokens of its clause by its value
  (VADER's ``N_SCALAR``, -0.74); a booster or dampener the next ``BOOSTER_WINDOW`` by
  ``1 + value``; an intensifier that follows (``banget``, ``sekali``) the token before it;
* looking back stops at a clause boundary, a contrast word or a concessive;
* the first contrast word weights what precedes and what follows it (``0.5, 1.5``, as VADER
  does for "but"); a concessive multiplies the rest of its clause by ``CONCESSIVE_WEIGHT``;
* the boundary and every modifier but the negators carry no valence of their own;
* irony: in a comment holding an irony cue that is not negated (a corruption or failure
  object such as *korupsi*, *utang*, *pencitraan*, or a mocking emoji 🤡 🙃), a praise word
  that is not negated either is multiplied by its value (-0.5: "mantap pak, korupsi terus"
  praises nothing); this rule comes last, after every other multiplier.

Complaints: a pattern's next word must follow within ``MAX_GAP`` other words of the same
clause; a "?" adds the question rules. A comment is a complaint (``complaint_decision``) when
its matched rules hold a trigger (problem, request, question) and a *matter* (a topic of the
ministry's or of another agency, or a specific problem such as "belum cair"), or a problem or
request addressed to the account (admin, kemensos), or a request together with a question, or a
request together with a problem. A question to the account alone ("bu Risma kapan ke
Surabaya?") is none. Routing (``choose_category``): the category with the heaviest summed cue
weight, if that weight reaches ``EVIDENCE_MIN`` (the evidence rule: a weak word such as
"desa" or "dibantu" never picks a unit alone, a request or a question has no category at all);
else ``layanan_lain``. ``remit`` rules are cues of ``luar_kewenangan`` (outside the ministry's
remit) and name the kind of agency (``AGENCIES``).
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

import numpy as np

from monitor.nlp import text as textmod

NEGATION_WINDOW = 3
BOOSTER_WINDOW = 2
CONCESSIVE_WEIGHT = 0.5
MAX_GAP = 2
QUESTION_MARK = "?"
TRIGGER_KINDS = frozenset({"problem", "request", "question"})
MATTER_KINDS = frozenset({"topic", "remit"})
SUBJECT_KINDS = frozenset({*MATTER_KINDS, "address"})
CUE_KINDS = frozenset({"topic", "problem", "remit"})  # kinds whose category counts in routing
KINDS = frozenset({*TRIGGER_KINDS, *SUBJECT_KINDS})
SPECIFIC_WEIGHT = 2.0  # a categorised cue this heavy ("belum cair") is its own subject
EVIDENCE_MIN = 2.0  # summed cue weight a category needs to be chosen (else the default)

# Categories in priority order (ties go to the earlier one). Labels for the UI.
CATEGORIES: dict[str, dict[str, str]] = {
    "pungli_penipuan": {"id": "Pungli, potongan & penipuan", "en": "Illegal levies & fraud"},
    "bencana": {"id": "Bantuan bencana", "en": "Disaster aid"},
    "disabilitas_rehabilitasi": {
        "id": "Disabilitas & rehabilitasi sosial",
        "en": "Disability & rehabilitation",
    },
    "data_penerima": {"id": "Data penerima & pendaftaran", "en": "Recipient data & registration"},
    "bantuan_belum_cair": {
        "id": "Bantuan belum diterima/terlambat",
        "en": "Aid not received or late",
    },
    "luar_kewenangan": {
        "id": "Di luar kewenangan (rujuk ke instansi lain)",
        "en": "Outside the ministry's remit (referral)",
    },
    "layanan_lain": {"id": "Pertanyaan layanan lain", "en": "Other service questions"},
}
DEFAULT_CATEGORY = "layanan_lain"
REMIT_CATEGORY = "luar_kewenangan"  # outside the ministry's remit: a referral, not a unit
UNIT_CATEGORIES = tuple(c for c in CATEGORIES if c != REMIT_CATEGORY)  # what units receive
# The kinds of agency a complaint outside the remit is referred to (labels for the UI).
AGENCIES: dict[str, dict[str, str]] = {
    "pemda": {
        "id": "Pemerintah daerah (jalan, jembatan, lampu, drainase, sampah, Dukcapil, pertanahan)",
        "en": "Local government (roads, bridges, lights, drains, garbage, civil registry, land)",
    },
    "utilitas": {
        "id": "Utilitas (PLN, PDAM, gas, sinyal)",
        "en": "Utilities (electricity, water, gas, phone signal)",
    },
    "kesehatan": {
        "id": "Kesehatan (dinas kesehatan, rumah sakit, puskesmas, BPJS Kesehatan/KIS)",
        "en": "Health (health office, hospitals, clinics, BPJS Kesehatan/KIS)",
    },
    "pendidikan": {
        "id": "Pendidikan (dinas pendidikan, sekolah, PPDB, KIP)",
        "en": "Education (schools, admissions, KIP)",
    },
    "kepolisian": {"id": "Kepolisian / ketertiban", "en": "Police / public order"},
}
CATEGORY_ORDER = tuple(CATEGORIES)


# --- sentiment ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SentimentRules:
    """Indonesian negators, boosters and contrast words (from ``data/sentiment_words.tsv``):
    what each kind of word does to the weights of the tokens around it."""

    negation: dict[str, float]  # negator -> factor on the next NEGATION_WINDOW tokens
    boost: dict[str, float]  # booster or dampener -> factor (1 + value) on the next two
    intensify: dict[str, float]  # intensifier -> factor (1 + value) on the token before it
    contrast: dict[str, tuple[float, float]]  # contrast word -> (weight before, weight after)
    concessive: frozenset[str]  # weight the rest of their own clause
    praise: dict[str, float] = dataclasses.field(default_factory=dict)  # -> factor when ironic
    irony_cue: frozenset[str] = frozenset()  # makes the comment's praise ironic

    @functools.cached_property
    def words(self) -> frozenset[str]:
        """Every modifier token (looked up as it is, never by its stem)."""
        return frozenset(
            (*self.negation, *self.boost, *self.intensify, *self.contrast, *self.concessive)
        )

    @functools.cached_property
    def zero_weight(self) -> frozenset[str]:
        """Tokens whose own weight is 0: the clause boundary and every modifier but the
        negators (a negator keeps its own valence)."""
        return frozenset(
            (textmod.BOUNDARY, *self.boost, *self.intensify, *self.contrast, *self.concessive)
        )

    @functools.cached_property
    def stops_look_back(self) -> frozenset[str]:
        """Tokens a negator or booster before them does not reach past."""
        return frozenset((textmod.BOUNDARY, *self.contrast, *self.concessive))

    def ironic(self, tokens, weights) -> bool:
        """Does the comment hold an irony cue its weight leaves positive (not negated)?"""
        return any(w > 0 for tok, w in zip(tokens, weights, strict=True) if tok in self.irony_cue)

    @functools.cached_property
    def ends_concession(self) -> frozenset[str]:
        """Tokens that end a concessive's clause."""
        return frozenset((textmod.BOUNDARY, *self.contrast))


@functools.cache
def sentiment_rules() -> SentimentRules:
    neg: dict[str, float] = {}
    boost: dict[str, float] = {}
    after: dict[str, float] = {}
    contrast: dict[str, tuple[float, float]] = {}
    concessive: set[str] = set()
    praise: dict[str, float] = {}
    irony_cue: set[str] = set()
    for n, (word, kind, value) in enumerate(textmod.read_rows("sentiment_words.tsv"), start=1):
        key = word.replace(" ", "_")
        if kind == "praise":
            praise[key] = float(value)
            continue
        if kind == "irony_cue":
            irony_cue.add(key)
            continue
        if kind not in ("negator", "booster", "booster_after", "contrast"):
            raise ValueError(f"sentiment_words.tsv rule {n}: unknown kind {kind!r}")
        if kind == "negator":
            neg[key] = float(value)
        elif kind == "booster":
            boost[key] = 1.0 + float(value)
        elif kind == "booster_after":
            after[key] = 1.0 + float(value)
        elif kind == "contrast":
            before, aft = (float(v) for v in value.split(","))
            if before > aft:
                concessive.add(key)
            else:
                contrast[key] = (before, aft)
    return SentimentRules(
        neg, boost, after, contrast, frozenset(concessive), praise, frozenset(irony_cue)
    )


# --- complaints -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ComplaintRule:
    """One line of ``data/complaint_rules.tsv``: a kind, a category, a weight and the stems of
    its pattern (in order); a ``remit`` rule's category is ``REMIT_CATEGORY`` and its
    ``agency`` the kind of agency it names."""

    kind: str  # topic | problem | request | question | address | remit
    category: str | None
    weight: float
    stems: tuple[str, ...]
    agency: str | None = None  # remit rules: a key of AGENCIES

    @property
    def triggers(self) -> bool:
        """A problem, a request or a question: without one no comment is a complaint."""
        return self.kind in TRIGGER_KINDS

    @property
    def is_matter(self) -> bool:
        """What a complaint is about: a topic (of the ministry's or, ``remit``, of another
        agency's), or a specific problem ("belum cair"); a generic problem word ("lambat")
        is not."""
        return self.kind in MATTER_KINDS or bool(
            self.kind == "problem" and self.category and self.weight >= SPECIFIC_WEIGHT
        )

    @property
    def is_address(self) -> bool:
        """Whom the comment speaks to: the account, the ministry, its complaint channel."""
        return self.kind == "address"

    @property
    def is_subject(self) -> bool:
        return self.is_matter or self.is_address

    @property
    def is_problem(self) -> bool:
        return self.kind == "problem"

    @property
    def is_request(self) -> bool:
        return self.kind == "request"

    @property
    def is_question(self) -> bool:
        return self.kind == "question"

    @property
    def cue_category(self) -> str | None:
        """The category its weight counts towards when a complaint is routed."""
        return self.category if self.kind in CUE_KINDS else None

    @property
    def on_question_mark(self) -> bool:
        """Added by a "?" in the comment rather than matched on its words."""
        return self.stems[0] == QUESTION_MARK


def complaint_decision(trigger, matter, problem, request, question, address):
    """Is it a complaint, from which kinds of rule matched (see the module docstring).
    Elementwise: on bools or on boolean arrays alike."""
    return (
        (trigger & matter)
        | ((problem | request) & address)
        | (request & question)
        | (request & problem)
    )


def choose_category(weights: np.ndarray, has: np.ndarray) -> np.ndarray:
    """Per row of (comments x ``CATEGORY_ORDER``) summed cue weights: the index of the
    heaviest category among those with a cue (ties go to the earlier one), -1 if none reaches
    ``EVIDENCE_MIN`` (the complaint goes to ``DEFAULT_CATEGORY``)."""
    scored = np.where(has, weights, -np.inf)
    best = np.argmax(scored, axis=1)
    return np.where(scored.max(axis=1, initial=-np.inf) >= EVIDENCE_MIN, best, -1)


def choose_agency(cues: list[ComplaintRule]) -> str | None:
    """The kind of agency the matched remit rules name most heavily (ties: ``AGENCIES``
    order), None without one."""
    totals = dict.fromkeys(AGENCIES, 0.0)
    for r in cues:
        if r.agency:
            totals[r.agency] += r.weight
    best = max(totals, key=lambda a: totals[a])
    return best if totals[best] > 0 else None


def _pattern_stems(pattern: str) -> tuple[str, ...]:
    out: list[str] = []
    for word in pattern.lower().split():
        if word == QUESTION_MARK:
            out.append(QUESTION_MARK)
            continue
        for w in textmod.normalise_word(word) or (word,):
            out.append(textmod.stem(w))
    return tuple(out)


@functools.cache
def complaint_rules() -> tuple[ComplaintRule, ...]:
    """Rules from ``data/complaint_rules.tsv``, in file order."""
    out = []
    for n, row in enumerate(textmod.read_rows("complaint_rules.tsv"), start=1):
        if len(row) != 4:
            raise ValueError(f"complaint_rules.tsv rule {n}: expected 4 tab-separated fields")
        kind, cat, weight, pattern = row
        if kind not in KINDS:
            raise ValueError(f"complaint_rules.tsv rule {n}: unknown kind {kind!r}")
        agency = None
        if kind == "remit":
            if cat not in AGENCIES:
                raise ValueError(
                    f"complaint_rules.tsv rule {n}: a remit rule names an agency "
                    f"({', '.join(AGENCIES)}), not {cat!r}"
                )
            cat, agency = REMIT_CATEGORY, cat
        elif cat == REMIT_CATEGORY or (cat != "-" and cat not in CATEGORIES):
            raise ValueError(f"complaint_rules.tsv rule {n}: unknown category {cat!r}")
        out.append(
            ComplaintRule(
                kind,
                None if cat == "-" else cat,
                float(weight),
                _pattern_stems(pattern),
                agency,
            )
        )
    return tuple(out)


@functools.cache
def rules_by_first_stem() -> dict[str, tuple[ComplaintRule, ...]]:
    """Rules by their first stem (file order), so matching is one dict lookup per token."""
    idx: dict[str, list[ComplaintRule]] = {}
    for r in complaint_rules():
        idx.setdefault(r.stems[0], []).append(r)
    return {k: tuple(v) for k, v in idx.items()}


@functools.cache
def question_rules() -> tuple[ComplaintRule, ...]:
    return tuple(r for r in complaint_rules() if r.on_question_mark)


@functools.cache
def rule_vocabulary() -> frozenset[str]:
    """Every stem some complaint rule mentions."""
    return frozenset(w for r in complaint_rules() for w in r.stems)
