//! Root selection by a small CSS subset (`tag`, `.class`, `#id`, `[attr]`,
//! `[attr=value]`, compounds of these, joined by commas), the same in the
//! CLI and in the browser's `parse()` of an HTML string.

use crate::tree::{NodeId, Tree};

/// The roots ibid looks for by default, in order; the body when none matches.
pub const DEFAULT_ROOTS: &str = "article, .entry-content, .post-content, main";

/// One compound selector: `tag`, `.class`, `#id`, `tag.class`, `[attr]`, `[attr=value]`.
#[derive(Debug, Default, PartialEq)]
struct Compound {
    tag: Option<String>,
    id: Option<String>,
    classes: Vec<String>,
    attrs: Vec<(String, Option<String>)>,
}

/// Why a selector was not understood.
#[derive(Debug, PartialEq, Eq)]
pub struct SelectorError(pub String);

impl std::fmt::Display for SelectorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unsupported selector {:?}: use tag, .class, #id, [attr] or [attr=value], joined by commas", self.0)
    }
}

fn parse_compound(s: &str) -> Result<Compound, SelectorError> {
    let err = || SelectorError(s.to_string());
    let mut c = Compound::default();
    let mut rest = s.trim();
    if rest.is_empty() {
        return Err(err());
    }
    let ident_len =
        |r: &str| r.find(|ch: char| !(crate::text::is_alnum(ch) || ch == '-' || ch == '_')).unwrap_or(r.len());
    let n = ident_len(rest);
    if n > 0 {
        c.tag = Some(rest[..n].to_ascii_lowercase());
        rest = &rest[n..];
    }
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let n = ident_len(r);
            if n == 0 {
                return Err(err());
            }
            c.classes.push(r[..n].to_string());
            rest = &r[n..];
        } else if let Some(r) = rest.strip_prefix('#') {
            let n = ident_len(r);
            if n == 0 {
                return Err(err());
            }
            c.id = Some(r[..n].to_string());
            rest = &r[n..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').ok_or_else(err)?;
            let inner = &r[..end];
            match inner.split_once('=') {
                Some((name, value)) => c
                    .attrs
                    .push((name.trim().to_ascii_lowercase(), Some(value.trim().trim_matches(['"', '\'']).to_string()))),
                None => c.attrs.push((inner.trim().to_ascii_lowercase(), None)),
            }
            rest = &r[end + 1..];
        } else {
            return Err(err());
        }
    }
    Ok(c)
}

fn matches(tree: &Tree, id: NodeId, c: &Compound) -> bool {
    let Some(name) = tree.name(id) else {
        return false;
    };
    c.tag.as_deref().is_none_or(|t| t == name || t == "*")
        && c.id.as_deref().is_none_or(|v| tree.attr(id, "id") == Some(v))
        && c.classes.iter().all(|class| tree.has_class(id, class))
        && c.attrs.iter().all(|(a, v)| match v {
            Some(v) => tree.attr(id, a) == Some(v.as_str()),
            None => tree.attr(id, a).is_some(),
        })
}

/// The first element matching a selector list, trying each selector in
/// order as the embed does (`article, .entry-content, …`: the first
/// selector that matches anything wins).
///
/// # Errors
/// A selector with combinators or pseudo-classes is not supported.
pub fn select_root(tree: &Tree, selectors: &str) -> Result<Option<NodeId>, SelectorError> {
    let compounds = selectors.split(',').map(parse_compound).collect::<Result<Vec<_>, _>>()?;
    for c in &compounds {
        if let Some(found) = tree.descendants(NodeId::ROOT).find(|&n| matches(tree, n, c)) {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// The default root: the first of [`DEFAULT_ROOTS`] that matches, else the body.
pub fn default_root(tree: &Tree) -> NodeId {
    select_root(tree, DEFAULT_ROOTS)
        .ok()
        .flatten()
        .or_else(|| tree.descendants(NodeId::ROOT).find(|&n| tree.is(n, "body")))
        .unwrap_or(NodeId::ROOT)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::html::parse_document;

    #[test]
    fn selects_roots() {
        let tree = parse_document("<main><article class='post x' id=a data-k=v>t</article></main>");
        let article = select_root(&tree, "article").expect("should parse").expect("should match");
        assert_eq!(select_root(&tree, ".post.x").expect("should parse"), Some(article), "should match classes");
        assert_eq!(select_root(&tree, "#a").expect("should parse"), Some(article), "should match an id");
        assert_eq!(select_root(&tree, "[data-k=v]").expect("should parse"), Some(article), "should match an attribute");
        assert_eq!(default_root(&tree), article, "should prefer article over main");
        assert!(select_root(&tree, "main > article").is_err(), "should refuse combinators");
    }
}
