"""The one rule for showing a value that came from data or a link: as text, never as Markdown.

Streamlit draws ``st.markdown``, ``st.caption``, ``st.info`` / ``warning`` / ``error`` /
``success``, ``st.progress`` texts, widget labels and help texts as Markdown. An author name
``![t](http://host/track.png)`` there makes every viewer's browser fetch that image,
``[Klik](http://…)`` becomes a live link and ``:red[**PETUGAS RESMI**]`` a red official-looking
badge. So every value from an export, the store, an identity provider or a URL goes into a
Markdown text through :func:`md_text` (clip, then visible controls, then escape), and into a
widget that never interprets (``st.text``, select-box options, table cells) through
:func:`plain_text` (clip, then visible controls). The parts:

* :func:`clip` - at most ``limit`` characters, with an ellipsis when cut;
* :func:`visible_controls` - bidi overrides and isolates, zero-width characters, fillers and
  other format/control characters as visible placeholders (``⟨U+202E⟩``), so a name cannot
  reorder or hide what stands next to it; joiners inside an emoji sequence stay;
* :func:`md_code` - controls made visible, then a code span: for technical values (format
  names, URLs);
* :func:`md_escape` - inert Markdown: every ASCII punctuation character backslash-escaped (in
  CommonMark an escaped punctuation character is always literal: no emphasis, link, image, code,
  HTML, heading, list, table, ``$`` formula or ``:name[…]`` directive can start), line breaks
  as spaces, and a word joiner (U+2060, invisible) where Streamlit rewrites the *text* after
  parsing - escapes do not reach those rewrites: after ``:`` (``:material_x:`` icons,
  ``:streamlit:``, ``:emoji:`` shortcodes), after ``@`` (e-mail autolinks), between ``www`` and
  ``.`` (www autolinks; ``http://`` is broken by the joiner after its ``:``) and inside ``->``,
  ``<=``, ``--`` and the like (typographic arrows).

Pure functions, no Streamlit import (``tests/app/test_safe_text.py``; what the browser really
draws: ``tests/e2e/test_browser.py``). Imports nothing but the standard library.
"""

from __future__ import annotations

import re
import string
import unicodedata

WORD_JOINER = "\u2060"
ELLIPSIS = "…"
ASCII_PUNCTUATION = frozenset(string.punctuation)

# Characters that display as nothing (or as a space) although they are not formatting controls.
_FILLERS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0")
_CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})
_ZWJ = "\u200d"
_VARIATION_16 = "\ufe0f"
_BLACK_FLAG = "\U0001f3f4"
_TAGS = range(0xE0020, 0xE0080)  # emoji tag sequences (subdivision flags)
_SKIN_TONES = range(0x1F3FB, 0x1F400)
# Line breaks and other whitespace that would end a Markdown line or indent it.
_BREAKS = re.compile(r"[\r\n\t\v\f\x1c-\x1f\x85\u2028\u2029]+")
# Pairs that Streamlit turns into arrows and dashes when they stand between spaces.
_TYPOGRAPHIC = frozenset("-<>=~")
# A space at either end of a Markdown line is dropped (and four at the start begin a code block).
_SPACE = "&#32;"


def clip(text: object, limit: int) -> str:
    """``text`` as a string of at most ``limit`` characters; a cut one ends in ``…``."""
    value = "" if text is None else str(text)
    if limit < 1:
        return ""
    if len(value) <= limit:
        return value
    return value[: limit - 1] + ELLIPSIS


def placeholder(ch: str) -> str:
    """The visible stand-in for an invisible character: ``⟨U+202E⟩``."""
    return f"⟨U+{ord(ch):04X}⟩"


def _pictographic(ch: str) -> bool:
    return unicodedata.category(ch) == "So" or ord(ch) in _SKIN_TONES


def _in_emoji_sequence(text: str, i: int) -> bool:
    """A zero-width joiner or tag that belongs to an emoji (👨‍👩‍👧, 🏳️‍🌈, 🏴 subdivision flags)."""
    ch = text[i]
    before = text[i - 1] if i > 0 else ""
    if ch == _ZWJ:
        after = text[i + 1] if i + 1 < len(text) else ""
        return (
            bool(before and after)
            and (_pictographic(before) or before == _VARIATION_16)
            and _pictographic(after)
        )
    if ord(ch) in _TAGS:
        return before == _BLACK_FLAG or (bool(before) and ord(before) in _TAGS)
    return False


def is_hidden(ch: str) -> bool:
    """A format or control character, or a filler: something that shows as nothing."""
    return unicodedata.category(ch) in _CONTROL_CATEGORIES or ch in _FILLERS


def visible_controls(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` with every invisible control shown as ``⟨U+XXXX⟩``.

    Bidi overrides, embeddings, isolates and marks (U+202A-U+202E, U+2066-U+2069, U+200E/F,
    U+061C), zero-width space, joiners and the BOM, the soft hyphen, C0/C1 controls, line and
    paragraph separators, private-use characters and blank fillers. A zero-width joiner between
    two pictographs (an emoji sequence) stays. With ``keep_newlines`` a multi-line text keeps
    its line breaks (``\\r\\n`` and ``\\r`` become ``\\n``) and tabs.
    """
    value = "" if text is None else str(text)
    if keep_newlines:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for i, ch in enumerate(value):
        if keep_newlines and ch in "\n\t":
            out.append(ch)
        elif is_hidden(ch) and not _in_emoji_sequence(value, i):
            out.append(placeholder(ch))
        else:
            out.append(ch)
    return "".join(out)


def md_escape(text: object) -> str:
    """``text`` as Markdown that Streamlit shows as exactly these characters (one line).

    Every ASCII punctuation character gets a backslash; line breaks and tabs become one space;
    spaces at either end become ``&#32;`` (four at the start would begin a code block, trailing
    ones would be dropped); a word joiner stops
    the rewrites Streamlit applies to parsed text (see the module docstring). Meant for values
    placed inside a Markdown text: ``st.caption(f"{md_escape(author)} · {day}")``.
    """
    value = "" if text is None else str(text)
    value = _BREAKS.sub(" ", value)
    out: list[str] = []
    for i, ch in enumerate(value):
        if ch == "." and value[max(0, i - 3) : i].lower() == "www":
            out.append(WORD_JOINER)
        out.append("\\" + ch if ch in ASCII_PUNCTUATION else ch)
        nxt = value[i + 1] if i + 1 < len(value) else ""
        if ch in ":@" or (ch in _TYPOGRAPHIC and nxt in _TYPOGRAPHIC):
            out.append(WORD_JOINER)
    escaped = "".join(out)
    core = escaped.strip(" ")
    if not core:
        return _SPACE * len(escaped)
    lead = len(escaped) - len(escaped.lstrip(" "))
    trail = len(escaped) - len(escaped.rstrip(" "))
    return _SPACE * lead + core + _SPACE * trail


def md_code(text: object) -> str:
    """``text`` as a Markdown code span (monospace, nothing inside interpreted), its controls
    made visible (so it is one line).

    The fence is one backtick longer than the longest run of backticks inside, and a space pads
    the content where CommonMark would otherwise eat one. Streamlit rewrites ``:material/`` in
    the raw source, code spans included: a word joiner after the colon keeps it as written.
    For technical values (a format name, a store URL); names and texts go through ``md_text``.
    """
    value = visible_controls(text).replace(":material/", ":" + WORD_JOINER + "material/")
    if not value:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = value.startswith("`") or value.endswith("`")
    pad = pad or (value.startswith(" ") and value.endswith(" ") and value.strip(" ") != "")
    inner = f" {value} " if pad else value
    return f"{fence}{inner}{fence}"


def md_text(text: object, limit: int | None = None) -> str:
    """The rule in one call: clipped to ``limit``, controls made visible, Markdown-escaped."""
    value = "" if text is None else str(text)
    if limit is not None:
        value = clip(value, limit)
    return md_escape(visible_controls(value))


def plain_text(text: object, limit: int | None = None) -> str:
    """For widgets that never interpret Markdown (select-box options, ``st.text``): clipped,
    controls made visible, nothing escaped."""
    value = "" if text is None else str(text)
    if limit is not None:
        value = clip(value, limit)
    return visible_controls(value)
