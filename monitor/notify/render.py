"""A digest or a spike alert as each destination wants it: pure functions, no sending.

A payload (``notify.payload``) becomes a ``Document`` first: a title, sections of lines, the
link to the morning view. A line is made of fragments: Citra's own words (``str``, ``Bold``)
and values from the store (``Data``: comment texts, authors, units, event titles, post ids),
which are untrusted. Each target renders the same document:

* ``slack``: Block Kit; ``Data`` escaped for mrkdwn (``mrkdwn_escape``);
* ``teams``: an Adaptive Card 1.4 whose lines are ``RichTextBlock`` text runs, which never
  interpret Markdown, so nothing in a value can format, link or mention;
* ``telegram``: the Bot API ``sendMessage`` body, ``parse_mode`` HTML, ``Data`` HTML-escaped,
  cut to ``TELEGRAM_LIMIT`` characters between whole lines;
* ``plain_text`` / ``html_text``: an e-mail's two parts.

Every value is first clipped and has its invisible controls made visible
(``ui.safe_text.plain_text``), so a bidi override cannot reorder a line. Texts are Indonesian
by default (``ui.i18n``, keys ``dg_*``) and numbers written the Indonesian way (``ui.fmt``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date

from monitor.core.platforms import label as platform_label
from monitor.core.urls import http_url
from monitor.ui.fmt import fmt_date, fmt_int, fmt_number, fmt_pct, fmt_signed
from monitor.ui.i18n import t
from monitor.ui.safe_text import plain_text

KINDS = ("json", "slack", "teams", "telegram")
TELEGRAM_LIMIT = 4096  # characters of a sendMessage text
SLACK_SECTION_LIMIT = 3000  # characters of a section's text
SLACK_HEADER_LIMIT = 150
DATA_CHARS = 200  # a value shown in a message (a comment's text is clipped to this)


@dataclass(frozen=True)
class Data:
    """A value from the store: untrusted, escaped for each target."""

    text: str


@dataclass(frozen=True)
class Bold:
    """Citra's own words, in bold."""

    text: str


@dataclass(frozen=True)
class Link:
    """A link; its text is a value (escaped), its URL checked as http(s)."""

    text: str
    url: str


Fragment = str | Data | Bold | Link
Line = tuple[Fragment, ...]


@dataclass
class Section:
    title: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Document:
    """What a digest or an alert says, before any target's syntax."""

    title: str
    summary: str  # one line for notifications (Slack's ``text``, an e-mail's subject)
    sections: list[Section]
    link: str = ""
    link_text: str = ""


# --------------------------------------------------------------------------- escaping

_MRKDWN_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Slack has no escape for its formatting marks: each becomes a look-alike that formats nothing.
_MRKDWN_MARKS = {"*": "\u2217", "~": "\u223c", "`": "\u02cb", "_": "\uff3f"}
# "_" inside a word (a pseudonym u_1a2b…) stays: Slack only formats at word boundaries.
_MARK_RE = re.compile(r"[*~`]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_MENTION_RE = re.compile(r"([@!#])(?=\w)")


def clean(value: object, limit: int = DATA_CHARS) -> str:
    """A value on one line, clipped, its invisible controls shown (``⟨U+202E⟩``)."""
    return plain_text(" ".join(str(value if value is not None else "").split()), limit)


def mrkdwn_escape(value: object) -> str:
    """A value as inert Slack mrkdwn: ``&``, ``<``, ``>`` as entities (Slack's own rule, so no
    ``<@U…>``, ``<!channel>`` or ``<url|text>`` can form), the formatting marks as look-alikes,
    and a word joiner after ``@``, ``!`` and ``#`` before a word (no bare mention)."""
    text = "".join(_MRKDWN_ENTITIES.get(ch, ch) for ch in clean(value))
    text = _MARK_RE.sub(lambda m: _MRKDWN_MARKS[m.group(0)], text)
    return _MENTION_RE.sub("\\1\u2060", text)


def html_escape(value: object) -> str:
    """A value as inert HTML text (Telegram's HTML mode, an e-mail's HTML part)."""
    return html.escape(clean(value), quote=False)


# --------------------------------------------------------------------------- documents


def _day(value: str | None, lang: str) -> str:
    return fmt_date(date.fromisoformat(value), lang) if value else ""


def _waited(hours: float, lang: str) -> str:
    if hours < 48:
        return t("dg_hours", lang, n=fmt_int(max(hours, 0.0), lang))
    return t("dg_days", lang, n=fmt_int(hours / 24, lang))


def _figure_value(name: str, number: float | None, lang: str) -> str:
    if number is None:
        return "–"
    if name == "net_index":
        return fmt_signed(number * 100, lang, 0) if round(number * 100) else fmt_int(0, lang)
    if name == "negative_share":
        return fmt_pct(number, lang)
    return fmt_number(number, lang, 0 if float(number).is_integer() else 1)


def _figure_change(name: str, fig: dict, lang: str) -> str:
    change = fig.get("change")
    if change is None:
        return ""
    if name == "net_index":
        return fmt_signed(change * 100, lang, 0)
    if name == "negative_share":
        return fmt_signed(change * 100, lang, 1, " poin" if lang == "id" else " pp")
    pct = fig.get("change_pct")
    return fmt_signed(pct * 100, lang, 1, "%") if pct is not None else fmt_signed(change, lang, 1)


def figure_text(name: str, fig: dict, lang: str = "id") -> str:
    """``69 (rata-rata 29,5, +133,6%)``: a day's figure against its baseline."""
    value = _figure_value(name, fig.get("value"), lang)
    if fig.get("baseline") is None:
        return value
    baseline = _figure_value(name, fig["baseline"], lang)
    change = _figure_change(name, fig, lang)
    if not change:
        return t("dg_vs_plain", lang, value=value, baseline=baseline)
    return t("dg_vs", lang, value=value, baseline=baseline, change=change)


def spike_lines(
    record: dict, lang: str = "id", *, title: bool = True, details: bool = True
) -> list[Line]:
    """A spike's lines: what, how much, which platforms, posts, terms, comments, news
    (``details`` False: what and how much only, for a spike whose day's drivers were shown)."""
    metric = t(f"dg_metric_{record['metric']}", lang)
    scope = (
        platform_label(record["platform"])
        if record.get("platform")
        else t("dg_all_platforms", lang)
    )
    if record["metric"] == "net_index":
        observed = _figure_value("net_index", record["observed"], lang)
        expected = _figure_value("net_index", record["expected"], lang)
    else:
        observed = fmt_number(record["observed"], lang, 0)
        expected = fmt_number(record["expected"], lang, 1)
    value = t(
        "dg_spike_value",
        lang,
        observed=observed,
        expected=expected,
        severity=fmt_number(record["severity"], lang, 1),
    )
    lines: list[Line] = []
    if title:
        lines.append(
            (Bold(t("dg_spike", lang, metric=metric, day=_day(record["day"], lang), scope=scope)),)
        )
    lines.append((value,))
    if not details:
        return lines
    drivers = ", ".join(
        f"{platform_label(p['platform'])} {fmt_pct(p['share'], lang, 0)}"
        for p in record.get("platforms", [])
    )
    if drivers:
        lines.append((t("dg_drivers", lang, drivers=drivers),))
    if record.get("emotion"):
        lines.append((t("dg_emotion", lang, emotion=t(f"emo_{record['emotion']}", lang)),))
    if record.get("coordination_share"):
        share = fmt_pct(record["coordination_share"], lang, 0)
        lines.append((t("dg_copy_paste", lang, share=share),))
    if record.get("posts"):
        head, _, _ = t("dg_posts", lang, posts="\0").partition("\0")
        parts: list[Fragment] = [head]
        for i, p in enumerate(record["posts"]):
            parts += [", "] if i else []
            parts += [Data(p["post_id"]), f" ({fmt_int(p['count'], lang)})"]
        lines.append(tuple(parts))
    if record.get("top_terms"):
        head, _, _ = t("dg_terms", lang, terms="\0").partition("\0")
        lines.append((head, Data(", ".join(record["top_terms"]))))
    for c in record.get("top_comments", [])[:2]:
        lines.append(_comment_line("dg_comment", lang, c, likes=fmt_int(c["like_count"], lang)))
    for e in record.get("events", []):
        head, _, _ = t("dg_event", lang, day=_day(e["day"], lang), title="\0").partition("\0")
        title_part: Fragment = Link(e["title"], e["url"]) if e.get("url") else Data(e["title"])
        lines.append((head, title_part))
    if not record.get("events"):
        lines.append((t("dg_no_news", lang),))
    return lines


def _comment_line(key: str, lang: str, c: dict, **values: str) -> Line:
    """``{likes} suka · {author}: {text}`` with the author and text as values."""
    template = t(key, lang, author="\0", text="\1", **values)
    before, _, rest = template.partition("\0")
    middle, _, after = rest.partition("\1")
    text: Fragment = Link(c["text"], c["link"]) if c.get("link") else Data(c["text"])
    return tuple(x for x in (before, Data(c["author"] or "-"), middle, text, after) if x != "")


def digest_document(payload: dict, lang: str = "id") -> Document:
    """The digest payload as a document (see the module docstring)."""
    day = _day(payload["day"], lang)
    title = t("dg_title", lang, day=day)
    sections: list[Section] = []
    if payload.get("empty"):
        sections.append(Section(t("dg_figures", lang), [(t("dg_empty", lang),)]))
        return Document(title, title, sections, payload.get("link", ""), t("dg_link", lang))
    figures = Section(t("dg_figures", lang))
    for name, fig in payload["figures"].items():
        figures.lines.append(
            (Bold(t(f"dg_m_{name}", lang) + ":"), " " + figure_text(name, fig, lang))
        )
    if payload.get("baseline"):
        figures.lines.append(
            (t("dg_baseline_days", lang, days=fmt_int(payload["baseline"]["days_observed"], lang)),)
        )
    figures.lines.append(
        (
            t(
                "dg_open",
                lang,
                open=fmt_int(payload["open_unanswered_complaints"], lang),
                overdue=fmt_int(payload["overdue_complaints"], lang),
            ),
        )
    )
    sections.append(figures)
    if len(payload.get("platforms", {})) > 1:
        each = Section(t("dg_per_platform", lang))
        for code, part in payload["platforms"].items():
            f = part["figures"]
            each.lines.append(
                (
                    Bold(platform_label(code) + ":"),
                    " "
                    + t(
                        "dg_platform_line",
                        lang,
                        comments=_figure_value("comments", f["comments"]["value"], lang),
                        net=_figure_value("net_index", f["net_index"]["value"], lang),
                        neg=_figure_value("negative_share", f["negative_share"]["value"], lang),
                        complaints=_figure_value("complaints", f["complaints"]["value"], lang),
                        unanswered=_figure_value(
                            "unanswered_complaints", f["unanswered_complaints"]["value"], lang
                        ),
                    ),
                )
            )
        sections.append(each)
    spikes = Section(t("dg_spikes", lang))
    shown: set[tuple[str, str | None]] = set()
    for record in payload.get("spikes", []):
        # spikes of one day and scope share their drivers and news: shown with the first only
        scope = (record["day"], record.get("platform"))
        spikes.lines += spike_lines(record, lang, details=scope not in shown)
        shown.add(scope)
    if not payload.get("spikes"):
        spikes.lines.append((t("dg_no_spikes", lang),))
    sections.append(spikes)
    waiting = Section(t("dg_waiting", lang))
    for unit in payload.get("waiting", []):
        head = t("dg_unit", lang, unit="\0", n=fmt_int(unit["count"], lang))
        before, _, after = head.partition("\0")
        name: Fragment = Data(unit["unit"]) if unit["unit"] else t("dg_no_unit", lang)
        waiting.lines.append(tuple(x for x in (Bold(before) if before else "", name, after) if x))
        for c in unit["oldest"]:
            waiting.lines.append(
                _comment_line("dg_waited", lang, c, waited=_waited(c["waiting_hours"], lang))
            )
    if not payload.get("waiting"):
        waiting.lines.append((t("dg_waiting_none", lang),))
    sections.append(waiting)
    summary = (
        title
        + " · "
        + t("dg_m_comments", lang)
        + " "
        + _figure_value("comments", payload["figures"]["comments"]["value"], lang)
    )
    return Document(title, summary, sections, payload.get("link", ""), t("dg_link", lang))


def alert_document(record: dict, lang: str = "id") -> Document:
    """One spike's alert as a document."""
    metric = t(f"dg_metric_{record['metric']}", lang)
    title = t("dg_alert_title", lang, metric=metric, day=_day(record["day"], lang))
    if record.get("platform"):
        title += f" ({platform_label(record['platform'])})"
    section = Section("", spike_lines(record, lang, title=False))
    return Document(title, title, [section], record.get("link", ""), t("dg_link", lang))


def document(payload: dict, lang: str = "id") -> Document:
    """A digest payload or an alert payload (``payload.alert_payload``) as a document."""
    if payload.get("kind") == "spike":
        return alert_document(payload["spike"], lang)
    return digest_document(payload, lang)


# --------------------------------------------------------------------------- targets


def _slack_line(line: Line) -> str:
    out = []
    for part in line:
        if isinstance(part, Bold):
            out.append(f"*{mrkdwn_escape(part.text)}*")
        elif isinstance(part, Data):
            out.append(mrkdwn_escape(part.text))
        elif isinstance(part, Link):
            url = http_url(part.url)
            text = mrkdwn_escape(part.text)
            safe = "".join(_MRKDWN_ENTITIES.get(ch, ch) for ch in url).replace("|", "%7C")
            out.append(f"<{safe}|{text}>" if url else text)
        else:  # Citra's own words: spaces kept, only Slack's three control characters
            out.append("".join(_MRKDWN_ENTITIES.get(ch, ch) for ch in part))
    return "".join(out)


def _cut(lines: list[str], limit: int, more: str, sep: str = "\n") -> str:
    """Whole lines joined up to ``limit`` characters; ``more`` ends a text that was cut."""
    text = ""
    for i, line in enumerate(lines):
        candidate = text + (sep if text else "") + line
        rest_needs = len(sep) + len(more) if i < len(lines) - 1 else 0
        if len(candidate) + rest_needs > limit:
            return text + (sep if text else "") + more
        text = candidate
    return text


def slack(doc: Document, lang: str = "id") -> dict:
    """Slack Block Kit: a header, a mrkdwn section per part, a button to the morning view."""
    more = t("dg_more", lang)
    blocks: list[dict] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": clean(doc.title, SLACK_HEADER_LIMIT)},
        }
    ]
    for section in doc.sections:
        lines = ([f"*{mrkdwn_escape(section.title)}*"] if section.title else []) + [
            _slack_line(line) for line in section.lines
        ]
        text = _cut(lines, SLACK_SECTION_LIMIT, mrkdwn_escape(more))
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text}})
    url = http_url(doc.link)
    if url:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": doc.link_text},
                        "url": url,
                    }
                ],
            }
        )
    return {"text": mrkdwn_escape(doc.summary), "blocks": blocks}


def _teams_runs(line: Line) -> list[dict]:
    runs = []
    for part in line:
        if isinstance(part, Bold):
            runs.append({"type": "TextRun", "text": clean(part.text), "weight": "Bolder"})
        elif isinstance(part, Link) and http_url(part.url):
            runs.append(
                {
                    "type": "TextRun",
                    "text": clean(part.text),
                    "selectAction": {"type": "Action.OpenUrl", "url": http_url(part.url)},
                }
            )
        elif isinstance(part, Data | Link):
            runs.append({"type": "TextRun", "text": clean(part.text)})
        else:
            runs.append({"type": "TextRun", "text": part})
    return runs


def teams(doc: Document, lang: str = "id") -> dict:
    """A Teams message with one Adaptive Card (1.4). Every line is a ``RichTextBlock`` of
    ``TextRun``s, which show their text literally (no Markdown, no mentions)."""
    body: list[dict] = [
        {
            "type": "TextBlock",
            "text": clean(doc.title),
            "size": "Large",
            "weight": "Bolder",
            "wrap": True,
        }
    ]
    for section in doc.sections:
        if section.title:
            body.append(
                {
                    "type": "RichTextBlock",
                    "separator": True,
                    "inlines": [
                        {"type": "TextRun", "text": clean(section.title), "weight": "Bolder"}
                    ],
                }
            )
        body += [{"type": "RichTextBlock", "inlines": _teams_runs(line)} for line in section.lines]
    content: dict = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    url = http_url(doc.link)
    if url:
        content["actions"] = [{"type": "Action.OpenUrl", "title": doc.link_text, "url": url}]
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": content,
            }
        ],
    }


def _html_line(line: Line) -> str:
    out = []
    for part in line:
        if isinstance(part, Bold):
            out.append(f"<b>{html_escape(part.text)}</b>")
        elif isinstance(part, Link) and http_url(part.url):
            href = html.escape(http_url(part.url), quote=True)
            out.append(f'<a href="{href}">{html_escape(part.text)}</a>')
        elif isinstance(part, Data | Link):
            out.append(html_escape(part.text))
        else:
            out.append(html.escape(part, quote=False))
    return "".join(out)


def telegram_text(doc: Document, lang: str = "id", limit: int = TELEGRAM_LIMIT) -> str:
    """The document in Telegram's HTML, at most ``limit`` characters, cut between lines (a tag
    never spans lines, so a cut never breaks one); the link always stays at the end."""
    lines = [f"<b>{html_escape(doc.title)}</b>"]
    for section in doc.sections:
        if section.title:
            lines += ["", f"<b>{html_escape(section.title)}</b>"]
        lines += [_html_line(line) for line in section.lines]
    tail = ""
    url = http_url(doc.link)
    if url:
        tail = f'\n\n<a href="{html.escape(url, quote=True)}">{html.escape(doc.link_text)}</a>'
    return _cut(lines, limit - len(tail), html.escape(t("dg_more", lang))) + tail


def telegram(doc: Document, chat_id: str, lang: str = "id") -> dict:
    """The Bot API ``sendMessage`` body."""
    return {
        "chat_id": chat_id,
        "text": telegram_text(doc, lang),
        "parse_mode": "HTML",
        "disable_web_page_preview": True,
    }


def _plain_line(line: Line) -> str:
    out = []
    for part in line:
        if isinstance(part, Link) and http_url(part.url):
            out.append(f"{clean(part.text)} <{http_url(part.url)}>")
        elif isinstance(part, Data | Link | Bold):
            out.append(clean(part.text))
        else:
            out.append(part)
    return "".join(out)


def plain_text_body(doc: Document) -> str:
    """An e-mail's plain-text part."""
    out = [doc.title, "=" * min(len(doc.title), 70)]
    for section in doc.sections:
        if section.title:
            out += ["", section.title, "-" * min(len(section.title), 70)]
        out += [_plain_line(line) for line in section.lines]
    if http_url(doc.link):
        out += ["", f"{doc.link_text}: {http_url(doc.link)}"]
    return "\n".join(out) + "\n"


def html_body(doc: Document) -> str:
    """An e-mail's HTML part (every value escaped)."""
    out = [
        '<!doctype html><html lang="id"><body style="font-family:sans-serif">',
        f"<h1>{html_escape(doc.title)}</h1>",
    ]
    for section in doc.sections:
        if section.title:
            out.append(f"<h2>{html_escape(section.title)}</h2>")
        out.append(
            "<ul>" + "".join(f"<li>{_html_line(line)}</li>" for line in section.lines) + "</ul>"
        )
    url = http_url(doc.link)
    if url:
        out.append(
            f'<p><a href="{html.escape(url, quote=True)}">{html.escape(doc.link_text)}</a></p>'
        )
    out.append("</body></html>")
    return "\n".join(out)


def render(payload: dict, kind: str, *, chat_id: str = "", lang: str = "id") -> dict:
    """The body posted to a destination of ``kind`` (``KINDS``)."""
    if kind == "json":
        return payload
    doc = document(payload, lang)
    if kind == "slack":
        return slack(doc, lang)
    if kind == "teams":
        return teams(doc, lang)
    if kind == "telegram":
        return telegram(doc, chat_id, lang)
    raise ValueError(f"unknown destination kind {kind!r} (expected one of {', '.join(KINDS)})")
