//! The popup engine as a pure state machine: hover intent, focus, tap,
//! Escape, one open at a time. The DOM layer feeds it [`Input`]s and
//! performs the [`Effect`]s it returns; nothing here touches a browser, so
//! every rule of WCAG 2.2 SC 1.4.13 is unit-tested natively.
//!
//! ## Rules
//!
//! - Hover opens after the hover-in delay; leaving the trigger closes after
//!   the hover-out grace period unless the pointer reached the popup
//!   (**hoverable**), focus is on the trigger or the popup was pinned.
//! - Focus opens at once; blur closes at once unless the pointer is on the
//!   trigger or the popup, so that an open popup never hides where focus
//!   went (WCAG 2.2 SC 2.4.11); so does focus landing on anything that is
//!   not a trigger.
//! - A click or tap pins the popup open; a second one closes it; a pointer
//!   press outside closes it. A press inside the popup (a tap to select its
//!   text) pins it too, and the blur it causes does not close it.
//! - Escape closes the open popup without moving focus (**dismissible**),
//!   and the same trigger does not reopen on pointer jitter until the
//!   pointer has left it (or focus left it).
//! - No timer ever closes a popup that is hovered, focused or pinned
//!   (**persistent**).
//! - Opening one popup closes any other.

/// Which popup: an index chosen by the DOM layer.
pub type Id = u32;

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// The pointer entered a trigger.
    EnterTrigger(Id),
    /// The pointer left a trigger.
    LeaveTrigger(Id),
    /// The pointer entered a popup.
    EnterPopup(Id),
    /// The pointer left a popup.
    LeavePopup(Id),
    /// A trigger received keyboard focus.
    Focus(Id),
    /// A trigger lost focus.
    Blur(Id),
    /// A trigger was clicked, tapped, or activated with Enter or Space.
    Click(Id),
    /// A pointer press landed outside every trigger and popup.
    PressOutside,
    /// A pointer press landed in a popup.
    PressPopup(Id),
    /// Focus landed on something that is not a trigger.
    FocusElsewhere,
    /// Escape was pressed.
    Escape,
    /// The armed timer fired.
    Timer,
}

/// What the DOM layer must do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Show and place this popup.
    Open(Id),
    /// Hide this popup.
    Close(Id),
    /// (Re)arm the single timer for this many milliseconds.
    Arm(u32),
    /// Cancel the timer.
    Disarm,
    /// The input was consumed (Escape closed a popup): stop it there.
    Consumed,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Open {
    id: Id,
    on_trigger: bool,
    on_popup: bool,
    focused: bool,
    pinned: bool,
    /// A press in the popup came after the last focus: the blur is its doing.
    pressed: bool,
}

impl Open {
    fn held(&self) -> bool {
        self.on_trigger || self.on_popup || self.focused || self.pinned
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pending {
    Open(Id),
    Close,
}

/// The popup engine's state.
#[derive(Clone, Debug)]
pub struct Popups {
    open: Option<Open>,
    pending: Option<Pending>,
    suppressed: Option<Id>,
    hover_in: u32,
    hover_out: u32,
}

impl Popups {
    /// An engine with these delays in milliseconds.
    pub fn new(hover_in: u32, hover_out: u32) -> Popups {
        Popups { open: None, pending: None, suppressed: None, hover_in, hover_out }
    }

    /// The open popup, if any.
    pub fn open_id(&self) -> Option<Id> {
        self.open.map(|o| o.id)
    }

    /// Whether the pointer is on the open popup (the page scrolling under
    /// it must not move it away from the pointer).
    pub fn pointer_on_popup(&self) -> bool {
        self.open.is_some_and(|o| o.on_popup)
    }

    /// Feeds one input; returns the effects to perform, in order.
    pub fn on(&mut self, input: Input) -> Vec<Effect> {
        let mut fx = Vec::new();
        match input {
            Input::EnterTrigger(id) => {
                if self.suppressed == Some(id) {
                    return fx;
                }
                match &mut self.open {
                    Some(o) if o.id == id => {
                        o.on_trigger = true;
                        self.cancel(&mut fx);
                    }
                    _ => {
                        self.pending = Some(Pending::Open(id));
                        fx.push(Effect::Arm(self.hover_in));
                    }
                }
            }
            Input::LeaveTrigger(id) => {
                if self.suppressed == Some(id) {
                    self.suppressed = None;
                }
                // (Matched, not compared: no PartialEq code for it in the wasm.)
                if matches!(self.pending, Some(Pending::Open(p)) if p == id) {
                    self.cancel(&mut fx);
                    // The pending open had replaced another open popup's
                    // close: that close is due again.
                    self.arm_close(&mut fx);
                }
                if let Some(o) = self.open_as(id) {
                    o.on_trigger = false;
                    self.arm_close(&mut fx);
                }
            }
            Input::EnterPopup(id) => {
                if let Some(o) = self.open_as(id) {
                    o.on_popup = true;
                    if matches!(self.pending, Some(Pending::Close)) {
                        self.cancel(&mut fx);
                    }
                }
            }
            Input::LeavePopup(id) => {
                if let Some(o) = self.open_as(id) {
                    o.on_popup = false;
                    self.arm_close(&mut fx);
                }
            }
            Input::Focus(id) => {
                self.suppressed = None;
                self.show(id, &mut fx);
                if let Some(o) = &mut self.open {
                    o.focused = true;
                    o.pressed = false;
                }
            }
            Input::Blur(id) => {
                if self.suppressed == Some(id) {
                    self.suppressed = None;
                }
                if let Some(o) = self.open_as(id) {
                    o.focused = false;
                    // A press in the popup took the focus: it stays pinned.
                    o.pinned = o.pressed;
                    self.close_unheld(&mut fx);
                }
            }
            Input::FocusElsewhere => {
                if let Some(o) = &mut self.open {
                    o.focused = false;
                    o.pinned = false;
                    self.close_unheld(&mut fx);
                }
            }
            Input::Click(id) => match &mut self.open {
                Some(o) if o.id == id && o.pinned => self.close(&mut fx),
                Some(o) if o.id == id => {
                    o.pinned = true;
                    self.cancel(&mut fx);
                }
                _ => {
                    self.suppressed = None;
                    self.show(id, &mut fx);
                    if let Some(o) = &mut self.open {
                        o.pinned = true;
                    }
                }
            },
            Input::PressPopup(id) => {
                if let Some(o) = self.open_as(id) {
                    o.pinned = true;
                    o.pressed = true;
                }
            }
            Input::PressOutside => {
                if self.open.is_some() {
                    self.close(&mut fx);
                } else if self.pending.is_some() {
                    self.cancel(&mut fx);
                }
            }
            Input::Escape => {
                if let Some(o) = self.open {
                    self.close(&mut fx);
                    self.suppressed = Some(o.id);
                    fx.push(Effect::Consumed);
                } else if self.pending.is_some() {
                    self.cancel(&mut fx);
                }
            }
            Input::Timer => match self.pending.take() {
                Some(Pending::Open(id)) => {
                    self.show(id, &mut fx);
                    if let Some(o) = &mut self.open {
                        o.on_trigger = true;
                    }
                }
                Some(Pending::Close) if self.open.is_some_and(|o| !o.held()) => self.close(&mut fx),
                Some(Pending::Close) | None => {}
            },
        }
        fx
    }

    /// The open popup, when it is this one.
    fn open_as(&mut self, id: Id) -> Option<&mut Open> {
        self.open.as_mut().filter(|o| o.id == id)
    }

    fn cancel(&mut self, fx: &mut Vec<Effect>) {
        if self.pending.take().is_some() {
            fx.push(Effect::Disarm);
        }
    }

    fn arm_close(&mut self, fx: &mut Vec<Effect>) {
        if self.open.is_some_and(|o| !o.held()) {
            self.pending = Some(Pending::Close);
            fx.push(Effect::Arm(self.hover_out));
        }
    }

    fn show(&mut self, id: Id, fx: &mut Vec<Effect>) {
        self.cancel(fx);
        if let Some(o) = self.open {
            if o.id == id {
                return;
            }
            fx.push(Effect::Close(o.id));
        }
        self.open = Some(Open { id, ..Open::default() });
        fx.push(Effect::Open(id));
    }

    fn close_unheld(&mut self, fx: &mut Vec<Effect>) {
        if self.open.is_some_and(|o| !o.held()) {
            self.close(fx);
        }
    }

    fn close(&mut self, fx: &mut Vec<Effect>) {
        self.cancel(fx);
        if let Some(o) = self.open.take() {
            fx.push(Effect::Close(o.id));
        }
    }
}

/// A rectangle in CSS pixels, viewport coordinates.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// Where to put a floating popup: its top-left corner, and whether it sits
/// above the trigger; or, for a bottom sheet, how far to scroll.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    /// Left edge, viewport coordinates.
    pub x: f64,
    /// Top edge, viewport coordinates.
    pub y: f64,
    /// Whether the popup is above the trigger.
    pub above: bool,
    /// As a bottom sheet instead: how far to scroll so that it leaves the
    /// trigger clear (see [`uncover`]).
    pub scroll: f64,
}

/// Places a popup of `w`×`h` next to a trigger whose line boxes are
/// `lines` (a trigger wrapped over two lines has two): below the last line
/// when it fits, else above the first line when that fits better; shifted
/// sideways to stay `margin` inside a viewport of `vw`×`vh`.
/// As a bottom sheet of height `h`, it would scroll by `scroll`.
pub fn place(lines: &[Rect], w: f64, h: f64, vw: f64, vh: f64, gap: f64, margin: f64) -> Placement {
    let first = lines.first().copied().unwrap_or_default();
    let last = lines.last().copied().unwrap_or_default();
    let below_y = last.y + last.h + gap;
    let above_y = first.y - gap - h;
    let fits_below = below_y + h <= vh - margin;
    let fits_above = above_y >= margin;
    let above = !fits_below && (fits_above || first.y > vh - (last.y + last.h));
    let (anchor, y) = if above { (first, above_y) } else { (last, below_y) };
    let max_x = (vw - margin - w).max(margin);
    let x = (anchor.x + anchor.w / 2.0 - w / 2.0).clamp(margin, max_x);
    let scroll = uncover(first.y, last.y + last.h, vh - h, gap);
    Placement { x, y: y.max(margin.min(y)), above, scroll }
}

/// How far to scroll so that a trigger from `top` to `bottom` (viewport
/// coordinates) sits `gap` above a bottom sheet whose top edge is at
/// `sheet`: 0 when the sheet leaves it clear; never so far that the
/// trigger's top leaves the viewport.
pub fn uncover(top: f64, bottom: f64, sheet: f64, gap: f64) -> f64 {
    (bottom + gap - sheet).min(top - gap).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::Effect::*;
    use super::Input::*;
    use super::*;

    fn engine() -> Popups {
        Popups::new(100, 250)
    }

    #[test]
    fn hover_opens_after_the_delay_and_closes_after_grace() {
        let mut p = engine();
        assert_eq!(p.on(EnterTrigger(1)), vec![Arm(100)], "should wait for hover intent");
        assert_eq!(p.on(Timer), vec![Open(1)], "should open after the delay");
        assert_eq!(p.on(LeaveTrigger(1)), vec![Arm(250)], "should start the grace period");
        assert_eq!(p.on(Timer), vec![Close(1)], "should close after the grace period");
    }

    #[test]
    fn passing_over_does_not_open() {
        let mut p = engine();
        p.on(EnterTrigger(1));
        assert_eq!(p.on(LeaveTrigger(1)), vec![Disarm], "should cancel a pending open");
        assert_eq!(p.open_id(), None, "should stay closed");
    }

    #[test]
    fn passing_over_another_trigger_still_closes_the_open_popup() {
        let mut p = engine();
        p.on(EnterTrigger(1));
        p.on(Timer);
        assert_eq!(p.on(LeaveTrigger(1)), vec![Arm(250)], "leaving should start the grace period");
        assert_eq!(p.on(EnterTrigger(2)), vec![Arm(100)], "another trigger's hover intent takes the timer");
        assert_eq!(p.on(LeaveTrigger(2)), vec![Disarm, Arm(250)], "passing over it should leave the first to close");
        assert_eq!(p.on(Timer), vec![Close(1)], "the first should close after the grace period");
    }

    #[test]
    fn hoverable_across_the_gap() {
        let mut p = engine();
        p.on(EnterTrigger(1));
        p.on(Timer);
        p.on(LeaveTrigger(1));
        assert_eq!(p.on(EnterPopup(1)), vec![Disarm], "reaching the popup should cancel the close");
        assert_eq!(p.on(Timer), vec![], "a stale timer should not close a hovered popup");
        assert_eq!(p.open_id(), Some(1), "should stay open while hovered");
        assert_eq!(p.on(LeavePopup(1)), vec![Arm(250)], "leaving the popup should start the grace period");
        assert_eq!(p.on(EnterTrigger(1)), vec![Disarm], "coming back should keep it open");
    }

    #[test]
    fn persistent_no_timer_closes_a_held_popup() {
        let mut p = engine();
        p.on(Focus(1));
        for _ in 0..3 {
            assert!(p.on(Timer).is_empty(), "no timer should close a focused popup");
        }
        assert_eq!(p.open_id(), Some(1), "should persist while focused");
    }

    #[test]
    fn focus_opens_at_once_and_blur_closes() {
        let mut p = engine();
        assert_eq!(p.on(Focus(1)), vec![Open(1)], "focus should open at once");
        assert_eq!(p.on(Focus(2)), vec![Close(1), Open(2)], "one popup at a time");
        assert_eq!(p.on(Blur(2)), vec![Close(2)], "blur should close");
    }

    #[test]
    fn escape_dismisses_and_jitter_does_not_reopen() {
        let mut p = engine();
        p.on(EnterTrigger(1));
        p.on(Timer);
        assert_eq!(p.on(Escape), vec![Close(1), Consumed], "Escape should close and be consumed");
        assert_eq!(p.on(EnterTrigger(1)), vec![], "jitter on the same trigger should not reopen");
        p.on(LeaveTrigger(1));
        assert_eq!(p.on(EnterTrigger(1)), vec![Arm(100)], "re-entering after leaving should reopen");
        assert_eq!(p.on(Escape), vec![Disarm], "Escape should cancel a pending open");
        let mut p = engine();
        p.on(Focus(1));
        assert_eq!(p.on(Escape), vec![Close(1), Consumed], "Escape should close a focused popup");
        assert_eq!(p.on(Escape), vec![], "Escape with nothing open should pass through");
    }

    #[test]
    fn placement_flips_and_shifts() {
        let line = Rect { x: 100.0, y: 100.0, w: 40.0, h: 20.0 };
        let p = place(&[line], 200.0, 100.0, 800.0, 600.0, 8.0, 8.0);
        assert_eq!((p.x, p.y, p.above), (20.0, 128.0, false), "should sit below, centred, shifted inside");
        let low = Rect { x: 700.0, y: 550.0, w: 40.0, h: 20.0 };
        let p = place(&[low], 200.0, 100.0, 800.0, 600.0, 8.0, 8.0);
        assert!(p.above && p.y == 442.0, "should flip above near the bottom: {p:?}");
        assert_eq!(p.x, 592.0, "should shift left to stay inside");
        assert_eq!(p.scroll, 78.0, "as a sheet it should scroll the trigger clear");
        let wrapped = [Rect { x: 700.0, y: 100.0, w: 90.0, h: 20.0 }, Rect { x: 10.0, y: 120.0, w: 50.0, h: 20.0 }];
        let p = place(&wrapped, 100.0, 50.0, 800.0, 600.0, 8.0, 8.0);
        assert_eq!((p.x, p.y), (8.0, 148.0), "should follow the last line of a wrapped trigger");
    }

    #[test]
    fn a_sheet_over_its_trigger_scrolls_it_clear() {
        assert_eq!(uncover(606.0, 630.0, 561.0, 8.0), 77.0, "should lift the trigger just above the sheet");
        assert_eq!(uncover(300.0, 324.0, 561.0, 8.0), 0.0, "a trigger clear of the sheet should not scroll");
        assert_eq!(uncover(40.0, 500.0, 300.0, 8.0), 32.0, "a tall trigger should keep its top in view");
    }

    #[test]
    fn click_pins_and_toggles() {
        let mut p = engine();
        assert_eq!(p.on(Click(1)), vec![Open(1)], "a tap should open");
        assert!(p.on(LeaveTrigger(1)).is_empty(), "a pinned popup should not start closing");
        assert_eq!(p.on(Click(1)), vec![Close(1)], "a second tap should close");
        p.on(Click(1));
        assert_eq!(p.on(PressOutside), vec![Close(1)], "a tap outside should close");
        // Mouse click: hover, focus, then click keeps it open.
        let mut p = engine();
        p.on(EnterTrigger(2));
        p.on(Focus(2));
        assert_eq!(p.on(Click(2)), vec![], "the click after focus should pin, not close");
        assert_eq!(p.open_id(), Some(2), "should stay open");
    }

    #[test]
    fn a_press_inside_keeps_the_popup_open() {
        // A tap on a phone: focus, then click; then a tap in the sheet to
        // select its text takes the focus off the trigger.
        let mut p = engine();
        p.on(Focus(1));
        p.on(Click(1));
        assert_eq!(p.on(PressPopup(1)), vec![], "a press inside should change nothing shown");
        assert_eq!(p.on(Blur(1)), vec![], "the blur the press causes should not close it");
        assert!(p.on(Timer).is_empty(), "no timer should close it");
        assert_eq!(p.on(PressOutside), vec![Close(1)], "a tap outside should still close it");
        // Escape still closes; a tap on the trigger toggles it shut.
        p.on(Click(1));
        p.on(PressPopup(1));
        p.on(Blur(1));
        assert_eq!(p.on(Escape), vec![Close(1), Consumed], "Escape should still close it");
        p.on(Focus(1));
        p.on(Click(1));
        p.on(PressPopup(1));
        p.on(Blur(1));
        p.on(Focus(1));
        assert_eq!(p.on(Click(1)), vec![Close(1)], "a second tap on the trigger should close it");
        // A press in another popup than the open one is no press inside.
        p.on(Focus(1));
        p.on(PressPopup(2));
        assert_eq!(p.on(Blur(1)), vec![Close(1)], "a press elsewhere should not hold it");
    }

    #[test]
    fn focus_moving_on_still_closes() {
        // Tab away from a focused, clicked trigger: closes as before.
        let mut p = engine();
        p.on(Focus(1));
        p.on(Click(1));
        assert_eq!(p.on(Blur(1)), vec![Close(1)], "Tab away should close a pinned popup");
        // The press inside counts for its own blur only: once focus comes
        // back to the trigger, Tab away closes again.
        p.on(Focus(1));
        p.on(Click(1));
        p.on(PressPopup(1));
        p.on(Blur(1));
        p.on(Focus(1));
        assert_eq!(p.on(Blur(1)), vec![Close(1)], "Tab away after focus came back should close");
        // After a press inside, focus moving on to anything closes it.
        p.on(Click(1));
        p.on(PressPopup(1));
        assert_eq!(p.on(FocusElsewhere), vec![Close(1)], "focus moving elsewhere should close it");
        // ... unless the pointer is on it (hoverable).
        p.on(EnterTrigger(1));
        p.on(Timer);
        p.on(LeaveTrigger(1));
        p.on(EnterPopup(1));
        assert_eq!(p.on(FocusElsewhere), vec![], "a hovered popup should stay while focus moves");
        assert_eq!(p.on(LeavePopup(1)), vec![Arm(250)], "and close after leaving it");
    }
}
