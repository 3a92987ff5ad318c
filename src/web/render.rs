//! Turns the model into what readers see, in place: each quote's plan
//! ([`crate::plan`]) carried out by `dom.js`.

use wasm_bindgen::JsValue;
use web_sys::Element;

use super::dom::Mirror;
use crate::model::Quote;
use crate::options::Options;
use crate::plan::{self, Utf16};

/// Renders every quote (a long post's out of view in later tasks, see
/// `build` in `dom.js`). On error the caller undoes everything.
///
/// The undocumented `testFault` option forces a failure after the first
/// card, for the failure-isolation tests: `"throw"` returns an error (the
/// undo log must restore the page), `"panic"` aborts the wasm (the JS API
/// must restore the page from its copy).
pub fn render(mirror: &Mirror, root: &Element, quotes: &[Quote], options: &Options) -> Result<(), JsValue> {
    let mut utf16 = Utf16::default();
    for (index, quote) in quotes.iter().enumerate() {
        let plan = plan::quote(&mirror.tree, index, quote, &options.plan, &mut utf16);
        mirror.page.card(&plan, quote.wrapper.unwrap_or(quote.blockquote));
        if let Some(fault) = options.fault.as_deref() {
            // Each card built as it comes: the fault strikes after the first.
            mirror.page.build(root)?;
            match fault {
                "throw" => return Err(JsValue::from_str("ibid: test fault")),
                "panic" => panic!("ibid: test fault"),
                _ => {}
            }
        }
    }
    mirror.page.build(root)
}
