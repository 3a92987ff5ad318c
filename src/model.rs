//! The document model: what the parser found in a post.
//!
//! Plain data, no behaviour beyond small accessors. [`crate::json`] writes it
//! as the JSON that `ibid parse` prints and that the JS `parse()` returns;
//! the DOM layer maps its [`NodeId`]s and [`TextPos`]s back to live nodes.

use crate::tree::NodeId;

/// Everything the parser found under a root.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// The quoted documents, in document order.
    pub quotes: Vec<Quote>,
    /// Problems worth telling the author about; never fatal.
    pub diagnostics: Vec<Diagnostic>,
}

/// One quoted document: a blockquote with what its attribution says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Quote {
    /// The `<blockquote>` holding the quoted text.
    pub blockquote: NodeId,
    /// A wrapper that belongs to the quote, such as Gutenberg's
    /// `<figure class="wp-block-quote">`; `None` for a bare blockquote.
    pub wrapper: Option<NodeId>,
    /// The element that holds the attribution line (a paragraph after the
    /// quote, a `<cite>`, `<footer>` or `<figcaption>`, or the quote's last
    /// paragraph), if any.
    pub attribution_node: Option<NodeId>,
    /// Heading paragraphs of a document whose header comes first (inside the
    /// blockquote, or right before it).
    pub heading_nodes: Vec<NodeId>,
    /// Paragraphs holding the original-language text (inside the blockquote
    /// or right before it).
    pub original_nodes: Vec<NodeId>,
    /// The document noun, lower-case: `telegram`, `letter`, `meeting`, …
    pub kind: Option<String>,
    /// Sender as written ("the Foreign Ministry").
    pub from: Option<String>,
    /// Recipient as written ("Ambassador Liu Jingren").
    pub to: Option<String>,
    /// Whether `from` and `to` are the two parties of "between A and B"
    /// ("Meeting between A and B"), not a sender and a recipient.
    pub between: bool,
    /// Principal date: the received date where both are given.
    pub date: Option<Date>,
    /// Date sent, where the attribution gives it apart from the principal date.
    pub sent: Option<Date>,
    /// Where the document is published.
    pub source: Option<Source>,
    /// The raw attribution text, whitespace collapsed.
    pub attribution: Option<String>,
    /// Where the source part of the attribution is in the tree (for the
    /// citation trigger), when it could be found.
    pub source_range: Option<(TextPos, TextPos)>,
    /// Editorial notes inside the quoted text, in document order.
    pub notes: Vec<Note>,
    /// The original-language text, when the post gives it.
    pub original: Option<Original>,
    /// The translation's plain text: paragraphs joined by a blank line,
    /// whitespace collapsed, attribution and original left out.
    pub text: String,
}

/// A calendar date, possibly partial: `1917`, `1917-11` or `1917-11-27`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The Gregorian year.
    pub year: i32,
    /// 1–12, when known.
    pub month: Option<u8>,
    /// 1–31, when known (only with a month).
    pub day: Option<u8>,
}

impl Date {
    /// ISO 8601: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        use crate::json::push_int;
        let mut out = String::new();
        push_int(&mut out, i64::from(self.year), 4);
        if let Some(month) = self.month {
            out.push('-');
            push_int(&mut out, i64::from(month), 2);
            if let Some(day) = self.day {
                out.push('-');
                push_int(&mut out, i64::from(day), 2);
            }
        }
        out
    }

    /// Days from `earlier` to `self`, when both are full dates.
    pub fn days_since(&self, earlier: &Date) -> Option<i64> {
        Some(self.day_number()? - earlier.day_number()?)
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar.
    fn day_number(&self) -> Option<i64> {
        let (y, m, d) = (i64::from(self.year), i64::from(self.month?), i64::from(self.day?));
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(era * 146_097 + doe - 719_468)
    }
}

/// Where a quoted document is published.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Source {
    /// The collection's title with its series or volume name; for an Ibid.,
    /// the title it stands for.
    pub title: Option<String>,
    /// Volume as written: "vol. 1", "(1)".
    pub volume: Option<String>,
    /// Pages without the "p."/"pp." prefix: "175", "180-181".
    pub pages: Option<String>,
    /// Whether the attribution said "Ibid." (or Idem, op. cit., loc. cit.).
    pub ibid: bool,
    /// The source part of the attribution as written.
    pub raw: String,
}

/// What kind of editorial note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoteKind {
    /// A gloss signed "– ed." or by initials: `[Kadet – ed.]`.
    Note,
    /// A literal rendering: `[lit. maximalists’ – ed.]`.
    Literal,
    /// Words the editor supplied: `[March] revolution`, `[N.N.] Avinov`.
    Insertion,
    /// An explanation: `[i.e. the Cabinet]`.
    Explanation,
    /// `[sic]`, `[sic, …]`.
    Sic,
    /// An uncertain reading: `[?]`, `[word?]`.
    Uncertain,
    /// Left-out text: `[…]`, `[...]`.
    Omission,
}

impl NoteKind {
    /// The JSON name: `note`, `literal`, `insertion`, …
    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::Note => "note",
            NoteKind::Literal => "literal",
            NoteKind::Insertion => "insertion",
            NoteKind::Explanation => "explanation",
            NoteKind::Sic => "sic",
            NoteKind::Uncertain => "uncertain",
            NoteKind::Omission => "omission",
        }
    }
}

/// A position in the tree: a text node and a byte offset into its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextPos {
    /// The text node.
    pub node: NodeId,
    /// Byte offset into that node's text (always on a char boundary).
    pub offset: usize,
}

/// An editorial note inside a quote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// What kind of note.
    pub kind: NoteKind,
    /// The content without brackets and signature: "lit. maximalists’".
    pub text: String,
    /// Who signed it ("ed.", "R.L."), when signed.
    pub signature: Option<String>,
    /// Where the opening bracket is.
    pub start: TextPos,
    /// Just after the closing bracket.
    pub end: TextPos,
}

/// Original-language text given with a translation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Original {
    /// BCP 47 language tag: `zh`.
    pub lang: String,
    /// The original's plain text, paragraphs joined by a blank line.
    pub text: String,
}

/// A problem in the post worth telling the author; parsing goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Lower-case, no final period: "ibid. with no earlier citation".
    pub message: String,
    /// 1-based line in the root's text content.
    pub line: u32,
    /// 1-based column (in characters) on that line.
    pub column: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_as_iso_and_count_days() {
        let sent = Date { year: 1917, month: Some(11), day: Some(7) };
        let received = Date { year: 1917, month: Some(11), day: Some(27) };
        assert_eq!(received.iso(), "1917-11-27", "should print a full date");
        assert_eq!(Date { year: 1918, month: Some(3), day: None }.iso(), "1918-03", "should print a month");
        assert_eq!(Date { year: 1918, month: None, day: None }.iso(), "1918", "should print a year");
        assert_eq!(received.days_since(&sent), Some(20), "should count days in transit");
        let new_year = Date { year: 1918, month: Some(1), day: Some(2) };
        let dec = Date { year: 1917, month: Some(12), day: Some(30) };
        assert_eq!(new_year.days_since(&dec), Some(3), "should count across a year end");
        assert_eq!(new_year.days_since(&Date { year: 1917, month: None, day: None }), None, "should need full dates");
    }
}
