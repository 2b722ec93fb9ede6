"""Stage 1: read the year's YAML, keeping where every key and item stands.

Returns plain data for validation plus a SourceMap that turns a field path such
as ("summary", "sections", 2, "heading") back into a line and column, so every
later stage can say where in the file a problem is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.reader import ReaderError

from reportgen import limits
from reportgen.errors import FieldPath, Problem, ReportError


def format_path(path: FieldPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@dataclass(frozen=True)
class SourceMap:
    """Positions of the loaded data's keys and items in the file."""

    file: str
    root: Any

    def position(self, path: FieldPath) -> tuple[int | None, int | None]:
        """1-based (line, column) of the deepest part of `path` found in the file."""
        node = self.root
        line = col = None
        if isinstance(node, CommentedMap | CommentedSeq):
            line, col = node.lc.line, node.lc.col
        for part in path:
            try:
                if isinstance(node, CommentedMap) and part in node:
                    line, col = node.lc.key(part)
                    node = node[part]
                elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                    line, col = node.lc.item(part)
                    node = node[part]
                else:
                    break
            except (KeyError, IndexError, TypeError):
                break
        if line is None:
            return None, None
        return line + 1, col + 1

    def problem(self, path: FieldPath, message: str, hint: str | None = None) -> Problem:
        line, col = self.position(path)
        return Problem(
            message, file=self.file, line=line, column=col,
            field=format_path(path) or None, hint=hint,
        )


@dataclass(frozen=True)
class LoadedInput:
    data: Any
    source: SourceMap


class _Constructor(RoundTripConstructor):
    def construct_yaml_timestamp(self, node, values=None):
        # An impossible date such as 2012-02-30 raises a bare ValueError inside
        # ruamel, with no position. Keep it as text: validation then reports
        # it against its line like any other bad date.
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


def load_input(path: Path, what: str = "输入文件") -> LoadedInput:
    """Read and parse one input file; raise ReportError naming file and line (`what` names it: 台账文件)."""
    name = str(path)
    raw = limits.read_file(path, what, limits.INPUT_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ReportError(Problem(
            "文件不是 UTF-8 编码的文本", file=name, line=line,
            hint="请在编辑器中以 UTF-8 编码另存此文件。",
        )) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ReportError(Problem("文件含有二进制内容，不是 YAML 文本", file=name, line=line))

    yaml = _yaml()
    try:
        try:
            # libyaml (ruamel.yaml.clib) gives the events 30 times faster than ruamel's own parser.
            _check_events(YAML(typ="safe", pure=False).parse(text), name)
        except YAMLError:  # libyaml is stricter in places: ruamel's own parser judges (and words) the rest
            _check_events(yaml.parse(text), name)
        data = yaml.load(text)
    except DuplicateKeyError as err:
        key = re.search(r'duplicate key "([^"]*)"', str(err))
        shown = f"“{key.group(1)}”" if key else ""
        raise ReportError(_marked_problem(
            err, name, f"同一层级中出现了重复的键{shown}", "请删除或改名重复的键。",
        )) from None
    except ReaderError as err:
        # A control character that YAML itself refuses (e.g. a raw U+000B).
        line = text[: err.position].count("\n") + 1
        column = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
        raise ReportError(Problem(
            f"含有不可见的控制字符 U+{err.character:04X}", file=name, line=line, column=column,
            hint="请删除它（常见于从网页或 PDF 复制的文字）。",
        )) from None
    except MarkedYAMLError as err:
        raise ReportError(_syntax_problem(err, name, text)) from None
    except YAMLError as err:
        raise ReportError(Problem(f"YAML 格式错误：{err}", file=name)) from None
    except (ValueError, OverflowError):  # a value ruamel could not convert (checked above as far as known)
        raise ReportError(Problem("YAML 中有无法转换的值（数字或日期）", file=name,
                                  hint="请检查文件中过大的数字或不存在的日期。")) from None

    if data is None:
        raise ReportError(Problem(
            "文件是空的", file=name,
            hint="请参照 inputs/nanchang-waiqiao/2011.yaml 填写 office、year、date 等内容。",
        ))
    if not isinstance(data, CommentedMap):
        line, col = (data.lc.line + 1, data.lc.col + 1) if isinstance(data, CommentedSeq) else (None, None)
        raise ReportError(Problem(
            "文件的最外层应是“键: 值”形式的映射（如 office: …），而不是单个值或列表",
            file=name, line=line, column=col,
        ))
    return LoadedInput(data=data, source=SourceMap(file=name, root=data))


def expect_keys(loaded: LoadedInput, keys: tuple[str, ...], what: str) -> None:
    """A file the input names (a ledger, a catalogue, last year's input) that has none of
    the keys such a file has is some other file, possibly a system file: say so in one
    line and quote nothing of it (validating it would echo every key as unknown)."""
    if not any(key in loaded.data for key in keys):
        raise ReportError(Problem(
            f"这不是{what}：文件中没有 {'、'.join(keys)}", file=loaded.source.file,
            hint="请检查引用它的那一行（文件名和路径）是否写对了。",
        ))


_NUMBER = re.compile(r"[-+]?(?:0[xob])?[0-9_.,:]+(?:[eE][-+]?[0-9]+)?")
def _check_events(events: Iterable[Event], name: str) -> None:
    """Refuse, from the parser's events and before anything is built from them, what
    would make loading explode: aliases (a tiny file expanding into billions of
    nodes), nesting deeper than YAML_DEPTH (ruamel's composer recurses once per
    level and dies of RecursionError near 1,000), more nodes than YAML_NODES
    (ruamel's round-trip loader takes 0.1 ms each), scalars longer than
    TEXT_CHARS and numbers longer than NUMBER_DIGITS."""
    depth = nodes = 0
    for event in events:
        mark = event.start_mark
        where = {"file": name, "line": mark.line + 1, "column": mark.column + 1}
        if isinstance(event, AliasEvent):
            raise ReportError(Problem(
                f"不支持 YAML 别名（*{event.anchor}）", **where,
                hint="请把内容直接写出来，不要用 & 锚点和 * 别名引用。",
            ))
        if isinstance(event, NodeEvent):
            nodes += 1
            limits.YAML_NODES.check(nodes, **where)
        if isinstance(event, CollectionStartEvent):
            depth += 1
            limits.YAML_DEPTH.check(depth, **where)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
        elif isinstance(event, ScalarEvent):
            limits.TEXT_CHARS.check(len(event.value), **where)
            if not event.style and _NUMBER.fullmatch(event.value):  # plain: None from ruamel, "" from libyaml
                # Python refuses to convert an int of over 4,300 digits, inside ruamel, with no position.
                limits.NUMBER_DIGITS.check(sum(char.isdigit() for char in event.value), **where)


def _marked_problem(err: MarkedYAMLError, name: str, message: str, hint: str | None) -> Problem:
    marks = (err.problem_mark, err.context_mark)
    if "quoted scalar" in (err.context or ""):
        # An unclosed quote is best shown where it opens, not at the end of
        # the file where the scanner gave up.
        marks = (err.context_mark, err.problem_mark)
    mark = next((m for m in marks if m is not None), None)
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    return Problem(message, file=name, line=line, column=col, hint=hint)


# A key typed in a Chinese input method: a full-width colon after it, a full-width
# space after its colon, or full-width spaces as indentation. YAML sees no key at all.
_WIDE_COLON = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w]*)\s*：")
_WIDE_SPACE_AFTER = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w]*):\u3000")
_WIDE_INDENT = re.compile(r"^\s*\u3000")


def _wide_characters(name: str, text: str, line: int) -> Problem | None:
    """The line at or just above where YAML gave up, when a full-width colon or
    space is what broke it: named as such, with the line as it should read."""
    lines = text.splitlines()
    for number in range(line, max(line - 3, 0), -1):
        if number > len(lines):
            continue
        content = lines[number - 1]
        if (m := _WIDE_COLON.match(content)) is not None:
            fixed = _WIDE_COLON.sub(lambda x: f"{x.group(1)}{x.group(2)}: ", content, count=1)
            return Problem(f"“{m.group(2)}”后面用了全角冒号“：”，YAML 的键后应为半角冒号加空格“: ”", file=name,
                           line=number, column=content.index("：") + 1, hint=f"请改为：{fixed.strip()}")
        if (m := _WIDE_SPACE_AFTER.match(content)) is not None:
            fixed = content.replace(":\u3000", ": ", 1)
            return Problem(f"“{m.group(2)}:”后面是全角空格，YAML 的键后应为半角冒号加半角空格“: ”", file=name,
                           line=number, column=content.index("\u3000") + 1, hint=f"请改为：{fixed.strip()}")
        if _WIDE_INDENT.match(content):
            return Problem("行首的缩进含有全角空格，YAML 只认半角空格", file=name, line=number, column=1,
                           hint="请把行首的全角空格换成半角空格（每一级缩进两个半角空格）。")
    return None


def _syntax_problem(err: MarkedYAMLError, name: str, text: str) -> Problem:
    problem = _marked_problem(err, name, _syntax_message(err), _syntax_hint(err))
    if problem.line is not None and (wide := _wide_characters(name, text, problem.line)) is not None:
        return wide
    # A quote left open swallows the lines after it, and the parser complains
    # somewhere below, about something else: point at the quote instead.
    if problem.line is not None and "quoted scalar" not in (err.context or ""):
        for number, line in enumerate(text.splitlines()[: problem.line - 1], 1):
            content = line.split(" #", 1)[0]
            if content.count('"') % 2 == 1:
                return Problem(
                    "YAML 格式错误：双引号可能没有闭合", file=name, line=number,
                    column=content.rfind('"') + 1,
                    hint=f"请检查这一段文字的引号是否成对（解析到第 {problem.line} 行时才发现错误）。",
                )
    return problem


_SYNTAX = [
    ("found character '\\t'", "行首或值中使用了制表符（Tab）", "YAML 只能用空格缩进，请把 Tab 换成空格。"),
    ("mapping values are not allowed", "此处不能出现冒号“: ”",
     "若文字中含有“: ”，请给整段文字加上引号，或用 | 写成多行文字。"),
    ("could not find expected ':'", "缺少冒号“:”，或缩进不一致", "每个键后应有“: ”，同级的键缩进应对齐。"),
    ("did not find expected key", "缩进不一致或缺少“- ”", "同级内容的缩进应对齐；列表的每一项以“- ”开头。"),
    ("did not find expected '-' indicator", "列表缩进不一致", "列表的每一项应以“- ”开头并对齐。"),
    ("found unexpected end of stream", "引号没有闭合", "请检查这一段文字的引号是否成对。"),
    ("while scanning a quoted scalar", "引号没有闭合", "请检查这一段文字的引号是否成对。"),
    ("found undefined tag", "使用了不支持的 YAML 标签（!…）", "请删除以“!”开头的标签。"),
    ("while parsing a block", "缩进不一致", "同级内容的缩进应对齐。"),
]


def _syntax_message(err: MarkedYAMLError) -> str:
    text = f"{err.context or ''} {err.problem or ''}"
    for needle, message, _ in _SYNTAX:
        if needle in text:
            return f"YAML 格式错误：{message}"
    return f"YAML 格式错误：{(err.problem or err.context or '').strip()}"


def _syntax_hint(err: MarkedYAMLError) -> str | None:
    text = f"{err.context or ''} {err.problem or ''}"
    for needle, _, hint in _SYNTAX:
        if needle in text:
            return hint
    return "请对照示例文件检查此行附近的缩进、冒号和引号。"
