#![cfg(not(target_arch = "wasm32"))]
//! Parsing time grows linearly with the size of the post.
//!
//! Compares the best of several runs on a post and on one eight (or
//! sixteen) times as large: linear work gives a ratio near 8 (16), quadratic
//! near 64 (256). The bounds (32) leave room for caches and a loaded machine
//! without letting quadratic growth pass.
//!
//! The timings need optimised code (in a debug build the linear work is so
//! slow that it hides a quadratic part): `make test` runs them with
//! `cargo test --release --test scaling`; a debug `cargo test` skips them.

mod common;

use std::time::{Duration, Instant};

fn best_parse_time(html: &str) -> Duration {
    let tree = ibid::html::parse_document(html);
    let root = ibid::html::default_root(&tree);
    (0..7)
        .map(|_| {
            let start = Instant::now();
            let doc = ibid::parse(&tree, root);
            let elapsed = start.elapsed();
            assert!(!doc.quotes.is_empty(), "should find the quotes");
            elapsed
        })
        .min()
        .unwrap_or_default()
}

#[test]
#[cfg_attr(debug_assertions, ignore = "timings need a release build: cargo test --release --test scaling")]
fn parse_time_grows_linearly() {
    let small = common::generated_post(400);
    let large = common::generated_post(3200);
    let (t_small, t_large) = (best_parse_time(&small), best_parse_time(&large));
    let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-9);
    assert!(ratio < 32.0, "8× the input took {ratio:.1}× the time ({t_small:?} → {t_large:?}): not linear");
}

/// A post whose every quote earns two diagnostics: an unclosed bracket in
/// its text and an Ibid. with no earlier citation (found in a later pass).
fn post_with_diagnostics(quotes: usize) -> String {
    let one = "<blockquote><p>Text [unclosed</p></blockquote><p>Telegram from X, 1 May 1919. Ibid., p. 5.</p>";
    format!("<article>{}</article>", one.repeat(quotes))
}

#[test]
#[cfg_attr(debug_assertions, ignore = "timings need a release build: cargo test --release --test scaling")]
fn diagnostics_time_grows_linearly() {
    let (small, large) = (post_with_diagnostics(250), post_with_diagnostics(4000));
    let count = |html: &str| {
        let tree = ibid::html::parse_document(html);
        ibid::parse(&tree, ibid::html::default_root(&tree)).diagnostics.len()
    };
    assert_eq!(count(&small), 500, "should report both diagnostics of every quote");
    let (t_small, t_large) = (best_parse_time(&small), best_parse_time(&large));
    let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-9);
    assert!(ratio < 32.0, "16× the diagnostics took {ratio:.1}× the time ({t_small:?} → {t_large:?}): not linear");
}

#[test]
fn generated_post_parses_completely() {
    let html = common::generated_post(30);
    assert!((28_000..36_000).contains(&html.len()), "about 1 KB per quote: {} bytes for 30", html.len());
    let tree = ibid::html::parse_document(&html);
    let doc = ibid::parse(&tree, ibid::html::default_root(&tree));
    assert_eq!(doc.quotes.len(), 30, "should find every quote and no caption");
    assert!(doc.quotes.iter().all(|q| q.notes.len() == 2), "should find the two notes of each quote");
    assert!(
        doc.quotes.iter().all(|q| q.source.as_ref().is_some_and(|s| s.title.is_some())),
        "should resolve every Ibid."
    );
    assert!(doc.diagnostics.is_empty(), "should have nothing to complain about: {:?}", doc.diagnostics);
}

/// One quote whose Chinese original has `n` paragraphs, each with two notes.
fn post_with_original(n: usize) -> String {
    let original = "<p>張作霖致電〔sic〕北京政府。[sic]</p>".repeat(n);
    format!(
        "<article><blockquote>{original}<p>Zhang Zuolin [sic] wired Beijing.</p></blockquote>\
         <p>Telegram from Zhang Zuolin, 12 January 1918. Waijiaobu dang'an, p. 3.</p></article>"
    )
}

#[test]
#[cfg_attr(debug_assertions, ignore = "timings need a release build: cargo test --release --test scaling")]
fn planning_an_original_grows_linearly() {
    let best_plan_time = |html: &str| {
        let tree = ibid::html::parse_document(html);
        let doc = ibid::parse(&tree, ibid::html::default_root(&tree));
        let quote = &doc.quotes[0];
        assert!(quote.original.is_some() && quote.notes.len() > 1, "should find the original and its notes");
        let options = ibid::plan::PlanOptions::default();
        (0..7)
            .map(|_| {
                let start = Instant::now();
                let plan = ibid::plan::quote(&tree, 0, quote, &options, &mut ibid::plan::Utf16::default());
                let elapsed = start.elapsed();
                assert!(plan.len() > 2);
                elapsed
            })
            .min()
            .unwrap_or_default()
    };
    let (t_small, t_large) = (best_plan_time(&post_with_original(500)), best_plan_time(&post_with_original(8000)));
    let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-9);
    assert!(ratio < 64.0, "16× the original took {ratio:.1}× the time ({t_small:?} → {t_large:?}): not linear");
}
