"""The parts every official DOCX shares, in the layout of Decree 30/2020/NĐ-CP
(Appendix I): A4, Times New Roman 13–14, the issuing body and number/symbol on the left,
the national motto on the right, place and date, the title, and the signatures.

These python-docx helpers write the document *templates* (gpmb/documents/tools/
build_templates.py): the text they are given is the template's own, Jinja placeholders
included. Documents themselves are rendered from those templates (gpmb.documents.rendering)."""

from __future__ import annotations

from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gpmb.core.text import printable

FONT = "Times New Roman"
MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
CENTER = WD_ALIGN_PARAGRAPH.CENTER


def font(run: Any, size: float = 13, bold: bool = False, italic: bool = False) -> Any:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    # Vietnamese letters may fall in Word's East Asian font slot: name the font there too.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def para(
    container: Any,
    text: str = "",
    *,
    size: float = 13,
    bold: bool = False,
    italic: bool = False,
    align: Any = None,
    space_after: float = 3,
) -> Any:
    p = container.add_paragraph()
    if text:
        font(p.add_run(printable(text)), size, bold, italic)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    return p


def new_document(*, landscape: bool = False) -> Any:
    document = Document()
    section = document.sections[0]
    # Decree 30/2020 Appendix I: A4; margins top/bottom 20–25 mm, left 30–35, right 15–20.
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return document


def heading_block(
    document: Any, *, authority: str, issuer: str, number: str, place_date: str
) -> None:
    """Issuing body and number/symbol (left), motto and place/date (right). Decree 30/2020
    Appendix I: the body's name in capitals (the issuer in bold), "Số:", the motto in
    bold with its second line underlined, place and date in italics."""
    table = document.add_table(rows=1, cols=2)
    _widths(table, [70, 95])  # the motto on one line in 12 pt bold, portrait or landscape
    left, right = table.rows[0].cells
    p = left.paragraphs[0]
    p.alignment = CENTER
    font(p.add_run(authority), 12)
    p = left.add_paragraph()
    p.alignment = CENTER
    font(p.add_run(issuer), 12, bold=True)
    p = left.add_paragraph()
    p.alignment = CENTER
    font(p.add_run(f"Số: {number}"), 13)
    p = right.paragraphs[0]
    p.alignment = CENTER
    font(p.add_run(MOTTO_1), 12, bold=True)
    p = right.add_paragraph()
    p.alignment = CENTER
    font(p.add_run(MOTTO_2), 13, bold=True).font.underline = True
    p = right.add_paragraph()
    p.alignment = CENTER
    font(p.add_run(place_date), 13, italic=True)


def table(
    document: Any,
    headers: list[str],
    rows: list[list[str]],
    *,
    size: float = 11,
    numeric: set[int] | None = None,
    bold_rows: set[int] | None = None,
    widths: list[float] | None = None,
) -> Any:
    t = document.add_table(rows=1, cols=len(headers))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(t.rows[0].cells, headers, strict=True):
        font(cell.paragraphs[0].add_run(text), size, bold=True)
        cell.paragraphs[0].alignment = CENTER
    # The heading row again at the top of every page a long table runs onto.
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    t.rows[0]._tr.get_or_add_trPr().append(repeat)
    for index, values in enumerate(rows):
        cells = t.add_row().cells
        for col, (cell, text) in enumerate(zip(cells, values, strict=True)):
            font(
                cell.paragraphs[0].add_run(printable(text)),
                size,
                bold=index in (bold_rows or set()),
            )
            if numeric and col in numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if widths:
        _widths(t, widths)
    if size < 10:
        _narrow_margins(t)
    return t


def _narrow_margins(t: Any) -> None:
    """Cell margins of 1 mm instead of Word's 1.9 mm: a wide table of amounts in small
    type keeps "4.320.000.000" on one line."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), "57")  # twentieths of a point: 57 ≈ 1 mm
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    t._tbl.tblPr.append(margins)


def _widths(t: Any, widths: list[float]) -> None:
    """Column widths in millimetres, on the grid (LibreOffice reads it) and on every cell
    (Word reads those)."""
    t.autofit = False
    for column, width in zip(t.columns, widths, strict=True):
        column.width = Mm(width)
    for row in t.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)


def signatures(document: Any, left: tuple[str, str], right: tuple[str, str]) -> None:
    """Two signature blocks: (title, note) each; the note is italic (ký, ghi rõ họ tên)."""
    para(document, "")
    t = document.add_table(rows=1, cols=2)
    for cell, (title, note) in zip(t.rows[0].cells, (left, right), strict=True):
        p = cell.paragraphs[0]
        p.alignment = CENTER
        font(p.add_run(title), 13, bold=True)
        p = cell.add_paragraph()
        p.alignment = CENTER
        font(p.add_run(note), 13, italic=True)


def recipients(document: Any, lines: list[str]) -> None:
    p = para(document, "", space_after=0)
    font(p.add_run("Nơi nhận:"), 12, bold=True, italic=True)
    for line in lines:
        para(document, f"- {line};", size=11, space_after=0)
    para(document, "- Lưu: VT.", size=11, space_after=0)
