use std::ptr::NonNull;

use crate::images::ffi;
use crate::images::ImageError;

pub struct Encoder {
    raw: NonNull<ffi::WebPEncoder>,
    quality: f32,
}

impl Encoder {
    pub fn new(quality: f32) -> Result<Self, ImageError> {
        // SAFETY: `webp_encoder_new` has no preconditions; it returns null on allocation failure.
        let raw = unsafe { ffi::webp_encoder_new(quality) };
        let raw = NonNull::new(raw).ok_or(ImageError::Alloc)?;
        Ok(Self { raw, quality })
    }

    pub fn encode(&self, rgba: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ImageError> {
        if rgba.len() != (width as usize) * (height as usize) * 4 {
            return Err(ImageError::BadDimensions);
        }
        let mut out_len = 0usize;
        // SAFETY: `raw` is a live encoder owned by `self`; `rgba` is valid for `width*height*4`
        // bytes (checked above) and `out_len` is a valid out-pointer for the duration of the call.
        let out = unsafe {
            ffi::webp_encode_rgba(self.raw.as_ptr(), rgba.as_ptr(), width, height, &mut out_len)
        };
        if out.is_null() {
            return Err(ImageError::Encode);
        }
        // SAFETY: on success the library returns a malloc'ed buffer of `out_len` bytes that we own.
        let bytes = unsafe { std::slice::from_raw_parts(out, out_len) }.to_vec();
        // SAFETY: `out` came from `webp_encode_rgba` and is freed exactly once.
        unsafe { ffi::webp_free(out) };
        Ok(bytes)
    }

    pub fn quality(&self) -> f32 {
        self.quality
    }
}

impl Drop for Encoder {
    fn drop(&mut self) {
        // SAFETY: `raw` was created by `webp_encoder_new` and is dropped exactly once.
        unsafe { ffi::webp_encoder_free(self.raw.as_ptr()) };
    }
}
