"""Errors the user can fix, each saying where and how, in Chinese."""

from __future__ import annotations

from dataclasses import dataclass

# Where a value stands in the input: ("summary", "sections", 2, "heading").
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input or templates."""

    message: str
    file: str | None = None
    line: int | None = None  # 1-based, as editors count
    column: int | None = None  # 1-based
    field: str | None = None  # e.g. "summary.sections[2].heading"
    hint: str | None = None

    def __str__(self) -> str:
        where = self.file or ""
        if self.line is not None:
            where += f"，第 {self.line} 行"
            if self.column is not None:
                where += f"第 {self.column} 列"
        head = f"{where}：" if where else ""
        text = f"{head}{self.message}"
        if self.field:
            text += f"（字段 {self.field}）"
        if self.hint:
            text += f"\n    {self.hint}"
        return text


class ReportError(Exception):
    """Input, template or environment problems that stop a build (exit status 2)."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class FontError(ReportError):
    """A role of the document has no face on this machine (the PDF would show boxes)."""
