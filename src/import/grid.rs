//! A sheet as a bounded grid of cells, merged regions filled in (a merged 一级指标 cell applies to every
//! row it spans), each cell named as the person sees it (`Sheet1!C12`).

use std::collections::HashMap;

use calamine::{Data, DataRef};

use super::container::Workbook;
use super::{ImportErrorKind, Note, SheetChoice};

/// The rows of a sheet that are read: a project table has tens, a long one a few hundred. A table
/// still going at this row is refused (`TooManyRows`); nothing past it is held in memory.
pub const MAX_ROWS: usize = 5000;
/// The columns read: a project table has about ten.
pub const MAX_COLS: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// `#DIV/0!` and the like: a formula that failed when the workbook was saved.
    Error(String),
}

pub struct Grid {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
    /// Formulas by position, for the cells whose value is empty (saved without a cached value).
    pub formulas: HashMap<(usize, usize), String>,
    /// Cells filled from a merged region's first cell: position → that cell.
    pub merged_from: HashMap<(usize, usize), (usize, usize)>,
    /// The sheet has rows past `MAX_ROWS` (not read).
    pub truncated: bool,
    /// Every cell is text (a table pasted as text): a number written as text is not worth a note.
    pub text_only: bool,
}

impl Grid {
    pub fn height(&self) -> usize {
        self.rows.len()
    }

    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&Cell::Empty)
    }

    /// The cell as text, trimmed; a number as its shortest text.
    pub fn raw(&self, row: usize, col: usize) -> String {
        match self.cell(row, col) {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) => number_text(*n),
            Cell::Bool(b) => b.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }

    /// The cell's words with every space removed and full-width letters made half-width: what header
    /// matching compares.
    pub fn label(&self, row: usize, col: usize) -> String {
        match self.cell(row, col) {
            Cell::Text(t) => normalize(t),
            _ => String::new(),
        }
    }

    pub fn width(&self, row: usize) -> usize {
        self.rows.get(row).map_or(0, Vec::len)
    }

    /// Nothing of its own: empty but for merged cells running through it.
    pub fn row_is_blank(&self, row: usize) -> bool {
        (0..self.width(row)).all(|c| self.raw(row, c).is_empty() || self.merged_from.contains_key(&(row, c)))
    }

    /// `Sheet1!C12`.
    pub fn a1(&self, row: usize, col: usize) -> String {
        format!("{}!{}{}", self.name, column_name(col), row + 1)
    }

    /// `Sheet1!12`: a whole row.
    pub fn row_place(&self, row: usize) -> String {
        format!("{}!{}", self.name, row + 1)
    }
}

/// `A`, `B`, … `Z`, `AA`…
pub fn column_name(col: usize) -> String {
    let mut n = col + 1;
    let mut name = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// A float as its shortest text (Rust prints the shortest that reads back the same).
pub fn number_text(n: f64) -> String {
    if n.is_finite() {
        format!("{n}")
    } else {
        String::new()
    }
}

/// No spaces (also full-width and non-breaking ones, and line breaks), full-width ASCII made half-width.
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect()
}

pub struct Book {
    book: Workbook,
}

impl Book {
    pub fn new(book: Workbook) -> Book {
        Book { book }
    }

    /// The sheets to look in: the chosen one, or every visible sheet (a hidden one is noted and skipped).
    pub fn grids(
        &mut self,
        choice: Option<&SheetChoice>,
        skipped: &mut Vec<Note>,
    ) -> Result<Vec<Grid>, ImportErrorKind> {
        let sheets = self.book.reader().sheets();
        let names: Vec<String> = match choice {
            Some(SheetChoice::Name(name)) => match sheets.iter().find(|(n, _)| n == name || n.trim() == name.trim()) {
                Some((n, _)) => vec![n.clone()],
                None => return Err(ImportErrorKind::NoSuchSheet(name.clone())),
            },
            Some(SheetChoice::Number(n)) => match n.checked_sub(1).and_then(|i| sheets.get(i)) {
                Some((name, _)) => vec![name.clone()],
                None => return Err(ImportErrorKind::NoSuchSheet(n.to_string())),
            },
            None => {
                let mut names = Vec::new();
                for (name, visible) in &sheets {
                    if *visible {
                        names.push(name.clone());
                    } else {
                        skipped.push(Note::new(
                            name.clone(),
                            "隐藏的工作表：未读取（用 --sheet 指定它即可读取）",
                            "hidden sheet: not read (name it with --sheet to read it)",
                        ));
                    }
                }
                names
            }
        };
        names.into_iter().map(|name| self.grid(&name)).collect()
    }

    fn grid(&mut self, name: &str) -> Result<Grid, ImportErrorKind> {
        let mut grid = Grid {
            name: name.to_string(),
            rows: Vec::new(),
            formulas: HashMap::new(),
            merged_from: HashMap::new(),
            truncated: false,
            text_only: false,
        };
        let put = |grid: &mut Grid, row: usize, col: usize, cell: Cell| {
            if row >= MAX_ROWS {
                grid.truncated = true;
                return;
            }
            if col >= MAX_COLS || cell == Cell::Empty {
                return;
            }
            if grid.rows.len() <= row {
                grid.rows.resize_with(row + 1, Vec::new);
            }
            let cells = &mut grid.rows[row];
            if cells.len() <= col {
                cells.resize(col + 1, Cell::Empty);
            }
            cells[col] = cell;
        };
        let mut formulas: Vec<((usize, usize), String)> = Vec::new();
        match &mut self.book {
            // Streamed, so a sheet with a cell at XFD1048576 is not a dense range of 17 billion cells.
            Workbook::Xlsx(book) => {
                let mut reader =
                    book.worksheet_cells_reader(name).map_err(|e| ImportErrorKind::Unreadable(e.to_string()))?;
                loop {
                    match reader.next_cell() {
                        Ok(Some(cell)) => {
                            let (row, col) = cell.get_position();
                            if row as usize >= MAX_ROWS {
                                grid.truncated = true;
                                break;
                            }
                            put(&mut grid, row as usize, col as usize, from_ref(cell.get_value()));
                        }
                        Ok(None) => break,
                        Err(e) => return Err(ImportErrorKind::Unreadable(e.to_string())),
                    }
                }
                drop(reader);
                if let Ok(mut reader) = book.worksheet_cells_reader(name) {
                    while let Ok(Some(cell)) = reader.next_formula() {
                        let (row, col) = cell.get_position();
                        if row as usize >= MAX_ROWS {
                            break;
                        }
                        if !cell.get_value().is_empty() && (col as usize) < MAX_COLS {
                            formulas.push(((row as usize, col as usize), cell.get_value().clone()));
                        }
                    }
                }
            }
            other => {
                let reader = other.reader();
                let range = reader.values(name).map_err(ImportErrorKind::Unreadable)?;
                for (row, col, value) in range.used_cells() {
                    let (r0, c0) = range.start().unwrap_or((0, 0));
                    put(&mut grid, row + r0 as usize, col + c0 as usize, from_data(value));
                }
                if let Some(range) = reader.formulas(name) {
                    let (r0, c0) = range.start().unwrap_or((0, 0));
                    for (row, col, formula) in range.used_cells() {
                        let (row, col) = (row + r0 as usize, col + c0 as usize);
                        if row < MAX_ROWS && col < MAX_COLS && !formula.is_empty() {
                            formulas.push(((row, col), formula.clone()));
                        }
                    }
                }
            }
        }
        for (pos, formula) in formulas {
            if matches!(grid.cell(pos.0, pos.1), Cell::Empty)
                || matches!(grid.cell(pos.0, pos.1), Cell::Text(t) if t.is_empty())
            {
                grid.formulas.insert(pos, formula);
            }
        }
        // Merged regions: every cell takes the first cell's value.
        for region in self.book.reader().merged(name) {
            let (r0, c0) = (region.start.0 as usize, region.start.1 as usize);
            let (r1, c1) = ((region.end.0 as usize).min(MAX_ROWS - 1), (region.end.1 as usize).min(MAX_COLS - 1));
            let value = grid.cell(r0, c0).clone();
            if value == Cell::Empty {
                continue;
            }
            for r in r0..=r1 {
                for c in c0..=c1 {
                    if (r, c) != (r0, c0) {
                        put(&mut grid, r, c, value.clone());
                        grid.merged_from.insert((r, c), (r0, c0));
                    }
                }
            }
        }
        Ok(grid)
    }
}

/// A cell formatted as a date: as people write one (`2023年11月20日`), which a 时效 row reads; a
/// duration or a time of day stays its number.
fn date_cell(d: &calamine::ExcelDateTime) -> Cell {
    if !d.is_datetime() {
        return Cell::Number(d.as_f64());
    }
    let (year, month, day, ..) = d.to_ymd_hms_milli();
    Cell::Text(format!("{year}年{month}月{day}日"))
}

fn from_ref(value: &DataRef<'_>) -> Cell {
    match value {
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text(s.to_string()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(d) => date_cell(d),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Error(e.to_string()),
        DataRef::Empty => Cell::Empty,
    }
}

fn from_data(value: &Data) -> Cell {
    match value {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => date_cell(d),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}
