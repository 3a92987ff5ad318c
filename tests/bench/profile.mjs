// Developer tool: a CPU profile of enhance() on a page, self time by function.
//   node tests/bench/profile.mjs [quotes|november] [N]
// ITER=n repeats (default 6); MODE=parse profiles parse(root) instead of enhance(root);
// CALLERS=regex adds the self time of the functions it matches, by caller (two frames up).
import { readFile, writeFile, mkdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { launchBrowser, repoRoot, wwwRoot, startServer } from '../e2e/helpers.mjs';

const which = process.argv[2] || 'quotes';
const N = Number(process.argv[3] || 1000);
const root = '/tmp/ibid-prof';
await rm(root, { recursive: true, force: true });
await mkdir(root);
await symlink(process.env.IBID_DIR || path.join(wwwRoot, 'ibid'), path.join(root, 'ibid'));
let body;
if (which === 'quotes') {
  const FULL = '<em>Zhong-e guanxi shiliao</em> (1), p. 181.';
  const out = [];
  for (let i = 0; i < N; i++)
    out.push(`<blockquote><p>Recently, Russia’s internal conflict has been increasingly intense and the bolsheviks’ [lit. maximalists’ – ed.] strength has grown further, demanding to seize state power. Commander-in-Chief Dukhonin [N.N. Dukhonin – ed.] does not accept these instructions and has been dismissed. Please await further news.</p></blockquote>`,
      `<p>Telegram from Liu Jingren, 28 November 1917 (sent 8 November). ${i === 0 ? FULL : 'Ibid., p. 181.'}</p>`);
  body = `<html><head><link rel="stylesheet" href="/ibid/ibid.css"></head><body><div class="entry-content">${out.join('\n')}</div></body></html>`;
} else {
  body = (await readFile(path.join(wwwRoot, 'index.html'), 'utf8')).replace(/<script[^>]*ibid\.js[^>]*><\/script>/, '');
}
await writeFile(path.join(root, 'p.html'), body);
const server = await startServer(root);
const browser = await launchBrowser();
const page = await browser.newPage();
await page.goto(server.origin + '/p.html');
await page.evaluate(async () => { window.ibid = await import('/ibid/index.js'); await window.ibid.init('/ibid/ibid_core_bg.wasm'); });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
await cdp.send('Profiler.start');
await page.evaluate(([n, mode]) => { window.ITER = n; window.MODE = mode; }, [Number(process.env.ITER || 6), process.env.MODE || 'enhance']);
const times = await page.evaluate(() => {
  const root = document.querySelector('.entry-content');
  const out = [];
  for (let i = 0; i < (window.ITER || 6); i++) {
    const t = performance.now();
    if (window.MODE === 'parse') {
      window.ibid.parse(root);
      out.push(performance.now() - t);
      continue;
    }
    const h = window.ibid.enhance(root, { observe: false });
    out.push(performance.now() - t);
    if (i < (window.ITER || 6) - 1) h.destroy();
  }
  return out;
});
const { profile } = await cdp.send('Profiler.stop');
console.log('enhance ms:', times.map((t) => t.toFixed(1)).join(' '));
const self = new Map();
const dt = new Map();
for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) || 0) + (profile.timeDeltas[i] || 0));
let total = 0;
for (const n of profile.nodes) {
  const t = dt.get(n.id) || 0;
  const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}`;
  self.set(k, (self.get(k) || 0) + t);
  if (!/idle|program/.test(n.callFrame.functionName)) total += t;
}
// Inclusive time per function.
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const incl = new Map();
const inclusive = (n) => {
  let t = dt.get(n.id) || 0;
  for (const c of n.children || []) t += inclusive(byId.get(c));
  const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}`;
  incl.set(k, (incl.get(k) || 0) + t);
  return t;
};
inclusive(profile.nodes[0]);
console.log('--- inclusive');
for (const [k, t] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log((t / 1000).toFixed(1).padStart(8), 'ms', k);
console.log('--- self');
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, 40);
for (const [k, t] of rows) console.log((t / 1000).toFixed(1).padStart(8), 'ms', ((100 * t) / total).toFixed(1).padStart(5), '%', k);
if (process.env.CALLERS) {
  const re = new RegExp(process.env.CALLERS);
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n);
  const name = (n) => (n ? n.callFrame.functionName || '(anon)' : '-');
  const by = new Map();
  for (const n of profile.nodes) {
    if (!re.test(name(n))) continue;
    const p1 = parent.get(n.id);
    const k = `${name(n).slice(0, 60)} <- ${name(p1).slice(0, 60)} <- ${name(p1 && parent.get(p1.id)).slice(0, 60)}`;
    by.set(k, (by.get(k) || 0) + (dt.get(n.id) || 0));
  }
  console.log('--- callers of', process.env.CALLERS);
  for (const [k, t] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((t / 1000).toFixed(1).padStart(8), 'ms', k);
}
await browser.close();
await server.close();
