//! Turns the model into what readers see, in place: each quote's plan
//! ([`crate::plan`]) carried out by `dom.js`, which asks the [`Feed`] for
//! each one as it builds its card, so that a long post is parsed as it is
//! built (see `build` in `dom.js`).

use wasm_bindgen::prelude::*;

use std::rc::Rc;

use crate::options::Options;
use crate::plan::{self, Utf16};
use crate::quotes::Finder;
use crate::tree::Tree;

/// A root's parse, read as far as the cards built so far need, and their plans.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Feed {
    tree: Tree,
    finder: Finder,
    /// The plans' labels and markers, and the undocumented `testFault`: the
    /// failure-isolation tests make the plan of every quote but the first
    /// fail, `"throw"` with an error (the undo log must restore the page),
    /// `"panic"` by aborting the wasm (the JS API must restore the page from
    /// its copy).
    options: Rc<Options>,
    utf16: Utf16,
}

impl Feed {
    /// A feed over the whole `tree`, and its candidate blockquotes' nodes in
    /// document order: `dom.js` finds the ones in view by them, and asks for
    /// their plans by their index.
    pub fn new(tree: Tree, options: Rc<Options>) -> (Feed, Vec<u32>) {
        let finder = Finder::new(&tree, crate::tree::NodeId::ROOT);
        let candidates = finder.candidates.clone();
        (Feed { finder, tree, options, utf16: Utf16::default() }, candidates)
    }
}

#[wasm_bindgen]
impl Feed {
    /// The plan of candidate `k`'s quote (JSON, see [`crate::plan`]), parsing
    /// as far as it needs; `""` when the candidate makes no quote; for the
    /// test fault `"throw"`, the error `dom.js` throws (a `Result` here would
    /// cost glue for a test alone).
    pub fn plan(&mut self, k: u32) -> String {
        let Some(i) = self.finder.quote(&self.tree, k as usize) else { return String::new() };
        if i > 0 {
            match self.options.fault.as_deref() {
                Some("throw") => return "ibid: test fault".to_string(),
                Some("panic") => panic!("ibid: test fault"),
                _ => {}
            }
        }
        plan::quote(&self.tree, i, &self.finder.doc.quotes[i], &self.options.plan, &mut self.utf16)
    }

    /// The whole parse as JSON (`ibid:ready`'s detail), parsing what is left.
    pub fn json(&mut self) -> String {
        crate::json::to_json(self.finder.finish(&self.tree))
    }
}
