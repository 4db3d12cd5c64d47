"""The platforms Citra reads, one definition: their codes, names for people, and post links.

A comment's identity is (platform, platform comment id): X and TikTok ids are both 19-digit
numbers, so an id alone may name two comments.
"""

from __future__ import annotations

from urllib.parse import quote

PLATFORMS: tuple[str, ...] = ("instagram", "x", "youtube", "facebook", "tiktok")
DEFAULT = "instagram"  # stores from before the platform dimension hold Instagram only

LABELS: dict[str, str] = {
    "instagram": "Instagram",
    "x": "X",
    "youtube": "YouTube",
    "facebook": "Facebook",
    "tiktok": "TikTok",
}

_POST_URLS: dict[str, str] = {
    "instagram": "https://www.instagram.com/p/{id}/",
    "x": "https://x.com/i/status/{id}",
    "youtube": "https://www.youtube.com/watch?v={id}",
    "facebook": "https://www.facebook.com/{id}",
    "tiktok": "https://www.tiktok.com/@/video/{id}",
}


def check(platform: str) -> str:
    """``platform`` if Citra knows it, else ``ValueError`` naming the known ones."""
    if platform not in PLATFORMS:
        raise ValueError(f"unknown platform {platform!r} (expected one of {', '.join(PLATFORMS)})")
    return platform


def label(platform: str) -> str:
    """The platform's name for people ('X', 'YouTube'); the code itself when unknown."""
    return LABELS.get(platform, platform)


def post_url(platform: str, post_id: str) -> str:
    """A link to a post from its id alone, for posts whose export gave no URL ('' if none)."""
    pattern = _POST_URLS.get(platform)
    if not pattern or not post_id:
        return ""
    return pattern.format(id=quote(str(post_id), safe=""))


def comment_url(platform: str, post_id: str, comment_id: str, post_link: str = "") -> str:
    """A link that opens one comment on its platform where the platform has one (Instagram's
    ``/c/<id>/``, a tweet, YouTube's ``lc=``, Facebook's ``comment_id=``); else the post's link
    (TikTok has no comment links). ``post_link`` is the stored post link, if any."""
    cid = quote(str(comment_id or ""), safe="")
    if platform == "x" and cid:
        return f"https://x.com/i/status/{cid}"
    base = post_link or post_url(platform, post_id)
    if not base or not cid:
        return base
    if platform == "instagram":
        return f"{base.split('?', 1)[0].rstrip('/')}/c/{cid}/"
    if platform == "youtube":
        return f"{post_url('youtube', post_id) or base}&lc={cid}"
    if platform == "facebook":
        return f"{base}{'&' if '?' in base else '?'}comment_id={cid}"
    return base
