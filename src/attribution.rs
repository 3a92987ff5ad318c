//! The attribution line: what a quoted document is, who sent it to whom,
//! when, and where it is published.
//!
//! ## Grammar
//!
//! ```text
//! line        = [dash] (quoted-desc | desc) [sep source] | source
//! dash        = "—" | "–" | "―" | "--" | "-"          ; Markdown-style attributions
//! quoted-desc = quote desc quote                      ; "Letter from Zhang Zuolin, 2 May 1919".
//! desc        = [article] [head] [roles] ["," dates]
//! head        = *adjective kind                       ; "Secret telegram", "Meeting"
//! roles       = "from" party ["," ] "to" party | "to" party "from" party
//!             | "between" party "and" party | "by" party | "of" party
//! dates       = date ["(" ("sent" | "received") date ")"] | "received" date
//! source      = ibid [", " locator] | title [", " volume] [", " locator]
//! ibid        = "Ibid." | "Ibidem" | "Idem" | "Id." | "op. cit." | "loc. cit."
//! volume      = ("vol." | "volume" | "v.") word | "(" 1*3(DIGIT | roman) ")"
//! locator     = ("p." | "pp." | "page" | "pages") range
//! ```
//!
//! The whole line may be wrapped in parentheses or quotation marks, and may
//! be italic or broken by `<br>`: the caller passes its text with whitespace
//! collapsed.
//!
//! ## Recommendation
//!
//! Write the description first and the source after a full stop, as the
//! blog this was built for does:
//! `Telegram from Liu Jingren, 27 November 1917 (sent 7 November). Ibid., pp. 180-181.`

use crate::date::{self, Mention, Role};
use crate::model::{Date, Source};
use crate::text::{
    each_word, has_word, prefix_in, trim, trim_end, trim_end_of, trim_of, trim_start, trim_start_of, word_index, words,
    Words,
};

/// What one attribution line says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attribution {
    /// The document noun, lower-case.
    pub kind: Option<String>,
    /// Sender as written.
    pub from: Option<String>,
    /// Recipient as written.
    pub to: Option<String>,
    /// Whether `from` and `to` are the two parties of "between A and B",
    /// not a sender and a recipient.
    pub between: bool,
    /// Principal date (the received one where both are given).
    pub date: Option<Date>,
    /// Sent date, where given apart.
    pub sent: Option<Date>,
    /// The publication, unresolved (an Ibid. has no title yet).
    pub source: Option<Source>,
}

impl Attribution {
    /// Whether the line reads as an attribution rather than prose: it names a
    /// kind of document, cites a source with a locator or Ibid., or gives a
    /// party and a date.
    pub fn is_confident(&self) -> bool {
        let cites = self.source.as_ref().is_some_and(|s| s.ibid || s.pages.is_some() || s.volume.is_some());
        let both_parties = self.from.is_some() && self.to.is_some();
        self.kind.is_some() && (both_parties || self.date.is_some() || self.source.is_some())
            || cites
            || (self.from.is_some() || self.to.is_some()) && self.date.is_some()
    }

    /// Whether anything at all was read.
    pub fn is_empty(&self) -> bool {
        self.kind.is_none()
            && self.from.is_none()
            && self.to.is_none()
            && self.date.is_none()
            && self.sent.is_none()
            && self.source.is_none()
    }
}

/// Nouns that head an attribution line. Any other noun is accepted too when
/// the line's shape says so ("Cipher from …"); this list lets a kind stand
/// without a following "from" or "between" ("Telegram, 27 November 1917").
const KINDS: Words = words![
    "account",
    "address",
    "agreement",
    "aide-memoire",
    "aide-mémoire",
    "announcement",
    "answer",
    "appeal",
    "article",
    "cable",
    "cablegram",
    "circular",
    "communication",
    "communiqué",
    "complaint",
    "conversation",
    "decree",
    "declaration",
    "demand",
    "despatch",
    "diary",
    "digest",
    "directive",
    "discussion",
    "dispatch",
    "draft",
    "edict",
    "editorial",
    "enclosure",
    "enquiry",
    "entry",
    "excerpt",
    "extract",
    "inquiry",
    "instruction",
    "instructions",
    "interview",
    "letter",
    "manifesto",
    "memo",
    "memorandum",
    "memorial",
    "message",
    "minutes",
    "meeting",
    "note",
    "notice",
    "notification",
    "order",
    "petition",
    "proclamation",
    "proposal",
    "protest",
    "radiogram",
    "record",
    "regulations",
    "reply",
    "report",
    "request",
    "rescript",
    "resolution",
    "response",
    "speech",
    "statement",
    "submission",
    "summary",
    "talk",
    "talks",
    "telegram",
    "testimony",
    "transcript",
    "treaty",
    "ultimatum",
    "wire",
];

/// Words that name a sender or an office, never a kind of document.
const AGENTS: Words = words![
    "ambassador",
    "bureau",
    "cabinet",
    "chamber",
    "commissioner",
    "committee",
    "consul",
    "consulate",
    "council",
    "delegation",
    "department",
    "embassy",
    "general",
    "government",
    "governor",
    "legation",
    "minister",
    "ministry",
    "office",
    "premier",
    "president",
    "secretary",
    "the",
    "a",
    "an",
    "mr",
    "mrs",
    "dr",
];

/// Prepositions that end the head of a description; after the first four
/// (`FREE_MARKERS`), any noun may be a kind ("Cipher from …").
const MARKERS: Words = words!["from", "between", "by", "of", "to", "sent", "received", "dated", "addressed", "on"];
const FREE_MARKERS: usize = 4;
/// The marker index of the comma that ends a head ("Telegram, 27 November 1917").
const COMMA: usize = usize::MAX;

/// Ibid. and its kin; a marker comes before any other it starts with.
const IBID_MARKERS: Words = words!["ibidem", "ibid", "idem", "id.", "op. cit", "loc. cit", "op.cit", "loc.cit"];

/// Reads one attribution line. Never fails: what cannot be read stays `None`.
pub fn parse(line: &str) -> Attribution {
    let line = unwrap_line(line);
    if line.is_empty() {
        return Attribution::default();
    }
    let (desc, source) = split(line);
    let mut out = parse_description(desc);
    out.source = source.and_then(parse_source);
    // A line with no kind, party or date that holds a locator is a bare
    // source line ("Papers Relating to …, vol. 1, p. 692."), full stops and all.
    if out.kind.is_none() && out.date.is_none() && out.from.is_none() && out.to.is_none() {
        if let Some(source) = parse_source(line).filter(|s| s.pages.is_some() || s.volume.is_some() || s.ibid) {
            return Attribution { source: Some(source), ..Attribution::default() };
        }
    }
    out
}

/// Strips dashes, wrapping parentheses and a final full stop.
fn unwrap_line(line: &str) -> &str {
    let mut s = trim(line);
    if let Some(dash) = prefix_in(words!["——", "—", "–", "―", "--", "- ", "~"], s, false) {
        s = trim_start(&s[dash.len()..]);
    }
    loop {
        let t = trim(s);
        // Pairs of brackets, opening then closing.
        let mut pairs = each_word(words!["(", ")", "[", "]", "（", "）"]);
        let wrapped = loop {
            let (Some(open), Some(close)) = (pairs.next(), pairs.next()) else { break None };
            let Some(inner) = t.strip_prefix(open) else { continue };
            let Some(inner) =
                inner.strip_suffix(close).or_else(|| inner.strip_suffix(".").and_then(|i| i.strip_suffix(close)))
            else {
                continue;
            };
            // Only when the parentheses wrap the whole line.
            if balanced(inner, open, close) {
                break Some(inner);
            }
        };
        match wrapped {
            Some(inner) => s = inner,
            None => return t,
        }
    }
}

/// Whether the brackets `open` and `close` (one character each) pair up in `s`.
fn balanced(s: &str, open: &str, close: &str) -> bool {
    let mut depth = 0i32;
    for (i, _) in s.char_indices() {
        let rest = &s[i..];
        if rest.starts_with(open) {
            depth += 1;
        } else if rest.starts_with(close) {
            depth -= 1;
            if depth < 0 {
                return false;
            }
        }
    }
    depth == 0
}

/// Splits a line into its description and its source.
fn split(line: &str) -> (&str, Option<&str>) {
    // "Letter from Zhang Zuolin, 2 May 1919". Ibid., page 108.
    // Pairs of quotation marks, opening then closing.
    let mut pairs = each_word(words!["\"", "\"", "“", "”", "‘", "’", "'", "'", "「", "」"]);
    while let (Some(open), Some(close)) = (pairs.next(), pairs.next()) {
        if let Some(rest) = line.strip_prefix(open) {
            if let Some(end) = crate::text::find_str(rest, close) {
                let desc = trim_end_of(trim(&rest[..end]), b".,");
                let after = trim_start_of(&rest[end + close.len()..], b".,;: ");
                return (desc, (!after.is_empty()).then_some(after));
            }
        }
    }
    // The source starts at an Ibid. marker.
    if let Some(at) = find_ibid(line) {
        let desc = trim_end_of(&line[..at], b" .,;:");
        return (desc, Some(&line[at..]));
    }
    // Otherwise after the first date that ends a sentence.
    let mentions = date::find(line);
    let mut skip_until = 0;
    for m in &mentions {
        if m.start < skip_until {
            continue;
        }
        let mut end = m.end;
        let rest = &line[end..];
        let trimmed = trim_start(rest);
        // Step over a parenthetical right after the date: "(sent 7 November)".
        if let Some(paren) = trimmed.strip_prefix("(") {
            if let Some(close) = crate::text::find_str(paren, ")") {
                end += rest.len() - trimmed.len() + 1 + close + 1;
                skip_until = end;
            }
        }
        // Step over a time of day: "May 3, 1919, 5 p.m."
        let rest = &line[end..];
        if let Some(time_len) = time_of_day(rest) {
            end += time_len;
        }
        let rest = &line[end..];
        let next = trim_start(rest).chars().next();
        match next {
            None => return (trim(&line[..end]), None),
            Some('.' | ';') => {
                let after = trim_start(&trim_start(rest)[1..]);
                return (trim(&line[..end]), (!after.is_empty()).then_some(after));
            }
            _ => {}
        }
    }
    // Otherwise at the first sentence break that is not after an abbreviation.
    if let Some(at) = sentence_break(line) {
        let after = trim_start(&line[at + 1..]);
        return (trim(&line[..at]), (!after.is_empty()).then_some(after));
    }
    (trim_end_of(line, b"."), None)
}

/// ", 5 p.m." or ", 8:20 a.m." or ", noon" at the start of `s`: its length.
fn time_of_day(s: &str) -> Option<usize> {
    let t = trim_start(s.strip_prefix(",")?);
    let lead = s.len() - t.len();
    if let Some(word) = prefix_in(words!["noon", "midnight", "midday"], t, true) {
        return Some(lead + word.len());
    }
    let digits = t.bytes().take_while(|b| b.is_ascii_digit() || *b == b':' || *b == b'.').count();
    if digits == 0 {
        return None;
    }
    let rest = trim_start(&t[digits..]);
    let spaces = t.len() - digits - rest.len();
    let suffix = prefix_in(words!["a.m.", "p.m.", "a. m.", "p. m.", "am", "pm", "o'clock", "h"], rest, true)?;
    // "a.m." keeps its own full stop; a sentence end may follow it.
    Some(lead + digits + spaces + suffix.len() - usize::from(suffix.ends_with(".")))
}

/// Byte offset of an Ibid. marker starting a word, after the line's start or
/// a separator.
fn find_ibid(line: &str) -> Option<usize> {
    // ASCII lower-casing keeps every byte offset valid in `line`.
    let lower = line.to_ascii_lowercase();
    let mut best: Option<usize> = None;
    for marker in each_word(IBID_MARKERS) {
        let mut from = 0;
        while let Some(pos) = crate::text::find_str(&lower[from..], marker) {
            let at = from + pos;
            let end = at + marker.len();
            let ends_word = !lower[end..].chars().next().is_some_and(crate::text::is_alnum);
            if word_start(line, at) && ends_word {
                best = Some(best.map_or(at, |b| b.min(at)));
                break;
            }
            from = end;
        }
    }
    best
}

fn word_start(line: &str, at: usize) -> bool {
    !line[..at].chars().next_back().is_some_and(crate::text::is_alnum)
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: Words = words![
    "mr", "mrs", "ms", "dr", "st", "gen", "col", "capt", "lt", "adm", "no", "nos", "vol", "vols", "p", "pp", "ed",
    "eds", "trans", "cf", "ca", "c", "jr", "sr", "rev", "hon", "esq", "maj", "sgt", "prof", "dept", "nr", "op", "cit",
    "loc", "ibid", "etc", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Offset of the first full stop that ends a sentence: followed by a space
/// and an upper-case letter, digit or quotation, not after an abbreviation
/// or an initial.
fn sentence_break(line: &str) -> Option<usize> {
    for (i, c) in line.char_indices() {
        if c != '.' {
            continue;
        }
        let after = &line[i + 1..];
        if !after.starts_with(" ") {
            continue;
        }
        let next = trim_start(after).chars().next();
        if !next.is_some_and(|n| crate::text::is_upper(n) || n.is_ascii_digit() || n == '“' || n == '"') {
            continue;
        }
        let word = &line[crate::text::run_start(&line[..i], crate::text::is_alnum)..i];
        let initial = word.chars().count() == 1 && crate::text::all_chars(word, crate::text::is_upper);
        if initial || word_index(ABBREVIATIONS, word, true).is_some() {
            continue;
        }
        return Some(i);
    }
    None
}

fn to_date(m: &Mention, year: Option<i32>) -> Option<Date> {
    Some(Date { year: m.year.or(year)?, month: m.month, day: m.day.filter(|_| m.month.is_some()) })
}

/// Resolves the dates of a description into (principal, sent).
pub fn resolve_dates<'a>(mentions: &'a [Mention]) -> (Option<Date>, Option<Date>) {
    let first = |role: Role| mentions.iter().find(|m| m.role == role);
    let (plain, sent, received) = (first(Role::Plain), first(Role::Sent), first(Role::Received));
    // The anchor year: from whichever date wrote one, the plain, received, then sent date.
    let with_year = |m: Option<&'a Mention>| m.filter(|m| m.year.is_some());
    let anchor = with_year(plain).or(with_year(received)).or(with_year(sent));
    let anchor_year = anchor.and_then(|m| m.year);
    let anchor_month = anchor.and_then(|m| m.month);
    let inherit = |m: &Mention, later: bool| -> Option<Date> {
        if m.year.is_some() {
            return to_date(m, None);
        }
        let year = anchor_year?;
        let year = match (m.month, anchor_month) {
            // A sent date whose month falls after the received one's is from the year before.
            (Some(month), Some(anchor)) if !later && month > anchor => year - 1,
            // A received date whose month falls before the sent one's is from the year after.
            (Some(month), Some(anchor)) if later && month < anchor => year + 1,
            _ => year,
        };
        to_date(m, Some(year))
    };
    // The mentions of the principal date and of the sent one.
    let (principal, earlier) = match (plain, sent, received) {
        // "7 November 1917 (received 27 November)": the plain date is the sent one.
        (Some(p), None, Some(r)) => (Some(r), Some(p)),
        (_, s, Some(r)) => (Some(r), s),
        // "27 November 1917 (sent 7 November)": the plain date is the received one.
        (p, s, None) => (p, s),
    };
    (principal.and_then(|m| inherit(m, true)), earlier.and_then(|m| inherit(m, false)))
}

fn parse_description(desc: &str) -> Attribution {
    let mut out = Attribution::default();
    let mentions = date::find(desc);
    let (date, sent) = resolve_dates(&mentions);
    out.date = date;
    out.sent = sent;
    // The parties end where the first date (with its lead-in words) starts.
    let parties_end = mentions.first().map_or(desc.len(), |m| date_lead_in(desc, m.start));
    let head_part = trim_end_of(trim(&desc[..parties_end]), b",;: ");
    let (kind, rest) = split_kind(head_part);
    out.kind = kind;
    out.between = parties(rest, out.kind.is_some() || mentions.is_empty(), &mut out.from, &mut out.to);
    out
}

/// Moves `at` back over ", " and words such as "dated", "sent", "received",
/// "on", "of" that lead into a date.
fn date_lead_in(desc: &str, at: usize) -> usize {
    let mut end = at;
    loop {
        let before = trim_end_of(&desc[..end], b" ,([");
        let word_start = crate::text::run_start(before, crate::text::is_letter);
        let lead = words!["dated", "sent", "received", "on", "of", "despatched", "dispatched", "the", "and"];
        if word_index(lead, &before[word_start..], true).is_some() && word_start < end {
            end = word_start;
            continue;
        }
        return before.len();
    }
}

fn strip_article(s: &str) -> &str {
    let article = prefix_in(words!["A ", "An ", "The ", "a ", "an ", "the "], s, false).unwrap_or("");
    &s[article.len()..]
}

/// Splits "Secret telegram from X to Y" into (Some("telegram"), "from X to Y").
fn split_kind(head: &str) -> (Option<String>, &str) {
    let body = strip_article(head);
    // The head's words: how many, the last, and whether every one after the
    // first starts in lower case.
    let (mut count, mut last, mut later_lowercase) = (0, "", true);
    let mut marker: Option<(usize, usize)> = None;
    for (at, word) in crate::text::pieces(body, b" ") {
        let bare = trim_end_of(word, b",;:");
        if let Some(m) = word_index(MARKERS, bare, true) {
            marker = Some((at, m));
            break;
        }
        if count > 0 && !bare.chars().next().is_some_and(crate::text::is_lower) {
            later_lowercase = false;
        }
        count += 1;
        last = bare;
        if bare.len() != word.len() {
            // A comma ends the head: "Telegram, 27 November 1917".
            marker = Some((at + word.len(), COMMA));
            break;
        }
        if count > 4 {
            return (None, head);
        }
    }
    if count == 0 {
        return (None, head);
    }
    let last_lower = last.to_ascii_lowercase();
    let known = has_word(KINDS, &last_lower);
    let plain_word =
        crate::text::all_chars(last, |c| crate::text::is_letter(c) || c == '-') && !has_word(AGENTS, &last_lower);
    let accepted = match marker {
        // "Telegram" alone, or "Telegram, 27 November": only known nouns.
        None | Some((_, COMMA)) => known && later_lowercase,
        Some((_, m)) => plain_word && later_lowercase && (known || count == 1 && m < FREE_MARKERS),
    };
    if !accepted {
        return (None, head);
    }
    let rest = match marker {
        Some((at, _)) => trim_start_of(&body[at..], b", "),
        None => "",
    };
    (Some(last_lower), rest)
}

fn clean_party(s: &str) -> Option<String> {
    let t = trim_of(trim(s), b",;: .");
    // Keep a final full stop that belongs to an abbreviation or initial ("Jr.", "N.N.").
    let t = if trim_end_of(trim(s), b",;: ").ends_with(".") {
        let with_dot = trim_of(trim(s), b",;: ");
        let last_word = trim_end_of(with_dot, b".");
        let last_word = &last_word[crate::text::rfind_byte(last_word, b" .").map_or(0, |i| i + 1)..];
        if last_word.chars().count() <= 3 && last_word.chars().next().is_some_and(crate::text::is_upper) {
            with_dot
        } else {
            t
        }
    } else {
        t
    };
    (!t.is_empty()).then(|| t.to_string())
}

/// Finds " word " in `s` (case-insensitive, as a whole word).
fn find_word(s: &str, word: &str, last: bool) -> Option<usize> {
    let lower = s.to_ascii_lowercase();
    let needle = crate::text::cat(&[" ", word, " "]);
    if last {
        crate::text::rfind_str(&lower, &needle)
    } else {
        crate::text::find_str(&lower, &needle)
    }
}

/// Reads "from X to Y", "to Y from X", "between A and B", "by X", "of X",
/// or, with no kind but a date, "X to Y", into `from` and `to`; true for
/// "between".
fn parties(rest: &str, has_kind: bool, from: &mut Option<String>, to: &mut Option<String>) -> bool {
    let rest = trim(rest);
    if rest.is_empty() {
        return false;
    }
    let padded = crate::text::cat(&[" ", rest, " "]);
    let first_word = crate::text::pieces(rest, b" ").next().map_or("", |(_, w)| w);
    // The two parties as written (empty when missing), cleaned once at the end.
    let (inner_padded, body_padded);
    let (a, b, between): (&str, &str, bool) = if let Some(at) = find_word(&padded, "between", false) {
        // "between A and B" anywhere ("Memorandum of a conversation between A and B").
        let inner = &padded[at + " between ".len()..];
        inner_padded = crate::text::cat(&[" ", inner]);
        match find_word(&inner_padded, "and", false) {
            Some(and) => (&inner_padded[..and], &inner_padded[and + " and ".len()..], true),
            None => (inner, "", true),
        }
    } else if let Some(m) = word_index(words!["from", "to", "by", "of"], first_word, true) {
        // "from X to Y", "by X to Y", "of X to Y"; "to Y from X" names them the
        // other way round: (words to skip, the word between, swapped).
        let (skip, between, swapped) = match m {
            0 => (4, "to", false),
            1 => (2, "from", true),
            _ => (2, "to", false),
        };
        let body = &rest[skip..];
        body_padded = crate::text::cat(&[body, " "]);
        let (first, second) = match find_word(&body_padded, between, true) {
            // The word with a space either side.
            Some(at) => (&body_padded[..at], &body_padded[at + between.len() + 2..]),
            None => (body, ""),
        };
        if swapped {
            (second, first, false)
        } else {
            (first, second, false)
        }
    } else if !has_kind {
        // "Liu Jingren to the Foreign Ministry" (no kind): both parties.
        let Some(at) = find_word(&padded, "to", true).filter(|&at| at > 0) else {
            return false;
        };
        (&padded[..at], &padded[at + " to ".len()..], false)
    } else {
        return false;
    };
    (*from, *to) = (clean_party(a), clean_party(b));
    between
}

/// Reads a source: title, volume, pages, Ibid.
pub fn parse_source(s: &str) -> Option<Source> {
    let raw = trim(s);
    let mut rest = trim_end_of(raw, b". ;,");
    if rest.is_empty() {
        return None;
    }
    let mut source = Source { raw: raw.to_string(), ..Source::default() };
    // Ibid. and friends, possibly after an author ("Liu, op. cit.").
    if let Some(at) = find_ibid(rest) {
        source.ibid = true;
        let after = &rest[at..];
        // The longest marker there: the first, as "ibidem" comes before "ibid".
        let marker_len = prefix_in(IBID_MARKERS, after, true).map_or(0, str::len);
        rest = trim_start_of(&after[marker_len..], b".,;: ");
    }
    if let Some((pages, before)) = take_pages(rest) {
        source.pages = Some(pages);
        rest = before;
    }
    if let Some((volume, before)) = take_volume(rest) {
        source.volume = Some(volume);
        rest = before;
    }
    let title = trim(trim_end_of(trim(rest), b",;: ."));
    if !title.is_empty() && !source.ibid {
        source.title = Some(title.to_string());
    }
    Some(source)
}

/// The pages of a `data-ibid-pages` attribute, written as an attribution's
/// are: "pp. 5–7" and "5–7" give "5-7", "p. 12, 14" gives "12, 14". A value
/// that is no page locator ("plate 3") stays as the author wrote it.
pub fn pages_attr(v: &str) -> String {
    let mut s = String::from("p. ");
    s.push_str(v);
    match take_pages(&s) {
        Some((pages, before)) if before.is_empty() || before == "p." => pages,
        _ => v.to_string(),
    }
}

/// Takes a page locator off the end: ("180-181", the rest before it).
fn take_pages(s: &str) -> Option<(String, &str)> {
    let prefixes = words!["pages", "page", "pp.", "pp", "p.", "pgs.", "pg.", "p"];
    // Search the last occurrence of a prefix that starts a word.
    let lower = s.to_ascii_lowercase();
    let mut best: Option<(usize, usize)> = None;
    for prefix in each_word(prefixes) {
        let mut from = 0;
        while let Some(pos) = crate::text::find_str(&lower[from..], prefix) {
            let at = from + pos;
            from = at + prefix.len();
            if !word_start(s, at) {
                continue;
            }
            let value = trim_start(&s[at + prefix.len()..]);
            if !value.bytes().next().is_some_and(|b| b.is_ascii_digit() || crate::text::in_set(b"ivxlc", b)) {
                continue;
            }
            let ok = is_page_value(trim_end_of(value, b". "));
            if ok && best.is_none_or(|(b, _)| at > b) {
                best = Some((at, prefix.len()));
            }
        }
    }
    let (at, len) = best?;
    let value = trim_end_of(trim(&s[at + len..]), b". ");
    // Spaces out, dashes as hyphens, a comma followed by one space.
    let mut normal = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            _ if c.is_whitespace() => {}
            '–' | '—' | '‒' | '−' => normal.push('-'),
            ',' => normal.push_str(", "),
            _ => normal.push(c),
        }
    }
    let before = trim_end_of(&s[..at], b", ;:");
    Some((normal, before))
}

/// "175", "180-181", "3–5", "12, 14", "xii", "5f", "5 ff".
pub fn is_page_value(v: &str) -> bool {
    if v.is_empty() {
        return false;
    }
    // Parts between commas and dashes; only letters, digits and spaces in them.
    let mut start = 0;
    for (i, c) in v.char_indices() {
        if matches!(c, ',' | '-' | '–' | '—' | '‒' | '−') {
            if !is_page_part(&v[start..i]) {
                return false;
            }
            start = i + c.len_utf8();
        } else if !(c.is_ascii_alphanumeric() || c == ' ') {
            return false;
        }
    }
    is_page_part(&v[start..])
}

/// One part of a page value: a number or a lower-case roman numeral, maybe
/// followed by "f" or "ff".
fn is_page_part(part: &str) -> bool {
    let part = trim_of(trim_end_of(trim_of(part, b" "), b"f"), b" ");
    !part.is_empty() && (crate::text::all_in(part, b"0123456789") || crate::text::all_in(part, b"ivxlc"))
}

/// Takes a volume off the end: ("vol. 1", the rest before it).
fn take_volume(s: &str) -> Option<(String, &str)> {
    let t = trim_end_of(s, b", ;:.");
    // "(1)", "(II)"
    if let Some(inner) = t.strip_suffix(")") {
        if let Some(open) = crate::text::rfind_byte(inner, b"(") {
            let value = &inner[open + 1..];
            let roman = !value.is_empty() && crate::text::all_in(value, b"IVXLivx");
            let arabic = !value.is_empty() && value.len() <= 3 && crate::text::all_in(value, b"0123456789");
            if roman || arabic {
                return Some((t[open..].to_string(), trim_end(&t[..open])));
            }
        }
    }
    // "vol. 1", "Vol. II", "volume 3", "v. 2"
    let lower = t.to_ascii_lowercase();
    for prefix in each_word(words!["volume", "vols.", "vol.", "vol", "v."]) {
        if let Some(at) = crate::text::rfind_str(&lower, prefix) {
            if !word_start(t, at) {
                continue;
            }
            let value = trim(&t[at + prefix.len()..]);
            if !value.is_empty()
                && value.len() <= 8
                && crate::text::find_byte(value, b" ").is_none()
                && crate::text::all_chars(value, |c| crate::text::is_alnum(c) || c == '-')
            {
                return Some((t[at..].to_string(), trim_end_of(&t[..at], b", ;:")));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    fn date(iso: &str) -> Option<Date> {
        let parts: Vec<&str> = iso.split('-').collect();
        Some(Date {
            year: parts[0].parse().ok()?,
            month: parts.get(1).and_then(|m| m.parse().ok()),
            day: parts.get(2).and_then(|m| m.parse().ok()),
        })
    }

    #[test]
    fn the_november_revolution_lines() {
        let a = parse("Letter from the Foreign Ministry to Ambassador Liu Jingren, 12 November 1917. Zhong-e guanxi shiliao, Minguo jiunian zhi banian (1917-1919). E zhengbian yu yiban jiaoshe (1), p. 175.");
        assert_eq!(a.kind, d("letter"), "should read the kind");
        assert_eq!(a.from, d("the Foreign Ministry"), "should read the sender");
        assert_eq!(a.to, d("Ambassador Liu Jingren"), "should read the recipient");
        assert_eq!(a.date, date("1917-11-12"), "should read the date");
        let s = a.source.expect("should read the source");
        assert_eq!(
            s.title,
            d("Zhong-e guanxi shiliao, Minguo jiunian zhi banian (1917-1919). E zhengbian yu yiban jiaoshe"),
            "should read the title"
        );
        assert_eq!(s.volume, d("(1)"), "should read the volume");
        assert_eq!(s.pages, d("175"), "should read the page");

        let a = parse("Meeting between Deputy Foreign Minister Gao Erqian and Ambassador Hayashi, 16 November 1917. Ibid., p. 177.");
        assert_eq!(
            (a.kind, a.from, a.to, a.between),
            (d("meeting"), d("Deputy Foreign Minister Gao Erqian"), d("Ambassador Hayashi"), true),
            "should read a meeting's two parties as parties, not sender and recipient"
        );
        let s = a.source.expect("should read the source");
        assert!(s.ibid && s.pages == d("177"), "should read Ibid. with its page: {s:?}");

        let a = parse("Telegram from Liu Jingren, 27 November 1917 (sent 7 November). Ibid., pp. 180-181.");
        assert_eq!((a.date, a.sent), (date("1917-11-27"), date("1917-11-07")), "should read received and sent");
        assert_eq!(a.source.and_then(|s| s.pages), d("180-181"), "should read a page range");
    }

    #[test]
    fn date_rules() {
        let table = [
            ("Telegram from X, 2 December 1917 (sent 30 November).", "1917-12-02", Some("1917-11-30")),
            ("Telegram from X, 2 January 1918 (sent 30 December).", "1918-01-02", Some("1917-12-30")),
            ("Report from X, received 2 December 1917.", "1917-12-02", None),
            ("Telegram from X, 7 November 1917 (received 27 November).", "1917-11-27", Some("1917-11-07")),
            ("Letter from X, November 27, 1917.", "1917-11-27", None),
            ("Despatch from X, March 1918.", "1918-03", None),
            ("Instruction from the Foreign Ministry to Consul-General Lu, Minguo 7.", "1918", None),
            ("A Telegram from Mr. Wang, the Chinese Minister in Japan, to the Ministry of Foreign Affairs, 5th day, 3rd month, 7th year of the Republic", "1918-03-05", None),
        ];
        for (line, expected, sent) in table {
            let a = parse(line);
            assert_eq!(a.date.map(|d| d.iso()).as_deref(), Some(expected), "should date {line:?}");
            assert_eq!(a.sent.map(|d| d.iso()).as_deref(), sent, "should read the sent date of {line:?}");
        }
    }

    #[test]
    fn old_and_new_style_dates() {
        let table = [
            ("Telegram from Liu Jingren, 13 (26) November 1917. Ibid., p. 181.", "1917-11-26", None),
            ("Telegram from Liu Jingren, 13/26 November 1917. Ibid., p. 181.", "1917-11-26", None),
            ("Telegram from Liu Jingren, November 13 (26), 1917. Ibid., p. 181.", "1917-11-26", None),
            (
                "Telegram from Liu Jingren, 13 (26) November 1917 (sent 8 November). Ibid., p. 181.",
                "1917-11-26",
                Some("1917-11-08"),
            ),
            (
                "Telegram from Liu Jingren, 13 (26) November 1917. Zhong-e guanxi shiliao (1), p. 181.",
                "1917-11-26",
                None,
            ),
        ];
        for (line, expected, sent) in table {
            let a = parse(line);
            assert_eq!(a.from.as_deref(), Some("Liu Jingren"), "should keep the date out of the sender of {line:?}");
            assert_eq!(
                a.date.map(|d| d.iso()).as_deref(),
                Some(expected),
                "should read the New Style date of {line:?}"
            );
            assert_eq!(a.sent.map(|d| d.iso()).as_deref(), sent, "should read the sent date of {line:?}");
            let s = a.source.expect("should read the source");
            assert_eq!(s.pages.as_deref(), Some("181"), "should read the page of {line:?}");
        }
        let a = parse("Telegram from Liu Jingren, 13 (26) November 1917. Zhong-e guanxi shiliao (1), p. 181.");
        let s = a.source.expect("should read the source");
        assert_eq!(s.volume.as_deref(), Some("(1)"), "should keep the volume");
        assert_eq!(s.title.as_deref(), Some("Zhong-e guanxi shiliao"), "should keep the title");
    }

    #[test]
    fn party_rules() {
        let table = [
            ("A Telegram from Mr. Wang, the Chinese Minister in Japan, to the Ministry of Foreign Affairs, 5th day, 3rd month, 7th year of the Republic", "telegram", Some("Mr. Wang, the Chinese Minister in Japan"), Some("the Ministry of Foreign Affairs")),
            ("Memorandum of a conversation between X Y and Z W, November 27, 1917.", "memorandum", Some("X Y"), Some("Z W")),
            ("Instruction to Consul Lu from the Foreign Ministry, 3 May 1918.", "instruction", Some("the Foreign Ministry"), Some("Consul Lu")),
            ("Secret telegram from Liu Jingren, 3 May 1918.", "telegram", Some("Liu Jingren"), None),
            ("Memorandum by the Secretary of State, 3 May 1918.", "memorandum", Some("the Secretary of State"), None),
            ("Cipher from Liu Jingren to the Ministry, 3 May 1918.", "cipher", Some("Liu Jingren"), Some("the Ministry")),
            ("Telegram from the Chinese Minister to Japan to the Foreign Ministry, 3 May 1918.", "telegram", Some("the Chinese Minister to Japan"), Some("the Foreign Ministry")),
        ];
        for (line, kind, from, to) in table {
            let a = parse(line);
            assert_eq!(a.kind.as_deref(), Some(kind), "should read the kind of {line:?}");
            assert_eq!(a.from.as_deref(), from, "should read the sender of {line:?}");
            assert_eq!(a.to.as_deref(), to, "should read the recipient of {line:?}");
            assert_eq!(
                a.between,
                line.contains(" between "),
                "should tell parties from sender and recipient in {line:?}"
            );
        }
        let a = parse("Ambassador Liu Jingren to the Foreign Ministry, 3 May 1918.");
        assert_eq!(a.kind, None, "should not take a title for a kind");
        assert_eq!(
            (a.from.as_deref(), a.to.as_deref()),
            (Some("Ambassador Liu Jingren"), Some("the Foreign Ministry")),
            "should read parties without a kind"
        );
    }

    #[test]
    fn source_rules() {
        type Row<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>, bool);
        let table: [Row; 9] = [
            (
                "Zhong-E guanxi shiliao, Waimeng (1), pp. 12–13.",
                Some("Zhong-E guanxi shiliao, Waimeng"),
                Some("(1)"),
                Some("12-13"),
                false,
            ),
            (
                "Papers Relating to the Foreign Relations of the United States, 1919, vol. 1, p. 692.",
                Some("Papers Relating to the Foreign Relations of the United States, 1919"),
                Some("vol. 1"),
                Some("692"),
                false,
            ),
            ("Ibid., page 108.", None, None, Some("108"), true),
            ("Idem, p. 4.", None, None, Some("4"), true),
            ("op. cit., p. 9.", None, None, Some("9"), true),
            ("loc. cit.", None, None, None, true),
            ("Source title, vol. 2, pages 3–5.", Some("Source title"), Some("vol. 2"), Some("3-5"), false),
            ("Ibid.", None, None, None, true),
            ("Some Book, p. xii.", Some("Some Book"), None, Some("xii"), false),
        ];
        for (s, title, volume, pages, ibid) in table {
            let src = parse_source(s).expect("should read a source");
            assert_eq!(src.title.as_deref(), title, "should read the title of {s:?}");
            assert_eq!(src.volume.as_deref(), volume, "should read the volume of {s:?}");
            assert_eq!(src.pages.as_deref(), pages, "should read the pages of {s:?}");
            assert_eq!(src.ibid, ibid, "should tell Ibid. in {s:?}");
        }
    }

    #[test]
    fn line_shapes() {
        let a = parse("\"Letter from Zhang Zuolin, 2 May 1919\". Ibid., page 108.");
        assert_eq!(
            (a.kind.as_deref(), a.from.as_deref()),
            (Some("letter"), Some("Zhang Zuolin")),
            "should read a quoted description"
        );
        assert_eq!(a.source.and_then(|s| s.pages).as_deref(), Some("108"), "should read the source after the quote");
        let a =
            parse("(Report from Consul Lu Shiyuan to the Foreign Ministry, received 2 December 1917. Ibid., p. 190.)");
        assert_eq!(a.to.as_deref(), Some("the Foreign Ministry"), "should unwrap parentheses");
        assert_eq!(a.date.map(|d| d.iso()).as_deref(), Some("1917-12-02"), "should read a received date");
        let a = parse("— Telegram from Liu Jingren, 27 November 1917");
        assert_eq!(a.kind.as_deref(), Some("telegram"), "should strip a leading dash");
        let a = parse("Papers Relating to the Foreign Relations of the United States, 1919, vol. 1, p. 692.");
        assert!(a.is_confident() && a.kind.is_none(), "should read a bare source line: {a:?}");
        assert_eq!(
            a.source.and_then(|s| s.title).as_deref(),
            Some("Papers Relating to the Foreign Relations of the United States, 1919"),
            "should keep the title"
        );
    }

    #[test]
    fn prose_is_not_an_attribution() {
        for line in [
            "Hayashi, a seasoned diplomat, said that Japan would have to discuss any intervention with the Allies.",
            "Both Gao’s and Hayashi’s statements would be borne out by future events, but in the meantime the communication floodgates finally opened. From 27 November Liu’s backlog of telegrams arrived thick and fast.",
            "Kerensky’s office after the arrest of the Provisional Government. Source.",
            "The telegram of the 7th must have arrived.",
        ] {
            assert!(!parse(line).is_confident(), "should not read prose as an attribution: {line:?} {:?}", parse(line));
        }
    }

    #[test]
    fn pages_attribute_written_as_an_attribution_s() {
        for (v, want) in [
            ("pp. 5–7", "5-7"),
            ("5–7", "5-7"),
            ("p. 12", "12"),
            ("12, 14", "12, 14"),
            ("pages 3 – 5.", "3-5"),
            ("xii", "xii"),
            ("plate 3", "plate 3"),
            ("see p. 4", "see p. 4"),
            ("12 ff.", "12ff"),
            ("", ""),
        ] {
            assert_eq!(pages_attr(v), want, "the pages of data-ibid-pages={v:?}");
        }
    }
}
