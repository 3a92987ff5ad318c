//! The JSON form of a [`Document`]: what `ibid parse` prints and what the JS
//! `parse()` returns. Written by hand (no serde on core types), with a fixed
//! key order, so the CLI and the browser give byte-identical output.

use crate::model::{Document, Quote, Source};

/// Writes a document as compact JSON.
pub fn to_json(doc: &Document) -> String {
    let mut capacity = 256;
    for q in &doc.quotes {
        capacity += q.text.len() + 256;
    }
    let mut out = String::with_capacity(capacity);
    out.push_str("{\"quotes\":[");
    for (i, quote) in doc.quotes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_quote(&mut out, quote);
    }
    out.push_str("],\"diagnostics\":[");
    for (i, d) in doc.diagnostics.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(&mut out, "{\"message\":", Some(&d.message));
        out.push_str(",\"line\":");
        push_u64(&mut out, d.line as u64);
        out.push_str(",\"column\":");
        push_u64(&mut out, d.column as u64);
        out.push('}');
    }
    out.push_str("]}");
    out
}

fn push_quote(out: &mut String, q: &Quote) {
    push_field(out, "{\"kind\":", q.kind.as_deref());
    push_field(out, ",\"from\":", q.from.as_deref());
    push_field(out, ",\"to\":", q.to.as_deref());
    if q.between {
        out.push_str(",\"between\":true");
    }
    push_field(out, ",\"date\":", q.date.map(|d| d.iso()).as_deref());
    push_field(out, ",\"sent\":", q.sent.map(|d| d.iso()).as_deref());
    out.push_str(",\"source\":");
    match &q.source {
        Some(s) => push_source(out, s),
        None => out.push_str("null"),
    }
    push_field(out, ",\"attribution\":", q.attribution.as_deref());
    out.push_str(",\"notes\":[");
    for (i, n) in q.notes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(out, "{\"text\":", Some(&n.text));
        push_field(out, ",\"kind\":", Some(n.kind.as_str()));
        out.push('}');
    }
    out.push_str("],\"original\":");
    match &q.original {
        Some(o) => {
            push_field(out, "{\"lang\":", Some(&o.lang));
            push_field(out, ",\"text\":", Some(&o.text));
            out.push('}');
        }
        None => out.push_str("null"),
    }
    push_field(out, ",\"text\":", Some(&q.text));
    out.push('}');
}

fn push_source(out: &mut String, s: &Source) {
    push_field(out, "{\"title\":", s.title.as_deref());
    push_field(out, ",\"volume\":", s.volume.as_deref());
    push_field(out, ",\"pages\":", s.pages.as_deref());
    out.push_str(if s.ibid { ",\"ibid\":true}" } else { ",\"ibid\":false}" });
}

/// Appends `key` (the JSON up to the value: separator, name and colon),
/// then the string, or `null`: one call for each field of the output.
fn push_field(out: &mut String, key: &str, s: Option<&str>) {
    out.push_str(key);
    match s {
        Some(s) => push_str(out, s),
        None => out.push_str("null"),
    }
}

/// Appends a JSON string literal.
pub fn push_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Line and paragraph separators break JavaScript string literals in old engines.
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(char::from(b"0123456789abcdef"[(c as usize) >> 4]));
                out.push(char::from(b"0123456789abcdef"[(c as usize) & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends a number in decimal (no formatting machinery: it weighs
/// kilobytes of wasm).
pub fn push_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

/// Appends a signed number in decimal, zero-padded to `width` digits
/// (the sign not counted, unlike `format!("{:0w$}")`; every caller passes
/// numbers that are not negative).
pub fn push_int(out: &mut String, n: i64, width: usize) {
    if n < 0 {
        out.push('-');
    }
    let mut digits = String::new();
    push_u64(&mut digits, n.unsigned_abs());
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(&digits);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Diagnostic, Quote};

    #[test]
    fn writes_nulls_and_escapes() {
        let doc = Document {
            quotes: vec![Quote { text: "a \"b\"\n\u{1}".into(), ..Quote::default() }],
            diagnostics: vec![Diagnostic { message: "m".into(), line: 2, column: 3 }],
        };
        assert_eq!(
            to_json(&doc),
            r#"{"quotes":[{"kind":null,"from":null,"to":null,"date":null,"sent":null,"source":null,"attribution":null,"notes":[],"original":null,"text":"a \"b\"\n\u0001"}],"diagnostics":[{"message":"m","line":2,"column":3}]}"#,
            "should write every field, null when missing"
        );
    }

    #[test]
    fn writes_numbers() {
        let cases: [(i64, usize, &str); 6] =
            [(0, 0, "0"), (7, 2, "07"), (1917, 4, "1917"), (5, 4, "0005"), (-3, 2, "-03"), (123_456, 2, "123456")];
        for (n, width, expected) in cases {
            let mut out = String::new();
            push_int(&mut out, n, width);
            assert_eq!(out, expected, "should write {n} in {width} digits");
        }
    }
}
