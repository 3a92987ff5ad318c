//! Editorial notes inside quoted text: `[lit. maximalists’ – ed.]`,
//! `[March] revolution`, `Kleinmicher [sic]`.
//!
//! ## Grammar
//!
//! ```text
//! note       = open content [signature] close
//! open       = "[" | "［" | "﹝" | "〔"          ; close is its partner
//! signature  = dash ("ed" ["."] | "eds." | "trans." | "tr." | initials)
//! dash       = "–" | "—" | "―" | "‒" | " -"      ; a hyphen needs a space before it
//! initials   = 1*4(UPPER ".") | 2*3UPPER          ; "R.L.", "N. N.", "RL"
//! ```
//!
//! The kind comes from the content, first match wins: only dots or an
//! ellipsis is an **omission**; `sic` first is **sic**; `?` last is
//! **uncertain**; `lit.` first is **literal**; `i.e.`, `that is`, `viz.`
//! first is an **explanation**; a signed note is a **note**; anything else
//! is an **insertion**, words the editor supplied. A bracket holding only
//! digits (`[1]`) is a footnote reference, not a note.
//!
//! A bracket left open at the end of a paragraph is not a note; it becomes a
//! diagnostic. Nested brackets are read as one note, the outermost.

use crate::model::NoteKind;
use crate::text::{has_word, prefix_in, trim, trim_end, trim_end_of, word_index, words};

/// A note found in a flat text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// What kind of note.
    pub kind: NoteKind,
    /// Content without brackets and signature.
    pub text: String,
    /// Canonical signature ("ed.", "R.L."), when signed.
    pub signature: Option<String>,
    /// Byte offset of the opening bracket.
    pub start: usize,
    /// Byte offset just after the closing bracket.
    pub end: usize,
}

/// A problem found while scanning: an unclosed bracket at a byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unclosed {
    /// Byte offset of the opening bracket.
    pub at: usize,
}

/// The longest content read as a note, in bytes: a longer bracket is prose.
const MAX_NOTE: usize = 600;
/// How deep brackets may nest before the rest of the paragraph is skipped.
const MAX_DEPTH: usize = 16;

fn partner(open: char) -> Option<char> {
    match open {
        '[' => Some(']'),
        '［' => Some('］'),
        '﹝' => Some('﹞'),
        '〔' => Some('〕'),
        _ => None,
    }
}

fn is_close(c: char) -> bool {
    matches!(c, ']' | '］' | '﹞' | '〕')
}

/// Finds the notes in a flat text (`\n` separates paragraphs and lines).
/// Linear in the text's length.
pub fn scan(text: &str) -> (Vec<Found>, Vec<Unclosed>) {
    let mut found = Vec::new();
    let mut unclosed = Vec::new();
    let mut stack: Vec<(usize, char)> = Vec::new();
    for (i, c) in text.char_indices() {
        if c == '\n' {
            if let Some(&(at, _)) = stack.first() {
                unclosed.push(Unclosed { at });
            }
            stack.clear();
        } else if let Some(close) = partner(c) {
            if stack.len() < MAX_DEPTH {
                stack.push((i, close));
            }
        } else if is_close(c) {
            match stack.last() {
                Some(&(open, want)) if want == c => {
                    stack.pop();
                    if stack.is_empty() {
                        let content = &text[open + open_len(text, open)..i];
                        if let Some(note) = classify(content, open, i + c.len_utf8()) {
                            found.push(note);
                        }
                    }
                }
                // A stray or mismatched closer: not a note, left as it is.
                _ => {}
            }
        }
    }
    if let Some(&(at, _)) = stack.first() {
        unclosed.push(Unclosed { at });
    }
    (found, unclosed)
}

fn open_len(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(1, char::len_utf8)
}

fn is_dash(c: char) -> bool {
    matches!(c, '–' | '—' | '―' | '‒' | '-' | '−')
}

/// Splits a trailing signature off: ("lit. maximalists’", Some("ed.")).
pub fn split_signature(content: &str) -> (&str, Option<String>) {
    let trimmed = trim_end(content);
    // Candidates: each dash, from the last.
    for (i, c) in trimmed.char_indices().rev() {
        if !is_dash(c) {
            continue;
        }
        let before = &trimmed[..i];
        if c == '-' && !before.chars().next_back().is_some_and(char::is_whitespace) {
            continue;
        }
        let tail = trim(&trimmed[i + c.len_utf8()..]);
        if let Some(signature) = signature(tail) {
            return (trim_end(trim_end_of(trim_end(before), b",")), Some(signature));
        }
        // Only the last dash can start a signature.
        break;
    }
    // "[Kadet, ed.]"
    if let Some((before, tail)) = crate::text::rfind_byte(trimmed, b",").map(|at| (&trimmed[..at], &trimmed[at + 1..]))
    {
        if let Some(signature) = signature(trim(tail)).filter(|s| s == "ed." || s == "eds.") {
            return (trim_end(before), Some(signature));
        }
    }
    (trimmed, None)
}

/// A canonical signature: "ed.", "eds.", "trans.", or initials "R.L.".
fn signature(tail: &str) -> Option<String> {
    let titles = words!["ed", "ed’", "editor", "eds", "editors", "trans", "tr", "transl", "translator"];
    if let Some(i) = word_index(titles, trim_end_of(tail, b"."), true) {
        return Some(String::from(match i {
            0..=2 => "ed.",
            3 | 4 => "eds.",
            _ => "trans.",
        }));
    }
    // Initials: "R.L.", "R. L.", "N.N", "RL", "RLK".
    let shaped = crate::text::all_chars(tail, |c| crate::text::is_upper(c) || c == '.' || c == ' ');
    let dotted = crate::text::find_byte(tail, b".").is_some();
    // Each letter followed by a full stop.
    let mut out = String::new();
    let mut letters = 0;
    for c in tail.chars() {
        if !matches!(c, '.' | ' ') {
            out.push(c);
            out.push('.');
            letters += 1;
        }
    }
    (shaped && (1..=4).contains(&letters) && (dotted || letters >= 2)).then_some(out)
}

fn starts_with_word(lower: &str, word: &str) -> bool {
    lower.starts_with(word) && !lower[word.len()..].chars().next().is_some_and(crate::text::is_letter)
}

/// The kind of a note from its content (without brackets).
fn classify(content: &str, start: usize, end: usize) -> Option<Found> {
    let content = trim(content);
    if content.is_empty() || content.len() > MAX_NOTE {
        return None;
    }
    if crate::text::all_in(content, b"0123456789,- ") {
        // A footnote reference such as [1] or [2, 3].
        return None;
    }
    let (body, signature) = split_signature(content);
    let lower = body.to_ascii_lowercase();
    let kind = if crate::text::all_chars(body, |c| matches!(c, '.' | '…' | ' ' | '·' | '⋯')) {
        NoteKind::Omission
    } else if starts_with_word(&lower, "sic") {
        NoteKind::Sic
    } else if body.ends_with("?")
        || body.ends_with("？")
        || has_word(words!["illegible", "unclear", "unreadable"], &lower)
    {
        NoteKind::Uncertain
    } else if starts_with_word(&lower, "lit") || starts_with_word(&lower, "literally") {
        // ("lit." too: a full stop is no letter.)
        NoteKind::Literal
    } else if prefix_in(words!["i.e.", "i. e.", "that is", "viz.", "namely", "e.g."], &lower, false).is_some()
        || starts_with_word(&lower, "ie")
    {
        NoteKind::Explanation
    } else if signature.is_some() {
        NoteKind::Note
    } else {
        NoteKind::Insertion
    };
    let text = if body.is_empty() { content.to_string() } else { body.to_string() };
    Some(Found { kind, text, signature, start, end })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> (NoteKind, String) {
        let (found, unclosed) = scan(s);
        assert!(unclosed.is_empty(), "should close every bracket in {s:?}");
        assert_eq!(found.len(), 1, "should find one note in {s:?}: {found:?}");
        (found[0].kind, found[0].text.clone())
    }

    #[test]
    fn note_kinds() {
        use NoteKind::*;
        let table = [
            ("the bolsheviks’ [lit. maximalists’ – ed.] strength", Literal, "lit. maximalists’"),
            ("Dukhonin [N.N. Dukhonin – ed.] to begin", Note, "N.N. Dukhonin"),
            (
                "[this is one of the reports which has been lost – ed]",
                Note,
                "this is one of the reports which has been lost",
            ),
            ("[Kadet – ed.]", Note, "Kadet"),
            ("[Kadet - ed]", Note, "Kadet"),
            ("[Kadet —ed.]", Note, "Kadet"),
            ("[the Cabinet – R.L.]", Note, "the Cabinet"),
            ("[lit. the Russian capital – ed.]", Literal, "lit. the Russian capital"),
            ("[N.N.] Avinov", Insertion, "N.N."),
            ("Since the [March] revolution", Insertion, "March"),
            ("[He said] that", Insertion, "He said"),
            ("旅哈[俄]人", Insertion, "俄"),
            ("旅哈［俄］人", Insertion, "俄"),
            ("[i.e. the Provisional Government]", Explanation, "i.e. the Provisional Government"),
            ("Kleinmicher [sic]", Sic, "sic"),
            ("〔sic〕", Sic, "sic"),
            ("[sic, should read Harbin]", Sic, "sic, should read Harbin"),
            ("[?]", Uncertain, "?"),
            ("[Chita?]", Uncertain, "Chita?"),
            ("[Chita? – ed.]", Uncertain, "Chita?"),
            ("[…]", Omission, "…"),
            ("[...]", Omission, "..."),
            ("﹝the consul﹞", Insertion, "the consul"),
        ];
        for (input, kind, text) in table {
            assert_eq!(one(input), (kind, text.to_string()), "should read {input:?}");
        }
    }

    #[test]
    fn signatures_are_canonical() {
        for s in ["x – ed.", "x - ed", "x —ed.", "x – ed", "x–ed."] {
            assert_eq!(split_signature(s), ("x", Some("ed.".to_string())), "should read the signature of {s:?}");
        }
        assert_eq!(split_signature("Sino-Japanese"), ("Sino-Japanese", None), "should not split a compound");
        assert_eq!(split_signature("x – R. L."), ("x", Some("R.L.".to_string())), "should canonicalise initials");
    }

    #[test]
    fn not_notes() {
        let (found, unclosed) = scan("see note [1] and [2, 3]");
        assert!(found.is_empty() && unclosed.is_empty(), "should skip footnote references");
        let (found, unclosed) = scan("an open [bracket\nnext paragraph]");
        assert!(found.is_empty(), "should not join paragraphs: {found:?}");
        assert_eq!(unclosed, vec![Unclosed { at: 8 }], "should report the unclosed bracket");
        let (found, _) = scan("[lit. [inner] – ed.]");
        assert_eq!(found.len(), 1, "should read nested brackets as one note");
        assert_eq!(found[0].text, "lit. [inner]", "should keep the inner bracket");
    }

    #[test]
    fn offsets_cover_the_brackets() {
        let s = "Krylenko [N.V. Krylenko, an ensign – ed.], instead";
        let (found, _) = scan(s);
        assert_eq!(&s[found[0].start..found[0].end], "[N.V. Krylenko, an ensign – ed.]", "should span the brackets");
    }
}
