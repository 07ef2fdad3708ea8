#![no_main]
use buildfix_core::Tool;
libfuzzer_sys::fuzz_target!(|data: &[u8]| buildfix_fuzz::check(Some(Tool::Tsc), data));
