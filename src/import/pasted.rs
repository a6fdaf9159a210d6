//! A whole 自评表 pasted from Excel/WPS (select all, Ctrl+C): the clipboard's tab-separated text read
//! into the same `Grid` a workbook's sheet becomes, then by the same `table::find`. Excel quotes a cell
//! holding a tab, a line break or a quote (`"a""b"` is `a"b`); a merged cell arrives as its value in
//! its first cell and empty cells after it, and `table::find` already fills a blank 一级 / 二级 cell
//! down from the row above (noted as assumed), so the grid needs no merged regions.
//!
//! A paste that holds no whole table (no 绩效指标 header, or only the rows and their header with no
//! title, project or funds above) is refused with `NotATable`: the page pastes it cell by cell.

use std::collections::HashMap;

use super::grid::{Cell, Grid, MAX_COLS, MAX_ROWS};
use super::{table, ImportError, ImportErrorKind, Imported};
use crate::domain::score;

/// The sheet a pasted table is named by in its cells (`粘贴!C12`).
pub const PASTED_SHEET: &str = "粘贴";
/// What a pasted table is called where a workbook's file name would be.
pub const PASTED_NAME: &str = "粘贴的表格";

/// Reads a whole project table from a spreadsheet's clipboard text.
pub fn read_pasted_table(text: &str) -> Result<Imported, ImportError> {
    let fail = |kind| ImportError::new(PASTED_NAME, kind);
    let grid = grid_from_text(text);
    if !holds_whole_table(&grid) {
        return Err(fail(ImportErrorKind::NotATable));
    }
    let mut skipped = Vec::new();
    let mut found = table::find(vec![grid], &mut skipped).map_err(fail)?;
    found.report.skipped.splice(0..0, skipped);
    let scored = score(&found.evaluation);
    found.report.computed_total = scored.total;
    found.report.computed_grade = scored.grade;
    Ok(Imported { evaluation: found.evaluation, report: found.report })
}

/// Whether the text is a whole table (read by `read_pasted_table`) rather than a block of rows: the
/// page asks before it chooses between the two, without the reader.
pub fn is_whole_table(text: &str) -> bool {
    // Cheap first: a block of rows has none of a table's heading words.
    let words = ["项目名称", "自评表", "预算数", "总分"];
    words.iter().any(|w| text.contains(w)) && holds_whole_table(&grid_from_text(text))
}

/// An indicator header with something of a form above it: a title, the project's name or a funds
/// block. Rows pasted with only their header are a block for the cell-by-cell paste.
fn holds_whole_table(grid: &Grid) -> bool {
    let Some(header) = (0..grid.height()).find(|&r| table::is_indicator_header(grid, r)) else {
        return false;
    };
    (0..header).any(|r| {
        (0..grid.width(r)).any(|c| {
            let label = grid.label(r, c);
            label.contains("自评表") || label.starts_with("项目名称") || label.contains("预算数")
        })
    })
}

/// Tab-separated text as Excel and WPS put it on the clipboard, into a bounded grid of text cells.
pub fn grid_from_text(text: &str) -> Grid {
    let mut grid = Grid {
        name: PASTED_SHEET.to_string(),
        rows: Vec::new(),
        formulas: HashMap::new(),
        merged_from: HashMap::new(),
        truncated: false,
        text_only: true,
    };
    let mut row: Vec<Cell> = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        let cell = read_cell(&mut chars);
        if row.len() < MAX_COLS {
            row.push(if cell.trim().is_empty() { Cell::Empty } else { Cell::Text(cell) });
        }
        match chars.next() {
            Some('\t') => continue,
            Some('\r') => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            Some('\n') => {}
            // The end (a last line without its line break included).
            _ => {
                if row.iter().any(|c| *c != Cell::Empty) {
                    grid.rows.push(row);
                }
                break;
            }
        }
        if grid.rows.len() == MAX_ROWS {
            grid.truncated = true;
            break;
        }
        grid.rows.push(std::mem::take(&mut row));
        if chars.peek().is_none() {
            break;
        }
    }
    grid
}

/// One cell, up to (not including) the tab or line break after it. A cell that opens with a quote is
/// quoted only if its closing quote is followed by the end of the cell; otherwise the quote is text.
fn read_cell(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let ends = |c: Option<&char>| matches!(c, None | Some('\t' | '\r' | '\n'));
    if chars.peek() == Some(&'"') {
        let mut ahead = chars.clone();
        ahead.next();
        let mut quoted = String::new();
        loop {
            match ahead.next() {
                Some('"') if ahead.peek() == Some(&'"') => {
                    ahead.next();
                    quoted.push('"');
                }
                Some('"') if ends(ahead.peek()) => {
                    *chars = ahead;
                    return quoted;
                }
                // A quote inside a cell Excel did not quote: the cell is read as it stands.
                Some('"') | None => break,
                Some(c) => quoted.push(c),
            }
        }
    }
    let mut cell = String::new();
    while !ends(chars.peek()) {
        cell.extend(chars.next());
    }
    cell
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(grid: &Grid) -> Vec<Vec<String>> {
        (0..grid.height()).map(|r| (0..grid.width(r)).map(|c| grid.raw(r, c)).collect()).collect()
    }

    #[test]
    fn cells_as_excel_quotes_them() {
        let grid = grid_from_text("a\t\"two\nlines\"\t\"say \"\"hi\"\"\"\r\n\"half\tb\r\n");
        assert_eq!(texts(&grid), [vec!["a", "two\nlines", "say \"hi\""], vec!["\"half", "b"]]);
        assert_eq!(grid.a1(0, 1), "粘贴!B1");
    }

    #[test]
    fn odd_quotes_and_line_ends_never_panic() {
        for text in ["\"", "\"\"", "\"\"\"", "a\"", "\"a\tb", "\r", "\r\r\n\n", "\t\t", "\"x\"y\tz", "三级指标\"\t\""]
        {
            let grid = grid_from_text(text);
            assert!(grid.height() <= 4, "{text:?}");
            assert!(read_pasted_table(text).is_err(), "{text:?}");
        }
        // An empty row between two keeps the rows' numbers as the sheet's.
        let grid = grid_from_text("a\r\n\r\nb\r\n");
        assert_eq!((grid.height(), grid.raw(2, 0).as_str()), (3, "b"));
    }

    #[test]
    fn a_paste_is_bounded() {
        let text = "x\t".repeat(MAX_COLS + 10) + &"y\n".repeat(MAX_ROWS + 10);
        let grid = grid_from_text(&text);
        assert!(grid.truncated);
        assert_eq!(grid.height(), MAX_ROWS);
        assert_eq!(grid.width(0), MAX_COLS);
    }
}
