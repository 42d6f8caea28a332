use std::fs;
use std::path::{Path, PathBuf};

use crate::error::IndexError;

pub struct Segment {
    bytes: Vec<u8>,
}

impl Segment {
    pub fn open(path: &Path) -> Result<Self, IndexError> {
        Ok(Self { bytes: fs::read(path)? })
    }

    pub fn term(&self, offset: usize, len: usize) -> Result<&str, IndexError> {
        let raw = self.bytes.get(offset..offset + len).ok_or(IndexError::OutOfBounds)?;
        std::str::from_utf8(raw).map_err(|_| IndexError::Corrupt)
    }
}

pub async fn load(dir: PathBuf, name: String) -> Result<Segment, IndexError> {
    tokio::task::spawn_blocking(move || Segment::open(&dir.join(name))).await?
}
