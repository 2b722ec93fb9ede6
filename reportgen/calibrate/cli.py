"""The `reportgen calibrate` subcommand (reportgen/cli.py adds it)."""

from __future__ import annotations

import argparse
from pathlib import Path

from reportgen.layout import PROFILES


def add_command(subparsers) -> None:
    command = subparsers.add_parser(
        "calibrate",
        help="测量本机字体在 PDF 和 LibreOffice 中的位置（换用正式字体后运行一次）",
        description="用本机的字体（fonts/ 文件夹中的正式字体，或系统字体）排一份测量用的报告，"
                    "分别用 WeasyPrint 和 LibreOffice 生成 PDF，量出页码、版头分隔线和发文机关标志的位置，"
                    "算出让它们落在 GB/T 9704-2012 规定位置所需的设置，写入 fonts/calibrations.yaml。"
                    "此后生成报告时自动使用（docs/calibration.md）。",
    )
    command.add_argument("--fonts", type=Path, default=Path("fonts"), metavar="目录",
                         help="放正式字体的目录（默认 fonts/）；测量结果写入其中的 calibrations.yaml")
    command.add_argument("--profile", choices=sorted(PROFILES), action="append", metavar="版式",
                         help="只测量这些版式用到的字体和行距（可重复；默认全部版式）")
    command.add_argument("--output", type=Path, metavar="文件",
                         help="写到这个文件，而不是字体目录中的 calibrations.yaml")


def run(args: argparse.Namespace) -> int:
    from reportgen.calibrate.measure import calibrations_file, measure, merge, write_calibrations
    from reportgen.calibration import LABELS, UNITS, read_measurements

    fonts_dir = args.fonts if args.fonts.is_dir() else None
    profiles = [PROFILES[name] for name in args.profile] if args.profile else None
    found = measure(profiles, fonts_dir)
    target = calibrations_file(args.fonts, args.output)
    existing = read_measurements(target) if target.is_file() else ()
    write_calibrations(target, merge(existing, [item.measurement for item in found]))
    print("测量结果：")
    for item in found:
        m = item.measurement
        value = f"{m.value.mm:.2f} 毫米" if UNITS[m.quantity] == "mm" else f"{m.value.pt:.2f} 磅"
        print(f"  {m.renderer.value.upper():4} {LABELS[m.quantity]}  {m.face} {m.at.pt:g} 磅：{value}"
              f"（原设置下实测 {item.reached.mm:.2f} 毫米，应为 {item.target.mm:.2f} 毫米）")
    print(f"已写入 {target}")
    return 0
