//! The search syntax: any text parses or gives a hint; a parsed query runs over a fixed text
//! without a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(query) = corpus_explorer::search::parse(text) {
        let mut matcher = corpus_explorer::search::Matcher::new(query);
        let _ = matcher.run(
            "Bridge Verdict: Jury Convicts Contractor",
            "The bridge fell in 2018. A jury in Merrow County convicted the contractor; \
             Félix Åberg said: “it was not an accident”. U.S. 23-hour-a-day",
        );
    }
});
