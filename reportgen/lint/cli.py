"""The `reportgen lint` subcommand: findings for people, or JSON for machines.

reportgen/cli.py adds it with `add_command(subparsers)` and calls `run(args)`;
a missing or unreadable file raises ReportError, which the main command turns
into exit status 2. Otherwise: 1 when there is an error, 0 when there is none.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from reportgen.layout import PROFILES, STANDARD
from reportgen.lint import lint
from reportgen.lint.model import Finding

SEVERITY = {"error": "错误", "warning": "提醒"}


def add_command(subparsers) -> None:
    command = subparsers.add_parser(
        "lint",
        help="检查现有的 DOCX 或 PDF 是否符合公文格式",
        description="按 GB/T 9704-2012 检查一份现有的 DOCX 或 PDF（手工排版的也可以）：纸张、页边距、"
                    "字体字号、行距、页码、成文日期、发文字号、标题序号。每处问题注明条款、位置和原文；"
                    "有错误时退出状态为 1，没有错误为 0。",
    )
    command.add_argument("file", type=Path, metavar="FILE", help="要检查的 .docx 或 .pdf 文件")
    command.add_argument("--profile", choices=sorted(PROFILES), default=STANDARD.name, metavar="NAME",
                         help=f"按哪套版式检查（可选：{'、'.join(sorted(PROFILES))}；默认 {STANDARD.name}）")
    command.add_argument("--json", action="store_true", help="以 JSON 输出检查结果，供程序读取")
    command.add_argument("--input", type=Path, metavar="YAML",
                         help="生成这份报告的输入文件：按其中选定的编号方式（从“三、”起、第一部分、接续编号、"
                              "无序号标题）检查标题序号")


def run(args: argparse.Namespace) -> int:
    out = sys.stdout
    declared = ()
    if getattr(args, "input", None) is not None:
        from reportgen.lint.declared import declared_headings

        declared = declared_headings(args.input)
    findings = lint(Path(args.file), PROFILES[args.profile], declared)
    if args.json:
        json.dump([asdict(f) for f in findings], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for finding in findings:
            out.write(format_finding(finding) + "\n")
        out.write(summary(findings) + "\n")
    return 1 if any(f.severity == "error" for f in findings) else 0


def format_finding(finding: Finding) -> str:
    where = f"{finding.where} “{finding.quote}”" if finding.quote else finding.where
    return f"{SEVERITY[finding.severity]}  {finding.clause}  {where}  {finding.message}"


def summary(findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    return f"共 {errors} 处错误，{len(findings) - errors} 处提醒"
