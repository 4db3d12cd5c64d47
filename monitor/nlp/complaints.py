"""Complaint detection and routing: which comments the ministry must act on, and which unit.

A complaint reports a problem or asks for service ("PKH saya belum cair", "kapan cair min?"),
which is not the same as negative sentiment: an insult is negative but no complaint. The rules
live in ``data/complaint_rules.tsv`` (stemmed keyword patterns, request and question cues) so an
analyst can read and extend them without touching code; ``monitor.nlp.rules`` reads them and
``monitor.nlp.reference.classify_stems`` applies them. This module answers for one text.
"""

from __future__ import annotations

from monitor.nlp import reference, rules
from monitor.nlp import text as textmod

CATEGORIES = rules.CATEGORIES
DEFAULT_CATEGORY = rules.DEFAULT_CATEGORY
ComplaintResult = reference.ComplaintResult


def classify(text: str) -> ComplaintResult:
    """Complaint or not, its category and the cues that decided it."""
    _, stems = textmod.tokens_and_stems(text)
    return reference.classify_stems(stems, rules.QUESTION_MARK in (text or ""))


def is_complaint(text: str) -> bool:
    """Does the comment report a problem or ask for a service the ministry must act on?"""
    return classify(text).is_complaint


def complaint_category(text: str) -> str | None:
    """The unit a complaint goes to (a key of ``CATEGORIES``), or None if no complaint."""
    return classify(text).category
