//! The browser layer (wasm32 only): `enhance(root, options)`, `parse(rootOrHtml)`
//! and `version()` for JavaScript, on top of the pure core.
//!
//! `enhance` copies the DOM under the root into the core's tree, parses it,
//! renders cards and popups in place (every change recorded for `destroy()`),
//! wires the popup engine and dispatches `ibid:ready`. If anything fails, all
//! changes are undone, one console error names ibid, and the error is thrown
//! to the caller: the post reads as before.

mod dom;
mod events;
mod render;

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::model::NoteKind;
use crate::view::Labels;
use dom::Mirror;
use render::RenderOptions;

/// Options, merged over the defaults (see README "Options").
#[derive(Clone, Debug)]
struct Options {
    hover_in: u32,
    hover_out: u32,
    sheet_breakpoint: f64,
    render: RenderOptions,
}

impl Default for Options {
    fn default() -> Options {
        Options { hover_in: 100, hover_out: 250, sheet_breakpoint: 480.0, render: RenderOptions::default() }
    }
}

fn get(obj: &JsValue, key: &str) -> Option<JsValue> {
    if !obj.is_object() {
        return None;
    }
    Reflect::get(obj, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

fn get_ms(obj: &JsValue, key: &str) -> Option<u32> {
    let v = get(obj, key)?;
    let n = v.as_f64().or_else(|| v.as_string().and_then(|s| s.trim().parse::<u32>().ok()).map(f64::from))?;
    (n.is_finite() && n >= 0.0).then(|| n.min(60_000.0) as u32)
}

const NOTE_KINDS: [(&str, NoteKind); 7] = [
    ("note", NoteKind::Note),
    ("literal", NoteKind::Literal),
    ("insertion", NoteKind::Insertion),
    ("explanation", NoteKind::Explanation),
    ("sic", NoteKind::Sic),
    ("uncertain", NoteKind::Uncertain),
    ("omission", NoteKind::Omission),
];

fn read_options(value: &JsValue) -> Options {
    let mut o = Options::default();
    if let Some(ms) = get_ms(value, "hoverDelay") {
        o.hover_in = ms;
    }
    if let Some(ms) = get_ms(value, "closeDelay") {
        o.hover_out = ms;
    }
    if let Some(px) = get_ms(value, "sheetBreakpoint") {
        o.sheet_breakpoint = f64::from(px);
    }
    if let Some(list) = get(value, "markers") {
        let names: Vec<String> = match list.as_string() {
            Some(s) => s.split([',', ' ']).map(str::to_string).collect(),
            None => js_sys::Array::from(&list).iter().filter_map(|v| v.as_string()).collect(),
        };
        o.render.plan.markers =
            NOTE_KINDS.iter().filter(|(name, _)| names.iter().any(|n| n.trim() == *name)).map(|(_, k)| *k).collect();
    }
    o.render.fault = match get(value, "testFault").and_then(|v| v.as_string()).as_deref() {
        Some("throw") => Some(render::Fault::Throw),
        Some("panic") => Some(render::Fault::Panic),
        _ => None,
    };
    if let Some(labels) = get(value, "labels") {
        read_labels(&labels, &mut o.render.plan.labels);
    }
    o
}

fn read_labels(obj: &JsValue, labels: &mut Labels) {
    let text = |key: &str| get(obj, key).and_then(|v| v.as_string());
    let fields: [(&str, &mut String); 11] = [
        ("sent", &mut labels.sent),
        ("received", &mut labels.received),
        ("day", &mut labels.day),
        ("days", &mut labels.days),
        ("to", &mut labels.to),
        ("marker", &mut labels.marker),
        ("citation", &mut labels.citation),
        ("ibid", &mut labels.ibid),
        ("page", &mut labels.page),
        ("pages", &mut labels.pages),
        ("showOriginal", &mut labels.show_original),
    ];
    for (key, field) in fields {
        if let Some(v) = text(key) {
            *field = v;
        }
    }
    if let Some(v) = text("showTranslation") {
        labels.show_translation = v;
    }
    if let Some(months) = get(obj, "months") {
        for (i, m) in js_sys::Array::from(&months).iter().take(12).enumerate() {
            if let Some(m) = m.as_string() {
                labels.months[i] = m;
            }
        }
    }
    if let Some(notes) = get(obj, "notes") {
        for (i, (name, _)) in NOTE_KINDS.iter().enumerate() {
            if let Some(v) = get(&notes, name).and_then(|v| v.as_string()) {
                labels.note_kinds[i] = v;
            }
        }
    }
    if let Some(kinds) = get(obj, "kinds") {
        for key in js_sys::Object::keys(kinds.unchecked_ref::<js_sys::Object>()).iter().filter_map(|k| k.as_string()) {
            if let Some(v) = get(&kinds, &key).and_then(|v| v.as_string()) {
                labels.kinds.push((key, v));
            }
        }
    }
}

/// An enhanced root: what to undo and the live popups.
struct Instance {
    root: Element,
    options: Options,
    /// The page-side context of the rendering: `dom.js` undoes through it.
    page: dom::Page,
    quotes: JsValue,
}

impl Instance {
    fn teardown(&mut self) {
        self.page.unwire();
        self.page.undo();
    }
}

type Live = Rc<RefCell<Option<Instance>>>;

thread_local! {
    /// Every enhanced root's instance. The page owns an enhancement until
    /// `destroy()`: a handle that JavaScript drops (and garbage-collects)
    /// must not take the popups with it.
    static LIVE: RefCell<Vec<Live>> = const { RefCell::new(Vec::new()) };
}

fn live_for(root: &Element) -> Option<Live> {
    LIVE.with(|live| {
        live.borrow().iter().find(|l| l.borrow().as_ref().is_some_and(|i| i.root.is_same_node(Some(root)))).cloned()
    })
}

/// What `enhance()` returns: `destroy()` puts the author's markup back
/// exactly and removes every listener; `refresh()` re-reads the root.
#[wasm_bindgen]
pub struct Handle {
    inner: Live,
}

impl std::fmt::Debug for Handle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handle").field("live", &self.inner.borrow().is_some()).finish()
    }
}

#[wasm_bindgen]
impl Handle {
    /// Restores the original DOM and removes every listener. Idempotent.
    pub fn destroy(&self) {
        let taken = self.inner.borrow_mut().take();
        if let Some(mut instance) = taken {
            instance.teardown();
            let _ = instance.root.remove_attribute("data-ibid-enhanced");
        }
        LIVE.with(|live| live.borrow_mut().retain(|l| !Rc::ptr_eq(l, &self.inner)));
    }

    /// Undoes and renders again from the root's current markup.
    pub fn refresh(&self) -> Result<(), JsValue> {
        let mut slot = self.inner.borrow_mut();
        let Some(mut instance) = slot.take() else { return Ok(()) };
        instance.teardown();
        let (root, options) = (instance.root.clone(), instance.options.clone());
        drop(slot);
        let fresh = mount(&root, options)?;
        self.inner.borrow_mut().replace(fresh);
        Ok(())
    }

    /// The quotes found, as `parse()` gives them.
    #[wasm_bindgen(getter)]
    pub fn quotes(&self) -> JsValue {
        self.inner.borrow().as_ref().map_or(JsValue::NULL, |i| i.quotes.clone())
    }
}

fn mount(root: &Element, options: Options) -> Result<Instance, JsValue> {
    let mirror = Mirror::new(root)?;
    let parsed = crate::parse(&mirror.tree, crate::tree::NodeId::ROOT);
    let value = js_sys::JSON::parse(&crate::json::to_json(&parsed))?;
    let quotes = Reflect::get(&value, &JsValue::from_str("quotes"))?;
    if let Err(e) = render::render(&mirror, &parsed.quotes, &options.render) {
        mirror.page.undo();
        return Err(e);
    }
    let labels = &options.render.plan.labels;
    let engine = events::Engine::new(options.hover_in, options.hover_out);
    if let Err(e) =
        mirror.page.wire(root, engine, options.sheet_breakpoint, (&labels.show_original, &labels.show_translation))
    {
        mirror.page.unwire();
        mirror.page.undo();
        return Err(e);
    }
    let mut instance = Instance { root: root.clone(), options, page: mirror.page, quotes };
    if let Err(e) = dom::ready(root, &value) {
        instance.teardown();
        return Err(e);
    }
    Ok(instance)
}

/// Enhances the quoted documents under `root`. Enhancing an enhanced root
/// again changes nothing and returns a handle to the same enhancement.
///
/// # Errors
/// Throws (after undoing every change, with one console error) if the DOM
/// refuses a change.
#[wasm_bindgen(js_name = enhance)]
pub fn enhance(root: Element, options: JsValue) -> Result<Handle, JsValue> {
    if let Some(inner) = live_for(&root) {
        return Ok(Handle { inner });
    }
    match mount(&root, read_options(&options)) {
        Ok(instance) => {
            let inner: Live = Rc::new(RefCell::new(Some(instance)));
            LIVE.with(|live| live.borrow_mut().push(inner.clone()));
            Ok(Handle { inner })
        }
        Err(e) => {
            web_sys::console::error_2(
                &JsValue::from_str("ibid: could not enhance this page; it is left as it was:"),
                &e,
            );
            Err(e)
        }
    }
}

/// Parses an element, or an HTML string (the default roots are looked for
/// in it, as `ibid parse` does), into `{quotes, diagnostics}`: the same JSON
/// as the command line.
///
/// # Errors
/// Throws when given neither an element nor a string.
#[wasm_bindgen(js_name = parse)]
pub fn parse_js(input: JsValue) -> Result<JsValue, JsValue> {
    let (mirror, root) = if let Some(html) = input.as_string() {
        let parser = web_sys::DomParser::new()?;
        let doc = parser.parse_from_string(&html, web_sys::SupportedType::TextHtml)?;
        let el = doc.document_element().ok_or_else(|| JsValue::from_str("ibid: empty document"))?;
        // Mirror the whole document, as the CLI does, then pick the root.
        let mirror = Mirror::new_document(&el)?;
        let root = crate::select::default_root(&mirror.tree);
        (mirror, root)
    } else if let Some(el) = input.dyn_ref::<Element>() {
        (Mirror::new(el)?, crate::tree::NodeId::ROOT)
    } else {
        return Err(JsValue::from_str("ibid: parse() takes an element or an HTML string"));
    };
    let doc = crate::parse(&mirror.tree, root);
    js_sys::JSON::parse(&crate::json::to_json(&doc))
}

/// The crate's version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}
