"""`reportgen archive …` and `reportgen extract`: the archive's command line, in Chinese.

reportgen/cli.py calls add_commands() while building its parser and hands
the parsed arguments of these commands to run(). Exit status: 0 done,
1 `archive verify` found changed or missing files, 2 the input needs fixing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from reportgen.errors import Problem, ReportError, describe_os_error

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
KIND_LABELS = {"built": "生成", "imported": "导入"}
ROOT_HELP = "归档目录（默认取环境变量 REPORTGEN_ARCHIVE，否则 output/archive/）"


def _year(text: str) -> int:
    from reportgen.archive.store import MAX_YEAR, MIN_YEAR

    if text.strip().isdigit() and MIN_YEAR <= int(text) <= MAX_YEAR:
        return int(text)
    raise argparse.ArgumentTypeError(f"年度应是四位数字，如 2011，而不是“{text}”")


def _positive(text: str) -> int:
    if text.strip().isdigit() and int(text) > 0:
        return int(text)
    raise argparse.ArgumentTypeError(f"应是正整数，而不是“{text}”")


def add_commands(subparsers) -> None:
    """Add `archive` (with its sub-commands) and `extract` to the main parser's sub-commands."""
    archive = subparsers.add_parser(
        "archive", help="归档：列出、查看、检索、核对、导入历年报告",
        description="历年报告的归档：每次 reportgen build --archive 都存为一个新版本，从不覆盖。",
        epilog="示例：\n  reportgen archive list --office 南昌\n  reportgen archive search 友城 --year 2011\n"
               "  reportgen archive show 南昌市外事侨务办公室 2011\n  reportgen archive verify",
    )
    commands = archive.add_subparsers(dest="archive_command", title="归档命令", metavar="归档命令", required=True)

    listing = commands.add_parser("list", help="列出归档的报告", description="列出归档中的报告及其各个版本。")
    _filters(listing)
    _root(listing)

    show = commands.add_parser("show", help="查看一份报告的归档详情",
                               description="显示一份报告某个版本（默认最新版本）的清单、文件和摘要。")
    show.add_argument("office", metavar="机关", help="机关全称（或能唯一确定机关的一部分）")
    show.add_argument("year", type=_year, metavar="年度", help="报告年度，如 2011")
    show.add_argument("--revision", type=_positive, metavar="N", help="第几版（默认最新）")
    _root(show)

    search = commands.add_parser("search", help="在历年报告的全文中检索",
                                 description="在归档的全部报告（含导入的旧报告）中检索文字，任意长度，两个字如“友城”也可。")
    search.add_argument("query", metavar="检索词", help="要找的文字")
    _filters(search)
    search.add_argument("--limit", type=_positive, default=50, metavar="N", help="最多显示几份报告（默认 50）")
    search.add_argument("--all", action="store_true", dest="all_revisions",
                        help="显示每个符合的版本（默认每份报告只显示最新的符合版本）")
    _root(search)

    verify = commands.add_parser(
        "verify", help="核对归档文件是否完好",
        description="重新计算每个归档文件的 SHA-256，与清单比对；有文件被改动或缺失时退出状态为 1。",
    )
    _root(verify)

    reindex = commands.add_parser("reindex", help="从归档文件重建检索索引",
                                  description="丢弃检索索引，从归档目录中的文件重新建立。")
    _root(reindex)

    imported = commands.add_parser(
        "import", help="导入使用 reportgen 之前写成的报告（DOCX 或 PDF）",
        description="把旧报告的原文件存入归档并索引其文字，使检索覆盖使用本工具之前的年份。",
    )
    imported.add_argument("file", type=Path, metavar="文件", help="旧报告的 .docx 或 .pdf 文件")
    imported.add_argument("--office", required=True, metavar="机关", help="发文机关全称")
    imported.add_argument("--year", type=_year, required=True, metavar="年度", help="报告年度，如 2010")
    imported.add_argument("--title", metavar="标题", help="报告标题（默认取文件名）")
    _root(imported)

    extract = subparsers.add_parser(
        "extract", help="从归档 PDF 中取出输入 YAML",
        description="取出归档 PDF 中嵌入的输入 YAML 及其引用的文件（台账、目录、上年的输入），"
                    "保持相对位置；用 reportgen build 生成它，得到同样的文字。",
    )
    extract.add_argument("pdf", type=Path, metavar="文件.pdf", help="reportgen build --archive 生成的 PDF")
    extract.add_argument("-o", "--output", type=Path, metavar="目录",
                         help="写到哪个文件夹（默认当前目录下的“PDF 文件名-输入”）；不覆盖已有的文件")


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--office", metavar="机关", help="只看此机关（可写名称的一部分）")
    parser.add_argument("--year", type=_year, metavar="年度", help="只看此年度")


def _root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--archive-root", metavar="目录", help=ROOT_HELP)


def run(args: argparse.Namespace) -> int:
    """Carry out `archive …` or `extract`; problems are printed in Chinese (exit 2)."""
    try:
        if args.command == "extract":
            return _extract(args)
        if args.command == "archive":
            return _HANDLERS[args.archive_command](args)
        raise ValueError(f"not an archive command: {args.command!r}")
    except ReportError as err:
        print("出错了：" if len(err.problems) == 1 else f"发现 {len(err.problems)} 处问题：", file=sys.stderr)
        for problem in err.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_INPUT


def _open(args):
    from reportgen.archive import Archive, archive_root

    archive = Archive.open(archive_root(args.archive_root))
    _notes(archive.notes)
    return archive


def _notes(notes) -> None:
    for note in notes:
        print(f"注意：{note}", file=sys.stderr)


def _when(created: str) -> str:
    """The UTC time of the manifest in the machine's local time, to the minute."""
    try:
        moment = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return created
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _list(args) -> int:
    with _open(args) as archive:
        rows = archive.list(args.office, args.year)
    if not rows:
        print("归档中没有符合条件的报告。")
        return EXIT_OK
    for row in rows:
        print(f"{row.office}  {row.year} 年  第 {row.revision} 版  {KIND_LABELS[row.kind]}  "
              f"{_when(row.created)}  {row.title}")
    reports = len({(row.office, row.year) for row in rows})
    print(f"共 {reports} 份报告，{len(rows)} 个版本。")
    return EXIT_OK


def _show(args) -> int:
    with _open(args) as archive:
        info = archive.show(args.office, args.year, args.revision)
    manifest = info.manifest
    print(f"{manifest.office} {manifest.year} 年 第 {info.ref.revision} 版"
          f"（共 {len(info.revisions)} 版：{'、'.join(map(str, info.revisions))}）")
    print(f"标题：{manifest.title}")
    source = f"导入（原文件 {manifest.source_name}）" if manifest.imported else "reportgen 生成"
    print(f"来源：{source}")
    print(f"归档时间：{_when(manifest.created)}（UTC {manifest.created}）")
    print(f"reportgen 版本：{manifest.reportgen_version}")
    if not manifest.imported:
        print(f"模板摘要：{manifest.template_digest}")
        print(f"版式摘要：{manifest.profile_digest}")
    print(f"目录：{info.ref.path}")
    print("文件：")
    for name, digest in sorted(manifest.files.items()):
        size = info.sizes[name]
        shown = "缺失" if size is None else f"{size} 字节"
        print(f"  {name}  {shown}  SHA-256 {digest}")
    return EXIT_OK


def _search(args) -> int:
    with _open(args) as archive:
        result = archive.search(args.query, args.office, args.year, args.limit, args.all_revisions)
    if not result.hits:
        print(f"没有找到“{args.query.strip()}”。")
        return EXIT_OK
    for hit in result.hits:
        row = hit.row
        extra = f"，另有 {hit.earlier} 个较早版本也含此词" if hit.earlier else ""
        print(f"{row.office}  {row.year} 年  第 {row.revision} 版  {KIND_LABELS[row.kind]}"
              f"（本版 {hit.count} 处{extra}）")
        print(f"  {hit.snippet}")
    unit = "个版本" if args.all_revisions else "份报告"
    shown = f"，只显示前 {len(result.hits)} {unit[0]}" if result.total > len(result.hits) else ""
    print(f"共 {result.total} {unit}含“{args.query.strip()}”{shown}。")
    return EXIT_OK


def _verify(args) -> int:
    with _open(args) as archive:
        report = archive.verify()
    for folder in report.staging:
        print(f"提示：{folder} 是中断的归档留下的临时目录，已忽略（下次归档时自动清除）", file=sys.stderr)
    if report.ok:
        print(f"已核对 {report.revisions} 个版本、{report.files} 个文件：全部完好。")
        return EXIT_OK
    print(f"已核对 {report.revisions} 个版本、{report.files} 个文件，发现 {len(report.findings)} 处问题：")
    for finding in report.findings:
        print(f"  {finding}")
    return EXIT_FINDINGS


def _reindex(args) -> int:
    with _open(args) as archive:
        count = archive.reindex()
        print(f"已从归档文件重建索引：{count} 个版本（{archive.index.path}）。")
    return EXIT_OK


def _import(args) -> int:
    from reportgen.archive import archive_root, import_report

    archived = import_report(archive_root(args.archive_root), args.file, args.office, args.year, args.title)
    _notes(archived.notes)
    print(f"已导入为 {archived.office} {archived.year} 年 第 {archived.revision} 版：{archived.path}")
    if archived.text_chars == 0:
        print("注意：未能从文件中提取到文字（可能是扫描件），原文件已归档，但检索不到其内容。", file=sys.stderr)
    return EXIT_OK


def _extract(args) -> int:
    from reportgen.archive import extract_inputs

    inputs = extract_inputs(args.pdf)
    # In the current folder by default, not beside the PDF: an archived PDF sits
    # in a sealed revision folder, where an extra file would fail `archive verify`.
    folder = args.output or Path(f"{args.pdf.stem}-输入")
    _check_targets(folder, inputs.files)  # every name and every folder on the way, before the first file
    try:
        main = inputs.write(folder)
    except OSError as err:
        raise ReportError(Problem(f"无法写入：{describe_os_error(err)}", file=err.filename or str(folder),
                                  hint="请用 -o 指定另一个文件夹。")) from None
    print(f"已取出 {len(inputs.files)} 个文件到 {folder}：")
    for name in sorted(inputs.files, key=lambda name: name != inputs.main):
        print(f"  {folder / name}")
    print(f"重新生成：reportgen build {main}")
    return EXIT_OK


def _check_targets(folder: Path, names) -> None:
    """What `extract` will write must fit the file system, stay in `folder` and replace nothing.

    Checked for every file before the first is written: a name over the file
    system's limit (255 bytes on most) used to fail after two of three files;
    a symbolic link already inside the folder would have been written through
    (the last part of a path cannot be one: InputSet.write opens with O_EXCL).
    """
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        name_max = os.pathconf(existing, "PC_NAME_MAX")
    except (OSError, ValueError):
        name_max = 255
    if folder.exists() and not folder.is_dir():
        raise ReportError(Problem("这是一个文件，不是文件夹", file=str(folder), hint="请用 -o 指定一个文件夹。"))
    problems = []
    for name in sorted(names):  # files already there: InputSet.write refuses them, as it always did
        for part in (folder.name, *name.split("/")):
            size = len(part.encode("utf-8"))
            if size > name_max:
                shown = part if len(part) <= 40 else part[:39] + "…"
                problems.append(Problem(
                    f"名称“{shown}”有 {size} 字节，超过文件系统的上限 {name_max} 字节，无法写入", file=str(folder),
                    hint="请用 -o 指定一个名称较短的文件夹；附件名过长的 PDF 不是 reportgen 生成的。",
                ))
        step = folder
        for part in name.split("/"):
            step = step / part
            if step.is_symlink():
                problems.append(Problem(
                    f"“{step}”是一个符号链接：extract 不会通过它写到文件夹之外，未取出任何文件",
                    file=str(folder), hint="请用 -o 指定一个新的空文件夹。",
                ))
                break
    if problems:
        raise ReportError(list(dict.fromkeys(problems)))


_HANDLERS = {
    "list": _list, "show": _show, "search": _search, "verify": _verify, "reindex": _reindex, "import": _import,
}
