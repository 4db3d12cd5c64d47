"""The escaping rule (monitor.ui.safe_text): any string becomes inert Markdown that reads as
exactly its characters, and invisible controls become visible.

No Markdown parser ships with the app's Python dependencies, so these tests check the rule
structurally (CommonMark: a backslash-escaped ASCII punctuation character is always a literal
character) and against the rewrites Streamlit's renderer applies to parsed text, copied here from
its bundle (``StreamlitMarkdown.*.js`` in Streamlit 1.67). What Chromium really draws is checked
in ``tests/e2e/test_browser.py::test_escaped_markdown_renders_as_plain_text``.
"""

from __future__ import annotations

import re
import string

import pytest
from hostile.make_corpus import BIDI_NAMES, DISPLAY_NAMES, MARKUP, RTL_TEXTS, ZERO_WIDTH, ZW
from hypothesis import example, given
from hypothesis import strategies as st

from monitor.ui.safe_text import (
    ELLIPSIS,
    WORD_JOINER,
    clip,
    is_hidden,
    md_code,
    md_escape,
    md_text,
    plain_text,
    visible_controls,
)

PUNCT = re.escape(string.punctuation)
# An escaped punctuation character, or any character that is not ASCII punctuation.
INERT = re.compile(rf"(?:\\[{PUNCT}]|[^{PUNCT}])*", re.S)
SPACE_REF = "&#32;"

# Streamlit's rewrites of parsed text nodes (escapes do not reach them).
TEXT_REWRITES = [
    re.compile(r":material_(\w+):"),  # Material icons (":material/" is rewritten to this first)
    re.compile(r":streamlit:"),  # the Streamlit logo, an <img>
    re.compile(r":\+1:|:-1:|:[\w-]+:"),  # remark-emoji shortcodes
    re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.I),  # GFM autolink literals
    re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)"),  # GFM e-mail autolinks
    re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)"),  # typographic arrows and dashes
]
# Checks Streamlit runs on the raw source: whether to load the emoji and the math plugins.
EMOJI_SOURCE = re.compile(r":(?!material/|streamlit:)[\w+-][\w_+-]*:")

# Text with plenty of Markdown syntax in it.
markdownish = st.text(
    alphabet=st.sampled_from(
        list(string.punctuation) + list("aZ09 wh.@:/\n\r\t") + ["\u202e", "\u200d", "😡", "\u2060"]
    ),
    max_size=80,
)
anything = st.text(max_size=80)


def rendered_text(md: str) -> str:
    """The text node CommonMark makes of an md_escape result (escapes and the leading
    character references resolved; Streamlit's own rewrites not applied)."""
    body = md.replace(SPACE_REF, " ")
    return re.sub(rf"\\([{PUNCT}])", r"\1", body)


def _emoji_part(ch: str) -> bool:
    return ch == "\u200d" or 0xE0020 <= ord(ch) < 0xE0080


def one_line(text: str) -> str:
    return re.sub(r"[\r\n\t\v\f\x1c-\x1f\x85\u2028\u2029]+", " ", text)


@given(st.one_of(markdownish, anything))
@example(f"![t](http://127.0.0.1:9/track.png) {''.join(MARKUP)}")
@example("    indented code")
@example("www.evil.example admin@evil.example http://evil.example")
def test_escaped_text_is_inert_markdown(text):
    md = md_escape(text)
    body = md.strip(" ")
    while body.startswith(SPACE_REF):
        body = body[len(SPACE_REF) :]
    while body.endswith(SPACE_REF):
        body = body[: -len(SPACE_REF)]
    # Every ASCII punctuation character is escaped: nothing can open a Markdown construct.
    assert INERT.fullmatch(body), md
    assert "\n" not in md and "\r" not in md and md.strip(" ") == md
    assert not EMOJI_SOURCE.search(md)
    shown = rendered_text(md)
    # It reads as exactly the characters written (our word joiners aside), on one line.
    assert shown.replace(WORD_JOINER, "") == one_line(text).replace(WORD_JOINER, "")
    # And none of the rewrites Streamlit applies to parsed text finds anything to rewrite.
    for rewrite in TEXT_REWRITES:
        assert not rewrite.search(shown), (rewrite.pattern, shown)


@pytest.mark.parametrize("text", MARKUP)
def test_each_hostile_markup_is_escaped(text):
    md = md_escape(text)
    assert "](" not in md and "![" not in md and "<" not in md.replace("\\<", "")
    assert (
        "$" not in md.replace("\\$", "") and ":red[" not in md and "`" not in md.replace("\\`", "")
    )


def test_examples():
    assert md_escape("![t](http://h/x.png)") == "\\!\\[t\\]\\(http\\:\u2060\\/\\/h\\/x\\.png\\)"
    assert md_escape(":red[**RESMI**]") == "\\:\u2060red\\[\\*\\*RESMI\\*\\*\\]"
    assert md_escape("a_b_c@x.co") == "a\\_b\\_c\\@\u2060x\\.co"
    assert md_escape("www.x.id") == "www\u2060\\.x\\.id"
    assert md_escape("  a\nb ") == "&#32;&#32;a b&#32;"
    assert md_escape("   ") == "&#32;&#32;&#32;"
    assert md_escape("$5 dan $6") == "\\$5 dan \\$6"
    assert md_escape("Warga biasa 123") == "Warga biasa 123"
    assert md_escape(None) == ""


@given(anything, st.integers(min_value=1, max_value=100))
def test_clip_is_bounded_and_marks_the_cut(text, limit):
    out = clip(text, limit)
    assert len(out) <= limit
    if len(text) <= limit:
        assert out == text
    else:
        assert out.endswith(ELLIPSIS) and text.startswith(out[:-1])


@given(anything)
@example("".join(BIDI_NAMES) + ZW + "".join(RTL_TEXTS) + "".join(ZERO_WIDTH))
def test_no_control_stays_invisible(text):
    shown = visible_controls(text)
    # Only joiners and tags inside an emoji sequence stay.
    assert all(_emoji_part(ch) for ch in shown if is_hidden(ch)), shown
    if not any(is_hidden(ch) for ch in text):
        assert shown == text


def test_bidi_and_zero_width_controls_are_shown():
    assert visible_controls("\u202eRESMI\u202c") == "⟨U+202E⟩RESMI⟨U+202C⟩"
    assert visible_controls("ad\u200dmin\u200b") == "ad⟨U+200D⟩min⟨U+200B⟩"
    assert visible_controls("\u2066x\u2069\u200e") == "⟨U+2066⟩x⟨U+2069⟩⟨U+200E⟩"
    assert visible_controls("\u3164") == "⟨U+3164⟩"
    assert visible_controls("a\nb\tc") == "a⟨U+000A⟩b⟨U+0009⟩c"
    assert visible_controls("a\r\nb\tc", keep_newlines=True) == "a\nb\tc"


@pytest.mark.parametrize(
    "emoji",
    [
        "👨‍👩‍👧",
        "🏳️‍🌈",
        "🤦🏽‍♀️",
        "❤️‍🔥",
        "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
    ],
)
def test_emoji_sequences_stay_whole(emoji):
    assert visible_controls(f"mantap {emoji} bu") == f"mantap {emoji} bu"


@given(anything)
def test_md_text_combines_the_three(text):
    out = md_text(text, 60)
    assert out == md_escape(visible_controls(clip(text, 60)))
    shown = rendered_text(out).replace(WORD_JOINER, "")
    assert all(_emoji_part(ch) for ch in shown if is_hidden(ch)), shown
    assert plain_text(text, 60) == visible_controls(clip(text, 60))


@pytest.mark.parametrize("name", DISPLAY_NAMES)
def test_every_hostile_name_reads_as_written(name):
    shown = rendered_text(md_text(name)).replace(WORD_JOINER, "")
    assert shown == visible_controls(name)


def code_span_content(md: str) -> str | None:
    """What CommonMark shows for a lone code span (None if ``md`` is not one)."""
    m = re.fullmatch(r"(`+)(.+?)\1", md, re.S)
    if not m or "\n" in md:
        return None
    fence, inner = m.groups()
    if re.search(rf"(?<!`){fence}(?!`)", inner):
        return None  # the span would close early
    if inner.startswith(" ") and inner.endswith(" ") and inner.strip(" "):
        inner = inner[1:-1]
    return inner


@given(st.one_of(markdownish, anything))
@example("`a``b`")
@example(" x ")
@example(":material/home: sqlite:////tmp/x.db")
def test_code_span_shows_exactly_the_value(text):
    md = md_code(text)
    value = visible_controls(text)
    if not value:
        assert md == ""
        return
    assert code_span_content(md) is not None, md
    assert code_span_content(md).replace(WORD_JOINER, "") == value.replace(WORD_JOINER, "")
    assert ":material/" not in md


def test_code_span_examples():
    assert md_code("apify") == "`apify`"
    assert md_code("a`b") == "``a`b``"
    assert md_code("`x") == "`` `x ``"
    assert md_code("sqlite:////tmp/x.db") == "`sqlite:////tmp/x.db`"
