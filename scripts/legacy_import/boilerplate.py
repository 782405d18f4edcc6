"""Portal boilerplate: lines to drop, and lines after which the article is over."""

from __future__ import annotations

import re

from vietnamese.text import fold_diacritics

DROP = "drop"
END = "end"

# (pattern on the line folded to ASCII lower case, action). END cuts the rest of the page.
MARKERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), action)
    for pattern, action in (
        (r"^co chu\b", DROP),  # Cỡ chữ: A A A
        (r"^(in bai( viet)?|ban in|print)$", DROP),
        (r"^(print\s+)?send\s*mail$|^print\s+send", DROP),
        (r"^gui (email|e-mail|mail|cho ban be)$", DROP),
        (r"^gui phan hoi$", DROP),
        (r"^(luot xem|so lan doc|da xem)\s*:?\s*[\d.,]*$", DROP),
        (r"^xem tin theo ngay\b", DROP),
        (r"^(chia se|share|tweet|like|facebook|zalo)\b.{0,20}$", DROP),
        (r"^(quay lai|tro ve|ve dau trang|len dau trang|dau trang|trang chu)$", DROP),
        (r"^(cac tin|tin) (da dang|khac|lien quan|cung chuyen muc|moi hon|cu hon)\b", END),
        (r"^(bai viet|tin bai) (lien quan|khac)\b", END),
        (r"^dang ky (tuyen|tuyen) sinh\b|^dang ky tuyen sinh", END),
        (r"^(tra cuu|dang ky|dang nhap|tim kiem)$", END),
        (r"\bdesign(ed)? by\b|\bthiet ke boi\b", END),
        (r"^(ban quyen|copyright|\(c\)|©)", END),
        (r"^lien he$", END),
        (r"^(y kien ban doc|binh luan|gui binh luan|viet binh luan)\b", END),
    )
)


def fold_line(text: str) -> str:
    """A line folded for matching: no diacritics, lower case, single spaces."""
    return " ".join(fold_diacritics(text).lower().split())


def classify(text: str) -> str | None:
    """DROP, END or None (article text) for one line."""
    folded = fold_line(text)
    for pattern, action in MARKERS:
        if pattern.search(folded):
            return action
    return None


_SLOGAN = re.compile(
    r"^(nhiet liet chao mung|chao mung|dang cong san viet nam quang vinh|quyet tam|thi dua)\b"
)


def is_slogan(text: str) -> bool:
    """An upper-case banner slogan ("NHIỆT LIỆT CHÀO MỪNG ...") rather than article text."""
    return text.isupper() and not text.endswith(".") and bool(_SLOGAN.search(fold_line(text)))
