//! The popup engine ([`crate::popup::Popups`]) and placement
//! ([`crate::popup::place`]) for `dom.js`, which listens to the page's
//! events, feeds them in here and carries out the effects: show, place,
//! hide, one timer, the `ibid:open` and `ibid:close` events. The decisions
//! stay in the pure, unit-tested core; the browser work stays in JavaScript,
//! where it costs no boundary crossings and no glue.

use wasm_bindgen::prelude::*;

use crate::popup::{Effect, Input, Popups, Rect};

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
    /// in popup `id`, 11 focus on something not a trigger. Returns the
    /// effects as pairs: (0, id) open, (1, id) close, (2, ms) arm the timer,
    /// (3, 0) disarm it, (4, 0) the input was consumed.
    pub fn on(&mut self, kind: u32, id: u32) -> Vec<u32> {
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
        let mut out = Vec::new();
        for effect in self.popups.on(input) {
            let pair = match effect {
                Effect::Open(id) => [0, id],
                Effect::Close(id) => [1, id],
                Effect::Arm(ms) => [2, ms],
                Effect::Disarm => [3, 0],
                Effect::Consumed => [4, 0],
            };
            out.extend(pair);
        }
        out
    }

    /// The open popup, or -1.
    pub fn open(&self) -> i32 {
        self.popups.open_id().map_or(-1, |id| i32::try_from(id).unwrap_or(-1))
    }

    /// Whether the pointer is on the open popup.
    #[wasm_bindgen(js_name = pointerOnPopup)]
    pub fn pointer_on_popup(&self) -> bool {
        self.popups.pointer_on_popup()
    }

    /// Where a floating popup of `w`×`h` goes by a trigger whose first and
    /// last line boxes (one and the same for a trigger on one line) are at
    /// `fx`, `fy`, `fw`×`fh` and `lx`, `ly`, `lw`×`lh` (as scalars: no array
    /// crosses over), in a viewport of `vw`×`vh`: (x, y, 1 if above the
    /// trigger else 0, how far to scroll as a bottom sheet).
    #[allow(clippy::too_many_arguments)]
    pub fn place(
        &self,
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
    ) -> Vec<f64> {
        let lines = [Rect { x: fx, y: fy, w: fw, h: fh }, Rect { x: lx, y: ly, w: lw, h: lh }];
        let p = crate::popup::place(&lines, w, h, vw, vh, 8.0, 8.0);
        vec![p.x, p.y, if p.above { 1.0 } else { 0.0 }, p.scroll]
    }
}
