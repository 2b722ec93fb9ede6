"""Values in the YAML's own text: "{{ year }}年，共计接待……".

Text from the input is rendered in Jinja's immutable sandbox with a handful of
read-only values (office, year, next_year, previous_year, and the figures as
they grow). It can print and format those values and use Jinja's filters; it
cannot call methods that change anything, reach Python internals, include
templates or read files. Text without "{{" or "{%" is left exactly as written.
"""

from __future__ import annotations

from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import SecurityError
from pydantic import BaseModel

from reportgen import limits
from reportgen.compose import sandbox
from reportgen.compose.filters import FILTERS
from reportgen.compose.templates import undefined_message
from reportgen.errors import FieldPath, Problem, ReportError
from reportgen.figures import Figures, FigureView, Note
from reportgen.load import SourceMap
from reportgen.quantity import UnknownFigure
from reportgen.schema import invalid_character

# Jinja's immutable sandbox, with every expression's time and memory bounded (sandbox.py).
_env = sandbox.BoundedSandbox(undefined=jinja2.StrictUndefined, autoescape=False)
# The filters templates/README.md documents, the same as the templates have (their output is short).
_env.filters.update(FILTERS)


def _unknown_names(source: str, allowed) -> list[str]:
    """Names the text reads that are neither given values nor set by the text itself
    (this also refuses `self`, which Jinja provides to every template)."""
    tree = _env.parse(source)
    stored = {n.name for n in tree.find_all(nodes.Name) if n.ctx == "store"}
    loaded = [n.name for n in tree.find_all(nodes.Name) if n.ctx == "load"]
    # `loop` is what Jinja names the state of a {% for %} inside the text itself.
    return sorted({name for name in loaded if name not in allowed and name not in stored and name != "loop"})


# The fields whose text reaches the document; the ledger's never does.
DOCUMENT_FIELDS = ("title", "recipient", "opening", "summary", "parts", "plan", "attachments")


def expand_texts(
    model: BaseModel, values: dict[str, Any], figures: Figures, source: SourceMap
) -> tuple[BaseModel, list[Problem]]:
    """A copy of `model` with every text of the document rendered against `values`
    and `figures`, and the warnings the figures' notes give, each at its text.

    Every expression of the report shares one budget of steps and time
    (compose/sandbox.py); each text, the office and the whole report are
    held to their lengths (limits.py)."""
    expander = _Expander(values, figures, source)
    office = getattr(model, "office", None)
    if isinstance(office, str) and len(office) > limits.OFFICE_CHARS.value:
        expander.problems.append(_limit_problem(limits.OFFICE_CHARS.error(len(office)), ("office",), source))
    with sandbox.budget():
        changes = {name: expander.expand(getattr(model, name), (name,)) for name in DOCUMENT_FIELDS}
    if not expander.problems:
        total = sum(_text_chars(value) for value in changes.values())
        if total > limits.DOCUMENT_CHARS.value:
            expander.problems.append(Problem(limits.DOCUMENT_CHARS.error(total).problems[0].message,
                                             file=source.file, hint=limits.DOCUMENT_CHARS.fix))
    result = model.model_copy(update=changes)
    if expander.problems:
        raise ReportError(expander.problems)
    return result, expander.warnings


def _text_chars(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, BaseModel):
        return sum(_text_chars(getattr(value, name)) for name in type(value).model_fields)
    if isinstance(value, list):
        return sum(_text_chars(item) for item in value)
    return 0


def _limit_problem(err: ReportError, path: FieldPath, source: SourceMap) -> Problem:
    """A limit's message, placed at the text's line."""
    problem = err.problems[0]
    return source.problem(path, problem.message, problem.hint)


class _Expander:
    def __init__(self, values: dict[str, Any], figures: Figures, source: SourceMap):
        self.values, self.figures, self.source = values, figures, source
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def expand(self, value: Any, path: FieldPath) -> Any:
        if isinstance(value, BaseModel):
            changes = {name: self.expand(getattr(value, name), (*path, name)) for name in type(value).model_fields}
            return value.model_copy(update=changes)
        if isinstance(value, list):
            return [self.expand(v, (*path, i)) for i, v in enumerate(value)]
        if not isinstance(value, str):
            return value
        limit = limits.TITLE_CHARS if path == ("title",) else limits.TEXT_CHARS
        if "{{" in value or "{%" in value:
            notes: list[Note] = []
            text = _render(value, path, {**self.values, "figures": FigureView(self.figures, notes)},
                           self.source, self.problems, limit)
            self.warnings += [self.source.problem(path, note.message, note.hint) for note in notes]
            return text
        if len(value) > limit.value:
            self.problems.append(_limit_problem(limit.error(len(value)), path, self.source))
        return value


def _render(value: str, path: FieldPath, values: dict, source: SourceMap, problems: list,
            limit: limits.Limit) -> str:
    """`value` rendered in the sandbox, no longer than `limit`; on failure, a problem at
    `path` and the text as written."""
    names = "、".join(sorted(values))
    try:
        unknown = _unknown_names(value, values)
        if unknown:
            problems.append(source.problem(
                path, f"文字中引用了不存在的值：{'、'.join(unknown)}", f"可以引用的值：{names}。",
            ))
            return value
        text = _generate(value, values, limit)
        wrong = invalid_character(text)
        if wrong is not None:
            problems.append(source.problem(path, f"文字中的表达式写出的内容{wrong}"))
            return value
        return text
    except limits.LimitError as err:
        problems.append(_limit_problem(err, path, source))
        if sandbox.exhausted():  # the report's time or steps are spent: one message, not one a text
            raise ReportError(problems) from None
    except jinja2.UndefinedError as err:
        problems.append(source.problem(
            path, f"文字中引用了不存在的值：{undefined_message(err)}", f"可以引用的值：{names}。",
        ))
    except jinja2.TemplateSyntaxError as err:
        problems.append(source.problem(
            path, f"文字中的 {{{{ }}}} 写法有误：{err.message}",
            "若要照原样写出“{{”，请写成 {{ '{{' }}。",
        ))
    except SecurityError as err:
        problems.append(source.problem(path, f"文字中的表达式不被允许：{sandbox.describe(err)}"))
    except sandbox.ExpressionRefused as err:
        problems.append(source.problem(path, f"文字中的表达式出错：{err.message}", err.hint))
    except UnknownFigure as err:
        problems.append(source.problem(path, f"文字中印出了未知的数字：{err}", err.hint))
    except Exception as err:  # any other failure inside the user's expression
        problems.append(source.problem(path, f"文字中的表达式出错：{sandbox.describe(err)}"))
    return value


def _generate(source: str, values: dict, limit: limits.Limit) -> str:
    """The text rendered, stopping as soon as it is longer than `limit`."""
    pieces, length = [], 0
    for piece in _env.compile_text(source).generate(values):
        length += len(piece)
        if length > limit.value:
            raise limit.error()
        pieces.append(piece)
    return "".join(pieces)
