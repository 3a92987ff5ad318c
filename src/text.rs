//! Text helpers over the [`Tree`]: blocks, plain text, flat text with a map
//! back to text nodes, and script detection.

use crate::date::is_cjk;
use crate::model::TextPos;
use crate::tree::{NodeId, Tree};

/// Whether a character is a letter, without Unicode tables (they cost
/// kilobytes of wasm): ASCII letters, and any other character above ASCII
/// that is not a space, punctuation or a symbol from the common blocks.
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    !matches!(c as u32,
        0x80..=0xBF | 0xD7 | 0xF7 | 0x2000..=0x2BFF | 0x3000..=0x303F | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0xFFF0..=0xFFFF)
}

/// A letter or an ASCII digit.
pub fn is_alnum(c: char) -> bool {
    c.is_ascii_digit() || is_letter(c)
}

/// An upper-case letter of the Latin, Greek or Cyrillic alphabets.
pub fn is_upper(c: char) -> bool {
    c.is_ascii_uppercase()
        || matches!(c as u32, 0xC0..=0xDE if c != '\u{D7}')
        || matches!(c as u32, 0x391..=0x3A9 | 0x400..=0x42F)
}

/// A lower-case letter of the Latin, Greek or Cyrillic alphabets.
pub fn is_lower(c: char) -> bool {
    c.is_ascii_lowercase()
        || matches!(c as u32, 0xDF..=0xFF if c != '\u{F7}')
        || matches!(c as u32, 0x3B1..=0x3C9 | 0x430..=0x45F)
}

/// A list of words packed into one string, each word after a character
/// that gives its length in bytes. A `&[&str]` table costs the wasm eight
/// bytes of pointer and length per word besides the text, and the parser
/// has hundreds of words in tables: [`words!`] packs a list written as
/// usual at compile time; [`word_index`] and [`each_word`] read it.
pub type Words = &'static str;

/// The length of the packed form of `words` (see [`Words`]).
#[doc(hidden)]
pub const fn packed_len(words: &[&str]) -> usize {
    let (mut n, mut i) = (0, 0);
    while i < words.len() {
        n += 1 + words[i].len();
        i += 1;
    }
    n
}

/// The packed form of `words` (see [`Words`]); each word shorter than 128 bytes,
/// so that its length is one ASCII character.
#[doc(hidden)]
pub const fn pack<const N: usize>(words: &[&str]) -> [u8; N] {
    let mut out = [0u8; N];
    let (mut at, mut i) = (0, 0);
    while i < words.len() {
        let w = words[i].as_bytes();
        assert!(w.len() < 128, "a packed word is shorter than 128 bytes");
        out[at] = w.len() as u8;
        at += 1;
        let mut j = 0;
        while j < w.len() {
            out[at] = w[j];
            at += 1;
            j += 1;
        }
        i += 1;
    }
    out
}

/// A [`Words`] list, packed at compile time: `words!["from", "to"]`.
macro_rules! words {
    ($($w:literal),* $(,)?) => {{
        const LIST: &[&str] = &[$($w),*];
        const PACKED: [u8; $crate::text::packed_len(LIST)] = $crate::text::pack(LIST);
        const WORDS: $crate::text::Words = match ::core::str::from_utf8(&PACKED) {
            Ok(s) => s,
            Err(_) => panic!("a packed list is UTF-8"),
        };
        WORDS
    }};
}
pub(crate) use words;

/// The words of a packed list, in order.
pub fn each_word(list: Words) -> EachWord {
    EachWord(list)
}

/// Iterator returned by [`each_word`].
#[derive(Debug)]
pub struct EachWord(Words);

impl Iterator for EachWord {
    type Item = &'static str;
    fn next(&mut self) -> Option<&'static str> {
        let len = usize::from(*self.0.as_bytes().first()?);
        let word = self.0.get(1..1 + len)?;
        self.0 = &self.0[1 + len..];
        Some(word)
    }
}

/// The index of `word` in a packed list; with `ignore_case`, ignoring ASCII case.
pub fn word_index(list: Words, word: &str, ignore_case: bool) -> Option<usize> {
    each_word(list).position(|w| w == word || ignore_case && w.eq_ignore_ascii_case(word))
}

/// The first word of a packed list that `s` starts with; with
/// `ignore_case`, ignoring ASCII case.
pub fn prefix_in(list: Words, s: &str, ignore_case: bool) -> Option<&'static str> {
    each_word(list).find(|w| s.starts_with(w) || ignore_case && starts_with_ignore_case(s, w))
}

/// Whether `word` is in a packed list.
pub fn has_word(list: Words, word: &str) -> bool {
    word_index(list, word, false).is_some()
}

/// Elements that start a block of their own.
const BLOCK: Words = words![
    "address",
    "article",
    "aside",
    "blockquote",
    "cite",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// Elements whose content is never text of the post.
const SKIPPED: Words = words!["script", "style", "template", "noscript", "svg", "math", "iframe", "object"];

/// Whether the element is block-level.
pub fn is_block(tree: &Tree, id: NodeId) -> bool {
    tree.is_any(id, BLOCK)
}

/// Whether the element's content is skipped.
pub fn is_skipped(tree: &Tree, id: NodeId) -> bool {
    tree.is_any(id, SKIPPED)
}

/// A block of a container: one block element, or a run of inline nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The nodes that make up the block (one element, or inline siblings).
    pub nodes: Vec<NodeId>,
}

impl Block {
    /// The single block element, when the block is one.
    pub fn element(&self, tree: &Tree) -> Option<NodeId> {
        match self.nodes.as_slice() {
            [only] if is_block(tree, *only) => Some(*only),
            _ => None,
        }
    }
}

/// The blocks of a container, in order. Wrapper `div`/`section` elements that
/// hold blocks are looked through; inline runs become anonymous blocks;
/// blocks with no text are left out.
pub fn blocks(tree: &Tree, container: NodeId) -> Vec<Block> {
    let mut out = Vec::new();
    collect_blocks(tree, container, &mut out, 0);
    out
}

/// Adds a block to `out` unless it has no text.
fn push_block(tree: &Tree, out: &mut Vec<Block>, nodes: Vec<NodeId>) {
    if nodes.iter().any(|&n| has_text(tree, n)) {
        out.push(Block { nodes });
    }
}

fn collect_blocks(tree: &Tree, container: NodeId, out: &mut Vec<Block>, depth: usize) {
    let mut run: Vec<NodeId> = Vec::new();
    for &child in tree.children(container) {
        if is_skipped(tree, child) {
            continue;
        }
        if is_block(tree, child) {
            if !run.is_empty() {
                push_block(tree, out, std::mem::take(&mut run));
            }
            let wrapper =
                tree.is_any(child, words!["div", "section"]) && tree.children(child).iter().any(|&c| is_block(tree, c));
            if wrapper && depth < 32 {
                collect_blocks(tree, child, out, depth + 1);
            } else {
                push_block(tree, out, vec![child]);
            }
        } else if tree.is(child, "br") && run.is_empty() {
            continue;
        } else {
            run.push(child);
        }
    }
    if !run.is_empty() {
        push_block(tree, out, run);
    }
}

/// Whether any non-whitespace text is at or below `id`.
pub fn has_text(tree: &Tree, id: NodeId) -> bool {
    if let Some(text) = tree.text(id) {
        return !trim(text).is_empty();
    }
    if is_skipped(tree, id) {
        return false;
    }
    tree.descendants(id).any(|n| tree.text(n).is_some_and(|t| !trim(t).is_empty()))
}

/// Appends the text at and below `id`, a `<br>` as `br`, skipping scripts.
fn push_text(tree: &Tree, id: NodeId, br: char, out: &mut String) {
    if let Some(text) = tree.text(id) {
        out.push_str(text);
        return;
    }
    if tree.is(id, "br") {
        out.push(br);
        return;
    }
    if is_skipped(tree, id) {
        return;
    }
    let mut stack = Vec::new();
    tree.stack_children(id, &mut stack);
    while let Some(n) = stack.pop() {
        if let Some(text) = tree.text(n) {
            out.push_str(text);
        } else if tree.is(n, "br") {
            out.push(br);
        } else if !is_skipped(tree, n) {
            tree.stack_children(n, &mut stack);
        }
    }
}

/// Collapses runs of whitespace to one space (keeping line breaks as one
/// `\n` when `keep_lines`), and trims.
pub fn collapse(s: &str, keep_lines: bool) -> String {
    collapse_at(s, keep_lines.then_some('\n'))
}

/// Collapses runs of whitespace to one space, or to one `\n` when the run
/// holds the `line_break` character, and trims.
fn collapse_at(s: &str, line_break: Option<char>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending: Option<char> = None;
    // Runs of other characters are copied whole, and ASCII is told by its
    // byte: this runs on every block of text.
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (c, len) = match bytes[i] {
            b if b < 0x80 => (char::from(b), 1),
            _ => match s.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) => (c, c.len_utf8()),
                None => break,
            },
        };
        if !c.is_whitespace() {
            i += len;
            continue;
        }
        if run < i {
            if let Some(p) = pending.take() {
                if !out.is_empty() {
                    out.push(p);
                }
            }
            out.push_str(&s[run..i]);
        }
        i += len;
        run = i;
        let c = if line_break == Some(c) { '\n' } else { ' ' };
        pending = match pending {
            Some('\n') => Some('\n'),
            _ => Some(c),
        };
    }
    if run < s.len() {
        if let Some(p) = pending.take() {
            if !out.is_empty() {
                out.push(p);
            }
        }
        out.push_str(&s[run..]);
    }
    out
}

/// A block's text on one line: whitespace and `<br>` collapsed to spaces.
pub fn line_text(tree: &Tree, nodes: &[NodeId]) -> String {
    let mut raw = String::new();
    for &n in nodes {
        push_text(tree, n, ' ', &mut raw);
    }
    collapse(&raw, false)
}

/// A block's text: whitespace collapsed, `<br>` kept as a line break. The
/// `<br>`s are read as U+2028, so that a run of spaces and line breaks
/// collapses to one `\n` and blank lines drop out.
pub fn block_text(tree: &Tree, nodes: &[NodeId]) -> String {
    let mut raw = String::new();
    for &n in nodes {
        push_text(tree, n, '\u{2028}', &mut raw);
    }
    collapse_at(&raw, Some('\u{2028}'))
}

/// Whether a text is mostly CJK: more than half of its letters.
pub fn is_cjk_text(s: &str) -> bool {
    let (mut cjk, mut letters) = (0usize, 0usize);
    for c in s.chars() {
        if is_cjk(c) {
            if is_letter(c) {
                cjk += 1;
                letters += 1;
            }
        } else if is_letter(c) {
            letters += 1;
        }
    }
    letters > 0 && cjk * 2 > letters
}

/// The text of some nodes, flattened, with a map back to text nodes.
/// Blocks are separated by `\n`, which maps to no node.
#[derive(Debug, Default)]
pub struct Flat {
    /// The flat text.
    pub text: String,
    /// (flat offset where a text node starts, the node).
    spans: Vec<(usize, NodeId)>,
}

impl Flat {
    /// Flattens the text nodes under each block, a `\n` between blocks.
    pub fn new(tree: &Tree, blocks: &[&[NodeId]]) -> Flat {
        let mut flat = Flat::default();
        for nodes in blocks {
            if !flat.text.is_empty() {
                flat.text.push('\n');
            }
            for &n in *nodes {
                flat.push(tree, n);
            }
        }
        flat
    }

    fn push(&mut self, tree: &Tree, id: NodeId) {
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            if let Some(text) = tree.text(n) {
                self.spans.push((self.text.len(), n));
                self.text.push_str(text);
            } else if tree.is(n, "br") {
                // A line break ends a note's line like a block does.
                self.text.push('\n');
            } else if !is_skipped(tree, n) {
                tree.stack_children(n, &mut stack);
            }
        }
    }

    /// Maps a flat offset to a position in a text node. An offset at a
    /// boundary maps to the start of the following text node.
    pub fn pos(&self, tree: &Tree, offset: usize) -> Option<TextPos> {
        self.locate(tree, offset, false)
    }

    /// Maps a flat end offset to a position: at a boundary, the end of the
    /// preceding text node.
    pub fn end_pos(&self, tree: &Tree, offset: usize) -> Option<TextPos> {
        self.locate(tree, offset, true)
    }

    /// [`Flat::pos`] and [`Flat::end_pos`] in one lookup: `at_end` picks the
    /// node before a boundary (but the first node at offset 0).
    fn locate(&self, tree: &Tree, offset: usize, at_end: bool) -> Option<TextPos> {
        let at = match self.spans.binary_search_by(|(start, _)| start.cmp(&offset)) {
            Ok(i) if !at_end || i == 0 => i,
            Err(0) => return None,
            Ok(i) | Err(i) => i - 1,
        };
        let (start, node) = self.spans[at];
        let len = tree.text(node).map_or(0, str::len);
        (offset - start <= len).then_some(TextPos { node, offset: offset - start })
    }
}

/// A whole decimal number, as `str::parse::<u32>` reads one (an optional
/// `+`, then ASCII digits; `None` when empty, not a number or too big), in
/// a fraction of the wasm the generic parsers take.
pub fn number(s: &str) -> Option<u32> {
    let digits = s.strip_prefix("+").unwrap_or(s);
    if digits.is_empty() {
        return None;
    }
    let mut n: u32 = 0;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
    }
    Some(n)
}

/// The strings joined: `[a, b].concat()` without its generic machinery.
pub fn cat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// `s` without whitespace at its start, as `str::trim_start` gives it
/// (the same Unicode `char::is_whitespace`), without core's pattern
/// searchers: trimming is everywhere in the parser, and the generic
/// trims cost the wasm about 600 bytes.
pub fn trim_start(s: &str) -> &str {
    for (i, c) in s.char_indices() {
        if !c.is_whitespace() {
            return &s[i..];
        }
    }
    &s[s.len()..]
}

/// `s` without whitespace at its end, as `str::trim_end` gives it (see
/// [`trim_start`]).
pub fn trim_end(s: &str) -> &str {
    &s[..run_start(s, char::is_whitespace)]
}

/// `s` without whitespace at either end, as `str::trim` gives it (see
/// [`trim_start`]).
pub fn trim(s: &str) -> &str {
    trim_start(trim_end(s))
}

/// `s` without any of the ASCII characters in `set` at its end: what
/// `trim_end_matches` does with an array of ASCII characters, in one
/// function for every set (each array length is a generic instance of its
/// own in the wasm). `set` must hold only ASCII bytes, so the cut is always
/// on a char boundary.
pub fn trim_end_of<'a>(s: &'a str, set: &[u8]) -> &'a str {
    let mut end = s.len();
    while end > 0 && in_set(set, s.as_bytes()[end - 1]) {
        end -= 1;
    }
    &s[..end]
}

/// `s` without any of the ASCII characters in `set` at its start (see [`trim_end_of`]).
pub fn trim_start_of<'a>(s: &'a str, set: &[u8]) -> &'a str {
    let mut start = 0;
    while start < s.len() && in_set(set, s.as_bytes()[start]) {
        start += 1;
    }
    &s[start..]
}

/// `s` without any of the ASCII characters in `set` at either end (see [`trim_end_of`]).
pub fn trim_of<'a>(s: &'a str, set: &[u8]) -> &'a str {
    trim_start_of(trim_end_of(s, set), set)
}

/// Whether `b` is one of the bytes of `set`: `<[u8]>::contains` without
/// the word-at-a-time `memchr` it brings (about 500 bytes of wasm), for
/// the few bytes of a set.
pub fn in_set(set: &[u8], b: u8) -> bool {
    for &s in set {
        if s == b {
            return true;
        }
    }
    false
}

/// The ASCII whitespace characters (as `u8::is_ascii_whitespace` has
/// them), for splitting a `class` attribute with [`pieces`].
pub const ASCII_WHITESPACE: &[u8] = b" \t\n\x0c\r";

/// The pieces of `s` between each byte of `seps` (ASCII characters), empty
/// ones included, with their byte offsets: `str::split(char)` (or
/// `split([char; N])`) without the char searcher.
pub fn pieces<'a>(s: &'a str, seps: &'a [u8]) -> Pieces<'a> {
    Pieces { s, at: Some(0), seps }
}

/// Iterator returned by [`pieces`].
#[derive(Debug)]
pub struct Pieces<'a> {
    s: &'a str,
    /// Where the next piece starts; `None` after the last.
    at: Option<usize>,
    seps: &'a [u8],
}

impl<'a> Iterator for Pieces<'a> {
    type Item = (usize, &'a str);
    fn next(&mut self) -> Option<(usize, &'a str)> {
        let start = self.at?;
        let rest = &self.s[start..];
        match find_byte(rest, self.seps) {
            Some(len) => {
                self.at = Some(start + len + 1);
                Some((start, &rest[..len]))
            }
            None => {
                self.at = None;
                Some((start, rest))
            }
        }
    }
}

/// The number of words (runs of non-whitespace) in `s`, as
/// `split_whitespace().count()` gives it.
pub fn word_count(s: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for c in s.chars() {
        let space = c.is_whitespace();
        if !space && !in_word {
            count += 1;
        }
        in_word = !space;
    }
    count
}

/// The byte offset where the run of characters matching `keep` at the end
/// of `s` starts (`s.len()` when the last character does not match).
pub fn run_start(s: &str, keep: fn(char) -> bool) -> usize {
    let mut start = s.len();
    for (i, c) in s.char_indices().rev() {
        if !keep(c) {
            break;
        }
        start = i;
    }
    start
}

/// Whether every byte of `s` is one of the ASCII characters in `set`
/// (true for an empty `s`): `s.bytes().all(…)` without a loop of its own
/// at each call.
pub fn all_in(s: &str, set: &[u8]) -> bool {
    trim_start_of(s, set).is_empty()
}

/// Whether every character of `s` passes `test` (true for an empty `s`):
/// `s.chars().all(…)` without a decoding loop of its own at each call.
pub fn all_chars(s: &str, test: fn(char) -> bool) -> bool {
    run_start(s, test) == 0
}

/// The offset of the first byte of `s` that is one of the ASCII characters
/// in `set`: one byte search for every set, not a closure each.
pub fn find_byte(s: &str, set: &[u8]) -> Option<usize> {
    let mut at = 0;
    while at < s.len() {
        if in_set(set, s.as_bytes()[at]) {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// The offset of the last byte of `s` that is in `set` (see [`find_byte`]).
pub fn rfind_byte(s: &str, set: &[u8]) -> Option<usize> {
    let mut at = s.len();
    while at > 0 {
        at -= 1;
        if in_set(set, s.as_bytes()[at]) {
            return Some(at);
        }
    }
    None
}

/// Whether `s` starts with the ASCII `prefix`, ignoring ASCII case.
pub fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.as_bytes().get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// The byte offset of the first `needle` in `haystack`. A plain loop that
/// looks for the needle's first byte, then compares: the lines searched are
/// short, and core's Two-Way searcher costs the wasm about 3 KB.
pub fn find_str(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else { return Some(0) };
    let last = h.len().checked_sub(n.len())?;
    let mut at = 0;
    while at <= last {
        at += h[at..=last].iter().position(|&b| b == first)?;
        if h[at + 1..].starts_with(rest) {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// The byte offset of the last `needle` in `haystack` (see [`find_str`]).
pub fn rfind_str(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else { return Some(h.len()) };
    let mut end = h.len().checked_sub(n.len())? + 1;
    while let Some(at) = h[..end].iter().rposition(|&b| b == first) {
        if h[at + 1..].starts_with(rest) {
            return Some(at);
        }
        end = at;
    }
    None
}

/// Finds `needle` (whitespace already collapsed) in `haystack` read with
/// its whitespace collapsed; returns the byte range in `haystack`.
pub fn find_collapsed(haystack: &str, needle: &str) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    let mut collapsed = String::with_capacity(haystack.len());
    // For each byte of `collapsed`, the offset of its char in `haystack`,
    // and that char's length there.
    let mut map: Vec<(usize, usize)> = Vec::with_capacity(haystack.len());
    let mut pending_space: Option<usize> = None;
    for (i, c) in haystack.char_indices() {
        if c.is_whitespace() {
            if !collapsed.is_empty() && pending_space.is_none() {
                pending_space = Some(i);
            }
            continue;
        }
        if let Some(at) = pending_space.take() {
            collapsed.push(' ');
            map.push((at, 1));
        }
        collapsed.push(c);
        for _ in 0..c.len_utf8() {
            map.push((i, c.len_utf8()));
        }
    }
    let start = find_str(&collapsed, needle)?;
    let end = start + needle.len();
    let (first, _) = *map.get(start)?;
    let (last, len) = *map.get(end - 1)?;
    Some((first, last + len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_str_parse_reads_them() {
        for s in ["0", "7", "+15", "0042", "4294967295", "4294967296", "", "+", "-1", "1 ", " 1", "1a", "١"] {
            assert_eq!(number(s), s.parse::<u32>().ok(), "should read {s:?} as str::parse does");
        }
        assert_eq!(cat(&[" ", "to", " "]), " to ", "should concatenate");
    }

    #[test]
    fn packed_word_lists() {
        const LIST: Words = words!["ed", "ed’", "", "Telegram"];
        assert_eq!(each_word(LIST).collect::<Vec<_>>(), ["ed", "ed’", "", "Telegram"], "should unpack in order");
        assert_eq!(word_index(LIST, "telegram", false), None, "should match case");
        assert_eq!(word_index(LIST, "telegram", true), Some(3), "should ignore case when asked");
        assert_eq!(word_index(LIST, "ed’", false), Some(1), "should match non-ASCII words");
        assert!(!has_word(LIST, "e"), "should match whole words");
        assert_eq!(prefix_in(LIST, "edit", false), Some("ed"), "should give the first prefix");
        assert_eq!(each_word(words![]).next(), None, "should allow an empty list");
    }

    #[test]
    fn trims_as_str_trim_does() {
        let spaces = [" ", "\t", "\n", "\u{b}", "\u{c}", "\r", "\u{85}", "\u{a0}", "\u{1680}", "\u{2000}", "\u{200a}"];
        let more = ["\u{2028}", "\u{2029}", "\u{202f}", "\u{205f}", "\u{3000}", "\u{200b}", "\u{1c}", "\u{feff}"];
        for sp in spaces.iter().chain(&more) {
            for s in
                [String::new(), sp.to_string(), format!("{sp}a{sp}"), format!("{sp}{sp}中 文{sp}"), format!("é{sp}")]
            {
                assert_eq!(trim(&s), s.trim(), "trim {s:?}");
                assert_eq!(trim_start(&s), s.trim_start(), "trim_start {s:?}");
                assert_eq!(trim_end(&s), s.trim_end(), "trim_end {s:?}");
            }
        }
    }

    #[test]
    fn byte_search_as_str_find_does() {
        let hays = ["", "a", "aaa", "abab", "ab ab ab", " to  to ", "Ibid. ibid, IBID.", "中 to 文 to", "xyz"];
        let needles = ["", "a", "ab", "aba", " to ", "ibid", "文", "zz", "xyzw"];
        for h in hays {
            for n in needles {
                assert_eq!(find_str(h, n), h.find(n), "find {n:?} in {h:?}");
                assert_eq!(rfind_str(h, n), h.rfind(n), "rfind {n:?} in {h:?}");
            }
        }
    }

    #[test]
    fn finds_collapsed_text() {
        let hay = "Telegram,  27 Nov.\n Ibid.,   p. 181.";
        let (s, e) = find_collapsed(hay, "Ibid., p. 181.").expect("should find");
        assert_eq!(&hay[s..e], "Ibid.,   p. 181.", "should map back to the original spacing");
        assert_eq!(find_collapsed(hay, "missing"), None, "should say when it is not there");
    }

    #[test]
    fn collapses_whitespace() {
        assert_eq!(collapse("  a \n\t b  ", false), "a b", "should collapse to one space");
        assert_eq!(collapse("a \n b", true), "a\nb", "should keep a line break");
        assert_eq!(collapse("\u{a0}é\u{2003}\u{2003}ü x\ny ", false), "é ü x y", "should treat Unicode spaces alike");
        assert_eq!(collapse(" \n ", true), "", "should trim a blank text");
        assert_eq!(collapse("a\n \nb\t", true), "a\nb", "a line break wins over spaces");
    }

    #[test]
    fn tells_cjk_text() {
        assert!(is_cjk_text("竊查俄國革黨密謀起事各節, 業於二月分月報具陳在案。"), "should tell Chinese");
        assert!(!is_cjk_text("On the matter related in the telegram [俄]"), "should tell English with a CJK insertion");
    }

    #[test]
    fn blocks_and_flat_text() {
        let mut tree = Tree::new();
        let bq = tree.append_element(NodeId::ROOT, "blockquote", Vec::new());
        tree.append_text(bq, "\n");
        let p1 = tree.append_element(bq, "p", Vec::new());
        let t1 = tree.append_text(p1, "Dukhonin [N.N. ");
        let em = tree.append_element(p1, "em", Vec::new());
        let t2 = tree.append_text(em, "Dukhonin");
        tree.append_text(p1, " – ed.]");
        let wrap = tree.append_element(bq, "div", Vec::new());
        let p2 = tree.append_element(wrap, "p", Vec::new());
        tree.append_text(p2, "Second");
        let blocks = blocks(&tree, bq);
        assert_eq!(blocks.len(), 2, "should find two blocks through the wrapper");
        let nodes: Vec<&[NodeId]> = blocks.iter().map(|b| b.nodes.as_slice()).collect();
        let flat = Flat::new(&tree, &nodes);
        assert_eq!(flat.text, "Dukhonin [N.N. Dukhonin – ed.]\nSecond", "should flatten with a block break");
        assert_eq!(flat.pos(&tree, 9), Some(TextPos { node: t1, offset: 9 }), "should map into the first text node");
        assert_eq!(flat.pos(&tree, 15), Some(TextPos { node: t2, offset: 0 }), "should map a boundary forward");
        assert_eq!(flat.end_pos(&tree, 15), Some(TextPos { node: t1, offset: 15 }), "should map an end boundary back");
    }
}
