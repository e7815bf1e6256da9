//! A printed form or letter as a Word document (docx): A4, the margins of
//! an official document (GB/T 9704), the title in 宋体 and the body in 仿宋,
//! tables in 宋体 with every border drawn. Font names are the ones Word and
//! WPS know on a Chinese system.

use std::path::Path;

use docx_rs::{
    AlignmentType, BreakType, Docx, LineSpacing, PageMargin, Paragraph, Run, RunFonts,
    SpecialIndentType, Table, TableCell, TableRow, VAlignType, WidthType,
};

/// A4 in twentieths of a point.
const A4: (u32, u32) = (11_906, 16_838);
/// The width between the margins, in twentieths of a point.
const TEXT_WIDTH: usize = 8_844;
/// Font sizes in half points: 二号 (title), 三号 (body), 小四 (tables).
const TITLE_SIZE: usize = 44;
const BODY_SIZE: usize = 32;
const TABLE_SIZE: usize = 24;
/// 五号, for the small print.
const SMALL_SIZE: usize = 21;

const SONG: &str = "宋体";
const FANGSONG: &str = "仿宋";
const LATIN: &str = "Times New Roman";

fn fonts(chinese: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(chinese)
        .ascii(LATIN)
        .hi_ansi(LATIN)
}

/// A document being laid out, paragraph by paragraph.
pub struct Form {
    docx: Docx,
}

/// A cell of a form's table.
pub enum Cell {
    /// A label, centred, in bold.
    Label(String),
    /// A value; each line its own paragraph.
    Value(String),
    /// A value over `n` columns.
    Wide(String, usize),
}

/// A label cell.
pub fn label(text: &str) -> Cell {
    Cell::Label(text.to_owned())
}

/// A value cell.
pub fn value(text: impl Into<String>) -> Cell {
    Cell::Value(text.into())
}

/// A value over `columns` columns.
pub fn wide(text: impl Into<String>, columns: usize) -> Cell {
    Cell::Wide(text.into(), columns)
}

impl Form {
    /// A new A4 document whose first line is `title`, centred.
    pub fn new(title: &str) -> Form {
        let margins = PageMargin::new()
            .top(2_098)
            .bottom(1_984)
            .left(1_588)
            .right(1_474);
        let docx = Docx::new()
            .page_size(A4.0, A4.1)
            .page_margin(margins)
            .default_fonts(fonts(FANGSONG))
            .default_size(BODY_SIZE);
        Form { docx }.title(title)
    }

    /// A title, centred in 宋体 bold 二号.
    pub fn title(mut self, title: &str) -> Form {
        let run = Run::new()
            .add_text(title)
            .fonts(fonts(SONG))
            .size(TITLE_SIZE)
            .bold();
        let spacing = LineSpacing::new().before(240).after(480);
        self.docx = self.docx.add_paragraph(
            Paragraph::new()
                .add_run(run)
                .align(AlignmentType::Center)
                .line_spacing(spacing),
        );
        self
    }

    /// A page break.
    pub fn new_page(mut self) -> Form {
        self.docx = self
            .docx
            .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
        self
    }

    /// A paragraph at the left margin (an addressee, a line of a form).
    pub fn line(self, text: &str) -> Form {
        self.paragraph(text, AlignmentType::Left, 0, false)
    }

    /// A paragraph of body text, its first line indented by two characters;
    /// each line of `text` its own paragraph.
    pub fn text(mut self, text: &str) -> Form {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            self = self.paragraph(line.trim(), AlignmentType::Both, 2, false);
        }
        self
    }

    /// A heading of body text (一、…, 第一条 …), in bold.
    pub fn heading(self, text: &str) -> Form {
        self.paragraph(text, AlignmentType::Left, 0, true)
    }

    /// A line in small print (五号), for a record's number or digest.
    pub fn small(mut self, text: &str) -> Form {
        let run = Run::new()
            .add_text(text)
            .fonts(fonts(SONG))
            .size(SMALL_SIZE);
        self.docx = self.docx.add_paragraph(Paragraph::new().add_run(run));
        self
    }

    /// A paragraph at the right margin (a signature, a date).
    pub fn right(self, text: &str) -> Form {
        self.paragraph(text, AlignmentType::Right, 0, false)
    }

    fn paragraph(mut self, text: &str, align: AlignmentType, indent: i32, bold: bool) -> Form {
        let mut run = Run::new()
            .add_text(text)
            .fonts(fonts(FANGSONG))
            .size(BODY_SIZE);
        if bold {
            run = run.bold();
        }
        let mut paragraph = Paragraph::new().add_run(run).align(align).line_spacing(
            LineSpacing::new()
                .line(560)
                .line_rule(docx_rs::LineSpacingType::Exact),
        );
        if indent > 0 {
            // In characters of the body's size (16 pt, 320 twentieths).
            let first_line = SpecialIndentType::FirstLine(indent * 320);
            paragraph = paragraph
                .indent(None, Some(first_line), None, None)
                .first_line_chars(indent * 100);
        }
        self.docx = self.docx.add_paragraph(paragraph);
        self
    }

    /// A table with every border drawn, in 宋体 小四; `widths` are the
    /// columns' shares of the text width.
    pub fn table(mut self, widths: &[usize], rows: Vec<Vec<Cell>>) -> Form {
        let share: usize = widths.iter().sum::<usize>().max(1);
        let grid: Vec<usize> = widths.iter().map(|w| TEXT_WIDTH * w / share).collect();
        let rows = rows
            .into_iter()
            .map(|cells| {
                let mut column = 0;
                let cells = cells
                    .into_iter()
                    .map(|cell| {
                        let (text, span, bold) = match cell {
                            Cell::Label(text) => (text, 1, true),
                            Cell::Value(text) => (text, 1, false),
                            Cell::Wide(text, span) => (text, span.max(1), false),
                        };
                        let width: usize = grid.iter().skip(column).take(span).sum();
                        column += span;
                        table_cell(&text, width, span, bold)
                    })
                    .collect();
                TableRow::new(cells).row_height(567.0)
            })
            .collect();
        let table = Table::new(rows)
            .set_grid(grid)
            .width(TEXT_WIDTH, WidthType::Dxa);
        self.docx = self.docx.add_table(table);
        self
    }

    /// Writes the document to `path`.
    pub fn save(self, path: &Path) -> std::io::Result<()> {
        let file = std::fs::File::create(path)?;
        self.docx.build().pack(file).map_err(std::io::Error::other)
    }
}

fn table_cell(text: &str, width: usize, span: usize, label: bool) -> TableCell {
    let mut cell = TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center);
    if span > 1 {
        cell = cell.grid_span(span);
    }
    let lines: Vec<&str> = text.lines().collect();
    let lines = if lines.is_empty() { vec![""] } else { lines };
    for line in lines {
        let mut run = Run::new()
            .add_text(line)
            .fonts(fonts(SONG))
            .size(TABLE_SIZE);
        let mut paragraph = Paragraph::new();
        if label {
            run = run.bold();
            paragraph = paragraph.align(AlignmentType::Center);
        }
        cell = cell.add_paragraph(paragraph.add_run(run));
    }
    cell
}
