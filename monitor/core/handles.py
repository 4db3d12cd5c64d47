"""Account handles compared as the platform means them, so a look-alike is never the account.

A platform handle (``kemensosri``) is the only stable name of an account: display names are
free text anyone can set to ``KemensosRI`` or ``@@@kemensosri``. Two handles are the same
when their ``normal_handle`` forms are equal: Unicode NFKC (full-width ``ｋｅｍｅｎｓｏｓｒｉ``
reads as ``kemensosri``), invisible characters removed (zero-width spaces and joiners,
bidirectional controls, soft hyphens, variation selectors, Hangul fillers), surrounding space
trimmed, case folded, and one leading ``@`` dropped (``@kemensosri`` is how handles are
written), never more.
"""

from __future__ import annotations

import re
import unicodedata

# Format characters (Unicode category Cf: zero-width, bidi controls, BOM, soft hyphen, ...),
# combining grapheme joiner, variation selectors and the Hangul fillers that render as nothing.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)


def normal_handle(name: str) -> str:
    """The form handles are compared in (see the module docstring); '' for a non-string."""
    if not isinstance(name, str):
        return ""
    text = name
    if not text.isascii():
        text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
        text = unicodedata.normalize("NFKC", text)  # what a removal joined may compose anew
    text = text.strip().casefold()
    return text[1:] if text.startswith("@") else text


def same_handle(a: str, b: str) -> bool:
    """Whether two handles name the same account (an empty handle names none)."""
    na = normal_handle(a)
    return bool(na) and na == normal_handle(b)
