// ibid's hands on the page, imported by the wasm core (src/web/mod.rs).
//
// The core decides everything (src/plan.rs): which of the author's nodes move,
// every word ibid adds, every position. This module only does it, in as few
// calls across the JS/wasm boundary as possible:
//   options(o)         the options object in its flat form (src/options.rs read)
//   read(root, whole)  the DOM under root in its flat form (src/tree.rs from_flat)
//   build(ctx, root, feed, candidates)
//                      each quote's plan asked of the core's feed and carried
//                      out: at once, or for a long post the cards in view at
//                      once and the rest (parsed as they come) in tasks of their own
//   wire(ctx, …)       the popups' and toggles' events, fed to the core's engine
//   ready(ctx, root)   the root marked enhanced, `ibid:ready` dispatched
//   unwire(ctx)        every listener removed, an open popup closed
//   undo(ctx)          every change taken back, last first
// Author text only ever moves (whole nodes) or is split (splitText); ibid's own
// words go in as text nodes. Nothing here sets innerHTML.

const GENERATED = 'data-ibid-generated';
let enhancements = 0;

/**
 * A string with each lone surrogate as U+FFFD, as passing it to wasm alone
 * would make it. Needed because the parts are joined: a part ending in a lone
 * high surrogate and the next starting with a lone low one would otherwise
 * become one character and shift every length after them.
 */
const wellFormed = String.prototype.toWellFormed
  ? (s) => s.toWellFormed()
  : (s) => s.replace(/[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]/g, (m) => (m.length === 2 ? m : '\ufffd'));

const wanted = (name) => name === 'class' || name === 'id' || name === 'lang' || name.startsWith('data-ibid');

/**
 * Reads the DOM under `root` (or, `whole`, `root` itself under its document)
 * into a context: `nodes[i]` is the live node of the tree's node `i`, `text`
 * and `shape` its flat form. ibid's own elements (marked GENERATED) and what
 * they hold are left out, so re-reading an enhanced page sees only the
 * author's markup still in place.
 */
export function read(root, whole) {
  const nodes = [whole ? root.ownerDocument || root : root];
  // Each text node's length as read (-1 for the rest): a long post's later
  // tasks check that the text a plan splits has not changed meanwhile.
  const lengths = [-1];
  const parts = [];
  const shape = [];
  // An explicit stack: posts can nest thousands of levels deep.
  const stack = [];
  const parents = [];
  const push = (node, parent) => {
    for (let c = node.lastChild; c; c = c.previousSibling) {
      stack.push(c);
      parents.push(parent);
    }
  };
  if (whole) {
    stack.push(root);
    parents.push(0);
  } else {
    push(root, 0);
  }
  while (stack.length) {
    const node = stack.pop();
    const parent = parents.pop();
    const type = node.nodeType;
    if (type === 1) {
      if (node.hasAttribute(GENERATED)) continue;
      const name = wellFormed(node.localName);
      shape.push(parent, 1, name.length, 0);
      const count = shape.length - 1;
      parts.push(name);
      // Names only, and only of elements that have any: each Attr object
      // the DOM makes costs more than the string.
      if (node.hasAttributes()) {
        for (const a of node.getAttributeNames()) {
          if (wanted(a)) {
            const n = wellFormed(a);
            const v = wellFormed(node.getAttribute(a));
            shape.push(n.length, v.length);
            parts.push(n, v);
            shape[count]++;
          }
        }
      }
      nodes.push(node);
      lengths.push(-1);
      push(node, nodes.length - 1);
    } else if (type === 3 || type === 4) {
      const data = node.data;
      shape.push(parent, 3, data.length);
      parts.push(wellFormed(data));
      nodes.push(node);
      lengths.push(data.length);
    }
  }
  return {
    nodes,
    lengths,
    text: parts.join(''),
    shape: new Uint32Array(shape),
    log: [],
    prefix: 'ibid' + enhancements++,
    popups: [],
    toggles: [],
    unwire: null,
    // The core's parse of the root, asked for each card's plan (build) and the
    // parse result (ready); freed once that is taken.
    feed: null,
    // The parse result (JSON), once taken from the feed.
    json: null,
    // While a long post's cards are still being built: cancels that (unwire).
    stop: null,
    // The ibid:ready event, held back until the last card is built.
    announce: null,
  };
}

// The option and label names src/options.rs reads (keep the two in step).
const LABELS = ['sent', 'received', 'day', 'days', 'to', 'and', 'marker', 'citation', 'ibid', 'page', 'pages', 'showOriginal', 'showTranslation'];
const NOTE_KINDS = ['note', 'literal', 'insertion', 'explanation', 'sic', 'uncertain', 'omission'];

/** The options object in the flat form src/options.rs reads: `pairs(o)` joined by NULs (one inside a string as U+FFFD). */
export const options = (o) => pairs(o).map((s) => s.replace(/\0/g, '\ufffd')).join('\0');

/**
 * The options as [key, value, …] strings, for the known options only.
 * Numbers as whole decimals; `markers` and `labels.months` as lists (an
 * object with an iterator or a length, at most 64 and 12 items; `markers` also
 * gives its own key, so an empty list is told from none; a string of months is
 * no list of them). Values of another type are left out, and so is an option
 * whose getter throws.
 */
function pairs(o) {
  const out = [];
  const get = (obj, k) => {
    try {
      return obj[k];
    } catch {
      return undefined;
    }
  };
  // What Array.from would give, but never more than `max` items: an iterable,
  // or an array-like by its length.
  const list = (v, max) => {
    const items = [];
    try {
      if (typeof v[Symbol.iterator] === 'function') {
        for (const x of v) {
          if (items.length >= max) break;
          items.push(x);
        }
      } else {
        for (let i = 0, n = Math.min(Number(v.length) || 0, max); i < n; i++) items.push(v[i]);
      }
    } catch {
      // Whatever was read before a getter or an iterator threw.
    }
    return items;
  };
  // Only an object Array.from reads as a list: one with an iterator or a length ({} and 5 are no list).
  const listy = (v) => !!v && typeof v === 'object' && (typeof get(v, Symbol.iterator) === 'function' || get(v, 'length') !== undefined);
  const str = (key, v) => typeof v === 'string' && out.push(key, v);
  if (!o || typeof o !== 'object') return out;
  for (const k of ['hoverDelay', 'closeDelay', 'sheetBreakpoint']) {
    const v = get(o, k);
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out.push(k, String(Math.min(Math.trunc(v), 4294967295)));
    else str(k, v);
  }
  const markers = get(o, 'markers');
  if (typeof markers === 'string') out.push('markers', markers);
  else if (listy(markers)) {
    out.push('markers', '');
    list(markers, 64).forEach((v, i) => str('markers.' + i, v));
  }
  str('testFault', get(o, 'testFault'));
  const labels = get(o, 'labels');
  if (!labels || typeof labels !== 'object') return out;
  for (const k of LABELS) str('labels.' + k, get(labels, k));
  const months = get(labels, 'months');
  if (listy(months)) list(months, 12).forEach((v, i) => str('labels.months.' + i, v));
  const notes = get(labels, 'notes');
  if (notes && typeof notes === 'object') for (const k of NOTE_KINDS) str('labels.notes.' + k, get(notes, k));
  const kinds = get(labels, 'kinds');
  if (kinds && typeof kinds === 'object') {
    let keys = [];
    try {
      keys = Object.keys(kinds).slice(0, 256);
    } catch {
      // A proxy that refuses its keys: no kinds.
    }
    for (const k of keys) str('labels.kinds.' + k, get(kinds, k));
  }
  return out;
}

export const readText = (ctx) => ctx.text;

export function readShape(ctx) {
  const shape = ctx.shape;
  ctx.text = ctx.shape = null;
  return shape;
}

// ---------------------------------------------------------------------------
// Changes, each recorded for undo()
// ---------------------------------------------------------------------------

const moveBefore = typeof Element === 'function' ? Element.prototype.moveBefore : undefined;

/**
 * Moves a node, keeping its state where the browser can: moveBefore does not
 * reload the author's iframes, images or stylesheets, nor restart their media,
 * as a remove-and-insert would. Falls back to insertBefore, which text (with
 * no state to keep) always takes: it is the cheaper call.
 */
function place(parent, node, before) {
  if (moveBefore && node.nodeType === 1 && parent.isConnected && node.isConnected && parent.nodeType === 1) {
    try {
      moveBefore.call(parent, node, before || null);
      return;
    } catch {
      // Not movable atomically (another document, say): insert instead.
    }
  }
  parent.insertBefore(node, before || null);
}

/** ibid inserted `node`; elements are marked, so that reading the page again skips them. */
function inserted(ctx, node) {
  if (node.nodeType === 1) node.setAttribute(GENERATED, '');
  ctx.log.push([0, node]);
}

function moveTo(ctx, node, parent, before) {
  const from = node.parentNode;
  if (from) ctx.log.push([1, node, from, node.nextSibling, parent, node.previousSibling]);
  else ctx.log.push([0, node]);
  place(parent, node, before);
}

function remove(ctx, node) {
  const from = node.parentNode;
  if (from) {
    ctx.log.push([1, node, from, node.nextSibling, null, node.previousSibling]);
    from.removeChild(node);
  }
}

function split(ctx, text, at) {
  const rest = text.splitText(at);
  ctx.log.push([2, text, rest]);
  return rest;
}

/**
 * Takes back every change, last first. What the page itself changed meanwhile
 * stays: a node the page removed or moved away from where ibid put it is not
 * brought back, text the page edited keeps its edits, and elements it put
 * inside ibid's stay on the page. Errors are ignored, so that as much as
 * possible is restored.
 */
export function undo(ctx) {
  const log = ctx.log;
  while (log.length) {
    const [what, node, a, b, to, prev] = log.pop();
    try {
      if (what === 0) {
        const parent = node.parentNode;
        if (!parent) continue;
        // Elements the page put inside ibid's (a share button after a quote's
        // blockquote, say) stay on the page, where ibid's stood. Only ibid's
        // elements are walked into: the first other one on a path is a candidate.
        for (let e = node.firstElementChild, next; e; e = next) {
          if (made.has(e) && e.firstElementChild) {
            next = e.firstElementChild;
            continue;
          }
          for (next = e; next !== node && !next.nextElementSibling; ) next = next.parentNode;
          next = next === node ? null : next.nextElementSibling;
          if (foreign(e)) place(parent, e, node);
        }
        parent.removeChild(node);
      } else if (what === 1) {
        const ours = to ? node.parentNode === to && to.isConnected : !node.parentNode;
        if (!ours) continue;
        // Elements the page put right after it inside ibid's go along.
        const along = [];
        for (let s = node; made.has(to) && (s = s.nextElementSibling) && foreign(s); ) along.push(s);
        // Back before its next sibling; if that has left (or there was none),
        // after its previous one (a quote's last line goes back before what
        // the page added after it meanwhile); else at the end.
        place(a, node, b && b.parentNode === a ? b : prev && prev.parentNode === a ? prev.nextSibling : null);
        along.reduce((at, s) => (place(a, s, at.nextSibling), s), node);
      } else {
        // Joined as JavaScript strings: lone surrogates stay as they were.
        node.appendData(a.data);
        a.parentNode?.removeChild(a);
      }
    } catch {
      // Keep restoring the rest.
    }
  }
}

// ---------------------------------------------------------------------------
// Cards, notes, citations
// ---------------------------------------------------------------------------

/** Every element and text ibid makes: any other element inside one when it leaves is the page's (undo). */
const made = new WeakSet();

/**
 * Whether an element is the page's own, to keep on the page (undo): not one
 * of ibid's, nor holding any of ibid's elements or words (what a page wraps
 * them in, an auto-linker's link, say, leaves with them).
 */
function foreign(e) {
  if (made.has(e)) return false;
  for (const w = document.createTreeWalker(e); w.nextNode(); ) if (made.has(w.currentNode)) return false;
  return true;
}

/** ibid's own words: always a text node made by createTextNode, never markup. */
function txt(s) {
  const t = document.createTextNode(s);
  made.add(t);
  return t;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  made.add(e);
  if (cls) e.className = cls;
  if (text !== undefined) e.appendChild(txt(text));
  return e;
}

function nodeAt(ctx, i) {
  const node = ctx.nodes[i];
  if (!node) throw new Error('ibid: node out of range');
  return node;
}

function textAt(ctx, [i, at]) {
  const node = nodeAt(ctx, i);
  if (node.nodeType !== 3 && node.nodeType !== 4) throw new Error('ibid: position is not in text');
  return [node, at];
}

/**
 * Splits text so that start..end is a run of whole sibling nodes; returns
 * them. When the two ends sit under different parents, the run widens to
 * their ancestors under the closest common parent.
 */
function isolate(ctx, s, e) {
  const [endText, endAt] = textAt(ctx, e);
  const [startText, startAt] = textAt(ctx, s);
  // Split the end first: splitting the start may replace the node that holds it.
  if (endAt < endText.length) split(ctx, endText, endAt);
  const first = startAt > 0 ? split(ctx, startText, startAt) : startText;
  if (startText === endText) return [first];
  let a = first;
  let b = endText;
  for (let depth = 0; !(a.parentNode && a.parentNode === b.parentNode); depth++) {
    if (depth > 64) throw new Error('ibid: note spans too deep a structure');
    const pa = a.parentNode;
    const pb = b.parentNode;
    if (!pa || !pb) throw new Error('ibid: note ends are not in one tree');
    if (pa.contains(b)) b = pb;
    else a = pa;
  }
  const run = [a];
  for (let at = a; at !== b; ) {
    at = at.nextSibling;
    if (!at) throw new Error('ibid: note ends out of order');
    run.push(at);
  }
  return run;
}

const INTERACTIVE = 'a,button,input,select,textarea,label,iframe,audio,video,details,[tabindex]';

/** Whether a node is, or holds, interactive content (which cannot go inside a button). */
const interactive = (node) => node.nodeType === 1 && (node.matches(INTERACTIVE) || !!node.querySelector(INTERACTIVE));

/** The outermost ancestor link or button of a node, inside which no button may go. */
function interactiveAncestor(node) {
  let found = null;
  for (let at = node.parentElement; at; at = at.parentElement) {
    if (at.matches('a[href],button,label')) found = at;
    // The quote's own blockquote, or the card it has moved into (originals).
    if (at.localName === 'blockquote' || at.hasAttribute('data-ibid-quote')) break;
  }
  return found;
}

/**
 * A popup trigger (a real button, described by its tooltip) and its popup (a
 * tooltip, hidden), joining the context's list, where the popup's index is
 * its trigger's data-ibid-popup. `type`, `noteKind`, `text`, `quote`: what
 * ibid:open and ibid:close tell of it (their detail, with the trigger);
 * `words`: the plan's label, text and signature for the popup.
 */
function tip(ctx, cls, type, noteKind, text, quote, words) {
  const index = ctx.popups.length;
  const id = ctx.prefix + '-tip' + index;
  const trigger = el('button', cls);
  trigger.type = 'button';
  trigger.setAttribute('aria-describedby', id);
  trigger.setAttribute('data-ibid-popup', index);
  const popup = el('span', 'ibid-popup ibid-popup--' + type);
  popup.id = id;
  popup.setAttribute('role', 'tooltip');
  popup.setAttribute('data-ibid-for', index);
  popup.hidden = true;
  popup.append(el('span', 'ibid-popup__label', words.label), el('span', 'ibid-popup__text', words.text));
  if (words.sig) popup.append(el('span', 'ibid-popup__sig', words.sig));
  ctx.popups.push({ type, noteKind, text, quote, trigger, popup });
  return [trigger, popup];
}

/** `parent.insertBefore(node, before)`, recorded. */
function insert(ctx, parent, node, before) {
  parent.insertBefore(node, before);
  inserted(ctx, node);
}

/** An element of ibid's hidden from assistive technology (its words are said otherwise). */
function unspoken(tag, cls, text) {
  const e = el(tag, cls, text);
  e.setAttribute('aria-hidden', 'true');
  return e;
}

/** One note: a marker with a popup, or (m = 0) the editor's words inline in a button. */
function note(ctx, n, quote) {
  const run = isolate(ctx, n.s, n.e);
  const first = run[0];
  const parent = first.parentNode;
  if (!parent) throw new Error('ibid: note has no parent');
  const kindClass = 'ibid-note--' + n.kind;
  if (!n.m) {
    if (run.some(interactive) || interactiveAncestor(first)) return;
    const [button, p] = tip(ctx, 'ibid-insertion', 'note', n.kind, n.popup, quote, n);
    const wrap = el('span', 'ibid-note ibid-note--inline ' + kindClass);
    insert(ctx, parent, wrap, first);
    wrap.append(button);
    for (const node of run) moveTo(ctx, node, button, null);
    wrap.append(p);
    return;
  }
  // Marker: the bracketed text stays for screen readers and print, hidden on
  // screen; a numbered button shows the note in a popup. Built whole before
  // it joins the page: one insertion instead of several.
  const wrap = el('span', 'ibid-note ' + kindClass);
  const source = el('span', n.hide ? 'ibid-note__text' : 'ibid-note__kept');
  wrap.append(source);
  const [button, p] = tip(ctx, 'ibid-marker', 'note', n.kind, n.popup, quote, n);
  button.setAttribute('aria-label', n.aria);
  button.append(unspoken('span', 'ibid-marker__n', String(n.m)));
  // Inside a link, the marker and its popup go right after the link.
  const link = interactiveAncestor(first);
  if (!link) wrap.append(button, p);
  insert(ctx, parent, wrap, first);
  for (const node of run) moveTo(ctx, node, source, null);
  if (link) {
    const holder = el('span', 'ibid-note ibid-note--after-link');
    if (!link.parentNode) throw new Error('ibid: link has no parent');
    holder.append(button, p);
    insert(ctx, link.parentNode, holder, link.nextSibling);
  }
}

/**
 * The citation trigger: the source part of the attribution becomes a button
 * when it can be isolated; otherwise a small button follows it.
 */
function citation(ctx, c, cite, quote) {
  const [button, p] = tip(ctx, 'ibid-cite', 'citation', null, c.text, quote, c);
  let run = null;
  if (c.s) {
    try {
      run = isolate(ctx, c.s, c.e);
      const parent = run[0].parentNode;
      if (run.some(interactive) || !parent || !cite.contains(parent)) run = null;
    } catch {
      run = null;
    }
  }
  if (run) {
    const parent = run[0].parentNode;
    insert(ctx, parent, button, run[0]);
    for (const node of run) moveTo(ctx, node, button, null);
    insert(ctx, parent, p, button.nextSibling);
  } else {
    button.classList.add('ibid-cite--icon');
    button.setAttribute('aria-label', c.label);
    button.append(unspoken('span', '', 'i'));
    cite.append(button, p);
  }
}

// A long post is not built, nor parsed, in one task: the cards in view (from
// the first quote not wholly above the viewport down to the viewport's
// bottom) are built in the call, and the rest in tasks, downwards from the
// viewport first, then upwards. A task runs a quarter of the time since the
// previous one ended (the browser's rendering of a long page grows with it),
// from CHUNK_MS to MAX_CHUNK_MS, which stays under the 50 ms of a long task
// (a card's plan and building overshoot it by well under a millisecond). Each task
// keeps what the reader sees in place (the browser's scroll anchoring does
// not, or follows the nodes ibid moves): the first quote in view then is
// measured before and after, and the page (or the scrolling box the root is
// in) is scrolled by as much as it moved, at once even where the page
// scrolls smoothly; a card that starts in view grows in view, one that
// starts above it keeps its text in place (its header goes above). The
// reader can scroll, hover and type meanwhile. `ibid:ready` waits for the
// last card; printing builds what is left at once. Posts of up to
// DEFER_OVER blockquotes (every post of the corpus) are built whole in the
// call. The core parses a quote when its plan is first asked for, and every
// quote before it (an Ibid. looks back): the call parses as far as the view.
const DEFER_OVER = 64;
const CHUNK_MS = 8;
const MAX_CHUNK_MS = 40;

/** The box that scrolls `root` into view: the nearest scrolling ancestor, else the window. */
function scrollerOf(root, win) {
  const doc = root.ownerDocument;
  for (let at = root; at && at !== doc.body && at !== doc.documentElement; at = at.parentElement) {
    const y = win.getComputedStyle(at).overflowY;
    if ((y === 'auto' || y === 'scroll' || y === 'overlay') && at.scrollHeight > at.clientHeight) return at;
  }
  return win;
}

/** Scrolls by `dy` at once: a smooth scroll would leave the view moving, and the next task measuring it mid-way. */
function scrollAtOnce(scroller, dy) {
  try {
    scroller.scrollBy({ top: dy, behavior: 'instant' });
  } catch {
    // An engine that does not know 'instant'.
    scroller.scrollBy(0, dy);
  }
}

/** The parse result (JSON), taken from the feed once; before every card is built, it parses the rest at once. */
const result = (ctx) => (ctx.json ??= ctx.feed.json());

/**
 * Takes the parse result and frees the feed: every plan is built, or the
 * build failed. `keep` false: the build stopped (destroy(), refresh()), or
 * the core trapped, which leaves the feed unusable: no result then.
 */
function settle(ctx, keep = true) {
  if (keep) result(ctx);
  else ctx.json ??= '{"quotes":[],"diagnostics":[]}';
  const feed = ctx.feed;
  ctx.feed = null;
  try {
    feed.free();
  } catch {
    // A feed a trap left borrowed.
  }
}

/**
 * Builds every candidate blockquote's card (see above), its plan asked of
 * `feed` (src/web/render.rs); `candidates`: their nodes' indexes.
 * A failure in the call throws (the core undoes everything); one in a later
 * task undoes everything here and logs one ibid: error.
 */
export function build(ctx, root, feed, candidates) {
  ctx.feed = feed;
  // A view of the wasm's memory, which the feed's plans reuse: copied first.
  const queue = candidates.slice();
  // A plan is JSON or empty: anything else is the test fault's error (src/web/render.rs).
  const plan = (i) => {
    const p = feed.plan(i);
    if (p[0] === 'i') throw p;
    return p;
  };
  // A page in a background tab is built at once too: nobody waits on it, and
  // the browser would hold its timers back for seconds or minutes.
  if (queue.length <= DEFER_OVER || root.ownerDocument.hidden) {
    for (let i = 0; i < queue.length; i++) buildCard(ctx, plan(i));
    settle(ctx);
    return;
  }
  const win = root.ownerDocument.defaultView || window;
  // A node that is not an element, or not rendered, counts as in view.
  const rect = (i) => {
    const node = nodeAt(ctx, queue[i]);
    return node.nodeType === 1 ? node.getBoundingClientRect() : { top: 0, bottom: 0 };
  };
  // Found once: asking forces a layout.
  const scroller = scrollerOf(root, win);
  /** The part of the viewport the root can show: the viewport, or its scrolling box's part of it. */
  const view = () => {
    const vh = win.innerHeight || 0;
    if (scroller === win) return [0, vh];
    const r = scroller.getBoundingClientRect();
    return [Math.max(0, r.top), Math.min(vh, r.bottom)];
  };
  /** The first quote not wholly above `top`, in document order. */
  const first = (top) => {
    let lo = 0;
    for (let hi = queue.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (rect(mid).bottom < top) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const [top, bottom] = view();
  const lo = first(top);
  const order = [];
  for (let i = lo; i < queue.length; i++) order.push(i);
  for (let i = lo - 1; i >= 0; i--) order.push(i);
  // Measured before anything changes: one layout, not one per card.
  let inView = 0;
  while (inView < queue.length - lo && rect(order[inView]).top < bottom) inView++;
  let at = 0;
  let stopped = false;
  let skipped = 0;
  /** Builds in `order` until `until()` says stop, keeping the view in place. */
  const some = (until) => {
    // Measured at the first quote in view now (the reader may have scrolled
    // since the last task), or at the root's end when every quote is above;
    // measured before and after, so that the browser's own scroll anchoring,
    // which follows the nodes ibid moves, is made up for too.
    // Scrolled to the very top, there is nothing to make up for: no
    // measuring (each measure is a layout inside the task).
    const measure = (scroller === win ? win.scrollY : scroller.scrollTop) > 0;
    const [top] = measure ? view() : [0];
    const k = measure ? first(top) : 0;
    const mark = () => (!measure ? 0 : k < queue.length ? rect(k).top : root.getBoundingClientRect().bottom);
    const y0 = mark();
    let y = y0;
    while (at < order.length && !until()) {
      const i = order[at++];
      // That quote's own card, when it starts in view, grows in view.
      const before = measure && i === k && y0 >= top ? mark() : null;
      if (!buildCard(ctx, plan(i), ctx.stop !== null) && !skipped++) {
        console.warn('ibid: a quote changed while its card was waiting to be built; it is left as it is (refresh() builds it)');
      }
      // destroy() or refresh() from a page's handler, run by a change.
      if (stopped) return;
      if (before !== null) y += mark() - before;
    }
    const dy = measure ? mark() - y : 0;
    if (dy) scrollAtOnce(scroller, dy);
  };
  some(() => at >= inView);
  if (at === order.length) return settle(ctx);
  let timer = 0;
  /** No more tasks: the timer and listeners go; the held ibid:ready is returned. */
  const detach = () => {
    win.clearTimeout(timer);
    win.removeEventListener('beforeprint', all);
    root.ownerDocument.removeEventListener('visibilitychange', hidden);
    ctx.stop = null;
    const announce = ctx.announce;
    ctx.announce = null;
    return announce;
  };
  const finish = () => {
    const announce = detach();
    ctx.nodes = ctx.lengths = null;
    settle(ctx, !stopped);
    if (announce) announce();
  };
  /** Builds until `until()` says stop; true when every card is built. */
  const run = (until) => {
    let failure = null;
    try {
      some(until);
    } catch (e) {
      // Stopped mid-card by the page (a handler that destroy()s or
      // refresh()es, called from inside a change): not a failure.
      if (!stopped) {
        detach();
        // Before unwire(), whose ibid:close a page may answer with refresh().
        root.removeAttribute('data-ibid-enhanced');
        unwire(ctx);
        settle(ctx, !(e instanceof WebAssembly.RuntimeError));
        failure = [e];
      }
    }
    if (stopped || !ctx.stop) {
      // What was done since destroy() or refresh() undid the rest, or everything after a failure.
      undo(ctx);
      ctx.nodes = ctx.lengths = null;
      // Told once all is undone: a handler may enhance the root again. Not
      // when one has already (an ibid:close handler that refresh()es).
      if (failure && !root.hasAttribute('data-ibid-enhanced')) failed(root, failure[0]);
      return false;
    }
    return at === order.length;
  };
  // The browser's rendering after each task costs more the longer the post
  // (thousands of quotes: tens of milliseconds more), so a task builds for a
  // quarter of the time since the last one ended (at least CHUNK_MS, at most
  // MAX_CHUNK_MS): the number of tasks, and the time spent between them,
  // stay in proportion to the post. A quarter keeps this stable: a task's own
  // cards take about twice its time to lay out.
  let last = 0;
  const step = () => {
    timer = 0;
    const t = performance.now();
    const budget = Math.min(MAX_CHUNK_MS, Math.max(CHUNK_MS, last ? (t - last) / 4 : 0));
    // The parse result (a long post's JSON) is taken in a task of its own.
    if (run(() => performance.now() - t >= budget)) timer = win.setTimeout(finish, 0);
    else if (ctx.stop) {
      last = performance.now();
      timer = win.setTimeout(step, 0);
    }
  };
  const all = () => run(() => false) && finish();
  const hidden = () => root.ownerDocument.hidden && all();
  win.addEventListener('beforeprint', all);
  // A tab sent to the background finishes at once (its timers would be held back).
  root.ownerDocument.addEventListener('visibilitychange', hidden);
  timer = win.setTimeout(step, 0);
  ctx.stop = () => {
    stopped = true;
    at = order.length;
    finish();
  };
}

/**
 * Carries out one quote's plan (JSON, see src/plan.rs); its popups and
 * original-text toggle join the context's lists, a popup's index there being
 * its trigger's data-ibid-popup. `later`: in a task after enhance(), where a
 * quote whose text the page has changed is left as it is (returns false).
 */
function buildCard(ctx, json, later) {
  // A blockquote that makes no quote (see src/quotes.rs).
  if (!json) return true;
  const q = JSON.parse(json);
  if (later && !unchanged(ctx, q)) return false;
  // Notes last one first, so that earlier text offsets stay valid.
  const notes = () => {
    for (let i = q.notes.length - 1; i >= 0; i--) note(ctx, q.notes[i], q.i);
  };
  // A quote with notes but nothing else gets no card: its notes are enough.
  if (!q.card) {
    notes();
    return true;
  }
  const bq = nodeAt(ctx, q.bq);
  const outer = nodeAt(ctx, q.outer);
  const parent = outer.parentNode;
  if (!parent) throw new Error('ibid: quote has no parent');
  const figure = el('figure', 'ibid-card ibid-card--' + q.kindClass);
  figure.setAttribute('data-ibid-quote', q.i);
  // Header: kind, from → to (or "A and B"), dates, and the original toggle;
  // built before the card joins the page. None when the plan has nothing
  // for it (a card with only a source).
  const header = q.header && figure.appendChild(el('div', 'ibid-card__header'));
  if (q.kind !== undefined) header.append(el('span', 'ibid-card__kind', q.kind));
  if (q.from !== undefined || q.to !== undefined) {
    const parties = el('span', 'ibid-card__parties');
    if (q.from !== undefined) parties.append(el('span', 'ibid-card__from', q.from));
    if (q.to !== undefined) {
      if (q.andWord) parties.append(txt(q.andWord));
      else {
        parties.append(unspoken('span', 'ibid-card__arrow', ' → '), el('span', 'ibid-visually-hidden', q.toWord));
      }
      parties.append(el('span', 'ibid-card__to', q.to));
    }
    header.append(parties);
  }
  if (q.dates) {
    const dates = el('span', 'ibid-card__dates');
    q.dates.forEach((part, i) => {
      if (i > 0) dates.append(txt(part[0] === 'd' && q.dates[i - 1][0] === 'w' ? ' ' : ' · '));
      if (part[0] === 'w') dates.append(txt(part[1]));
      else if (part[0] === 'd') {
        const time = el('time', '', part[1]);
        time.dateTime = part[2];
        dates.append(time);
      } else dates.append(el('span', 'ibid-card__transit', part[1]));
    });
    header.append(dates);
  }
  // The card is put together out of the rendering (display: none, set
  // through the CSSOM, which a strict CSP allows): the text splits and
  // insertions below then cost no layout work each, and the card is laid
  // out once when shown. Nothing is painted in between.
  figure.style.display = 'none';
  parent.insertBefore(figure, outer);
  inserted(ctx, figure);
  // Heading paragraphs outside the blockquote come into the card.
  for (const h of q.head || []) {
    const node = nodeAt(ctx, h);
    if (!bq.contains(node)) moveTo(ctx, node, figure, null);
  }
  // Originals: moved into a hidden container shown by the toggle.
  if (q.orig) {
    const id = ctx.prefix + '-orig' + q.i;
    const holder = el('div', 'ibid-card__original');
    holder.id = id;
    holder.setAttribute('lang', q.orig.lang);
    figure.append(holder);
    for (const o of q.orig.nodes) moveTo(ctx, nodeAt(ctx, o), holder, null);
    const toggle = el('button', 'ibid-card__toggle', q.orig.label);
    toggle.type = 'button';
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', id);
    header.append(toggle);
    ctx.toggles.push([toggle, figure]);
  }
  moveTo(ctx, outer, figure, null);
  notes();
  // The attribution becomes the footer.
  if (q.attr !== undefined || q.cite) {
    const caption = el('figcaption', 'ibid-card__footer');
    figure.append(caption);
    const cite = el('cite', 'ibid-card__attribution');
    caption.append(cite);
    if (q.attr !== undefined) {
      const node = nodeAt(ctx, q.attr);
      // Children move into ibid's <cite>; the emptied element leaves the page.
      while (node.firstChild) moveTo(ctx, node.firstChild, cite, null);
      remove(ctx, node);
    }
    if (q.cite) citation(ctx, q.cite, cite, q.i);
  }
  if (q.print) {
    const list = el('ol', 'ibid-card__notes');
    for (const line of q.print) list.append(el('li', '', line));
    figure.append(list);
  }
  figure.style.removeProperty('display');
  if (!figure.getAttribute('style')) figure.removeAttribute('style');
  return true;
}

/**
 * Whether the text a plan splits (its notes' and its citation's ends) still
 * has the length it was read with. A card built in a later task may find the
 * page changed it meanwhile (a hyphenation script adding soft hyphens, say):
 * its offsets would then wrap, and hide, the wrong words. And the quote must
 * still be in a parent (the page may have removed its blockquote).
 */
function unchanged(ctx, q) {
  const same = (p) => !p || ctx.nodes[p[0]]?.length === ctx.lengths[p[0]];
  return (
    (!q.card || !!ctx.nodes[q.outer]?.parentNode) &&
    q.notes.every((n) => same(n.s) && same(n.e)) &&
    (!q.cite || (same(q.cite.s) && same(q.cite.e)))
  );
}

// ---------------------------------------------------------------------------
// Events: one delegated listener per type on the root, plus Escape, outside
// presses, scroll and resize on the window; the core's engine decides.
// ---------------------------------------------------------------------------

const TRIGGER = '[data-ibid-popup]';
const POPUP = '.ibid-popup[data-ibid-for]';
// The engine's inputs (src/web/events.rs).
/** What the engine's last call gave, two numbers at a time (events.rs `put`). */
let out = [];
export function put(a, b) {
  out.push(a, b);
}
/** The numbers the engine puts while `call` runs. */
const took = (call) => {
  out = [];
  call();
  return out;
};

const ENTER = 0, LEAVE = 1, ENTER_POPUP = 2, LEAVE_POPUP = 3, FOCUS = 4, BLUR = 5, CLICK = 6, OUTSIDE = 7, ESCAPE = 8, TIMER = 9, PRESS_POPUP = 10, ELSEWHERE = 11;

/** The element matching `selector` at or around an event target, or null. */
function closest(target, selector) {
  const el = target && (target.nodeType === 1 ? target : target.parentElement);
  return el ? el.closest(selector) : null;
}

/** The popup index in `attr` of the element matching `selector` around `target`, or -1. */
function idOf(target, selector, attr) {
  const v = closest(target, selector)?.getAttribute(attr);
  return v && /^\d+$/.test(v) ? +v : -1;
}

/**
 * Wires the root's events to `engine` (an Engine from the core, freed by
 * unwire). `labels`: the original toggle's two labels.
 */
export function wire(ctx, root, engine, sheetBreakpoint, showOriginal, showTranslation) {
  const popups = ctx.popups;
  // The live nodes were needed to render; content the page removes later must
  // not be held (a long post's still being built lets go of them when done).
  if (!ctx.stop) ctx.nodes = ctx.lengths = null;
  const win = root.ownerDocument.defaultView || window;
  let timer = 0;
  let frame = 0;
  // Set by unwire: a page's ibid:open/ibid:close handler may destroy() or
  // refresh() mid-way through the effects, and the engine is freed then.
  let dead = false;
  const listeners = [];

  // The detail: the popup's entry but the popup, in a new object each time.
  const dispatch = (name, { popup, ...detail }) => tell(root, name, detail);

  /**
   * A bottom sheet on narrow or hover-less screens, else floating by the
   * trigger. `clear`: a sheet over its trigger scrolls the page (or the
   * trigger's scrolling box) at once to leave it clear (on opening, not as
   * the reader scrolls).
   */
  const position = (info, clear) => {
    if (dead) return;
    const p = info.popup;
    const vw = win.innerWidth;
    const vh = win.innerHeight;
    const sheet = vw <= sheetBreakpoint || win.matchMedia('(hover: none)').matches;
    p.classList.toggle('ibid-popup--sheet', sheet);
    p.classList.toggle('ibid-popup--float', !sheet);
    p.style.removeProperty('left');
    p.style.removeProperty('top');
    // The trigger's first and last line boxes (placing needs no others).
    const lines = info.trigger.getClientRects();
    const f = lines[0] || new DOMRect();
    const l = lines[lines.length - 1] || f;
    const size = p.getBoundingClientRect();
    const [x, y, above, dy] = took(() => engine.place(f.left, f.top, f.width, f.height, l.left, l.top, l.width, l.height, size.width, size.height, vw, vh));
    p.classList.toggle('is-above', !sheet && above === 1);
    if (!sheet) {
      p.style.left = Math.round(x) + 'px';
      p.style.top = Math.round(y) + 'px';
    } else if (clear && dy) scrollAtOnce(scrollerOf(info.trigger, win), dy);
  };

  const show = (id) => {
    const info = popups[id];
    if (!info) return;
    info.popup.hidden = false;
    info.trigger.classList.add('is-active');
    position(info);
    // A sheet opened by the mousedown of a tap (its focus) may be under the
    // finger: it lets the tap's mouseup and click through to the trigger
    // until the next frame, which scrolls the trigger clear before painting.
    const p = info.popup;
    p.style.pointerEvents = 'none';
    win.requestAnimationFrame(() => {
      p.style.removeProperty('pointer-events');
      p.hidden || position(info, true);
    });
    dispatch('ibid:open', info);
  };

  const hide = (id) => {
    const info = popups[id];
    if (!info) return;
    info.popup.hidden = true;
    info.popup.classList.remove('ibid-popup--sheet', 'ibid-popup--float', 'is-above');
    info.trigger.classList.remove('is-active');
    dispatch('ibid:close', info);
  };

  const disarm = () => {
    clearTimeout(timer);
    if (frame) win.cancelAnimationFrame(frame);
    timer = frame = 0;
  };
  /**
   * The engine's one timer, `ms` after `at` (for a hover, the pointer
   * event's timeStamp: the intent counts from the pointer's arrival, not
   * from when this code ran; else now). It fires at its deadline, or in the first
   * animation frame that starts after it if that comes first (a task due
   * while a frame is being rendered waits for it): a popup due by then is
   * painted in that frame, not the next one. Never before the deadline. A
   * timeStamp that is missing, zero, or not on this page's clock (an old
   * browser's epoch time) counts as now.
   */
  const arm = (ms, at) => {
    disarm();
    const now = win.performance.now();
    const due = (at > 0 && at <= now ? at : now) + ms;
    const fire = () => {
      disarm();
      feed(TIMER, 0);
    };
    // setTimeout may run up to a millisecond early (fractional delays are cut).
    const onTime = () => {
      const left = due - win.performance.now();
      if (left > 0) timer = setTimeout(onTime, Math.ceil(left));
      else fire();
    };
    const tick = (t) => {
      if (t >= due) fire();
      else frame = win.requestAnimationFrame(tick);
    };
    timer = setTimeout(onTime, Math.max(0, Math.ceil(due - now)));
    frame = win.requestAnimationFrame(tick);
  };

  /** Feeds one input (`at`: when it happened) and carries out the effects; true when the input was consumed. */
  const feed = (kind, id, at) => {
    if (dead) return false;
    const fx = took(() => engine.on(kind, id));
    let consumed = false;
    for (let i = 0; i < fx.length && !dead; i += 2) {
      const effect = fx[i];
      const arg = fx[i + 1];
      if (effect === 0) show(arg);
      else if (effect === 1) hide(arg);
      else if (effect === 2) arm(arg, at);
      else if (effect === 3) disarm();
      else consumed = true;
    }
    return consumed;
  };

  /** The pointer crossed into or out of a trigger or a popup: hover only, not touch, not a move within one. */
  const crossing = (event, entering) => {
    if (!(event instanceof win.PointerEvent) || event.pointerType === 'touch') return;
    for (const [selector, attr, isPopup] of [
      [TRIGGER, 'data-ibid-popup', false],
      [POPUP, 'data-ibid-for', true],
    ]) {
      const id = idOf(event.target, selector, attr);
      if (id < 0 || idOf(event.relatedTarget, selector, attr) === id) continue;
      // The hover intent counts from the pointer's arrival; the close grace
      // from now, so that a page frozen meanwhile does not use it up.
      feed(isPopup ? (entering ? ENTER_POPUP : LEAVE_POPUP) : entering ? ENTER : LEAVE, id, entering ? event.timeStamp : 0);
    }
  };

  const toggle = (button) => {
    const found = ctx.toggles.find(([b]) => b === button);
    if (!found) return;
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
    found[1].classList.toggle('is-original', open);
    button.replaceChildren(txt(open ? showTranslation : showOriginal));
  };

  ctx.unwire = () => {
    const open = engine.open() >> 1;
    dead = true;
    disarm();
    for (const off of listeners) off();
    engine.free();
    if (open >= 0) hide(open);
  };
  const on = (target, type, capture, f) => {
    const options = { capture, passive: type !== 'keydown' };
    target.addEventListener(type, f, options);
    listeners.push(() => target.removeEventListener(type, f, options));
  };
  on(root, 'pointerover', false, (e) => crossing(e, true));
  on(root, 'pointerout', false, (e) => crossing(e, false));
  // Focus on anything but a trigger closes the open popup (the engine says
  // when), as a blur does; not focus on an element holding it, which is
  // where a press in the popup puts focus (a theme's <main tabindex="-1">).
  on(win, 'focusin', true, (e) => {
    const open = popups[engine.open() >> 1];
    // The element itself, not a shadow host standing for what is inside it.
    const to = e.composedPath()[0];
    if (open && to.contains && to.contains(open.popup)) return;
    const id = root.contains(e.target) ? idOf(e.target, TRIGGER, 'data-ibid-popup') : -1;
    feed(id < 0 ? ELSEWHERE : FOCUS, id, e.timeStamp);
  });
  on(root, 'focusout', false, (e) => {
    const id = idOf(e.target, TRIGGER, 'data-ibid-popup');
    if (id >= 0) feed(BLUR, id, 0);
  });
  on(root, 'click', false, (e) => {
    const id = idOf(e.target, TRIGGER, 'data-ibid-popup');
    if (id >= 0) return void feed(CLICK, id);
    const button = closest(e.target, '.ibid-card__toggle');
    if (button) toggle(button);
  });
  // A press in this root's popup (a tap to select its text) keeps it open;
  // one in another root's changes nothing here.
  on(win, 'pointerdown', true, (e) => {
    const t = e.target;
    if (!closest(t, TRIGGER)) feed(closest(t, POPUP) ? PRESS_POPUP : OUTSIDE, root.contains(t) ? idOf(t, POPUP, 'data-ibid-for') : -1);
  });
  on(win, 'keydown', true, (e) => {
    if ((e.key === 'Escape' || e.key === 'Esc') && feed(ESCAPE, 0)) {
      e.preventDefault();
      e.stopPropagation();
    }
  });
  for (const type of ['scroll', 'resize']) {
    on(win, type, true, () => {
      // A popup under the pointer stays put while the page scrolls
      // (WCAG 1.4.13 hoverable: the wheel must not close it).
      if (dead) return;
      // engine.open(): the open popup's id times two, plus one when the pointer is on it.
      const open = engine.open();
      if (open >= 0 && !(open & 1) && popups[open >> 1]) position(popups[open >> 1]);
    });
  }
}

/** Removes every listener, closing an open popup first (with its ibid:close). */
export function unwire(ctx) {
  // Cards still to be built are not: undo() takes back those that are.
  ctx.announce = null;
  if (ctx.stop) ctx.stop();
  const off = ctx.unwire;
  ctx.unwire = null;
  if (off) off();
}

/**
 * `input` parsed as an HTML document, if it is a string: its `<html>`
 * element (DOMParser documents are inert: no script runs, nothing loads);
 * else null.
 */
export function parseHtml(input) {
  return typeof input === 'string' ? new DOMParser().parseFromString(input, 'text/html').documentElement : null;
}

/**
 * The tree index of a parsed document's root, as src/select.rs picks it on
 * the command line: the first selector of `selectors` that matches a read
 * element wins, else the body, else the tree's root (0).
 */
export function rootIndex(ctx, selectors) {
  const doc = ctx.nodes[0];
  const index = (el) => (el ? ctx.nodes.indexOf(el) : -1);
  for (const selector of selectors.split(',').map((s) => s.trim())) {
    for (const el of doc.querySelectorAll(selector)) {
      // A document parsed without a doctype is in quirks mode, where class
      // selectors ignore case; src/select.rs does not.
      if (selector[0] === '.' && !el.classList.contains(selector.slice(1))) continue;
      const i = index(el);
      if (i > 0) return i;
    }
  }
  return Math.max(0, index(doc.body));
}

/** Dispatches `ibid:…` event `name` on the root, bubbling, with `detail`. */
const tell = (root, name, detail) => root.dispatchEvent(new CustomEvent(name, { bubbles: true, detail }));

/**
 * Tells of a failed enhancement, everything undone: one console error, and
 * `ibid:error` on the root (a page waiting for ibid:ready learns it will not come).
 */
export function failed(root, error) {
  // Told once: the API module does not tell again of a trap in a plan (src/web/render.rs) this reports.
  if (error instanceof Object) error.ibidTold = true;
  console.error('ibid: could not enhance this page; it is left as it was:', error);
  tell(root, 'ibid:error', { error });
}

/**
 * Marks the root enhanced and tells the page: `ibid:ready` with the parse
 * result's quotes and diagnostics, once every card is built; returns that detail.
 */
export function ready(ctx, root) {
  // The JSON is parsed when first read or written (most pages never look);
  // from then on both are plain data properties, as any object's.
  const detail = {};
  const keys = ['quotes', 'diagnostics'];
  const define = (key, how) => Object.defineProperty(detail, key, { ...how, enumerable: true, configurable: true });
  const parse = () => {
    const json = JSON.parse(result(ctx));
    for (const key of keys) define(key, { value: json[key], writable: true });
  };
  for (const key of keys) {
    define(key, {
      get() {
        parse();
        return detail[key];
      },
      set(value) {
        parse();
        detail[key] = value;
      },
    });
  }
  root.setAttribute('data-ibid-enhanced', '');
  const announce = () => tell(root, 'ibid:ready', detail);
  if (ctx.stop) ctx.announce = announce;
  else announce();
  return detail;
}

/** The quotes of a detail `ready` returned. */
export const quotesOf = (detail) => detail.quotes;

export const undone = (f) => f?.();
