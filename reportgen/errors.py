"""Errors the user can fix, each saying where and how, in Chinese."""

from __future__ import annotations

import errno
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

    def __init__(self, problems: list[Problem] | Problem, omitted: int = 0):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        # Problems found but not kept (limits.CappedProblems): only their number is known.
        self.omitted = omitted
        super().__init__("\n".join(str(p) for p in self.problems))


class FontError(ReportError):
    """A role of the document has no face on this machine (the PDF would show boxes)."""


_OS_REASONS = {
    errno.ENOENT: "路径不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许这样操作",
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "超出了磁盘配额",
    errno.EROFS: "这是只读的位置",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ENOTDIR: "路径中有一部分是文件而不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.EEXIST: "已有同名的文件或文件夹",
    errno.EIO: "磁盘读写出错",
    errno.ELOOP: "路径中的符号链接循环",
    errno.EMFILE: "打开的文件过多",
    errno.EXDEV: "不能跨磁盘移动",
    errno.EBUSY: "文件正被占用",
}


def describe_os_error(err: OSError) -> str:
    """The reason of an OSError in Chinese (the system's own words are English)."""
    reason = _OS_REASONS.get(err.errno or 0)
    if reason is None:
        reason = f"系统错误 {err.errno}（{err.strerror}）" if err.errno else str(err) or type(err).__name__
    return reason
