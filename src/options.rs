//! The options of `enhance()`, read from the flat form `web/dom.js` makes
//! of the JavaScript options object: key/value string pairs, the strings
//! separated by NUL (U+0000; one inside a string comes as U+FFFD), for the known
//! options, nested keys joined with dots (`labels.sent`, `labels.months.0`,
//! `markers.1`), a `markers` list also giving its own key with an empty
//! value (so that an empty list is told from a missing one), numbers as
//! whole decimals.
//! Pure, so the reading rules are tested natively; what each option means
//! is in README "Options".

use crate::model::NoteKind;
use crate::plan::PlanOptions;

/// The note kinds, in [`NoteKind`] order; their option names are their JSON
/// names ([`NoteKind::as_str`]).
pub const NOTE_KINDS: [NoteKind; 7] = [
    NoteKind::Note,
    NoteKind::Literal,
    NoteKind::Insertion,
    NoteKind::Explanation,
    NoteKind::Sic,
    NoteKind::Uncertain,
    NoteKind::Omission,
];

/// Everything `enhance()` takes, merged over the defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Hover intent before a popup opens, in milliseconds.
    pub hover_in: u32,
    /// Grace period before a popup closes, in milliseconds.
    pub hover_out: u32,
    /// Viewport width in CSS pixels at or under which popups are bottom sheets.
    pub sheet_breakpoint: u32,
    /// Labels and markers.
    pub plan: PlanOptions,
    /// The undocumented `testFault` option, for the failure-isolation tests.
    pub fault: Option<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options { hover_in: 100, hover_out: 250, sheet_breakpoint: 480, plan: PlanOptions::default(), fault: None }
    }
}

/// A duration or width: a whole number, at most a minute's worth.
fn ms(v: &str) -> Option<u32> {
    crate::text::number(crate::text::trim(v)).map(|n| n.min(60_000))
}

/// Reads the flat pairs (`key NUL value NUL key NUL value …`); unknown keys
/// and values that do not read are ignored.
pub fn read(flat: &str) -> Options {
    let mut o = Options::default();
    let mut markers: Option<Vec<&str>> = None;
    let labels = &mut o.plan.labels;
    let mut pieces = crate::text::pieces(flat, b"\0");
    while let (Some((_, key)), Some((_, v))) = (pieces.next(), pieces.next()) {
        // The names looked up in a packed list: a match on strings compares
        // each in its own code.
        let names = crate::text::words!["hoverDelay", "closeDelay", "sheetBreakpoint", "markers", "testFault"];
        match crate::text::word_index(names, key, false) {
            Some(0) => o.hover_in = ms(v).unwrap_or(o.hover_in),
            Some(1) => o.hover_out = ms(v).unwrap_or(o.hover_out),
            Some(2) => o.sheet_breakpoint = ms(v).unwrap_or(o.sheet_breakpoint),
            Some(3) => {
                // A list split at commas and spaces.
                let list = markers.get_or_insert_with(Vec::new);
                for (_, name) in crate::text::pieces(v, b", ") {
                    list.push(name);
                }
            }
            Some(_) => o.fault = Some(v.to_string()),
            None => {}
        }
        if let Some(i) = key.strip_prefix("markers.") {
            if crate::text::number(i).is_some() {
                markers.get_or_insert_with(Vec::new).push(v);
            }
            continue;
        }
        let Some(label) = key.strip_prefix("labels.") else { continue };
        if !labels.set(label, v) {
            if let Some(kind) = label.strip_prefix("kinds.") {
                labels.kinds.push((kind.to_string(), v.to_string()));
            }
        }
    }
    if let Some(names) = markers {
        o.plan.markers.clear();
        for kind in NOTE_KINDS {
            if names.iter().any(|n| crate::text::trim(n) == kind.as_str()) {
                o.plan.markers.push(kind);
            }
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::Word;

    fn pairs(p: &[&str]) -> String {
        p.join("\0")
    }

    #[test]
    fn reads_every_option() {
        let o = read(&pairs(&[
            "hoverDelay",
            "150",
            "closeDelay",
            " 400 ",
            "sheetBreakpoint",
            "999999",
            "markers",
            "",
            "markers.0",
            "note",
            "markers.1",
            "sic",
            "labels.sent",
            "abgesandt",
            "labels.months",
            "",
            "labels.months.10",
            "Nov.",
            "labels.notes.literal",
            "Wörtlich",
            "labels.kinds.telegram",
            "Telegramm",
            "labels.showTranslation",
            "Übersetzung",
            "testFault",
            "throw",
        ]));
        assert_eq!((o.hover_in, o.hover_out, o.sheet_breakpoint), (150, 400, 60_000), "numbers, trimmed, capped");
        assert_eq!(o.plan.markers, vec![NoteKind::Note, NoteKind::Sic]);
        assert_eq!(o.plan.labels.word(Word::Sent), "abgesandt");
        assert_eq!(o.plan.labels.month(11), "Nov.");
        assert_eq!(o.plan.labels.note_kind(NoteKind::Literal), "Wörtlich");
        assert_eq!(o.plan.labels.kinds, vec![("telegram".to_string(), "Telegramm".to_string())]);
        assert_eq!(o.plan.labels.word(Word::ShowTranslation), "Übersetzung");
        assert_eq!(o.fault.as_deref(), Some("throw"));
    }

    #[test]
    fn markers_as_a_string_an_empty_list_or_missing() {
        assert_eq!(read(&pairs(&["markers", "note, literal"])).plan.markers, vec![NoteKind::Note, NoteKind::Literal]);
        assert_eq!(read(&pairs(&["markers", ""])).plan.markers, vec![], "an empty list: no markers");
        assert_eq!(read("").plan.markers, PlanOptions::default().markers, "missing: the default");
    }

    #[test]
    fn bad_values_are_ignored() {
        let o = read(&pairs(&[
            "hoverDelay",
            "-5",
            "closeDelay",
            "x",
            "labels.months.12",
            "Dec",
            "labels.notes.nope",
            "y",
            "odd",
        ]));
        assert_eq!(o, Options::default(), "nothing that does not read changes a default");
    }
}
