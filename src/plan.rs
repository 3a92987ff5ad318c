//! What the browser layer does to the page for one quote, decided here and
//! written as a small JSON instruction that `web/dom.js` carries out: which
//! author nodes move into the card, the words of its header, its dates, the
//! notes with their markers and popups, the citation, the print list.
//!
//! Pure and native-testable: every word and every position is decided in
//! Rust; the JavaScript side only creates elements, moves the author's
//! nodes and records how to undo that. Positions in text are sent as UTF-16
//! offsets (what `splitText` takes), node references as indices into the
//! list of nodes the front end read, which are the tree's [`NodeId`]s.

use crate::json::{push_str, push_u64};
use crate::model::{Note, NoteKind, Quote, TextPos};
use crate::tree::{NodeId, Tree};
use crate::view::{self, DatePart, Labels, Word};

/// What the page gets: the labels and which kinds of note become markers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanOptions {
    /// Words ibid adds.
    pub labels: Labels,
    /// Kinds of note shown as a marker with a popup; the others stay
    /// inline, styled as the editor's, explained on hover or focus.
    pub markers: Vec<NoteKind>,
}

impl Default for PlanOptions {
    fn default() -> PlanOptions {
        PlanOptions {
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

/// Turns byte offsets in the tree's text into UTF-16 offsets, remembering
/// the last one: positions come in document order, so each is counted on
/// from the one before and a text node with many notes costs its length once.
#[derive(Debug, Default)]
pub struct Utf16 {
    last: Option<(NodeId, usize, u32)>,
}

impl Utf16 {
    /// The UTF-16 offset of a byte position.
    pub fn at(&mut self, tree: &Tree, pos: TextPos) -> u32 {
        let text = tree.text(pos.node).unwrap_or("");
        let byte = pos.offset.min(text.len());
        let (from, base) = match self.last {
            Some((node, b, u)) if node == pos.node && b <= byte => (b, u),
            _ => (0, 0),
        };
        let between = text.get(from..byte).unwrap_or("");
        let units = base.saturating_add(between.encode_utf16().count() as u32);
        self.last = Some((pos.node, byte, units));
        units
    }
}

/// Whether a quote gets a card: it says something beyond its notes.
fn has_metadata(quote: &Quote) -> bool {
    quote.kind.is_some()
        || quote.from.is_some()
        || quote.to.is_some()
        || quote.date.is_some()
        || quote.sent.is_some()
        || quote.source.is_some()
}

/// Whether a marker hides the bracketed text on screen. An uncertain
/// reading (`[Chita?]`) or an omission (`[…]`) is part of what the reader
/// must see, so it stays visible with its marker after it.
fn hides_text(kind: NoteKind) -> bool {
    !matches!(kind, NoteKind::Uncertain | NoteKind::Omission)
}

/// Letters, digits and hyphens only, lower case: safe in a class name.
fn css_ident(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect::<String>().to_ascii_lowercase()
}

/// A note on one line after its kind's label: the text, then its
/// signature after a dash ("Literal translation: lit. maximalists’ – ed.").
fn note_line(label: &str, note: &Note) -> String {
    match &note.signature {
        Some(sig) => crate::text::cat(&[label, ": ", &note.text, " – ", sig]),
        None => crate::text::cat(&[label, ": ", &note.text]),
    }
}

/// The citation popup's text: the full citation, and what an Ibid. means.
fn citation_text(labels: &Labels, source: &crate::model::Source) -> String {
    // An Ibid. with no earlier source to stand for says so as written.
    if source.ibid && source.title.is_none() && source.volume.is_none() {
        return source.raw.clone();
    }
    let full = labels.citation(source);
    if source.ibid {
        full + " (" + labels.word(Word::Ibid) + ")"
    } else {
        full
    }
}

struct Out {
    s: String,
    first: bool,
}

impl Out {
    fn key(&mut self, key: &str) {
        if !self.first {
            self.s.push(',');
        }
        self.first = false;
        self.s.push('"');
        self.s.push_str(key);
        self.s.push_str("\":");
    }
    fn str(&mut self, key: &str, value: &str) {
        self.key(key);
        push_str(&mut self.s, value);
    }
    fn num(&mut self, key: &str, value: u64) {
        self.key(key);
        push_u64(&mut self.s, value);
    }
    fn nodes(&mut self, key: &str, ids: &[NodeId]) {
        self.key(key);
        self.s.push('[');
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                self.s.push(',');
            }
            push_u64(&mut self.s, u64::from(id.0));
        }
        self.s.push(']');
    }
    fn pos(&mut self, key: &str, tree: &Tree, utf16: &mut Utf16, pos: TextPos) {
        self.key(key);
        self.s.push('[');
        push_u64(&mut self.s, u64::from(pos.node.0));
        self.s.push(',');
        push_u64(&mut self.s, u64::from(utf16.at(tree, pos)));
        self.s.push(']');
    }
    fn open(&mut self, key: &str) {
        self.key(key);
        self.s.push('{');
        self.first = true;
    }
    fn close(&mut self) {
        self.s.push('}');
        self.first = false;
    }
}

/// The plan of quote number `index`. Its keys (all but `i`, `bq` and
/// `outer` may be missing):
///
/// - `i`: the quote's index; `bq`: its blockquote; `outer`: what the card
///   goes around (a wrapping `<figure>`, or the blockquote); `card`: 1 when
///   the quote gets a card (else only its notes are rendered);
/// - `header`: 1 when the card has a header (else it shows only the quote
///   and its footer); `kindClass`, `kind`, `from`, `to`, and `toWord` (read
///   by screen readers between sender and recipient, shown as an arrow) or
///   `andWord` (shown between the two parties of "between A and B"): the header;
/// - `dates`: `[["w", word] | ["d", text, iso] | ["t", transit], …]`;
/// - `head`: heading nodes to move into the card; `orig`: `{lang, nodes,
///   label}` for the original-text toggle; `attr`: the attribution node;
/// - `cite`: `{label, text, aria, s, e}`, the citation popup (`s`/`e` the
///   source's range in the attribution, when known);
/// - `notes`: in document order, `{m, kind, label, text, sig, s, e, hide,
///   aria, popup}`: `m` is the marker's number, 0 for a note that stays
///   inline; `popup` the note on one line, for the `ibid:open` event;
/// - `print`: the lines of the printed list of notes.
pub fn quote(tree: &Tree, index: usize, quote: &Quote, options: &PlanOptions, utf16: &mut Utf16) -> String {
    let labels = &options.labels;
    let mut o = Out { s: String::with_capacity(512 + quote.text.len()), first: true };
    let mut print = Vec::new();
    o.s.push('{');
    o.num("i", index as u64);
    o.num("bq", u64::from(quote.blockquote.0));
    o.num("outer", u64::from(quote.wrapper.unwrap_or(quote.blockquote).0));
    // Notes, numbered in document order. The original's come first; it is
    // shown instead of the translation, never printed, so the translation's
    // numbers start again at 1 and only they go in the printed list.
    o.key("notes");
    o.s.push('[');
    let mut number = 0;
    let mut in_original = !quote.original_nodes.is_empty();
    for (i, note) in quote.notes.iter().enumerate() {
        if i > 0 {
            o.s.push(',');
        }
        o.s.push('{');
        o.first = true;
        if in_original && !within(tree, note.start.node, &quote.original_nodes) {
            in_original = false;
            number = 0;
        }
        let marker = options.markers.contains(&note.kind);
        let label = labels.note_kind(note.kind);
        let line = note_line(label, note);
        let mut start = note.start;
        if marker {
            number += 1;
            o.num("m", number);
            // A hidden note takes the space before it along, so that its
            // marker stays with the word it follows ("bolsheviks’¹").
            let text = tree.text(start.node).unwrap_or("");
            if hides_text(note.kind) && start.offset > 0 && text.as_bytes().get(start.offset - 1) == Some(&b' ') {
                start.offset -= 1;
            }
            o.num("hide", u64::from(hides_text(note.kind)));
            let mut aria = labels.word(Word::Marker).to_string();
            aria.push(' ');
            push_u64(&mut aria, number);
            o.str("aria", &aria);
            if !in_original {
                print.push(line.clone());
            }
        } else {
            o.num("m", 0);
        }
        o.str("kind", note.kind.as_str());
        o.str("label", label);
        o.str("text", &note.text);
        if let Some(sig) = &note.signature {
            o.str("sig", &crate::text::cat(&["– ", sig]));
        }
        o.pos("s", tree, utf16, start);
        o.pos("e", tree, utf16, note.end);
        o.str("popup", &line);
        o.close();
    }
    o.s.push(']');
    if has_metadata(quote) {
        o.num("card", 1);
        let kind_class = quote.kind.as_deref().map(css_ident).unwrap_or_default();
        o.str("kindClass", if kind_class.is_empty() { "document" } else { &kind_class });
        // The header's words (kind, parties, dates) are written from here.
        let header_start = o.s.len();
        if let Some(kind) = &quote.kind {
            o.str("kind", &labels.kind(kind));
        }
        if let Some(from) = &quote.from {
            o.str("from", from);
        }
        if let Some(to) = &quote.to {
            o.str("to", to);
            // Sender → recipient (" to " for screen readers); "A and B" for
            // the parties of "between A and B".
            let word = crate::text::cat(&[" ", labels.word(if quote.between { Word::And } else { Word::To }), " "]);
            o.str(if quote.between { "andWord" } else { "toWord" }, &word);
        }
        let parts = view::date_parts(quote, labels);
        if !parts.is_empty() {
            o.key("dates");
            o.s.push('[');
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    o.s.push(',');
                }
                let (tag, text, iso) = match part {
                    DatePart::Word(w) => ("[\"w\",", w, None),
                    DatePart::Date(text, iso) => ("[\"d\",", text, Some(iso)),
                    DatePart::Transit(t) => ("[\"t\",", t, None),
                };
                o.s.push_str(tag);
                push_str(&mut o.s, text);
                if let Some(iso) = iso {
                    o.s.push(',');
                    push_str(&mut o.s, iso);
                }
                o.s.push(']');
            }
            o.s.push(']');
        }
        // A card with only a source has nothing for its header: none is made.
        if o.s.len() > header_start || quote.original.is_some() {
            o.num("header", 1);
        }
        if !quote.heading_nodes.is_empty() {
            o.nodes("head", &quote.heading_nodes);
        }
        if let Some(original) = &quote.original {
            o.open("orig");
            o.str("lang", &original.lang);
            o.str("label", labels.word(Word::ShowOriginal));
            o.nodes("nodes", &quote.original_nodes);
            o.close();
        }
        if let Some(a) = quote.attribution_node {
            o.num("attr", u64::from(a.0));
        }
        if let Some(source) = &quote.source {
            let text = citation_text(labels, source);
            o.open("cite");
            o.str("label", labels.word(Word::Citation));
            o.str("text", &text);
            if let (Some((s, e)), Some(_)) = (quote.source_range, quote.attribution_node) {
                o.pos("s", tree, utf16, s);
                o.pos("e", tree, utf16, e);
            }
            o.close();
            print.push(crate::text::cat(&[labels.word(Word::Citation), ": ", &text]));
        }
        if !print.is_empty() {
            o.key("print");
            o.s.push('[');
            for (i, line) in print.iter().enumerate() {
                if i > 0 {
                    o.s.push(',');
                }
                push_str(&mut o.s, line);
            }
            o.s.push(']');
        }
    }
    o.s.push('}');
    o.s
}

/// Whether `node` is one of `nodes` (in document order) or inside one.
fn within(tree: &Tree, node: NodeId, nodes: &[NodeId]) -> bool {
    let mut at = Some(node);
    while let Some(n) = at {
        if nodes.binary_search(&n).is_ok() {
            return true;
        }
        at = tree.parent(n);
    }
    false
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn plan_of(html: &str) -> (Tree, Vec<String>) {
        let tree = crate::html::parse_document(html);
        let doc = crate::parse(&tree, crate::html::default_root(&tree));
        let mut utf16 = Utf16::default();
        let plans = doc
            .quotes
            .iter()
            .enumerate()
            .map(|(i, q)| quote(&tree, i, q, &PlanOptions::default(), &mut utf16))
            .collect();
        (tree, plans)
    }

    #[test]
    fn a_telegram_plan_names_everything_the_card_shows() {
        let (_, plans) = plan_of(
            "<article><blockquote><p>The bolsheviks’ [lit. maximalists’ – ed.] strength 😀 [sic] grew.</p></blockquote>\
             <p>Telegram from Liu Jingren to Beijing, 27 November 1917 (sent 7 November). Zhong-e guanxi shiliao, p. 181.</p></article>",
        );
        assert_eq!(plans.len(), 1);
        let v: serde_json::Value = serde_json::from_str(&plans[0]).expect("the plan should be JSON");
        assert_eq!(v["card"], 1);
        assert_eq!(v["kind"], "Telegram");
        assert_eq!(v["kindClass"], "telegram");
        assert_eq!(v["from"], "Liu Jingren");
        assert_eq!(v["to"], "Beijing");
        assert_eq!(v["toWord"], " to ");
        assert!(v.get("andWord").is_none());
        assert_eq!(v["header"], 1);
        assert_eq!(v["dates"][0], serde_json::json!(["w", "sent"]));
        assert_eq!(v["dates"][1], serde_json::json!(["d", "7 Nov 1917", "1917-11-07"]));
        assert_eq!(v["dates"][4], serde_json::json!(["t", "20 days"]));
        assert_eq!(v["notes"][0]["m"], 1);
        assert_eq!(v["notes"][0]["kind"], "literal");
        assert_eq!(v["notes"][0]["sig"], "– ed.");
        assert_eq!(v["notes"][0]["aria"], "Editorial note 1");
        // "The bolsheviks’ [": the marker takes the space before the bracket.
        assert_eq!(v["notes"][0]["s"][1], 15, "UTF-16 offset before the space");
        // The emoji counts two UTF-16 units: "…strength 😀 [sic]".
        let text = "The bolsheviks’ [lit. maximalists’ – ed.] strength 😀";
        assert_eq!(v["notes"][1]["s"][1], text.encode_utf16().count() as u64);
        assert_eq!(v["cite"]["text"], "Zhong-e guanxi shiliao, p. 181");
        assert!(v["cite"]["s"].is_array(), "the source's range in the attribution");
        assert_eq!(v["print"][0], "Literal translation: lit. maximalists’ – ed.");
        assert_eq!(v["print"].as_array().map(Vec::len), Some(3), "two notes and the citation");
        assert_eq!(v["notes"][1]["popup"], "Sic: so in the original: sic");
    }

    #[test]
    fn an_original_numbers_its_notes_apart_and_stays_out_of_print() {
        let (_, plans) = plan_of(
            "<article><blockquote><p>張作霖致電〔sic〕北京政府，請速派兵。</p>\
             <p>Zhang Zuolin [sic] wired Beijing [lit. the capital – ed.] for troops.</p></blockquote>\
             <p>Telegram from Zhang Zuolin, 12 January 1918. Waijiaobu dang'an, p. 3.</p></article>",
        );
        let v: serde_json::Value = serde_json::from_str(&plans[0]).expect("JSON");
        assert!(v["orig"].is_object(), "the Chinese paragraph is the original");
        let numbers: Vec<_> = v["notes"].as_array().expect("notes").iter().map(|n| n["m"].clone()).collect();
        assert_eq!(numbers, [1, 1, 2], "the original's note is 1, and the translation's start again at 1");
        let print = v["print"].as_array().expect("print");
        assert_eq!(print.len(), 3, "the translation's two notes and the citation: {print:?}");
        assert_eq!(print[0], "Sic: so in the original: sic");
        assert_eq!(print[1], "Literal translation: lit. the capital – ed.");
    }

    #[test]
    fn an_ibid_with_nothing_before_it_is_shown_as_written() {
        let (_, plans) = plan_of(
            "<article><blockquote><p>The ministry has received your report.</p></blockquote>\
             <p>Letter from the Foreign Ministry to Liu Jingren, 2 December 1917. Ibid., p. 190.</p></article>",
        );
        let v: serde_json::Value = serde_json::from_str(&plans[0]).expect("JSON");
        assert_eq!(v["cite"]["text"], "Ibid., p. 190.", "not 'p. 190 (Ibid.: the same source as the document before)'");
    }

    #[test]
    fn the_parties_of_a_meeting_are_joined_by_and() {
        let (_, plans) = plan_of(
            "<article><blockquote><p>We talked.</p></blockquote>\
             <p>Meeting between Deputy Foreign Minister Gao Erqian and Ambassador Hayashi, 16 November 1917. Ibid., p. 177.</p></article>",
        );
        let v: serde_json::Value = serde_json::from_str(&plans[0]).expect("JSON");
        assert_eq!(
            (&v["from"], &v["to"]),
            (&"Deputy Foreign Minister Gao Erqian".into(), &"Ambassador Hayashi".into())
        );
        assert_eq!(v["andWord"], " and ", "two parties, not a sender and a recipient");
        assert!(v.get("toWord").is_none(), "no \"to\" for screen readers: {v}");
    }

    #[test]
    fn a_card_with_only_a_source_has_no_header() {
        let (_, plans) = plan_of(
            "<article><blockquote><p>The revolution was a tragedy.</p></blockquote>\
             <p>Orlando Figes, A People's Tragedy (London, 1996), p. 45.</p></article>",
        );
        let v: serde_json::Value = serde_json::from_str(&plans[0]).expect("JSON");
        assert_eq!(v["card"], 1, "a source makes a card");
        assert!(v["cite"].is_object(), "with its citation");
        assert!(v.get("header").is_none(), "but nothing for a header: {v}");
    }

    #[test]
    fn a_quote_with_only_notes_gets_no_card() {
        let (_, plans) =
            plan_of("<article><blockquote><p>Since the [March] revolution they came.</p></blockquote></article>");
        let v: serde_json::Value = serde_json::from_str(&plans[0]).expect("JSON");
        assert!(v.get("card").is_none());
        assert_eq!(v["notes"][0]["m"], 0, "an insertion stays inline");
    }

    #[test]
    fn utf16_offsets_count_on_and_restart() {
        let tree = crate::html::parse_document("<p>a😀b😀c</p>");
        let text_node = NodeId((0..tree.len() as u32).find(|&i| tree.text(NodeId(i)).is_some()).expect("a text node"));
        let mut u = Utf16::default();
        assert_eq!(u.at(&tree, TextPos { node: text_node, offset: 5 }), 3, "a, then 😀 as two units");
        assert_eq!(u.at(&tree, TextPos { node: text_node, offset: 10 }), 6);
        assert_eq!(u.at(&tree, TextPos { node: text_node, offset: 1 }), 1, "an earlier one is counted again");
    }
}
