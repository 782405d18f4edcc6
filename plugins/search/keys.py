"""Pure rules shared by indexing (here) and querying (mirrored in theme/static/js/search.js).

Search folds Vietnamese marks with đ (vietnamese.text.fold_diacritics); a document number
such as "01/KH-LĐLĐ" becomes one token, "01khldld", so "01/KH-LĐLĐ" and "01/KH" find it.
"""

from __future__ import annotations

import re

from vietnamese.text import fold_diacritics

_NOT_KEY = re.compile(r"[^0-9a-z]")
_NUMBER_PARTS = re.compile(r"[/\-]")
_YEAR = re.compile(r"^\d{4}$")


def number_key(text: str) -> str:
    """A document number as one search token: "Số 01/KH-LĐLĐ" -> "01khldld" (no leading zeros)."""
    folded = fold_diacritics(text).lower().strip()
    folded = re.sub(r"^so\s*:?\s*", "", folded)
    return _NOT_KEY.sub("", folded).lstrip("0")


def document_number_keys(number: str) -> list[str]:
    """Tokens a document number is found by: "15/2015/KH-LĐLĐ" -> 15khldld, 15kh, 152015khldld, ..."""
    parts = [part for part in _NUMBER_PARTS.split(number) if part.strip()]
    without_year = [part for index, part in enumerate(parts) if not (index and _YEAR.match(part.strip()))]
    keys: list[str] = []
    for variant in (without_year, parts):
        for end in range(2, len(variant) + 1):
            key = number_key("".join(variant[:end]))
            if key and key not in keys:
                keys.append(key)
    return keys
