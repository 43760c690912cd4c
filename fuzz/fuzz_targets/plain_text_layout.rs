//! The plain-text layout rules (date marker, dateline, headline or derived title) on any text.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some(layout) = corpus_explorer::corpus::formats::layout::parse_layout(text) {
        assert!(text.is_char_boundary(layout.body_start.min(text.len())));
        assert!(layout.body_start <= text.len());
    }
});
