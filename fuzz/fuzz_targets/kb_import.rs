//! Fuzzes the KB article importer: any bytes, read as the archive's page or
//! text form and as Markdown, then drafted into an article folder.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz.txt", "fuzz.md"] {
        let ex = kbwiz_import::extract(name, data);
        let _ = kbwiz_import::draft::draft(&ex, name);
    }
});
