import { demangleSymbol } from '../../../src/extract/crash/demangle-symbol.js';

describe('demangleSymbol', () => {
  it.each([
    // Rust v0: inherent impl method (backref to the crate path)
    ['_RNvMs3_NtCshgDM7dBCdno_11rust_binder7processNtB5_7Process10update_ref', '<rust_binder::process::Process>::update_ref'],
    // Rust v0: trait impl method
    [
      '_RNvXs1_CscPPBqWtAqum_11ashmem_rustNtB5_6AshmemNtNtCs43vyB533jt3_6kernel10miscdevice10MiscDevice4mmap',
      '<ashmem_rust::Ashmem as kernel::miscdevice::MiscDevice>::mmap',
    ],
    // Rust v0: free functions in nested modules
    ['_RNvNtCs9jEwPDbx20M_4core9panicking9panic_fmt', 'core::panicking::panic_fmt'],
    ['_RNvCscSpY9Juk0HT_7___rustc17rust_begin_unwind', '__rustc::rust_begin_unwind'],
    // C++: parameters dropped, namespaces kept
    ['_Z8fakeNameiii', 'fakeName'],
    ['_ZN3foo3barEv', 'foo::bar'],
    // plain C symbols and anything malformed are returned unchanged
    ['ext4_writepages', 'ext4_writepages'],
    ['_RNvB99_3foo', '_RNvB99_3foo'],
    ['_RNv', '_RNv'],
    ['_Z999x', '_Z999x'],
  ])('%s', (symbol, expected) => {
    expect(demangleSymbol(symbol)).toBe(expected);
  });
});
