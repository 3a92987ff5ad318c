//! Turns the model into what readers see, in place: each quote's plan
//! ([`crate::plan`]) carried out by `dom.js`, and its popups collected for
//! the popup engine.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

use super::dom::Mirror;
use crate::model::{NoteKind, Quote};
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

/// What a popup is about, for the `ibid:open`/`ibid:close` events.
#[derive(Clone, Debug)]
pub struct PopupInfo {
    /// "note" or "citation".
    pub kind: &'static str,
    /// The note's kind, for notes.
    pub note_kind: Option<NoteKind>,
    /// The popup's text.
    pub text: String,
    /// Index of the quote in the parse result.
    pub quote: usize,
    /// The trigger.
    pub trigger: Element,
    /// The popup element.
    pub popup: Element,
}

/// Everything rendered: the popups, by id (their index here).
#[derive(Default)]
pub struct Rendered {
    /// The popups; a trigger carries `data-ibid-popup="<index>"`.
    pub popups: Vec<PopupInfo>,
    /// The original-text toggles: (button, card).
    pub toggles: Vec<(Element, Element)>,
}

/// Renders every quote. On error the caller undoes everything.
pub fn render(mirror: &Mirror, quotes: &[Quote], options: &RenderOptions) -> Result<Rendered, JsValue> {
    let mut rendered = Rendered::default();
    let mut utf16 = Utf16::default();
    for (index, quote) in quotes.iter().enumerate() {
        let plan = plan::quote(&mirror.tree, index, quote, &options.plan, &mut utf16);
        let out = mirror.page.card(&plan.json)?;
        let mut i = 0;
        while i + 2 < out.length() {
            let tag = out.get(i).as_f64().unwrap_or(f64::NAN);
            let (a, b): (Element, Element) = (out.get(i + 1).unchecked_into(), out.get(i + 2).unchecked_into());
            i += 3;
            if tag == -2.0 {
                rendered.toggles.push((a, b));
                continue;
            }
            // Every trigger is kept, in order: its index is its `data-ibid-popup`.
            let text = if tag == -1.0 { plan.popups.last() } else { plan.popups.get(tag as usize) };
            rendered.popups.push(PopupInfo {
                kind: if tag == -1.0 { "citation" } else { "note" },
                note_kind: text.and_then(|t| t.note_kind),
                text: text.map(|t| t.text.clone()).unwrap_or_default(),
                quote: index,
                trigger: a,
                popup: b,
            });
        }
        match options.fault {
            Some(Fault::Throw) => return Err(JsValue::from_str("ibid: test fault")),
            Some(Fault::Panic) => panic!("ibid: test fault"),
            None => {}
        }
    }
    Ok(rendered)
}
