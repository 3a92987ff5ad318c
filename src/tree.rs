//! A small arena tree: the input of the parsing core.
//!
//! The core never sees a browser DOM or an html5ever DOM. Each front end copies
//! the markup it has into a [`Tree`] in document order (pre-order), keeping a
//! side table from [`NodeId`] to its own node, so that every result of the core
//! ([`crate::model::Quote::blockquote`], note positions, …) can be mapped back:
//!
//! - `dom` (wasm only) walks the live DOM under the root element;
//! - `html` (native only) parses an HTML file with html5ever.
//!
//! Only what the parser needs is kept: elements with their lower-case local
//! name and attributes, and text. Comments, doctypes and processing
//! instructions are dropped by the front ends.

/// The index of a node in its [`Tree`]. Node ids grow in document order, so
/// comparing two ids compares their position in the document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The root of every tree: a document-like node with no name.
    pub const ROOT: NodeId = NodeId(0);

    /// This id as an index into a side table kept by a front end.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a node is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// The root node ([`NodeId::ROOT`]).
    Root,
    /// An element, with its lower-case local name and its attributes as written.
    Element {
        /// Lower-case local name, e.g. `blockquote`.
        name: Box<str>,
        /// Attributes in source order, names in lower case.
        attrs: Vec<(Box<str>, Box<str>)>,
    },
    /// A text node.
    Text(Box<str>),
}

/// One node: its kind and its links.
#[derive(Clone, Debug)]
pub struct Node {
    /// What the node is.
    pub kind: NodeKind,
    /// The parent; `None` only for the root.
    pub parent: Option<NodeId>,
    /// Children in document order.
    pub children: Vec<NodeId>,
    /// Position among the parent's children.
    pub index: u32,
}

/// An arena of nodes in document order. Build it with [`Tree::new`],
/// [`Tree::append_element`] and [`Tree::append_text`], parents before children.
#[derive(Clone, Debug)]
pub struct Tree {
    nodes: Vec<Node>,
}

impl Default for Tree {
    fn default() -> Tree {
        Tree::new()
    }
}

impl Tree {
    /// A tree holding only the root.
    pub fn new() -> Tree {
        Tree { nodes: vec![Node { kind: NodeKind::Root, parent: None, children: Vec::new(), index: 0 }] }
    }

    /// The number of nodes, the root included.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the tree holds only its root.
    pub fn is_empty(&self) -> bool {
        self.nodes.len() == 1
    }

    fn push(&mut self, parent: NodeId, kind: NodeKind) -> NodeId {
        let id = NodeId(u32::try_from(self.nodes.len()).unwrap_or(u32::MAX));
        let mut index = 0;
        if let Some(p) = self.nodes.get_mut(parent.index()) {
            index = u32::try_from(p.children.len()).unwrap_or(u32::MAX);
            p.children.push(id);
        }
        self.nodes.push(Node { kind, parent: Some(parent), children: Vec::new(), index });
        id
    }

    /// Appends an element as the last child of `parent`. The name is lower-cased.
    pub fn append_element(&mut self, parent: NodeId, name: &str, attrs: Vec<(Box<str>, Box<str>)>) -> NodeId {
        let name = name.to_ascii_lowercase().into_boxed_str();
        self.push(parent, NodeKind::Element { name, attrs })
    }

    /// Appends a text node as the last child of `parent`.
    pub fn append_text(&mut self, parent: NodeId, text: &str) -> NodeId {
        self.push(parent, NodeKind::Text(text.into()))
    }

    /// The node with this id.
    ///
    /// # Panics
    /// Never for ids this tree handed out; an id from another tree may panic.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    /// The children of a node.
    pub fn children(&self, id: NodeId) -> &[NodeId] {
        &self.node(id).children
    }

    /// The parent of a node.
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).parent
    }

    /// The lower-case element name, or `None` for text and the root.
    pub fn name(&self, id: NodeId) -> Option<&str> {
        match &self.node(id).kind {
            NodeKind::Element { name, .. } => Some(name),
            _ => None,
        }
    }

    /// Whether the node is an element with this (lower-case) name.
    pub fn is(&self, id: NodeId, name: &str) -> bool {
        self.name(id) == Some(name)
    }

    /// Whether the node is an element named by one of a packed list's words.
    pub fn is_any(&self, id: NodeId, names: crate::text::Words) -> bool {
        self.name(id).is_some_and(|n| crate::text::has_word(names, n))
    }

    /// The text of a text node.
    pub fn text(&self, id: NodeId) -> Option<&str> {
        match &self.node(id).kind {
            NodeKind::Text(text) => Some(text),
            _ => None,
        }
    }

    /// An attribute's value (name in lower case).
    pub fn attr(&self, id: NodeId, attr: &str) -> Option<&str> {
        match &self.node(id).kind {
            NodeKind::Element { attrs, .. } => {
                attrs.iter().find(|(name, _)| &**name == attr).map(|(_, value)| &**value)
            }
            _ => None,
        }
    }

    /// Whether the element's `class` attribute holds this class.
    pub fn has_class(&self, id: NodeId, class: &str) -> bool {
        self.attr(id, "class").is_some_and(|classes| {
            crate::text::pieces(classes, crate::text::ASCII_WHITESPACE).any(|(_, c)| !c.is_empty() && c == class)
        })
    }

    /// The previous sibling.
    pub fn prev_sibling(&self, id: NodeId) -> Option<NodeId> {
        let siblings = self.children(self.parent(id)?);
        let at = self.node(id).index as usize;
        at.checked_sub(1).and_then(|i| siblings.get(i).copied())
    }

    /// The next sibling.
    pub fn next_sibling(&self, id: NodeId) -> Option<NodeId> {
        let siblings = self.children(self.parent(id)?);
        siblings.get(self.node(id).index as usize + 1).copied()
    }

    /// Pushes the children of `id` on a depth-first stack, last first, so
    /// that they pop in document order. Every walk of the tree does this: one
    /// function, not one iterator chain per walk.
    pub fn stack_children(&self, id: NodeId, stack: &mut Vec<NodeId>) {
        for &c in self.children(id).iter().rev() {
            stack.push(c);
        }
    }

    /// All nodes below `id` (not `id` itself), in document order.
    pub fn descendants(&self, id: NodeId) -> Descendants<'_> {
        let mut stack = Vec::new();
        self.stack_children(id, &mut stack);
        Descendants { tree: self, stack }
    }

    /// The nearest inclusive ancestor that is an element with one of `names`.
    pub fn closest(&self, id: NodeId, names: &[&str]) -> Option<NodeId> {
        let mut at = Some(id);
        while let Some(n) = at {
            if self.name(n).is_some_and(|name| names.contains(&name)) {
                return Some(n);
            }
            at = self.parent(n);
        }
        None
    }

    /// The concatenated text of all text nodes below `id`, as the DOM's
    /// `textContent` would give it.
    pub fn text_content(&self, id: NodeId) -> String {
        let mut out = String::new();
        if let Some(text) = self.text(id) {
            out.push_str(text);
        }
        for n in self.descendants(id) {
            if let Some(text) = self.text(n) {
                out.push_str(text);
            }
        }
        out
    }
}

/// Iterator returned by [`Tree::descendants`].
#[derive(Debug)]
pub struct Descendants<'a> {
    tree: &'a Tree,
    stack: Vec<NodeId>,
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let id = self.stack.pop()?;
        self.tree.stack_children(id, &mut self.stack);
        Some(id)
    }
}

/// Builds a tree from its flat form: every node after the root in document
/// order, as `shape` numbers, its strings one after another in `text`.
///
/// Per node, `shape` holds the parent's index (in the order read; 0 is the
/// root), then `1` for an element followed by its name's length, its number
/// of attributes and each attribute's name and value lengths, or `3` for a
/// text node followed by its text's length. Lengths count UTF-16 code units,
/// as JavaScript strings do, so the browser front end (`web/dom.js`) sends a
/// whole DOM in two values. Malformed input never panics: a parent out of
/// range is the root, missing numbers are zero, strings are cut at the end.
pub fn from_flat(text: &str, shape: &[u32]) -> Tree {
    let mut tree = Tree::new();
    let mut rest = text;
    let mut numbers = shape.iter().copied();
    let mut next = move || numbers.next();
    while let Some(parent) = next() {
        let mut next = || next().unwrap_or(0);
        let parent = if (parent as usize) < tree.len() { NodeId(parent) } else { NodeId::ROOT };
        if next() == 1 {
            let name_len = next();
            let name = take_utf16(&mut rest, name_len);
            let count = next().min(shape.len() as u32);
            let mut attrs = Vec::new();
            for _ in 0..count {
                let (n, v) = (next(), next());
                let name = take_utf16(&mut rest, n);
                attrs.push((name.into(), take_utf16(&mut rest, v).into()));
            }
            tree.append_element(parent, name, attrs);
        } else {
            let len = next();
            tree.append_text(parent, take_utf16(&mut rest, len));
        }
    }
    tree
}

/// Takes the first `units` UTF-16 code units of `rest` off it.
fn take_utf16<'a>(rest: &mut &'a str, units: u32) -> &'a str {
    let mut seen = 0;
    let mut end = rest.len();
    for (i, c) in rest.char_indices() {
        if seen >= units {
            end = i;
            break;
        }
        seen += c.len_utf16() as u32;
    }
    let (taken, left) = rest.split_at(end);
    *rest = left;
    taken
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_in_document_order() {
        let mut tree = Tree::new();
        let bq = tree.append_element(NodeId::ROOT, "BLOCKQUOTE", vec![("class".into(), "a b".into())]);
        let p = tree.append_element(bq, "p", Vec::new());
        tree.append_text(p, "Hello ");
        let em = tree.append_element(p, "em", Vec::new());
        tree.append_text(em, "world");
        let after = tree.append_element(NodeId::ROOT, "p", Vec::new());
        assert_eq!(tree.name(bq), Some("blockquote"), "should lower-case names");
        assert!(tree.has_class(bq, "b"), "should split classes");
        assert_eq!(tree.text_content(bq), "Hello world", "should concatenate text");
        assert_eq!(tree.next_sibling(bq), Some(after), "should find the next sibling");
        assert_eq!(tree.prev_sibling(after), Some(bq), "should find the previous sibling");
        assert_eq!(tree.closest(em, &["blockquote"]), Some(bq), "should find the closest ancestor");
        let order: Vec<u32> = tree.descendants(NodeId::ROOT).map(|n| n.0).collect();
        assert_eq!(order, vec![1, 2, 3, 4, 5, 6], "should walk in document order");
    }

    #[test]
    fn reads_the_flat_form() {
        // <p class="x">a😀b</p><!-- skipped -->tail
        let text = "pclassxa\u{1F600}btail";
        let shape = [0, 1, 1, 1, 5, 1, 1, 3, 4, 0, 3, 4];
        let tree = from_flat(text, &shape);
        assert_eq!(tree.len(), 4, "root, p, its text, tail");
        let p = NodeId(1);
        assert_eq!(tree.name(p), Some("p"));
        assert_eq!(tree.attr(p, "class"), Some("x"));
        assert_eq!(tree.text(NodeId(2)), Some("a\u{1F600}b"), "an astral char is two UTF-16 units");
        assert_eq!(tree.parent(NodeId(2)), Some(p));
        assert_eq!(tree.text(NodeId(3)), Some("tail"));
        assert_eq!(tree.parent(NodeId(3)), Some(NodeId::ROOT));
    }

    #[test]
    fn malformed_flat_form_never_panics() {
        for shape in [&[7u32, 1, 99, 4_000_000_000][..], &[0, 3], &[5], &[0, 1, 2, 9, 1, 1]] {
            let tree = from_flat("ab", shape);
            assert!(tree.len() <= 1 + shape.len(), "at most one node per number");
            for i in 1..tree.len() as u32 {
                assert!(tree.parent(NodeId(i)).is_some_and(|p| p < NodeId(i)), "every parent comes before its child");
            }
        }
    }
}
