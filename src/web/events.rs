//! The popup engine ([`crate::popup::Popups`]) and placement
//! ([`crate::popup::place`]) for `dom.js`, which listens to the page's
//! events, feeds them in here and carries out the effects: show, place,
//! hide, one timer, the `ibid:open` and `ibid:close` events. The decisions
//! stay in the pure, unit-tested core; the browser work stays in JavaScript,
//! where it costs no boundary crossings and no glue.

use wasm_bindgen::prelude::*;

use crate::popup::{Effect, Input, Popups, Rect};

#[wasm_bindgen(module = "/src/web/dom.js")]
extern "C" {
    /// Adds two numbers to what the engine's call gives `dom.js` (`took`).
    fn put(a: f64, b: f64);
}

/// One enhanced root's popup state, owned by its `dom.js` context.
#[derive(Debug)]
#[wasm_bindgen]
pub struct Engine {
    popups: Popups,
}

impl Engine {
    /// An engine with these hover delays in milliseconds.
    pub fn new(hover_in: u32, hover_out: u32) -> Engine {
        Engine { popups: Popups::new(hover_in, hover_out) }
    }
}

#[wasm_bindgen]
impl Engine {
    /// Feeds one input: `kind` 0 pointer entered trigger `id`, 1 left it,
    /// 2 entered its popup, 3 left it, 4 focus on the trigger, 5 blur,
    /// 6 click, 7 press outside, 8 Escape, 9 the timer fired, 10 a press
    /// in popup `id`, 11 focus on something not a trigger. Gives `dom.js`
    /// the effects through `put`, as pairs: (0, id) open, (1, id) close,
    /// (2, ms) arm the timer, (3, 0) disarm it, (4, 0) the input was
    /// consumed (no `Vec` returned: its glue weighs more than the import).
    pub fn on(&mut self, kind: u32, id: u32) {
        let input = match kind {
            0 => Input::EnterTrigger(id),
            1 => Input::LeaveTrigger(id),
            2 => Input::EnterPopup(id),
            3 => Input::LeavePopup(id),
            4 => Input::Focus(id),
            5 => Input::Blur(id),
            6 => Input::Click(id),
            7 => Input::PressOutside,
            8 => Input::Escape,
            9 => Input::Timer,
            10 => Input::PressPopup(id),
            _ => Input::FocusElsewhere,
        };
        for effect in self.popups.on(input) {
            let (effect, arg) = match effect {
                Effect::Open(id) => (0, id),
                Effect::Close(id) => (1, id),
                Effect::Arm(ms) => (2, ms),
                Effect::Disarm => (3, 0),
                Effect::Consumed => (4, 0),
            };
            put(effect.into(), arg.into());
        }
    }

    /// The open popup `id` as `id * 2`, plus 1 when the pointer is on it;
    /// -1 when none is open. One export, not two: each costs glue.
    /// (`&mut self`, as every method here, though it only reads: one kind of
    /// borrow of the engine in the wasm, not two. No call reenters: `put`
    /// only records its numbers.)
    pub fn open(&mut self) -> i32 {
        self.popups
            .open_id()
            .and_then(|id| id.checked_mul(2))
            .and_then(|n| i32::try_from(n | u32::from(self.popups.pointer_on_popup())).ok())
            .unwrap_or(-1)
    }

    /// Where a floating popup of `w`×`h` goes by a trigger whose first and
    /// last line boxes (one and the same for a trigger on one line) are at
    /// `fx`, `fy`, `fw`×`fh` and `lx`, `ly`, `lw`×`lh` (as scalars: no array
    /// crosses over), in a viewport of `vw`×`vh`: (x, y, 1 if above the
    /// trigger else 0, how far to scroll as a bottom sheet), through `put`.
    #[allow(clippy::too_many_arguments)]
    pub fn place(
        &mut self,
        fx: f64,
        fy: f64,
        fw: f64,
        fh: f64,
        lx: f64,
        ly: f64,
        lw: f64,
        lh: f64,
        w: f64,
        h: f64,
        vw: f64,
        vh: f64,
    ) {
        let lines = [Rect { x: fx, y: fy, w: fw, h: fh }, Rect { x: lx, y: ly, w: lw, h: lh }];
        let p = crate::popup::place(&lines, w, h, vw, vh, 8.0, 8.0);
        put(p.x, p.y);
        put(if p.above { 1.0 } else { 0.0 }, p.scroll);
    }
}
