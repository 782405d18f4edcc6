"""Content problems: what is wrong, in which file and line, and what to do."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass


def display_path(source_path: str, content_root: str) -> str:
    """Path as the editor knows it: relative to the folder that holds content/."""
    return os.path.relpath(source_path, os.path.dirname(content_root))


@dataclass(frozen=True, order=True)
class ContentProblem:
    """One problem in one content file; `message` is Vietnamese and says what to fix."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentErrors(Exception):
    """The build stops: every problem found in the content, listed at once."""

    exitcode = 1

    def __init__(self, problems: Iterable[ContentProblem]):
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        """The Vietnamese report an editor reads."""
        count = len(self.problems)
        lines = [f"Không xây dựng được trang web: có {count} lỗi trong nội dung."]
        lines += [f"  {problem}" for problem in self.problems]
        lines.append("Hãy sửa các lỗi trên rồi chạy lại `make html`. Trang web cũ chưa bị thay đổi.")
        return "\n".join(lines)
