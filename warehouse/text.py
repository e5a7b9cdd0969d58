"""How names and words are compared: folded to plain lower-case letters and digits."""

from __future__ import annotations

import re
import unicodedata


def fold(text: object) -> str:
    """Normalise a title or word for matching: NFC, no diacritics, lower case, punctuation folded."""
    s = unicodedata.normalize("NFKD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = re.sub(r"[^0-9a-z%]+", " ", s)
    return s.strip()
