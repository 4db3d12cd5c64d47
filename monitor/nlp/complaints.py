"""Complaint detection and routing: which comments the ministry must act on, and where to.

A complaint reports a problem or asks for service ("PKH saya belum cair", "kapan cair min?"),
which is not the same as negative sentiment: an insult is negative but no complaint. The rules
live in ``data/complaint_rules.tsv`` (stemmed keyword patterns, request and question cues) so an
analyst can read and extend them without touching code; ``monitor.nlp.rules`` reads them and
``monitor.nlp.reference.classify_stems`` applies them. This module answers for one text.

Routing: a complaint goes to one of the ministry's categories only on evidence of that
category's subject (``rules.EVIDENCE_MIN``); a complaint about roads, schools, hospitals,
PLN/PDAM or the police is ``luar_kewenangan`` (outside the remit, a referral) with the kind of
agency the text names (``rules.AGENCIES``). ``explain`` says why: the cues that matched.
Which unit receives a category is a setting (``monitor.ops.settings.unit_for``).
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.nlp import reference, rules
from monitor.nlp import text as textmod

CATEGORIES = rules.CATEGORIES
DEFAULT_CATEGORY = rules.DEFAULT_CATEGORY
REMIT_CATEGORY = rules.REMIT_CATEGORY
AGENCIES = rules.AGENCIES
ComplaintResult = reference.ComplaintResult


@dataclass(frozen=True)
class Cue:
    """One matched rule: its words (stems), its kind, what it counts towards, its weight."""

    pattern: str
    kind: str  # topic | problem | request | question | address | remit
    category: str | None  # the category its weight counts towards, None for none
    agency: str | None
    weight: float


@dataclass(frozen=True)
class Explanation:
    """Why a comment is (not) a complaint and why it goes where it goes."""

    is_complaint: bool
    category: str | None
    agency: str | None  # remit complaints: the kind of agency, when the text names one
    cues: tuple[Cue, ...]  # every matched rule, in text order (repeats folded)
    weights: dict[str, float]  # summed cue weight per category (what routing compared)

    @property
    def evidence(self) -> tuple[Cue, ...]:
        """The cues that chose the category (none for ``layanan_lain`` by default)."""
        return tuple(c for c in self.cues if c.category and c.category == self.category)


def _stems(text: str) -> list[str]:
    return textmod.tokens_and_stems(text or "")[1]


def classify(text: str) -> ComplaintResult:
    """Complaint or not, its category, the cues that decided it, the agency (remit)."""
    return reference.classify_stems(_stems(text), rules.QUESTION_MARK in (text or ""))


def explain(text: str) -> Explanation:
    """Every rule the text matched, what each counts towards, and the decision they made
    (the same as ``classify`` and as the stored scores)."""
    matched = reference.matched_rules(_stems(text), rules.QUESTION_MARK in (text or ""))
    result = classify(text)
    cues: dict[tuple, Cue] = {}
    for r in matched:
        cue = Cue(" ".join(r.stems), r.kind, r.cue_category, r.agency, r.weight)
        cues.setdefault((cue.pattern, cue.kind, cue.category), cue)
    return Explanation(
        result.is_complaint,
        result.category,
        result.agency,
        tuple(cues.values()),
        reference.category_weights(matched),
    )


def is_complaint(text: str) -> bool:
    """Does the comment report a problem or ask for a service the ministry must act on?"""
    return classify(text).is_complaint


def complaint_category(text: str) -> str | None:
    """The category a complaint is routed to (a key of ``CATEGORIES``), or None if none."""
    return classify(text).category


def agency_of(text: str) -> str | None:
    """A remit complaint's kind of agency (a key of ``AGENCIES``), else None."""
    return classify(text).agency
