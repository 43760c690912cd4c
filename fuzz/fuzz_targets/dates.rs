//! The date reader: any text gives a date, no date, or a reason; never a panic. A date it
//! reads, written back in ISO form, reads as the same date.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(Some(date)) = corpus_explorer::corpus::formats::dates::parse_date(text) {
        let iso = date.format("%Y-%m-%d").to_string();
        assert_eq!(
            corpus_explorer::corpus::formats::dates::parse_date(&iso),
            Ok(Some(date)),
            "{text:?}"
        );
    }
});
