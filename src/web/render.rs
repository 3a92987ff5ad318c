//! Turns the model into what readers see, in place: cards around quoted
//! documents, note markers and inline insertions with their popups, the
//! citation trigger, the original-text toggle, and a print list of notes.
//!
//! Author nodes are moved, never re-created, and every change goes through
//! [`Undo`]. ibid's own words are text nodes.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Node, Text};

use super::dom::{self, Mirror, Undo};
use crate::model::{Note, NoteKind, Quote, TextPos};
use crate::view::{self, DatePart, Labels};

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
#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// A failure to force, for tests only.
    pub fault: Option<Fault>,
    /// Words ibid adds.
    pub labels: Labels,
    /// Kinds of note shown as a marker with a popup; the others stay
    /// inline, styled as the editor's, explained on hover or focus.
    pub markers: Vec<NoteKind>,
}

impl Default for RenderOptions {
    fn default() -> RenderOptions {
        RenderOptions {
            fault: None,
            labels: Labels::default(),
            markers: vec![
                NoteKind::Note,
                NoteKind::Literal,
                NoteKind::Explanation,
                NoteKind::Sic,
                NoteKind::Uncertain,
                NoteKind::Omission,
            ],
        }
    }
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

/// A page-unique prefix for element ids.
fn next_prefix() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    format!("ibid{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

struct Ctx<'a> {
    doc: &'a Document,
    mirror: &'a Mirror,
    undo: &'a mut Undo,
    options: &'a RenderOptions,
    rendered: &'a mut Rendered,
    prefix: String,
    /// The last position turned into UTF-16: (text node, byte, UTF-16).
    /// Notes are rendered last first, so positions in one text node come in
    /// decreasing order and each is found from the previous one: linear in
    /// the node's length, however many notes it holds.
    utf16_at: Option<(crate::tree::NodeId, usize, u32)>,
}

/// Renders every quote. On error the caller undoes everything.
pub fn render(
    doc: &Document,
    mirror: &Mirror,
    quotes: &[Quote],
    options: &RenderOptions,
    undo: &mut Undo,
) -> Result<Rendered, JsValue> {
    let mut rendered = Rendered::default();
    let mut ctx = Ctx { doc, mirror, undo, options, rendered: &mut rendered, prefix: next_prefix(), utf16_at: None };
    for (index, quote) in quotes.iter().enumerate() {
        render_quote(&mut ctx, index, quote)?;
        match options.fault {
            Some(Fault::Throw) => return Err(JsValue::from_str("ibid: test fault")),
            Some(Fault::Panic) => panic!("ibid: test fault"),
            None => {}
        }
    }
    Ok(rendered)
}

fn has_metadata(quote: &Quote) -> bool {
    quote.kind.is_some()
        || quote.from.is_some()
        || quote.to.is_some()
        || quote.date.is_some()
        || quote.sent.is_some()
        || quote.source.is_some()
}

fn node_of(ctx: &Ctx<'_>, id: crate::tree::NodeId) -> Result<Node, JsValue> {
    ctx.mirror.node(id).cloned().ok_or_else(|| JsValue::from_str("ibid: node out of range"))
}

fn render_quote(ctx: &mut Ctx<'_>, index: usize, quote: &Quote) -> Result<(), JsValue> {
    let bq: Element = node_of(ctx, quote.blockquote)?.unchecked_into();
    let mut print_notes: Vec<String> = Vec::new();
    // Notes first, last one first, so that earlier text offsets stay valid.
    let mut numbered: Vec<(usize, &Note)> = Vec::new();
    let mut n_markers = 0;
    for note in &quote.notes {
        if ctx.options.markers.contains(&note.kind) {
            n_markers += 1;
            numbered.push((n_markers, note));
        } else {
            numbered.push((0, note));
        }
    }
    for &(number, note) in numbered.iter().rev() {
        render_note(ctx, index, number, note)?;
    }
    for &(number, note) in &numbered {
        if number > 0 {
            let label = ctx.options.labels.note_kind(note.kind);
            print_notes.push(format!("{label}: {}", note_line(note)));
        }
    }
    // A quote with notes but nothing else gets no card: its notes are enough.
    if !has_metadata(quote) {
        return Ok(());
    }
    let outer: Node = match quote.wrapper {
        Some(w) => node_of(ctx, w)?,
        None => bq.clone().unchecked_into(),
    };
    let parent = outer.parent_node().ok_or_else(|| JsValue::from_str("ibid: quote has no parent"))?;
    let kind_class = quote.kind.as_deref().map(css_ident).unwrap_or_default();
    let card = dom::element(
        ctx.doc,
        "figure",
        &format!("ibid-card ibid-card--{}", if kind_class.is_empty() { "document" } else { &kind_class }),
    )?;
    card.set_attribute("data-ibid-quote", &index.to_string())?;
    parent.insert_before(&card, Some(&outer))?;
    ctx.undo.inserted(&card);
    // Header: kind, from → to, dates, and the original toggle.
    let header = dom::element(ctx.doc, "div", "ibid-card__header")?;
    card.append_child(&header)?;
    render_header(ctx, &header, quote)?;
    // Heading paragraphs outside the blockquote come into the card.
    for &h in &quote.heading_nodes {
        let node = node_of(ctx, h)?;
        if !bq.contains(Some(&node)) {
            ctx.undo.move_to(&node, &card, None)?;
        }
    }
    // Originals: moved into a hidden container shown by the toggle.
    if let Some(original) = &quote.original {
        let id = format!("{}-orig{index}", ctx.prefix);
        let holder = dom::element(ctx.doc, "div", "ibid-card__original")?;
        holder.set_id(&id);
        holder.set_attribute("lang", &original.lang)?;
        card.append_child(&holder)?;
        for &o in &quote.original_nodes {
            let node = node_of(ctx, o)?;
            ctx.undo.move_to(&node, &holder, None)?;
        }
        let toggle = dom::element(ctx.doc, "button", "ibid-card__toggle")?;
        toggle.set_attribute("type", "button")?;
        toggle.set_attribute("aria-expanded", "false")?;
        toggle.set_attribute("aria-controls", &id)?;
        dom::append_text(ctx.doc, &toggle, &ctx.options.labels.show_original)?;
        header.append_child(&toggle)?;
        ctx.rendered.toggles.push((toggle, card.clone()));
    }
    ctx.undo.move_to(&outer, &card, None)?;
    // The attribution becomes the footer.
    if let Some(a) = quote.attribution_node {
        let node = node_of(ctx, a)?;
        let caption = dom::element(ctx.doc, "figcaption", "ibid-card__footer")?;
        card.append_child(&caption)?;
        let cite = dom::element(ctx.doc, "cite", "ibid-card__attribution")?;
        caption.append_child(&cite)?;
        // Children move into ibid's <cite>; the emptied element leaves the page.
        while let Some(child) = node.first_child() {
            ctx.undo.move_to(&child, &cite, None)?;
        }
        ctx.undo.remove(&node)?;
        if let Some(source) = &quote.source {
            let text = citation_text(&ctx.options.labels, source);
            render_citation(ctx, index, &cite, quote.source_range, &text)?;
            print_notes.push(format!("{}: {text}", ctx.options.labels.citation));
        }
    } else if let Some(source) = &quote.source {
        // A source given only in data-ibid-* attributes: a caption with the citation button.
        let caption = dom::element(ctx.doc, "figcaption", "ibid-card__footer")?;
        card.append_child(&caption)?;
        let cite = dom::element(ctx.doc, "cite", "ibid-card__attribution")?;
        caption.append_child(&cite)?;
        let text = citation_text(&ctx.options.labels, source);
        render_citation(ctx, index, &cite, None, &text)?;
        print_notes.push(format!("{}: {text}", ctx.options.labels.citation));
    }
    if !print_notes.is_empty() {
        let list = dom::element(ctx.doc, "ol", "ibid-card__notes")?;
        for line in print_notes {
            let li = dom::element(ctx.doc, "li", "")?;
            dom::append_text(ctx.doc, &li, &line)?;
            list.append_child(&li)?;
        }
        card.append_child(&list)?;
    }
    Ok(())
}

fn citation_text(labels: &Labels, source: &crate::model::Source) -> String {
    let full = labels.citation(source);
    if source.ibid {
        format!("{full} ({})", labels.ibid)
    } else {
        full
    }
}

fn note_line(note: &Note) -> String {
    match &note.signature {
        Some(sig) => format!("{} – {sig}", note.text),
        None => note.text.clone(),
    }
}

/// Letters, digits and hyphens only: safe in a class name.
fn css_ident(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect::<String>().to_ascii_lowercase()
}

fn render_header(ctx: &mut Ctx<'_>, header: &Element, quote: &Quote) -> Result<(), JsValue> {
    let labels = &ctx.options.labels;
    if let Some(kind) = &quote.kind {
        let span = dom::element(ctx.doc, "span", "ibid-card__kind")?;
        dom::append_text(ctx.doc, &span, &labels.kind(kind))?;
        header.append_child(&span)?;
    }
    if quote.from.is_some() || quote.to.is_some() {
        let parties = dom::element(ctx.doc, "span", "ibid-card__parties")?;
        if let Some(from) = &quote.from {
            let span = dom::element(ctx.doc, "span", "ibid-card__from")?;
            dom::append_text(ctx.doc, &span, from)?;
            parties.append_child(&span)?;
        }
        if let Some(to) = &quote.to {
            let arrow = dom::element(ctx.doc, "span", "ibid-card__arrow")?;
            arrow.set_attribute("aria-hidden", "true")?;
            dom::append_text(ctx.doc, &arrow, " → ")?;
            parties.append_child(&arrow)?;
            let said = dom::element(ctx.doc, "span", "ibid-visually-hidden")?;
            dom::append_text(ctx.doc, &said, &format!(" {} ", labels.to))?;
            parties.append_child(&said)?;
            let span = dom::element(ctx.doc, "span", "ibid-card__to")?;
            dom::append_text(ctx.doc, &span, to)?;
            parties.append_child(&span)?;
        }
        header.append_child(&parties)?;
    }
    let parts = view::date_parts(quote, labels);
    if !parts.is_empty() {
        let dates = dom::element(ctx.doc, "span", "ibid-card__dates")?;
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                let sep = matches!(part, DatePart::Date(..)) && matches!(parts[i - 1], DatePart::Word(_));
                dom::append_text(ctx.doc, &dates, if sep { " " } else { " · " })?;
            }
            match part {
                DatePart::Word(w) => dom::append_text(ctx.doc, &dates, w)?,
                DatePart::Date(text, iso) => {
                    let time = dom::element(ctx.doc, "time", "")?;
                    time.set_attribute("datetime", iso)?;
                    dom::append_text(ctx.doc, &time, text)?;
                    dates.append_child(&time)?;
                }
                DatePart::Transit(t) => {
                    let span = dom::element(ctx.doc, "span", "ibid-card__transit")?;
                    dom::append_text(ctx.doc, &span, t)?;
                    dates.append_child(&span)?;
                }
            }
        }
        header.append_child(&dates)?;
    }
    Ok(())
}

/// The text node and UTF-16 offset of a core position.
fn text_at(ctx: &mut Ctx<'_>, pos: TextPos) -> Result<(Text, u32), JsValue> {
    let node = node_of(ctx, pos.node)?;
    let text: Text = node.dyn_into().map_err(|_| JsValue::from_str("ibid: position is not in text"))?;
    let original = ctx.mirror.tree.text(pos.node).unwrap_or("");
    let at = match ctx.utf16_at {
        Some((n, byte, utf16)) if n == pos.node && pos.offset <= byte => {
            let between = original.get(pos.offset..byte).unwrap_or("");
            utf16.saturating_sub(u32::try_from(between.encode_utf16().count()).unwrap_or(u32::MAX))
        }
        _ => dom::utf16_offset(original, pos.offset),
    };
    ctx.utf16_at = Some((pos.node, pos.offset, at));
    Ok((text, at))
}

/// Splits text so that `start..end` is a run of whole sibling nodes; returns
/// them. When the two ends sit under different parents, the run widens to
/// their ancestors under the closest common parent.
fn isolate(ctx: &mut Ctx<'_>, start: TextPos, end: TextPos) -> Result<Vec<Node>, JsValue> {
    let (end_text, end_at) = text_at(ctx, end)?;
    // Split the end first: splitting the start may replace the node that holds it.
    if start.node == end.node {
        let (start_text, start_at) = text_at(ctx, start)?;
        if end_at < end_text.length() {
            ctx.undo.split(&end_text, end_at)?;
        }
        let first: Node = if start_at > 0 {
            ctx.undo.split(&start_text, start_at)?.unchecked_into()
        } else {
            start_text.unchecked_into()
        };
        return Ok(vec![first]);
    }
    if end_at < end_text.length() {
        ctx.undo.split(&end_text, end_at)?;
    }
    let (start_text, start_at) = text_at(ctx, start)?;
    let first: Node = if start_at > 0 {
        ctx.undo.split(&start_text, start_at)?.unchecked_into()
    } else {
        start_text.unchecked_into()
    };
    let last: Node = end_text.unchecked_into();
    // Lift both ends to children of their closest common ancestor.
    let mut a = first;
    let mut b = last;
    let mut depth = 0;
    while !a.parent_node().zip(b.parent_node()).is_some_and(|(pa, pb)| pa.is_same_node(Some(&pb))) {
        depth += 1;
        if depth > 64 {
            return Err(JsValue::from_str("ibid: note spans too deep a structure"));
        }
        let (pa, pb) = (a.parent_node(), b.parent_node());
        match (pa, pb) {
            (Some(pa), Some(pb)) => {
                if pa.contains(Some(&b)) {
                    b = pb;
                } else {
                    a = pa;
                }
            }
            _ => return Err(JsValue::from_str("ibid: note ends are not in one tree")),
        }
    }
    let mut run = vec![a.clone()];
    let mut at = a;
    while !at.is_same_node(Some(&b)) {
        match at.next_sibling() {
            Some(next) => {
                run.push(next.clone());
                at = next;
            }
            None => return Err(JsValue::from_str("ibid: note ends out of order")),
        }
    }
    Ok(run)
}

/// Whether a node is, or holds, interactive content (which cannot go inside a button).
fn interactive(node: &Node) -> bool {
    const SELECTOR: &str = "a, button, input, select, textarea, label, iframe, audio, video, details, [tabindex]";
    match node.dyn_ref::<Element>() {
        Some(el) => el.matches(SELECTOR).unwrap_or(true) || el.query_selector(SELECTOR).ok().flatten().is_some(),
        None => false,
    }
}

/// The outermost ancestor link or button of a node, inside which no
/// button may go.
fn interactive_ancestor(node: &Node) -> Option<Element> {
    let mut found = None;
    let mut at = node.parent_element();
    while let Some(el) = at {
        if el.matches("a[href], button, label").unwrap_or(false) {
            found = Some(el.clone());
        }
        if el.local_name() == "blockquote" {
            break;
        }
        at = el.parent_element();
    }
    found
}

/// A popup trigger: a real button, described by its tooltip.
fn new_trigger(ctx: &Ctx<'_>, class: &str, tip_id: &str, popup_index: usize) -> Result<Element, JsValue> {
    let button = dom::element(ctx.doc, "button", class)?;
    button.set_attribute("type", "button")?;
    button.set_attribute("aria-describedby", tip_id)?;
    button.set_attribute("data-ibid-popup", &popup_index.to_string())?;
    Ok(button)
}

fn new_popup(ctx: &mut Ctx<'_>, id: &str, class: &str) -> Result<Element, JsValue> {
    let popup = dom::element(ctx.doc, "span", &format!("ibid-popup {class}"))?;
    popup.set_id(id);
    popup.set_attribute("role", "tooltip")?;
    popup.set_attribute("hidden", "")?;
    Ok(popup)
}

/// Whether a marker hides the bracketed text on screen. An uncertain
/// reading (`[Chita?]`) or an omission (`[…]`) is part of what the reader
/// must see, so it stays visible with its marker after it.
fn hides_text(kind: NoteKind) -> bool {
    !matches!(kind, NoteKind::Uncertain | NoteKind::Omission)
}

fn render_note(ctx: &mut Ctx<'_>, quote: usize, number: usize, note: &Note) -> Result<(), JsValue> {
    let mut start = note.start;
    // A hidden note takes the space before it along, so that its marker
    // stays with the word it follows ("bolsheviks’¹", not "bolsheviks’ ¹").
    if number > 0 && hides_text(note.kind) && start.offset > 0 {
        let text = ctx.mirror.tree.text(start.node).unwrap_or("");
        if text.as_bytes().get(start.offset - 1) == Some(&b' ') {
            start.offset -= 1;
        }
    }
    let run = isolate(ctx, start, note.end)?;
    let Some(first) = run.first().cloned() else { return Ok(()) };
    let parent = first.parent_node().ok_or_else(|| JsValue::from_str("ibid: note has no parent"))?;
    let popup_index = ctx.rendered.popups.len();
    let tip_id = format!("{}-tip{popup_index}", ctx.prefix);
    let labels = &ctx.options.labels;
    let kind_label = labels.note_kind(note.kind).to_string();
    let kind_class = format!("ibid-note--{}", note.kind.as_str());
    let popup_text = format!("{kind_label}: {}", note_line(note));
    if number == 0 {
        // Inline: the editor's words stay, inside a button that explains them.
        if run.iter().any(interactive) || interactive_ancestor(&first).is_some() {
            return Ok(());
        }
        let wrap = dom::element(ctx.doc, "span", &format!("ibid-note ibid-note--inline {kind_class}"))?;
        parent.insert_before(&wrap, Some(&first))?;
        ctx.undo.inserted(&wrap);
        let button = new_trigger(ctx, "ibid-insertion", &tip_id, popup_index)?;
        wrap.append_child(&button)?;
        for node in &run {
            ctx.undo.move_to(node, &button, None)?;
        }
        let popup = new_popup(ctx, &tip_id, "ibid-popup--note")?;
        fill_note_popup(ctx, &popup, &kind_label, note)?;
        wrap.append_child(&popup)?;
        ctx.rendered.popups.push(PopupInfo {
            kind: "note",
            note_kind: Some(note.kind),
            text: popup_text,
            quote,
            trigger: button,
            popup,
        });
        return Ok(());
    }
    // Marker: the bracketed text stays for screen readers and print, hidden
    // on screen; a numbered button shows the note in a popup.
    let wrap = dom::element(ctx.doc, "span", &format!("ibid-note {kind_class}"))?;
    parent.insert_before(&wrap, Some(&first))?;
    ctx.undo.inserted(&wrap);
    let source =
        dom::element(ctx.doc, "span", if hides_text(note.kind) { "ibid-note__text" } else { "ibid-note__kept" })?;
    wrap.append_child(&source)?;
    for node in &run {
        ctx.undo.move_to(node, &source, None)?;
    }
    let button = new_trigger(ctx, "ibid-marker", &tip_id, popup_index)?;
    button.set_attribute("aria-label", &format!("{} {number}", ctx.options.labels.marker))?;
    let digits = dom::element(ctx.doc, "span", "ibid-marker__n")?;
    digits.set_attribute("aria-hidden", "true")?;
    dom::append_text(ctx.doc, &digits, &number.to_string())?;
    button.append_child(&digits)?;
    let popup = new_popup(ctx, &tip_id, "ibid-popup--note")?;
    fill_note_popup(ctx, &popup, &kind_label, note)?;
    // Inside a link, the marker and its popup go right after the link.
    match interactive_ancestor(&wrap) {
        Some(link) => {
            let after = link.next_sibling();
            let holder = dom::element(ctx.doc, "span", "ibid-note ibid-note--after-link")?;
            let link_parent = link.parent_node().ok_or_else(|| JsValue::from_str("ibid: link has no parent"))?;
            link_parent.insert_before(&holder, after.as_ref())?;
            ctx.undo.inserted(&holder);
            holder.append_child(&button)?;
            holder.append_child(&popup)?;
        }
        None => {
            wrap.append_child(&button)?;
            wrap.append_child(&popup)?;
        }
    }
    ctx.rendered.popups.push(PopupInfo {
        kind: "note",
        note_kind: Some(note.kind),
        text: popup_text,
        quote,
        trigger: button,
        popup,
    });
    Ok(())
}

fn fill_note_popup(ctx: &Ctx<'_>, popup: &Element, kind_label: &str, note: &Note) -> Result<(), JsValue> {
    let label = dom::element(ctx.doc, "span", "ibid-popup__label")?;
    dom::append_text(ctx.doc, &label, kind_label)?;
    popup.append_child(&label)?;
    let body = dom::element(ctx.doc, "span", "ibid-popup__text")?;
    dom::append_text(ctx.doc, &body, &note.text)?;
    popup.append_child(&body)?;
    if let Some(sig) = &note.signature {
        let s = dom::element(ctx.doc, "span", "ibid-popup__sig")?;
        dom::append_text(ctx.doc, &s, &format!("– {sig}"))?;
        popup.append_child(&s)?;
    }
    Ok(())
}

/// The citation trigger: the source part of the attribution becomes a
/// button when it can be isolated; otherwise a small button follows it.
fn render_citation(
    ctx: &mut Ctx<'_>,
    quote: usize,
    cite: &Element,
    range: Option<(TextPos, TextPos)>,
    text: &str,
) -> Result<(), JsValue> {
    let popup_index = ctx.rendered.popups.len();
    let tip_id = format!("{}-tip{popup_index}", ctx.prefix);
    let popup = new_popup(ctx, &tip_id, "ibid-popup--citation")?;
    let label = dom::element(ctx.doc, "span", "ibid-popup__label")?;
    dom::append_text(ctx.doc, &label, &ctx.options.labels.citation)?;
    popup.append_child(&label)?;
    let body = dom::element(ctx.doc, "span", "ibid-popup__text")?;
    dom::append_text(ctx.doc, &body, text)?;
    popup.append_child(&body)?;
    let button = new_trigger(ctx, "ibid-cite", &tip_id, popup_index)?;
    let run = match range {
        Some((start, end)) => isolate(ctx, start, end).ok().filter(|run| {
            !run.iter().any(interactive)
                && run.first().and_then(Node::parent_node).is_some_and(|p| cite.contains(Some(&p)))
        }),
        None => None,
    };
    match run {
        Some(run) => {
            let first = &run[0];
            let parent = first.parent_node().ok_or_else(|| JsValue::from_str("ibid: citation has no parent"))?;
            parent.insert_before(&button, Some(first))?;
            ctx.undo.inserted(&button);
            for node in &run {
                ctx.undo.move_to(node, &button, None)?;
            }
            let after = button.next_sibling();
            parent.insert_before(&popup, after.as_ref())?;
            ctx.undo.inserted(&popup);
        }
        None => {
            button.class_list().add_1("ibid-cite--icon")?;
            button.set_attribute("aria-label", &ctx.options.labels.citation)?;
            let mark = dom::element(ctx.doc, "span", "")?;
            mark.set_attribute("aria-hidden", "true")?;
            dom::append_text(ctx.doc, &mark, "i")?;
            button.append_child(&mark)?;
            cite.append_child(&button)?;
            cite.append_child(&popup)?;
        }
    }
    ctx.rendered.popups.push(PopupInfo {
        kind: "citation",
        note_kind: None,
        text: text.to_string(),
        quote,
        trigger: button,
        popup,
    });
    Ok(())
}
