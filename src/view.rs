//! What a card and its popups say, as plain strings: labels, dates, days in
//! transit, the full citation. Format-neutral and pure, so the wording is
//! tested natively; the DOM layer only puts these strings into nodes.

use crate::model::{Date, NoteKind, Quote, Source};
use crate::text::{each_word, words, Words};

/// One of the words ibid adds to a page (an index into [`Labels`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Word {
    /// Before the sent date: "sent".
    Sent,
    /// Before the received date: "received".
    Received,
    /// After one day in transit: "day".
    Day,
    /// After several days in transit: "days".
    Days,
    /// Read by screen readers between sender and recipient: "to".
    To,
    /// Between the two parties of a meeting or conversation: "and".
    And,
    /// Accessible name of a note marker, followed by its number: "Editorial note".
    Marker,
    /// Heading of a citation popup: "Source".
    Citation,
    /// Said of an Ibid.: "Ibid.: the same source as the document before".
    Ibid,
    /// Before one page: "p.".
    Page,
    /// Before a page range: "pp.".
    Pages,
    /// The original-text toggle while the translation shows: "Show original".
    ShowOriginal,
    /// The toggle while the original shows: "Show translation".
    ShowTranslation,
}

/// Where the month abbreviations start among the words, January first.
const MONTHS: usize = 13;
/// Where the names of the kinds of note start, in [`NoteKind`] order.
const NOTE_KINDS: usize = MONTHS + 12;

/// The `labels` option's names of the words, in their order: the [`Word`]s,
/// the months, the kinds of note (in [`NoteKind`] order).
/// Packed (see [`crate::text::Words`]).
pub const LABEL_NAMES: Words = words![
    "sent",
    "received",
    "day",
    "days",
    "to",
    "and",
    "marker",
    "citation",
    "ibid",
    "page",
    "pages",
    "showOriginal",
    "showTranslation",
    "months.0",
    "months.1",
    "months.2",
    "months.3",
    "months.4",
    "months.5",
    "months.6",
    "months.7",
    "months.8",
    "months.9",
    "months.10",
    "months.11",
    "notes.note",
    "notes.literal",
    "notes.insertion",
    "notes.explanation",
    "notes.sic",
    "notes.uncertain",
    "notes.omission",
];

/// The English words, in the order of [`LABEL_NAMES`], packed.
const DEFAULTS: Words = words![
    "sent",
    "received",
    "day",
    "days",
    "to",
    "and",
    "Editorial note",
    "Source",
    "Ibid.: the same source as the document before",
    "p.",
    "pp.",
    "Show original",
    "Show translation",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
    "Editorial note",
    "Literal translation",
    "Supplied by the editor",
    "Editor’s explanation",
    "Sic: so in the original",
    "Uncertain reading",
    "Omitted by the editor",
];

/// Every word ibid adds to a page. English by default; each one can be
/// replaced (the JS `labels` option). Kept as one list, read by index: the
/// wasm carries one loop to make, copy and drop them, not one per word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labels {
    /// The words, in the order of [`LABEL_NAMES`].
    words: Vec<String>,
    /// Replacements for kind names: ("telegram", "Telegramm").
    pub kinds: Vec<(String, String)>,
}

impl Default for Labels {
    fn default() -> Labels {
        // A loop of pushes: collecting the iterator adds its own Vec code
        // (from_iter, extend) to the wasm.
        let mut words = Vec::new();
        for w in each_word(DEFAULTS) {
            words.push(w.to_string());
        }
        Labels { words, kinds: Vec::new() }
    }
}

impl Labels {
    /// A word.
    pub fn word(&self, word: Word) -> &str {
        &self.words[word as usize]
    }

    /// Replaces the word of a `labels` option name (see [`LABEL_NAMES`]);
    /// false if there is no such name.
    pub fn set(&mut self, name: &str, value: &str) -> bool {
        match crate::text::word_index(LABEL_NAMES, name, false) {
            Some(i) => {
                self.words[i] = value.to_string();
                true
            }
            None => false,
        }
    }

    /// The name of a note kind.
    pub fn note_kind(&self, kind: NoteKind) -> &str {
        &self.words[NOTE_KINDS + kind as usize]
    }

    /// A month's abbreviation (1 to 12); empty for another number.
    pub fn month(&self, month: u8) -> &str {
        match usize::from(month) {
            m @ 1..=12 => &self.words[MONTHS + m - 1],
            _ => "",
        }
    }

    /// The card's name for a document kind: a replacement, or the noun with
    /// a capital letter ("telegram" → "Telegram").
    pub fn kind(&self, kind: &str) -> String {
        if let Some((_, label)) = self.kinds.iter().find(|(k, _)| k.eq_ignore_ascii_case(kind)) {
            return label.clone();
        }
        let mut chars = kind.chars();
        let mut out = String::with_capacity(kind.len());
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
        out
    }

    /// A date as the card shows it: "7 Nov 1917", "Nov 1917", "1917".
    pub fn date(&self, date: &Date) -> String {
        let mut out = String::new();
        if let Some(month) = date.month {
            if let Some(day) = date.day {
                crate::json::push_int(&mut out, i64::from(day), 0);
                out.push(' ');
            }
            out.push_str(self.month(month));
            out.push(' ');
        }
        crate::json::push_int(&mut out, i64::from(date.year), 0);
        out
    }

    /// Days in transit: "20 days", "1 day".
    pub fn transit(&self, days: i64) -> String {
        let mut out = String::new();
        crate::json::push_int(&mut out, days, 0);
        out.push(' ');
        out.push_str(self.word(if days == 1 { Word::Day } else { Word::Days }));
        out
    }

    /// The full citation of a (resolved) source, on one line.
    pub fn citation(&self, source: &Source) -> String {
        // The parts written straight into one string, ", " between them.
        let mut out = String::new();
        let mut parts = 0;
        let mut add = |part: &str| {
            if parts > 0 {
                // "… yiban jiaoshe (1)": a volume in brackets follows the title as written.
                out.push_str(if part.starts_with('(') { " " } else { ", " });
            }
            out.push_str(part);
            parts += 1;
        };
        if let Some(title) = &source.title {
            add(title);
        }
        if let Some(volume) = &source.volume {
            add(volume);
        }
        if let Some(pages) = &source.pages {
            // "p. 175", "pp. 180-181"; a data-ibid-pages value that is no
            // page number ("plate 3") as the author wrote it.
            if crate::attribution::is_page_value(pages) {
                let range = crate::text::find_byte(pages, b"-,").is_some();
                add(self.word(if range { Word::Pages } else { Word::Page }));
                out.push(' ');
                out.push_str(pages);
            } else {
                add(pages);
            }
        }
        if parts == 0 {
            return source.raw.clone();
        }
        out
    }
}

/// The dates line of a card: each part with its ISO date for `<time>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatePart {
    /// A label word: "sent", "received".
    Word(String),
    /// A date: (shown text, ISO 8601).
    Date(String, String),
    /// Days in transit.
    Transit(String),
}

/// The dates of a quote, as the card shows them: "sent" and the sent date,
/// "received" and the date with the days in transit; or one of the dates.
pub fn date_parts(quote: &Quote, labels: &Labels) -> Vec<DatePart> {
    let mut out = Vec::new();
    let date_part = |d: &Date| DatePart::Date(labels.date(d), d.iso());
    // A sent date the same as the date is not shown apart.
    let sent = quote.sent.filter(|s| quote.date != Some(*s));
    if let Some(sent) = &sent {
        out.push(DatePart::Word(labels.word(Word::Sent).to_string()));
        out.push(date_part(sent));
    }
    if let Some(date) = &quote.date {
        if sent.is_some() {
            out.push(DatePart::Word(labels.word(Word::Received).to_string()));
        }
        out.push(date_part(date));
        if let Some(days) = sent.and_then(|sent| date.days_since(&sent)).filter(|d| *d >= 0) {
            out.push(DatePart::Transit(labels.transit(days)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u8, d: u8) -> Option<Date> {
        Some(Date { year: y, month: Some(m), day: Some(d) })
    }

    #[test]
    fn dates_line_shows_transit() {
        let labels = Labels::default();
        let quote = Quote { date: date(1917, 11, 27), sent: date(1917, 11, 7), ..Quote::default() };
        assert_eq!(
            date_parts(&quote, &labels),
            vec![
                DatePart::Word("sent".into()),
                DatePart::Date("7 Nov 1917".into(), "1917-11-07".into()),
                DatePart::Word("received".into()),
                DatePart::Date("27 Nov 1917".into(), "1917-11-27".into()),
                DatePart::Transit("20 days".into()),
            ],
            "should show both dates and the days in transit"
        );
        let quote = Quote { date: Some(Date { year: 1918, month: Some(3), day: None }), ..Quote::default() };
        assert_eq!(
            date_parts(&quote, &labels),
            vec![DatePart::Date("Mar 1918".into(), "1918-03".into())],
            "should show a partial date"
        );
    }

    #[test]
    fn labels_and_citations() {
        let mut labels = Labels::default();
        assert_eq!(labels.kind("telegram"), "Telegram", "should capitalise the kind");
        labels.kinds.push(("telegram".into(), "Telegramm".into()));
        assert_eq!(labels.kind("Telegram"), "Telegramm", "should use a replacement");
        let source = Source {
            title: Some("Zhong-e guanxi shiliao".into()),
            volume: Some("(1)".into()),
            pages: Some("180-181".into()),
            ibid: true,
            raw: "Ibid., pp. 180-181.".into(),
        };
        assert_eq!(
            labels.citation(&source),
            "Zhong-e guanxi shiliao (1), pp. 180-181",
            "should write the full citation, a volume in brackets after the title as written"
        );
        let source = Source { volume: Some("vol. 1".into()), ..source };
        assert_eq!(labels.citation(&source), "Zhong-e guanxi shiliao, vol. 1, pp. 180-181");
        for (pages, want) in [
            ("xii", "p. xii"),
            ("12ff", "p. 12ff"),
            ("12, 14", "pp. 12, 14"),
            ("plate 3", "plate 3"),
            ("pp. 5–7; 9", "pp. 5–7; 9"),
        ] {
            let source =
                Source { title: Some("Some Book".into()), volume: None, pages: Some(pages.into()), ..source.clone() };
            assert_eq!(
                labels.citation(&source),
                format!("Some Book, {want}"),
                "pages {pages:?}: p./pp. only before page numbers"
            );
        }
        assert_eq!(labels.transit(1), "1 day", "should say one day");
    }
}
