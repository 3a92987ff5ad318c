//! What a card and its popups say, as plain strings: labels, dates, days in
//! transit, the full citation. Format-neutral and pure, so the wording is
//! tested natively; the DOM layer only puts these strings into nodes.

use crate::model::{Date, NoteKind, Quote, Source};

/// Every word ibid adds to a page. English by default; each one can be
/// replaced (the JS `labels` option).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labels {
    /// Month abbreviations, January first.
    pub months: [String; 12],
    /// Before the sent date: "sent".
    pub sent: String,
    /// Before the received date: "received".
    pub received: String,
    /// After one day in transit: "day".
    pub day: String,
    /// After several days in transit: "days".
    pub days: String,
    /// Read by screen readers between sender and recipient: "to".
    pub to: String,
    /// Names of the kinds of note, in [`NoteKind`] order: note, literal,
    /// insertion, explanation, sic, uncertain, omission.
    pub note_kinds: [String; 7],
    /// Accessible name of a note marker, followed by its number: "Editorial note".
    pub marker: String,
    /// Heading of a citation popup: "Source".
    pub citation: String,
    /// Said of an Ibid.: "Ibid.: the same source as the document before".
    pub ibid: String,
    /// Before pages: "p." and "pp.".
    pub page: String,
    /// Before a page range.
    pub pages: String,
    /// The original-text toggle while the translation shows: "Show original".
    pub show_original: String,
    /// The toggle while the original shows: "Show translation".
    pub show_translation: String,
    /// Replacements for kind names: ("telegram", "Telegramm").
    pub kinds: Vec<(String, String)>,
}

impl Default for Labels {
    fn default() -> Labels {
        let s = |x: &str| x.to_string();
        Labels {
            months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map(s),
            sent: s("sent"),
            received: s("received"),
            day: s("day"),
            days: s("days"),
            to: s("to"),
            note_kinds: [
                "Editorial note",
                "Literal translation",
                "Supplied by the editor",
                "Editor’s explanation",
                "Sic: so in the original",
                "Uncertain reading",
                "Omitted by the editor",
            ]
            .map(s),
            marker: s("Editorial note"),
            citation: s("Source"),
            ibid: s("Ibid.: the same source as the document before"),
            page: s("p."),
            pages: s("pp."),
            show_original: s("Show original"),
            show_translation: s("Show translation"),
            kinds: Vec::new(),
        }
    }
}

impl Labels {
    /// The name of a note kind.
    pub fn note_kind(&self, kind: NoteKind) -> &str {
        let i = match kind {
            NoteKind::Note => 0,
            NoteKind::Literal => 1,
            NoteKind::Insertion => 2,
            NoteKind::Explanation => 3,
            NoteKind::Sic => 4,
            NoteKind::Uncertain => 5,
            NoteKind::Omission => 6,
        };
        &self.note_kinds[i]
    }

    /// The card's name for a document kind: a replacement, or the noun with
    /// a capital letter ("telegram" → "Telegram").
    pub fn kind(&self, kind: &str) -> String {
        if let Some((_, label)) = self.kinds.iter().find(|(k, _)| k.eq_ignore_ascii_case(kind)) {
            return label.clone();
        }
        let mut chars = kind.chars();
        match chars.next() {
            Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
            None => String::new(),
        }
    }

    /// A date as the card shows it: "7 Nov 1917", "Nov 1917", "1917".
    pub fn date(&self, date: &Date) -> String {
        let mut out = String::new();
        if let Some(month) = date.month {
            if let Some(day) = date.day {
                crate::json::push_int(&mut out, i64::from(day), 0);
                out.push(' ');
            }
            out.push_str(self.months.get(usize::from(month).wrapping_sub(1)).map_or("", String::as_str));
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
        out.push_str(if days == 1 { &self.day } else { &self.days });
        out
    }

    /// The full citation of a (resolved) source, on one line.
    pub fn citation(&self, source: &Source) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(title) = &source.title {
            parts.push(title.clone());
        }
        if let Some(volume) = &source.volume {
            parts.push(volume.clone());
        }
        if let Some(pages) = &source.pages {
            let prefix = if pages.contains(['-', ',']) { &self.pages } else { &self.page };
            parts.push([prefix.as_str(), " ", pages.as_str()].concat());
        }
        if parts.is_empty() {
            return source.raw.clone();
        }
        parts.join(", ")
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

/// The dates of a quote, as the card shows them.
pub fn date_parts(quote: &Quote, labels: &Labels) -> Vec<DatePart> {
    let mut out = Vec::new();
    match (quote.sent, quote.date) {
        (Some(sent), Some(date)) if sent != date => {
            out.push(DatePart::Word(labels.sent.clone()));
            out.push(DatePart::Date(labels.date(&sent), sent.iso()));
            out.push(DatePart::Word(labels.received.clone()));
            out.push(DatePart::Date(labels.date(&date), date.iso()));
            if let Some(days) = date.days_since(&sent).filter(|d| *d >= 0) {
                out.push(DatePart::Transit(labels.transit(days)));
            }
        }
        (Some(sent), None) => {
            out.push(DatePart::Word(labels.sent.clone()));
            out.push(DatePart::Date(labels.date(&sent), sent.iso()));
        }
        (_, Some(date)) => out.push(DatePart::Date(labels.date(&date), date.iso())),
        (None, None) => {}
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
            "Zhong-e guanxi shiliao, (1), pp. 180-181",
            "should write the full citation"
        );
        assert_eq!(labels.transit(1), "1 day", "should say one day");
    }
}
