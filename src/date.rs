//! Dates as attribution lines write them.
//!
//! ## Grammar
//!
//! ```text
//! date        = day-month [","] [year] | month day ["," ] [year] | month [","] year
//!             | republican | minguo | cjk-republican
//! day-month   = day ["of"] month            ; "27 November", "5th of May"
//! day         = 1*2DIGIT [ordinal] [other]  ; ordinal = "st" | "nd" | "rd" | "th"
//! other       = "(" 1*2DIGIT ")" | "/" 1*2DIGIT   ; "13 (26) November", "November 13/26"
//! month       = "January" … "December" | "Jan" ["."] … | "Sept" ["."]
//! year        = 4DIGIT
//! republican  = part *("," part) "of the" ["Chinese"] "Republic"
//! part        = number ordinal ("day" | "month" | "year")   ; any order
//! minguo      = "Minguo" number ["," month-part] ["," day-part]
//! cjk-republican = "民國" cjk-number "年" [cjk-number "月" [cjk-number "日"]]
//! ```
//!
//! A date preceded by "sent", "dispatched" or "despatched" is a sent date,
//! one preceded by "received" or "arrived" a received date. Republican
//! years count from 1912 (the first year of the Republic).
//!
//! A day with its `other` (Old Style and New Style days, 10 to 13 apart,
//! either first) is the later, Gregorian, day, as every date is shown:
//! "13 (26) November 1917" is 26 November. A pair with a month each
//! ("31 October (13 November) 1917") is not read as one date.
//!
//! "May" and "March" must be capitalised to be months, so that the verbs are
//! not taken for dates.

/// A date mention's role in its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// No marker: the document's date.
    Plain,
    /// After "sent", "dispatched", "despatched".
    Sent,
    /// After "received", "arrived".
    Received,
}

/// A date found in a line: possibly without a year, to be inherited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The year, when written.
    pub year: Option<i32>,
    /// The month, when written.
    pub month: Option<u8>,
    /// The day, when written.
    pub day: Option<u8>,
    /// What the date is.
    pub role: Role,
    /// Byte range of the date (without its role word) in the line.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

use crate::text::{word_index, words, Words};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok<'a> {
    Word(&'a str),
    /// A number with its optional ordinal suffix already split off.
    Num(u32, usize, bool),
    Punct(char),
}

#[derive(Clone, Copy, Debug)]
struct Token<'a> {
    tok: Tok<'a>,
    start: usize,
    end: usize,
}

fn tokenize(s: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    // Byte offsets, one char read at a time: the next char starts at `at`.
    let mut at = 0;
    while let Some(c) = s[at..].chars().next() {
        let start = at;
        at += c.len_utf8();
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii_digit() {
            let mut end = s.len() - crate::text::trim_start_of(&s[start..], b"0123456789").len();
            let digits = &s[start..end];
            let value = crate::text::number(digits).unwrap_or(u32::MAX);
            // An ordinal suffix glued to the number: 5th, 3rd, 21st, 2nd.
            let rest = &s[end..];
            let mut ordinal = false;
            // (The suffixes start with different letters: at most one is there.)
            if let Some(suffix) = crate::text::prefix_in(words!["st", "nd", "rd", "th", "d"], rest, true) {
                if !rest[suffix.len()..].chars().next().is_some_and(crate::text::is_alnum) {
                    end += suffix.len();
                    ordinal = true;
                }
            }
            // "13 (26)", "13/26": the days of an Old Style/New Style pair, 10 to
            // 13 apart, read as the later (Gregorian) one.
            let mut value = value;
            let rest = crate::text::trim_start(&s[end..]);
            let paren = rest.starts_with("(");
            if digits.len() < 3 && (paren || rest.starts_with("/")) {
                let inner = &rest[1..];
                let after = crate::text::trim_start_of(inner, b"0123456789");
                let n = inner.len() - after.len();
                let other = crate::text::number(&inner[..n]).unwrap_or(0);
                let closed = if paren { after.starts_with(")") } else { !after.starts_with("/") };
                if n < 3 && closed && (10..=13).contains(&value.abs_diff(other)) {
                    value = value.max(other);
                    end = s.len() - after.len() + usize::from(paren);
                }
            }
            at = end;
            out.push(Token { tok: Tok::Num(value, digits.len(), ordinal), start, end });
        } else if crate::text::is_letter(c) {
            while let Some(d) = s[at..].chars().next() {
                if !(crate::text::is_letter(d) || d == '\'' || d == '’') || is_cjk(d) != is_cjk(c) {
                    break;
                }
                at += d.len_utf8();
            }
            out.push(Token { tok: Tok::Word(&s[start..at]), start, end: at });
        } else {
            out.push(Token { tok: Tok::Punct(c), start, end: at });
        }
    }
    out
}

/// Whether a character is a CJK ideograph (or CJK punctuation).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F | 0xFE30..=0xFE4F)
}

fn month_of(word: &str) -> Option<u8> {
    const MONTHS: Words = words![
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    // Cheap rejections first: this runs on every word of every line.
    if !(3..=9).contains(&word.len()) || !word.is_ascii() {
        return None;
    }
    let capitalised = word.as_bytes()[0].is_ascii_uppercase();
    let mut month = 0;
    for name in crate::text::each_word(MONTHS) {
        month += 1;
        // The full name, or an abbreviation ("Nov", "Sept").
        if crate::text::starts_with_ignore_case(name, word) {
            // The verbs "may" and "march" are months only when capitalised,
            // and so are abbreviations ("dec" could be anything).
            let full = word.len() == name.len();
            if (month == 3 || month == 5 || !full) && !capitalised {
                return None;
            }
            return Some(month);
        }
    }
    None
}

/// Days in a month of a year (a missing year allows 29 February).
pub fn days_in_month(year: Option<i32>, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => match year {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
    }
}

fn valid(year: Option<i32>, month: u8, day: Option<u8>) -> bool {
    (1..=12).contains(&month) && day.is_none_or(|d| d >= 1 && d <= days_in_month(year, month))
}

fn year_of(tok: Tok<'_>) -> Option<i32> {
    match tok {
        Tok::Num(v, 4, false) if (1000..=2999).contains(&v) => i32::try_from(v).ok(),
        _ => None,
    }
}

fn day_of(tok: Tok<'_>) -> Option<u8> {
    match tok {
        Tok::Num(v, 1 | 2, _) if (1..=31).contains(&v) => u8::try_from(v).ok(),
        _ => None,
    }
}

fn word_is(tok: Option<&Token<'_>>, word: &str) -> bool {
    matches!(tok.map(|t| t.tok), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(word))
}

fn punct_is(tok: Option<&Token<'_>>, c: char) -> bool {
    matches!(tok.map(|t| t.tok), Some(Tok::Punct(p)) if p == c)
}

/// Republic parts: "5th day, 3rd month, 7th year of the Republic".
fn republican(toks: &[Token<'_>], i: usize) -> Option<(Mention, usize)> {
    let (mut year, mut month, mut day) = (None, None, None);
    let mut j = i;
    let mut last_end = j;
    while let Some(Tok::Num(v, _, _)) = toks.get(j).map(|t| t.tok) {
        let unit = toks.get(j + 1)?;
        let v = i32::try_from(v).ok()?;
        match unit.tok {
            Tok::Word(w) if w.eq_ignore_ascii_case("day") => day = Some(u8::try_from(v).ok()?),
            Tok::Word(w) if w.eq_ignore_ascii_case("month") => month = Some(u8::try_from(v).ok()?),
            Tok::Word(w) if w.eq_ignore_ascii_case("year") => year = Some(v),
            _ => break,
        }
        j += 2;
        last_end = j;
        if punct_is(toks.get(j), ',')
            || word_is(toks.get(j), "of") && matches!(toks.get(j + 1).map(|t| t.tok), Some(Tok::Num(..)))
        {
            j += 1;
        } else {
            break;
        }
    }
    let year = year?;
    // "of the [Chinese] Republic" / "of Minguo"
    let mut k = last_end;
    if !word_is(toks.get(k), "of") {
        return None;
    }
    k += 1;
    if word_is(toks.get(k), "the") {
        k += 1;
    }
    if word_is(toks.get(k), "chinese") {
        k += 1;
    }
    if !(word_is(toks.get(k), "republic") || word_is(toks.get(k), "minguo")) {
        return None;
    }
    let month = month.filter(|m| (1..=12).contains(m));
    let day = day.filter(|_| month.is_some());
    let year = 1911 + year;
    if let Some(m) = month {
        if !valid(Some(year), m, day) {
            return None;
        }
    }
    let m = Mention { year: Some(year), month, day, role: Role::Plain, start: toks[i].start, end: toks[k].end };
    Some((m, k + 1))
}

/// "Minguo 7", "Minguo 7, 3rd month, 5th day".
fn minguo(toks: &[Token<'_>], i: usize) -> Option<(Mention, usize)> {
    if !word_is(toks.get(i), "minguo") {
        return None;
    }
    let Some(Tok::Num(v, _, _)) = toks.get(i + 1).map(|t| t.tok) else {
        return None;
    };
    let year = 1911 + i32::try_from(v).ok().filter(|v| (1..=200).contains(v))?;
    let mut end = i + 2;
    let (mut month, mut day) = (None, None);
    let mut j = end;
    while let Some(Tok::Punct(sep @ (',' | '/' | '.'))) = toks.get(j).map(|t| t.tok) {
        let Some(Tok::Num(n, _, _)) = toks.get(j + 1).map(|t| t.tok) else {
            break;
        };
        let n = u8::try_from(n).ok()?;
        // After "/" or ".", a bare number is the month, then the day.
        let bare = sep != ',';
        if word_is(toks.get(j + 2), "month") && month.is_none() {
            month = Some(n);
            j += 3;
        } else if word_is(toks.get(j + 2), "day") && month.is_some() {
            day = Some(n);
            j += 3;
        } else if bare && month.is_none() {
            month = Some(n);
            j += 2;
        } else if bare && day.is_none() {
            day = Some(n);
            j += 2;
        } else {
            break;
        }
        end = j;
    }
    let month = month.filter(|m| (1..=12).contains(m));
    let day = day.filter(|&d| month.is_some_and(|m| valid(Some(year), m, Some(d))));
    let m = Mention { year: Some(year), month, day, role: Role::Plain, start: toks[i].start, end: toks[end - 1].end };
    Some((m, end))
}

fn cjk_number(s: &str) -> Option<(u32, usize)> {
    // Arabic digits, or Chinese numerals up to 99.
    let digits = s.len() - crate::text::trim_start_of(s, b"0123456789").len();
    if digits > 0 {
        return Some((crate::text::number(&s[..digits])?, digits));
    }
    let mut value = 0u32;
    let mut current = 0u32;
    let mut used = 0;
    for c in s.chars() {
        let d = match c {
            '〇' | '零' => 0,
            '一' | '元' => 1,
            '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            '十' => {
                value += if current == 0 { 10 } else { current * 10 };
                current = 0;
                used += c.len_utf8();
                continue;
            }
            _ => break,
        };
        current = d;
        used += c.len_utf8();
    }
    (used > 0).then_some((value + current, used))
}

/// "民國七年三月五日".
fn cjk_republican(s: &str, at: usize) -> Option<(Mention, usize)> {
    let rest = &s[at..];
    let prefix = crate::text::prefix_in(words!["民國", "民国"], rest, false)?;
    let mut i = at + prefix.len();
    let (year, n) = cjk_number(&s[i..])?;
    i += n;
    i += s[i..].strip_prefix("年").map(|_| "年".len())?;
    let year = 1911i32.checked_add(i32::try_from(year).ok()?)?;
    let (mut month, mut day) = (None, None);
    if let Some((m, n)) = cjk_number(&s[i..]) {
        if s[i + n..].starts_with("月") && (1..=12).contains(&m) {
            month = u8::try_from(m).ok();
            i += n + "月".len();
            if let Some((d, n)) = cjk_number(&s[i..]) {
                let d8 = u8::try_from(d).ok();
                if s[i + n..].starts_with("日") && month.is_some_and(|m| valid(Some(year), m, d8)) {
                    day = d8;
                    i += n + "日".len();
                }
            }
        }
    }
    Some((Mention { year: Some(year), month, day, role: Role::Plain, start: at, end: i }, i))
}

/// A Gregorian date at token `i`: day [of] month, month day or month year,
/// each with an optional year after an optional comma.
fn gregorian(toks: &[Token<'_>], i: usize) -> Option<(Mention, usize)> {
    let t = toks.get(i)?;
    // The month, the day, the token that ends a date without a year, and
    // the token after which a year may follow.
    let (month, day, end, before_year) = if let Some(day) = day_of(t.tok) {
        // Day [of] Month[.]
        let mut j = i + 1;
        if word_is(toks.get(j), "of") {
            j += 1;
        }
        let month = match toks.get(j).map(|t| t.tok) {
            Some(Tok::Word(w)) => month_of(w)?,
            _ => return None,
        };
        let dot = usize::from(punct_is(toks.get(j + 1), '.'));
        (month, Some(day), j, j + dot)
    } else {
        // Month[.] Day | Month[.] Year
        let Tok::Word(w) = t.tok else { return None };
        let month = month_of(w)?;
        let j = i + 1 + usize::from(punct_is(toks.get(i + 1), '.'));
        match toks.get(j).and_then(|t| day_of(t.tok)) {
            // Not "May 3 p.m." style times: a day followed by ":" is an hour.
            Some(_) if punct_is(toks.get(j + 1), ':') => return None,
            Some(day) => (month, Some(day), j, j),
            None => (month, None, j, j - 1),
        }
    };
    let mut k = before_year + 1;
    if punct_is(toks.get(k), ',') {
        k += 1;
    }
    let (year, last) = match toks.get(k).and_then(|t| year_of(t.tok)) {
        Some(year) => (Some(year), k),
        // Without a year, a date needs its day.
        None if day.is_some() => (None, end),
        None => return None,
    };
    let mention = Mention { year, month: Some(month), day, role: Role::Plain, start: t.start, end: toks[last].end };
    valid(year, month, day).then_some((mention, last + 1))
}

fn role_before(toks: &[Token<'_>], i: usize) -> Role {
    // Skip "on", "the", "(" and "[" back to a role word.
    let mut j = i;
    while j > 0 {
        j -= 1;
        match toks[j].tok {
            Tok::Punct('(' | '[' | ',') => continue,
            Tok::Word(w) if word_index(words!["on", "the", "at", "dated"], w, true).is_some() => continue,
            Tok::Word(w) => {
                let sent = words!["sent", "dispatched", "despatched", "transmitted", "wired", "written"];
                return if word_index(sent, w, true).is_some() {
                    Role::Sent
                } else if word_index(words!["received", "recd", "rec'd", "arrived"], w, true).is_some() {
                    Role::Received
                } else {
                    Role::Plain
                };
            }
            _ => return Role::Plain,
        }
    }
    Role::Plain
}

/// Every date in a line, in order, with its role.
pub fn find(s: &str) -> Vec<Mention> {
    let toks = tokenize(s);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let found = match toks[i].tok {
            // (None unless the word starts with 民國 or 民国.)
            Tok::Word(_) => cjk_republican(s, toks[i].start).map(|(m, end)| {
                let next = toks.iter().position(|t| t.start >= end).unwrap_or(toks.len());
                (m, next)
            }),
            _ => None,
        }
        .or_else(|| republican(&toks, i))
        .or_else(|| minguo(&toks, i))
        .or_else(|| gregorian(&toks, i));
        match found {
            Some((mut m, next)) => {
                m.role = role_before(&toks, i);
                out.push(m);
                i = next.max(i + 1);
            }
            None => {
                // An impossible day ("31 February 1917") is no date at all:
                // skip its month so that "February 1917" is not read instead.
                let skip_month = day_of(toks[i].tok).is_some()
                    && matches!(toks.get(i + 1).map(|t| t.tok), Some(Tok::Word(w)) if month_of(w).is_some());
                i += if skip_month { 2 } else { 1 };
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    type Parts = (Option<i32>, Option<u8>, Option<u8>, Role);

    fn one(s: &str) -> Parts {
        let found = find(s);
        assert_eq!(found.len(), 1, "should find one date in {s:?}: {found:?}");
        let m = found[0];
        (m.year, m.month, m.day, m.role)
    }

    #[test]
    fn date_forms() {
        let table: &[(&str, Parts)] = &[
            ("27 November 1917", (Some(1917), Some(11), Some(27), Role::Plain)),
            ("November 27, 1917", (Some(1917), Some(11), Some(27), Role::Plain)),
            ("Nov. 27, 1917", (Some(1917), Some(11), Some(27), Role::Plain)),
            ("the 5th of May, 1919", (Some(1919), Some(5), Some(5), Role::Plain)),
            ("March 1918", (Some(1918), Some(3), None, Role::Plain)),
            ("(sent 7 November)", (None, Some(11), Some(7), Role::Sent)),
            ("received 2 December 1917", (Some(1917), Some(12), Some(2), Role::Received)),
            ("[Received May 4, 8:20 a.m.]", (None, Some(5), Some(4), Role::Received)),
            ("PEKING, May 3, 1919, 5 p.m.", (Some(1919), Some(5), Some(3), Role::Plain)),
            ("5th day, 3rd month, 7th year of the Republic", (Some(1918), Some(3), Some(5), Role::Plain)),
            ("7th year of the Republic, 3rd month, 5th day", (Some(1918), None, None, Role::Plain)),
            ("Minguo 7", (Some(1918), None, None, Role::Plain)),
            ("Minguo 7, 3rd month", (Some(1918), Some(3), None, Role::Plain)),
            ("民國七年三月五日", (Some(1918), Some(3), Some(5), Role::Plain)),
            ("民國十年", (Some(1921), None, None, Role::Plain)),
            ("despatched on 30 November", (None, Some(11), Some(30), Role::Sent)),
        ];
        for (input, expected) in table {
            assert_eq!(one(input), *expected, "should read {input:?}");
        }
    }

    #[test]
    fn not_dates() {
        for s in [
            "they may 3 times",
            "31 February 1917",
            "pp. 180-181",
            "Minguo jiunian zhi banian (1917-1919)",
            "8:20 a.m.",
            "we march 3 miles",
            "May 4: 8 a.m.",
        ] {
            let found = find(s);
            assert!(
                found.iter().all(|m| m.month.is_none() || m.year.is_none() && m.day.is_none()) || found.is_empty(),
                "should find no date in {s:?}: {found:?}"
            );
        }
        assert!(find("31 February 1917").is_empty(), "should reject an impossible day");
        assert!(find("they may 3 times").is_empty(), "should not read the verb may");
    }

    #[test]
    fn old_and_new_style() {
        let table: &[(&str, Parts, &str)] = &[
            ("13 (26) November 1917", (Some(1917), Some(11), Some(26), Role::Plain), "13 (26) November 1917"),
            ("13/26 November 1917", (Some(1917), Some(11), Some(26), Role::Plain), "13/26 November 1917"),
            ("November 13 (26), 1917", (Some(1917), Some(11), Some(26), Role::Plain), "November 13 (26), 1917"),
            ("November 13/26, 1917", (Some(1917), Some(11), Some(26), Role::Plain), "November 13/26, 1917"),
            ("26 (13) November 1917", (Some(1917), Some(11), Some(26), Role::Plain), "26 (13) November 1917"),
            ("sent 13 (26) November", (None, Some(11), Some(26), Role::Sent), "13 (26) November"),
        ];
        for (input, expected, span) in table {
            assert_eq!(one(input), *expected, "should read {input:?}");
            let m = find(input)[0];
            assert_eq!(&input[m.start..m.end], *span, "should span the whole of {input:?}");
        }
        // Days 10 to 13 apart only, and no volume numbers.
        assert!(find("3 (1) November 1917").iter().all(|m| m.day.is_none()), "should not read a day from 3 (1)");
        assert!(find("12/11/1917").is_empty(), "should not pair 12/11");
        assert!(find("jiaoshe (1), p. 181").is_empty(), "should not read a volume as a date");
        let found = find("28 November 1917 (sent 8 November)");
        assert_eq!((found[1].day, found[1].role), (Some(8), Role::Sent), "should keep a sent date apart");
    }

    #[test]
    fn several_dates_keep_their_order() {
        let found = find("28 November 1917 (sent 8 November)");
        assert_eq!(found.len(), 2, "should find both dates");
        assert_eq!((found[0].role, found[1].role), (Role::Plain, Role::Sent), "should tell the roles apart");
        assert_eq!(
            &"28 November 1917 (sent 8 November)"[found[0].start..found[0].end],
            "28 November 1917",
            "should give the span"
        );
    }
}
