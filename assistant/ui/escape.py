"""Contract text shown through Streamlit's Markdown (captions, headers, alerts) as plain text.

CommonMark lets a backslash escape any ASCII punctuation, so escaping all of it leaves no
Markdown, no HTML, no link or image, no Streamlit directive (`:red[...]`) and no LaTeX (`$`)
in text that came from a contract. Widget options and tables are plain text already.
"""

from __future__ import annotations

import string

_ESCAPES = str.maketrans({c: "\\" + c for c in string.punctuation})


def plain(text: object, limit: int | None = None) -> str:
    """`text` on one line, every Markdown character escaped; cut at `limit` characters."""
    flat = " ".join(str(text).split())
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return flat.translate(_ESCAPES)
