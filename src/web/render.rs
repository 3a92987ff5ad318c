//! Turns the model into what readers see, in place: each quote's plan
//! ([`crate::plan`]) carried out by `dom.js`.

use wasm_bindgen::JsValue;

use super::dom::Mirror;
use crate::model::Quote;
use crate::options::Options;
use crate::plan::{self, Utf16};

/// Renders every quote. On error the caller undoes everything.
///
/// The undocumented `testFault` option forces a failure after the first
/// card, for the failure-isolation tests: `"throw"` returns an error (the
/// undo log must restore the page), `"panic"` aborts the wasm (the JS API
/// must restore the page from its copy).
pub fn render(mirror: &Mirror, quotes: &[Quote], options: &Options) -> Result<(), JsValue> {
    let mut utf16 = Utf16::default();
    for (index, quote) in quotes.iter().enumerate() {
        let plan = plan::quote(&mirror.tree, index, quote, &options.plan, &mut utf16);
        mirror.page.card(&plan)?;
        match options.fault.as_deref() {
            Some("throw") => return Err(JsValue::from_str("ibid: test fault")),
            Some("panic") => panic!("ibid: test fault"),
            _ => {}
        }
    }
    Ok(())
}
