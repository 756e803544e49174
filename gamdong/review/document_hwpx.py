"""Draw a document Layout as HWPX (the OWPML word-processor format Korean offices file and sign).

Written with python-hwpx, which builds the package (mimetype first, manifest, header and
section XML) and validates it: the section and header XML against the OWPML schemas, the
package's parts against its manifest. A file that fails that check is never handed out.

Only the documented, non-deprecated API of python-hwpx 6.x is used: `doc.styles.ensure_run`
for character styles, `doc.styles.apply_paragraph_format` for alignment and spacing,
`doc.add_table` with `set_column_widths`, `set_cell_text` and `set_cell_shading`.
"""

from __future__ import annotations

import datetime as dt

from hwpx import HwpxDocument, validate_package

from gamdong.review.documents import Layout, Paragraph, Table

# Character sizes in points; the HWP default body size is 10 pt, official letters use 11–12.
POINT_SIZES = {"body": 11, "heading": 12, "title": 17}
ALIGNMENT = {"left": "JUSTIFY", "center": "CENTER", "right": "RIGHT"}
INDENT_MM = 6  # one level of the 가., 나. items
LABEL_SHADING = "#EDEDED"
PAGE_MARGINS_MM = {"left": 20, "right": 20, "top": 20, "bottom": 15}


class _Writer:
    def __init__(self) -> None:
        self.doc = HwpxDocument.new()
        self.doc.page.setup(paper_size="A4", margins_mm=PAGE_MARGINS_MM)
        self.doc.page.set_page_number(position="BOTTOM_CENTER", prefix="- ", suffix=" -")
        self._run_styles: dict[tuple[bool, str], str] = {}
        # A new document starts with one empty paragraph that carries the section's
        # properties; the first block is written into it instead of below it.
        self._first_paragraph = self.doc.paragraphs[0]

    def run_style(self, *, bold: bool, size: str) -> str:
        key = (bold, size)
        if key not in self._run_styles:
            self._run_styles[key] = self.doc.styles.ensure_run(bold=bold, size=POINT_SIZES[size])
        return self._run_styles[key]

    def _new_paragraph(self):
        if self._first_paragraph is not None:
            paragraph, self._first_paragraph = self._first_paragraph, None
            return paragraph
        # Not inheriting the previous paragraph's shape: an indented 가. item must not pass
        # its indentation on to the paragraph after it.
        return self.doc.add_paragraph("", include_run=False, inherit_style=False)

    def paragraph(self, block: Paragraph) -> None:
        paragraph = self._new_paragraph()
        paragraph.add_run(block.text, char_pr_id_ref=self.run_style(bold=block.bold, size=block.size))
        self.doc.styles.apply_paragraph_format(
            paragraphs=[paragraph],
            alignment=ALIGNMENT[block.align],
            spacing_before_pt=12 if block.space_before else 0,
            spacing_after_pt=4,
            indent_left_mm=INDENT_MM * block.indent,
            line_spacing_percent=160,
        )

    def table(self, block: Table) -> None:
        if self._first_paragraph is not None:  # a table never opens a document; keep the order anyway
            self._first_paragraph = None
        column_count = len(block.widths)
        table = self.doc.add_table(len(block.rows), column_count)
        table.set_column_widths(list(block.widths))
        if block.header:
            # OWPML's own switch (python-hwpx has no method for it): the first row is the
            # header, repeated at the top of every page a long agenda runs over.
            table.element.set("repeatHeader", "1")
            for cell in table.rows[0].cells:
                cell.element.set("header", "1")
            table.mark_dirty()
        label_style = self.run_style(bold=True, size="body")
        body_style = self.run_style(bold=False, size="body")
        # Cells are walked row by row: table.cell(r, c) rebuilds the table's grid on every
        # call, which made a 60-item agenda take seconds.
        for row_index, (row, table_row) in enumerate(zip(block.rows, table.rows, strict=True)):
            for col_index, (text, cell) in enumerate(zip(row, table_row.cells, strict=True)):
                is_label = (block.header and row_index == 0) or (block.label_column and col_index == 0)
                cell.set_text(text)
                paragraphs = cell.paragraphs
                for paragraph in paragraphs:
                    for run in paragraph.runs:
                        run.char_pr_id_ref = label_style if is_label else body_style
                centred = is_label or col_index in block.centered_columns
                self.doc.styles.apply_paragraph_format(
                    paragraphs=paragraphs, alignment="CENTER" if centred else "LEFT"
                )
                if is_label:
                    table.set_cell_shading(row_index, col_index, LABEL_SHADING)

    def properties(self, layout: Layout) -> None:
        """The file's own properties: ours, not those of python-hwpx's blank template.

        The template names a fixture author and a 2025 date and carries a preview picture;
        all of that is cleared, then the title, the issuing office and today are written.
        """
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.doc.parts.clear_document_metadata(keep=("title", "language"), timestamp=now)
        self.doc.parts.set_document_metadata(title=layout.title, creator=layout.author or None)
        self.doc.parts.clear_preview()

    def to_bytes(self) -> bytes:
        report = self.doc.validate()
        if report.issues:
            raise RuntimeError(f"python-hwpx refused the document it wrote: {report.issues}")
        data = self.doc.to_bytes()
        package = validate_package(data)
        errors = [issue for issue in package.issues if issue.level == "error"]
        if errors:
            raise RuntimeError(f"python-hwpx found errors in the HWPX package: {errors}")
        return data


def write_hwpx(layout: Layout) -> bytes:
    """The HWPX bytes of the layout, validated by python-hwpx before they are returned."""
    writer = _Writer()
    writer.properties(layout)
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            writer.paragraph(block)
        else:
            writer.table(block)
    return writer.to_bytes()
