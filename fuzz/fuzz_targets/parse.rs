//! "Parse never panics": any bytes, as HTML, through html5ever, the core and
//! the JSON writer. Output stays bounded by the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let tree = ibid::html::parse_document(&html);
    let doc = ibid::parse(&tree, ibid::html::default_root(&tree));
    let json = ibid::json::to_json(&doc);
    // Every quote repeats at most its text, attribution, notes and original
    // (each escaped at most 6×) plus fixed keys.
    assert!(json.len() <= 64 + 40 * html.len() + 512 * doc.quotes.len() + 256 * doc.diagnostics.len());
    for quote in &doc.quotes {
        for note in &quote.notes {
            assert!(note.start <= note.end || note.start.node != note.end.node);
        }
    }
});
