//! The smallest encrypted workbook, written by hand (no crate writes one): shared by tests/import.rs
//! and examples/workbook_fixtures.rs (the E2E tests' bad workbooks).

/// Office wraps an encrypted workbook in an OLE file with an `EncryptedPackage` stream; this is the
/// smallest such file (header, one FAT sector, one directory sector).
pub fn encrypted_book() -> Vec<u8> {
    let mut header = vec![0u8; 512];
    header[0..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    header[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
    header[26..28].copy_from_slice(&3u16.to_le_bytes());
    header[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    header[30..32].copy_from_slice(&9u16.to_le_bytes());
    header[32..34].copy_from_slice(&6u16.to_le_bytes());
    header[44..48].copy_from_slice(&1u32.to_le_bytes()); // one FAT sector
    header[48..52].copy_from_slice(&1u32.to_le_bytes()); // the directory in sector 1
    header[56..60].copy_from_slice(&4096u32.to_le_bytes());
    header[60..64].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    header[68..72].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    for chunk in header[76..].chunks_mut(4) {
        chunk.copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
    }
    header[76..80].copy_from_slice(&0u32.to_le_bytes()); // the FAT in sector 0
    let mut fat = vec![0xFFu8; 512];
    fat[0..4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes());
    fat[4..8].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    let mut dir = vec![0u8; 512];
    for (i, name, kind) in [(0usize, "Root Entry", 5u8), (1, "EncryptedPackage", 2)] {
        let entry = &mut dir[i * 128..(i + 1) * 128];
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        entry[..utf16.len()].copy_from_slice(&utf16);
        entry[64..66].copy_from_slice(&((utf16.len() + 2) as u16).to_le_bytes());
        entry[66] = kind;
        entry[68..80].copy_from_slice(&[0xFF; 12]);
        entry[116..120].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    }
    dir[76..80].copy_from_slice(&1u32.to_le_bytes()); // the root's child: entry 1
    [header, fat, dir].concat()
}
