"""Benchmark: 3,000 household plan sheets from the template file, as DOCX and as PDF.

    python bench/document_bench.py [--households 3000] [--pdf 3000] [--chunk 500] [--keep DIR]

Builds `gpmb demo --households N` in a temporary data folder and computes its plans (not
timed), then times, in one process: reading the latest plan versions with their lines,
rendering every plan sheet as DOCX from `plan_sheet.docx` (docxtpl, sandboxed Jinja), and
converting the first `--pdf` of them to PDF with LibreOffice, `--chunk` documents per
`docx_to_pdf_many` call (which runs LibreOffice on 200 files at a time, each run paying
its start once). Target (issue 12): 3,000 household notices as DOCX ≤ 2 min; PDF
measured."""

from __future__ import annotations

import argparse
import subprocess

from demodata import demo_folder

TIMED = r"""
import re, time, resource
from gpmb.plans.models import PlanVersion
from gpmb.plans.queries import latest_versions
from gpmb.cases.models import Case
from gpmb.documents.plans import plan_sheet_docx
from gpmb.documents.pdf import docx_to_pdf_many

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

started, c0 = time.perf_counter(), cpu()
versions = list(
    latest_versions(Case.objects.all())
    .select_related("case__household__head", "case__batch", "case__project__province",
                    "case__commune", "pack")
    .order_by("case__household__code")[:{households}]
)
lines = sum(len(v.lines.all()) for v in versions)
print(f"read {{len(versions)}} versions, {{lines}} lines: "
      f"{{time.perf_counter() - started:.1f}} s wall")

started, c0 = time.perf_counter(), cpu()
docs = {{}}
for v in versions:
    docs[v.case.household.code] = plan_sheet_docx(v, reveal=True)
wall, used = time.perf_counter() - started, cpu() - c0
size = sum(map(len, docs.values()))
print(f"DOCX: {{len(docs)}} plan sheets in {{wall:.1f}} s wall, {{used:.1f}} s CPU "
      f"({{1000 * wall / len(docs):.1f}} ms each), {{size / 2**20:.0f}} MiB")

names = list(docs)[:{pdf}]
if names:
    started = time.perf_counter()
    pages = 0
    for i in range(0, len(names), {chunk}):
        part = {{n: docs[n] for n in names[i:i + {chunk}]}}
        out = docx_to_pdf_many(part)
        pages += sum(len(re.findall(rb"/Type\s*/Page[^s]", p)) for p in out.values())
    wall = time.perf_counter() - started
    print(f"PDF: {{len(names)}} plan sheets ({{pages}} pages) in {{wall:.1f}} s wall "
          f"({{1000 * wall / len(names):.0f}} ms each), {chunk} per call")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--pdf", type=int, default=3000, help="how many to convert to PDF")
    parser.add_argument(
        "--chunk",
        type=int,
        default=500,
        help="documents per docx_to_pdf_many call (it runs LibreOffice on 200 at a time)",
    )
    parser.add_argument("--keep", help="reuse or keep this data folder")
    args = parser.parse_args()
    gpmb, env = demo_folder(args.keep, args.households, "docbench")
    code = TIMED.format(households=args.households, pdf=args.pdf, chunk=args.chunk)
    subprocess.run([gpmb, "shell", "-c", code], env=env, check=True)


if __name__ == "__main__":
    main()
