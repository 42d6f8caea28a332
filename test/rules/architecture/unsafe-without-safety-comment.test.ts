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
    { name: 'SAFETY comment above the block', code: 'fn f(p: *const u8) -> u8 {\n    // SAFETY: p comes from a live Vec.\n    unsafe { *p }\n}\n' },
    { name: 'SAFETY comment above the let', code: 'fn f(p: *const u8) {\n    // SAFETY: p is valid for reads.\n    let v = unsafe { *p };\n}\n' },
    { name: 'unsafe impl with SAFETY', code: '// SAFETY: Handle only holds an Arc.\nunsafe impl Send for Handle {}\n' },
    { name: 'an unsafe fn declaration alone', code: 'unsafe fn raw() {}\n' },
    { name: 'safe impl', code: 'impl Send2 for Handle {}\n' },
    { name: 'SAFETY comment above a method chain whose closure holds the block', code: 'fn sum(ptrs: &[*const u32]) -> u32 {\n    // SAFETY: every pointer comes from a live Vec owned by the caller.\n    ptrs.iter()\n        .map(|p| unsafe { **p })\n        .sum()\n}\n' },
    { name: 'SAFETY as the first comment inside the block', code: 'fn f(p: *const u8) -> u8 {\n    unsafe {\n        // SAFETY: p is non-null and aligned (checked by the caller).\n        *p\n    }\n}\n' },
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
    { name: 'bare block', code: 'fn f(p: *const u8) -> u8 {\n    unsafe { *p }\n}\n', lines: [2], messageIncludes: '`f`' },
    { name: 'unsafe impl', code: 'struct H;\nunsafe impl Sync for H {}\n', lines: [2], messageIncludes: 'Sync' },
    { name: 'a SAFETY comment further down the block does not count', code: 'fn f(p: *const u8) -> u8 {\n    unsafe {\n        let v = *p;\n        // SAFETY: nothing\n        v\n    }\n}\n', lines: [2] },
    { name: 'unrelated comment above', code: 'fn f(p: *const u8) {\n    // read it\n    let v = unsafe { *p };\n}\n', lines: [3] },
  ],
});
