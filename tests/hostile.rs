#![cfg(not(target_arch = "wasm32"))]
//! Hostile markup, natively: deep nesting, huge posts, brackets gone wrong,
//! invisible and right-to-left characters, huge attributes. No panic, output
//! bounded, and the quotes still found.

mod common;

use std::time::Instant;

fn parse(html: &str) -> ibid::model::Document {
    let tree = ibid::html::parse_document(html);
    let doc = ibid::parse(&tree, ibid::html::default_root(&tree));
    let json = ibid::json::to_json(&doc);
    assert!(
        json.len() <= 1024 + 16 * html.len(),
        "output should stay bounded by the input: {} for {}",
        json.len(),
        html.len()
    );
    doc
}

const QUOTE: &str = "<blockquote><p>The bolsheviks’ [lit. maximalists’ – ed.] strength.</p></blockquote>\
    <p>Telegram from Liu Jingren, 27 November 1917 (sent 7 November). Zhong-e guanxi shiliao, p. 180.</p>";

#[test]
fn nested_ten_thousand_deep() {
    for tag in ["div", "span", "blockquote", "em"] {
        let html = format!(
            "<article>{}{QUOTE}{}</article>",
            format!("<{tag}>").repeat(10_000),
            format!("</{tag}>").repeat(10_000)
        );
        let doc = parse(&html);
        if tag != "blockquote" {
            assert_eq!(doc.quotes.len(), 1, "should find the quote under 10,000 <{tag}>");
        }
    }
}

#[test]
fn ten_thousand_quotes_in_a_big_post() {
    let html = common::generated_post(10_000);
    assert!(html.len() > 9_000_000, "a ~10 MB post: {}", html.len());
    let start = Instant::now();
    let doc = parse(&html);
    assert_eq!(doc.quotes.len(), 10_000, "should find every quote");
    assert!(start.elapsed().as_secs() < 60, "should finish: {:?}", start.elapsed());
}

#[test]
fn brackets_gone_wrong() {
    let cases = [
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ deep",
        "]]]]]]]]]]]] stray closers [ok]",
        "[unclosed and [another",
        "［mixed] 〔brackets﹞ [ok]",
        &"[".repeat(100_000),
        &"[x]".repeat(20_000),
    ];
    for text in cases {
        let html = format!("<article><blockquote><p>{text}</p></blockquote></article>");
        let doc = parse(&html);
        assert!(doc.quotes.len() <= 1, "one quote at most");
    }
    let doc = parse(&format!("<article><blockquote><p>{}</p></blockquote></article>", "[x]".repeat(20_000)));
    assert_eq!(doc.quotes[0].notes.len(), 20_000, "should find every note");
}

#[test]
fn notes_inside_links_and_across_elements() {
    let doc = parse(
        "<article><blockquote><p><a href=\"https://example.org\">Dukhonin [N.N. Dukhonin – ed.]</a> and [lit. <em>maximalists’</em> – ed.] \
         and <em>[i.e.</em> the Cabinet]</p></blockquote></article>",
    );
    let kinds: Vec<&str> = doc.quotes[0].notes.iter().map(|n| n.kind.as_str()).collect();
    assert_eq!(kinds, vec!["note", "literal", "explanation"], "should read notes through links and emphasis");
}

#[test]
fn invisible_bidi_rtl_and_emoji() {
    let doc = parse(
        "<article><blockquote><p>Zero\u{200B}width\u{200D}joiners \u{202E}reversed\u{202C} [lit. \u{2066}isolate\u{2069} – ed.] \
         שלום עולם [?] مرحبا 👩‍👩‍👧 [🙂 – ed.]</p></blockquote>\
         <p>Telegram\u{00A0}from\u{200B} Liu Jingren,\u{00A0}27\u{00A0}November\u{00A0}1917. Ibid., p.\u{00A0}5.</p></article>",
    );
    let quote = &doc.quotes[0];
    assert_eq!(quote.notes.len(), 3, "should find the notes among invisible characters: {:?}", quote.notes);
    assert_eq!(quote.date.map(|d| d.iso()).as_deref(), Some("1917-11-27"), "no-break spaces are spaces");
}

#[test]
fn lone_surrogates_and_invalid_bytes() {
    // Lone surrogates cannot be in a Rust string: the DOM's become U+FFFD, as do invalid bytes here.
    let bytes = b"<article><blockquote><p>\xed\xa0\x80 bad \xff [sic]</p></blockquote></article>";
    let doc = parse(&String::from_utf8_lossy(bytes));
    assert_eq!(doc.quotes[0].notes.len(), 1, "should still read the note");
}

#[test]
fn megabyte_attributes() {
    let big = "x".repeat(1 << 20);
    let html = format!(
        "<article class=\"{big}\"><blockquote data-ibid-kind=\"{big}\" data-ibid-source=\"{big}\" title=\"{big}\"><p>Text [sic]</p></blockquote>\
         <p style=\"{big}\">Telegram from A, 2 May 1919. Ibid.</p></article>"
    );
    let doc = parse(&html);
    assert_eq!(doc.quotes.len(), 1, "should find the quote");
}
