//! Decoding input bytes (UTF-8 with or without a byte-order mark, UTF-16 and UTF-32): any
//! bytes give text or an error, never a panic; valid UTF-8 without a BOM comes back as is.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use qantara::text::input::decode;

fuzz_target!(|bytes: &[u8]| {
    let decoded = decode(bytes.to_vec(), Path::new("fuzz.txt"));
    if let (Ok(text), false) = (std::str::from_utf8(bytes), bytes.starts_with(b"\xEF\xBB\xBF")) {
        if !text.contains('\0') && !bytes.starts_with(b"\xFF\xFE") && !bytes.starts_with(b"\xFE\xFF") {
            assert_eq!(decoded.ok().as_deref(), Some(text));
        }
    }
});
