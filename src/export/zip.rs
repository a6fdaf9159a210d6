//! The smallest zip writer an `.xlsx` needs: stored entries (no compression), a fixed timestamp, UTF-8
//! names, no zip64. A one-sheet 自评表 is a few tens of kilobytes of XML, so compression would save
//! little next to the code it takes; and the same parts give the same bytes, every time.

/// Why a zip could not be written: it would pass the limits of a zip without zip64 extensions.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ZipError(pub String);

/// The fixed modification time of every entry, in MS-DOS form: 1980-01-01 00:00:00 (the earliest a
/// zip can state, as rust_xlsxwriter and Excel's own reproducible writers use).
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;
/// Version 2.0: what readers expect for plain entries.
const VERSION: u16 = 20;
/// General purpose flag bit 11: names and comments are UTF-8.
const UTF8: u16 = 1 << 11;
const STORED: u16 = 0;

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_CENTRAL_DIRECTORY: u32 = 0x0605_4b50;

struct Entry {
    name: String,
    crc: u32,
    size: u32,
    offset: u32,
}

/// Entries are written as they are added; `finish` appends the central directory.
#[derive(Default)]
pub(crate) struct ZipWriter {
    out: Vec<u8>,
    entries: Vec<Entry>,
}

impl ZipWriter {
    pub(crate) fn new() -> ZipWriter {
        ZipWriter::default()
    }

    /// Adds one file, stored as it is.
    pub(crate) fn add(&mut self, name: &str, data: &[u8]) -> Result<(), ZipError> {
        let too_big = || ZipError(format!("{name}: the zip would pass 4 GiB"));
        let size = u32::try_from(data.len()).map_err(|_| too_big())?;
        let offset = u32::try_from(self.out.len()).map_err(|_| too_big())?;
        let name_len = u16::try_from(name.len()).map_err(|_| ZipError(format!("{name}: the name is too long")))?;
        if self.entries.len() >= usize::from(u16::MAX) {
            return Err(ZipError("more than 65,535 entries".into()));
        }
        let crc = crc32(data);
        let out = &mut self.out;
        put32(out, LOCAL_HEADER);
        put16(out, VERSION);
        put16(out, UTF8);
        put16(out, STORED);
        put16(out, DOS_TIME);
        put16(out, DOS_DATE);
        put32(out, crc);
        put32(out, size); // compressed size: stored, the same
        put32(out, size);
        put16(out, name_len);
        put16(out, 0); // extra field length
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        u32::try_from(self.out.len()).map_err(|_| too_big())?;
        self.entries.push(Entry { name: name.to_string(), crc, size, offset });
        Ok(())
    }

    /// The central directory and its end record after the entries: the finished zip.
    pub(crate) fn finish(self) -> Result<Vec<u8>, ZipError> {
        let ZipWriter { mut out, entries } = self;
        let too_big = || ZipError("the zip would pass 4 GiB".into());
        let directory_offset = u32::try_from(out.len()).map_err(|_| too_big())?;
        for entry in &entries {
            put32(&mut out, CENTRAL_HEADER);
            put16(&mut out, VERSION); // made by: MS-DOS attributes, version 2.0
            put16(&mut out, VERSION); // needed to extract
            put16(&mut out, UTF8);
            put16(&mut out, STORED);
            put16(&mut out, DOS_TIME);
            put16(&mut out, DOS_DATE);
            put32(&mut out, entry.crc);
            put32(&mut out, entry.size);
            put32(&mut out, entry.size);
            put16(&mut out, entry.name.len() as u16); // checked in `add`
            put16(&mut out, 0); // extra field length
            put16(&mut out, 0); // comment length
            put16(&mut out, 0); // disk number start
            put16(&mut out, 0); // internal attributes
            put32(&mut out, 0); // external attributes
            put32(&mut out, entry.offset);
            out.extend_from_slice(entry.name.as_bytes());
        }
        let directory_size = u32::try_from(out.len()).map_err(|_| too_big())? - directory_offset;
        let count = entries.len() as u16; // checked in `add`
        put32(&mut out, END_OF_CENTRAL_DIRECTORY);
        put16(&mut out, 0); // this disk
        put16(&mut out, 0); // the disk with the directory
        put16(&mut out, count);
        put16(&mut out, count);
        put32(&mut out, directory_size);
        put32(&mut out, directory_offset);
        put16(&mut out, 0); // comment length
        Ok(out)
    }
}

fn put16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

/// CRC-32 as zip, PNG and gzip use it (reflected, polynomial 0xEDB88320), from a table built at
/// compile time.
pub(crate) fn crc32(data: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut crc = i as u32;
            let mut bit = 0;
            while bit < 8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
                bit += 1;
            }
            table[i] = crc;
            i += 1;
        }
        table
    };
    !data.iter().fold(!0u32, |crc, &byte| TABLE[usize::from((crc as u8) ^ byte)] ^ (crc >> 8))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn u16_at(bytes: &[u8], at: usize) -> u16 {
        u16::from_le_bytes(bytes[at..at + 2].try_into().unwrap())
    }

    fn u32_at(bytes: &[u8], at: usize) -> u32 {
        u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
    }

    /// Reads a zip back by its central directory, checking every field this writer sets against the
    /// local header and the data: each entry's name and contents, in order.
    pub(crate) fn read_zip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let end = bytes.len() - 22;
        assert_eq!(u32_at(bytes, end), END_OF_CENTRAL_DIRECTORY, "the end record closes the file");
        assert_eq!(u16_at(bytes, end + 20), 0, "no comment");
        let count = usize::from(u16_at(bytes, end + 10));
        assert_eq!(u16_at(bytes, end + 8), count as u16);
        let directory_size = u32_at(bytes, end + 12) as usize;
        let directory = u32_at(bytes, end + 16) as usize;
        assert_eq!(directory + directory_size, end, "the directory ends where the end record starts");
        let mut entries = Vec::new();
        let mut at = directory;
        let mut next_local = 0;
        for _ in 0..count {
            assert_eq!(u32_at(bytes, at), CENTRAL_HEADER);
            assert_eq!(u16_at(bytes, at + 8), UTF8);
            assert_eq!(u16_at(bytes, at + 10), STORED);
            assert_eq!((u16_at(bytes, at + 12), u16_at(bytes, at + 14)), (DOS_TIME, DOS_DATE));
            let crc = u32_at(bytes, at + 16);
            let (compressed, size) = (u32_at(bytes, at + 20) as usize, u32_at(bytes, at + 24) as usize);
            assert_eq!(compressed, size, "stored");
            let name_len = usize::from(u16_at(bytes, at + 28));
            assert_eq!((u16_at(bytes, at + 30), u16_at(bytes, at + 32)), (0, 0), "no extra field, no comment");
            let local = u32_at(bytes, at + 42) as usize;
            assert_eq!(local, next_local, "entries follow one another");
            let name = &bytes[at + 46..at + 46 + name_len];
            at += 46 + name_len;

            assert_eq!(u32_at(bytes, local), LOCAL_HEADER);
            assert_eq!(u16_at(bytes, local + 6), UTF8);
            assert_eq!(u16_at(bytes, local + 8), STORED);
            assert_eq!(u32_at(bytes, local + 14), crc);
            assert_eq!(u32_at(bytes, local + 18) as usize, size);
            assert_eq!(u32_at(bytes, local + 22) as usize, size);
            assert_eq!(usize::from(u16_at(bytes, local + 26)), name_len);
            assert_eq!(u16_at(bytes, local + 28), 0);
            assert_eq!(&bytes[local + 30..local + 30 + name_len], name);
            let data = &bytes[local + 30 + name_len..local + 30 + name_len + size];
            assert_eq!(crc32(data), crc, "the CRC of {}", String::from_utf8_lossy(name));
            next_local = local + 30 + name_len + size;
            entries.push((String::from_utf8(name.to_vec()).unwrap(), data.to_vec()));
        }
        assert_eq!(at, end);
        assert_eq!(next_local, directory, "the directory follows the last entry");
        entries
    }

    #[test]
    fn crc32_matches_the_standard_check_values() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b"The quick brown fox jumps over the lazy dog"), 0x414F_A339);
    }

    #[test]
    fn a_zip_reads_back_entry_by_entry() {
        let mut zip = ZipWriter::new();
        zip.add("[Content_Types].xml", b"<Types/>").unwrap();
        zip.add("empty", b"").unwrap();
        zip.add("xl/\u{81ea}\u{8bc4}.xml", "自评表".as_bytes()).unwrap();
        let bytes = zip.finish().unwrap();
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        let entries = read_zip(&bytes);
        let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["[Content_Types].xml", "empty", "xl/自评.xml"]);
        assert_eq!(entries[0].1, b"<Types/>");
        assert_eq!(entries[1].1, b"");
        assert_eq!(entries[2].1, "自评表".as_bytes());
    }

    #[test]
    fn an_empty_zip_is_just_the_end_record() {
        let bytes = ZipWriter::new().finish().unwrap();
        assert_eq!(bytes.len(), 22);
        assert!(read_zip(&bytes).is_empty());
    }
}
