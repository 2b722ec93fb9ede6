"""`reportgen serve`: the command line of the web editor (reportgen/cli.py adds it)."""

from __future__ import annotations

from pathlib import Path

from reportgen.errors import Problem, ReportError


def add_command(commands) -> None:
    serve = commands.add_parser("serve", help="在浏览器中编辑报告（本机网页，实时预览）",
                                description="启动本机的网页编辑器：表单填写、实时预览页面、保存、生成、归档、检索。")
    serve.add_argument("folder", type=Path, nargs="?", default=Path("."), metavar="文件夹",
                       help="工作文件夹（默认当前文件夹）：其中各机关各年度的 YAML 和台账")
    serve.add_argument("--host", metavar="地址",
                       help="允许其他电脑访问时监听的地址（如 0.0.0.0）；此时须用启动时显示的访问口令")
    serve.add_argument("--port", type=int, default=8765, metavar="端口", help="端口（默认 8765，被占用时往后找）")
    serve.add_argument("--open", action="store_true", help="启动后自动打开浏览器")


def run(args) -> int:
    folder = args.folder
    if not folder.is_dir():
        raise ReportError(Problem(f"找不到文件夹“{folder}”", hint="reportgen serve 后面写放报告输入文件的文件夹。"))
    from reportgen.web.app import serve

    return serve(folder, host=args.host, port=args.port, open_browser=args.open)
