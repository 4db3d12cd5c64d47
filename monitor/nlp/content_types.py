"""Content types of a post: rules over its words and hashtags, read from a data file.

``data/content_types.tsv`` holds one cue per line (``type<TAB>kind<TAB>cue``; kinds ``word``,
``phrase``, ``hashtag``, see the file's header); an analyst's edited copy, stored in the
settings, replaces it (``parse`` checks it first: an unknown type or kind, an empty cue, a
line without three fields are refused with the line's number). ``types_of`` is the one
definition of the rule: a post is of every type one of whose cues its title, caption and
hashtags show, in ``TYPES`` order; ``explain`` names the cues that fired, read from the same
``ContentRules``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "content_types.tsv"
# In the order a post's types are listed; labels in monitor/ui/i18n.py (``ctype_<type>``).
TYPES: tuple[str, ...] = (
    "program",
    "transparansi",
    "kuis",
    "klarifikasi",
    "kegiatan_menteri",
    "ucapan",
    "layanan",
)
KINDS: tuple[str, ...] = ("word", "phrase", "hashtag")
MAX_RULES_CHARS = 200_000
_WORD = re.compile(r"\w+")


class RulesError(ValueError):
    """Content type rules that cannot be used (the message names the line)."""


@dataclass(frozen=True)
class Cue:
    type: str
    kind: str
    cue: str
    line: int

    def fires(self, words: frozenset[str], text: str, tags: frozenset[str]) -> bool:
        """Whether this cue is in a post's words (``text``: the words joined by spaces)."""
        if self.kind == "hashtag":
            return self.cue in tags
        if self.kind == "phrase":
            return f" {self.cue} " in text
        if self.cue.endswith("*"):
            stem = self.cue[:-1]
            return any(w.startswith(stem) for w in words)
        return self.cue in words


@dataclass(frozen=True)
class ContentRules:
    cues: tuple[Cue, ...]


def _normal_cue(kind: str, cue: str) -> str:
    cue = cue.strip().lower()
    if kind == "hashtag":
        return cue.lstrip("#")
    if kind == "phrase":
        return " ".join(_WORD.findall(cue))
    return cue


def parse(text: str, source: str = "content type rules") -> ContentRules:
    """The rules of a TSV text (comments ``#`` and blank lines skipped), or ``RulesError``."""
    if len(text) > MAX_RULES_CHARS:
        raise RulesError(f"{source}: longer than {MAX_RULES_CHARS} characters")
    cues = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            raise RulesError(
                f"{source}, line {number}: expected type<TAB>kind<TAB>cue, got {line[:60]!r}"
            )
        kind_type, kind, cue = (f.strip() for f in fields)
        if kind_type not in TYPES:
            raise RulesError(
                f"{source}, line {number}: unknown type {kind_type!r} "
                f"(expected one of {', '.join(TYPES)})"
            )
        if kind not in KINDS:
            raise RulesError(
                f"{source}, line {number}: unknown kind {kind!r} (expected {', '.join(KINDS)})"
            )
        normal = _normal_cue(kind, cue)
        if not normal.strip("*") or (kind == "word" and not _WORD.fullmatch(normal.rstrip("*"))):
            raise RulesError(f"{source}, line {number}: the cue {cue!r} matches no word")
        cues.append(Cue(kind_type, kind, normal, number))
    if not cues:
        raise RulesError(f"{source}: no rules (every line is blank or a comment)")
    return ContentRules(tuple(cues))


@lru_cache(maxsize=1)
def shipped() -> ContentRules:
    """The rules of ``data/content_types.tsv`` (read once)."""
    return parse(DATA.read_text(encoding="utf-8"), DATA.name)


@lru_cache(maxsize=8)
def rules_of(text: str) -> ContentRules:
    """An analyst's rules (a stored override), or the shipped ones for ''."""
    return parse(text, "the content type rules in the settings") if text.strip() else shipped()


def _parts(title: object, caption: object, hashtags: object) -> tuple:
    words_text = " ".join(v for v in (title, caption) if isinstance(v, str)).lower()
    words = _WORD.findall(words_text)
    tags = frozenset(hashtags.split()) if isinstance(hashtags, str) else frozenset()
    return frozenset(words), f" {' '.join(words)} ", tags


def explain(
    title: object, caption: object, hashtags: object, rules: ContentRules | None = None
) -> list[Cue]:
    """The cues of ``rules`` (default: shipped) a post's words show, in the rules' order."""
    words, text, tags = _parts(title, caption, hashtags)
    return [c for c in (rules or shipped()).cues if c.fires(words, text, tags)]


def types_of(
    title: object, caption: object, hashtags: object, rules: ContentRules | None = None
) -> tuple[str, ...]:
    """A post's content types by the rules, in ``TYPES`` order (empty: none)."""
    fired = {c.type for c in explain(title, caption, hashtags, rules)}
    return tuple(t for t in TYPES if t in fired)


def check_types(values: object) -> tuple[str, ...]:
    """Hand-set types as stored (known ones, in ``TYPES`` order, each once), or ``RulesError``."""
    if isinstance(values, str):
        values = [v for v in values.split(",") if v.strip()]
    if not isinstance(values, list | tuple | set | frozenset):
        raise RulesError("content types: expected a list of types")
    given = {str(v).strip() for v in values}
    unknown = sorted(given - set(TYPES))
    if unknown:
        raise RulesError(
            f"unknown content type {', '.join(map(repr, unknown))} "
            f"(expected one of {', '.join(TYPES)})"
        )
    return tuple(t for t in TYPES if t in given)
