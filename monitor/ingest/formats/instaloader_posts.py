"""Instaloader's post metadata (``--metadata-json``): one ``<date>_UTC.json`` per post.

The file is one object, ``{"node": {...}, "instaloader": {"version": ..., "node_type":
"Post"}}`` (several such objects one per line, or an array of them, are read too). The node is
Instagram's GraphQL media: ``shortcode``, ``__typename`` (``GraphImage``, ``GraphVideo``,
``GraphSidecar``), ``is_video``, ``taken_at_timestamp`` (Unix seconds, UTC),
``edge_media_to_caption.edges[0].node.text`` (the caption; ``caption`` in newer nodes),
``edge_media_preview_like.count`` (``edge_liked_by`` in older ones),
``edge_media_to_comment.count`` (``edge_media_to_parent_comment``) and ``video_view_count``.
Hashtags are read from the caption by Instagram's rule, as Instaloader's ``caption_hashtags``.
"""

from __future__ import annotations

from monitor.ingest.cells import nested, scalar
from monitor.ingest.formats.base import PostJsonFormat, hashtags, objects
from monitor.ingest.rows import Context

_TYPES = {"GraphImage": "image", "GraphVideo": "video", "GraphSidecar": "carousel"}


def _caption(node: dict) -> object:
    edges = objects(nested(node, "edge_media_to_caption", "edges"))
    text = nested(edges[0], "node", "text") if edges else node.get("caption")
    return text if isinstance(text, str) else None


def _count(node: dict, *edges: str) -> object:
    for edge in edges:
        value = scalar(nested(node, edge, "count"))
        if value is not None:
            return value
    return None


def _media_type(node: dict) -> object:
    kind = node.get("__typename")
    if isinstance(kind, str) and kind in _TYPES:
        return _TYPES[kind]
    if isinstance(node.get("is_video"), bool):
        return "video" if node["is_video"] else "image"
    return None


class InstaloaderPosts(PostJsonFormat):
    name = "instaloader_posts"
    label = "Instaloader post metadata"
    default_tz = "UTC"  # taken_at_timestamp is a Unix time

    def matches(self, item: object) -> bool:
        """A saved structure whose node is a post (``node_type`` Post, or a node with a
        shortcode and a time)."""
        node = item.get("node") if isinstance(item, dict) else None
        if not isinstance(node, dict):
            return False
        if nested(item, "instaloader", "node_type") == "Post":
            return True
        return "shortcode" in node and "taken_at_timestamp" in node

    def flatten(self, item: dict, number: int, ctx: Context) -> list[dict]:
        node = item.get("node") if isinstance(item.get("node"), dict) else {}
        code = scalar(node.get("shortcode"))
        caption = _caption(node)
        return [
            {
                "post_id": code,
                "post_url": f"https://www.instagram.com/p/{code}/"
                if isinstance(code, str)
                else None,
                "post_caption": caption,
                "post_media_type": _media_type(node),
                "post_hashtags": hashtags(caption),
                "post_published": scalar(node.get("taken_at_timestamp")),
                "post_like_count": _count(node, "edge_media_preview_like", "edge_liked_by"),
                "post_comment_count": _count(
                    node, "edge_media_to_comment", "edge_media_to_parent_comment"
                ),
                "post_view_count": scalar(node.get("video_view_count")),
                "row": number,
            }
        ]


FORMAT = InstaloaderPosts()
