"""Draw a document Layout as PDF, in pure Python (fpdf2), with the Pretendard font embedded.

Why not HTML through a browser or WeasyPrint: the PDF must come out of a machine that has
Python and Node only. WeasyPrint needs pango and cairo, LibreOffice cannot read HWPX (it exits
0 without output), and Debian's chromium draws empty boxes for Hangul until a system font
package is installed. fpdf2 embeds a subset of a TrueType font it is given, so the file shows
the same glyphs on every reader.

The font: Pretendard 1.3.9 (SIL Open Font License 1.1, pinned in package.json), which covers
all 11,172 modern Hangul syllables — unlike the Pretendard GOV subset of krds-uiux (2,780).
scripts/build_assets.py copies its Regular and Bold TrueType files and licence into
gamdong/static/vendor/pretendard/; they are found there by the static files finders (a source
checkout, development, tests) or in STATIC_ROOT after `collectstatic` (`gamdong serve`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from gamdong.review.documents import Layout, Paragraph, Table

FONT_FAMILY = "Pretendard"
FONT_FILES = {
    "": "vendor/pretendard/Pretendard-Regular.ttf",
    "B": "vendor/pretendard/Pretendard-Bold.ttf",
}
# The same sizes as the HWPX (points), A4 with the same margins (millimetres).
POINT_SIZES = {"body": 11, "heading": 12, "title": 17}
PAGE_MARGINS_MM = {"left": 20, "right": 20, "top": 20, "bottom": 15}
LINE_HEIGHT = 1.6  # × the font size, as the HWPX's 160 % line spacing
SPACE_BEFORE_MM = 4.2  # 12 pt
SPACE_AFTER_MM = 1.4  # 4 pt
INDENT_MM = 6
LABEL_FILL = (237, 237, 237)  # #EDEDED
PT_TO_MM = 25.4 / 72


class FontMissing(RuntimeError):
    """The Korean font is not where scripts/build_assets.py puts it."""


class CharactersNotInFont(ValueError):
    """Text the PDF font cannot draw (Hanja, emoji...); fpdf2 would silently leave it out."""

    def __init__(self, characters: list[str]) -> None:
        shown = ", ".join(characters[:10]) + (" 등" if len(characters) > 10 else "")
        super().__init__(
            f"PDF로 쓸 수 없는 글자가 있습니다: {shown}. 한글 등 다른 표기로 바꾸거나 HWPX로 내려받으십시오."
        )
        self.characters = characters


@cache
def font_path(static_path: str) -> Path:
    """The file of a vendored font: from the app's static files, else from STATIC_ROOT."""
    found = finders.find(static_path)
    if found:
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / static_path
    if collected.is_file():
        return collected
    raise FontMissing(
        f"{static_path} is missing: run scripts/build_assets.py (scripts/bootstrap does) "
        "and, for `gamdong serve`, collectstatic"
    )


class _Pdf(FPDF):
    """A4 pages numbered at the foot: - 1 -."""

    def footer(self) -> None:
        self.set_y(-PAGE_MARGINS_MM["bottom"] + 3)
        self.set_font(FONT_FAMILY, "", 9)
        self.cell(0, 5, f"- {self.page_no()} -", align="C")


def _line_height(size: str) -> float:
    return POINT_SIZES[size] * PT_TO_MM * LINE_HEIGHT


def _paragraph(pdf: FPDF, block: Paragraph) -> None:
    if block.space_before:
        pdf.ln(SPACE_BEFORE_MM)
    pdf.set_font(FONT_FAMILY, "B" if block.bold else "", POINT_SIZES[block.size])
    indent = INDENT_MM * block.indent
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(
        pdf.epw - indent,
        _line_height(block.size),
        block.text,
        align={"left": "J", "center": "C", "right": "R"}[block.align],
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(SPACE_AFTER_MM)


def _table(pdf: FPDF, block: Table) -> None:
    pdf.set_font(FONT_FAMILY, "", POINT_SIZES["body"])
    label = FontFace(emphasis="BOLD", fill_color=LABEL_FILL)
    columns = len(block.widths)
    align = tuple(
        "CENTER" if (block.label_column and index == 0) or index in block.centered_columns else "LEFT"
        for index in range(columns)
    )
    with pdf.table(
        col_widths=block.widths,
        text_align=align,
        first_row_as_headings=block.header,
        headings_style=label,
        line_height=_line_height("body"),
        padding=(1, 1.8),
    ) as table:
        for row_index, values in enumerate(block.rows):
            row = table.row()
            for col_index, text in enumerate(values):
                if block.header and row_index == 0:
                    row.cell(text, align="CENTER")
                elif block.label_column and col_index == 0:
                    row.cell(text, style=label)
                else:
                    row.cell(text)
    pdf.ln(SPACE_AFTER_MM)


def write_pdf(layout: Layout) -> bytes:
    """The PDF bytes of the layout, its Korean text drawn in embedded Pretendard."""
    pdf = _Pdf(format="A4", unit="mm")
    for style, static_path in FONT_FILES.items():
        pdf.add_font(FONT_FAMILY, style, str(font_path(static_path)))
    drawable = set.intersection(*(set(pdf.fonts[FONT_FAMILY.lower() + style].cmap) for style in FONT_FILES))
    missing = sorted(c for c in layout.characters() if not c.isspace() and ord(c) not in drawable)
    if missing:
        raise CharactersNotInFont(missing)
    pdf.set_margins(PAGE_MARGINS_MM["left"], PAGE_MARGINS_MM["top"], PAGE_MARGINS_MM["right"])
    pdf.set_auto_page_break(True, margin=PAGE_MARGINS_MM["bottom"] + 5)
    pdf.set_title(layout.title)
    pdf.set_lang("ko-KR")
    pdf.set_creator("gamdong")
    if layout.author:
        pdf.set_author(layout.author)
    pdf.add_page()
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            _paragraph(pdf, block)
        else:
            _table(pdf, block)
    return bytes(pdf.output())
