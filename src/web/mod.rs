//! The browser layer (wasm32 only): `enhance(root, options)`, `parse(rootOrHtml)`
//! and `version()` for JavaScript, on top of the pure core.
//!
//! `enhance` copies the DOM under the root into the core's tree, parses it
//! as it renders cards and popups in place (every change recorded for
//! `destroy()`; a long post's cards out of view are parsed and built in the
//! tasks that follow, see `render.rs`),
//! wires the popup engine and dispatches `ibid:ready`. If anything fails, all
//! changes are undone, one console error names ibid, `ibid:error` goes to the
//! root, and the error is thrown to the caller: the post reads as before.

mod dom;
mod events;
mod render;

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::options::Options;
use crate::view::Word;
use dom::Mirror;

/// An enhanced root: what to undo and the live popups.
struct Instance {
    root: Element,
    options: Rc<Options>,
    /// The page-side context of the rendering: `dom.js` undoes through it.
    page: dom::Page,
    /// The `ibid:ready` event's detail: `quotes` and `diagnostics`.
    detail: JsValue,
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

/// Takes an enhancement out of the registry (inlined: as a call it weighs
/// 27 bytes more brotli).
#[inline(always)]
fn forget(inner: &Live) {
    LIVE.with(|live| live.borrow_mut().retain(|l| !Rc::ptr_eq(l, inner)));
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
        forget(&self.inner);
    }

    /// Undoes and renders again from the root's current markup. On failure
    /// everything is undone, as `enhance` leaves it, and the handle is spent.
    /// `undone`, if given, is called between the two, the root as the author
    /// wrote it: the API module copies it then (should the core trap while
    /// rendering, it leaves no undo behind, and the copy is what goes back).
    pub fn refresh(&self, undone: &JsValue) -> Result<(), JsValue> {
        // Taken out, and the borrow let go, before the teardown: closing an
        // open popup sends ibid:close, whose page handler may use this handle.
        let taken = self.inner.borrow_mut().take();
        let Some(mut instance) = taken else { return Ok(()) };
        instance.teardown();
        let Instance { root, options, .. } = instance;
        // A handler that destroyed the enhancement meanwhile has the last word.
        if !LIVE.with(|live| live.borrow().iter().any(|l| Rc::ptr_eq(l, &self.inner))) {
            let _ = root.remove_attribute("data-ibid-enhanced");
            return Ok(());
        }
        dom::undone(undone);
        match mount(&root, options) {
            Ok(fresh) => {
                self.inner.borrow_mut().replace(fresh);
                Ok(())
            }
            // Everything undone: the root reads as the author wrote it.
            Err(e) => {
                let _ = root.remove_attribute("data-ibid-enhanced");
                forget(&self.inner);
                Err(failed(&root, e))
            }
        }
    }

    /// The quotes found, as `parse()` gives them.
    #[wasm_bindgen(getter)]
    pub fn quotes(&self) -> JsValue {
        self.inner.borrow().as_ref().map_or(JsValue::NULL, |i| dom::quotes(&i.detail))
    }
}

fn mount(root: &Element, options: Rc<Options>) -> Result<Instance, JsValue> {
    let Mirror { tree, page } = Mirror::new(root)?;
    let (feed, candidates) = render::Feed::new(tree, options.clone());
    if let Err(e) = page.build(root, feed, &candidates) {
        page.undo();
        return Err(e);
    }
    let labels = &options.plan.labels;
    let engine = events::Engine::new(options.hover_in, options.hover_out);
    if let Err(e) = page.wire(
        root,
        engine,
        f64::from(options.sheet_breakpoint),
        (labels.word(Word::ShowOriginal), labels.word(Word::ShowTranslation)),
    ) {
        page.unwire();
        page.undo();
        return Err(e);
    }
    let mut instance = Instance { root: root.clone(), options, page, detail: JsValue::NULL };
    match instance.page.ready(root) {
        Ok(detail) => instance.detail = detail,
        Err(e) => {
            instance.teardown();
            return Err(e);
        }
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
    let live = live_for(&root);
    if let Some(inner) = &live {
        if root.has_attribute("data-ibid-enhanced") {
            return Ok(Handle { inner: inner.clone() });
        }
        // A long post's later task failed and took everything back (`build`
        // in dom.js): enhance again, for the handles the page holds too.
        let taken = inner.borrow_mut().take();
        if let Some(mut instance) = taken {
            instance.teardown();
        }
    }
    match mount(&root, Rc::new(crate::options::read(&dom::options(&options)))) {
        Ok(instance) => {
            let inner: Live = match live {
                Some(inner) => {
                    inner.borrow_mut().replace(instance);
                    inner
                }
                None => {
                    let inner = Rc::new(RefCell::new(Some(instance)));
                    LIVE.with(|live| live.borrow_mut().push(inner.clone()));
                    inner
                }
            };
            Ok(Handle { inner })
        }
        Err(e) => {
            if let Some(inner) = &live {
                forget(inner);
            }
            Err(failed(&root, e))
        }
    }
}

/// Tells of a failed enhancement, everything undone (see `failed` in `dom.js`).
fn failed(root: &Element, e: JsValue) -> JsValue {
    dom::failed(root, &e);
    e
}

/// Parses an element, or an HTML string (the default roots are looked for
/// in it, as `ibid parse` does), into `{quotes, diagnostics}`: the same JSON
/// as the command line, as text (the API module's `parse` gives it parsed).
///
/// # Errors
/// Throws when given neither an element nor a string.
#[wasm_bindgen(js_name = parse)]
pub fn parse_js(input: JsValue) -> Result<String, JsValue> {
    let (mirror, root) = if let Some(el) = dom::parse_html(&input)? {
        // Mirror the whole document, as the CLI does, then pick the root.
        let mirror = Mirror::new_document(&el)?;
        let root = mirror.default_root();
        (mirror, root)
    } else if input.is_object() {
        // An element (the API module checks its nodeType): of any window, an
        // iframe's too, which `instanceof Element` would refuse.
        (Mirror::new(input.unchecked_ref::<Element>())?, crate::tree::NodeId::ROOT)
    } else {
        return Err(JsValue::from_str("ibid: parse() takes an element or an HTML string"));
    };
    let doc = crate::parse(&mirror.tree, root);
    Ok(crate::json::to_json(&doc))
}

/// The crate's version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}
