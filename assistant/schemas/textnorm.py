"""Whitespace- and typography-insensitive text matching, with a map back to the original.

Citations must be verbatim, but PDF text layers differ from what a reader (or a model) types
in whitespace, line breaks, curly quotes and dashes. Matching is done on a normalised form;
`NormalisedText` keeps, for each normalised character, its offset in the original text so a
match can be located on a page and in a clause.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00ad": None,  # soft hyphen
        "\ufffe": None,
        "\u0002": None,  # pdfium's marker for a hyphen at a line break
    }
)


def _norm_char(ch: str) -> str:
    out = unicodedata.normalize("NFKC", ch).translate(_TRANSLATE)
    return out


def normalise(text: str) -> str:
    """The comparison form: NFKC, straight quotes and hyphens, runs of whitespace -> one space."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_TRANSLATE).split())


@dataclass
class NormalisedText:
    """A normalised copy of `original` with offsets back into it."""

    original: str
    text: str = field(init=False)
    offsets: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        chars: list[str] = []
        offsets: list[int] = []
        pending_space = False
        for i, ch in enumerate(self.original):
            norm = _norm_char(ch) if not ch.isascii() else ch
            for nch in norm:
                if nch.isspace():
                    pending_space = bool(chars)
                    continue
                if pending_space:
                    chars.append(" ")
                    offsets.append(i)
                    pending_space = False
                chars.append(nch)
                offsets.append(i)
        self.text = "".join(chars)
        self.offsets = offsets

    def find(self, needle: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
        """Original (start, end) of the first match of `needle` within original[start:end]."""
        norm = normalise(needle)
        if not norm:
            return None
        lo = self._norm_index(start)
        hi = len(self.text) if end is None else self._norm_index(end)
        pos = self.text.find(norm, lo, hi)
        if pos < 0:
            return None
        last = pos + len(norm) - 1
        return self.offsets[pos], self.offsets[last] + 1

    def _norm_index(self, original_offset: int) -> int:
        # First normalised index whose original offset is >= original_offset.
        import bisect

        return bisect.bisect_left(self.offsets, original_offset)
