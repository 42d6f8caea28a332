import rule from '../../../src/rules/architecture/unsafe-without-safety-comment.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    {
      name: 'block in an unsafe fn whose # Safety doc states the obligations it passes on',
      code: `/// Advises the kernel about a mapped range.
///
/// # Safety
///
/// \`addr\` must point into a live mapping of at least \`len\` bytes.
pub unsafe fn advise(addr: *mut u8, len: usize) -> i32 {
    unsafe { libc::madvise(addr.cast(), len, libc::MADV_WILLNEED) }
}
`,
    },
    { name: 'SAFETY comment above the block', code: `fn f(p: *const u8) -> u8 {
    // SAFETY: p comes from a live Vec.
    unsafe { *p }
}
` },
    { name: 'SAFETY comment above the let', code: `fn f(p: *const u8) {
    // SAFETY: p is valid for reads.
    let v = unsafe { *p };
}
` },
    { name: 'unsafe impl with SAFETY', code: `// SAFETY: Handle only holds an Arc.
unsafe impl Send for Handle {}
` },
    { name: 'an unsafe fn declaration alone', code: 'unsafe fn raw() {}\n' },
    { name: 'safe impl', code: 'impl Send2 for Handle {}\n' },
    { name: 'SAFETY comment above a method chain whose closure holds the block', code: `fn sum(ptrs: &[*const u32]) -> u32 {
    // SAFETY: every pointer comes from a live Vec owned by the caller.
    ptrs.iter()
        .map(|p| unsafe { **p })
        .sum()
}
` },
    { name: 'SAFETY as the first comment inside the block', code: `fn f(p: *const u8) -> u8 {
    unsafe {
        // SAFETY: p is non-null and aligned (checked by the caller).
        *p
    }
}
` },
    {
      name: 'a SAFETY comment separated from the block by a blank line',
      code: `fn read(buf: &[u8]) -> u8 {
    // SAFETY: callers pass a non-empty buffer (checked in parse()).

    unsafe { *buf.get_unchecked(0) }
}
`,
    },
    {
      name: 'a SAFETY comment above the attributes of a const whose value holds the block',
      code: `// SAFETY: 1970 has a day 1.
#[allow(unsafe_code)]
const EPOCH_DAY: i32 =
    unsafe { Date::from_ordinal_unchecked(1970, 1) }.julian_day();
`,
    },
    {
      name: 'unsafe in a macro_rules! body, justified there (above, and first inside)',
      code: `macro_rules! impl_pod {
    ($t:ty) => {
        // SAFETY: $t is a plain integer type with no padding.
        unsafe impl Pod for $t {}
    };
}
macro_rules! first {
    ($v:expr) => {
        unsafe {
            // SAFETY: the macro is only used on non-empty arrays.
            *$v.get_unchecked(0)
        }
    };
}
`,
    },
    {
      name: 'a trailing SAFETY comment on the line that starts the statement',
      code: `macro_rules! one {
    () => {
        let _x =// SAFETY: reads a constant.
        unsafe { ONE };
    };
}
`,
    },
  ],
  invalid: [
    {
      name: 'unsafe fn without a # Safety doc: its block still needs its reason',
      code: `/// Advises the kernel about a mapped range.
pub unsafe fn advise(addr: *mut u8, len: usize) -> i32 {
    unsafe { libc::madvise(addr.cast(), len, libc::MADV_WILLNEED) }
}
`,
      lines: [3],
    },
    {
      name: 'a safe fn documented with # Safety still needs the block justified',
      code: `/// # Safety
/// none needed
pub fn first(v: &[u8]) -> u8 {
    unsafe { *v.get_unchecked(0) }
}
`,
      lines: [4],
    },
    { name: 'bare block', code: `fn f(p: *const u8) -> u8 {
    unsafe { *p }
}
`, lines: [2], messageIncludes: '`f`' },
    { name: 'unsafe impl', code: `struct H;
unsafe impl Sync for H {}
`, lines: [2], messageIncludes: 'Sync' },
    { name: 'a SAFETY comment further down the block does not count', code: `fn f(p: *const u8) -> u8 {
    unsafe {
        let v = *p;
        // SAFETY: nothing
        v
    }
}
`, lines: [2] },
    { name: 'unrelated comment above', code: `fn f(p: *const u8) {
    // read it
    let v = unsafe { *p };
}
`, lines: [3] },
    {
      name: 'unsafe in a macro_rules! body and in an unknown macro argument, unjustified',
      code: `macro_rules! impl_send {
    ($t:ty) => {
        unsafe impl Send for $t {}
    };
}
fn run() {
    retry!(unsafe { ffi::poll() });
}
`,
      lines: [3, 7],
    },
    {
      name: 'a comment above a let whose block holds the unsafe block one level in',
      code: `fn pick(flag: bool) -> u8 {
    // SAFETY: about the let, not the block inside.
    let v = {
        if unsafe { FAST } { 1 } else { 2 }
    };
    v
}
`,
      lines: [4],
    },
    {
      name: 'a trailing comment that does not start with SAFETY',
      code: `macro_rules! one {
    () => {
        let _x =// not a SAFETY: comment
        unsafe { ONE };
    };
}
`,
      lines: [4],
    },
  ],
});

/** The contract of a trait impl's `unsafe fn` is the trait's, wherever the crate declares it (the model). */
testFileRule(rule, {
  valid: [
    {
      name: 'an impl of a crate trait whose unsafe method documents # Safety (another file)',
      files: {
        'src/lib.rs': `pub mod pages;
pub mod region;
`,
        'src/pages.rs': `pub trait Pages {
    /// Drops the pages of the mapping.
    ///
    /// # Safety
    /// No reference into the mapping may be alive.
    unsafe fn discard(&self) -> std::io::Result<()>;
}
`,
      },
      path: 'src/region.rs',
      code: `use crate::pages::Pages;

impl Pages for Region {
    unsafe fn discard(&self) -> std::io::Result<()> {
        unsafe { self.map.discard_range(0, self.len) }
    }
}
`,
    },
  ],
  invalid: [
    {
      name: 'an impl of a crate trait whose unsafe method states no contract',
      files: {
        'src/lib.rs': `pub mod pages;
pub mod region;
`,
        'src/pages.rs': `pub trait Pages {
    /// Drops the pages of the mapping.
    unsafe fn discard(&self) -> std::io::Result<()>;
}
`,
      },
      path: 'src/region.rs',
      code: `use crate::pages::Pages;

impl Pages for Region {
    unsafe fn discard(&self) -> std::io::Result<()> {
        unsafe { self.map.discard_range(0, self.len) }
    }
}
`,
      lines: [5],
    },
    {
      name: 'a safe method of a trait whose other method documents # Safety',
      files: {
        'src/lib.rs': `pub mod pages;
pub mod region;
`,
        'src/pages.rs': `pub trait Pages {
    /// # Safety
    /// No reference into the mapping may be alive.
    unsafe fn discard(&self);
    fn flush(&self);
}
`,
      },
      path: 'src/region.rs',
      code: `use crate::pages::Pages;

impl Pages for Region {
    unsafe fn discard(&self) {}
    fn flush(&self) {
        unsafe { self.map.flush_raw() }
    }
}
`,
      lines: [6],
    },
  ],
});

/** Environment changes in tests are `tests/env-mutation`'s to judge (parallel tests), not a missing SAFETY line each. */
testFileRule(rule, {
  valid: [
    {
      name: 'set_var / remove_var blocks in a test',
      code: `#[cfg(test)]
mod tests {
    use std::env;

    #[test]
    fn reads_the_port() {
        unsafe { env::set_var("SHOP_PORT", "8080") };
        assert_eq!(crate::port(), 8080);
        unsafe {
            env::remove_var("SHOP_PORT");
        }
    }
}
`,
    },
  ],
  invalid: [
    {
      name: 'set_var in production code',
      code: `pub fn init_logging() {
    unsafe { std::env::set_var("RUST_LOG", "info") };
}
`,
      lines: [2],
    },
    {
      name: 'a test block that does more than change the environment',
      code: `#[test]
fn reads_raw() {
    let v = vec![1u8, 2];
    unsafe {
        std::env::set_var("SHOP_PORT", "8080");
        assert_eq!(*v.as_ptr().add(1), 2);
    }
}
`,
      lines: [4],
    },
  ],
});

/** A module binding a foreign library itself (its own `extern` block): a note per undocumented block, not a warning. */
testFileRule(rule, {
  valid: [],
  invalid: [
    {
      name: 'unsafe calls into the extern fns this module declares, and a pointer walk over what they return',
      code: `#[link(name = "meter")]
extern "C" {
    fn meter_open(path: *const c_char) -> *mut Meter;
    fn meter_labels(m: *mut Meter) -> *const *const c_char;
}
pub fn labels(path: &CStr) -> Vec<String> {
    let m = unsafe { meter_open(path.as_ptr()) };
    let mut out = Vec::new();
    unsafe {
        let mut at = meter_labels(m);
        while !(*at).is_null() {
            out.push(CStr::from_ptr(*at).to_string_lossy().into_owned());
            at = at.add(1);
        }
    }
    out
}
`,
      lines: [7, 9],
      messageId: 'ffiBlock',
      severity: 'info',
    },
    {
      name: 'the same block in a module that declares no foreign functions stays a warning',
      code: `pub fn first(v: &[u8]) -> u8 {
    unsafe { *v.get_unchecked(0) }
}
`,
      lines: [2],
      messageId: 'block',
      severity: 'warning',
    },
  ],
});
