// The long post of tests/e2e/long-post*.test.mjs: N quotes of two or three notes
// and a citation each, every fifth with a heading line and an original before
// it; a page that imports the API; and opening it in a fresh context.
import { openPage } from './helpers.mjs';

export const N = 300;

/**
 * The quotes' markup. `last`: the last blockquote gets id="last" and a custom
 * element `<x-el>` in its text; `dukhonin`: a third note in every quote.
 */
export function quotes({ last = false, dukhonin = false } = {}) {
  const out = [];
  for (let i = 0; i < N; i++) {
    const isLast = last && i === N - 1;
    if (i % 5 === 2) out.push(`<p>Letter from Chen Lu to the Foreign Ministry, ${1 + (i % 28)} December 1917:</p>`, '<p lang="zh">俄國內爭日烈，過激派勢力益張。</p>');
    out.push(
      `<blockquote${isLast ? ' id="last"' : ''}><p>Quote ${i}: Russia’s internal conflict has been increasingly intense and the bolsheviks’ [lit. maximalists’ – ed.] strength has grown [sic] further.` +
        `${dukhonin ? ' Commander-in-Chief Dukhonin [N.N. Dukhonin – ed.] has been dismissed.' : ''}${isLast ? ' <x-el>!</x-el>' : ''}</p></blockquote>`,
      `<p>Telegram from Liu Jingren, ${1 + (i % 28)} November 1917 (sent 8 November). ${i === 0 ? '<em>Zhong-e guanxi shiliao</em> (1), p. 181.' : `Ibid., p. ${181 + i}.`}</p>`,
    );
  }
  return out.join('\n');
}

/** A page with `body`, ibid.css (and `head`), importing the API as `window.ibid`. */
export const page = (body, head = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ibid test: a long post</title>
<link rel="stylesheet" href="/ibid/ibid.css">${head}</head><body>
${body}
<script type="module">import * as ibid from '/ibid/index.js'; await ibid.init(); window.ibid = ibid; window.started = true;</script>
</body></html>`;

/** Serves `html` at /test/long-post.html in a fresh context, runs `fn(page)` once the API is in, and returns its result with the log. */
export async function onPage(browser, origin, html, fn) {
  const { context, page: p, log } = await openPage(browser, origin);
  try {
    await p.route(origin + '/test/long-post.html', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    await p.goto(origin + '/test/long-post.html');
    await p.waitForFunction(() => window.started);
    return { result: await fn(p), log };
  } finally {
    await context.close();
  }
}
