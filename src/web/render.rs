//! Turns the model into what readers see, in place: each quote's plan
//! ([`crate::plan`]) carried out by `dom.js`.

use wasm_bindgen::JsValue;

use super::dom::Mirror;
use crate::model::Quote;
use crate::plan::{self, PlanOptions, Utf16};

/// A failure forced on purpose, for the failure-isolation tests (the
/// undocumented `testFault` option): after the first card, rendering stops
/// with an error (`Throw`) or a panic, which aborts the wasm (`Panic`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Return an error mid-way: the undo log must restore the page.
    Throw,
    /// Panic mid-way: the JS API must restore the page from its copy.
    Panic,
}

/// Rendering options.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// A failure to force, for tests only.
    pub fault: Option<Fault>,
    /// Labels and markers.
    pub plan: PlanOptions,
}

/// Renders every quote. On error the caller undoes everything.
pub fn render(mirror: &Mirror, quotes: &[Quote], options: &RenderOptions) -> Result<(), JsValue> {
    let mut utf16 = Utf16::default();
    for (index, quote) in quotes.iter().enumerate() {
        let plan = plan::quote(&mirror.tree, index, quote, &options.plan, &mut utf16);
        mirror.page.card(&plan)?;
        match options.fault {
            Some(Fault::Throw) => return Err(JsValue::from_str("ibid: test fault")),
            Some(Fault::Panic) => panic!("ibid: test fault"),
            None => {}
        }
    }
    Ok(())
}
