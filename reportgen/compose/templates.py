"""The Jinja environment for the report templates.

An office can override any template with `--templates DIR`; the shipped ones in
the top-level templates/ folder stay the fallback. StrictUndefined makes a
misspelt variable an error naming the template and line instead of an empty
string in an official document.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

from reportgen.cache import cache_dir
from reportgen.compose.filters import FILTERS
from reportgen.errors import Problem, ReportError
from reportgen.messages import suggestion
from reportgen.quantity import UnknownFigure

MAIN_TEMPLATE = "report.xml.j2"


def shipped_templates_dir() -> Path:
    """The top-level templates/ folder: beside the package in a checkout or an
    editable install, installed as reportgen.templates by a wheel (pyproject.toml)."""
    beside = Path(__file__).resolve().parents[2] / "templates"
    candidates = [beside]
    try:
        import reportgen.templates as installed

        candidates += [Path(entry) for entry in installed.__path__]
    except ImportError:
        pass
    for folder in candidates:
        if (folder / MAIN_TEMPLATE).is_file():
            return folder
    raise ReportError(Problem("安装不完整：找不到随 reportgen 提供的模板", hint="请重新运行 make demo。"))



# The heading of the section the templates add to the summary when last year's
# targets are checked (templates/sections.xml.j2); the importer and the web editor
# know that section by it.
PLAN_CHECK_HEADING = "上年工作打算完成情况"


def environment(override_dir: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None:
        if not override_dir.is_dir():
            raise ReportError(Problem(
                f"模板目录“{override_dir}”不存在", hint="--templates 应指向一个包含 .j2 模板的文件夹。"
            ))
        loaders.append(jinja2.FileSystemLoader(str(override_dir)))
    loaders.append(jinja2.FileSystemLoader(str(shipped_templates_dir())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        # Compiled templates kept between runs (keyed by each template's source): about
        # 60 ms of every command that composes.
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        # The templates write XML markup; every value from the input is escaped.
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(FILTERS)
    env.globals["plan_check_heading"] = PLAN_CHECK_HEADING
    return env


def _objects() -> dict[str, tuple[str, list[str]]]:
    """What a template may hold, by the name Jinja gives its type: (what a user
    calls it, the names it has), so "has no attribute" can say what it does have."""
    from reportgen.figures import Comparison, FigureView, Tally, TargetResult
    from reportgen.figures.sister_cities import SisterCities
    from reportgen.figures.tables import TableData
    from reportgen.quantity import Quantity

    def public(cls) -> list[str]:
        return sorted(n for n in dir(cls) if not n.startswith("_") and n not in {"model_config"})

    kinds = {
        FigureView: "figures", Tally: "合计（figures.tally 的结果）", Comparison: "比较（figures.yoy 等的结果）",
        SisterCities: "友城名录（figures.sister_cities）", TargetResult: "计划核对结果", TableData: "表格数据",
        Quantity: "数字",
    }
    found = {f"{cls.__module__}.{cls.__qualname__}": (label, public(cls)) for cls, label in kinds.items()}
    found["str"] = ("一段文字", [])
    found["int"] = ("整数", [])
    return found


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    folder = cache_dir("templates")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def undefined_message(err: jinja2.UndefinedError) -> str:
    """Jinja's "'x' is undefined" / "'obj' has no attribute 'y'" in Chinese, with
    the names the object does have."""
    message = err.message or ""
    if m := re.fullmatch(r"'(.+)' is undefined", message):
        return f"“{m.group(1)}”未定义"
    if m := re.fullmatch(r"'(.+?)(?: object)?' has no attribute '(.+)'", message):
        kind, name = m.group(1), m.group(2)
        label, names = _objects().get(kind, (kind, []))
        if not names:
            return f"{label}没有“{name}”这一项"
        return f"{label}没有“{name}”这一项。{suggestion(name, names)}它有：{'、'.join(names)}"
    return message


def unknown_figure_problem(err: UnknownFigure, file: str | None = None, line: int | None = None) -> Problem:
    return Problem(f"不能印出未知的数字：{err}", file=file, line=line, hint=err.hint)


def template_problem(err: Exception) -> Problem:
    """Name the template and line of a Jinja error, as far as Jinja knows them."""
    if isinstance(err, jinja2.TemplateSyntaxError):
        return Problem(
            f"模板语法错误：{err.message}", file=err.filename or err.name, line=err.lineno,
        )
    if isinstance(err, jinja2.TemplateNotFound):
        return Problem(f"找不到模板“{err.name}”")
    # Runtime errors (an undefined variable, a failing filter): the innermost
    # template frame of the traceback says where.
    file, line = None, None
    tb = err.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            file, line = filename, tb.tb_lineno
        tb = tb.tb_next
    if isinstance(err, UnknownFigure):
        return unknown_figure_problem(err, file, line)
    if isinstance(err, jinja2.UndefinedError):
        return Problem(
            f"模板中使用了未定义的变量：{undefined_message(err)}", file=file, line=line,
            hint="请检查变量名的拼写；可用的变量见 templates/README.md。",
        )
    return Problem(f"模板执行出错：{err}", file=file, line=line)
