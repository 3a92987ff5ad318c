//! The bridge between the browser's DOM and the core: copying the DOM under
//! a root into a [`Tree`] (keeping a table back to the live nodes), creating
//! ibid's own elements, and an undo log so that `destroy()` puts back the
//! author's markup exactly.
//!
//! Author text only ever moves (whole nodes) or is split (`splitText`);
//! ibid's own words go in through `textContent`/`createTextNode`. Nothing
//! here sets `innerHTML`.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Node, Text};

use crate::tree::{NodeId, Tree};

const ELEMENT_NODE: u16 = 1;
const TEXT_NODE: u16 = 3;
const CDATA_SECTION_NODE: u16 = 4;

/// Attributes the core reads; others are not copied.
fn wanted_attr(name: &str) -> bool {
    matches!(name, "class" | "id" | "lang") || name.starts_with("data-ibid")
}

/// A copy of the DOM under a root, with the live node of every [`NodeId`].
pub struct Mirror {
    /// The core's tree.
    pub tree: Tree,
    /// `nodes[id.index()]` is the live node of `id`; the root maps to the root element.
    pub nodes: Vec<Node>,
}

impl Mirror {
    /// Copies the DOM under `root`. ibid's own elements (class `ibid-…`
    /// on an element ibid created) are skipped, so enhancing an enhanced
    /// page sees only the author's markup still in place.
    pub fn new(root: &Element) -> Mirror {
        let mut stack: Vec<(Node, NodeId)> = Vec::new();
        push_children(root.as_ref(), NodeId::ROOT, &mut stack);
        Mirror::walk(root.clone().unchecked_into(), stack)
    }

    /// Copies a whole document from its `<html>` element, which becomes a
    /// child of the tree's root, as in the command line's tree.
    pub fn new_document(html: &Element) -> Mirror {
        let node: Node = html.clone().unchecked_into();
        let doc_node: Node = html.owner_document().map_or_else(|| node.clone(), |d| d.unchecked_into());
        Mirror::walk(doc_node, vec![(node, NodeId::ROOT)])
    }

    fn walk(root: Node, mut stack: Vec<(Node, NodeId)>) -> Mirror {
        let mut tree = Tree::new();
        let mut nodes: Vec<Node> = vec![root];
        // Iterative walk: posts can nest thousands of levels deep.
        while let Some((node, parent)) = stack.pop() {
            match node.node_type() {
                ELEMENT_NODE => {
                    let Some(el) = node.dyn_ref::<Element>() else { continue };
                    if el.has_attribute("data-ibid-generated") {
                        continue;
                    }
                    let mut attrs = Vec::new();
                    if el.has_attributes() {
                        let map = el.attributes();
                        for i in 0..map.length() {
                            if let Some(attr) = map.item(i) {
                                let name = attr.name();
                                if wanted_attr(&name) {
                                    attrs.push((name.into_boxed_str(), attr.value().into_boxed_str()));
                                }
                            }
                        }
                    }
                    let id = tree.append_element(parent, &el.local_name(), attrs);
                    nodes.push(node.clone());
                    push_children(&node, id, &mut stack);
                }
                TEXT_NODE | CDATA_SECTION_NODE => {
                    let text = node.node_value().unwrap_or_default();
                    tree.append_text(parent, &text);
                    nodes.push(node);
                }
                _ => {}
            }
        }
        Mirror { tree, nodes }
    }

    /// The live node of an id.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.index())
    }
}

fn push_children(node: &Node, parent: NodeId, stack: &mut Vec<(Node, NodeId)>) {
    let start = stack.len();
    let mut child = node.first_child();
    while let Some(c) = child {
        child = c.next_sibling();
        stack.push((c, parent));
    }
    stack[start..].reverse();
}

thread_local! {
    /// `Element.prototype.moveBefore`, where the browser has it (Chromium 133+).
    static MOVE_BEFORE: Option<js_sys::Function> = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"Element".into()).ok())
        .and_then(|e| js_sys::Reflect::get(&e, &"prototype".into()).ok())
        .and_then(|p| js_sys::Reflect::get(&p, &"moveBefore".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
}

/// Moves a node, keeping its state where the browser can: `moveBefore`
/// does not reload the author's iframes, images or stylesheets, nor restart
/// their media, as a remove-and-insert would. Falls back to `insertBefore`.
fn place(parent: &Node, node: &Node, before: Option<&Node>) -> Result<(), wasm_bindgen::JsValue> {
    let moved = MOVE_BEFORE.with(|f| match f {
        Some(f) if parent.is_connected() && node.is_connected() && parent.dyn_ref::<Element>().is_some() => {
            let before = before.map_or(wasm_bindgen::JsValue::NULL, |b| b.clone().into());
            f.call2(parent, node, &before).is_ok()
        }
        _ => false,
    });
    if !moved {
        parent.insert_before(node, before)?;
    }
    Ok(())
}

/// One change to the author's DOM, and how to take it back.
enum Change {
    /// ibid inserted this node: remove it.
    Inserted(Node),
    /// ibid moved this node from `parent` (before `next`) into `to`, or took
    /// it out of the page (`to` is `None`): put it back.
    Moved { node: Node, parent: Node, next: Option<Node>, to: Option<Node> },
    /// ibid split this text node, `rest` being the second half: join them again.
    Split { node: Text, rest: Text },
}

/// Records every change to the author's DOM, to undo them in reverse.
#[derive(Default)]
pub struct Undo {
    changes: Vec<Change>,
}

impl Undo {
    /// ibid's elements in author content are marked `data-ibid-generated`,
    /// so that reading the page again skips them and what they hold.
    pub fn inserted(&mut self, node: &Node) {
        if let Some(el) = node.dyn_ref::<Element>() {
            let _ = el.set_attribute("data-ibid-generated", "");
        }
        self.changes.push(Change::Inserted(node.clone()));
    }

    /// Moves `node` to `parent` before `before`, recording where it was.
    pub fn move_to(&mut self, node: &Node, parent: &Node, before: Option<&Node>) -> Result<(), wasm_bindgen::JsValue> {
        match node.parent_node() {
            Some(old_parent) => self.changes.push(Change::Moved {
                node: node.clone(),
                parent: old_parent,
                next: node.next_sibling(),
                to: Some(parent.clone()),
            }),
            None => self.changes.push(Change::Inserted(node.clone())),
        }
        place(parent, node, before)
    }

    /// Takes `node` out of the document, recording where it was.
    pub fn remove(&mut self, node: &Node) -> Result<(), wasm_bindgen::JsValue> {
        if let Some(parent) = node.parent_node() {
            self.changes.push(Change::Moved {
                node: node.clone(),
                parent: parent.clone(),
                next: node.next_sibling(),
                to: None,
            });
            parent.remove_child(node)?;
        }
        Ok(())
    }

    /// Splits a text node at a UTF-16 offset; returns the new second half.
    pub fn split(&mut self, text: &Text, at_utf16: u32) -> Result<Text, wasm_bindgen::JsValue> {
        let rest = text.split_text(at_utf16)?;
        self.changes.push(Change::Split { node: text.clone(), rest: rest.clone() });
        Ok(rest)
    }

    /// Takes back every change, last first. What the page itself changed
    /// meanwhile stays: a node the page removed or moved away from where ibid
    /// put it is not brought back, and text the page edited keeps its edits.
    /// Errors are ignored so that as much as possible is restored.
    pub fn undo(&mut self) {
        while let Some(change) = self.changes.pop() {
            match change {
                Change::Inserted(node) => {
                    if let Some(parent) = node.parent_node() {
                        let _ = parent.remove_child(&node);
                    }
                }
                Change::Moved { node, parent, next, to } => {
                    let still_ours = match &to {
                        Some(to) => node.parent_node().is_some_and(|p| p.is_same_node(Some(to))) && to.is_connected(),
                        None => node.parent_node().is_none(),
                    };
                    if !still_ours {
                        continue;
                    }
                    // `next` may have left `parent` meanwhile: then append.
                    let next = next.filter(|n| n.parent_node().is_some_and(|p| p.is_same_node(Some(&parent))));
                    let _ = place(&parent, &node, next.as_ref());
                }
                Change::Split { node, rest } => {
                    // Joined in JavaScript: a Rust string would turn lone
                    // surrogates the author's text may hold into U+FFFD.
                    let _ = join_text(&node, &rest);
                    if let Some(parent) = rest.parent_node() {
                        let _ = parent.remove_child(&rest);
                    }
                }
            }
        }
    }
}

/// `node.appendData(rest.data)`, the text staying a JavaScript string.
fn join_text(node: &Text, rest: &Text) -> Result<(), wasm_bindgen::JsValue> {
    let data = js_sys::Reflect::get(rest, &"data".into())?;
    let append: js_sys::Function = js_sys::Reflect::get(node, &"appendData".into())?.dyn_into()?;
    append.call1(node, &data)?;
    Ok(())
}

/// Creates one of ibid's own elements, with a class.
pub fn element(doc: &Document, name: &str, class: &str) -> Result<Element, wasm_bindgen::JsValue> {
    let el = doc.create_element(name)?;
    if !class.is_empty() {
        el.set_class_name(class);
    }
    Ok(el)
}

/// Appends text (never markup) to an element.
pub fn append_text(doc: &Document, parent: &Element, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    parent.append_child(&doc.create_text_node(text))?;
    Ok(())
}

/// A UTF-16 offset into a text from a byte offset.
pub fn utf16_offset(text: &str, byte: usize) -> u32 {
    let byte = byte.min(text.len());
    let prefix = text.get(..byte).unwrap_or(text);
    u32::try_from(prefix.encode_utf16().count()).unwrap_or(u32::MAX)
}
