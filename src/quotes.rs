//! Finding the quoted documents of a post: which blockquotes, which
//! attribution, which heading lines and which original-language paragraphs
//! belong to each.
//!
//! ## Rules
//!
//! - Every `<blockquote>` under the root is a candidate, except inside
//!   comments, pingbacks, forms, navigation and sidebars, inside another
//!   blockquote, or marked `data-ibid="off"`.
//! - Its attribution is, in this order: a `<cite>`, `<footer>` or
//!   `<figcaption>` inside it or in its `<figure>`; its own last paragraph
//!   when that reads as an attribution (or starts with a dash); the
//!   paragraph right after it when that reads as an attribution. Image
//!   captions (`.wp-caption-text`, lines ending in "Source") never are.
//! - Heading lines (a kind-from-to line, an addressee line, `[Telegram]`, a
//!   dateline, `[Received …]`) at the start of the blockquote, or right
//!   before it, describe the document when the attribution does not.
//! - CJK paragraphs before the translation (inside the blockquote, as the
//!   paragraphs before it, or as a blockquote of their own right before it)
//!   are the original, not part of the translation.
//! - `data-ibid-kind`, `-from`, `-to`, `-date`, `-sent`, `-source` and
//!   `-pages` on the blockquote (or its figure) override what was read.

use crate::attribution::{self, Attribution};
use crate::date::{self, Mention, Role};
use crate::model::{Date, Diagnostic, Document, Note, Original, Quote, Source, TextPos};
use crate::notes;
use crate::text::{self, has_word, words, Block, Flat, Words};
use crate::tree::{NodeId, Tree};

/// Elements whose content is never the post's own quotes.
/// The elements that hold an attribution as such, inside a quote or its figure.
const CAPTIONS: Words = words!["figcaption", "cite", "footer"];

const EXCLUDED_NAMES: Words = words!["form", "nav", "aside", "script", "style", "template", "noscript", "textarea"];
const EXCLUDED_IDS: Words = words!["comments", "respond", "secondary", "sidebar", "colophon"];
const EXCLUDED_CLASSES: Words =
    words!["pingback", "trackback", "sharedaddy", "jp-relatedposts", "widget-area", "sidebar"];

/// The longest attribution line read, in bytes: anything longer is prose.
const MAX_ATTRIBUTION: usize = 1000;

fn excluded(tree: &Tree, id: NodeId) -> bool {
    if tree.is_any(id, EXCLUDED_NAMES) {
        return true;
    }
    if tree.attr(id, "id").is_some_and(|v| has_word(EXCLUDED_IDS, v)) {
        return true;
    }
    tree.attr(id, "class").is_some_and(|classes| {
        // Split at ASCII whitespace (empty pieces match nothing below).
        text::pieces(classes, text::ASCII_WHITESPACE)
            .any(|(_, c)| c.starts_with("comment") || has_word(EXCLUDED_CLASSES, c))
    })
}

fn off(tree: &Tree, id: NodeId) -> bool {
    tree.attr(id, "data-ibid").is_some_and(|v| text::trim(v).eq_ignore_ascii_case("off"))
}

/// The blockquotes that may be documents, in document order.
fn candidates(tree: &Tree, root: NodeId) -> Vec<u32> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n != root && excluded(tree, n) {
            continue;
        }
        if tree.is(n, "blockquote") {
            out.push(n.0);
            continue;
        }
        tree.stack_children(n, &mut stack);
    }
    out
}

/// The next (or previous) element sibling, skipping whitespace text and comments.
fn element_sibling(tree: &Tree, id: NodeId, forward: bool) -> Option<NodeId> {
    let mut at = id;
    loop {
        at = if forward { tree.next_sibling(at)? } else { tree.prev_sibling(at)? };
        match tree.text(at) {
            Some(t) if text::trim(t).is_empty() => continue,
            Some(_) => return None,
            None if tree.name(at).is_some() => return Some(at),
            None => continue,
        }
    }
}

/// A `<figure>` that wraps only this blockquote and its caption.
fn wrapper(tree: &Tree, bq: NodeId) -> Option<NodeId> {
    let parent = tree.parent(bq)?;
    if !tree.is(parent, "figure") {
        return None;
    }
    let only_quote = tree
        .children(parent)
        .iter()
        .all(|&c| c == bq || tree.text(c).is_some_and(|t| text::trim(t).is_empty()) || tree.is_any(c, CAPTIONS));
    only_quote.then_some(parent)
}

fn is_caption_like(tree: &Tree, id: NodeId, line: &str) -> bool {
    if tree.has_class(id, "wp-caption-text") || tree.has_class(id, "wp-element-caption") {
        return true;
    }
    let t = text::trim_end_of(line, b". )]");
    t.ends_with("Source") || t.ends_with("source")
}

fn starts_with_dash(line: &str) -> bool {
    text::prefix_in(words!["—", "―", "–", "--", "- "], line, false).is_some()
}

/// Whether a blockquote is inside `id`. An element outside a quote that
/// holds another quote's blockquote is never this quote's attribution,
/// heading or original: its card would take the other quote in, and the two
/// would split the same text (each quote owns its nodes; a long post's cards
/// are built out of document order).
fn holds_blockquote(tree: &Tree, id: NodeId) -> bool {
    tree.descendants(id).any(|d| tree.is(d, "blockquote"))
}

/// An attribution candidate: the element and what it says.
#[derive(Debug)]
struct Found {
    node: NodeId,
    line: String,
    attribution: Attribution,
}

/// An element's text read as an attribution line; `None` for an empty,
/// over-long or caption-like line.
fn read_attribution(tree: &Tree, node: NodeId) -> Option<Found> {
    let line = text::line_text(tree, &[node]);
    if line.is_empty() || line.len() > MAX_ATTRIBUTION || is_caption_like(tree, node, &line) {
        return None;
    }
    let attribution = attribution::parse(&line);
    Some(Found { node, line, attribution })
}

/// The attribution of a blockquote, and whether it sits inside it.
fn find_attribution(tree: &Tree, bq: NodeId, wrap: Option<NodeId>, blocks: &[Block]) -> Option<Found> {
    let explicit = |node: NodeId| read_attribution(tree, node);
    // A paragraph that is not marked as an attribution must read as one.
    let reads = |node: NodeId| {
        read_attribution(tree, node).filter(|f| f.attribution.is_confident() || starts_with_dash(&f.line))
    };
    // (b) <cite>, <footer>, <figcaption> inside, or in the wrapping figure.
    if let Some(last) = blocks.last().and_then(|b| b.element(tree)) {
        if tree.is_any(last, CAPTIONS) {
            return explicit(last);
        }
        // <p><cite>…</cite></p> as the last paragraph.
        let only_cite = tree.is(last, "p") && {
            // Its one child element, if it has exactly one.
            let (mut element, mut elements) = (last, 0);
            for &c in tree.children(last) {
                if tree.name(c).is_some() {
                    element = c;
                    elements += 1;
                }
            }
            elements == 1
                && tree.is(element, "cite")
                && text::line_text(tree, &[element]) == text::line_text(tree, &[last])
        };
        if only_cite && blocks.len() > 1 {
            return explicit(last);
        }
    }
    if let Some(figure) = wrap {
        for &c in tree.children(figure) {
            if tree.is_any(c, CAPTIONS) && !holds_blockquote(tree, c) {
                if let Some(found) = explicit(c) {
                    return Some(found);
                }
            }
        }
    }
    // (c) its own last paragraph.
    if blocks.len() > 1 {
        if let Some(last) = blocks.last() {
            let node = last.element(tree).unwrap_or(last.nodes[0]);
            if last.nodes.len() == 1 && tree.name(node).is_some() {
                if let Some(found) = reads(node) {
                    return Some(found);
                }
            }
        }
    }
    // (a) the paragraph right after it.
    let outer = wrap.unwrap_or(bq);
    let next = element_sibling(tree, outer, true)?;
    if !tree.is_any(next, words!["p", "div", "h4", "h5", "h6", "footer", "cite"]) {
        return None;
    }
    if text::blocks(tree, next).len() > 1 || holds_blockquote(tree, next) {
        return None;
    }
    reads(next)
}

/// One heading line of a header-first document.
#[derive(Debug)]
enum Heading {
    /// "A Telegram from Mr. Wang … to the Ministry …, 5th day, …".
    Described(Attribution, Vec<Mention>),
    /// "The Minister in China (Reinsch) to the Secretary of State".
    Address(Option<String>, Option<String>),
    /// "[Telegram]".
    Kind(String),
    /// "PEKING, May 3, 1919, 5 p.m." (or "[Received May 4, 8:20 a.m.]").
    Dateline(Vec<Mention>),
    /// "File No. 861.00/1234": a filing line, nothing to read.
    Filing,
}

impl Heading {
    fn is_strong(&self) -> bool {
        matches!(self, Heading::Described(..) | Heading::Kind(_))
            || matches!(self, Heading::Dateline(m) if m.iter().any(|m| m.role == Role::Received))
    }
}

fn heading(line: &str) -> Option<Heading> {
    let line = text::trim(line);
    if line.is_empty() || line.len() > 300 {
        return None;
    }
    if line.starts_with("File No") {
        return Some(Heading::Filing);
    }
    if let Some(inner) = line.strip_prefix("[").and_then(|l| l.strip_suffix("]")) {
        let inner = text::trim(inner);
        let mentions = date::find(inner);
        if text::starts_with_ignore_case(inner, "received") && !mentions.is_empty() {
            return Some(Heading::Dateline(mentions));
        }
        // One to three words of letters: the last one is the kind.
        let words = text::word_count(inner);
        if (1..=3).contains(&words) && text::all_chars(inner, |c| c.is_whitespace() || text::is_letter(c) || c == '-') {
            let last = &inner[text::run_start(inner, |c| !c.is_whitespace())..];
            return Some(Heading::Kind(last.to_ascii_lowercase()));
        }
        return None;
    }
    let mentions = date::find(line);
    // A described heading names its parties within its first words
    // ("A Telegram from …", "Meeting between …"); skip the full grammar otherwise.
    let (mut early_marker, mut n) = (false, 0);
    for (_, w) in text::pieces(line, b" ") {
        if n == 6 {
            break;
        }
        n += 1;
        if text::word_index(words!["from", "to", "between", "by", "of"], w, true).is_some() {
            early_marker = true;
            break;
        }
    }
    let a = if early_marker { attribution::parse(line) } else { Attribution::default() };
    if a.kind.is_some() && (a.from.is_some() || a.to.is_some()) && a.source.is_none() {
        return Some(Heading::Described(a, mentions));
    }
    if let (Some(first), Some(last)) = (mentions.first(), mentions.last()) {
        // A dateline: a place (at most five words) and a date, maybe a time.
        let place = text::trim(&line[..first.start]);
        let place_ok = place.is_empty() || place.ends_with(",") && text::word_count(place) <= 5;
        let tail = text::trim_of(&line[last.end..], b"., ");
        let tail_ok = tail.is_empty() || tail.len() <= 16 && text::all_in(tail, b"0123456789 .:apmAPMnoidghtNOIDGHT");
        if place_ok && tail_ok && a.from.is_none() {
            return Some(Heading::Dateline(mentions));
        }
        return None;
    }
    // An addressee line: "X to Y", short, no final punctuation.
    let ends_open = !line.bytes().last().is_some_and(|b| text::in_set(b".:;!?,", b));
    let first_upper = line.chars().next().is_some_and(crate::text::is_upper);
    if !(ends_open && first_upper && text::word_count(line) <= 20) {
        return None;
    }
    // The last " to " splits them (there is one when there is any).
    let at = text::rfind_str(line, " to ")?;
    let (from, to) = (text::trim(&line[..at]), text::trim(&line[at + " to ".len()..]));
    Some(Heading::Address(Some(from.to_string()), Some(to.to_string())))
}

/// Whether a run of heading lines reads as a header: a strong line, or an
/// addressee line with a dateline.
fn is_header(lines: &[Heading]) -> bool {
    let strong = lines.iter().any(Heading::is_strong);
    let address = lines.iter().any(|h| matches!(h, Heading::Address(..)));
    let dateline = lines.iter().any(|h| matches!(h, Heading::Dateline(_)));
    strong || address && dateline
}

/// Fills an empty field from another, moving the value out of it: a header
/// from its heading lines (read once), a quote from its header.
fn fill(field: &mut Option<String>, value: &mut Option<String>) {
    if field.is_none() {
        *field = value.take();
    }
}

/// Reads a run of heading lines, the first line that gives a field winning;
/// `None` unless the run reads as a header. Takes the fields it uses out of
/// `lines`.
fn header_of(lines: &mut [Heading]) -> Option<Header> {
    if lines.is_empty() || !is_header(lines) {
        return None;
    }
    let mut header = Header::default();
    let mut mentions = Vec::new();
    for line in lines {
        match line {
            Heading::Described(a, m) => {
                header.between |= a.between && header.from.is_none();
                fill(&mut header.kind, &mut a.kind);
                fill(&mut header.from, &mut a.from);
                fill(&mut header.to, &mut a.to);
                mentions.extend_from_slice(m);
            }
            Heading::Address(from, to) => {
                fill(&mut header.from, from);
                fill(&mut header.to, to);
            }
            Heading::Kind(kind) => {
                if header.kind.is_none() {
                    header.kind = Some(std::mem::take(kind));
                }
            }
            Heading::Dateline(m) => mentions.extend_from_slice(m),
            Heading::Filing => {}
        }
    }
    let (date, sent) = attribution::resolve_dates(&mentions);
    header.date = date;
    header.sent = sent;
    Some(header)
}

#[derive(Debug, Default)]
struct Header {
    kind: Option<String>,
    from: Option<String>,
    to: Option<String>,
    between: bool,
    date: Option<Date>,
    sent: Option<Date>,
}

/// The longest run of heading lines at the start of `blocks` that reads as a header.
fn leading_header(tree: &Tree, blocks: &[&[NodeId]]) -> (usize, Option<Header>) {
    let mut lines = Vec::new();
    for block in blocks.iter().take(6) {
        match heading(&text::line_text(tree, block)) {
            Some(h) => lines.push(h),
            None => break,
        }
    }
    // Leave at least one block of text.
    lines.truncate(blocks.len().saturating_sub(1));
    // A lone dateline opening a letter ("Petrograd, 12 November 1917.") also counts.
    let lone_dateline = matches!(lines.as_slice(), [Heading::Dateline(_)]);
    while !lines.is_empty() {
        if let Some(header) = header_of(&mut lines) {
            return (lines.len(), Some(header));
        }
        if lone_dateline {
            if let [Heading::Dateline(m)] = lines.as_slice() {
                let (date, sent) = attribution::resolve_dates(m);
                return (1, Some(Header { date, sent, ..Header::default() }));
            }
        }
        lines.pop();
    }
    (0, None)
}

#[derive(Debug)]
struct Candidate {
    bq: NodeId,
    wrap: Option<NodeId>,
    blocks: Vec<Block>,
    attribution: Option<Found>,
}

impl Candidate {
    fn outer(&self) -> NodeId {
        self.wrap.unwrap_or(self.bq)
    }
}

fn all_cjk(tree: &Tree, blocks: &[Block]) -> bool {
    !blocks.is_empty() && blocks.iter().all(|b| text::is_cjk_text(&text::line_text(tree, &b.nodes)))
}

/// Finds the quoted documents under `root`. Never fails: problems become
/// diagnostics.
pub fn find(tree: &Tree, root: NodeId) -> Document {
    let mut finder = Finder::new(tree, root);
    finder.finish(tree);
    finder.doc
}

/// Reads the candidates one at a time, in document order, as far as asked:
/// the browser builds a long post's cards in tasks, and each task parses
/// only as far as the cards it builds (an Ibid. and a heading only look back,
/// and whether a blockquote is the next one's original, one ahead).
#[derive(Debug)]
pub struct Finder {
    root: NodeId,
    /// The candidate blockquotes' ids, in document order.
    pub candidates: Vec<u32>,
    /// The next candidate to read.
    next: usize,
    /// The last candidate read, waiting on the next to know whether it is that one's original.
    held: Option<(usize, Candidate)>,
    /// The held candidate that turned out to be the next one's original.
    original: Option<Candidate>,
    /// Every attribution taken so far, sorted: a heading never reaches back past one.
    claimed: Vec<NodeId>,
    /// The index of the last quote with a full citation, for the Ibid.s after it.
    last_full: Option<usize>,
    diagnostics: Vec<(TextPos, String)>,
    done: bool,
    /// The quotes so far; the diagnostics once [`Finder::finish`] has run.
    pub doc: Document,
}

impl Finder {
    /// Lists the candidates; reads none yet.
    pub fn new(tree: &Tree, root: NodeId) -> Finder {
        let candidates = candidates(tree, root);
        Finder {
            root,
            candidates,
            next: 0,
            held: None,
            original: None,
            claimed: Vec::new(),
            last_full: None,
            diagnostics: Vec::new(),
            done: false,
            doc: Document::default(),
        }
    }

    /// The index in `doc.quotes` of candidate `k`'s quote, reading as far as
    /// needed; `None` when it makes none (or there is no such candidate).
    pub fn quote(&mut self, tree: &Tree, k: usize) -> Option<usize> {
        while self.held.as_ref().map_or(self.next, |h| h.0) <= k && self.step(tree) {}
        // Quotes come in document order, as their blockquotes' ids do.
        let bq = NodeId(*self.candidates.get(k)?);
        self.doc.quotes.binary_search_by_key(&bq, |q| q.blockquote).ok()
    }

    /// Reads everything left and places the diagnostics.
    pub fn finish(&mut self, tree: &Tree) -> &Document {
        while self.step(tree) {}
        if !self.done {
            self.done = true;
            self.doc.diagnostics = locate(tree, self.root, std::mem::take(&mut self.diagnostics));
        }
        &self.doc
    }

    /// Reads one candidate (or, at the end, builds the held one); false when all are.
    fn step(&mut self, tree: &Tree) -> bool {
        let Some(&bq) = self.candidates.get(self.next) else {
            return match self.held.take() {
                Some((_, held)) => {
                    self.emit(tree, held);
                    true
                }
                None => false,
            };
        };
        let (k, bq) = (self.next, NodeId(bq));
        self.next += 1;
        let wrap = wrapper(tree, bq);
        if off(tree, bq) || wrap.is_some_and(|w| off(tree, w)) {
            return true;
        }
        let blocks = text::blocks(tree, bq);
        if blocks.is_empty() {
            return true;
        }
        let attribution = find_attribution(tree, bq, wrap, &blocks);
        if let Some(a) = &attribution {
            // Kept sorted: usually in order as they come, but not always (a
            // figure's quote whose attribution follows the figure, with
            // another quote in the figure's caption).
            if let Err(at) = self.claimed.binary_search(&a.node) {
                self.claimed.insert(at, a.node);
            }
        }
        let this = Candidate { bq, wrap, blocks, attribution };
        // A CJK-only blockquote right before a translation is that translation's original.
        if let Some((_, held)) = self.held.take() {
            let adjacent = element_sibling(tree, this.outer(), false) == Some(held.outer());
            if adjacent && held.attribution.is_none() && all_cjk(tree, &held.blocks) && !all_cjk(tree, &this.blocks) {
                self.original = Some(held);
            } else {
                self.emit(tree, held);
            }
        }
        self.held = Some((k, this));
        true
    }

    /// Builds a candidate's quote, if it makes one, and resolves its Ibid.
    fn emit(&mut self, tree: &Tree, mut c: Candidate) {
        // Each attribution goes to one quote: moved, not copied.
        let attribution = c.attribution.take();
        let original = self.original.take();
        if let Some(quote) = build(tree, &c, attribution, &self.claimed, original.as_ref(), &mut self.diagnostics) {
            self.doc.quotes.push(quote);
            // Resolved as each quote comes, so that all diagnostics come in
            // document order (a second pass reporting after the first would
            // make sorting them quadratic).
            resolve_ibid(tree, &mut self.doc.quotes, &mut self.last_full, &mut self.diagnostics);
        }
    }
}

/// The text of some blocks, paragraphs joined by a blank line; with
/// `skip_empty`, blocks with no text are left out.
fn paragraphs(tree: &Tree, blocks: &[&[NodeId]], skip_empty: bool) -> String {
    let mut out = String::new();
    let mut kept = 0;
    for nodes in blocks {
        let text = text::block_text(tree, nodes);
        if skip_empty && text.is_empty() {
            continue;
        }
        if kept > 0 {
            out.push_str("\n\n");
        }
        out.push_str(&text);
        kept += 1;
    }
    out
}

fn build(
    tree: &Tree,
    c: &Candidate,
    attribution: Option<Found>,
    claimed: &[NodeId], // sorted
    original_bq: Option<&Candidate>,
    diagnostics: &mut Vec<(TextPos, String)>,
) -> Option<Quote> {
    let mut quote = Quote { blockquote: c.bq, wrapper: c.wrap, ..Quote::default() };
    // Blocks of the quote's own text: all but an attribution inside it.
    let mut all: Vec<&[NodeId]> = Vec::new();
    for b in &c.blocks {
        if !attribution.as_ref().is_some_and(|a| b.nodes.contains(&a.node)) {
            all.push(&b.nodes);
        }
    }
    // Heading lines at the start of the blockquote.
    let (n_heading, mut header) = leading_header(tree, &all);
    let (heading_inside, rest) = all.split_at(n_heading);
    // Original paragraphs at the start (CJK before a non-CJK translation).
    let mut n_original = 0;
    while n_original < rest.len() && text::is_cjk_text(&text::line_text(tree, rest[n_original])) {
        n_original += 1;
    }
    if n_original == rest.len() {
        n_original = 0;
    }
    let (original_inside, body) = rest.split_at(n_original);
    // Before the blockquote: original paragraphs, a CJK blockquote, heading
    // lines, found walking back (so in reverse document order).
    let mut original_before: Vec<NodeId> = Vec::new();
    let mut at = original_bq.map_or(c.outer(), Candidate::outer);
    let mut heading_before: Vec<Heading> = Vec::new();
    let mut heading_nodes: Vec<NodeId> = Vec::new();
    while let Some(prev) = element_sibling(tree, at, false) {
        if claimed.binary_search(&prev).is_ok()
            || tree.is(prev, "blockquote")
            || text::blocks(tree, prev).len() != 1
            || holds_blockquote(tree, prev)
        {
            break;
        }
        if !tree.is_any(prev, words!["p", "h2", "h3", "h4", "h5", "h6", "div"]) {
            break;
        }
        let line = text::line_text(tree, &[prev]);
        if heading_before.is_empty() && text::is_cjk_text(&line) && all_cjk_paragraph(&line) {
            original_before.push(prev);
            at = prev;
            continue;
        }
        match heading(&line) {
            Some(h) if heading_before.len() < 6 => {
                heading_before.push(h);
                heading_nodes.push(prev);
                at = prev;
            }
            _ => break,
        }
    }
    original_before.reverse();
    heading_before.reverse();
    heading_nodes.reverse();
    // Keep the longest run of heading lines next to the quote that reads as a header.
    let mut heading_start = heading_nodes.len();
    if header.is_none() {
        for start in 0..heading_before.len() {
            if let Some(h) = header_of(&mut heading_before[start..]) {
                header = Some(h);
                heading_start = start;
                break;
            }
        }
    }
    quote.heading_nodes.extend_from_slice(&heading_nodes[heading_start..]);
    for nodes in heading_inside {
        quote.heading_nodes.extend_from_slice(nodes);
    }
    // The original: paragraphs before, a CJK blockquote before, paragraphs inside.
    let mut originals: Vec<&[NodeId]> = Vec::new();
    for n in &original_before {
        originals.push(std::slice::from_ref(n));
    }
    if let Some(o) = original_bq {
        for b in &o.blocks {
            originals.push(&b.nodes);
        }
    }
    originals.extend_from_slice(original_inside);
    for nodes in &originals {
        quote.original_nodes.extend_from_slice(nodes);
    }
    if !originals.is_empty() {
        quote.original = Some(Original {
            lang: original_lang(tree, &quote.original_nodes, c.bq),
            text: paragraphs(tree, &originals, false),
        });
    }
    // The translation's text.
    quote.text = paragraphs(tree, body, true);
    // Notes: in the original and the translation, in document order (the
    // blocks already are: siblings before the quote, the blockquote before
    // it, then the quote's own blocks in order).
    let mut note_blocks = originals;
    note_blocks.extend_from_slice(body);
    let flat = Flat::new(tree, &note_blocks);
    let (found, unclosed) = notes::scan(&flat.text);
    for n in found {
        let (Some(start), Some(end)) = (flat.pos(tree, n.start), flat.end_pos(tree, n.end)) else {
            continue;
        };
        quote.notes.push(Note { kind: n.kind, text: n.text, signature: n.signature, start, end });
    }
    for u in unclosed {
        if let Some(pos) = flat.pos(tree, u.at) {
            report(diagnostics, pos, &["unclosed bracket in a quote: not read as an editorial note"]);
        }
    }
    // Fields: the attribution first, then the header.
    if let Some(Found { node, line, attribution: mut a }) = attribution {
        quote.attribution_node = Some(node);
        if let Some(source) = &a.source {
            let flat = Flat::new(tree, &[&[node]]);
            quote.source_range = text::find_collapsed(&flat.text, text::trim(&source.raw))
                .and_then(|(s, e)| Some((flat.pos(tree, s)?, flat.end_pos(tree, e)?)));
        }
        if a.is_empty() {
            if let Some(pos) = first_text_pos(tree, node) {
                let (head, ellipsis) = truncate(&line, 80);
                report(diagnostics, pos, &["attribution not understood: ", head, ellipsis]);
            }
        }
        // (The quote's fields are empty yet: moved in through `fill`, one call each.)
        fill(&mut quote.kind, &mut a.kind);
        fill(&mut quote.from, &mut a.from);
        fill(&mut quote.to, &mut a.to);
        quote.between = a.between;
        quote.date = a.date;
        quote.sent = a.sent;
        quote.source = a.source;
        quote.attribution = Some(line);
    }
    if let Some(mut h) = header {
        if quote.from.is_none() && quote.to.is_none() {
            quote.between = h.between;
        }
        fill(&mut quote.kind, &mut h.kind);
        fill(&mut quote.from, &mut h.from);
        fill(&mut quote.to, &mut h.to);
        if quote.date.is_none() {
            quote.date = h.date;
            quote.sent = quote.sent.take().or(h.sent);
        }
    }
    apply_overrides(tree, c, &mut quote);
    if let (Some(date), Some(sent)) = (quote.date, quote.sent) {
        if date.days_since(&sent).is_some_and(|d| d < 0) {
            if let Some(pos) = quote.attribution_node.and_then(|n| first_text_pos(tree, n)) {
                report(diagnostics, pos, &["the sent date is after the received date"]);
            }
        }
    }
    if quote.text.is_empty() && quote.notes.is_empty() && quote.original.is_none() {
        return None;
    }
    Some(quote)
}

fn all_cjk_paragraph(line: &str) -> bool {
    let mut letters = 0;
    for c in line.chars() {
        if text::is_alnum(c) {
            letters += 1;
        }
    }
    letters >= 4
}

/// The original's language: a `lang` on its paragraphs or their ancestors
/// (not the translation's own blockquote), else Chinese, the script found.
fn original_lang(tree: &Tree, nodes: &[NodeId], translation: NodeId) -> String {
    for &n in nodes {
        let mut at = Some(n);
        while let Some(id) = at.filter(|&id| id != translation) {
            if let Some(lang) = tree.attr(id, "lang").filter(|l| !text::trim(l).is_empty()) {
                return text::trim(lang).to_string();
            }
            if tree.is(id, "blockquote") {
                break;
            }
            at = tree.parent(id);
        }
    }
    "zh".to_string()
}

/// `s` cut to its first `max` characters, and "…" when that cut anything
/// (else ""): borrowed, for [`report`] to copy once.
fn truncate(s: &str, max: usize) -> (&str, &str) {
    let mut left = max;
    for (i, _) in s.char_indices() {
        if left == 0 {
            return (&s[..i], "…");
        }
        left -= 1;
    }
    (s, "")
}

/// Records a diagnostic at `pos`, its message the `parts` joined.
fn report(diagnostics: &mut Vec<(TextPos, String)>, pos: TextPos, parts: &[&str]) {
    diagnostics.push((pos, text::cat(parts)));
}

fn first_text_pos(tree: &Tree, node: NodeId) -> Option<TextPos> {
    if tree.text(node).is_some() {
        return Some(TextPos { node, offset: 0 });
    }
    tree.descendants(node)
        .find(|&n| tree.text(n).is_some_and(|t| !text::trim(t).is_empty()))
        .map(|n| TextPos { node: n, offset: 0 })
}

fn apply_overrides(tree: &Tree, c: &Candidate, quote: &mut Quote) {
    // On the blockquote, else on its figure.
    let get = |name: &str| -> Option<String> {
        let v = tree.attr(c.bq, name).or_else(|| c.wrap.and_then(|w| tree.attr(w, name)))?;
        Some(text::collapse(v, false)).filter(|v| !v.is_empty())
    };
    // One loop over the names, in this order (the pages go into the source
    // read before them): a statement per attribute repeats the lookup.
    let names = words![
        "data-ibid-kind",
        "data-ibid-from",
        "data-ibid-to",
        "data-ibid-date",
        "data-ibid-sent",
        "data-ibid-source",
        "data-ibid-pages"
    ];
    for (i, name) in text::each_word(names).enumerate() {
        let Some(value) = get(name) else { continue };
        match i {
            0 => quote.kind = Some(value.to_ascii_lowercase()),
            // The author names a sender or a recipient.
            1 | 2 => {
                *(if i == 1 { &mut quote.from } else { &mut quote.to }) = Some(value);
                quote.between = false;
            }
            3 | 4 => {
                if let Some(date) = parse_date_attr(&value) {
                    *(if i == 3 { &mut quote.date } else { &mut quote.sent }) = Some(date);
                }
            }
            5 => {
                if let Some(source) = attribution::parse_source(&value) {
                    quote.source = Some(source);
                }
            }
            _ => quote.source.get_or_insert_with(Source::default).pages = Some(attribution::pages_attr(&value)),
        }
    }
}

/// An attribute date: ISO (`1917-11-27`, `1917-11`, `1917`) or any written form.
fn parse_date_attr(v: &str) -> Option<Date> {
    // Up to three groups of digits between hyphens (missing ones empty).
    let mut parts = [""; 3];
    let (mut numeric, mut n) = (true, 0);
    for (_, part) in text::pieces(v, b"-") {
        if n == 3 || part.is_empty() || !text::all_in(part, b"0123456789") {
            numeric = false;
            break;
        }
        parts[n] = part;
        n += 1;
    }
    if numeric && parts[0].len() == 4 {
        let year = i32::try_from(text::number(parts[0])?).ok()?;
        let month = text::number(parts[1]).and_then(|m| u8::try_from(m).ok()).filter(|m| (1..=12).contains(m));
        let day = text::number(parts[2])
            .and_then(|d| u8::try_from(d).ok())
            .filter(|&d| month.is_some_and(|m| d >= 1 && d <= date::days_in_month(Some(year), m)));
        return Some(Date { year, month, day });
    }
    attribution::resolve_dates(&date::find(v)).0
}

/// Resolves the Ibid. of the quote just built (the last of `quotes`) to the
/// previous full citation; `last_full` is the index of the last quote with one.
fn resolve_ibid(
    tree: &Tree,
    quotes: &mut [Quote],
    last_full: &mut Option<usize>,
    diagnostics: &mut Vec<(TextPos, String)>,
) {
    let Some((quote, before)) = quotes.split_last_mut() else {
        return;
    };
    let Some(source) = quote.source.as_mut() else {
        return;
    };
    if !source.ibid {
        if source.title.is_some() {
            *last_full = Some(before.len());
        }
        return;
    }
    match last_full.and_then(|l| before.get(l)?.source.as_ref()) {
        Some(full) => {
            source.title = full.title.clone();
            if source.volume.is_none() {
                source.volume = full.volume.clone();
            }
            if source.pages.is_none() {
                source.pages = full.pages.clone();
            }
        }
        None => {
            if let Some(pos) = quote.attribution_node.and_then(|n| first_text_pos(tree, n)) {
                report(diagnostics, pos, &["ibid. with no earlier citation to refer to"]);
            }
        }
    }
}

/// Turns text positions into 1-based line and column numbers in the root's
/// text content.
fn locate(tree: &Tree, root: NodeId, mut found: Vec<(TextPos, String)>) -> Vec<Diagnostic> {
    if found.is_empty() {
        return Vec::new();
    }
    sort_by_key(&mut found, |(pos, _)| *pos);
    let mut out = Vec::with_capacity(found.len());
    let mut next = 0;
    let (mut line, mut column) = (1u32, 1u32);
    let mut stack: Vec<NodeId> = vec![root];
    while let Some(n) = stack.pop() {
        if next >= found.len() {
            break;
        }
        let Some(text) = tree.text(n) else {
            tree.stack_children(n, &mut stack);
            continue;
        };
        // One pass over the text: the diagnostics at or before each
        // character (the rest of this node's at its end) take the line and
        // column reached there.
        let mut chars = text.char_indices();
        loop {
            let at = chars.next();
            let i = at.map_or(text.len(), |(i, _)| i);
            while next < found.len() && found[next].0.node == n && (found[next].0.offset <= i || at.is_none()) {
                out.push(Diagnostic { message: std::mem::take(&mut found[next].1), line, column });
                next += 1;
            }
            let Some((_, c)) = at else { break };
            if c == '\n' {
                line = line.saturating_add(1);
                column = 1;
            } else {
                column = column.saturating_add(1);
            }
        }
    }
    out
}

/// A stable insertion sort. What it sorts is nearly in order already
/// (document order), where it is linear, and it weighs a fraction of
/// core's sorts in the wasm. Not for a list made of several sorted runs:
/// each item of a later run would move past the rest of the earlier ones.
fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && key(&v[j - 1]) > key(&v[j]) {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::model::Document;

    fn parse(body: &str) -> Document {
        let tree = crate::html::parse_document(&format!("<article>{body}</article>"));
        super::find(&tree, crate::html::default_root(&tree))
    }

    fn q(text: &str, attribution: &str) -> String {
        format!("<blockquote><p>{text}</p></blockquote><p>{attribution}</p>")
    }

    #[test]
    fn ibid_rules() {
        let full = "Telegram from A, 2 May 1919. Zhong-E guanxi shiliao, Waimeng (1), p. 12.";
        type Row<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);
        let table: [Row; 5] = [
            // (name, second attribution, title, volume, pages)
            (
                "ibid_with_new_locator",
                "Letter from B, 3 May 1919. Ibid., p. 14.",
                Some("Zhong-E guanxi shiliao, Waimeng"),
                Some("(1)"),
                Some("14"),
            ),
            (
                "ibid_same_locator",
                "Letter from B, 3 May 1919. Ibid.",
                Some("Zhong-E guanxi shiliao, Waimeng"),
                Some("(1)"),
                Some("12"),
            ),
            (
                "idem_is_ibid",
                "Letter from B, 3 May 1919. Idem, pp. 3–5.",
                Some("Zhong-E guanxi shiliao, Waimeng"),
                Some("(1)"),
                Some("3-5"),
            ),
            (
                "op_cit_with_volume",
                "Letter from B, 3 May 1919. op. cit., vol. 2, p. 9.",
                Some("Zhong-E guanxi shiliao, Waimeng"),
                Some("vol. 2"),
                Some("9"),
            ),
            (
                "loc_cit",
                "Letter from B, 3 May 1919. loc. cit.",
                Some("Zhong-E guanxi shiliao, Waimeng"),
                Some("(1)"),
                Some("12"),
            ),
        ];
        for (name, second, title, volume, pages) in table {
            let doc = parse(&(q("One.", full) + &q("Two.", second)));
            let s = doc.quotes[1].source.clone().expect("should have a source");
            assert!(s.ibid, "{name}: should be an Ibid.");
            assert_eq!((s.title.as_deref(), s.volume.as_deref(), s.pages.as_deref()), (title, volume, pages), "{name}");
        }
        // ibid_after_other_source_is_that_source
        let other = "Report from C, 4 May 1919. Papers Relating to the Foreign Relations of the United States, 1919, vol. 1, p. 692.";
        let doc =
            parse(&(q("One.", full) + &q("Two.", other) + &q("Three.", "Note from D, 5 May 1919. Ibid., p. 700.")));
        let s = doc.quotes[2].source.clone().expect("should have a source");
        assert_eq!(
            s.title.as_deref(),
            Some("Papers Relating to the Foreign Relations of the United States, 1919"),
            "should refer to the nearest full citation"
        );
        // ibid_without_antecedent
        let doc = parse(&q("One.", "Telegram from A, 2 May 1919. Ibid., p. 3."));
        assert_eq!(doc.quotes[0].source.as_ref().and_then(|s| s.title.clone()), None, "should invent no title");
        assert_eq!(doc.diagnostics.len(), 1, "should say the Ibid. has nothing to refer to");
        assert!(doc.diagnostics[0].message.starts_with("ibid."), "{:?}", doc.diagnostics);
    }

    #[test]
    fn attribution_placements() {
        let line = "Telegram from Liu Jingren, 27 November 1917 (sent 7 November). Ibid., p. 181.";
        let shapes = [
            ("paragraph after", format!("<blockquote><p>Text.</p></blockquote><p>{line}</p>")),
            ("italic right-aligned", format!("<blockquote><p>Text.</p></blockquote><p style=\"text-align:right\"><em>{line}</em></p>")),
            ("parenthesised", format!("<blockquote><p>Text.</p></blockquote><p>({line})</p>")),
            ("cite inside", format!("<blockquote class=\"wp-block-quote\"><p>Text.</p><cite>{line}</cite></blockquote>")),
            ("figcaption around", format!("<figure class=\"wp-block-pullquote\"><blockquote><p>Text.</p></blockquote><figcaption>{line}</figcaption></figure>")),
            ("footer inside", format!("<blockquote><p>Text.</p><footer>{line}</footer></blockquote>")),
            ("own last paragraph", format!("<blockquote><p>Text.</p><p>— {line}</p></blockquote>")),
            ("broken by br", "<blockquote><p>Text.</p></blockquote><p>Telegram from Liu Jingren,<br>27 November 1917 (sent 7 November).<br>Ibid., p. 181.</p>".to_string()),
        ];
        for (name, html) in shapes {
            let doc = parse(&html);
            assert_eq!(doc.quotes.len(), 1, "{name}: one quote");
            let quote = &doc.quotes[0];
            assert_eq!(quote.kind.as_deref(), Some("telegram"), "{name}: kind");
            assert_eq!(quote.date.map(|d| d.iso()).as_deref(), Some("1917-11-27"), "{name}: date");
            assert_eq!(quote.text, "Text.", "{name}: the attribution is not part of the text");
        }
    }

    #[test]
    fn never_documents() {
        let doc = parse(
            "<blockquote><p>Text.</p></blockquote>\
             <div class=\"wp-caption\"><img src=\"data:,\" alt=\"\"><p class=\"wp-caption-text\">Telegram office, 1917. Source.</p></div>\
             <p>Hayashi, a seasoned diplomat, said that Japan would have to discuss any intervention with the Allies on 3 May 1918.</p>\
             <div id=\"comments\"><blockquote><p>A reader quotes [sic]</p></blockquote><p>Letter from X, 2 May 1919. Ibid., p. 3.</p></div>\
             <form><blockquote><p>Form text</p></blockquote></form>",
        );
        assert_eq!(doc.quotes.len(), 1, "comments and forms hold no documents");
        let quote = &doc.quotes[0];
        assert_eq!(
            (quote.kind.clone(), quote.date, quote.attribution.clone()),
            (None, None, None),
            "captions and prose are no attribution"
        );
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
    }

    #[test]
    fn header_first_documents() {
        let doc = parse(
            "<blockquote><p>A Telegram from Mr. Wang, the Chinese Minister in Japan, to the Ministry of Foreign Affairs, \
             5th day, 3rd month, 7th year of the Republic</p><p>The Japanese cabinet met today.</p></blockquote>\
             <p>The Minister in China (Reinsch) to the Secretary of State</p><p>[Telegram]</p>\
             <p>PEKING, May 3, 1919, 5 p.m.</p><p>[Received May 4, 8:20 a.m.]</p>\
             <blockquote><p>The students marched.</p></blockquote>\
             <p>Papers Relating to the Foreign Relations of the United States, 1919, vol. 1, p. 692.</p>",
        );
        assert_eq!(doc.quotes.len(), 2, "two documents");
        let (a, b) = (&doc.quotes[0], &doc.quotes[1]);
        assert_eq!(
            (a.kind.as_deref(), a.from.as_deref(), a.to.as_deref()),
            (
                Some("telegram"),
                Some("Mr. Wang, the Chinese Minister in Japan"),
                Some("the Ministry of Foreign Affairs")
            ),
            "heading inside"
        );
        assert_eq!(a.date.map(|d| d.iso()).as_deref(), Some("1918-03-05"), "Republican date");
        assert_eq!(a.text, "The Japanese cabinet met today.", "the heading is not text");
        assert_eq!(
            (b.kind.as_deref(), b.from.as_deref(), b.to.as_deref()),
            (Some("telegram"), Some("The Minister in China (Reinsch)"), Some("the Secretary of State")),
            "FRUS heading before"
        );
        assert_eq!(
            (b.date.map(|d| d.iso()).as_deref(), b.sent.map(|d| d.iso()).as_deref()),
            (Some("1919-05-04"), Some("1919-05-03")),
            "received and sent"
        );
        assert_eq!(b.source.as_ref().and_then(|s| s.pages.as_deref()), Some("692"), "source after");
        assert!(b.notes.is_empty(), "[Telegram] and [Received …] are headings, not notes");
    }

    #[test]
    fn parties_of_between_stay_parties() {
        let doc = parse(
            "<blockquote><p>Memorandum of a conversation between Koo and Long, 27 November 1917</p><p>We talked.</p></blockquote>\
             <blockquote><p>They agreed.</p></blockquote><p>Meeting between Koo and Long, 28 November 1917.</p>\
             <blockquote data-ibid-from=\"Koo\"><p>He wrote.</p></blockquote><p>Meeting between A and B, 29 November 1917.</p>\
             <blockquote><p>Sent.</p></blockquote><p>Letter from Koo to Long, 30 November 1917.</p>",
        );
        let seen: Vec<_> = doc.quotes.iter().map(|q| (q.from.as_deref(), q.to.as_deref(), q.between)).collect();
        assert_eq!(
            seen,
            [
                (Some("Koo"), Some("Long"), true),
                (Some("Koo"), Some("Long"), true),
                (Some("Koo"), Some("B"), false),
                (Some("Koo"), Some("Long"), false)
            ],
            "a heading's or an attribution's \"between A and B\" gives parties; data-ibid-from names a sender"
        );
    }

    #[test]
    fn an_attribution_taken_out_of_order_still_stops_a_heading() {
        // A's attribution follows its figure; B, in the figure's caption,
        // has its own, earlier in the document, read after A's.
        let doc = parse(
            "<figure><blockquote><p>Quote A.</p></blockquote><figcaption><blockquote><p>Quote B.</p><p>— John Smith</p></blockquote></figcaption></figure>\
             <p>Telegram from Liu Jingren to the Foreign Ministry, 3 November 1917.</p>\
             <blockquote><p>Quote C.</p></blockquote>",
        );
        assert_eq!(doc.quotes.len(), 3);
        let a = doc.quotes[0].attribution_node.expect("A has an attribution");
        assert!(!doc.quotes[2].heading_nodes.contains(&a), "A's attribution is not C's heading too");
        assert_eq!(doc.quotes[2].from, None, "C has no sender");
    }

    #[test]
    fn originals_and_overrides() {
        let doc = parse(
            "<blockquote><p>竊查俄國革黨密謀起事各節,業於二月分月報具陳在案。</p><p>My opinion on the party [i.e. the bolsheviks].</p></blockquote>\
             <blockquote lang=\"zh-Hant\"><p>此外可注意者,駐俄外交團與廣義派政府不但無正式之交際。</p></blockquote>\
             <blockquote data-ibid-kind=\"Report\" data-ibid-from=\"Consul Lu\" data-ibid-date=\"1917-11-19\" data-ibid-pages=\"pp. 33–34\"><p>Moreover, it is notable.</p></blockquote>\
             <blockquote data-ibid=\"off\"><p>Skipped [sic].</p></blockquote>",
        );
        assert_eq!(doc.quotes.len(), 2, "the CJK blockquote is the next one's original; the off one is skipped");
        let (a, b) = (&doc.quotes[0], &doc.quotes[1]);
        assert_eq!(a.original.as_ref().map(|o| o.lang.as_str()), Some("zh"), "original inside");
        assert_eq!(a.text, "My opinion on the party [i.e. the bolsheviks].", "the original is not the translation");
        assert_eq!(a.notes[0].kind, crate::model::NoteKind::Explanation, "notes in the translation");
        assert_eq!(b.original.as_ref().map(|o| o.lang.as_str()), Some("zh-Hant"), "original before, with its lang");
        assert_eq!((b.kind.as_deref(), b.from.as_deref()), (Some("report"), Some("Consul Lu")), "data-ibid overrides");
        assert_eq!(b.date.map(|d| d.iso()).as_deref(), Some("1917-11-19"), "data-ibid-date");
        assert_eq!(
            b.source.as_ref().and_then(|s| s.pages.as_deref()),
            Some("33-34"),
            "data-ibid-pages, written as an attribution's pages"
        );
    }
}
