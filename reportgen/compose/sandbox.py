"""The sandbox that runs the {{ … }} of the input's own text, bounded in time and memory.

Jinja's ImmutableSandboxedEnvironment keeps an expression away from Python's
internals and from changing anything; it does not keep it from spending the
machine: `{{ 'x' * 10**9 }}`, `{{ 10**(10**8) }}`, `{{ 'x'|center(10**9) }}`
or three nested loops over a long string run for minutes and take gigabytes.
Here (limits.py has the numbers):

- every operation that can make a value larger than its operands is checked
  *before* it runs: `*`, `+`, `**`, `%` (intercepted binary operators), the
  padding and repeating filters and string methods (center, indent, replace,
  join, format, …), `~`; a value may hold EXPR_VALUE characters or items, a
  number NUMBER_DIGITS digits;
- every repetition, a loop's round or a macro's call, and every call,
  operator and filter is a step, counted against EXPR_STEPS, and looks at the
  clock (EXPR_SECONDS; the time reportgen's own figures take is not counted
  there, only in EXPR_FIGURES_SECONDS, as it grows with the ledger, not with
  the expression); the text a loop writes over all its rounds counts against
  EXPR_OUTPUT. Nothing between two checks can run long, as no value is large.
- only text is printed: numbers, dates, strings and reportgen's own objects
  that have a wording (a Tally: 28批368人次). A list, None, True or an internal
  object would print Python's representation into an official report (with
  `| pprint`, the whole ledger and the YAML source), so it is refused with a
  hint instead, and so are NaN and infinity.

The loop and macro counting, and the bound on `~`, are added to the parsed
template (`compile_text`): Jinja compiles those without a hook.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import decimal
import functools
import inspect
import math
import re
import time
import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedFormatter, SecurityError
from jinja2.visitor import NodeTransformer

from reportgen import limits


class ExpressionRefused(Exception):
    """An expression asks for something a report's text cannot hold (in Chinese, with a hint)."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class Budget:
    """What the expressions of one report have spent so far."""

    started: float
    steps: int = 0
    produced: int = 0  # characters written, loops' and macros' text included
    figures_seconds: float = 0.0  # spent inside reportgen's own functions
    exhausted: bool = False  # a limit of the whole report was reached: the other texts are not tried

    def step(self, chars: int = 0) -> None:
        self.steps += 1
        self.produced += chars
        try:
            limits.EXPR_STEPS.check(self.steps)
            limits.EXPR_OUTPUT.check(self.produced)
            elapsed = time.monotonic() - self.started
            limits.EXPR_FIGURES_SECONDS.check(round(elapsed, 1))
            limits.EXPR_SECONDS.check(round(elapsed - self.figures_seconds, 1))
        except limits.LimitError:
            self.exhausted = True
            raise


_budget: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("reportgen_expression_budget", default=None)


@contextlib.contextmanager
def budget() -> Iterator[Budget]:
    """One budget for all the texts of a report."""
    spent = Budget(time.monotonic())
    token = _budget.set(spent)
    try:
        yield spent
    finally:
        _budget.reset(token)


def exhausted() -> bool:
    """Whether the current report's budget is spent (every further text would fail the same way)."""
    spent = _budget.get()
    return spent is not None and spent.exhausted


def _step(chars: int = 0) -> None:
    spent = _budget.get()
    if spent is not None:  # None while Jinja folds constants at compile time: sizes are still checked
        spent.step(chars)


# --- sizes -------------------------------------------------------------------------------


def _check_length(length: int) -> None:
    limits.EXPR_VALUE.check(length)


def _check_value(value: Any) -> Any:
    """A result within EXPR_VALUE (strings, sequences) and NUMBER_DIGITS (numbers)."""
    if isinstance(value, _SIZED):
        _check_length(len(value))
    elif isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > _max_bits() or abs(value) >= 10 ** limits.NUMBER_DIGITS.value:
            # str() of an int over 4,300 digits raises: the count is given only below that.
            raise limits.NUMBER_DIGITS.error(len(str(abs(value))) if value.bit_length() < 14_000 else None)
    elif isinstance(value, decimal.Decimal) and value.is_finite() and value and \
            value.adjusted() >= limits.NUMBER_DIGITS.value:
        raise limits.NUMBER_DIGITS.error(value.adjusted() + 1)
    return value


_SIZED = (str, bytes, bytearray, list, tuple, dict, set, frozenset)
_SEQUENCES = (str, bytes, bytearray, list, tuple)


def _max_bits() -> int:
    return math.ceil(limits.NUMBER_DIGITS.value * math.log2(10)) + 1


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


_TEXT_TYPES = (str, int, float, decimal.Decimal, dt.date)


def _has_wording(value: Any) -> bool:
    """reportgen's own objects that say how they read (Tally: 28批368人次)."""
    kind = type(value)
    return kind.__module__.startswith("reportgen.") and kind.__str__ is not object.__str__


def check_printable(value: Any) -> None:
    """What may become text of the report; ExpressionRefused otherwise."""
    if isinstance(value, jinja2.Undefined):
        return  # StrictUndefined raises its own, better message when printed
    if isinstance(value, bool) or value is None:
        raise ExpressionRefused(
            f"表达式的结果是“{value}”，不是可以写进报告的文字或数字",
            "若要按条件写出不同的文字，请用 {% if … %}…{% else %}…{% endif %}。")
    if isinstance(value, float | decimal.Decimal) and not math.isfinite(value):
        raise ExpressionRefused("表达式的结果不是有限的数（无穷大或 NaN）", "请检查除数和运算。")
    if isinstance(value, _TEXT_TYPES) or _has_wording(value):
        return
    if isinstance(value, list | tuple | set | frozenset | dict | Iterator | types.GeneratorType):
        raise ExpressionRefused(
            "表达式的结果是一组值（列表），不能直接写进报告",
            "请逐项写出，如 {{ 列表|join('、') }}，或用 {% for %} 循环。")
    raise ExpressionRefused(
        "表达式的结果是程序内部的对象（不是文字或数字），不能写进报告",
        "请写出它的某一项，如 {{ figures.tally('接待来访') }}、{{ figures.tally('接待来访').persons }}。")


def _text_length(value: Any) -> int:
    """len(str(value)) for a printable value, computed without building a huge string."""
    check_printable(value)
    if isinstance(value, str):
        return len(value)
    if isinstance(value, int):
        return value.bit_length() // 3 + 2
    return len(str(value))  # a float, a Decimal within NUMBER_DIGITS, a date, a Tally: short


def _deep_size(value: Any, room: int) -> int:
    """Items and characters in a nested value (for tojson), stopping once over `room`."""
    size = 0
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            size += len(item) + 2
        elif isinstance(item, Mapping):
            size += 2 + 2 * len(item)
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            size += 2 + 2 * len(item)
            pending.extend(item)
        else:
            size += 24
        if size > room:
            raise limits.EXPR_VALUE.error()
    return size


def _joined_length(items: Any, separator: str) -> int:
    total = 0
    room = limits.EXPR_VALUE.value
    for count, item in enumerate(items):
        total += _text_length(item) + (len(separator) if count else 0)
        if total > room:
            raise limits.EXPR_VALUE.error()
    return total


# --- % formatting -------------------------------------------------------------------------

_PERCENT = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[#0\- +]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d+))?[hlL]?(?P<kind>.)")


def _percent_length(template: str, args: Any) -> int:
    """An upper bound of len(template % args), refusing * widths (taken from the values)."""
    positional = args if isinstance(args, tuple) else (args,)
    total = len(template)
    index = 0
    for match in _PERCENT.finditer(template):
        if match["kind"] == "%":
            continue
        if "*" in (match["width"] or "", match["precision"] or ""):
            raise ExpressionRefused("“%*d”这样从数值中取宽度的写法不被允许", "请直接写出宽度，如 %5d。")
        if match["key"] is not None:
            value = args.get(match["key"], "") if isinstance(args, Mapping) else ""
        else:
            value = positional[index] if index < len(positional) else ""
            index += 1
        width = max(int(match["width"] or 0), int(match["precision"] or 0))
        _check_length(width)
        if match["kind"] in "sra":
            total += max(width, _text_length(value))
        else:
            check_printable(value)
            total += width + limits.NUMBER_DIGITS.value + 8
        _check_length(total)
    return total


# --- str.format and the format spec ------------------------------------------------------------


class _BoundedFormatter(SandboxedFormatter):
    """str.format as the sandbox runs it, with each field's width and the whole length bounded."""

    def vformat(self, format_string, args, kwargs):
        self._written = len(format_string)
        return super().vformat(format_string, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> Any:
        _step()
        widths = [int(number) for number in re.findall(r"\d+", format_spec)]
        for width in widths:
            _check_length(width)
        self._written += max([_text_length(value), *widths])
        _check_length(self._written)
        return super().format_field(value, format_spec)


# --- the environment -----------------------------------------------------------------------


def _is_reportgen(function: Any) -> bool:
    """reportgen's own functions (figures.tally, …), not this module's."""
    owner = getattr(function, "__self__", None)
    module = type(owner).__module__ if owner is not None else getattr(function, "__module__", "") or ""
    return module.startswith("reportgen.") and module != __name__


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """ImmutableSandboxedEnvironment with every growth and repetition bounded (see the module's doc)."""

    intercepted_binops = frozenset({"+", "*", "**", "%", "/", "//"})

    def __init__(self, **options: Any):
        super().__init__(finalize=self._finalize, **options)
        # Jinja's own globals (range, dict, namespace, lipsum, …) have no place in a report.
        self.globals.clear()
        self.filters = {name: _bounded_filter(name, function) for name, function in self.filters.items()}
        self.filters["pprint"] = _no_pprint

    # -- growth ---------------------------------------------------------------------------

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        _step()
        if operator == "*":
            _check_repeat(left, right)
        elif operator == "+" and isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
            _check_length(len(left) + len(right))
        elif operator == "**":
            _check_power(left, right)
        elif operator == "%" and isinstance(left, str):
            _percent_length(left, right)
        return _check_value(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:
        _step()
        if isinstance(__obj, types.BuiltinMethodType) and isinstance(__obj.__self__, str):
            _check_str_method(__obj.__self__, __obj.__name__, args, kwargs)
        if not _is_reportgen(__obj):
            return _check_value(super().call(__context, __obj, *args, **kwargs))
        started = time.monotonic()
        try:
            return super().call(__context, __obj, *args, **kwargs)
        finally:
            spent = _budget.get()
            if spent is not None:
                spent.figures_seconds += time.monotonic() - started

    def wrap_str_format(self, value: Any):
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        formatter = _BoundedFormatter(self)
        template, is_map = value.__self__, value.__name__ == "format_map"

        @functools.wraps(value)
        def bounded(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                args, kwargs = (), args[0]
            return type(template)(formatter.vformat(template, args, kwargs))

        return bounded

    # -- repetition and output ---------------------------------------------------------------

    @staticmethod
    def _finalize(value: Any) -> Any:
        check_printable(value)
        length = _text_length(value)
        _step(length)
        return value

    @staticmethod
    def rg_round(static_chars: int) -> str:
        """Called at the start of every loop round and macro call (see compile_text)."""
        _step(static_chars)
        return ""

    @staticmethod
    def rg_concat(parts: list) -> str:
        """`a ~ b`, with its length known before it is built."""
        _step()
        length = _joined_length(parts, "")
        _step(length)
        return "".join(map(str, parts))

    def compile_text(self, source: str) -> jinja2.Template:
        """The template of one text, with its loops, macros and `~` bounded."""
        tree = self.parse(source)
        tree = _Bounder().visit(tree)
        tree.set_environment(self)
        return self.from_string(tree)


def _check_repeat(left: Any, right: Any) -> None:
    for sequence, times in ((left, right), (right, left)):
        count = _int(times)
        if isinstance(sequence, _SEQUENCES) and count is not None:
            _check_length(len(sequence) * max(count, 0))
            return
    a, b = _int(left), _int(right)
    if a is not None and b is not None and a.bit_length() + b.bit_length() > _max_bits() + 1:
        raise limits.NUMBER_DIGITS.error()


def _check_power(base: Any, exponent: Any) -> None:
    b, e = _int(base), _int(exponent)
    if b is not None and e is not None and e > 0 and abs(b) > 1 and (e - 1) * (b.bit_length() - 1) > _max_bits():
        raise limits.NUMBER_DIGITS.error()


def _check_str_method(text: str, name: str, args: tuple, kwargs: dict) -> None:
    """The str methods whose result can be far longer than the string and their arguments."""
    if name in ("center", "ljust", "rjust", "zfill"):
        width = _int(args[0]) if args else _int(kwargs.get("width"))
        _check_length(width or 0)
    elif name == "expandtabs":
        size = _int(args[0]) if args else _int(kwargs.get("tabsize", 8))
        _check_length(len(text) + text.count("\t") * max(size or 0, 0))
    elif name == "replace" and len(args) >= 2:
        _check_replace(text, args[0], args[1], args[2] if len(args) > 2 else kwargs.get("count"))
    elif name == "join" and args and isinstance(args[0], list | tuple | str):
        _check_length(len(args[0]))
        _joined_length(args[0], text)
    elif name == "join":
        raise ExpressionRefused("str.join 只能连接列表", "请用 join 过滤器：{{ 列表|join('、') }}。")
    elif name == "translate" and args:
        table = args[0]
        widest = max((len(v) for v in table.values() if isinstance(v, str)), default=1) \
            if isinstance(table, Mapping) else 1
        _check_length(len(text) * max(widest, 1))


def _check_replace(text: Any, old: Any, new: Any, count: Any) -> None:
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return
    found = text.count(old) if old else len(text) + 1
    if _int(count) is not None and count >= 0:
        found = min(found, count)
    _check_length(len(text) + found * max(len(new) - len(old), 0))


# --- filters ---------------------------------------------------------------------------

# Filters that turn their value into text: it must be printable (a Figures object's
# text would be its repr, with the whole ledger).
_TEXT_FILTERS = {
    "capitalize", "center", "e", "escape", "forceescape", "format", "indent", "lower", "replace", "string",
    "striptags", "title", "trim", "truncate", "upper", "urlencode", "urlize", "wordcount", "wordwrap",
}


def _no_pprint(value: Any) -> str:
    raise ExpressionRefused(
        "pprint 过滤器写出的是程序内部的表示，不能用于报告文字",
        "请写出要用的那一项，如 {{ figures.tally('接待来访') }}。")


def _bounded_filter(name: str, function: Any) -> Any:
    signature = inspect.signature(function)
    # The eval context, environment or context Jinja passes first, if the filter asks for one.
    first = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _step()
        if name == "join" and len(args) > first and not isinstance(args[first], list | tuple | str):
            # A generator (from map or select) is read once here, to be measured and joined.
            args = (*args[:first], list(args[first]), *args[first + 1:])
        try:
            arguments = signature.bind(*args, **kwargs).arguments
        except TypeError:
            arguments = {}  # Jinja raises its own message for wrong arguments
        values = list(arguments.values())
        value = values[first] if len(values) > first else None
        if name in _TEXT_FILTERS and not isinstance(value, str):
            check_printable(value)
        _check_filter(name, value, arguments)
        result = function(*args, **kwargs)
        if isinstance(result, Iterator):  # map, select, …: their items are made as they are read
            return _BoundedItems(result)
        return _check_value(result)

    return bounded


class _BoundedItems:
    """A filter's lazy result, read no further than EXPR_VALUE items or characters in all.

    `'x'|list|map('center', 100000)|list` would make 100,000 strings of
    100,000 characters, each within bounds, ten gigabytes together.
    """

    def __init__(self, items: Iterator):
        self._items = items
        self._count = 0
        self._size = 0

    def __iter__(self) -> _BoundedItems:
        return self

    def __next__(self) -> Any:
        item = next(self._items)
        self._count += 1
        self._size += len(item) if isinstance(item, _SIZED) else 1
        _check_length(max(self._count, self._size))
        return item


def _check_filter(name: str, value: Any, arguments: dict[str, Any]) -> None:
    if name == "center":
        _check_length(_int(arguments.get("width", 80)) or 0)
    elif name == "indent":
        width = arguments.get("width", 4)
        pad = len(width) if isinstance(width, str) else (_int(width) or 0)
        text = str(value) if isinstance(value, str) else ""
        _check_length(len(text) + (text.count("\n") + 1) * max(pad, 0))
    elif name == "wordwrap":
        text = value if isinstance(value, str) else ""
        width = max(_int(arguments.get("width", 79)) or 1, 1)
        wrap = arguments.get("wrapstring") or "\n"
        lines = len(text) // width + text.count("\n") + 1
        _check_length(len(text) + lines * (len(wrap) if isinstance(wrap, str) else 1))
    elif name == "replace":
        _check_replace(value, arguments.get("old"), arguments.get("new"), arguments.get("count"))
    elif name in ("batch", "slice"):
        _check_length(_int(arguments.get("linecount", arguments.get("slices", 0))) or 0)
    elif name == "join" and isinstance(value, list | tuple | str):
        separator = arguments.get("d", "")
        _check_length(len(value))
        if arguments.get("attribute") is None:
            _joined_length(value, separator if isinstance(separator, str) else "")
    elif name == "format" and isinstance(value, str):
        _percent_length(value, arguments.get("kwargs") or tuple(arguments.get("args", ())))
    elif name == "sum":
        start = arguments.get("start", 0)
        if not isinstance(start, int | float | decimal.Decimal):
            raise ExpressionRefused("sum 过滤器只能把数相加", "若要连接文字或列表，请用 join 过滤器。")
    elif name == "tojson":
        _deep_size(value, limits.EXPR_VALUE.value)


# --- the parsed text ---------------------------------------------------------------------------


class _Bounder(NodeTransformer):
    """Count every loop round and macro call, with the text it writes; route `~` through rg_concat;
    refuse number literals beyond a float (1e400 would be folded into code that names `inf`)."""

    def _other_template(self, node: nodes.Node) -> nodes.Node:
        raise ExpressionRefused("文字中不能引用其他模板（include、import、extends）",
                                "请把要用的文字直接写在这里。")

    visit_Include = visit_Import = visit_FromImport = visit_Extends = _other_template

    def visit_Const(self, node: nodes.Const) -> nodes.Node:
        if isinstance(node.value, float) and not math.isfinite(node.value):
            raise ExpressionRefused("数字太大，超出了能计算的范围", "报告中的数字不会这么大，请检查这个数。")
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        node = self.generic_visit(node)
        call = nodes.Call(nodes.EnvironmentAttribute("rg_concat"), [nodes.List(list(node.nodes))], [], None, None)
        return call.set_lineno(node.lineno)

    def _counted(self, node: nodes.Node) -> nodes.Node:
        node = self.generic_visit(node)
        static = sum(len(data.data) for part in node.body for data in part.find_all(nodes.TemplateData))
        tick = nodes.ExprStmt(
            nodes.Call(nodes.EnvironmentAttribute("rg_round"), [nodes.Const(static)], [], None, None))
        node.body.insert(0, tick.set_lineno(node.lineno))
        return node

    visit_For = visit_Macro = visit_CallBlock = _counted


# --- messages ------------------------------------------------------------------------------

_UNSAFE = re.compile(r"access to attribute '(.+)' of '(.+)' object is unsafe")
_MISSING_ARG = re.compile(r"missing \d+ required positional arguments?: (.+)")
_UNEXPECTED_ARG = re.compile(r"got an unexpected keyword argument '(.+)'")
_OPERANDS = re.compile(r"unsupported operand type\(s\) for (.+): '(.+)' and '(.+)'")
_TYPE_NAMES = {"str": "文字", "int": "整数", "float": "小数", "Decimal": "数", "list": "列表", "tuple": "列表",
               "dict": "映射", "NoneType": "空值", "bool": "真假值", "Tally": "统计结果", "date": "日期"}


def describe(err: BaseException) -> str:
    """An exception raised inside an expression, in Chinese: never empty, never a Python repr."""
    text = str(err)
    if isinstance(err, ExpressionRefused):
        return err.message
    if isinstance(err, ZeroDivisionError | decimal.DivisionByZero):
        return "除数为零"
    if isinstance(err, decimal.InvalidOperation):
        return "无法计算的数（可能不是数字，或超出了范围）"
    if isinstance(err, OverflowError | decimal.Overflow):
        return "数值太大，超出了能计算的范围"
    if isinstance(err, RecursionError):
        return "嵌套或递归的层数过多"
    if isinstance(err, MemoryError):
        return "占用的内存过多"
    if isinstance(err, SecurityError) and (m := _UNSAFE.search(text)):
        return f"不能访问“{m.group(1)}”（出于安全考虑，文字中只能读取给出的值）"
    if m := _MISSING_ARG.search(text):
        names = "、".join(re.findall(r"'([^']+)'", m.group(1)))
        return f"缺少参数 {names}"
    if m := _UNEXPECTED_ARG.search(text):
        return f"没有名为“{m.group(1)}”的参数"
    if m := _OPERANDS.search(text):
        left, right = (_TYPE_NAMES.get(t, t) for t in (m.group(2), m.group(3)))
        return f"不能对{left}和{right}做“{m.group(1)}”运算"
    if re.search(r"[\u4e00-\u9fff]", text):
        return text  # reportgen's own messages (figures.tally's unknown type, …) are Chinese already
    detail = f"：{text}" if text else ""
    return f"无法计算（{type(err).__name__}{detail}）"

