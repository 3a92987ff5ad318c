// The XSS corpus and the test pages of tests/e2e/security.test.mjs.
//
//   node tests/e2e/security-corpus.mjs      # (re)writes www/test/security/*.html
//
// The pages are generated from the corpus below so that every payload lands in
// every place ibid reads; security.test.mjs fails when the files on disk are not
// what this module generates (edit here, then run the command above).
//
// Every payload calls the sentinel `__pwned(N)` (N = payload × 100 + place), which
// the test defines and which must never run for text-context payloads.
import { writeFile, readFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
export const pagesDir = path.join(repoRoot, 'www/test/security');

/** `$$` → `__pwned(N)`, `@@` → N. A function gets N. */
const P = (t, raw = false) => ({ t, raw });
const b64 = (n) => Buffer.from(`<script>parent.__pwned(${n})</script>`).toString('base64');

/**
 * The corpus. `raw: true`: also placed as raw markup (balanced markup an author
 * might really paste into a post; unbalanced or page-breaking ones stay text only).
 */
export const PAYLOADS = [
  // <script>
  P('<script>$$</script>', true),
  P('<script src="data:text/javascript,$$"></script>', true),
  P('</script><script>$$</script>'),
  P('<scr<script>ipt>$$</scr</script>ipt>'),
  P('"><script>$$</script>'),
  // <img onerror>, every case variant of the handler
  P('<img src=x onerror=$$>', true),
  P('<img src="x" onerror="$$">', true),
  P('<IMG SRC=x ONERROR=$$>', true),
  P('<img src=x OnErRoR=$$>', true),
  P('<img src=x onError="$$">', true),
  P('<ImG sRc=x oNeRrOr=$$>', true),
  P('<img/src/onerror=$$>', true),
  P('<img src=x onerror=&#95;&#95;pwned(@@)>', true),
  P('<img src=x onerror="window[\'__pw\'+\'ned\'](@@)">', true),
  P('<img srcset="x 1x" onerror=$$>', true),
  P('<img src=x onerror=$$ '),
  // <svg>/<math>
  P('<svg onload=$$></svg>', true),
  P('<svg/onload=$$>'),
  P('<sVg OnLoAd=$$></sVg>', true),
  P('<svg><script>$$</script></svg>', true),
  P('<svg><animate onbegin=$$ attributeName=x dur=1s></animate></svg>', true),
  P('<svg><a xlink:href="javascript:$$"><text x="0" y="10">x</text></a></svg>', true),
  P('<svg><foreignObject><img src=x onerror=$$></foreignObject></svg>', true),
  P('<math><maction actiontype="statusline" xlink:href="javascript:$$">x</maction></math>', true),
  P('<math><mtext><table><mglyph><style><img src=x onerror=$$>'),
  P('<noscript><p title="</noscript><img src=x onerror=$$>">'),
  // frames and plugins
  P('<iframe srcdoc="<script>parent.$$</script>"></iframe>', true),
  P('<iframe srcdoc="&lt;img src=x onerror=parent.$$&gt;"></iframe>', true),
  P('<iframe src="javascript:parent.$$"></iframe>', true),
  P('<iframe src="data:text/html,<script>parent.$$</script>"></iframe>'),
  P('<object data="javascript:parent.$$"></object>', true),
  P('<object data="data:text/html,<script>parent.$$</script>"></object>'),
  P('<embed src="javascript:parent.$$">', true),
  // javascript: URLs
  P('javascript:$$'),
  P('JaVaScRiPt:$$'),
  P(' \tjavascript:$$'),
  P('<a href="javascript:$$">link</a>', true),
  P('<a href="JaVaScRiPt:$$">link</a>', true),
  P('<a href="&#106;avascript:$$">link</a>', true),
  P('<a href=" javascript:$$">link</a>', true),
  P('<a href="java&#x09;script:$$">link</a>', true),
  P('<form action="javascript:$$"><input type=submit value=go></form>', true),
  P('<form><button formaction="javascript:$$">go</button></form>', true),
  P('<isindex action=javascript:$$ type=image>', true),
  P('<link rel=stylesheet href="javascript:$$">', true),
  // data: URLs
  P('data:text/html,<script>$$</script>'),
  P((n) => `data:text/html;base64,${b64(n)}`),
  P('data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="$$"/>'),
  // event handlers on other elements, case variants
  P('<body onload=$$>', true),
  P('<BODY ONLOAD=$$>'),
  P('<input autofocus onfocus=$$>', true),
  P('<input AUTOFOCUS ONFOCUS=$$>'),
  P('<details open ontoggle=$$><summary>s</summary></details>', true),
  P('<details open OnToGgLe=$$><summary>s</summary></details>'),
  P('<video><source onerror=$$></video>', true),
  P('<audio src=x onerror=$$></audio>', true),
  P('<marquee onstart=$$>m</marquee>', true),
  P('<div onmouseover=$$ onpointerenter=$$ onclick=$$ onfocusin=$$ tabindex=0>d</div>', true),
  P('<x ONCLICK=$$ OnKeyDown=$$ oNfOcUs=$$>x</x>', true),
  P('<frameset onload=$$>'),
  P('<textarea autofocus onfocus=$$>'),
  // attribute breakers
  P('"><img src=x onerror=$$>'),
  P("'><img src=x onerror=$$>"),
  P('" onmouseover="$$" x="'),
  P("' autofocus onfocus='$$' x='"),
  P('</p><img src=x onerror=$$><p>'),
  P('</blockquote><img src=x onerror=$$>'),
  P('</title><img src=x onerror=$$>'),
  P('<!--<img src="--><img src=x onerror=$$//">', true),
  P('<![CDATA[<img src=x onerror=$$>]]>', true),
  P('<template><img src=x onerror=$$></template>', true),
  P('<meta http-equiv="refresh" content="0;url=javascript:$$">'),
  P('<base href="javascript:$$//">'),
  // entities that decode to markup (the DOM text holds the entity)
  P('&lt;img src=x onerror=$$&gt;'),
  P('&lt;script&gt;$$&lt;/script&gt;'),
  P('&#60;img src=x onerror=$$&#62;'),
  P('&#x3C;svg onload=$$&#x3E;'),
  P('&amp;lt;img src=x onerror=$$&amp;gt;'),
  // CSS injection
  P('</style><style>body{display:none}</style><img src=x onerror=$$>'),
  P('x{}body{display:none;background:url("javascript:$$")}'),
  P('expression($$)'),
  P('<p style="width:expression($$)">s</p>', true),
  P('<div style="background-image:url(javascript:$$)">s</div>', true),
  P('<style>@import "javascript:$$";</style>', true),
  P('<xss style="behavior:url(#default#time2)" onbegin=$$>', true),
  // template-literal and JSON breakers
  P('${$$}'),
  P('`;$$;`'),
  P('${`${$$}`}'),
  P('"};$$;//'),
  P("'};$$;//"),
  P('"]});$$;//'),
  P('\\"});$$;//'),
  P('{"__proto__":{"innerHTML":"<img src=x onerror=$$>"}}'),
  // Unicode escapes and look-alikes
  P('\\u003cimg src=x onerror=$$\\u003e'),
  P('\\x3cimg src=x onerror=$$\\x3e'),
  P('\uFF1Cimg src=x onerror=$$\uFF1E'),
  P('\u2028$$\u2029'),
  P('\u202E<img src=x onerror=$$>'),
  P('%3Cimg%20src%3Dx%20onerror%3D$$%3E'),
  // shaped like ibid's own input
  P('[<img src=x onerror=$$> – ed.]'),
];

export const payload = (i, place) => {
  const n = i * 100 + place;
  const t = PAYLOADS[i].t;
  const s = typeof t === 'function' ? t(n) : t;
  return s.replaceAll('$$', `__pwned(${n})`).replaceAll('@@', String(n));
};

/** Places (the last two digits of N). */
export const PLACE = {
  quote: 1,
  note: 2,
  literal: 3,
  explanation: 4,
  uncertain: 5,
  insertion: 6,
  from: 7,
  to: 8,
  title: 9,
  pages: 10,
  ibidTitle: 11,
  original: 12,
  headerFrom: 13,
  dataKind: 20,
  dataFrom: 21,
  dataTo: 22,
  dataDate: 23,
  dataSent: 24,
  dataSource: 25,
  dataPages: 26,
  dataLabels: 30,
  dataMarkers: 31,
  dataRoot: 32,
  badLabels: 33,
  apiLabels: 40,
  apiMarkers: 41,
  apiKinds: 42,
  rawQuote: 60,
  rawNote: 61,
  rawAttribution: 62,
  rawTitle: 63,
  rawOriginal: 64,
  rawFooter: 65,
};
export const placeName = (n) => {
  const p = n % 100;
  const name = Object.keys(PLACE).find((k) => PLACE[k] === p) || `place${p}`;
  return `payload #${Math.floor(n / 100)} (${JSON.stringify(PAYLOADS[Math.floor(n / 100)]?.t?.toString().slice(0, 60))}) in ${name}`;
};

/** Escapes text for HTML text and attribute values: the parser gives back exactly `s`. */
export const esc = (s) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const LABEL_KEYS = ['sent', 'received', 'day', 'days', 'to', 'and', 'marker', 'citation', 'ibid', 'page', 'pages', 'showOriginal', 'showTranslation'];
const MONTHS = 12;
const NOTE_KINDS = ['note', 'literal', 'insertion', 'explanation', 'sic', 'uncertain', 'omission'];
const KINDS = ['telegram', 'letter', 'meeting', 'memorandum', 'report'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Labels whose every word is payloads: slot k holds every payload i with i ≡ k (mod slots),
 * so that all of the corpus passes through the labels.
 */
export function payloadLabels(place) {
  const slots = LABEL_KEYS.length + MONTHS + NOTE_KINDS.length + KINDS.length;
  const slot = (k) =>
    PAYLOADS.map((_, i) => i)
      .filter((i) => i % slots === k)
      .map((i) => payload(i, place))
      .join(' ');
  let k = 0;
  const labels = {};
  for (const key of LABEL_KEYS) labels[key] = slot(k++);
  labels.months = Array.from({ length: MONTHS }, () => slot(k++));
  labels.notes = Object.fromEntries(NOTE_KINDS.map((kind) => [kind, slot(k++)]));
  labels.kinds = Object.fromEntries(KINDS.map((kind) => [kind, slot(k++)]));
  return labels;
}

/** Markers: the real note kinds, then every payload. */
export const payloadMarkers = (place) => [...NOTE_KINDS.filter((k) => k !== 'insertion'), ...PAYLOADS.map((_, i) => payload(i, place))];

const head = (title, { loader = true, scriptAttrs = '' } = {}) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="../../ibid/ibid.css">
${loader ? `<script type="module" src="../../ibid/ibid.js"${scriptAttrs}></script>\n` : ''}</head>
<body>
`;
const foot = `</body>
</html>
`;

/** Enough Chinese that a paragraph ending with `latin` is still mostly CJK (ibid's test for an original). */
const chinese = (latin) => {
  const zh = '此外可注意者駐俄外交團與廣義派政府不但無正式之交際即事實上之往來亦力為規避其不為該派所慊可知';
  const letters = (latin.match(/\p{L}/gu) || []).length;
  return zh.repeat(Math.ceil((letters + 10) / zh.length)) + '。';
};

/** Payloads per text block: each place holds GROUP payloads, one after another. */
export const GROUP = 4;

/** The text-context quotes: every payload as text in every place ibid reads. */
function textQuotes() {
  const out = [];
  // One full citation first, so that Ibid. has something to resolve to.
  out.push(`<blockquote><p>Please wire the Ministry when possible.</p></blockquote>
<p>Letter from the Foreign Ministry to Ambassador Liu Jingren, 12 November 1917. <em>Zhong-e guanxi shiliao</em> (1), p. 175.</p>`);
  // Every month, every kind and a one-day transit, so that every label is shown.
  MONTH_NAMES.forEach((month, m) => {
    const kind = KINDS[m % KINDS.length];
    const noun = kind[0].toUpperCase() + kind.slice(1);
    const line =
      kind === 'meeting'
        ? `Meeting between Liu Jingren and the Foreign Minister, 2 ${month} 1918.`
        : `${noun} from Liu Jingren to the Foreign Ministry, 2 ${month} 1918 (sent 1 ${month}).`;
    out.push(`<blockquote><p>The ${month} document.</p></blockquote>\n<p>${line} Ibid., p. ${m + 1}.</p>`);
  });
  for (let g = 0; g < PAYLOADS.length; g += GROUP) {
    const group = PAYLOADS.map((_, i) => i).slice(g, g + GROUP);
    const x = (place) => group.map((i) => esc(payload(i, place))).join(' ');
    // Payloads in the author's text, notes and attribution line.
    out.push(`<blockquote><p>Text ${x(PLACE.quote)} and the bolsheviks’ [${x(PLACE.note)} – ed.] and [lit. ${x(PLACE.literal)} – ed.] and [i.e. ${x(PLACE.explanation)}] and [${x(PLACE.uncertain)}?] and [${x(PLACE.insertion)}] revolution [sic] […].</p></blockquote>
<p><em>Telegram from ${x(PLACE.from)} to ${x(PLACE.to)}, 27 November 1917 (sent 7 November). <em>${x(PLACE.title)}</em> (1), pp. ${x(PLACE.pages)}.</em></p>`);
    // Ibid. resolved to a payload title; a page range, for the pages label.
    out.push(`<blockquote><p>More text.</p></blockquote>
<p>Telegram from Liu Jingren, 28 November 1917 (sent 8 November). Ibid., pp. 181-182.</p>`);
    // Payloads in the data-ibid-* attributes, with and without an attribution line.
    out.push(`<blockquote data-ibid-kind="${x(PLACE.dataKind)}" data-ibid-from="${x(PLACE.dataFrom)}" data-ibid-to="${x(PLACE.dataTo)}" data-ibid-date="${x(PLACE.dataDate)}" data-ibid-sent="${x(PLACE.dataSent)}" data-ibid-source="${x(PLACE.dataSource)}" data-ibid-pages="${x(PLACE.dataPages)}"><p>Quoted text.</p></blockquote>
<p>Telegram from Liu Jingren, 27 November 1917 (sent 7 November). Ibid., p. 180.</p>
<blockquote data-ibid-kind="${x(PLACE.dataKind)}" data-ibid-from="${x(PLACE.dataFrom)}" data-ibid-to="${x(PLACE.dataTo)}" data-ibid-date="1917-11-27" data-ibid-sent="1917-11-07" data-ibid-source="${x(PLACE.dataSource)}" data-ibid-pages="${x(PLACE.dataPages)}"><p>Quoted text without an attribution.</p></blockquote>`);
    // A header-first document; an original before the translation.
    out.push(`<blockquote><p>A Telegram from ${x(PLACE.headerFrom)} to the Ministry of Foreign Affairs, 5 March 1918</p><p>Body of the telegram.</p></blockquote>
<blockquote><p>${chinese(x(PLACE.original))}${x(PLACE.original)}</p></blockquote>
<blockquote><p>Moreover, it is notable that the diplomatic corps avoids any dealings.</p></blockquote>
<p>Letter from Liu Jingren to the Foreign Ministry, 3 December 1917 (sent 27 November). <em>${x(PLACE.ibidTitle)}</em> (1), p. 201.</p>`);
  }
  return out.join('\n');
}

/** Raw markup an author could have written: balanced payloads inside quotes, notes, attributions, originals. */
function rawQuotes() {
  const out = [];
  PAYLOADS.forEach((p, i) => {
    if (!p.raw) return;
    const x = (place) => payload(i, place);
    out.push(`<blockquote><p>Text ${x(PLACE.rawQuote)} and the bolsheviks’ [${x(PLACE.rawNote)} – ed.] [lit. maximalists’ – ed.].</p></blockquote>
<p><em>Telegram from Liu Jingren ${x(PLACE.rawAttribution)}, 27 November 1917 (sent 7 November). <em>Zhong-e ${x(PLACE.rawTitle)} guanxi shiliao</em> (1), pp. 180-181.</em></p>
<blockquote><p>此外可注意者，駐俄外交團與廣義派政府不但無正式之交際。${x(PLACE.rawOriginal)}</p></blockquote>
<blockquote><p>Moreover, it is notable [lit. plain – ed.] that the diplomatic corps avoids any dealings.</p><footer>Letter from Liu Jingren to the Foreign Ministry, 3 December 1917. ${x(PLACE.rawFooter)} Ibid., p. 201.</footer></blockquote>`);
  });
  return out.join('\n');
}

const article = (body) => `<main id="main"><article id="post-1" class="post">
<header class="entry-header"><h1 class="entry-title">Payloads</h1></header>
<div class="entry-content">
${body}
</div>
</article></main>
`;

/** The demo post without what a strict CSP forbids the page itself: inline styles, data: images and the data: icon. */
async function cspPage() {
  let html = await readFile(path.join(repoRoot, 'www/index.html'), 'utf8');
  html = html
    .replace(/<style>[\s\S]*?<\/style>\n/, '')
    .replace(/ style="[^"]*"/g, '')
    .replace(/<img src="data:,"[^>]*>/g, '')
    .replace('<link rel="icon" href="data:,">\n', '')
    .replaceAll('./ibid/', '../../ibid/');
  return html.replace('<body', '<!-- Generated by tests/e2e/security-corpus.mjs from www/index.html: no inline style, no data: images or icon. -->\n<body');
}

const note = (what) => `<!-- Generated by tests/e2e/security-corpus.mjs (${what}); do not edit. -->\n`;

/** Every page, by file name. */
export async function buildPages() {
  const labels = esc(JSON.stringify(payloadLabels(PLACE.dataLabels)));
  const markers = esc(payloadMarkers(PLACE.dataMarkers).join(','));
  const pages = {
    'csp.html': await cspPage(),
    'xss-text.html':
      head('XSS corpus as text', { scriptAttrs: ` data-labels="${labels}" data-markers="${markers}"` }) +
      note('every payload as text in quotes, notes, attributions, data-ibid-* and the script tag') +
      article(textQuotes()) +
      foot,
    'xss-api.html':
      head('XSS corpus as text, for enhance()', { loader: false }) +
      note('the text corpus without the loader: the test calls enhance() with payload options') +
      article(textQuotes()) +
      foot,
    'xss-markup.html':
      head('XSS corpus as the author\u2019s markup') + note('balanced payloads as raw markup') + article(rawQuotes()) + foot,
  };
  // The loader's options: one script tag per payload (a query string makes each its own module).
  const tags = PAYLOADS.map((_, i) => {
    const bad = payload(i, PLACE.badLabels);
    return `<script type="module" src="../../ibid/ibid.js?p=${i}" data-root="${esc(payload(i, PLACE.dataRoot))}" data-labels="${esc(bad)}" data-markers="${esc(payload(i, PLACE.dataMarkers))}" data-hover-delay="${esc(bad)}"></script>`;
  });
  // One tag whose data-root is a valid selector (so it enhances), with labels that try prototype pollution.
  const n = (k) => 99 * 100 + k;
  const validRoot = `[data-x="<img src=x onerror=__pwned(${n(PLACE.dataRoot)})>"], .entry-content`;
  const pollute = JSON.stringify({
    __proto__: null,
    ['__proto__']: { sent: `<img src=x onerror=__pwned(${n(PLACE.dataLabels)})>`, polluted: 'yes' },
    constructor: { prototype: { polluted: 'yes' } },
    sent: `</script><script>__pwned(${n(PLACE.dataLabels)})</script>`,
    received: `<img src=x onerror=__pwned(${n(PLACE.dataLabels)})>`,
  }).replace('"received":"<img', '"received":"\\u003cimg');
  tags.push(
    `<script type="module" src="../../ibid/ibid.js?p=valid" data-root="${esc(validRoot)}" data-labels="${esc(pollute)}" data-markers="${esc(`literal,<img src=x onerror=__pwned(${n(PLACE.dataMarkers)})>`)}"></script>`,
  );
  pages['xss-options.html'] = head('XSS corpus in the script tag\u2019s options', { loader: false }).replace(
    '</head>',
    `${tags.join('\n')}\n</head>`,
  ) +
    note('data-root, data-labels, data-markers of many script tags') +
    article(`<blockquote><p>Recently [lit. maximalists’ – ed.] strength has grown.</p></blockquote>
<p><em>Telegram from Liu Jingren, 27 November 1917 (sent 7 November). <em>Zhong-e guanxi shiliao</em> (1), pp. 180-181.</em></p>`) +
    foot;
  return pages;
}

/** Files on disk that differ from what buildPages() gives. */
export async function stalePages() {
  const pages = await buildPages();
  const stale = [];
  for (const [name, html] of Object.entries(pages)) {
    const onDisk = await readFile(path.join(pagesDir, name), 'utf8').catch(() => null);
    if (onDisk !== html) stale.push(name);
  }
  return stale;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await mkdir(pagesDir, { recursive: true });
  for (const [name, html] of Object.entries(await buildPages())) {
    await writeFile(path.join(pagesDir, name), html);
    console.log(`wrote www/test/security/${name} (${html.length} bytes)`);
  }
}
