"""How quickly `reportgen serve` redraws the pages after an edit, and whether its memory stays put.

Starts the real server (`python -m reportgen serve`) on a copy of inputs/ in a
scratch folder, opens the example as a browser would (CSRF cookie and header
included), and edits a paragraph again and again:

- time to first page: from starting the process to the first page image
  received, and from opening the example to it;
- preview latency after an edit (median of --edits): from sending the edited
  text to the preview answering with its first stage (the pages, as images) and
  with its second (the pages' texts too); both show the PDF `build` writes;
  the page adds its typing pause (300 ms) before sending;
- server memory (RSS) after 10 previews and after --previews, and the growth.

Prints figures with the targets beside them; never asserts.

    .venv/bin/python benchmarks/bench_serve.py [--edits 20] [--previews 100]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = "nanchang-waiqiao/2011.yaml"
PARAGRAPH = "summary.paragraphs[0]"
TARGET_LATENCY_S = 1.0
TARGET_GROWTH_MB = 50


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of the process so far: unlike wall time, not inflated by
    other processes competing for the two cores."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def line(name: str, value: str, note: str = "") -> None:
    print(f"{name:<34}{value:>22}  {note}".rstrip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--previews", type=int, default=100)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    workspace = scratch / "inputs"
    shutil.copytree(REPO / "inputs", workspace)
    port = free_port()
    env = {**os.environ, "REPORTGEN_ARCHIVE": str(scratch / "archive")}
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "serve", str(workspace), "--port", str(port)],
        cwd=scratch, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=120) as client:
            while True:
                try:
                    client.get("/")
                    break
                except httpx.TransportError:
                    if server.poll() is not None:
                        print(server.stdout.read())
                        return 1
                    time.sleep(0.05)
            headers = {"X-CSRF-Token": client.cookies["reportgen_csrf"]}
            opened = time.perf_counter()
            editor = client.post("/open", data={"path": EXAMPLE}, headers=headers).headers["location"]
            first = client.get(f"{editor}/preview").text
            if "/page/" not in first:
                print(first[:2000])
                return 1
            key = re.search(r"/page/([0-9a-f]{32})\.png", first).group(1)
            client.get(f"/page/{key}.png").raise_for_status()
            now = time.perf_counter()
            line("first_page_from_start_s", f"{now - started:.2f}", "(process start, imports, warm-up, first render)")
            line("first_page_from_open_s", f"{now - opened:.2f}")
            client.get(f"{editor}/preview", params={"stage": "exact"})

            quick, exact, cpu, memory = [], [], [], {}
            total = max(args.edits, args.previews)
            for number in range(1, total + 1):
                text = f"今年以来，我办在市委、市政府的正确领导下开展工作（第{number}次修改）。"
                sent = time.perf_counter()
                cpu_before = cpu_s(server.pid)
                client.post(f"{editor}/set", data={"path": PARAGRAPH, "value": text}, headers=headers)
                answer = client.get(f"{editor}/preview").text
                shown = time.perf_counter()
                cpu_quick = cpu_s(server.pid) - cpu_before
                keys = re.findall(r"/page/([0-9a-f]{32})\.png", answer)
                client.get(f"/page/{keys[0]}.png").raise_for_status()
                page_shown = time.perf_counter()
                done = client.get(f"{editor}/preview", params={"stage": "exact"}).text
                finished = time.perf_counter()
                if f"第{number}次修改" not in re.sub(r"\s+", "", done):
                    print(f"preview {number} does not show the edit")
                    return 1
                if number <= args.edits:
                    quick.append((shown - sent, page_shown - sent))
                    cpu.append(cpu_quick)
                    exact.append(finished - sent)
                if number in (10, args.previews):
                    memory[number] = rss_mb(server.pid)

        q = statistics.median(t for t, _ in quick)
        q_page = statistics.median(t for _, t in quick)
        e = statistics.median(exact)
        met = "met" if q_page <= TARGET_LATENCY_S else "not met"
        line("preview_quick_s", f"median {q:.3f}", f"min {min(t for t, _ in quick):.3f} (n={len(quick)})")
        line("preview_quick_first_image_s", f"median {q_page:.3f}",
             f"target <= {TARGET_LATENCY_S} s after the edit ({met}); +0.3 s typing pause in the page")
        line("preview_quick_server_cpu_s", f"median {statistics.median(cpu):.3f}",
             "(what the quick preview costs the server; the wall time above also waits for other processes)")
        line("preview_exact_s", f"median {e:.3f}",
             f"min {min(exact):.3f} (the pages' texts too, for the outline's expanded figures)")
        line("load_average_1min", f"{os.getloadavg()[0]:.2f}", f"on {os.cpu_count()} cores")
        if 10 in memory and args.previews in memory:
            growth = memory[args.previews] - memory[10]
            met = "met" if growth <= TARGET_GROWTH_MB else "not met"
            line("server_rss_after_10_mb", f"{memory[10]:.1f}")
            line(f"server_rss_after_{args.previews}_mb", f"{memory[args.previews]:.1f}")
            line("server_rss_growth_mb", f"{growth:.1f}", f"target <= {TARGET_GROWTH_MB} MB ({met})")
        return 0
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
