//! ibid: turns the documents a history blog post quotes into cards, with
//! note and citation popups.
//!
//! ```
//! # #[cfg(not(target_arch = "wasm32"))] {
//! let tree = ibid::html::parse_document(
//!     "<article><blockquote><p>The bolsheviks’ [lit. maximalists’ – ed.] strength has grown.</p></blockquote>\
//!      <p>Telegram from Liu Jingren, 27 November 1917 (sent 7 November). Zhong-e guanxi shiliao, pp. 180-181.</p></article>",
//! );
//! let doc = ibid::parse(&tree, ibid::html::default_root(&tree));
//! let quote = &doc.quotes[0];
//! assert_eq!(quote.kind.as_deref(), Some("telegram"));
//! assert_eq!(quote.date.map(|d| d.iso()).as_deref(), Some("1917-11-27"));
//! assert_eq!(quote.notes[0].text, "lit. maximalists’");
//! # }
//! ```
//!
//! # Overview
//!
//! The core is pure Rust and knows nothing of browsers: a front end copies
//! markup into a [`tree::Tree`] (the browser's DOM in the `web` layer,
//! html5ever in [`html`] natively), [`parse`] finds the quoted documents and
//! returns a [`model::Document`], and [`json::to_json`] writes it. Parsing
//! never fails: what cannot be read becomes a [`model::Diagnostic`].
//!
//! On `wasm32`, the `web` module turns the model into cards in place.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

/// The wasm's allocator: rlsf's TLSF (constant-time allocation and freeing,
/// coalescing), which weighs 1.3 KB brotli less than the standard library's
/// dlmalloc. Declaring it needs no unsafe code here.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: rlsf::GlobalTlsf = rlsf::GlobalTlsf::new();

pub mod attribution;
pub mod date;
#[cfg(not(target_arch = "wasm32"))]
pub mod html;
pub mod json;
pub mod model;
pub mod notes;
pub mod options;
pub mod plan;
pub mod popup;
pub mod quotes;
pub mod select;
pub mod text;
pub mod tree;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod web;
#[cfg(target_arch = "wasm32")]
pub use web::{enhance, parse_js, version, Handle};

/// Finds the quoted documents under `root` in `tree`.
///
/// # Errors
/// None: parsing never fails. Problems in the post are returned in
/// [`model::Document::diagnostics`].
pub fn parse(tree: &tree::Tree, root: tree::NodeId) -> model::Document {
    quotes::find(tree, root)
}

/// The crate version, as the JS `version` reports it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
