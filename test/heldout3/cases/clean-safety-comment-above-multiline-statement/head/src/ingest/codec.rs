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

/// Wire layout of the header: four big-endian integers, no padding.
#[repr(C, packed)]
#[derive(Clone, Copy)]
struct RawHeader {
    kind: [u8; 2],
    flags: [u8; 2],
    sequence: [u8; 4],
    payload_len: [u8; 4],
}

impl FrameHeader {
    fn from_wire(raw: RawHeader) -> Self {
        Self {
            kind: u16::from_be_bytes(raw.kind),
            flags: u16::from_be_bytes(raw.flags),
            sequence: u32::from_be_bytes(raw.sequence),
            payload_len: u32::from_be_bytes(raw.payload_len),
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
        // SAFETY: `src` holds at least HEADER_LEN (= size_of::<RawHeader>()) initialised bytes,
        // checked just above; RawHeader is `repr(C, packed)` of byte arrays, so it has no
        // alignment requirement and every bit pattern is a valid value.
        let header = FrameHeader::from_wire(
            unsafe { std::ptr::read_unaligned(src.as_ptr().cast::<RawHeader>()) },
        );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_size_matches_wire_format() {
        assert_eq!(std::mem::size_of::<RawHeader>(), HEADER_LEN);
    }

    #[test]
    fn decodes_big_endian_header() {
        let mut src = BytesMut::from(&[0, 7, 0, 1, 0, 0, 0, 42, 0, 0, 0, 2, 0xAB, 0xCD][..]);
        let frame = FrameCodec.decode(&mut src).unwrap().expect("complete frame");
        assert_eq!(frame.header, FrameHeader { kind: 7, flags: 1, sequence: 42, payload_len: 2 });
        assert_eq!(&frame.payload[..], &[0xAB, 0xCD]);
    }
}
