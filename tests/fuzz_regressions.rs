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

/// Each quote owns its nodes: no quote's attribution, heading or original
/// holds another quote's blockquote (its card would take that quote in, the
/// two would split the same text, and a long post's cards, built out of
/// document order, came out differently from a short post's). Found in review.
#[test]
fn regression_quotes_own_disjoint_nodes() {
    let cases = [
        // The next quote, wrapped in a div, reads as this quote's attribution.
        "<blockquote><p>Body of A.</p></blockquote>\
         <div><blockquote><p>— Telegram from Liu Jingren, 7 November 1917. Ibid. [sic], p. 182.</p></blockquote></div>",
        // A blockquote in the caption of this quote's figure.
        "<figure><blockquote><p>Body of A.</p></blockquote><figcaption><blockquote><p>— Telegram from Liu Jingren, \
         7 November 1917. Ibid. [sic], p. 182.</p></blockquote></figcaption></figure>",
        // The previous quote, wrapped in a div, reads as this quote's original.
        "<div><blockquote><p>俄國內爭日烈，過激派[原文]勢力益張。</p></blockquote></div>\
         <blockquote><p>Russia’s internal conflict [sic] grows.</p></blockquote>\
         <p>Telegram from Liu Jingren, 7 November 1917. <em>Zhong-e guanxi shiliao</em> (1), p. 181.</p>",
        // ...or as its heading line.
        "<div><blockquote data-ibid-kind=\"letter\"><p>A Telegram from Wang Zhengting to the Foreign Ministry</p></blockquote></div>\
         <blockquote><p>Body of B [sic].</p></blockquote>",
    ];
    for html in cases {
        let tree = ibid::html::parse_document(html);
        let doc = ibid::parse(&tree, ibid::html::default_root(&tree));
        assert!(doc.quotes.len() >= 2, "both quotes found: {html}");
        for q in &doc.quotes {
            let mut owned: Vec<ibid::tree::NodeId> = q.heading_nodes.clone();
            owned.extend(&q.original_nodes);
            owned.extend(q.attribution_node);
            for other in doc.quotes.iter().filter(|o| o.blockquote != q.blockquote) {
                for &n in &owned {
                    let inside = n == other.blockquote || tree.descendants(n).any(|d| d == other.blockquote);
                    assert!(!inside, "a quote's node {n:?} holds another quote's blockquote: {html}");
                }
            }
        }
    }
}
