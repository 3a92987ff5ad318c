//! Feeds browser events into the popup engine ([`crate::popup::Popups`])
//! and performs its effects: show, place, hide, timers, `ibid:open` and
//! `ibid:close` events. One delegated listener per event type on the root,
//! plus Escape and outside presses on the window; all removed on drop.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_events::{EventListener, EventListenerOptions, EventListenerPhase};
use gloo_timers::callback::Timeout;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, HtmlElement, KeyboardEvent, Node, PointerEvent};

use super::render::{PopupInfo, Rendered};
use crate::popup::{self, Effect, Input, Popups};

/// The live state of one enhanced root's popups.
pub struct Engine {
    root: Element,
    rendered: Rendered,
    popups: RefCell<Popups>,
    timer: RefCell<Option<Timeout>>,
    sheet_breakpoint: f64,
    labels: (String, String),
}

/// Listeners kept alive while the root is enhanced; dropping them removes them.
pub struct Wiring {
    _listeners: Vec<EventListener>,
    engine: Rc<Engine>,
}

impl Wiring {
    /// Closes whatever is open (with its `ibid:close` event) before teardown.
    pub fn close_all(&self) {
        let open = self.engine.popups.borrow().open_id();
        if let Some(id) = open {
            hide(&self.engine, id);
        }
        self.engine.timer.borrow_mut().take();
    }
}

fn popup_id(el: Option<Element>, attr: &str) -> Option<popup::Id> {
    el?.get_attribute(attr)?.parse().ok()
}

fn closest(target: Option<web_sys::EventTarget>, selector: &str) -> Option<Element> {
    let node: Node = target?.dyn_into().ok()?;
    let el = match node.dyn_ref::<Element>() {
        Some(el) => el.clone(),
        None => node.parent_element()?,
    };
    el.closest(selector).ok().flatten()
}

const TRIGGER: &str = "[data-ibid-popup]";
const POPUP: &str = ".ibid-popup[data-ibid-for]";

type Handler = Box<dyn Fn(&Rc<Engine>, &Event)>;

/// Wires the root's events to a new engine.
pub fn wire(
    root: &Element,
    rendered: Rendered,
    hover_in: u32,
    hover_out: u32,
    sheet_breakpoint: f64,
    labels: (String, String),
) -> Wiring {
    for (i, p) in rendered.popups.iter().enumerate() {
        let _ = p.popup.set_attribute("data-ibid-for", &i.to_string());
    }
    let engine = Rc::new(Engine {
        root: root.clone(),
        rendered,
        popups: RefCell::new(Popups::new(hover_in, hover_out)),
        timer: RefCell::new(None),
        sheet_breakpoint,
        labels,
    });
    let mut listeners = Vec::new();
    let weak = Rc::downgrade(&engine);
    let on = |target: &web_sys::EventTarget, ty: &'static str, capture: bool, f: Handler| {
        let weak: Weak<Engine> = weak.clone();
        let options = EventListenerOptions {
            phase: if capture { EventListenerPhase::Capture } else { EventListenerPhase::Bubble },
            passive: ty != "keydown",
        };
        EventListener::new_with_options(target, ty, options, move |event| {
            if let Some(engine) = weak.upgrade() {
                f(&engine, event);
            }
        })
    };
    for (ty, entering) in [("pointerover", true), ("pointerout", false)] {
        listeners.push(on(root.as_ref(), ty, false, Box::new(move |rc, event| crossing(rc, event, entering))));
    }
    listeners.push(on(
        root.as_ref(),
        "focusin",
        false,
        Box::new(move |rc, event| {
            if let Some(id) = popup_id(closest(event.target(), TRIGGER), "data-ibid-popup") {
                feed(rc, Input::Focus(id));
            }
        }),
    ));
    listeners.push(on(
        root.as_ref(),
        "focusout",
        false,
        Box::new(move |rc, event| {
            if let Some(id) = popup_id(closest(event.target(), TRIGGER), "data-ibid-popup") {
                feed(rc, Input::Blur(id));
            }
        }),
    ));
    listeners.push(on(
        root.as_ref(),
        "click",
        false,
        Box::new(move |rc, event| {
            if let Some(id) = popup_id(closest(event.target(), TRIGGER), "data-ibid-popup") {
                feed(rc, Input::Click(id));
                return;
            }
            if let Some(button) = closest(event.target(), ".ibid-card__toggle") {
                toggle_original(rc, &button);
            }
        }),
    ));
    if let Some(window) = web_sys::window() {
        listeners.push(on(
            window.as_ref(),
            "pointerdown",
            true,
            Box::new(move |rc, event| {
                let inside = closest(event.target(), TRIGGER).is_some() || closest(event.target(), POPUP).is_some();
                if !inside {
                    feed(rc, Input::PressOutside);
                }
            }),
        ));
        listeners.push(on(
            window.as_ref(),
            "keydown",
            true,
            Box::new(move |rc, event| {
                let escape = event.dyn_ref::<KeyboardEvent>().is_some_and(|k| k.key() == "Escape" || k.key() == "Esc");
                if escape && feed(rc, Input::Escape) {
                    event.prevent_default();
                    event.stop_propagation();
                }
            }),
        ));
        for ty in ["scroll", "resize"] {
            listeners.push(on(
                window.as_ref(),
                ty,
                true,
                Box::new(move |engine, _| {
                    // A popup under the pointer stays put while the page scrolls
                    // (WCAG 1.4.13 hoverable: the wheel must not close it).
                    if engine.popups.borrow().pointer_on_popup() {
                        return;
                    }
                    let open = engine.popups.borrow().open_id();
                    if let Some(info) = open.and_then(|id| engine.rendered.popups.get(id as usize)) {
                        position(engine, info);
                    }
                }),
            ));
        }
    }
    Wiring { _listeners: listeners, engine }
}

/// The pointer crossed into (or out of) a trigger or a popup: hover only,
/// not touch, and not a move between two parts of the same one.
fn crossing(engine: &Rc<Engine>, event: &Event, entering: bool) {
    if event.dyn_ref::<PointerEvent>().is_none_or(|p| p.pointer_type() == "touch") {
        return;
    }
    let related = event.dyn_ref::<web_sys::MouseEvent>().and_then(|m| m.related_target());
    for (selector, attr, is_popup) in [(TRIGGER, "data-ibid-popup", false), (POPUP, "data-ibid-for", true)] {
        let Some(id) = popup_id(closest(event.target(), selector), attr) else { continue };
        if popup_id(closest(related.clone(), selector), attr) == Some(id) {
            continue;
        }
        let input = match (is_popup, entering) {
            (false, true) => Input::EnterTrigger(id),
            (false, false) => Input::LeaveTrigger(id),
            (true, true) => Input::EnterPopup(id),
            (true, false) => Input::LeavePopup(id),
        };
        feed(engine, input);
    }
}

/// Feeds one input and performs the effects; true when the input was consumed.
fn feed(engine: &Rc<Engine>, input: Input) -> bool {
    let effects = engine.popups.borrow_mut().on(input);
    let mut consumed = false;
    for effect in effects {
        match effect {
            Effect::Open(id) => show(engine, id),
            Effect::Close(id) => hide(engine, id),
            Effect::Arm(ms) => {
                let weak = Rc::downgrade(engine);
                let timeout = Timeout::new(ms, move || {
                    if let Some(engine) = weak.upgrade() {
                        engine.timer.borrow_mut().take();
                        feed(&engine, Input::Timer);
                    }
                });
                engine.timer.borrow_mut().replace(timeout);
            }
            Effect::Disarm => {
                engine.timer.borrow_mut().take();
            }
            Effect::Consumed => consumed = true,
        }
    }
    consumed
}

fn show(engine: &Engine, id: popup::Id) {
    let Some(info) = engine.rendered.popups.get(id as usize) else { return };
    let _ = info.popup.remove_attribute("hidden");
    let _ = info.trigger.class_list().add_1("is-active");
    position(engine, info);
    dispatch(engine, "ibid:open", info);
}

fn hide(engine: &Engine, id: popup::Id) {
    let Some(info) = engine.rendered.popups.get(id as usize) else { return };
    let _ = info.popup.set_attribute("hidden", "");
    let _ = info.popup.class_list().remove_3("ibid-popup--sheet", "ibid-popup--float", "is-above");
    let _ = info.trigger.class_list().remove_1("is-active");
    dispatch(engine, "ibid:close", info);
}

/// A bottom sheet on narrow or hover-less screens, else floating by the trigger.
fn position(engine: &Engine, info: &PopupInfo) {
    let Some(window) = web_sys::window() else { return };
    let vw = window.inner_width().ok().and_then(|v| v.as_f64()).unwrap_or(1024.0);
    let vh = window.inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(768.0);
    let no_hover = window.match_media("(hover: none)").ok().flatten().is_some_and(|m| m.matches());
    let popup: &HtmlElement = info.popup.unchecked_ref();
    let style = popup.style();
    if vw <= engine.sheet_breakpoint || no_hover {
        let _ = popup.class_list().remove_2("ibid-popup--float", "is-above");
        let _ = popup.class_list().add_1("ibid-popup--sheet");
        let _ = style.remove_property("left");
        let _ = style.remove_property("top");
        return;
    }
    let _ = popup.class_list().remove_1("ibid-popup--sheet");
    let _ = popup.class_list().add_1("ibid-popup--float");
    let rects = info.trigger.get_client_rects();
    let lines: Vec<popup::Rect> = (0..rects.length())
        .filter_map(|i| rects.item(i))
        .map(|r| popup::Rect { x: r.left(), y: r.top(), w: r.width(), h: r.height() })
        .collect();
    let size = popup.get_bounding_client_rect();
    let p = popup::place(&lines, size.width(), size.height(), vw, vh, 8.0, 8.0);
    // Whole pixels, formatted as integers (float formatting costs kilobytes of wasm).
    let _ = style.set_property("left", &format!("{}px", p.x.round() as i32));
    let _ = style.set_property("top", &format!("{}px", p.y.round() as i32));
    let _ = if p.above { popup.class_list().add_1("is-above") } else { popup.class_list().remove_1("is-above") };
}

fn dispatch(engine: &Engine, name: &str, info: &PopupInfo) {
    let detail = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(&detail, &JsValue::from_str(k), &v);
    };
    set("type", JsValue::from_str(info.kind));
    set("noteKind", info.note_kind.map_or(JsValue::NULL, |k| JsValue::from_str(k.as_str())));
    set("text", JsValue::from_str(&info.text));
    set("quote", JsValue::from_f64(info.quote as f64));
    set("trigger", info.trigger.clone().into());
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_detail(&detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = engine.root.dispatch_event(&event);
    }
}

fn toggle_original(engine: &Engine, button: &Element) {
    let Some((_, card)) = engine.rendered.toggles.iter().find(|(b, _)| b.is_same_node(Some(button))) else { return };
    let open = button.get_attribute("aria-expanded").as_deref() != Some("true");
    let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
    let _ = card.class_list().toggle_with_force("is-original", open);
    button.set_text_content(Some(if open { &engine.labels.1 } else { &engine.labels.0 }));
}
