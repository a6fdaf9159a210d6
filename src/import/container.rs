//! The bytes before the cells: what kind of file it is, and whether it may be inflated at all.

use std::io::Cursor;

use calamine::{Ods, Reader, Xls, XlsError, Xlsx, XlsxError};

use super::ImportErrorKind;

/// What a workbook may inflate to, all its parts together. A project table's workbook is tens of
/// kilobytes; a 2,000-row one a few megabytes.
pub const MAX_UNCOMPRESSED_BYTES: u64 = 64 * 1024 * 1024;
/// No part compresses better than this in an honest workbook (repetitive XML reaches about 30–50).
const MAX_RATIO: u64 = 400;
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub enum Workbook {
    Xlsx(Xlsx<Cursor<Vec<u8>>>),
    Xls(Xls<Cursor<Vec<u8>>>),
    Ods(Ods<Cursor<Vec<u8>>>),
}

/// True when the bytes start as a zip (xlsx, xlsm, ods) or an OLE file (xls) does: what the CLI
/// checks before reading a file as JSON.
pub fn looks_like_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(OLE_MAGIC)
}

/// A workbook by its name (.xlsx, .xlsm, .xls, .ods, WPS's .et), or by its first bytes unless it is
/// named .json (a .json that is a zip is refused as not a text file): what the CLI, the calculator's
/// open and the desk read with the workbook reader rather than the evaluation file's loader.
pub fn is_workbook(file_name: &str, bytes: &[u8]) -> bool {
    let lower = file_name.to_ascii_lowercase();
    let named = [".xlsx", ".xlsm", ".xls", ".ods", ".et"].iter().any(|e| lower.ends_with(e));
    named || (!lower.ends_with(".json") && looks_like_workbook(bytes))
}

pub fn open(bytes: &[u8]) -> Result<Workbook, ImportErrorKind> {
    if bytes.starts_with(OLE_MAGIC) {
        return open_ole(bytes);
    }
    if !bytes.starts_with(ZIP_MAGIC) {
        return Err(ImportErrorKind::NotAWorkbook);
    }
    let kind = check_zip(bytes)?;
    let cursor = Cursor::new(bytes.to_vec());
    match kind {
        ZipKind::Xlsx => Xlsx::new(cursor).map(Workbook::Xlsx).map_err(|e| xlsx_error(&e)),
        ZipKind::Ods => Ods::new(cursor).map(Workbook::Ods).map_err(|e| ImportErrorKind::Unreadable(e.to_string())),
    }
}

/// An OLE file: an .xls, or an encrypted .xlsx (Office wraps those in OLE with an `EncryptedPackage`).
/// Its sector chains are checked first (`ole::check`): calamine would follow a broken one into a panic.
fn open_ole(bytes: &[u8]) -> Result<Workbook, ImportErrorKind> {
    let ole = super::ole::check(bytes).map_err(ImportErrorKind::Damaged)?;
    if ole.encrypted {
        return Err(ImportErrorKind::Encrypted);
    }
    match Xls::new(Cursor::new(ole.bytes)) {
        Ok(book) => Ok(Workbook::Xls(book)),
        Err(XlsError::Password) => Err(ImportErrorKind::Encrypted),
        Err(e) => Err(ImportErrorKind::Unreadable(e.to_string())),
    }
}

fn xlsx_error(error: &XlsxError) -> ImportErrorKind {
    match error {
        XlsxError::Password => ImportErrorKind::Encrypted,
        XlsxError::Zip(e) => ImportErrorKind::Damaged(e.to_string()),
        other => ImportErrorKind::Unreadable(other.to_string()),
    }
}

enum ZipKind {
    Xlsx,
    Ods,
}

/// Reads the zip's central directory only (nothing is inflated): refuses a damaged zip, one that
/// declares more than the limit once inflated, and a zip that is another kind of document.
fn check_zip(bytes: &[u8]) -> Result<ZipKind, ImportErrorKind> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ImportErrorKind::Damaged(e.to_string()))?;
    let mut declared: u64 = 0;
    let mut names = Vec::with_capacity(archive.len().min(4096));
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(|e| ImportErrorKind::Damaged(e.to_string()))?;
        let size = entry.size();
        declared = declared.saturating_add(size);
        // A part whose declared size is far beyond what its compressed bytes can honestly hold.
        if size > 1024 * 1024 && size / entry.compressed_size().max(1) > MAX_RATIO {
            return Err(ImportErrorKind::TooLarge { declared: size });
        }
        if declared > MAX_UNCOMPRESSED_BYTES {
            return Err(ImportErrorKind::TooLarge { declared });
        }
        names.push(entry.name().to_string());
    }
    let has = |name: &str| names.iter().any(|n| n == name);
    if has("xl/workbook.xml") || has("xl/workbook.bin") {
        if has("xl/workbook.bin") && !has("xl/workbook.xml") {
            return Err(ImportErrorKind::Unreadable("xlsb is not read; save it as .xlsx".to_string()));
        }
        return Ok(ZipKind::Xlsx);
    }
    if has("word/document.xml") {
        return Err(ImportErrorKind::OtherDocument("Word 文档"));
    }
    if has("ppt/presentation.xml") {
        return Err(ImportErrorKind::OtherDocument("PowerPoint 演示文稿"));
    }
    if has("content.xml") && has("mimetype") {
        // The mimetype part is stored uncompressed, first, by the OpenDocument rules.
        let spreadsheet = bytes.windows(46).take(200).any(|w| w == b"application/vnd.oasis.opendocument.spreadsheet");
        return if spreadsheet { Ok(ZipKind::Ods) } else { Err(ImportErrorKind::OtherDocument("OpenDocument 文本")) };
    }
    Err(ImportErrorKind::OtherDocument("其他文档"))
}

impl Workbook {
    pub fn reader(&mut self) -> &mut dyn SheetSource {
        match self {
            Workbook::Xlsx(book) => book,
            Workbook::Xls(book) => book,
            Workbook::Ods(book) => book,
        }
    }
}

/// What the grid needs from each kind of workbook.
pub trait SheetSource {
    fn sheets(&self) -> Vec<(String, bool)>;
    fn values(&mut self, name: &str) -> Result<calamine::Range<calamine::Data>, String>;
    fn formulas(&mut self, name: &str) -> Option<calamine::Range<String>>;
    fn merged(&mut self, name: &str) -> Vec<calamine::Dimensions>;
}

fn sheets_of<RS: std::io::Read + std::io::Seek, R: Reader<RS>>(book: &R) -> Vec<(String, bool)> {
    book.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible == calamine::SheetVisible::Visible)).collect()
}

impl SheetSource for Xlsx<Cursor<Vec<u8>>> {
    fn sheets(&self) -> Vec<(String, bool)> {
        sheets_of(self)
    }
    fn values(&mut self, name: &str) -> Result<calamine::Range<calamine::Data>, String> {
        self.worksheet_range(name).map_err(|e| e.to_string())
    }
    fn formulas(&mut self, name: &str) -> Option<calamine::Range<String>> {
        self.worksheet_formula(name).ok()
    }
    fn merged(&mut self, name: &str) -> Vec<calamine::Dimensions> {
        self.worksheet_merge_cells(name).and_then(Result::ok).unwrap_or_default()
    }
}

impl SheetSource for Xls<Cursor<Vec<u8>>> {
    fn sheets(&self) -> Vec<(String, bool)> {
        sheets_of(self)
    }
    fn values(&mut self, name: &str) -> Result<calamine::Range<calamine::Data>, String> {
        self.worksheet_range(name).map_err(|e| e.to_string())
    }
    fn formulas(&mut self, name: &str) -> Option<calamine::Range<String>> {
        self.worksheet_formula(name).ok()
    }
    fn merged(&mut self, name: &str) -> Vec<calamine::Dimensions> {
        self.worksheet_merge_cells(name).unwrap_or_default()
    }
}

impl SheetSource for Ods<Cursor<Vec<u8>>> {
    fn sheets(&self) -> Vec<(String, bool)> {
        sheets_of(self)
    }
    fn values(&mut self, name: &str) -> Result<calamine::Range<calamine::Data>, String> {
        self.worksheet_range(name).map_err(|e| e.to_string())
    }
    fn formulas(&mut self, name: &str) -> Option<calamine::Range<String>> {
        self.worksheet_formula(name).ok()
    }
    // calamine does not give an OpenDocument sheet's merged cells: the grid carries labels down.
    fn merged(&mut self, _name: &str) -> Vec<calamine::Dimensions> {
        Vec::new()
    }
}
