//! The bridge to the page: `dom.js` reads the DOM under a root in one call
//! (its flat form, see [`crate::tree::from_flat`]) and carries out each
//! quote's plan, recording every change so that `destroy()` puts back the
//! author's markup exactly. Few, large calls: crossing the JS/wasm boundary
//! once per node or attribute is what made enhancing slow.

use wasm_bindgen::prelude::*;
use web_sys::Element;

use super::events::Engine;
use super::render::Feed;
use crate::tree::{self, Tree};

#[wasm_bindgen(module = "/src/web/dom.js")]
extern "C" {
    #[wasm_bindgen(js_name = options)]
    fn js_options(options: &JsValue) -> String;
    #[wasm_bindgen(catch, js_name = read)]
    fn js_read(root: &Element, whole: bool) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = readText)]
    fn read_text(ctx: &JsValue) -> String;
    /// A string parsed as an HTML document (inert): its `<html>` element;
    /// `None` for anything but a string.
    #[wasm_bindgen(catch, js_name = parseHtml)]
    pub fn parse_html(input: &JsValue) -> Result<Option<Element>, JsValue>;
    #[wasm_bindgen(js_name = rootIndex)]
    fn root_index(ctx: &JsValue, selectors: &str) -> u32;
    #[wasm_bindgen(js_name = readShape)]
    fn read_shape(ctx: &JsValue) -> Vec<u32>;
    #[wasm_bindgen(catch, js_name = build)]
    fn js_build(ctx: &JsValue, root: &Element, feed: Feed, candidates: &[u32]) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = undo)]
    fn js_undo(ctx: &JsValue);
    #[wasm_bindgen(catch, js_name = wire)]
    fn js_wire(
        ctx: &JsValue,
        root: &Element,
        engine: Engine,
        sheet_breakpoint: f64,
        show: &str,
        hide: &str,
    ) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = unwire)]
    fn js_unwire(ctx: &JsValue);
    /// The `quotes` of an `ibid:ready` detail.
    #[wasm_bindgen(js_name = quotesOf)]
    pub fn quotes(detail: &JsValue) -> JsValue;
    #[wasm_bindgen(catch, js_name = ready)]
    fn js_ready(ctx: &JsValue, root: &Element) -> Result<JsValue, JsValue>;
    /// Calls `f` unless it is undefined or null (see `Handle::refresh`); what
    /// it throws goes on to the caller (the API module's copying does not throw).
    pub fn undone(f: &JsValue);
    /// Tells of a failed enhancement of `root`: one console error and `ibid:error`.
    #[wasm_bindgen(js_name = failed)]
    pub fn failed(root: &Element, error: &JsValue);
}

/// A copy of the DOM under a root, and the page-side context: the live node
/// of every [`tree::NodeId`] and the log of changes.
pub struct Mirror {
    /// The core's tree.
    pub tree: Tree,
    /// The live nodes and the log of changes.
    pub page: Page,
}

/// The options object in its flat form (see [`crate::options`]).
pub fn options(options: &JsValue) -> String {
    js_options(options)
}

/// `dom.js`'s context of one reading: the live node of every
/// [`tree::NodeId`], and the log of changes made since.
pub struct Page(JsValue);

impl Page {
    /// Builds the cards, asking `feed` for each plan (see `build` in
    /// `dom.js`): a long post's cards out of view are built, and their
    /// quotes parsed, in later tasks. `candidates`: the candidate blockquotes' nodes.
    pub fn build(&self, root: &Element, feed: Feed, candidates: &[u32]) -> Result<(), JsValue> {
        js_build(&self.0, root, feed, candidates)
    }

    /// Marks `root` enhanced and dispatches `ibid:ready` with the parse
    /// result (the feed's JSON, parsed when the page first reads it) once
    /// every card is built; returns the event's detail.
    pub fn ready(&self, root: &Element) -> Result<JsValue, JsValue> {
        js_ready(&self.0, root)
    }

    /// Wires the popups and toggles rendered so far to `engine`; `labels`
    /// are the original toggle's two labels.
    pub fn wire(
        &self,
        root: &Element,
        engine: Engine,
        sheet_breakpoint: f64,
        labels: (&str, &str),
    ) -> Result<(), JsValue> {
        js_wire(&self.0, root, engine, sheet_breakpoint, labels.0, labels.1)
    }

    /// Removes every listener, closing an open popup first.
    pub fn unwire(&self) {
        js_unwire(&self.0);
    }

    /// Takes back every change made through this page, last first.
    pub fn undo(&self) {
        js_undo(&self.0);
    }
}

impl Mirror {
    /// Copies the DOM under `root`. ibid's own elements are skipped, so
    /// enhancing an enhanced page sees only the author's markup still in place.
    pub fn new(root: &Element) -> Result<Mirror, JsValue> {
        Mirror::read(root, false)
    }

    /// Copies a whole document from its `<html>` element, which becomes a
    /// child of the tree's root, as in the command line's tree.
    pub fn new_document(html: &Element) -> Result<Mirror, JsValue> {
        Mirror::read(html, true)
    }

    /// The root a parsed document is read from (the command line's
    /// [`crate::select::default_root`], matched by the browser).
    pub fn default_root(&self) -> tree::NodeId {
        let i = root_index(&self.page.0, crate::select::DEFAULT_ROOTS);
        if (i as usize) < self.tree.len() {
            tree::NodeId(i)
        } else {
            tree::NodeId::ROOT
        }
    }

    fn read(root: &Element, whole: bool) -> Result<Mirror, JsValue> {
        let ctx = js_read(root, whole)?;
        let text = read_text(&ctx);
        let shape = read_shape(&ctx);
        Ok(Mirror { tree: tree::from_flat(&text, &shape), page: Page(ctx) })
    }
}
