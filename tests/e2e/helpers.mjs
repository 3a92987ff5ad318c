// Shared helpers for the end-to-end tests: a static file server for www/ and a
// Playwright-driven Debian chromium that records console messages and requests.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The folder served; IBID_E2E_WWW overrides it (for trying the harness on other pages). */
export const wwwRoot = path.resolve(process.env.IBID_E2E_WWW || path.join(repoRoot, 'www'));

export const CHROMIUM = process.env.IBID_CHROMIUM || '/usr/bin/chromium';
export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
export const READY_TIMEOUT = 10_000;

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Serve `root` on 127.0.0.1 on a free port. Returns { origin, served, close }.
 * `options.headers(pathname, search)` may return extra response headers for a path
 * (e.g. a Content-Security-Policy for some test pages; an array value sends the
 * header once per element); by default there are none.
 */
export async function startServer(root = wwwRoot, options = {}) {
  const served = []; // { method, path, status }
  const server = http.createServer(async (req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      served.push({ method: req.method, path: req.url, status });
      let extra = {};
      try {
        const u = new URL(req.url, 'http://localhost');
        extra = options.headers?.(u.pathname, u.search) || {};
      } catch {
        extra = {};
      }
      res.writeHead(status, {
        'content-type': type,
        'content-length': Buffer.byteLength(body),
        'cache-control': 'no-store',
        ...extra,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
      const pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      let file = path.join(root, pathname);
      if (file !== root && !file.startsWith(root + path.sep)) return send(403, 'forbidden\n');
      let st = await stat(file).catch(() => null);
      if (st?.isDirectory()) {
        file = path.join(file, 'index.html');
        st = await stat(file).catch(() => null);
      }
      if (!st?.isFile()) return send(404, 'not found\n');
      const type = MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';
      return send(200, await readFile(file), type);
    } catch (e) {
      return send(500, `server error: ${e.message}\n`);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Launch the Debian chromium (playwright-core never downloads a browser). */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
}

const isLocal = (url, origin) =>
  url.startsWith(origin + '/') || /^(data|blob|about):/.test(url);

/**
 * A fresh context + page. Records console errors/warnings, page errors, every request
 * and failed request; requests to anywhere but `origin` are aborted (and still recorded).
 * An init script stores the first `ibid:ready` detail in `window.__ibidReady`.
 * `contextOptions` go to `browser.newContext()` (viewport, hasTouch, reducedMotion…).
 */
export async function openPage(browser, origin, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const log = { consoleErrors: [], warnings: [], pageErrors: [], requests: [], failedRequests: [] };
  await context.route('**/*', (route) =>
    isLocal(route.request().url(), origin) ? route.continue() : route.abort('blockedbyclient'),
  );
  await context.addInitScript(() => {
    window.addEventListener(
      'ibid:ready',
      (e) => {
        if (window.__ibidReady === undefined) {
          const quotes = e.detail && e.detail.quotes;
          window.__ibidReady = { quoteCount: Array.isArray(quotes) ? quotes.length : null, target: e.target && e.target.tagName };
        }
      },
      true,
    );
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    const where = m.location()?.url ? ` (${m.location().url})` : '';
    if (m.type() === 'error') log.consoleErrors.push(m.text() + where);
    else if (m.type() === 'warning') log.warnings.push(m.text());
  });
  page.on('pageerror', (e) => log.pageErrors.push(String(e && e.stack ? e.stack : e)));
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('requestfailed', (r) => log.failedRequests.push(`${r.url()}: ${r.failure()?.errorText}`));
  log.external = () => log.requests.filter((u) => !isLocal(u, origin));
  log.ibidWarnings = () => log.warnings.filter((w) => w.startsWith('ibid:'));
  return { context, page, log };
}

/** Wait for `ibid:ready` (READY_TIMEOUT); returns its summary or throws with the page's log. */
export async function waitForReady(page, log) {
  try {
    await page.waitForFunction(() => window.__ibidReady !== undefined, null, { timeout: READY_TIMEOUT });
  } catch {
    throw new Error(
      `no ibid:ready within ${READY_TIMEOUT} ms\n` + JSON.stringify(log, null, 2),
    );
  }
  return page.evaluate(() => window.__ibidReady);
}
