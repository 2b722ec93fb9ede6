"""`reportgen new`: next year's input, started from this year's.

Carried over as they are: the office, recipient, signature, layout profile,
catalogue, sister-city registry, the 版头's and 版记's standing fields, and
the attachments computed from data (statistics, the sister-city list). Last
year's plan becomes the skeleton of the summary: each plan section a section
with the same heading, last year's plan text above it as a comment and its
targets as a checklist, so the clerk writes what was done against what was
promised. Next year's ledger starts empty with the right headers. Nothing
that exists is ever overwritten.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import re
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from reportgen.errors import Problem, ReportError
from reportgen.figures.plan_check import target_unit
from reportgen.importer.emit import dump
from reportgen.json_schema import modeline, write_beside
from reportgen.load import load_input
from reportgen.schema import Part, ReportInput, Section, Target, block_texts
from reportgen.validate import validate

# Carried over unchanged: they describe the office, not the year.
_CARRIED = ("office", "recipient", "signature", "catalogue", "profile", "sister_cities")


def scaffold_next_year(input_path: Path, output_path: Path | None = None) -> Path:
    """Write next year's input, started from `input_path`; returns its path.

    `output_path` defaults to <year+1>.yaml beside the input. Refuses (ReportError)
    if the output, or a ledger file it would start, already exists."""
    loaded = load_input(input_path)
    report = validate(loaded)
    year = report.year + 1
    target = output_path or input_path.parent / f"{year}{input_path.suffix or '.yaml'}"
    if target.exists():
        raise ReportError(Problem(f"文件已存在，未覆盖：{target}", hint="请用 -o 指定另一个文件名，或先移走原文件。"))
    data, ledgers = _next_year(loaded.data, report, input_path, target)
    text = dump(data)
    # The new input must itself be valid: a skeleton that does not build helps nobody.
    from ruamel.yaml import YAML

    ReportInput.model_validate(YAML(typ="safe").load(text))
    target.parent.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        for path, content in ledgers.items():
            with path.open("xb") as handle:
                handle.write(content)
            written.append(path)
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError as err:
        for path in written:
            path.unlink(missing_ok=True)
        raise ReportError(Problem(f"文件已存在，未覆盖：{err.filename}")) from None
    write_beside(target)
    return target


def scaffold_from_archive(office: str, year: int, output_path: Path, archive_root: Path) -> Path:
    """Next year's input from the archived input of (office, year)."""
    from reportgen.archive.service import previous_year_input

    found = previous_year_input(archive_root, office, year + 1)
    if found is None:
        raise ReportError(Problem(
            f"归档中没有 {office} {year} 年由 reportgen 生成的版本", file=str(archive_root),
            hint="用 reportgen archive list 查看归档；也可直接给出上一年的输入文件：reportgen new 2011.yaml。",
        ))
    return scaffold_next_year(found, output_path)


def _next_year(raw: CommentedMap, report: ReportInput, input_path: Path, target: Path):
    year = report.year + 1
    data = CommentedMap()
    for key in ("office",):
        data[key] = copy.deepcopy(raw[key])
    data["year"] = year
    data["date"] = _same_day(report.date, 1)
    data.yaml_add_eol_comment("暂定为上年成文日期的一年之后，请改为实际日期", "date")
    if report.header is not None:
        data["header"] = _header(raw["header"], report, year)
    for key in _CARRIED[1:]:
        if key in raw:
            data[key] = copy.deepcopy(raw[key])
    if report.title:
        data["title"] = _shift_years(report.title, report.year)
        data.yaml_add_eol_comment("上年的标题，年份已加 1，请核对", "title")
    data["summary"] = _summary(report)
    data.yaml_set_comment_before_after_key(
        "summary", before=f"一、{year}年工作总结：以下各标题是 {report.year} 年报告中的工作打算，"
                          "注释中是当时的打算和可量化目标，请对照写出完成情况。")
    data["plan"] = CommentedMap()
    data.yaml_set_comment_before_after_key(
        "plan", before=f"二、{year + 1}年工作打算：请在 sections 中逐条写出（heading 为标题，paragraphs 为段落），"
                       "可量化的目标写在 targets 中，次年自动核对。")
    ledgers = _ledgers(report, input_path, target, data)
    attachments = _attachments(raw, report)
    if attachments:
        data["attachments"] = attachments
    if report.end_notes is not None:
        notes = copy.deepcopy(raw["end_notes"])
        notes["printed_on"] = _same_day(report.end_notes.printed_on, 1)
        notes.yaml_add_eol_comment("请改为实际印发日期", "printed_on")
        data["end_notes"] = notes
    if target.parent.resolve() != input_path.parent.resolve():
        data["previous"] = _relative(input_path, target.parent)
        data.yaml_add_eol_comment("上年的输入，用于同比和核对上年计划", "previous")
    data.yaml_set_start_comment("\n".join([
        modeline()[2:],
        f"{report.office} {year} 年的输入，由 reportgen new 从 {input_path.name}（{report.year} 年）生成。",
        "各级标题的序号由层次自动生成，不要写进文字；写完后用 reportgen check 检查。",
    ]))
    return data, ledgers


def _same_day(date: dt.date, years: int) -> dt.date:
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


def _shift_years(text: str, year: int) -> str:
    """2011年…2012年 → 2012年…2013年: every year of the report moves on by one."""
    return re.sub(r"(?<!\d)(\d{4})(?=\s*年)", lambda m: str(int(m.group(1)) + 1)
                  if int(m.group(1)) in (year - 1, year, year + 1) else m.group(1), text)


def _header(raw: CommentedMap, report: ReportInput, year: int) -> CommentedMap:
    header = copy.deepcopy(raw)
    for key in ("copy_number",):
        header.pop(key, None)
    # 代字〔2013〕3号 → 代字〔2014〕3号: a valid number to start from; the sequence is the office's.
    header["number"] = re.sub(r"〔\d{4}〕", f"〔{year + 1}〕", str(raw["number"]))
    header.yaml_add_eol_comment("序号是上年的，请改为实际发文字号", "number")
    return header


def _summary(report: ReportInput) -> CommentedMap:
    summary = CommentedMap()
    plan = report.plan
    if plan is None:
        return summary
    sections = CommentedSeq()
    for i, section in enumerate(plan.sections):
        sections.append(_skeleton(section, 4))
        sections.yaml_set_comment_before_after_key(i, before=_plan_comment(section), indent=4)
    if sections:
        summary["sections"] = sections
    if plan.paragraphs:
        summary.yaml_set_start_comment("上年打算的开头：" + _one_line(" ".join(plan.paragraphs)))
    return summary


def _skeleton(section: Section, dash_column: int) -> CommentedMap:
    node = CommentedMap()
    node["heading"] = section.heading
    if section.sections:
        children = CommentedSeq()
        for i, child in enumerate(section.sections):
            children.append(_skeleton(child, dash_column + 4))
            children.yaml_set_comment_before_after_key(i, before=_plan_comment(child), indent=dash_column + 4)
        node["sections"] = children
    return node


def _plan_comment(section: Section | Part) -> str:
    lines = []
    text = " ".join(text for _, text in block_texts([*section.paragraphs, *section.closing]))
    if text:
        lines.append("上年打算：" + _one_line(text))
    for target in section.targets:
        lines.append(f"[ ] 目标：{_target(target)}（生成时自动核对）")
    lines.append("paragraphs: 请写出完成情况")
    return "\n".join(lines)


def _target(target: Target) -> str:
    value = format(target.value.normalize(), "f")
    return f"{target.label}{value}{target_unit(target, None)}"


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "……"


def _attachments(raw: CommentedMap, report: ReportInput) -> CommentedSeq:
    """Attachments computed from data carry over; written-out ones are the year's own."""
    kept = CommentedSeq()
    for i, attachment in enumerate(report.attachments):
        if attachment.statistics or attachment.sister_cities:
            item = copy.deepcopy(raw["attachments"][i])
            if "{{" not in attachment.title:
                item["title"] = _shift_years(attachment.title, report.year)
            kept.append(item)
    return kept


def _ledgers(report: ReportInput, input_path: Path, target: Path, data: CommentedMap) -> dict[Path, bytes]:
    """Next year's ledger files, empty with this year's headers (never over an existing file)."""
    from reportgen.catalogue import load_catalogue

    files: dict[Path, bytes] = {}
    names = CommentedSeq()
    for name in report.ledger_files or [f"{report.year}-ledger.csv"]:
        new_name = _shift_years_in_name(name, report.year)
        if new_name == name:
            new_name = f"{report.year + 1}-{Path(name).name}"
        old, new = input_path.parent / name, target.parent / new_name
        names.append(new_name)
        if new.exists():
            data.yaml_set_comment_before_after_key("ledger_files", before=f"{new_name} 已存在，保留原样。")
            continue
        if old.suffix.lower() == ".csv" and old.is_file():
            files[new] = _csv_header(old)
        elif old.suffix.lower() in (".xlsx", ".xls", ".et") or not old.is_file():
            catalogue = load_catalogue(report.catalogue, input_path.parent)
            files[new] = _catalogue_csv(catalogue) if new.suffix.lower() == ".csv" else _workbook(catalogue, report)
        else:
            names.pop()  # a YAML ledger: next year's records go where the office decides
    if names:
        data["ledger_files"] = names
        data.yaml_set_comment_before_after_key(
            "ledger_files", before="本年度的活动台账：已建好只有表头的空台账，逐条填写后文中的数字自动计算。")
    return files


def _shift_years_in_name(name: str, year: int) -> str:
    return re.sub(rf"(?<!\d){year}(?!\d)", str(year + 1), name)


def _csv_header(path: Path) -> bytes:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(header)
    return out.getvalue().encode("utf-8")


def _catalogue_csv(catalogue) -> bytes:
    from reportgen.ledger.template import BASE_HEADERS

    dims: list[str] = []
    for kind in catalogue.types.values():
        dims += [d for d in kind.dimensions if d not in dims]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([h for _, h in BASE_HEADERS] + dims)
    return out.getvalue().encode("utf-8")


def _workbook(catalogue, report: ReportInput) -> bytes:
    import tempfile

    from reportgen.ledger.template import write_template

    with tempfile.TemporaryDirectory() as folder:
        path = write_template(catalogue, Path(folder) / "ledger.xlsx", year=report.year + 1)
        return path.read_bytes()


def _relative(path: Path, folder: Path) -> str:
    import os

    return Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix()
