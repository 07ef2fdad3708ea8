//! What every fuzz target checks: parsing arbitrary bytes never panics,
//! every log range stays inside the input, and streaming agrees with the
//! in-memory parse.

use buildfix_core::Tool;
use buildfix_logparse::ParserBuilder;

/// Parses `data` reading only `tool`'s format (every format for `None`).
pub fn check(tool: Option<Tool>, data: &[u8]) {
    let parser = ParserBuilder::new()
        .tool(tool)
        .jobs(1)
        .chunk_size(97)
        .stream_buffer(61)
        .max_line(4096)
        .build();
    let whole = parser.parse_bytes(data);
    for d in whole.diagnostics() {
        let r = d.log_range();
        assert!(r.start() <= r.end() && r.end() <= data.len() as u64);
    }
    let streamed = parser.parse_reader(data).expect("reading a slice cannot fail");
    assert_eq!(whole, streamed);
}
