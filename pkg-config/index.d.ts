// Types for ibid's JavaScript API (index.js). See README.md.
// Self-contained: it does not load ibid_core.d.ts (whose `Symbol.dispose` needs lib esnext).

/** What `init()` takes: where the wasm is (a URL or request), a `Response`, its bytes or a compiled module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;
/** What `initSync()` takes: the wasm's bytes or a compiled module. */
export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Loads the WebAssembly core, once; later calls return the same promise.
 * Without `input` it fetches `ibid_core_bg.wasm` from beside `ibid_core.js`;
 * otherwise `input` is a URL, a `Response`, the bytes or a compiled `WebAssembly.Module`.
 */
export function init(input?: InitInput | Promise<InitInput>): Promise<void>;

/** Loads the core synchronously from its bytes or a compiled `WebAssembly.Module` (not `{ module }`). */
export function initSync(module: SyncInitInput): void;

/**
 * Enhances the quoted documents under `root` (after `init()`). A root of more than 64 quotes
 * is parsed and built in steps: the cards in view in the call, the rest in short tasks after it
 * (`ibid:ready` comes after the last).
 * Enhancing an enhanced root again changes nothing and returns a handle to the same enhancement.
 * Throws, after undoing every change and logging one `ibid:` console error, if the DOM refuses a change;
 * throws a `TypeError` (`ibid: …`), changing nothing, if `root` is not an element.
 */
export function enhance(root: Element, options?: Options | null): Handle;

/**
 * Parses an element, or an HTML string (in which the default roots are looked for, as `ibid parse` does),
 * into `{quotes, diagnostics}`: the same JSON as the command line. Never fails on any HTML.
 * Parsing a string needs `DOMParser` (a browser). Anything else throws a `TypeError` (`ibid: …`); an element
 * of an enhanced post throws an `Error` (ibid's cards are not the author's markup: read `Handle.quotes`).
 */
export function parse(rootOrHtml: Element | string): ParseResult;

/** The package's version, e.g. `"0.1.0"`. */
export const version: string;

/** The default of every option; `enhance(root, options)` merges `options` over these. */
export const defaults: Readonly<{
  hoverDelay: number;
  closeDelay: number;
  sheetBreakpoint: number;
  markers: readonly NoteKind[];
  labels: Readonly<Labels>;
  observe: boolean;
}>;

/** What `enhance()` returns. */
export interface Handle {
  /** Restores the author's markup exactly and removes every listener and observer. Idempotent. */
  destroy(): void;
  /** Undoes, then reads and renders the root again. If that fails, every change is undone, one `ibid:` console error is logged, `ibid:error` is dispatched on the root and the error is thrown. */
  refresh(): void;
  /** The quotes found, as `parse()` gives them (read before `ibid:ready`, it parses the rest of a long post at once); `null` once destroyed or after a `refresh()` that failed. */
  readonly quotes: Quote[] | null;
}

/** Options of `enhance()`; every one is optional (see `defaults`). */
export interface Options {
  /** Milliseconds the pointer rests on a trigger before its popup opens (100). */
  hoverDelay?: number | `${number}`;
  /** Grace period in milliseconds after the pointer leaves a trigger or popup (250). */
  closeDelay?: number | `${number}`;
  /** At or below this viewport width (CSS px), and on screens without hover, popups are a bottom sheet (480). */
  sheetBreakpoint?: number | `${number}`;
  /** Note kinds shown as numbered markers, as a list (any iterable) or a comma- or space-separated string; the others stay inline, explained on hover or focus. */
  markers?: Iterable<NoteKind> | string;
  /** Replaces any word ibid adds to the page. */
  labels?: Labels;
  /** Enhance quotes added under the root later (a MutationObserver; true). */
  observe?: boolean;
}

/** Every word ibid adds to a page; each one replaceable (English by default). */
export interface Labels {
  /** Before the sent date: "sent". */
  sent?: string;
  /** Before the received date: "received". */
  received?: string;
  /** After one day in transit: "day". */
  day?: string;
  /** After several days in transit: "days". */
  days?: string;
  /** Read by screen readers between sender and recipient: "to". */
  to?: string;
  /** Between the two parties of "Meeting between A and B": "and". */
  and?: string;
  /** Accessible name of a note marker, before its number: "Editorial note". */
  marker?: string;
  /** Heading of a citation popup: "Source". */
  citation?: string;
  /** Said of an Ibid.: "Ibid.: the same source as the document before". */
  ibid?: string;
  /** Before a page: "p.". */
  page?: string;
  /** Before pages: "pp.". */
  pages?: string;
  /** The original-text toggle while the translation shows: "Show original". */
  showOriginal?: string;
  /** The toggle while the original shows: "Show translation". */
  showTranslation?: string;
  /** The 12 month abbreviations, January first. */
  months?: readonly string[];
  /** Names of the kinds of note: `{literal: "Literal translation", …}`. */
  notes?: Partial<Record<NoteKind, string>>;
  /** Names of kinds of document, by the lower-case noun: `{telegram: "Telegramm"}`. */
  kinds?: Record<string, string>;
}

/** A kind of editorial note. */
export type NoteKind = 'note' | 'literal' | 'insertion' | 'explanation' | 'sic' | 'uncertain' | 'omission';

/** A quoted document. Missing fields are `null`. */
export interface Quote {
  /** The document noun heading the attribution, lower-case: "telegram", "letter", "meeting", … */
  kind: string | null;
  /** Sender as written (for "Meeting between A and B", A). */
  from: string | null;
  /** Recipient as written (for "Meeting between A and B", B). */
  to: string | null;
  /** Present (true) when `from` and `to` are the two parties of "between A and B", not a sender and a recipient. */
  between?: true;
  /** The principal date, ISO 8601 (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`): the received date where both are given. */
  date: string | null;
  /** The sent date, ISO 8601. */
  sent: string | null;
  source: Source | null;
  /** The attribution line as written, whitespace collapsed. */
  attribution: string | null;
  /** Editorial notes in the quote, in order. */
  notes: Note[];
  /** An original-language text given before the translation. */
  original: Original | null;
  /** The translation's plain text, paragraphs separated by a blank line. */
  text: string;
}

/** Where a document is published. */
export interface Source {
  /** The title, with its series or volume name (an Ibid.'s: the previous full citation's). */
  title: string | null;
  /** "vol. 1", "(1)". */
  volume: string | null;
  /** "175", "180-181": no p./pp., ranges with a hyphen. */
  pages: string | null;
  /** The attribution said Ibid., Idem, op. cit. or loc. cit. */
  ibid: boolean;
}

/** An editorial note: its text without brackets and signature, and its kind. */
export interface Note {
  text: string;
  kind: NoteKind;
}

/** An original-language text. */
export interface Original {
  /** A language tag, e.g. "zh". */
  lang: string;
  text: string;
}

/** A problem worth telling the author; line and column count in the root's text. */
export interface Diagnostic {
  message: string;
  line: number;
  column: number;
}

/** What `parse()` returns. Quotes are in document order. */
export interface ParseResult {
  quotes: Quote[];
  diagnostics: Diagnostic[];
}

/** `detail` of `ibid:ready`, dispatched on the root (bubbling) once every card is built (on a root of more than 64 quotes, in a task after `enhance()` returned). */
export type IbidReadyDetail = ParseResult;

/** `detail` of `ibid:open` and `ibid:close`, dispatched on the root (bubbling). */
export interface IbidPopupDetail {
  /** A note marker's (or inline note's) popup, or a citation's. */
  type: 'note' | 'citation';
  /** The note's kind; `null` for a citation. */
  noteKind: NoteKind | null;
  /** The popup's text. */
  text: string;
  /** Index of the quote in `quotes`. */
  quote: number;
  /** The button the popup belongs to. */
  trigger: HTMLButtonElement;
}
export type IbidOpenDetail = IbidPopupDetail;
export type IbidCloseDetail = IbidPopupDetail;

/**
 * `detail` of `ibid:error`, dispatched on the root (bubbling) when enhancing
 * failed (in `enhance()`, in `refresh()` or, on a long post, in a later task)
 * and every change is undone: `ibid:ready` will not come.
 */
export interface IbidErrorDetail {
  /** What was thrown. */
  error: unknown;
}

/** ibid's events, by name. */
export interface IbidEventMap {
  'ibid:ready': CustomEvent<IbidReadyDetail>;
  'ibid:open': CustomEvent<IbidOpenDetail>;
  'ibid:close': CustomEvent<IbidCloseDetail>;
  'ibid:error': CustomEvent<IbidErrorDetail>;
}

declare global {
  interface ElementEventMap extends IbidEventMap {}
  interface HTMLElementEventMap extends IbidEventMap {}
  interface DocumentEventMap extends IbidEventMap {}
  interface WindowEventMap extends IbidEventMap {}
}
