use std::io;

use bytes::{Buf, BytesMut};
use tokio_util::codec::Decoder;

pub const HEADER_LEN: usize = 12;
const MAX_PAYLOAD: usize = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameHeader {
    pub kind: u16,
    pub flags: u16,
    pub sequence: u32,
    pub payload_len: u32,
}

impl FrameHeader {
    fn parse(mut raw: &[u8]) -> Self {
        Self {
            kind: raw.get_u16(),
            flags: raw.get_u16(),
            sequence: raw.get_u32(),
            payload_len: raw.get_u32(),
        }
    }
}

#[derive(Debug)]
pub struct Frame {
    pub header: FrameHeader,
    pub payload: BytesMut,
}

#[derive(Debug, Default)]
pub struct FrameCodec;

impl Decoder for FrameCodec {
    type Item = Frame;
    type Error = io::Error;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Frame>, io::Error> {
        if src.len() < HEADER_LEN {
            return Ok(None);
        }
        let header = FrameHeader::parse(&src[..HEADER_LEN]);
        let payload_len = header.payload_len as usize;
        if payload_len > MAX_PAYLOAD {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "frame too large"));
        }
        if src.len() < HEADER_LEN + payload_len {
            src.reserve(HEADER_LEN + payload_len - src.len());
            return Ok(None);
        }
        src.advance(HEADER_LEN);
        let payload = src.split_to(payload_len);
        Ok(Some(Frame { header, payload }))
    }
}
