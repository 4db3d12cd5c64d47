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
