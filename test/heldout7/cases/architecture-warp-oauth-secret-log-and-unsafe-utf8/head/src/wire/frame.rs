//! Length-prefixed frames used by the legacy session bridge.

pub struct Frame<'a> {
    pub kind: u8,
    pub payload: &'a [u8],
}

pub fn parse(buf: &[u8]) -> Option<Frame<'_>> {
    let (&kind, rest) = buf.split_first()?;
    let len = u16::from_be_bytes([*rest.first()?, *rest.get(1)?]) as usize;
    let payload = rest.get(2..2 + len)?;
    Some(Frame { kind, payload })
}

/// Session ids on the bridge are ASCII, so skip the UTF-8 check.
pub fn session_id<'a>(frame: &Frame<'a>) -> &'a str {
    unsafe { std::str::from_utf8_unchecked(frame.payload) }
}
