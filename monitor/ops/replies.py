"""The reply a complaint gets: its category's template (Settings) filled for this comment.

``reply_text(row, settings)`` takes a comment row as the queue gives it (``author``, ``text``,
``category``) and fills the placeholders of ``monitor.ops.reply_templates``: the handle, the
programme the comment names (``program_of``), the complaint channels, and for a complaint
outside the ministry's remit the kind of agency the text names (``nlp.complaints.agency_of``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from monitor.nlp import complaints as complaint_nlp
from monitor.nlp import rules as complaint_rules
from monitor.ops import reply_templates as templates
from monitor.ops.settings import Settings

# The ministry's programmes as a reply names them, and the spellings comments use for them
# (first match in the text wins; longer names before the shorter ones they contain).
PROGRAMS: tuple[tuple[str, str], ...] = (
    ("PKH", r"pkh|program\s+keluarga\s+harapan"),
    ("BPNT", r"bpnt|bantuan\s+pangan\s+non\s*tunai"),
    ("Kartu Sembako", r"kartu\s+sembako|program\s+sembako|sembako"),
    ("BST", r"bst|bantuan\s+sosial\s+tunai"),
    ("BLT", r"blt|bantuan\s+langsung\s+tunai"),
    ("PBI-JK", r"pbi(?:[\s-]*jk)?"),
    ("KKS", r"kks|kartu\s+keluarga\s+sejahtera"),
    ("ATENSI", r"atensi"),
    ("DTKS", r"dtks|dtsen"),
    ("SIKS-NG", r"siks[\s-]*ng"),
)
_PROGRAM_PATTERNS = tuple(
    (name, re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE))
    for name, pattern in PROGRAMS
)


def program_of(text: str) -> str | None:
    """The programme a comment names (``PKH``, ``BPNT``, ...), the earliest in the text; None
    when it names none."""
    text = text or ""
    found: list[tuple[int, str]] = []
    for name, pattern in _PROGRAM_PATTERNS:
        match = pattern.search(text)
        if match:
            found.append((match.start(), name))
    return min(found)[1] if found else None


def handle_of(author: object) -> str:
    """The person as a reply greets them: ``@handle`` for a one-word handle, a display name as
    it is, ``Bapak/Ibu`` when the comment has no author."""
    name = " ".join(str(author or "").split()) if isinstance(author, str) else ""
    if not name:
        return templates.NEUTRAL_HANDLE
    if " " in name or name.startswith("@"):
        return name
    return f"@{name}"


def placeholder_values(row: Mapping[str, Any], settings: Settings) -> dict[str, str]:
    """What each placeholder becomes for this comment."""
    text = str(row.get("text") or "")
    agency = complaint_nlp.agency_of(text) if row.get("category") == _remit() else None
    return {
        "handle": handle_of(row.get("author")),
        "program": program_of(text) or templates.NEUTRAL_PROGRAM,
        "hotline": settings.reply_hotline,
        "channel": settings.reply_channel,
        "agency": templates.AGENCY_WORDS.get(agency or "", templates.NEUTRAL_AGENCY),
    }


def _remit() -> str:
    return complaint_rules.REMIT_CATEGORY


def template_for(category: str | None, settings: Settings) -> str:
    """The template of ``category`` in force (an unknown or missing category: the default
    category's)."""
    stored = settings.reply_templates
    for cat in (category, complaint_rules.DEFAULT_CATEGORY):
        if cat and cat in stored:
            return stored[cat]
        if cat and cat in templates.DEFAULT_TEMPLATES:
            return templates.DEFAULT_TEMPLATES[cat]
    return templates.DEFAULT_TEMPLATES[complaint_rules.DEFAULT_CATEGORY]


def reply_text(comment_row: Mapping[str, Any], settings: Settings) -> str:
    """The reply to one complaint: its category's template filled for this comment."""
    template = template_for(comment_row.get("category"), settings)
    return templates.fill(template, placeholder_values(comment_row, settings))
