//! The native front end: HTML text into a [`Tree`] with html5ever, the same
//! HTML5 tree construction a browser does, and root selection by a simple
//! CSS selector. Not built for wasm, where the browser's DOM is the input.

use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};

use crate::tree::{NodeId, Tree};

pub use crate::select::{default_root, select_root, SelectorError, DEFAULT_ROOTS};

/// Parses an HTML document into a [`Tree`]. Never fails: html5ever recovers
/// from any input as browsers do.
pub fn parse_document(html: &str) -> Tree {
    let dom = html5ever::parse_document(RcDom::default(), Default::default()).one(html);
    let mut tree = Tree::new();
    // Walk iteratively: documents may nest thousands of levels deep.
    let mut stack: Vec<(Handle, NodeId)> =
        dom.document.children.borrow().iter().rev().map(|h| (h.clone(), NodeId::ROOT)).collect();
    while let Some((handle, parent)) = stack.pop() {
        let id = match &handle.data {
            NodeData::Element { name, attrs, template_contents, .. } => {
                let attrs = attrs
                    .borrow()
                    .iter()
                    .map(|a| (a.name.local.to_ascii_lowercase().to_string().into_boxed_str(), (*a.value).into()))
                    .collect();
                let id = tree.append_element(parent, &name.local, attrs);
                // Template contents are inert, as in the DOM.
                let _ = template_contents;
                Some(id)
            }
            NodeData::Text { contents } => {
                tree.append_text(parent, &contents.borrow());
                None
            }
            _ => None,
        };
        if let Some(id) = id {
            for child in handle.children.borrow().iter().rev() {
                stack.push((child.clone(), id));
            }
        }
    }
    tree
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_a_browser() {
        let tree = parse_document("<p>a<p>b<blockquote>c</blockquote>");
        let body = tree.descendants(NodeId::ROOT).find(|&n| tree.is(n, "body")).expect("should have a body");
        let names: Vec<&str> = tree.children(body).iter().filter_map(|&n| tree.name(n)).collect();
        assert_eq!(names, vec!["p", "p", "blockquote"], "should close paragraphs as browsers do");
    }
}
