"""Content problems: what is wrong, in which file and line, and what to do."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass


def display_path(source_path: str, content_root: str) -> str:
    """Path as the editor knows it: relative to the folder that holds content/."""
    return os.path.relpath(source_path, os.path.dirname(content_root))


ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class ContentProblem:
    """One problem in one content file; `message` is Vietnamese and says what to fix.

    `severity` is ERROR (stops the build, `make check` exits 1) or WARNING (reported only).
    """

    path: str
    line: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        label = "cảnh báo: " if self.severity == WARNING else ""
        return f"{self.path}:{self.line}: {label}{self.message}"


def errors_only(problems: Iterable[ContentProblem]) -> list[ContentProblem]:
    """The problems that stop a build."""
    return [problem for problem in problems if problem.severity == ERROR]


class ContentErrors(Exception):
    """The build stops: every problem found in the content, listed at once."""

    exitcode = 1

    def __init__(self, problems: Iterable[ContentProblem]):
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        """The Vietnamese report an editor reads."""
        count = len(errors_only(self.problems))
        warnings = len(self.problems) - count
        extra = f" và {warnings} cảnh báo" if warnings else ""
        lines = [f"Không xây dựng được trang web: có {count} lỗi{extra} trong nội dung."]
        lines += [f"  {problem}" for problem in self.problems]
        lines.append("Hãy sửa các lỗi trên rồi chạy lại `make html`. Trang web cũ chưa bị thay đổi.")
        return "\n".join(lines)


class ContentChecked(Exception):
    """`make check` mode: the checks ran; stop before anything is written."""

    def __init__(self, problems: Iterable[ContentProblem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} vấn đề")
