//! Thin wrapper over the vendored xxHash C library (built in build.rs).

use std::os::raw::{c_ulonglong, c_void};

mod ffi {
    use super::*;

    extern "C" {
        pub fn XXH3_64bits(input: *const c_void, length: usize) -> c_ulonglong;
        pub fn XXH3_64bits_withSeed(input: *const c_void, length: usize, seed: c_ulonglong) -> c_ulonglong;
    }
}

/// 64-bit XXH3 digest of `data`, used for content-addressed blob keys.
pub fn xxh3_64(data: &[u8]) -> u64 {
    // SAFETY: `data` is a valid slice for the duration of the call; XXH3_64bits
    // only reads `length` bytes from `input` and does not retain the pointer.
    unsafe { ffi::XXH3_64bits(data.as_ptr().cast(), data.len()) }
}
