// The browser half of web_tti_bench.py: time to interactive of Palisade's web UI in headless Chromium.
//
//   node bench/web_tti_bench.mjs CONFIG.json > RESULT.json      (progress on stderr)
//
// CONFIG (written by web_tti_bench.py): {base, email, password, runs, quietMs, timeoutMs, chromium, apiRuns,
// viewport: {width, height}}. The server is already running and seeded; this script only drives the browser and
// prints one JSON object. playwright-core comes from web/node_modules (no browser download: Debian's Chromium, by
// executablePath). Every URL it opens is under CONFIG.base (http://127.0.0.1:PORT).
//
// TTI, as measured here: from navigation start (performance.timeOrigin, time 0 of the page's clock) to the later of
//   ready: the first animation frame after the page's main content is in the DOM (checked on every DOM mutation):
//     dashboard  "/"          the five severity links of "Open findings by severity" and a row of the latest-scans table
//     findings   "/findings"  the first row of the findings table, with tabindex=0, laid out (has a client rect)
//     sign-in    "/sign-in"   the e-mail and password fields and the submit button, enabled
//   the end of the last long task (PerformanceObserver 'longtask', > 50 ms on the main thread) that ends before a
//   window of quietMs (default 500 ms) with no long task at all after `ready`.
// So TTI = max(ready, end of the last long task before the quiet window). The page's load event must have fired too
// (it always has by then in practice). The observers are installed with page.addInitScript, before any page script.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'web', 'package.json'));
const { chromium } = require('playwright-core');

const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const log = (...a) => process.stderr.write(`[web_tti] ${a.join(' ')}\n`);

// Runs in every document before the page's own scripts. Reads window.__TTI_CFG__-free: the page kind comes from the
// path. Results go to window.__tti.
const INIT = `(() => {
  const quietMs = ${Number(cfg.quietMs)};
  const kind = location.pathname === '/' ? 'dashboard'
    : location.pathname === '/findings' ? 'findings'
    : location.pathname === '/sign-in' ? 'signin' : null;
  const st = window.__tti = { kind, longtasks: [], cls: 0, shifts: 0, lcp: 0, fcp: 0, readyDom: 0, ready: 0,
                              tti: 0, done: false };
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) st.longtasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch (e) { st.noLongtask = String(e); }
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) { st.cls += e.value; st.shifts++; } })
      .observe({ type: 'layout-shift', buffered: true });
  } catch (e) {}
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) st.lcp = e.startTime; })
      .observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') st.fcp = e.startTime; })
      .observe({ type: 'paint', buffered: true });
  } catch (e) {}
  if (!kind) return;
  const checks = {
    dashboard() {
      const links = document.querySelectorAll('ul[aria-label="Open findings by severity"] a[href]');
      const scans = document.querySelector('section[aria-labelledby="latest-scans"] table tbody tr');
      return links.length >= 5 && !!scans;
    },
    findings() {
      const row = document.querySelector('table.data-table tbody tr');
      return !!row && row.tabIndex === 0 && row.getClientRects().length > 0 && !row.closest('[inert]');
    },
    signin() {
      const email = document.querySelector('form input[type="email"]');
      const pass = document.querySelector('form input[type="password"]');
      const submit = document.querySelector('form button[type="submit"]');
      return !!email && !!pass && !!submit && !submit.disabled;
    },
  };
  const check = checks[kind];
  let mo = null;
  const quiet = () => {
    const lastEnd = st.longtasks.reduce((m, [s, d]) => Math.max(m, s + d), 0);
    const base = Math.max(st.ready, lastEnd);
    const nav = performance.getEntriesByType('navigation')[0];
    if (performance.now() - base >= quietMs && nav && nav.loadEventEnd > 0) {
      st.tti = base;
      st.done = true;
    } else {
      setTimeout(quiet, 50);
    }
  };
  const probe = () => {
    if (st.readyDom || !check()) return;
    st.readyDom = performance.now();
    if (mo) mo.disconnect();
    requestAnimationFrame(() => { st.ready = performance.now(); setTimeout(quiet, 50); });
  };
  mo = new MutationObserver(probe);
  mo.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['tabindex', 'disabled'] });
})();`;

function pct(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.min(s.length, Math.ceil((p / 100) * s.length)) - 1)];
}

async function newContext(browser, storageState) {
  const context = await browser.newContext({
    viewport: cfg.viewport,
    storageState,
    serviceWorkers: 'block',
    locale: 'en-US',
  });
  await context.addInitScript({ content: INIT });
  return context;
}

// waitsOn: the API call whose answer the ready condition needs (its path starts so); the peer of the ratios.
const PAGES = [
  { name: 'sign-in', path: '/sign-in', auth: false, waitsOn: null },
  { name: 'dashboard', path: '/', auth: true, waitsOn: '/api/v1/findings/summary' },
  { name: 'findings', path: '/findings', auth: true, waitsOn: '/api/v1/findings?' },
];

// One navigation in a fresh page of `context`; returns the page's figures.
async function measure(context, pageDef) {
  const page = await context.newPage();
  const encodings = {};
  page.on('response', (r) => {
    if (r.url().endsWith('.js')) encodings[new URL(r.url()).pathname] = r.headers()['content-encoding'] || 'identity';
  });
  try {
    await page.goto(cfg.base + pageDef.path, { waitUntil: 'commit', timeout: cfg.timeoutMs });
    await page.waitForFunction(() => window.__tti && window.__tti.done, null, { timeout: cfg.timeoutMs, polling: 50 });
    if (new URL(page.url()).pathname !== pageDef.path) throw new Error(`${pageDef.path} ended on ${page.url()}`);
    const r = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const res = performance.getEntriesByType('resource').map((e) => ({
        path: new URL(e.name).pathname + new URL(e.name).search, type: e.initiatorType, start: e.startTime,
        end: e.responseEnd, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize,
      }));
      const st = window.__tti;
      return {
        tti: st.tti, ready: st.ready, readyDom: st.readyDom, fcp: st.fcp, lcp: st.lcp, cls: st.cls, shifts: st.shifts,
        longtasks: st.longtasks, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
        htmlTransfer: nav.transferSize, htmlStatusOk: nav.responseStatus ?? 200, resources: res,
      };
    });
    // "Usable": the first row really takes the focus (checked after the clock stopped, so it does not disturb it).
    if (pageDef.name === 'findings') {
      const row = page.locator('table.data-table tbody tr').first();
      await row.focus();
      r.focusable = await row.evaluate((el) => document.activeElement === el);
    }
    r.encodings = encodings;
    return r;
  } finally {
    await page.close();
  }
}

function summarise(runs, pageDef) {
  const col = (f) => runs.map(f);
  const stat = (vals) => ({ median: pct(vals, 50), p90: pct(vals, 90), min: Math.min(...vals), max: Math.max(...vals) });
  const js = (r) => r.resources.filter((x) => x.path.endsWith('.js'));
  const api = {};
  for (const r of runs) {
    for (const x of r.resources.filter((y) => y.path.startsWith('/api/'))) {
      (api[x.path] ??= []).push({ dur: x.end - x.start, start: x.start, end: x.end });
    }
  }
  const apiStats = Object.fromEntries(Object.entries(api).map(([p, v]) => [p, {
    count: v.length, dur: stat(v.map((x) => x.dur)), start: stat(v.map((x) => x.start)), end: stat(v.map((x) => x.end)),
  }]));
  const last = runs[runs.length - 1];
  // Where the time goes: the first API request (the app's script has run up to its first fetch: boot), the end of
  // the call the page waits on, then rendering to `ready`, then the quiet window's last long task (TTI).
  const firstApi = (r) => Math.min(...r.resources.filter((x) => x.path.startsWith('/api/')).map((x) => x.start));
  const waited = (r) => r.resources.find((x) => pageDef.waitsOn && x.path.startsWith(pageDef.waitsOn));
  return {
    n: runs.length,
    tti: stat(col((r) => r.tti)), ready: stat(col((r) => r.ready)), dcl: stat(col((r) => r.dcl)),
    load: stat(col((r) => r.load)), fcp: stat(col((r) => r.fcp)), lcp: stat(col((r) => r.lcp)),
    cls: stat(col((r) => r.cls)), longtasks: stat(col((r) => r.longtasks.length)),
    longtaskMs: stat(col((r) => r.longtasks.reduce((s, [, d]) => s + d, 0))),
    longestTask: stat(col((r) => r.longtasks.reduce((m, [, d]) => Math.max(m, d), 0))),
    jsRequests: stat(col((r) => js(r).length)),
    jsTransferred: stat(col((r) => js(r).filter((x) => x.transfer > 0).length)),
    jsTransferBytes: stat(col((r) => js(r).reduce((s, x) => s + x.transfer, 0))),
    jsEncodedBytes: stat(col((r) => js(r).filter((x) => x.transfer > 0).reduce((s, x) => s + x.encoded, 0))),
    jsFiles: js(last).map((x) => ({ path: x.path, encoded: x.encoded, decoded: x.decoded, transfer: x.transfer,
                                    encoding: last.encodings[x.path] ?? '(cache)' })),
    focusable: runs.every((r) => r.focusable !== false),
    firstApiStart: runs.every((r) => Number.isFinite(firstApi(r))) ? stat(col(firstApi)) : null,
    waitsOn: pageDef.waitsOn && runs.every(waited) ? {
      path: waited(last).path, start: stat(col((r) => waited(r).start)), end: stat(col((r) => waited(r).end)),
      dur: stat(col((r) => waited(r).end - waited(r).start)),
    } : null,
    api: apiStats,
  };
}

// The peer: the API calls a page waits on, fetched from inside a loaded page (same cookies, same origin) with fetch,
// one after the other, body read to the end.
async function apiPeer(context, paths) {
  const page = await context.newPage();
  try {
    await page.goto(cfg.base + '/favicon.svg', { waitUntil: 'load', timeout: cfg.timeoutMs });
    return await page.evaluate(async ({ paths, runs }) => {
      const out = {};
      for (const p of paths) {
        const t = [];
        let bytes = 0;
        await (await fetch(p, { credentials: 'same-origin' })).arrayBuffer(); // unmeasured warm-up
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          const res = await fetch(p, { credentials: 'same-origin', cache: 'no-store' });
          const body = await res.arrayBuffer();
          t.push(performance.now() - t0);
          if (!res.ok) throw new Error(`${p} answered ${res.status}`);
          bytes = body.byteLength;
        }
        out[p] = { times: t, bytes };
      }
      return out;
    }, { paths, runs: cfg.apiRuns });
  } finally {
    await page.close();
  }
}

async function main() {
  const browser = await chromium.launch({ executablePath: cfg.chromium, headless: true, args: ['--no-sandbox'] });
  const version = browser.version();
  log(`Chromium ${version}`);
  try {
    // Sign in once through the API (the same POST the sign-in form sends); every later context starts from the
    // cookies and local storage of that session.
    const first = await browser.newContext();
    const login = await first.request.post(cfg.base + '/api/v1/auth/login',
      { data: { email: cfg.email, password: cfg.password } });
    if (login.status() !== 200) throw new Error(`sign-in answered ${login.status()}: ${(await login.text()).slice(0, 300)}`);
    const me = await first.request.get(cfg.base + '/api/v1/me');
    if (me.status() !== 200) throw new Error(`/api/v1/me with the session cookies answered ${me.status()}`);
    const storage = await first.storageState();
    await first.close();

    // Warm contexts: one per page, warmed by an unmeasured visit; every measured run is a new tab in it.
    const warm = {};
    for (const p of PAGES) {
      warm[p.name] = await newContext(browser, p.auth ? storage : undefined);
      await measure(warm[p.name], p);
    }
    const results = Object.fromEntries(PAGES.map((p) => [p.name, { cold: [], warm: [] }]));
    // Interleaved (and alternated), so that a burst of load from elsewhere on the machine hits every series alike.
    for (let i = 0; i < cfg.runs; i++) {
      for (const p of PAGES) {
        const cold = async () => {
          const ctx = await newContext(browser, p.auth ? storage : undefined);
          try {
            results[p.name].cold.push(await measure(ctx, p));
          } finally {
            await ctx.close();
          }
        };
        const warmRun = async () => results[p.name].warm.push(await measure(warm[p.name], p));
        // Cold first on even runs, warm first on odd ones: neither always follows a context's start or teardown.
        if (i % 2 === 0) { await cold(); await warmRun(); } else { await warmRun(); await cold(); }
      }
      const c = results.findings.cold.at(-1), d = results.dashboard.cold.at(-1);
      log(`run ${i + 1}/${cfg.runs}: dashboard cold ${d.tti.toFixed(0)} ms, findings cold ${c.tti.toFixed(0)} ms`);
    }
    const summary = {};
    for (const p of PAGES) {
      summary[p.name] = { path: p.path, cold: summarise(results[p.name].cold, p),
                        warm: summarise(results[p.name].warm, p) };
    }
    const apiPaths = [...new Set(['dashboard', 'findings'].flatMap((n) => Object.keys(summary[n].warm.api)))]
      .filter((p) => p !== '/api/v1/auth/refresh');
    log(`API peer: ${apiPaths.length} calls x ${cfg.apiRuns}`);
    const peer = await apiPeer(warm.dashboard, apiPaths);
    for (const v of Object.values(peer)) v.stat = { median: pct(v.times, 50), p90: pct(v.times, 90) };
    for (const c of Object.values(warm)) await c.close();
    process.stdout.write(JSON.stringify({ chromium: version, summary, peer, raw: results }) + '\n');
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  process.stderr.write(`web_tti_bench.mjs: ${e.stack || e}\n`);
  process.exit(1);
});
