"""Where a command's time goes, stage by stage, in one new process: the imports, load,
fonts, layout, painting, the PDF/X pass, the preflight, the picture.

`python bench/stages.py check|print|preview EDITION.yaml OUT` prints JSON: a list of
[stage, CPU seconds]. It calls the same functions the command does, in the same order,
timing each; `bench/run.py` runs it several times and keeps each stage's minimum
(the least disturbed by other jobs on the machine).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def stages(command: str, edition: str, out: str) -> list[tuple[str, float]]:
    marks: list[tuple[str, float]] = []
    last = [time.process_time()]

    def mark(name: str) -> None:
        now = time.process_time()
        marks.append((name, now - last[0]))
        last[0] = now

    import click  # noqa: F401

    mark("import click")
    from layout import commands
    from layout.compose import kept
    from layout.model import kept as kept_model

    kept.enable()       # as the program does (cli._one_shot): body paragraphs kept on disk,
    kept_model.enable()     # and the validated edition (PyYAML and the loader imported only to load it)
    mark("import commands (model)")
    from layout.flow.engine import lay_out
    from layout.flow.texts import text_by_role
    from layout.fonts.book import FontBook

    mark("import flow, compose, fonts")
    if command == "print":
        from layout.output import pdfx, printpdf
        from layout.output.atomic import write_bytes
        from layout.output.preflight import preflight

        mark("import print output (ReportLab, painter)")
        import pikepdf  # noqa: F401

        mark("import pikepdf")
    elif command == "preview":
        from layout.output import preview

        mark("import preview output (painter, screen PDF)")
    page = 1
    ed = kept_model.load(edition, {page} if command == "preview" else None)
    mark("load the edition (kept when unchanged)" + (" (page 1's copy)" if command == "preview" else ""))
    by_role = text_by_role(ed)
    book = FontBook.for_edition(ed, chars=set().union(*by_role.values()))     # as commands._with_fonts
    for role, chars in by_role.items():
        book.ensure(chars, roles=[role])
    mark("fonts: metrics of the faces")
    result = lay_out(ed, book, {page} if command == "preview" else None)
    mark("layout" + (" (page 1's articles)" if command == "preview" else ""))
    b = commands.Build(ed, book, result)
    if command == "print":
        make_pdfx = pdfx.make_pdfx

        def timed_pdfx(data: bytes, info: Any) -> bytes:
            mark("paint and save with ReportLab (font programs included)")
            done = make_pdfx(data, info)
            mark("PDF/X pass (pikepdf)")
            return done

        printpdf.make_pdfx = timed_pdfx    # type: ignore[assignment]
        data, _ = printpdf.render_print_pdf(b)
        write_bytes(out, data)
        mark("write the file")
        preflight(data, ink_limit=ed.page.print.ink_limit)
        mark("preflight of the output")
    elif command == "preview":
        pdf = preview.page_pdf(b, page)
        mark("paint page 1 (screen PDF, font programs included)")
        _, png = preview.render_png(pdf, 100)
        mark("rasterise with PDFium and deflate the rows at once (PDFium's loading included)")
        preview.write_bytes(out, png)
        mark("write the file")
    return marks


if __name__ == "__main__":
    print(json.dumps(stages(sys.argv[1], sys.argv[2], sys.argv[3])))
