#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| buildfix_fuzz::check(None, data));
