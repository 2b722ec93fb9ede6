"""The commands that start an office's inputs from what it has, and build many at once:
`import`, `new`, `ledger-template`, `schema`, and `build` of a folder or several files.

reportgen/cli.py adds them with `add_commands(subparsers)` and calls `run(args)`
(and `run_batch_build(args)` for a batch); ReportError becomes exit status 2 there.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

COMMANDS = ("import", "new", "ledger-template", "schema")


def add_commands(commands) -> None:
    imp = commands.add_parser(
        "import", help="把现有的 Word/WPS 报告（或 PDF）转成输入文件",
        description="读取一份现有的报告（Word 或 WPS 保存的 .docx；也可以是有文字层的 PDF，尽力识别），"
                    "识别标题、主送机关、各级标题及其层次、段落、表格、附件、署名和日期、版头和版记，"
                    "写成带注释的 YAML 输入文件。用它生成，就得到同样文字的标准格式报告。"
                    "不能识别或暂时不能写进输入的内容按普通段落保留，并列出提醒（注明第几段）。",
    )
    imp.add_argument("file", type=Path, metavar="报告.docx", help="要导入的 .docx 或 .pdf 文件")
    imp.add_argument("-o", "--output", type=Path, metavar="输入.yaml",
                     help="写到哪个文件（默认与报告同名、扩展名 .yaml）；已有的文件不会被覆盖")

    new = commands.add_parser(
        "new", help="由今年的输入生成明年的输入骨架",
        description="由一年的输入生成下一年的输入：机关、主送机关、版头、友城名录、活动类型目录照搬；"
                    "上年的工作打算变成工作总结的各个标题，注释中附上当时的打算和可量化目标；"
                    "建好只有表头的空台账。已有的文件不会被覆盖。",
        epilog="示例：\n  reportgen new inputs/nanchang-waiqiao/2011.yaml\n"
               "  reportgen new --office 南昌市外事侨务办公室 --year 2011 -o 2012.yaml",
    )
    new.add_argument("input", type=Path, nargs="?", metavar="输入.yaml", help="今年的输入文件")
    new.add_argument("-o", "--output", type=Path, metavar="输入.yaml",
                     help="写到哪个文件（默认与今年的输入同一文件夹，文件名为下一年，如 2012.yaml）")
    new.add_argument("--office", metavar="机关", help="从归档中取这个机关的输入（与 --year 一起用）")
    new.add_argument("--year", type=int, metavar="年度", help="从归档中取这一年的输入（与 --office 一起用）")
    new.add_argument("--archive-root", metavar="目录",
                     help="归档目录（默认取环境变量 REPORTGEN_ARCHIVE，否则 output/archive/）")

    template = commands.add_parser(
        "ledger-template", help="按活动类型目录生成 Excel 台账模板",
        description="按活动类型目录生成一个 .xlsx 台账：表头带说明，类型和分类有下拉列表，日期列为日期格式，"
                    "并有一行示例（标签为“示例”的行不计入统计）。",
    )
    template.add_argument("file", type=Path, metavar="台账.xlsx", help="要生成的文件；已有的文件不会被覆盖")
    template.add_argument("--catalogue", default="foreign-affairs", metavar="目录",
                          help="随附目录的名称或目录 .yaml 文件（默认 foreign-affairs）")
    template.add_argument("--per-type", action="store_true", help="每种活动类型一个工作表（默认一个工作表加“类型”列）")
    template.add_argument("--year", type=int, metavar="年度", help="示例行的年份（默认今年）")

    schema = commands.add_parser(
        "schema", help="打印输入文件（或活动类型目录）的 JSON Schema",
        description="打印输入文件的 JSON Schema（字段的中文标题和说明），供编辑器补全和检查。"
                    "导入和 new 生成的文件第一行是 # yaml-language-server: $schema=…，并在旁边写好 schema 文件。",
    )
    schema.add_argument("--catalogue", action="store_true", help="打印活动类型目录的 JSON Schema")
    schema.add_argument("-o", "--output", type=Path, metavar="文件", help="写到文件而不是屏幕")


def add_batch_options(build) -> None:
    build.add_argument("-j", "--jobs", type=int, metavar="N",
                       help="同时生成几份（默认每个处理器核心一份）；只在生成多个输入时有用")


def is_batch(args: argparse.Namespace) -> bool:
    inputs = args.input if isinstance(args.input, list) else [args.input]
    return len(inputs) > 1 or any(path.is_dir() for path in inputs)


def run(args: argparse.Namespace) -> int:
    if args.command == "import":
        return _import(args)
    if args.command == "new":
        return _new(args)
    if args.command == "ledger-template":
        return _ledger_template(args)
    return _schema(args)


def _import(args) -> int:
    from reportgen.importer import write_import

    target, imported = write_import(args.file, args.output)
    if imported.warnings:
        print(f"提醒（{len(imported.warnings)} 条，也写在输入文件的开头）：", file=sys.stderr)
        for warning in imported.warnings:
            print(f"  {warning}", file=sys.stderr)
    print(f"已导入：{target}")
    print(f"下一步：reportgen check {target}，再 reportgen build {target}")
    return 0


def _new(args) -> int:
    from reportgen.errors import Problem, ReportError
    from reportgen.scaffold import scaffold_from_archive, scaffold_next_year

    if args.input is not None:
        target = scaffold_next_year(args.input, args.output)
    elif args.office and args.year:
        from reportgen.archive.root import archive_root

        target = scaffold_from_archive(args.office, args.year, args.output or Path(f"{args.year + 1}.yaml"),
                                       archive_root(args.archive_root))
    else:
        raise ReportError(Problem("请给出今年的输入文件，或用 --office 和 --year 指定归档中的报告",
                                  hint="例如 reportgen new 2011.yaml"))
    print(f"已生成：{target}")
    return 0


def _ledger_template(args) -> int:
    from reportgen.catalogue import load_catalogue
    from reportgen.ledger.template import write_template

    catalogue = load_catalogue(args.catalogue, Path.cwd())
    path = write_template(catalogue, args.file, "per-type" if args.per_type else "single", args.year)
    print(f"已生成：{path}")
    return 0


def _schema(args) -> int:
    from reportgen.json_schema import schema_text

    text = schema_text("catalogue" if args.catalogue else "input")
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"已写入：{args.output}")
    else:
        sys.stdout.write(text)
    return 0


def run_batch_build(args: argparse.Namespace) -> int:
    """Build every input named (files, folders): a progress bar, then a table; 1 if any failed."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from reportgen.batch import BatchOptions, find_inputs, run_batch
    from reportgen.errors import Problem, ReportError

    if args.archive:
        raise ReportError(Problem("批量生成时暂不支持 --archive", hint="请逐个输入文件加 --archive 生成并归档。"))
    inputs = find_inputs(args.input)
    from reportgen.archive.root import archive_root

    options = BatchOptions(out_dir=args.output, formats=args.format, profile=args.profile,
                           templates_dir=args.templates, fonts_dir=args.fonts, strict=args.strict,
                           archive_root=archive_root(args.archive_root))
    err = Console(stderr=True)
    with Progress(TextColumn("生成"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=err, transient=True) as progress:
        task = progress.add_task("", total=len(inputs))

        def done(result) -> None:
            progress.update(task, advance=1, description=result.input.name)

        results = run_batch(inputs, options, jobs=args.jobs, done=done)
    table = Table(title=f"共 {len(results)} 份")
    for name, justify in (("输入", "left"), ("页数", "right"), ("提醒", "right"), ("秒", "right"), ("结果", "left")):
        table.add_column(name, justify=justify)
    for result in results:
        table.add_row(_shown(result.input), str(result.pages) if result.pages else "—", str(len(result.warnings)),
                      f"{result.seconds:.1f}", "成功" if result.ok else "[red]失败[/red]")
    out = Console()
    if not out.is_terminal:
        out = Console(width=400)  # a log or a pipe: whole paths, no folding
    out.print(table)
    failed = [r for r in results if not r.ok]
    for result in failed:
        err.print(f"[red]{result.input}[/red] 未生成：", highlight=False)
        for problem in result.problems:
            err.print(f"  {problem}", highlight=False, markup=False, soft_wrap=True)
    for result in results:
        for warning in result.warnings:
            err.print(f"提醒：{warning}", highlight=False, markup=False, soft_wrap=True)
    if failed:
        err.print(f"{len(failed)} 份失败，{len(results) - len(failed)} 份成功。", highlight=False)
        return 1
    return 0


def _shown(path: Path) -> str:
    """A path as short as it can be said: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
