//! Fuzzes what `callsim validate` does with a file: read the text as a scenario, check it, and
//! render the findings. Any panic is a bug: bad input must get a diagnostic.
#![no_main]

use std::path::Path;

use callsim::input::scenario::{parse, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = SourceFile { path: "fuzz.toml".into(), text: text.to_owned() };
    if let Ok(loaded) = parse(source) {
        // No directory: empirical files are reported as unreadable, never read from the host.
        let findings = callsim::input::validate::validate(&loaded.scenario, Path::new("/nonexistent-callsim-fuzz"));
        let _ = callsim::input::diagnostic::render(&loaded.source, &findings);
    }
});
