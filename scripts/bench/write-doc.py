#!/usr/bin/env python3
"""Rewrites the generated section of docs/BENCHMARKS.md from one scripts/bench.sh run's output.

Usage: write-doc.py BENCH_OUTPUT DOC [PART]
Every "name: value unit" line of the output is a figure; the section between the markers is replaced by a table of
them, with the date, the machine and the part of the benchmark that ran. Figures of parts that did not run are
kept from the previous run, marked with their date, so the page always shows every figure once; the figures of a
part that ran are all this run's (a figure that part no longer prints is dropped, not kept stale).
"""
import datetime
import os
import platform
import re
import sys

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
FIGURE = re.compile(r"^([a-z0-9]+(?:_[a-z0-9]+)+): (.+)$")
ROW = re.compile(r"^\| `([a-z0-9_]+)` \| (.+?) \| (.+?) \|$")
PARTS = {"import": ("import_",), "ocr": ("ocr_",), "serving": ("nearest_", "postgis_"), "odata": ("odata_",)}


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpu:
            model = next((l.split(":", 1)[1].strip() for l in cpu if l.startswith("model name")), "")
    except OSError:
        pass
    return f"{os.cpu_count()} cores{', ' + model if model else ''}, {platform.system()} {platform.release()}"


def main():
    output, doc = sys.argv[1], sys.argv[2]
    part = sys.argv[3] if len(sys.argv) > 3 else "all"
    today = datetime.date.today().isoformat()
    figures = {}
    with open(output, encoding="utf-8") as f:
        for line in f:
            m = FIGURE.match(line.strip())
            if m:
                figures[m.group(1)] = (m.group(2), today)
    with open(doc, encoding="utf-8") as f:
        text = f.read()
    if BEGIN not in text or END not in text:
        sys.exit(f"{doc}: no {BEGIN} … {END} section to rewrite")
    head, rest = text.split(BEGIN, 1)
    old, tail = rest.split(END, 1)
    for line in old.splitlines():
        m = ROW.match(line.strip())
        ran = PARTS.get(part, sum(PARTS.values(), ()))
        if m and m.group(1) not in figures and not m.group(1).startswith(ran):
            figures[m.group(1)] = (m.group(2), m.group(3))
    command = "scripts/bench.sh" + ("" if part == "all" else f" {part}")
    lines = [BEGIN, "", f"Last run: {today} (`{command}`), on {machine()}.", "",
             "| figure | value | measured |", "|---|---|---|"]
    lines += [f"| `{name}` | {value} | {when} |" for name, (value, when) in sorted(figures.items())]
    lines += ["", END]
    with open(doc, "w", encoding="utf-8") as f:
        f.write(head + "\n".join(lines) + tail)
    print(f"{doc}: {len(figures)} figures")


if __name__ == "__main__":
    main()
