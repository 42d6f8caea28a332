use std::fs::File;
use std::path::{Path, PathBuf};

use memmap2::Mmap;

use crate::error::IndexError;

const MAGIC: &[u8; 4] = b"SEG1";
const HEADER_LEN: usize = 16;

pub struct Segment {
    map: Mmap,
    terms_end: usize,
}

impl Segment {
    pub fn open(path: &Path) -> Result<Self, IndexError> {
        let file = File::open(path)?;
        // SAFETY: segment files are written once by `SegmentWriter::finish` into a temp
        // file and renamed into place; nothing truncates or rewrites them while mapped,
        // which is the invariant `Mmap::map` requires.
        let map = unsafe { Mmap::map(&file)? };
        if map.len() < HEADER_LEN || &map[..4] != MAGIC {
            return Err(IndexError::Corrupt);
        }
        let terms_end = u64::from_le_bytes(map[8..16].try_into().map_err(|_| IndexError::Corrupt)?) as usize;
        if terms_end > map.len() || std::str::from_utf8(&map[HEADER_LEN..terms_end]).is_err() {
            return Err(IndexError::Corrupt);
        }
        Ok(Self { map, terms_end })
    }

    pub fn term(&self, offset: usize, len: usize) -> Result<&str, IndexError> {
        let start = HEADER_LEN.checked_add(offset).ok_or(IndexError::OutOfBounds)?;
        let end = start.checked_add(len).ok_or(IndexError::OutOfBounds)?;
        if end > self.terms_end {
            return Err(IndexError::OutOfBounds);
        }
        let raw = &self.map[start..end];
        if !is_char_boundary(&self.map[HEADER_LEN..self.terms_end], offset)
            || !is_char_boundary(&self.map[HEADER_LEN..self.terms_end], offset + len)
        {
            return Err(IndexError::OutOfBounds);
        }
        // SAFETY: `open` checked that the whole terms area is valid UTF-8, and both
        // ends of `raw` were just checked to be char boundaries inside it.
        Ok(unsafe { std::str::from_utf8_unchecked(raw) })
    }
}

fn is_char_boundary(area: &[u8], i: usize) -> bool {
    // 0b10xx_xxxx is a continuation byte; the end of the area is a boundary.
    i == area.len() || area.get(i).is_some_and(|b| (*b as i8) >= -0x40)
}

pub async fn load(dir: PathBuf, name: String) -> Result<Segment, IndexError> {
    tokio::task::spawn_blocking(move || Segment::open(&dir.join(name))).await?
}
