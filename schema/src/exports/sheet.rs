//! A ledger (台账) as a spreadsheet: one sheet of rows under a frozen,
//! filtered header, written row by row to a temporary file (constant
//! memory), and a sheet of totals counted on the way.

use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use chrono_tz::Asia::Shanghai;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use serde_json::Value;

use crate::i18n::{self, Language};

/// What a column holds, and how its cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// An enum value, written as its Chinese label.
    Label(&'static str),
    /// A list of enum values, labelled and joined.
    Labels(&'static str),
    /// A `Date` (`YYYY-MM-DD`), as an Excel date.
    Date,
    /// A `DateTime` (RFC 3339), as an Excel date and time in Beijing time.
    DateTime,
    Number,
    /// A share from 0 to 1, as a percentage.
    Share,
    /// 是 or 否.
    YesNo,
    /// The `name` of each object in a list, joined.
    Names,
}

/// One column: its header, where its value is in a list node (`.` between
/// fields), and its kind.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub header: &'static str,
    pub path: &'static str,
    pub kind: Kind,
    /// In characters; a date takes 12.
    pub width: f64,
}

pub const fn column(header: &'static str, path: &'static str, kind: Kind, width: f64) -> Column {
    Column {
        header,
        path,
        kind,
        width,
    }
}

/// The value at `path` in `node`; `Null` when any part is missing.
pub fn at<'a>(node: &'a Value, path: &str) -> &'a Value {
    path.split('.')
        .try_fold(node, |value, field| value.get(field))
        .unwrap_or(&Value::Null)
}

/// A cell as written: text, a number, or a moment in Beijing time.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Share(f64),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

/// The cell of `column` for `node`: labels in Chinese, instants in Beijing
/// time, lists joined with 、.
pub fn cell(column: &Column, node: &Value) -> Cell {
    let value = at(node, column.path);
    let text = |value: &Value| value.as_str().map(str::to_owned);
    let label = |enumeration: &str, value: &Value| {
        value.as_str().map(|v| {
            i18n::label(enumeration, v, Language::ZhCn)
                .unwrap_or(v)
                .to_owned()
        })
    };
    let joined = |items: Vec<String>| {
        if items.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(items.join("、"))
        }
    };
    let list = || value.as_array().map(Vec::as_slice).unwrap_or_default();
    match column.kind {
        _ if value.is_null() => Cell::Empty,
        Kind::Text => text(value).map_or(Cell::Empty, Cell::Text),
        Kind::Label(enumeration) => label(enumeration, value).map_or(Cell::Empty, Cell::Text),
        Kind::Labels(enumeration) => joined(
            list()
                .iter()
                .filter_map(|v| label(enumeration, v))
                .collect(),
        ),
        Kind::Names => joined(list().iter().filter_map(|v| text(at(v, "name"))).collect()),
        Kind::Number => value.as_f64().map_or(Cell::Empty, Cell::Number),
        Kind::Share => value.as_f64().map_or(Cell::Empty, Cell::Share),
        Kind::YesNo => match value.as_bool() {
            Some(yes) => Cell::Text(if yes { "是" } else { "否" }.to_owned()),
            None => Cell::Empty,
        },
        Kind::Date => value
            .as_str()
            .and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
            .map_or(Cell::Empty, Cell::Date),
        Kind::DateTime => value
            .as_str()
            .and_then(|v| DateTime::parse_from_rfc3339(v).ok())
            .map_or(Cell::Empty, |instant| {
                Cell::DateTime(instant.with_timezone(&Shanghai).naive_local())
            }),
    }
}

/// Totals of one column: how many rows carry each value, in the order met.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tally {
    pub counts: Vec<(String, u64)>,
}

impl Tally {
    fn count(&mut self, value: String) {
        match self.counts.iter_mut().find(|(seen, _)| *seen == value) {
            Some((_, n)) => *n += 1,
            None => self.counts.push((value, 1)),
        }
    }
}

/// A workbook being written: the ledger's rows first, its totals at the end.
pub struct Sheet {
    workbook: Workbook,
    columns: &'static [Column],
    /// The columns whose values are totalled, and their tallies.
    totals: Vec<(usize, Tally)>,
    rows: u32,
    formats: Formats,
}

struct Formats {
    header: Format,
    date: Format,
    datetime: Format,
    share: Format,
    text: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color("#DDEBF7"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            share: Format::new().set_num_format("0.0%"),
            text: Format::new(),
        }
    }

    /// Writes the header of `columns` on the first row, frozen, with the
    /// columns' widths.
    fn header(&self, sheet: &mut Worksheet, columns: &[Column]) -> Result<(), XlsxError> {
        for (index, column) in (0u16..).zip(columns) {
            sheet.set_column_width(index, column.width)?;
            sheet.write_string_with_format(0, index, column.header, &self.header)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(())
    }

    /// Writes `cell` at `(row, column)`.
    fn cell(
        &self,
        sheet: &mut Worksheet,
        (row, column): (u32, u16),
        cell: Cell,
    ) -> Result<(), XlsxError> {
        match cell {
            Cell::Empty => {}
            Cell::Text(text) => {
                sheet.write_string_with_format(row, column, &text, &self.text)?;
            }
            Cell::Number(number) => {
                sheet.write_number(row, column, number)?;
            }
            Cell::Share(share) => {
                sheet.write_number_with_format(row, column, share, &self.share)?;
            }
            Cell::Date(day) => {
                sheet.write_datetime_with_format(row, column, day, &self.date)?;
            }
            Cell::DateTime(moment) => {
                sheet.write_datetime_with_format(row, column, moment, &self.datetime)?;
            }
        }
        Ok(())
    }
}

impl Sheet {
    /// A workbook whose first sheet, `title`, has the header of `columns`;
    /// the values of the columns named in `totalled` are counted.
    pub fn new(
        title: &str,
        columns: &'static [Column],
        totalled: &[&str],
    ) -> Result<Sheet, XlsxError> {
        let formats = Formats::new();
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(title)?;
        formats.header(sheet, columns)?;
        let totals = totalled
            .iter()
            .filter_map(|path| columns.iter().position(|c| c.path == *path))
            .map(|index| (index, Tally::default()))
            .collect();
        Ok(Sheet {
            workbook,
            columns,
            totals,
            rows: 0,
            formats,
        })
    }

    /// Appends the row of one list node.
    pub fn push(&mut self, node: &Value) -> Result<(), XlsxError> {
        self.rows += 1;
        let row = self.rows;
        let sheet = self.workbook.worksheet_from_index(0)?;
        for (index, column) in (0u16..).zip(self.columns) {
            let cell = cell(column, node);
            if let Some((_, tally)) = self
                .totals
                .iter_mut()
                .find(|(i, _)| *i == usize::from(index))
            {
                tally.count(match &cell {
                    Cell::Text(text) => text.clone(),
                    _ => "（空）".to_owned(),
                });
            }
            self.formats.cell(sheet, (row, index), cell)?;
        }
        Ok(())
    }

    /// How many rows were written.
    pub fn rows(&self) -> u32 {
        self.rows
    }

    /// Filters on the header, the sheet of totals, and the file at `path`.
    pub fn save(mut self, path: &Path) -> Result<(), XlsxError> {
        let last = u16::try_from(self.columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
        self.workbook
            .worksheet_from_index(0)?
            .autofilter(0, 0, self.rows, last)?;
        let totals = self.workbook.add_worksheet();
        totals.set_name("合计")?;
        totals.set_column_width(0, 28)?;
        totals.set_column_width(1, 10)?;
        totals.write_string_with_format(0, 0, "合计（行数）", &self.formats.header)?;
        totals.write_number(0, 1, f64::from(self.rows))?;
        let mut row = 2;
        for (index, tally) in &self.totals {
            totals.write_string_with_format(
                row,
                0,
                self.columns[*index].header,
                &self.formats.header,
            )?;
            totals.write_string_with_format(row, 1, "行数", &self.formats.header)?;
            row += 1;
            for (value, count) in &tally.counts {
                totals.write_string(row, 0, value)?;
                totals.write_number(row, 1, *count as f64)?;
                row += 1;
            }
            row += 1;
        }
        self.workbook.save(path)
    }
}

/// A report as a workbook: one sheet per table, each with its header and
/// every row (reports are small: no constant memory).
pub struct Book {
    workbook: Workbook,
    formats: Formats,
}

impl Book {
    pub fn new() -> Book {
        Book {
            workbook: Workbook::new(),
            formats: Formats::new(),
        }
    }

    /// A sheet `title` with the header of `columns` and a row for each
    /// node, filtered; then a row for `total`, if any, under `合计`.
    pub fn table(
        &mut self,
        title: &str,
        columns: &[Column],
        nodes: &[Value],
        total: Option<&Value>,
    ) -> Result<(), XlsxError> {
        let sheet = self.workbook.add_worksheet();
        sheet.set_name(title)?;
        self.formats.header(sheet, columns)?;
        let mut row = 0;
        for node in nodes {
            row += 1;
            for (index, column) in (0u16..).zip(columns) {
                self.formats.cell(sheet, (row, index), cell(column, node))?;
            }
        }
        let last = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
        sheet.autofilter(0, 0, row.max(1), last)?;
        if let Some(total) = total {
            row += 1;
            for (index, column) in (0u16..).zip(columns) {
                let cell = match index {
                    0 => Cell::Text("合计".to_owned()),
                    _ => cell(column, total),
                };
                self.formats.cell(sheet, (row, index), cell)?;
            }
        }
        Ok(())
    }

    pub fn save(mut self, path: &Path) -> Result<(), XlsxError> {
        self.workbook.save(path)
    }
}

impl Default for Book {
    fn default() -> Book {
        Book::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cells_are_labelled_in_chinese_and_instants_in_beijing_time() {
        let node = json!({
            "status": "ISSUED",
            "topics": ["PAY", "WORKING_HOURS"],
            "issuedAt": "2026-11-30T17:30:00Z",
            "replyDeadline": { "dueOn": "2026-12-21" },
            "employers": [{ "name": "甲" }, { "name": "乙" }],
            "overdue": false,
            "workersCovered": 120,
        });
        let of = |path, kind| cell(&column("", path, kind, 10.0), &node);
        assert_eq!(
            of("status", Kind::Label("OfferStatus")),
            Cell::Text("已发出".into())
        );
        assert_eq!(
            of("issuedAt", Kind::DateTime),
            Cell::DateTime(
                NaiveDate::from_ymd_opt(2026, 12, 1)
                    .unwrap()
                    .and_hms_opt(1, 30, 0)
                    .unwrap()
            )
        );
        assert_eq!(
            of("replyDeadline.dueOn", Kind::Date),
            Cell::Date(NaiveDate::from_ymd_opt(2026, 12, 21).unwrap())
        );
        assert_eq!(of("employers", Kind::Names), Cell::Text("甲、乙".into()));
        assert_eq!(of("overdue", Kind::YesNo), Cell::Text("否".into()));
        assert_eq!(of("workersCovered", Kind::Number), Cell::Number(120.0));
        assert_eq!(of("campaign.name", Kind::Text), Cell::Empty);
    }

    #[test]
    fn a_ledger_reads_back_with_its_header_rows_and_totals() {
        use calamine::{Data, Reader, Xlsx, open_workbook};
        const COLUMNS: &[Column] = &[
            column("状态", "status", Kind::Label("OfferStatus"), 10.0),
            column("发出时间", "issuedAt", Kind::DateTime, 17.0),
            column("人数", "workers", Kind::Number, 8.0),
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.xlsx");
        let mut sheet = Sheet::new("要约台账", COLUMNS, &["status"]).unwrap();
        for (status, workers) in [("ISSUED", 10), ("DRAFT", 20), ("ISSUED", 30)] {
            let node =
                json!({ "status": status, "issuedAt": "2026-11-30T17:30:00Z", "workers": workers });
            sheet.push(&node).unwrap();
        }
        assert_eq!(sheet.rows(), 3);
        sheet.save(&path).unwrap();

        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(book.sheet_names(), vec!["要约台账", "合计"]);
        let rows = book.worksheet_range("要约台账").unwrap();
        let header: Vec<String> = rows
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(header, ["状态", "发出时间", "人数"]);
        assert_eq!(rows.height(), 4);
        assert_eq!(rows.get((1, 0)), Some(&Data::String("已发出".into())));
        let Some(Data::DateTime(moment)) = rows.get((1, 1)) else {
            panic!("{:?}", rows.get((1, 1)));
        };
        let beijing = NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(1, 30, 0)
            .unwrap();
        assert_eq!(moment.as_datetime(), Some(beijing));
        assert_eq!(rows.get((3, 2)), Some(&Data::Float(30.0)));

        let totals = book.worksheet_range("合计").unwrap();
        let cells: Vec<Vec<String>> = totals
            .rows()
            .map(|row| row.iter().map(|c| c.to_string()).collect())
            .collect();
        assert_eq!(cells[0], ["合计（行数）", "3"]);
        assert!(
            cells.contains(&vec!["已发出".to_owned(), "2".to_owned()]),
            "{cells:?}"
        );
        assert!(
            cells.contains(&vec!["草稿".to_owned(), "1".to_owned()]),
            "{cells:?}"
        );
    }

    #[test]
    fn a_report_table_has_its_rows_shares_and_a_total() {
        use calamine::{Data, Reader, Xlsx, open_workbook};
        let columns = [
            column("区域", "region.name", Kind::Text, 10.0),
            column("覆盖率", "share", Kind::Share, 10.0),
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.xlsx");
        let mut book = Book::new();
        let rows = [
            json!({ "region": { "name": "南关区" }, "share": 0.25 }),
            json!({ "region": { "name": "宽城区" }, "share": null }),
        ];
        let total = json!({ "region": { "name": "长春市" }, "share": 0.125 });
        book.table("按区域", &columns, &rows, Some(&total)).unwrap();
        book.save(&path).unwrap();
        let mut read: Xlsx<_> = open_workbook(&path).unwrap();
        let sheet = read.worksheet_range("按区域").unwrap();
        assert_eq!(sheet.height(), 4);
        assert_eq!(sheet.get((1, 1)), Some(&Data::Float(0.25)));
        assert_eq!(sheet.get((2, 1)), Some(&Data::Empty));
        assert_eq!(sheet.get((3, 0)), Some(&Data::String("合计".into())));
        assert_eq!(sheet.get((3, 1)), Some(&Data::Float(0.125)));
    }
}
