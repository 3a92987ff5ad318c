#![cfg(not(target_arch = "wasm32"))]
//! Inputs found by `make fuzz`, kept as named regression tests. Each must
//! parse, quickly, without a panic.

use std::time::{Duration, Instant};

fn parses_quickly(html: &str) -> ibid::model::Document {
    let start = Instant::now();
    let tree = ibid::html::parse_document(html);
    let doc = ibid::parse(&tree, ibid::html::default_root(&tree));
    let _ = ibid::json::to_json(&doc);
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "should parse in well under a second, took {:?}",
        start.elapsed()
    );
    doc
}

/// A blockquote whose only block is its attribution (`<cite>`) left no body
/// blocks, and the heading scan looped forever (fuzz timeout 04a624d7).
#[test]
fn fuzz_regression_quote_of_only_an_attribution() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz/timeout-only-attribution-in-quote.html");
    parses_quickly(&String::from_utf8_lossy(&std::fs::read(file).expect("the fuzz input")));
    let doc = parses_quickly(
        "<blockquote><cite>Telegram from Liu Jingren, 27 November 1917. Ibid., p. 181.</cite></blockquote>",
    );
    assert!(doc.quotes.is_empty(), "a quote with no text is no document");
}

/// Curly quotes before a date: a byte offset inside a multi-byte character
/// panicked in the date lead-in scan.
#[test]
fn fuzz_regression_curly_quote_before_a_date() {
    let doc = parses_quickly(
        "<blockquote><p>Text.</p></blockquote><p>“On 3 May 1919 the telegram from X arrived”. Ibid., p. 3.</p>",
    );
    assert_eq!(doc.quotes.len(), 1, "should still find the quote");
}

/// A Minguo year too big to add 1911 to overflowed (a panic in debug and
/// fuzz builds; a wrapped, negative year in release). Found in review.
#[test]
fn regression_minguo_year_overflow() {
    let doc = parses_quickly(
        "<blockquote><p>Text.</p></blockquote><p>Telegram from X, 民國2147483647年5月3日. Ibid., p. 3.</p>",
    );
    assert!(doc.quotes.iter().all(|q| q.date.is_none_or(|d| d.year > 0)), "no wrapped year: {:?}", doc.quotes);
}
