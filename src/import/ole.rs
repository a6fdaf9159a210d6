//! An OLE (compound) file checked before calamine reads it: an .xls, or an encrypted workbook (Office
//! wraps those in OLE, with an `EncryptedPackage` stream). calamine's OLE reader trusts the file: a
//! sector chain that loops, points past the table or past the end makes it panic or loop forever.
//! So every chain it will follow is walked here first, bounded, and a file that fails is `Damaged`.

const FREE: u32 = 0xFFFF_FFFF;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
const MINI_CUTOFF: u64 = 4096;

pub struct Ole {
    /// The bytes padded with zeros to whole sectors (calamine panics on a short last sector).
    pub bytes: Vec<u8>,
    pub encrypted: bool,
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Walks a chain in `table` from `start`: every link within the table and the file, no loop.
fn chain(table: &[u32], start: u32, sectors: usize) -> Result<Vec<u32>, String> {
    let mut ids = Vec::new();
    let mut id = start;
    while id != END_OF_CHAIN {
        if id as usize >= table.len() || id as usize >= sectors {
            return Err(format!("a sector chain points to sector {id}, past the file"));
        }
        if ids.len() >= sectors {
            return Err("a sector chain loops".to_string());
        }
        ids.push(id);
        id = table[id as usize];
    }
    Ok(ids)
}

pub fn check(bytes: &[u8]) -> Result<Ole, String> {
    if bytes.len() < 512 {
        return Err("the OLE header is cut short".to_string());
    }
    let size: usize = match u16_at(bytes, 30) {
        9 => 512,
        12 => 4096,
        _ => return Err("the OLE sector size is not 512 or 4096".to_string()),
    };
    if u16_at(bytes, 32) != 6 {
        return Err("the OLE mini sector size is not 64".to_string());
    }
    let mut padded = bytes.to_vec();
    let whole = padded.len().div_ceil(size) * size;
    padded.resize(whole.max(size), 0);
    let sectors = padded.len() / size - 1;
    let sector = |id: u32| &padded[size + id as usize * size..size + (id as usize + 1) * size];

    // The DIFAT: 109 entries in the header, then a chain of DIFAT sectors.
    let mut difat: Vec<u32> = (0..109).map(|i| u32_at(&padded, 76 + i * 4)).collect();
    let mut next = u32_at(&padded, 68);
    let mut seen = 0;
    while next < DIFAT_SECTOR && next != FREE {
        if next as usize >= sectors || seen > sectors {
            return Err("the OLE sector table's chain is damaged".to_string());
        }
        seen += 1;
        let s = sector(next);
        difat.extend((0..size / 4 - 1).map(|i| u32_at(s, i * 4)));
        next = u32_at(s, size - 4);
    }
    let mut fat = Vec::new();
    for &id in difat.iter().filter(|&&id| id < DIFAT_SECTOR) {
        if id as usize >= sectors {
            return Err(format!("the OLE sector table is in sector {id}, past the file"));
        }
        fat.extend((0..size / 4).map(|i| u32_at(sector(id), i * 4)));
    }
    // The directory, and every stream's chain (a small stream's in the mini table).
    let dirs = chain(&fat, u32_at(&padded, 48), sectors)?;
    let mini_fat_len = u32_at(&padded, 64);
    let mini_fat = if mini_fat_len > 0 {
        let ids = chain(&fat, u32_at(&padded, 60), sectors)?;
        ids.iter()
            .flat_map(|&id| (0..size / 4).map(move |i| (id, i)))
            .map(|(id, i)| u32_at(sector(id), i * 4))
            .collect()
    } else {
        Vec::new()
    };
    let mut encrypted = false;
    let mut mini_sectors = 0;
    for (n, entry) in dirs.iter().flat_map(|&id| sector(id).chunks_exact(128)).enumerate() {
        let kind = entry[66];
        let start = u32_at(entry, 116);
        let len = if size == 512 {
            u64::from(u32_at(entry, 120))
        } else {
            u64::from_le_bytes(entry[120..128].try_into().unwrap_or([0; 8]))
        };
        if len > u64::from(u32::MAX) {
            return Err("an OLE stream declares more than 4 GB".to_string());
        }
        let name_len = (u16_at(entry, 64) as usize).min(64);
        let name: Vec<u16> = entry[..name_len].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        let name = String::from_utf16_lossy(&name);
        if name.trim_end_matches('\0') == "EncryptedPackage" {
            encrypted = true;
        }
        if n == 0 {
            // The root: its chain holds the mini stream.
            if mini_fat_len > 0 && start != END_OF_CHAIN {
                mini_sectors = chain(&fat, start, sectors)?.len() * (size / 64);
            }
            continue;
        }
        if kind != 2 || len == 0 {
            continue;
        }
        if len >= MINI_CUTOFF {
            chain(&fat, start, sectors)?;
        } else if mini_fat_len > 0 {
            chain(&mini_fat, start, mini_sectors.max(1))?;
        } else {
            return Err("a small OLE stream without a mini sector table".to_string());
        }
    }
    Ok(Ole { bytes: padded, encrypted })
}
