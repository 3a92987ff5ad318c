//! The bridge to the page: `dom.js` reads the DOM under a root in one call
//! (its flat form, see [`crate::tree::from_flat`]) and carries out each
//! quote's plan, recording every change so that `destroy()` puts back the
//! author's markup exactly. Few, large calls: crossing the JS/wasm boundary
//! once per node or attribute is what made enhancing slow.

use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::tree::{self, Tree};

#[wasm_bindgen(module = "/src/web/dom.js")]
extern "C" {
    #[wasm_bindgen(js_name = read)]
    fn js_read(root: &Element, whole: bool) -> JsValue;
    #[wasm_bindgen(js_name = readText)]
    fn read_text(ctx: &JsValue) -> String;
    #[wasm_bindgen(js_name = readShape)]
    fn read_shape(ctx: &JsValue) -> Vec<u32>;
    #[wasm_bindgen(catch, js_name = card)]
    fn js_card(ctx: &JsValue, plan: &str) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(js_name = undo)]
    fn js_undo(ctx: &JsValue);
}

/// A copy of the DOM under a root, and the page-side context: the live node
/// of every [`tree::NodeId`] and the log of changes.
pub struct Mirror {
    /// The core's tree.
    pub tree: Tree,
    /// The live nodes and the log of changes.
    pub page: Page,
}

/// `dom.js`'s context of one reading: the live node of every
/// [`tree::NodeId`], and the log of changes made since.
pub struct Page(JsValue);

impl Page {
    /// Carries out one quote's plan; returns its popups and toggles, flat
    /// (see `card` in `dom.js`).
    pub fn card(&self, plan: &str) -> Result<js_sys::Array, JsValue> {
        js_card(&self.0, plan)
    }

    /// Takes back every change made through this page, last first.
    pub fn undo(&self) {
        js_undo(&self.0);
    }
}

impl Mirror {
    /// Copies the DOM under `root`. ibid's own elements are skipped, so
    /// enhancing an enhanced page sees only the author's markup still in place.
    pub fn new(root: &Element) -> Mirror {
        Mirror::read(root, false)
    }

    /// Copies a whole document from its `<html>` element, which becomes a
    /// child of the tree's root, as in the command line's tree.
    pub fn new_document(html: &Element) -> Mirror {
        Mirror::read(html, true)
    }

    fn read(root: &Element, whole: bool) -> Mirror {
        let ctx = js_read(root, whole);
        let text = read_text(&ctx);
        let shape = read_shape(&ctx);
        Mirror { tree: tree::from_flat(&text, &shape), page: Page(ctx) }
    }
}
