"""The `reportgen` command: a thin layer over reportgen.build, in Chinese.

Exit status: 0 done, 2 the input, a template or the machine's fonts need
fixing (nothing was written), 1 anything unexpected.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from reportgen.errors import ReportError

EXIT_OK, EXIT_BUG, EXIT_INPUT = 0, 1, 2


class _ChineseFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # argparse also formats a subcommand's name through here, with prefix "".
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _ChineseFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message):
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}：命令行参数有误：{_translate(message)}\n")
        sys.exit(EXIT_INPUT)


def _translate(message: str) -> str:
    for english, chinese in (
        ("the following arguments are required", "缺少参数"),
        ("unrecognized arguments", "不认识的参数"),
        ("invalid choice", "无效的选项"),
        ("expected one argument", "缺少取值"),
        ("argument ", "参数 "),
    ):
        message = message.replace(english, chinese)
    return message


def _formats(text: str) -> tuple[str, ...]:
    from reportgen.build import FORMATS

    chosen = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    wrong = [f for f in chosen if f not in FORMATS]
    if wrong or not chosen:
        raise argparse.ArgumentTypeError(f"格式只能是 docx、pdf 或 docx,pdf，而不是“{text}”")
    return chosen


def _profile_help() -> str:
    from reportgen.layout import STANDARD, VARIANTS

    return "、".join([f"{STANDARD.name}（标准）", *(f"{name}（{label}）" for name, (label, _) in VARIANTS.items())])


def _profile(text: str):
    from reportgen.layout import profile_named

    try:
        return profile_named([part.strip() for part in text.split(",") if part.strip()])
    except KeyError as err:
        raise argparse.ArgumentTypeError(f"没有“{err.args[0]}”这种版式，可选：{_profile_help()}") from None


_PROFILE_HELP = _profile_help()


def parser() -> argparse.ArgumentParser:
    main = _Parser(
        prog="reportgen",
        description="把一年工作的 YAML 记录生成符合 GB/T 9704-2012《党政机关公文格式》的"
                    "年度工作总结和工作打算（可编辑的 DOCX 与 PDF）。",
        epilog="示例：\n  reportgen check inputs/nanchang-waiqiao/2011.yaml\n"
               "  reportgen build inputs/nanchang-waiqiao/2011.yaml -o output",
    )
    commands = main.add_subparsers(dest="command", title="命令", metavar="命令", parser_class=_Parser)

    build = commands.add_parser("build", help="生成 DOCX 和 PDF", description="校验输入并生成报告。")
    build.add_argument("input", type=Path, nargs="+", metavar="输入.yaml",
                       help="一个机关一年的 YAML 文件；给出几个文件或文件夹时批量生成（每个核心一个进程）")
    build.add_argument("-o", "--output", type=Path, default=Path("output"), metavar="目录",
                       help="输出目录（默认 output/）；文件写到 目录/机关/年度/标题.docx|.pdf")
    build.add_argument("--format", type=_formats, default=("docx", "pdf"), metavar="格式",
                       help="docx、pdf 或 docx,pdf（默认两者）")
    build.add_argument("--templates", type=Path, metavar="目录",
                       help="覆盖模板的目录；其中没有的模板仍用随附的模板")
    build.add_argument("--fonts", type=Path, default=Path("fonts"), metavar="目录",
                       help="放正式字体的目录（默认 fonts/），优先于系统字体")
    build.add_argument("--profile", metavar="版式", type=_profile,
                       help=f"版式，覆盖输入中的 profile：{_PROFILE_HELP}；多个用逗号分隔")
    build.add_argument("--archive", action="store_true",
                       help="同时存入归档：输入、DOCX、PDF/A-3b 和清单作为一个新版本，从不覆盖")
    build.add_argument("--archive-root", metavar="目录",
                       help="归档目录（默认取环境变量 REPORTGEN_ARCHIVE，否则 output/archive/）")
    build.add_argument("--strict", action="store_true",
                       help="把提醒（如台账与申报合计不符、上年计划未完成）当作错误，不生成文件")

    check = commands.add_parser("check", help="只校验输入，不生成文件",
                                description="校验输入文件，列出所有错误及其行号。")
    check.add_argument("input", type=Path, metavar="输入.yaml", help="一个机关一年的 YAML 文件")
    check.add_argument("--templates", type=Path, metavar="目录", help="同 build 的 --templates")
    check.add_argument("--strict", action="store_true", help="同 build 的 --strict")
    check.add_argument("--archive-root", metavar="目录", help="同 build 的 --archive-root（查找上年的报告）")
    from reportgen.web import cli as web_cli

    web_cli.add_command(commands)

    from reportgen import workflow_cli
    from reportgen.archive.cli import add_commands as add_archive_commands
    from reportgen.calibrate import cli as calibrate_cli
    from reportgen.lint import cli as lint_cli

    workflow_cli.add_batch_options(build)
    lint_cli.add_command(commands)
    calibrate_cli.add_command(commands)
    add_archive_commands(commands)
    workflow_cli.add_commands(commands)
    return main


def main(argv: list[str] | None = None) -> int:
    """The command line: 0 done, 2 something to fix (nothing written), 1 a bug (its traceback in a log file)."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `reportgen archive list | head`: the reader has gone; nothing is wrong. Python's own
        # advice: point stdout at /dev/null, or flushing it at exit raises again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as err:
        return _unexpected(err, sys.argv[1:] if argv is None else argv)


def _unexpected(err: Exception, argv: list[str]) -> int:
    """Last resort: a Chinese message and the log file's path, never a bare traceback."""
    import datetime as dt
    import platform
    import tempfile
    import traceback

    from reportgen import __version__
    from reportgen.errors import describe_os_error

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    log = Path(tempfile.gettempdir()) / f"reportgen-error-{stamp}-{os.getpid()}.log"
    details = (f"reportgen {__version__}, Python {platform.python_version()}, {platform.platform()}\n"
               f"命令：reportgen {' '.join(argv)}\n\n{traceback.format_exc()}")
    try:
        log.write_text(details, encoding="utf-8")
        saved = f"详细信息已写入 {log}"
    except OSError:
        saved = "详细信息未能写入日志文件"
    if isinstance(err, MemoryError):
        what = "内存不足，没有完成。输入的文件可能过大。"
    elif isinstance(err, OSError):
        what = f"读写文件时出错：{describe_os_error(err)}{f'（{err.filename}）' if err.filename else ''}，没有完成。"
    else:
        what = "reportgen 内部出错，没有完成（这是程序的缺陷，不是您输入的问题）。"
    print(what, file=sys.stderr)
    print(f"{saved}。请把这个文件连同所用的输入文件发给 reportgen 的维护者，以便修复。", file=sys.stderr)
    return EXIT_BUG


def _main(argv: list[str] | None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        parser().print_help()
        return EXIT_INPUT
    try:
        if args.command == "serve":
            from reportgen.web import cli as web_cli

            return web_cli.run(args)
        if args.command == "check":
            return _check(args)
        if args.command == "lint":
            from reportgen.lint import cli as lint_cli

            return lint_cli.run(args)
        if args.command == "calibrate":
            from reportgen.calibrate import cli as calibrate_cli

            return calibrate_cli.run(args)
        if args.command in ("archive", "extract"):
            from reportgen.archive.cli import run as run_archive

            return run_archive(args)
        from reportgen import workflow_cli

        if args.command in workflow_cli.COMMANDS:
            return workflow_cli.run(args)
        if workflow_cli.is_batch(args):
            return workflow_cli.run_batch_build(args)
        args.input = args.input[0]
        return _build(args)
    except ReportError as err:
        count = len(err.problems) + err.omitted
        if args.command == "lint":
            print("无法检查：", file=sys.stderr)
        else:
            print(f"发现 {count} 处问题，未生成任何文件：" if count > 1 else "出错了，未生成任何文件：",
                  file=sys.stderr)
        _print_some(err.problems, err.omitted, "处问题")
        return EXIT_INPUT


def _print_some(items, omitted: int, unit: str) -> None:
    """The first SHOWN_PROBLEMS, then how many more: a million bad rows are not a million lines."""
    from reportgen import limits

    shown = items[: limits.SHOWN_PROBLEMS.value]
    for item in shown:
        print(f"  {item}", file=sys.stderr)
    rest = len(items) - len(shown) + omitted
    if rest:
        print(f"  ……另有 {rest} {unit}未列出。{limits.SHOWN_PROBLEMS.fix}", file=sys.stderr)


def _check(args) -> int:
    from reportgen.build import check

    composed = check(args.input, templates_dir=args.templates, strict=args.strict,
                     previous_lookup=_previous_lookup(args))
    document = composed.document
    _print_warnings(composed.warnings)
    print(f"{args.input}：格式正确（{document.office}，{document.year} 年，{len(document.paragraphs)} 段）")
    return EXIT_OK


def _previous_lookup(args):
    """Last year's input from the archive, when it is neither beside the input nor named in it."""
    from reportgen.archive import previous_lookup
    from reportgen.archive.root import archive_root

    return previous_lookup(archive_root(args.archive_root))


def _print_warnings(warnings) -> None:
    if warnings:
        print(f"提醒（{len(warnings)} 条，不影响生成；加 --strict 则视为错误）：", file=sys.stderr)
        _print_some(warnings, 0, "条提醒")


def _build(args) -> int:
    from reportgen.publish import check_output_dir

    check_output_dir(args.output)  # a file named by -o is found before minutes of rendering
    archived = None
    if args.archive:
        from reportgen.archive import archive_build, archive_root

        archived = archive_build(args.input, archive_root(args.archive_root), out_dir=args.output,
                                 formats=args.format, profile=args.profile, templates_dir=args.templates,
                                 fonts_dir=args.fonts, strict=args.strict)
        for note in archived.notes:
            print(f"注意：{note}", file=sys.stderr)
        result = archived.build
    else:
        from reportgen.build import build

        result = build(args.input, out_dir=args.output, formats=args.format, profile=args.profile,
                       templates_dir=args.templates, fonts_dir=args.fonts, strict=args.strict,
                       previous_lookup=_previous_lookup(args))
    _print_warnings(result.warnings)
    if result.layout_notes:
        print("版式提醒：", file=sys.stderr)
        for note in dict.fromkeys(result.layout_notes):
            print(f"  {note}", file=sys.stderr)
    if result.font_notes:
        print("PDF 字体：")
        for note in result.font_notes:
            print(f"  {note}")
    print("已生成：")
    for path in result.files.values():
        print(f"  {path}")
    if archived is not None:
        print(f"已归档为 {archived.office} {archived.year} 年 第 {archived.revision} 版：{archived.path}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
