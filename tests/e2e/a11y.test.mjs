// End-to-end accessibility checks T1–T17 (see /work/shared/research/anchors.md §4)
// on the demo page and on test/originals.html (a card with an original-text toggle),
// plus touch and axe-core. Each assertion prints what the page actually showed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { startServer, launchBrowser, openPage, waitForReady } from './helpers.mjs';

const require = createRequire(import.meta.url);
const DEMO = '/index.html';
const ORIGINALS = '/test/originals.html';
/** A point in the page margin at desktop widths: on no trigger and no popup. */
const AWAY = { x: 5, y: 5 };
const TRIGGERS = '.ibid-marker, .ibid-insertion, .ibid-cite';
const FOCUSABLE =
  'a[href], button, input, select, textarea, iframe, summary, [tabindex], [contenteditable]:not([contenteditable="false"]), audio[controls], video[controls]';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

let server, browser, axeSource;
const cleanups = [];
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
});
after(async () => {
  for (const f of cleanups) await f().catch(() => {});
  await browser?.close();
  await server?.close();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const json = (v) => JSON.stringify(v, null, 1);

/** A fresh enhanced page. */
async function load(url = DEMO, contextOptions = {}) {
  const opened = await openPage(browser, server.origin, contextOptions);
  await opened.page.goto(server.origin + url);
  await waitForReady(opened.page, opened.log);
  return opened;
}

/** Runs `fn` on a fresh page, then checks the page threw nothing and closes it. */
async function withPage(url, contextOptions, fn) {
  const opened = await load(url, contextOptions);
  try {
    await fn(opened);
    assert.deepEqual(opened.log.pageErrors, [], 'page errors');
    assert.deepEqual(opened.log.consoleErrors, [], 'console errors');
  } finally {
    await opened.context.close();
  }
}

/** What is going on in the page, for failure messages. */
function pageState(page) {
  return page.evaluate(() => {
    const d = (el) =>
      !el ? null : el === document.body ? 'body' : `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}` + (el.getAttribute('aria-describedby') ? `[→${el.getAttribute('aria-describedby')}]` : '');
    return {
      open: [...document.querySelectorAll('.ibid-popup:not([hidden])')].map((p) => `${p.id} ${p.className}`),
      active: d(document.activeElement),
      hovered: [...document.querySelectorAll(':hover')].slice(-2).map(d),
      scroll: [scrollX, scrollY],
    };
  });
}

/** Whether the popup named by the trigger's aria-describedby is shown. */
const isOpen = (trigger) =>
  trigger.evaluate((el) => {
    const p = document.getElementById(el.getAttribute('aria-describedby'));
    if (!p) throw new Error('aria-describedby names no element: ' + el.outerHTML.slice(0, 200));
    return !p.hasAttribute('hidden');
  });

async function waitOpen(page, trigger, open = true, timeout = 1000) {
  const handle = await trigger.elementHandle();
  try {
    await page.waitForFunction(
      ([el, want]) => {
        const p = document.getElementById(el.getAttribute('aria-describedby'));
        return !!p && p.hasAttribute('hidden') !== want;
      },
      [handle, open],
      { timeout, polling: 10 },
    );
  } catch {
    const what = await trigger.evaluate((el) => `${el.className} "${el.textContent.slice(0, 30)}"`);
    throw new Error(`popup of ${what} did not ${open ? 'open' : 'close'} within ${timeout} ms; page: ${json(await pageState(page))}`);
  }
}

/** Scrolls the trigger to the middle of the viewport; the centre of its first line box. */
async function pointOn(trigger) {
  return trigger.evaluate(async (el) => {
    el.scrollIntoView({ block: 'center', inline: 'nearest' });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const r = el.getClientRects()[0];
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
}

/** Hovers the trigger (pointer moved onto it) and waits for its popup. */
async function hoverOpen(page, trigger) {
  const p = await pointOn(trigger);
  await page.mouse.move(p.x, p.y);
  await waitOpen(page, trigger);
  return p;
}

const popupRect = (trigger) =>
  trigger.evaluate((el) => {
    const r = document.getElementById(el.getAttribute('aria-describedby')).getBoundingClientRect();
    return { x: r.x, y: r.y, w: r.width, h: r.height, right: r.right, bottom: r.bottom };
  });

const describeActive = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el === document.body ? 'body' : `${el.tagName} ${el.className} ${el.getAttribute('aria-describedby') || ''}`;
  });

/** Role, name and description of every element matching `selector`, from Chromium's accessibility tree. */
async function axNodes(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('Accessibility.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector });
    const out = [];
    for (const nodeId of nodeIds) {
      const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
      const n = nodes[0] || {};
      const prop = (k) => n.properties?.find((p) => p.name === k)?.value?.value;
      out.push({ role: n.role?.value, name: n.name?.value ?? '', description: n.description?.value ?? '', ignored: n.ignored, expanded: prop('expanded') });
    }
    return out;
  } finally {
    await cdp.detach();
  }
}

/** axe-core over the whole page; violations as readable lines. */
async function axe(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    if (r.passes.length === 0) throw new Error('axe-core checked nothing');
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')} :: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  }, AXE_TAGS);
}

const formatViolations = (vs) =>
  vs.map((v) => `  ${v.id} (${v.impact}): ${v.help}\n` + v.nodes.map((n) => `    - ${n}`).join('\n')).join('\n');

// ---------------------------------------------------------------- 1.4.13: T1–T5

test('popups keep working after garbage collection (the enhance() handle is kept alive)', async () => {
  await withPage(DEMO, {}, async ({ page, context }) => {
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await sleep(50);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.detach();
    const triggers = page.locator(TRIGGERS);
    const seen = [];
    for (let i = 0; i < 3; i++) {
      await triggers.nth(i).focus();
      seen.push(await page.evaluate(() => [...document.querySelectorAll('.ibid-popup:not([hidden])')].map((p) => p.id).join() || '(none)'));
    }
    const want = await triggers.evaluateAll((els) => els.slice(0, 3).map((el) => el.getAttribute('aria-describedby')));
    assert.deepEqual(seen, want, 'after a GC, focusing the first three triggers should open their popups (is the Handle freed by its FinalizationRegistry?)');
  });
});


test('T1 persistent: opened by hover and by focus, still shown after 10 s', async () => {
  const a = await load();
  const b = await load();
  try {
    const ta = a.page.locator('.ibid-marker').first();
    const tb = b.page.locator('.ibid-marker').first();
    await hoverOpen(a.page, ta);
    await tb.focus();
    assert.equal(await isOpen(tb), true, `focus should open at once; page: ${json(await pageState(b.page))}`);
    // Count every show/hide of any popup during the wait: a flicker is a failure too.
    const watch = (page) =>
      page.evaluate(() => {
        window.__flips = [];
        new MutationObserver((ms) => ms.forEach((m) => window.__flips.push(`${m.target.id} hidden=${m.target.hasAttribute('hidden')}`))).observe(
          document.body,
          { attributes: true, attributeFilter: ['hidden'], subtree: true },
        );
      });
    await watch(a.page);
    await watch(b.page);
    await sleep(10_000);
    for (const [name, { page }, t] of [['hover', a, ta], ['focus', b, tb]]) {
      const state = await pageState(page);
      assert.equal(await isOpen(t), true, `opened by ${name}: closed within 10 s; page: ${json(state)}`);
      assert.deepEqual(await page.evaluate(() => window.__flips), [], `opened by ${name}: popups shown/hidden during the wait`);
    }
    assert.equal(await ta.evaluate((el) => el.matches(':hover')), true, 'the pointer is still on the hovered trigger');
    assert.equal(await tb.evaluate((el) => el === document.activeElement), true, 'focus is still on the focused trigger');
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('T2 dismissible: Escape closes without moving pointer or focus, and is not seen by the page', async () => {
  await withPage(DEMO, {}, async ({ page }) => {
    await page.evaluate(() => {
      window.__keys = [];
      document.addEventListener('keydown', (e) => window.__keys.push(e.key));
    });
    const marker = page.locator('.ibid-marker').first();
    // Opened by hover.
    await hoverOpen(page, marker);
    const activeBefore = await describeActive(page);
    await page.keyboard.press('Escape');
    assert.equal(await isOpen(marker), false, `Escape should close the hovered popup; page: ${json(await pageState(page))}`);
    assert.equal(await marker.evaluate((el) => el.matches(':hover')), true, 'the pointer should still be on the trigger');
    assert.equal(await describeActive(page), activeBefore, 'Escape should not move focus');
    assert.deepEqual(await page.evaluate(() => window.__keys), [], 'a document keydown listener saw the Escape that closed a popup');
    await page.keyboard.press('Escape');
    assert.deepEqual(await page.evaluate(() => window.__keys), ['Escape'], 'with nothing open, Escape should reach the page');

    // Opened by focus.
    await page.mouse.move(AWAY.x, AWAY.y);
    await page.evaluate(() => (window.__keys = []));
    const cite = page.locator('.ibid-cite').nth(1);
    await cite.focus();
    assert.equal(await isOpen(cite), true, 'focus should open the citation popup');
    await page.keyboard.press('Escape');
    assert.equal(await isOpen(cite), false, `Escape should close the focused popup; page: ${json(await pageState(page))}`);
    assert.equal(await cite.evaluate((el) => el === document.activeElement), true, `focus moved to ${await describeActive(page)}`);
    assert.deepEqual(await page.evaluate(() => window.__keys), [], 'a document keydown listener saw the Escape that closed a focused popup');
    await page.keyboard.press('Escape');
    assert.deepEqual(await page.evaluate(() => window.__keys), ['Escape'], 'with nothing open, Escape should reach the page');
  });
});

test('T3 hoverable: a diagonal path from trigger into the popup, and wheel inside it, keep it open', async () => {
  await withPage(DEMO, {}, async ({ page }) => {
    for (const trigger of [page.locator('.ibid-marker').first(), page.locator('.ibid-cite').nth(2)]) {
      await page.mouse.move(AWAY.x, AWAY.y);
      await waitOpen(page, trigger, false);
      const from = await hoverOpen(page, trigger);
      const r = await popupRect(trigger);
      // Aim at a point off to the side of the trigger, so the path is diagonal across the gap.
      const to = { x: from.x < r.x + r.w / 2 ? r.x + r.w * 0.8 : r.x + r.w * 0.2, y: r.y + r.h / 2 };
      await page.mouse.move(to.x, to.y, { steps: 10 });
      await sleep(350);
      const state = await pageState(page);
      assert.equal(await isOpen(trigger), true, `closed while moving ${json(from)} → ${json(to)} into popup ${json(r)}; page: ${json(state)}`);
      assert.equal(
        await trigger.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby')).matches(':hover')),
        true,
        `the pointer should be over the popup; page: ${json(state)}`,
      );
      // Select some of the popup's text with the mouse.
      await page.mouse.down();
      await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2, { steps: 4 });
      await page.mouse.up();
      await sleep(350);
      const selected = await page.evaluate(() => String(getSelection()));
      assert.equal(await isOpen(trigger), true, `selecting text ("${selected}") in the popup closed it; page: ${json(await pageState(page))}`);
      // One wheel notch with the pointer on the popup.
      const y0 = await page.evaluate(() => scrollY);
      await page.mouse.wheel(0, 100);
      await sleep(350);
      const after = await pageState(page);
      assert.equal(await isOpen(trigger), true, `wheel inside the popup closed it (scrollY ${y0} → ${after.scroll[1]}); page: ${json(after)}`);
    }
  });
});

test('T4 after Escape, jitter on the trigger does not reopen; leaving and re-entering does', async () => {
  await withPage(DEMO, {}, async ({ page }) => {
    const marker = page.locator('.ibid-marker').first();
    const p = await hoverOpen(page, marker);
    await page.keyboard.press('Escape');
    assert.equal(await isOpen(marker), false, 'Escape should close it');
    await page.mouse.move(p.x + 3, p.y + 2, { steps: 3 });
    await page.mouse.move(p.x - 2, p.y - 1, { steps: 3 });
    await page.mouse.move(p.x + 1, p.y, { steps: 2 });
    await sleep(350);
    assert.equal(await isOpen(marker), false, `jitter reopened it; page: ${json(await pageState(page))}`);
    await page.mouse.move(AWAY.x, AWAY.y);
    await page.mouse.move(p.x, p.y);
    await waitOpen(page, marker, true, 1000);
  });
});

test('T5 no auto-hide; after unhover it closes within ~500 ms (after a grace period)', async () => {
  await withPage(DEMO, {}, async ({ page }) => {
    const marker = page.locator('.ibid-marker').nth(1);
    await hoverOpen(page, marker);
    const t0 = Date.now();
    await page.mouse.move(AWAY.x, AWAY.y);
    await waitOpen(page, marker, false, 1500);
    const elapsed = Date.now() - t0;
    assert.ok(elapsed <= 600, `closed ${elapsed} ms after unhover (want ≤ ~500)`);
    assert.ok(elapsed >= 150, `closed ${elapsed} ms after unhover: no grace period to reach the popup`);
  });
});

// ----------------------------------------------------------- keyboard walk (T6, T9, T10)

let walkPromise;
/** Tabs from the top of the demo page to its end once; every step: focus, open popups, focus style, obscuring. */
function keyboardWalk() {
  walkPromise ??= (async () => {
    const opened = await load(DEMO);
    cleanups.push(() => opened.context.close());
    const { page } = opened;
    await page.mouse.move(AWAY.x, AWAY.y);
    await page.evaluate(() => document.activeElement?.blur());
    const total = await page.locator(FOCUSABLE).count();
    const steps = [];
    for (let i = 0; i < total + 5; i++) {
      await page.keyboard.press('Tab');
      const s = await page.evaluate(() => {
        const el = document.activeElement;
        const rect = (e) => {
          const r = e.getBoundingClientRect();
          return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
        };
        // The focus indicator: an outline or box-shadow on the element or on a part of it.
        const ring = [el, ...el.querySelectorAll('*')]
          .map((e) => [e, getComputedStyle(e)])
          .find(([, cs]) => (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none');
        const cs = getComputedStyle(el);
        const open = [...document.querySelectorAll('.ibid-popup:not([hidden])')];
        const r = rect(el);
        return {
          el: el === document.body ? 'body' : `${el.tagName} ${el.className} ${el.getAttribute('aria-describedby') || ''}`.trim(),
          trigger: el.matches('[data-ibid-popup]'),
          marker: el.matches('.ibid-marker'),
          ownPopup: el.getAttribute('aria-describedby'),
          inPopup: !!el.closest('.ibid-popup'),
          open: open.map((p) => p.id),
          focusVisible: el.matches(':focus-visible'),
          outline: `${cs.outlineStyle} ${cs.outlineWidth}`,
          shadow: cs.boxShadow,
          ring: ring ? `${ring[0] === el ? 'self' : ring[0].tagName}: outline ${ring[1].outlineStyle} ${ring[1].outlineWidth}, box-shadow ${ring[1].boxShadow}` : null,
          obscuredBy: open
            .filter((p) => {
              const q = rect(p);
              return r.left >= q.left && r.right <= q.right && r.top >= q.top && r.bottom <= q.bottom;
            })
            .map((p) => p.id),
          scroll: scrollY,
        };
      });
      steps.push(s);
      if (s.el === 'body' && i > 0) break;
    }
    return { steps, page };
  })();
  return walkPromise;
}

test('T6 tooltip semantics: buttons with names, aria-describedby → role=tooltip holding the note', async () => {
  await withPage(DEMO, {}, async ({ page }) => {
    const dom = await page.$$eval(TRIGGERS, (els) =>
      els.map((el) => {
        const tip = document.getElementById(el.getAttribute('aria-describedby'));
        const note = el.closest('.ibid-note')?.querySelector('.ibid-note__text');
        const norm = (s) => (s || '').replace(/\s+/g, '');
        return {
          cls: el.className,
          tag: el.tagName,
          type: el.getAttribute('type'),
          text: el.textContent.trim(),
          describedby: el.getAttribute('aria-describedby'),
          tipRole: tip?.getAttribute('role') ?? null,
          tipText: tip ? tip.textContent : null,
          tipTextN: norm(tip?.textContent),
          popupText: tip?.querySelector('.ibid-popup__text')?.textContent ?? null,
          noteN: norm(el.matches('.ibid-insertion') ? el.textContent : note?.textContent).replace(/^\[|\]$/g, ''),
        };
      }),
    );
    assert.ok(dom.length >= 9, `expected 3 markers and 6 citations, saw ${dom.length}`);
    const ax = await axNodes(page, TRIGGERS);
    dom.forEach((d, i) => {
      const what = `${d.cls} "${d.text.slice(0, 40)}": ${json({ ...d, ax: ax[i] })}`;
      assert.equal(d.tag, 'BUTTON', what);
      assert.equal(d.type, 'button', what);
      assert.equal(ax[i].role, 'button', what);
      assert.ok(ax[i].name.trim().length > 1 && !/^\[?\s*\d*\s*\]?$/.test(ax[i].name.trim()), `no meaningful accessible name: ${what}`);
      if (d.cls.includes('ibid-marker')) assert.match(ax[i].name, /note/i, `marker name should say what it is: ${what}`);
      assert.equal(d.tipRole, 'tooltip', `aria-describedby should name a role=tooltip element: ${what}`);
      if (d.cls.includes('ibid-cite')) {
        const pages = d.text.match(/pp?\.\s*([\d–-]+)/);
        assert.ok(d.tipText.trim().length > 0, `empty citation popup: ${what}`);
        if (pages) assert.ok(d.tipText.includes(pages[1]), `citation popup lacks the page ${pages[1]}: ${what}`);
      } else {
        assert.ok(d.noteN.length > 0 && d.tipTextN.includes(d.noteN), `tooltip should contain the note "${d.noteN}": ${what}`);
      }
    });
    // The description reaches assistive technology while the popup is shown.
    const triggers = page.locator(TRIGGERS);
    for (let i = 0; i < dom.length; i++) {
      await triggers.nth(i).focus();
      assert.equal(await isOpen(triggers.nth(i)), true, `focus should open popup ${dom[i].describedby}`);
      const [node] = (await axNodes(page, `[aria-describedby="${dom[i].describedby}"]`));
      const want = (dom[i].popupText || dom[i].tipText).replace(/\s+/g, ' ').trim();
      assert.ok(
        node.description.replace(/\s+/g, ' ').includes(want),
        `accessible description of ${dom[i].cls} "${dom[i].text.slice(0, 30)}" is "${node.description}", want it to include "${want}"`,
      );
    }
  });
  // The tooltip is never focused.
  const { steps } = await keyboardWalk();
  const inPopup = steps.filter((s) => s.inPopup);
  assert.deepEqual(inPopup, [], 'Tab landed inside a popup');
  assert.equal(steps.filter((s) => s.trigger).length, 9, `Tab should reach all 9 triggers: ${json(steps.map((s) => s.el))}`);
});

test('T7/T8 popups hold nothing focusable; note text stays in the accessibility tree while closed', async () => {
  await withPage(DEMO, {}, async ({ page }) => {
    const focusables = await page.$$eval('.ibid-popup', (ps, sel) => ps.flatMap((p) => [...(p.matches('[tabindex]') ? [p] : []), ...p.querySelectorAll(sel)].map((e) => `${p.id}: ${e.outerHTML.slice(0, 120)}`)), FOCUSABLE);
    assert.deepEqual(focusables, [], 'focusable elements inside popups (the tooltip pattern would not apply)');
    const notes = await page.$$eval('.ibid-note__text', (els) =>
      els.map((el) => {
        const cs = getComputedStyle(el);
        return { text: el.textContent, ariaHidden: !!el.closest('[aria-hidden="true"]'), display: cs.display, visibility: cs.visibility, hiddenAttr: !!el.closest('[hidden]') };
      }),
    );
    assert.equal(notes.length, 3, `three editorial notes: ${json(notes)}`);
    for (const n of notes) {
      assert.ok(!n.ariaHidden && n.display !== 'none' && n.visibility !== 'hidden' && !n.hiddenAttr, `note text hidden from assistive technology: ${json(n)}`);
    }
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    await cdp.detach();
    const texts = nodes.filter((n) => !n.ignored && n.role?.value === 'StaticText').map((n) => n.name?.value || '');
    for (const n of notes) {
      const core = n.text.replace(/^\[|\]$/g, '').split('–')[0].trim();
      assert.ok(texts.some((t) => t.includes(core)), `"${core}" is not in the accessibility tree while its popup is closed`);
    }
  });
});

test('T9 keyboard: Tab to the first marker opens it; Tab on moves to the next trigger and closes it', async () => {
  const { steps } = await keyboardWalk();
  const first = steps.findIndex((s) => s.marker);
  assert.ok(first >= 0, `Tab never reached a marker: ${json(steps.map((s) => s.el))}`);
  assert.deepEqual(steps[first].open, [steps[first].ownPopup], `focused marker: ${json(steps[first])}`);
  const next = steps[first + 1];
  assert.ok(next?.trigger, `the next Tab stop after the first marker should be a trigger: ${json(next)}`);
  assert.deepEqual(next.open, [next.ownPopup], `one popup at a time after Tab: ${json(next)}`);
  for (const s of steps) {
    if (s.trigger) assert.deepEqual(s.open, [s.ownPopup], `a focused trigger shows its own popup only: ${json(s)}`);
    else assert.deepEqual(s.open, [], `focus off the triggers, nothing should be open: ${json(s)}`);
  }
});

test('T10 focus visible and not obscured by an open popup', async () => {
  const { steps } = await keyboardWalk();
  const triggers = steps.filter((s) => s.trigger);
  assert.ok(triggers.length > 0);
  for (const s of triggers) {
    assert.ok(s.focusVisible, `:focus-visible should match after Tab: ${json(s)}`);
    assert.ok(s.ring, `no visible focus indicator on the element or its parts (own outline ${s.outline}, box-shadow ${s.shadow}): ${s.el}`);
  }
  const obscured = steps.filter((s) => s.obscuredBy.length);
  assert.deepEqual(obscured, [], 'focused element fully inside an open popup');
  // The toggle on the originals page too.
  await withPage(ORIGINALS, {}, async ({ page }) => {
    for (let i = 0; i < 20 && !(await page.evaluate(() => document.activeElement.matches('.ibid-card__toggle'))); i++) await page.keyboard.press('Tab');
    const s = await page.evaluate(() => {
      const el = document.activeElement;
      const cs = getComputedStyle(el);
      return { cls: el.className, fv: el.matches(':focus-visible'), outline: `${cs.outlineStyle} ${cs.outlineWidth}`, shadow: cs.boxShadow };
    });
    assert.equal(s.cls, 'ibid-card__toggle', 'Tab should reach the toggle');
    assert.ok(s.fv && ((!s.outline.startsWith('none') && parseFloat(s.outline.split(' ')[1]) > 0) || s.shadow !== 'none'), `toggle focus not visible: ${json(s)}`);
  });
});

test('T11 target size: markers, icon citations and toggles ≥ 24×24; inline citations are inline', async () => {
  for (const url of [DEMO, ORIGINALS]) {
    await withPage(url, {}, async ({ page }) => {
      const boxes = await page.$$eval('.ibid-marker, .ibid-cite--icon, .ibid-card__toggle', (els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          return { el: `${el.className} "${el.textContent.trim().slice(0, 20)}"`, w: r.width, h: r.height };
        }),
      );
      assert.ok(boxes.length > 0, `${url}: nothing sized`);
      const small = boxes.filter((b) => b.w < 23.99 || b.h < 23.99);
      assert.deepEqual(small, [], `${url}: targets under 24×24 CSS px`);
      const inline = await page.$$eval('.ibid-insertion, .ibid-cite:not(.ibid-cite--icon)', (els) =>
        els.map((el) => ({ el: el.textContent.trim().slice(0, 30), display: getComputedStyle(el).display })),
      );
      assert.deepEqual(inline.filter((b) => b.display !== 'inline'), [], `${url}: citations/insertions claiming the inline exception must be inline`);
    });
  }
});

test('T12 hovering or focusing a trigger neither scrolls the page nor moves focus', async () => {
  await withPage(DEMO, {}, async ({ page }) => {
    const triggers = page.locator(TRIGGERS);
    const n = await triggers.count();
    for (let i = 0; i < n; i++) {
      const t = triggers.nth(i);
      const p = await pointOn(t);
      await page.mouse.move(AWAY.x, AWAY.y);
      await page.evaluate(() => document.activeElement?.blur());
      await waitOpen(page, t, false);
      const before = await pageState(page);
      await page.mouse.move(p.x, p.y);
      await waitOpen(page, t);
      await sleep(50);
      const hovered = await pageState(page);
      assert.deepEqual(hovered.scroll, before.scroll, `hover on trigger ${i} scrolled the page`);
      assert.equal(hovered.active, before.active, `hover on trigger ${i} moved focus`);
      await page.mouse.move(AWAY.x, AWAY.y);
      await waitOpen(page, t, false);
      await t.evaluate((el) => el.focus());
      assert.equal(await isOpen(t), true, `focus on trigger ${i} should open its popup`);
      await sleep(50);
      const focused = await pageState(page);
      assert.deepEqual(focused.scroll, before.scroll, `focus on trigger ${i} scrolled the page`);
      assert.equal(await t.evaluate((el) => el === document.activeElement), true, `focus moved away from trigger ${i}: ${focused.active}`);
    }
  });
});

test('T13 name, role, value: card structure, no role=quotation, toggle aria-expanded in sync', async () => {
  await withPage(DEMO, {}, async ({ page }) => {
    const cards = await page.$$eval('figure.ibid-card', (els) =>
      els.map((f) => ({ q: f.dataset.ibidQuote, figcaption: !!f.querySelector(':scope > figcaption'), quote: !!f.querySelector(':scope > blockquote, :scope > figure blockquote, :scope > figure.wp-block-quote') })),
    );
    assert.equal(cards.length, 6, json(cards));
    assert.deepEqual(cards.filter((c) => !c.figcaption || !c.quote), [], 'cards without figcaption or blockquote');
    assert.equal(await page.locator('[role="quotation"]').count(), 0, 'role="quotation" does not exist');
  });
  await withPage(ORIGINALS, {}, async ({ page }) => {
    assert.equal(await page.locator('[role="quotation"]').count(), 0, 'role="quotation" does not exist');
    const toggle = page.locator('.ibid-card__toggle');
    assert.equal(await toggle.count(), 1, 'the originals page has one toggle');
    const state = () =>
      toggle.evaluate((b) => {
        const card = b.closest('.ibid-card');
        const orig = document.getElementById(b.getAttribute('aria-controls'));
        const shown = (e) => !!e && getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0;
        return {
          expanded: b.getAttribute('aria-expanded'),
          label: b.textContent.trim(),
          controls: b.getAttribute('aria-controls'),
          origClass: orig?.className ?? null,
          origLang: orig?.getAttribute('lang') ?? null,
          origShown: shown(orig),
          translationShown: shown(card.querySelector(':scope > blockquote')),
          focusOnToggle: document.activeElement === b,
        };
      });
    const s0 = await state();
    assert.equal(s0.expanded, 'false', json(s0));
    assert.equal(s0.origClass, 'ibid-card__original', `aria-controls should name the original: ${json(s0)}`);
    assert.ok(s0.origLang, `the original needs a lang: ${json(s0)}`);
    assert.ok(!s0.origShown && s0.translationShown, `collapsed: translation only: ${json(s0)}`);
    const [ax0] = await axNodes(page, '.ibid-card__toggle');
    assert.ok(ax0.role === 'button' && ax0.name.trim() && String(ax0.expanded) === 'false', `toggle AX: ${json(ax0)}`);
    await toggle.click();
    const s1 = await state();
    assert.equal(s1.expanded, 'true', json(s1));
    assert.ok(s1.origShown && !s1.translationShown, `expanded: original only: ${json(s1)}`);
    assert.ok(s1.focusOnToggle, `focus should stay on the toggle: ${json(s1)}`);
    const [ax1] = await axNodes(page, '.ibid-card__toggle');
    assert.equal(String(ax1.expanded), 'true', `AX expanded after click: ${json(ax1)}`);
    await page.keyboard.press('Enter');
    const s2 = await state();
    assert.equal(s2.expanded, 'false', `Enter should collapse again: ${json(s2)}`);
    assert.ok(!s2.origShown && s2.translationShown, json(s2));
    await page.keyboard.press('Space');
    assert.equal((await state()).expanded, 'true', 'Space should expand');
  });
});

test('T14 quotation semantics kept and the text order is the author\'s', async () => {
  for (const url of [DEMO, ORIGINALS]) {
    await withPage(url, {}, async ({ page }) => {
      const r = await page.evaluate(async () => {
        const norm = (s) => s.replace(/\s+/g, ' ').trim();
        const raw = new DOMParser().parseFromString(await (await fetch(location.href)).text(), 'text/html');
        // Paragraph by paragraph (whitespace between paragraphs is not text order).
        const paras = (el) => {
          const ps = [...el.querySelectorAll('p')];
          return (ps.length ? ps : [el]).map((p) => norm(p.textContent)).join(' ¶ ');
        };
        const authorQuotes = [...raw.querySelectorAll('article blockquote')].map((b) => ({
          text: paras(b),
          next: norm(b.nextElementSibling?.textContent || ''),
        }));
        const strip = (el, asParas = true) => {
          const c = el.cloneNode(true);
          c.querySelectorAll('.ibid-marker, .ibid-popup, .ibid-visually-hidden').forEach((e) => e.remove());
          return asParas ? paras(c) : norm(c.textContent);
        };
        const cards = [...document.querySelectorAll('figure.ibid-card')].map((f) => ({
          quote: strip(f.querySelector(':scope > blockquote') || f.querySelector(':scope > figure')),
          original: f.querySelector(':scope > .ibid-card__original') ? strip(f.querySelector(':scope > .ibid-card__original')) : null,
          cite: f.querySelector(':scope > figcaption cite') ? strip(f.querySelector(':scope > figcaption cite'), false) : null,
        }));
        return { authorQuotes, cards };
      });
      assert.ok(r.cards.length > 0, `${url}: no cards`);
      let a = 0;
      for (const [i, card] of r.cards.entries()) {
        assert.ok(card.cite !== null, `${url} card ${i}: no cite in the figcaption`);
        if (card.original !== null) {
          assert.equal(card.original, r.authorQuotes[a].text, `${url} card ${i}: original text differs from the author's`);
          a++;
        }
        const src = r.authorQuotes[a];
        assert.equal(card.quote, src?.text, `${url} card ${i}: quote text or order differs from the author's`);
        assert.equal(card.cite, src.next, `${url} card ${i}: attribution differs from the author's paragraph`);
        a++;
      }
      assert.equal(a, r.authorQuotes.length, `${url}: every author blockquote accounted for`);
    });
  }
});

// ------------------------------------------------------------- reflow, spacing, preferences

async function reflowCheck(width, height, expectSheet) {
  await withPage(DEMO, { viewport: { width, height } }, async ({ page }) => {
    const scroll = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth }));
    assert.ok(scroll.scrollWidth <= scroll.innerWidth, `${width}px: horizontal scrolling ${json(scroll)}`);
    const wide = await page.$$eval('.ibid-card, .ibid-card *', (els) =>
      els
        .filter((e) => !e.closest('.ibid-popup, .ibid-note__text, .ibid-visually-hidden') && e.getClientRects().length)
        .map((e) => ({ el: e.className || e.tagName, r: e.getBoundingClientRect() }))
        .filter((x) => x.r.right > innerWidth + 0.5 || x.r.left < -0.5)
        .map((x) => `${x.el} ${Math.round(x.r.left)}..${Math.round(x.r.right)}`),
    );
    assert.deepEqual(wide, [], `${width}px: card parts outside the viewport`);
    for (const trigger of [page.locator('.ibid-marker').first(), page.locator('.ibid-cite').first()]) {
      await trigger.click();
      await waitOpen(page, trigger);
      const r = await trigger.evaluate((el) => {
        const p = document.getElementById(el.getAttribute('aria-describedby'));
        const b = p.getBoundingClientRect();
        return { cls: p.className, left: b.left, top: b.top, right: b.right, bottom: b.bottom, vw: innerWidth, vh: innerHeight, scrollable: p.scrollHeight <= p.clientHeight + 1 || ['auto', 'scroll'].includes(getComputedStyle(p).overflowY) };
      });
      if (expectSheet) assert.match(r.cls, /ibid-popup--sheet/, `${width}px: popup should be the bottom sheet: ${json(r)}`);
      assert.ok(r.left >= -0.5 && r.top >= -0.5 && r.right <= r.vw + 0.5 && r.bottom <= r.vh + 0.5, `${width}px: popup not fully inside the viewport: ${json(r)}`);
      assert.ok(r.scrollable, `${width}px: popup content clipped: ${json(r)}`);
      await page.keyboard.press('Escape');
      await waitOpen(page, trigger, false);
    }
  });
}

test('T15 reflow at 320 px: no horizontal scroll, popup is a bottom sheet inside the viewport', () => reflowCheck(320, 640, true));
test('T15 reflow at 200 % of 1280 px (640 px viewport): no horizontal scroll, popup inside the viewport', () => reflowCheck(640, 360, false));

test('T16 text spacing: nothing in cards or popups is clipped', async () => {
  await withPage(DEMO, {}, async ({ page }) => {
    await page.addStyleTag({
      content: '* { line-height:1.5 !important; letter-spacing:.12em !important; word-spacing:.16em !important } p { margin-bottom: 2em !important }',
    });
    for (const trigger of [page.locator('.ibid-marker').first(), page.locator('.ibid-cite').first()]) {
      await trigger.click();
      await waitOpen(page, trigger);
      const clipped = await page.evaluate(() =>
        [...document.querySelectorAll('.ibid-card, .ibid-card *, .ibid-popup:not([hidden]), .ibid-popup:not([hidden]) *')]
          .filter((e) => !e.closest('.ibid-note__text, .ibid-visually-hidden, [hidden]') && e.getClientRects().length)
          .map((e) => {
            const cs = getComputedStyle(e);
            const scrolls = (o) => o === 'auto' || o === 'scroll';
            const clipsY = !scrolls(cs.overflowY) && cs.overflowY !== 'visible';
            const clipsX = !scrolls(cs.overflowX) && cs.overflowX !== 'visible';
            return {
              el: `${e.tagName}.${e.className}`,
              clip: (clipsY && e.scrollHeight > e.clientHeight + 1) || (clipsX && e.scrollWidth > e.clientWidth + 1),
              sizes: `${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight}, overflow ${cs.overflowX}/${cs.overflowY}`,
            };
          })
          .filter((x) => x.clip),
      );
      assert.deepEqual(clipped, [], 'clipped card/popup content under WCAG text spacing');
      const r = await popupRect(trigger);
      const vw = await page.evaluate(() => innerWidth);
      assert.ok(r.x >= 0 && r.right <= vw, `popup leaves the viewport under text spacing: ${json(r)}`);
      await page.keyboard.press('Escape');
    }
  });
});

test('T17 reduced motion: an open popup has no transition or animation', async () => {
  await withPage(DEMO, { reducedMotion: 'reduce' }, async ({ page }) => {
    assert.equal(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches), true);
    for (const trigger of [page.locator('.ibid-marker').first(), page.locator('.ibid-cite').first()]) {
      await hoverOpen(page, trigger);
      const m = await trigger.evaluate((el) => {
        const out = {};
        for (const e of [el, document.getElementById(el.getAttribute('aria-describedby'))]) {
          const cs = getComputedStyle(e);
          out[e.className] = { transition: cs.transitionDuration, animation: cs.animationDuration, animationName: cs.animationName };
        }
        return out;
      });
      const zero = (v) => v.split(',').every((d) => parseFloat(d) === 0 || d.trim() === 'auto');
      for (const [k, v] of Object.entries(m)) {
        assert.ok(zero(v.transition) && (zero(v.animation) || v.animationName === 'none'), `motion under reduced motion on ${k}: ${json(v)}`);
      }
      await page.mouse.move(AWAY.x, AWAY.y);
      await waitOpen(page, trigger, false);
    }
  });
});

test('T17 forced colors: cards and open popups keep a visible border', async () => {
  await withPage(DEMO, { forcedColors: 'active' }, async ({ page }) => {
    assert.equal(await page.evaluate(() => matchMedia('(forced-colors: active)').matches), true);
    const borders = (sel) =>
      page.$$eval(sel, (els) =>
        els.map((e) => {
          const cs = getComputedStyle(e);
          const sides = ['top', 'right', 'bottom', 'left'].filter(
            (s) => cs.getPropertyValue(`border-${s}-style`) === 'none' || parseFloat(cs.getPropertyValue(`border-${s}-width`)) <= 0,
          );
          return { el: `${e.className}`, missing: sides, color: cs.borderTopColor };
        }),
      );
    const cards = await borders('.ibid-card');
    assert.equal(cards.length, 6);
    assert.deepEqual(cards.filter((c) => c.missing.length), [], 'cards without a border on some side in forced colors');
    const marker = page.locator('.ibid-marker').first();
    await hoverOpen(page, marker);
    const popups = await borders('.ibid-popup:not([hidden])');
    assert.equal(popups.length, 1);
    assert.deepEqual(popups.filter((c) => c.missing.length), [], 'open floating popup without a border on some side in forced colors');
  });
});

// ------------------------------------------------------------------------------ touch

test('touch: a tap on a marker opens a bottom sheet; a tap elsewhere closes it', async () => {
  await withPage(DEMO, { hasTouch: true, isMobile: true, viewport: { width: 375, height: 700 } }, async ({ page }) => {
    const marker = page.locator('.ibid-marker').first();
    await marker.tap();
    await waitOpen(page, marker);
    const r = await sheetState(marker);
    assert.match(r.cls, /ibid-popup--sheet/, `a tapped popup on a phone should be the sheet: ${json(r)}`);
    assert.ok(r.visible, `sheet not visible: ${json(r)}`);
    assert.ok(Math.abs(r.bottom - r.vh) <= 1 && r.left <= 0.5 && r.right >= r.vw - 0.5, `sheet should span the bottom of the viewport: ${json(r)}`);
    await page.locator('.entry-content > p').nth(2).tap({ position: { x: 10, y: 10 } });
    await waitOpen(page, marker, false, 1000);
    // A second tap on the same marker toggles it shut.
    await marker.tap();
    await waitOpen(page, marker);
    await marker.tap();
    await waitOpen(page, marker, false, 1000);
  });
  function sheetState(t) {
    return t.evaluate((el) => {
      const p = document.getElementById(el.getAttribute('aria-describedby'));
      const b = p.getBoundingClientRect();
      const cs = getComputedStyle(p);
      return { cls: p.className, visible: cs.display !== 'none' && cs.visibility !== 'hidden' && b.height > 0, left: b.left, right: b.right, bottom: b.bottom, vw: innerWidth, vh: innerHeight };
    });
  }
});

/** The Dukhonin marker (telegram of 23 Nov) and where it and its popup are. */
const DUKHONIN = '.ibid-note:has(.ibid-note__text:text("N.N. Dukhonin")) .ibid-marker';
const PHONE = { hasTouch: true, isMobile: true, viewport: { width: 375, height: 667 } };
const where = (trigger) =>
  trigger.evaluate((el) => {
    const p = document.getElementById(el.getAttribute('aria-describedby'));
    const t = el.getBoundingClientRect();
    const b = p.getBoundingClientRect();
    return { open: !p.hidden, cls: p.className, trigger: [t.top, t.bottom], sheet: [b.top, b.bottom], scrollY, maxY: document.documentElement.scrollHeight - innerHeight, active: document.activeElement.className };
  });
/** Scrolls the page so that the trigger's top is at `y` in the viewport. */
const putAt = (trigger, y) => trigger.evaluate((el, y) => scrollBy({ top: el.getBoundingClientRect().top - y, behavior: 'instant' }), y);
/** Waits for the page's next two frames (the sheet scrolls its trigger clear in the first). */
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test('touch: a sheet that would cover its marker scrolls the marker just clear of it, on opening only', async () => {
  await withPage(DEMO, PHONE, async ({ page }) => {
    const marker = page.locator(DUKHONIN);
    assert.equal(await marker.count(), 1, 'the Dukhonin marker');
    await putAt(marker, 606);
    const before = await where(marker);
    await marker.tap();
    await waitOpen(page, marker);
    await frames(page);
    const r = await where(marker);
    assert.match(r.cls, /ibid-popup--sheet/, `should be the sheet: ${json(r)}`);
    assert.ok(r.trigger[1] <= r.sheet[0], `the sheet covers its marker: ${json({ before, after: r })}`);
    assert.ok(r.sheet[0] - r.trigger[1] <= 9, `scrolled more than just enough: ${json({ before, after: r })}`);
    assert.equal(r.scrollY - before.scrollY, before.trigger[0] - r.trigger[0], `only the page scrolled: ${json({ before, after: r })}`);
    // The tap's click reached the marker despite the scroll: a second tap closes it.
    await marker.tap();
    await waitOpen(page, marker, false);
    // The reader scrolling the marker under the open sheet is not scrolled back.
    await page.locator('.ibid-marker').first().tap();
    await marker.tap();
    await waitOpen(page, marker);
    await frames(page);
    await putAt(marker, 620);
    await sleep(100);
    const scrolled = await where(marker);
    assert.ok(scrolled.open && Math.abs(scrolled.trigger[0] - 620) <= 1, `the page fought the reader's scroll: ${json(scrolled)}`);
    // A marker already clear of the sheet does not move.
    await page.keyboard.press('Escape');
    await waitOpen(page, marker, false);
    await putAt(marker, 300);
    const y0 = await page.evaluate(() => scrollY);
    await marker.tap();
    await waitOpen(page, marker);
    await frames(page);
    assert.equal((await where(marker)).scrollY, y0, 'a marker clear of the sheet should not scroll the page');
  });
});

test('touch: a page that cannot scroll far enough scrolls as far as it can, nothing added', async () => {
  await withPage(DEMO, PHONE, async ({ page }) => {
    // The Krylenko marker, near the end of its quote; nothing after the quote:
    // the page ends just below it.
    const marker = page.locator('.ibid-note:has(.ibid-note__text:text("Krylenko, an ensign")) .ibid-marker');
    assert.equal(await marker.count(), 1, 'the Krylenko marker');
    const height = await marker.evaluate((el) => {
      for (let at = el.closest('blockquote'); at && at !== document.body; at = at.parentElement) {
        for (let next = at.nextElementSibling; next; next = next.nextElementSibling) next.style.display = 'none';
        at.style.paddingBottom = at.style.marginBottom = '0';
      }
      document.body.style.paddingBottom = document.body.style.marginBottom = '0';
      scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' });
      return document.documentElement.scrollHeight;
    });
    const before = await where(marker);
    assert.ok(before.scrollY === before.maxY && before.trigger[1] > 667 - 110, `setup: the marker should sit low at the page's end: ${json(before)}`);
    await marker.tap();
    await waitOpen(page, marker);
    await frames(page);
    const r = await where(marker);
    assert.ok(r.trigger[1] > r.sheet[0], `setup: the sheet should still cover the marker: ${json(r)}`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollHeight), height, 'the page should not grow to scroll further');
    assert.equal(r.scrollY, before.scrollY, `the page was already at its end: ${json({ before, after: r })}`);
  });
});

test('touch: a tap inside the sheet keeps it open when the post is in a focusable container (a theme\'s <main tabindex="-1">)', async () => {
  await withPage(DEMO, PHONE, async ({ page }) => {
    // The tap moves focus to the container, which holds the popup: that is the tap's doing, not focus moving on.
    assert.equal(await page.evaluate(() => { const m = document.querySelector('main'); m.tabIndex = -1; return m.contains(document.querySelector('.ibid-popup')); }), true, 'setup');
    const marker = page.locator(DUKHONIN);
    await putAt(marker, 300);
    await marker.tap();
    await waitOpen(page, marker);
    await page.locator('.ibid-popup:not([hidden]) .ibid-popup__text').tap();
    await sleep(300);
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'MAIN', 'setup: the tap focused the container');
    assert.equal(await isOpen(marker), true, `a tap inside the sheet closed it: ${json(await where(marker))}`);
    await page.keyboard.press('Tab');
    await waitOpen(page, marker, false);
  });
});

test('a press in a pinned popup, then Tab into a shadow root round the post (a custom element\'s Share button): the popup closes', async () => {
  await withPage(DEMO, { viewport: { width: 1280, height: 800 } }, async ({ page }) => {
    await page.evaluate(() => {
      customElements.define('x-post', class extends HTMLElement {
        constructor() {
          super();
          this.attachShadow({ mode: 'open' }).innerHTML = '<button id="share">Share</button><slot></slot>';
        }
      });
      const main = document.querySelector('main');
      main.tabIndex = -1;
      const host = document.createElement('x-post');
      host.append(...main.childNodes);
      main.append(host);
    });
    const marker = page.locator(DUKHONIN);
    await marker.scrollIntoViewIfNeeded();
    await marker.click();
    await waitOpen(page, marker);
    await page.locator('.ibid-popup:not([hidden]) .ibid-popup__text').click();
    await page.mouse.move(5, 5);
    await sleep(400);
    assert.equal(await isOpen(marker), true, 'a press inside keeps it open');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.id), 'share', 'setup: Tab reached the Share button');
    await waitOpen(page, marker, false);
  });
});

test('touch: a tap inside the open sheet keeps it open; outside, Escape and Tab still close it', async () => {
  await withPage(DEMO, PHONE, async ({ page }) => {
    const marker = page.locator(DUKHONIN);
    await putAt(marker, 300);
    const text = page.locator('.ibid-popup:not([hidden]) .ibid-popup__text');
    await marker.tap();
    await waitOpen(page, marker);
    await text.tap();
    await sleep(300);
    assert.equal(await isOpen(marker), true, `a tap inside the sheet closed it: ${json(await where(marker))}`);
    await text.tap();
    await sleep(300);
    assert.equal(await isOpen(marker), true, `a second tap inside the sheet closed it: ${json(await where(marker))}`);
    // A tap outside closes it.
    const outside = await page.evaluate(() => {
      const el = document.elementFromPoint(180, 100);
      return el && !el.closest('a, button, .ibid-popup') ? 'plain' : el?.outerHTML.slice(0, 80);
    });
    assert.equal(outside, 'plain', 'setup: (180, 100) should be plain text');
    await page.touchscreen.tap(180, 100);
    await waitOpen(page, marker, false);
    // Escape closes it after a tap inside.
    await marker.tap();
    await waitOpen(page, marker);
    await text.tap();
    await page.keyboard.press('Escape');
    await waitOpen(page, marker, false);
    // After a tap inside, focus moving on with Tab closes it.
    await marker.tap();
    await waitOpen(page, marker);
    await text.tap();
    await sleep(100);
    assert.equal(await isOpen(marker), true);
    await page.keyboard.press('Tab');
    await waitOpen(page, marker, false);
    // Tab away from the focused marker closes it, as before.
    await marker.focus();
    await waitOpen(page, marker);
    await page.keyboard.press('Tab');
    await waitOpen(page, marker, false);
  });
});

// ------------------------------------------------------------------------------ axe-core

test('axe-core: no violations on load, with a popup open, with the original shown', async () => {
  const report = [];
  await withPage(DEMO, {}, async ({ page }) => {
    report.push(['demo on load', await axe(page)]);
    const marker = page.locator('.ibid-marker').first();
    await marker.click();
    await waitOpen(page, marker);
    report.push(['demo with a note popup open', await axe(page)]);
    await page.keyboard.press('Escape');
    const cite = page.locator('.ibid-cite').first();
    await cite.click();
    await waitOpen(page, cite);
    report.push(['demo with a citation popup open', await axe(page)]);
  });
  await withPage(ORIGINALS, {}, async ({ page }) => {
    report.push(['originals on load', await axe(page)]);
    await page.locator('.ibid-card__toggle').click();
    assert.equal(await page.locator('.ibid-card__toggle').getAttribute('aria-expanded'), 'true');
    report.push(['originals with the original shown', await axe(page)]);
  });
  const failing = report.filter(([, v]) => v.length);
  assert.equal(failing.length, 0, 'axe-core violations:\n' + failing.map(([when, v]) => `${when}:\n${formatViolations(v)}`).join('\n'));
});
