#!/usr/bin/env node
// End-to-end tests of the web UI in a real browser (Debian's Chromium through playwright-core).
//
//   node web/e2e/run.mjs --palisade build/release/palisade --out /tmp/e2e-out
//
// Starts its own `palisade serve` (fresh SQLite database in a temporary directory) and a deliberately weak web site
// on 127.0.0.1 to scan, drives the UI like a user, and exits 0 only when every test passed. See README.md.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startFixture } from './fixture.mjs';

// ---------------------------------------------------------------------------------------------------------------
// Arguments and constants

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2));
const PALISADE = path.resolve(args.palisade ?? process.env.PALISADE_BIN ?? path.join(HERE, '../../build/release/palisade'));
const OUT = path.resolve(args.out ?? path.join(os.tmpdir(), `palisade-e2e-${Date.now()}`));
const CHROMIUM = process.env.PALISADE_CHROMIUM ?? '/usr/bin/chromium';
const TEST_TIMEOUT_MS = Number(args['test-timeout'] ?? 60_000);
const STEP_TIMEOUT_MS = 15_000;
const ONLY = args.only ? new Set(String(args.only).split(',')) : null;

const ADMIN = { email: 'admin@acme.test', password: 'Correct-Horse-Battery-42' };
const ANALYST = { email: 'analyst@acme.test', password: 'Staple-Lantern-Quartz-77' };
const VIEWER = { email: 'viewer@acme.test', password: 'Orchard-Pebble-Marmot-19' };

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[a.slice(2)] = argv[++i];
    else out[a.slice(2)] = true;
  }
  if (out.help) {
    console.log('usage: node web/e2e/run.mjs --palisade <binary> --out <dir> [--only 1,2,...] [--test-timeout ms]');
    process.exit(0);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `fn` until it returns a truthy value (returned), or throws `message` after `timeout` ms. */
async function until(fn, { timeout = STEP_TIMEOUT_MS, interval = 100, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${message}${last ? `: ${last.message}` : ''}`);
    await sleep(interval);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

const visible = (locator, timeout = STEP_TIMEOUT_MS) => locator.waitFor({ state: 'visible', timeout });
const hidden = (locator, timeout = STEP_TIMEOUT_MS) => locator.waitFor({ state: 'hidden', timeout });

/** Waits until the locator's text matches `pattern`. */
async function textMatches(locator, pattern, timeout = STEP_TIMEOUT_MS) {
  return until(async () => pattern.test((await locator.first().textContent({ timeout: 1000 })) ?? ''), {
    timeout,
    message: `text ${pattern} in ${locator}`,
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** RFC 4648 base32 (no padding needed) to bytes. */
function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const idx = alphabet.indexOf(ch);
    if (idx < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30 s) for a given time step. */
function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}
const totpStep = (ms = Date.now()) => Math.floor(ms / 1000 / 30);

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

// ---------------------------------------------------------------------------------------------------------------
// The server under test

class Server {
  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-e2e-'));
    this.child = null;
  }

  get db() {
    return `sqlite://${path.join(this.dir, 'p.db')}`;
  }

  commonArgs() {
    return ['--config', this.config, '--database', this.db, '--data-dir', this.dir, '--log-format', 'text'];
  }

  async start() {
    this.port = await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    this.config = path.join(this.dir, 'palisade.yaml');
    fs.writeFileSync(
      this.config,
      [
        'server:',
        `  listen: 127.0.0.1:${this.port}`,
        `  public_url: ${this.base}`,
        'auth:',
        '  signup: invite-only',
        'log:',
        '  level: info',
        '',
      ].join('\n'),
    );
    this.log = fs.openSync(path.join(OUT, 'palisade.log'), 'w');
    this.child = spawn(PALISADE, ['serve', ...this.commonArgs()], { stdio: ['ignore', this.log, this.log] });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    this.child.once('exit', () => (this.child = null));
    await until(
      async () => {
        if (!this.child) throw new Error('palisade serve exited; see palisade.log');
        const res = await fetch(`${this.base}/`).catch(() => null);
        return res?.ok && (await res.text()).includes('id="root"');
      },
      { timeout: 30_000, interval: 200, message: `palisade serve on ${this.base} to serve the UI` },
    );
  }

  createUser({ email, password }, role) {
    const file = path.join(this.dir, `${slug(email)}.pw`);
    fs.writeFileSync(file, password, { mode: 0o600 });
    const run = spawnSync(
      PALISADE,
      ['admin', 'create-user', ...this.commonArgs(), '--email', email, '--password-file', file, '--role', role, '--org', 'Acme'],
      { encoding: 'utf8' },
    );
    if (run.status !== 0) throw new Error(`create-user ${email} failed: ${run.stderr || run.stdout}`);
  }

  /** A JSON API call with a bearer token (setup only). */
  async api(method, route, body, token) {
    const res = await fetch(`${this.base}${route}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  async stop() {
    if (this.child) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child?.kill('SIGKILL'), 8000);
      await this.exited;
      clearTimeout(timer);
    }
    if (this.log !== undefined) fs.closeSync(this.log);
    if (!args.keep) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Browser monitoring: console errors, page errors, CSP violations, failed assets, unexpected API errors

/** API answers >= 400 that a test expects (the browser logs them as console errors; they are not UI faults). */
const EXPECTED_API_ERRORS = [
  { method: 'GET', path: /^\/api\/v1\/me$/, status: 401 }, // not signed in yet
  { method: 'POST', path: /^\/api\/v1\/auth\/refresh$/, status: 401 }, // no session to refresh
  { method: 'POST', path: /^\/api\/v1\/auth\/login$/, status: 401 }, // wrong password, then totp-required
];

class Monitor {
  constructor() {
    this.current = 'setup';
    this.problems = []; // {test, kind, text}
    this.console = []; // every console message, for the failure logs
    this.expected = [];
  }

  /** Allows an API error during the current test (the viewer's refused PATCH). */
  expect(rule) {
    this.expected.push({ ...rule, test: this.current });
  }

  add(kind, text) {
    if (this.muted && kind !== 'ui') return;
    this.problems.push({ test: this.current, kind, text });
  }

  problemsOf(test) {
    return this.problems.filter((p) => p.test === test);
  }

  async attach(context, name) {
    await context.exposeBinding('__e2eCspViolation', (_source, v) =>
      this.add('csp', `${name}: ${v.directive} blocked ${v.blocked} at ${v.source}:${v.line}`),
    );
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        // eslint-disable-next-line no-undef
        window.__e2eCspViolation?.({
          directive: e.violatedDirective,
          blocked: e.blockedURI || '(inline)',
          source: e.sourceFile,
          line: e.lineNumber,
        });
      });
    });
    context.on('console', (msg) => {
      const where = msg.location()?.url ?? '';
      this.console.push({ test: this.current, context: name, type: msg.type(), text: msg.text(), where });
      if (msg.type() !== 'error') return;
      // The browser's own "Failed to load resource" line for an API answer >= 400: judged by the response hook.
      if (/^Failed to load resource/.test(msg.text()) && new URL(where || 'about:blank', 'http://x').pathname.startsWith('/api/')) return;
      if (/Content Security Policy/i.test(msg.text())) this.add('csp', `${name}: ${msg.text()}`);
      else this.add('console', `${name}: ${msg.text()}${where ? ` (${where})` : ''}`);
    });
    context.on('weberror', (err) => this.add('pageerror', `${name}: ${err.error()?.stack ?? err.error()}`));
    context.on('requestfailed', (req) => {
      const url = new URL(req.url());
      const failure = req.failure()?.errorText ?? 'failed';
      if (url.pathname.startsWith('/assets/')) this.add('asset', `${name}: ${req.url()} ${failure}`);
      else if (url.pathname.startsWith('/api/') && !/ERR_ABORTED/.test(failure)) this.add('request', `${name}: ${req.method()} ${req.url()} ${failure}`);
    });
    context.on('response', (res) => {
      const url = new URL(res.url());
      const status = res.status();
      if (url.pathname.startsWith('/assets/') && status >= 400) this.add('asset', `${name}: ${res.url()} answered ${status}`);
      if (!url.pathname.startsWith('/api/') || status < 400) return;
      const method = res.request().method();
      const ok = [...EXPECTED_API_ERRORS, ...this.expected.filter((e) => e.test === this.current)].some(
        (e) => e.method === method && e.path.test(url.pathname) && e.status === status,
      );
      if (!ok) this.add('api', `${name}: ${method} ${url.pathname}${url.search} answered ${status}`);
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// UI steps shared by the tests

async function signIn(page, user, { totpCode } = {}) {
  await page.goto('/sign-in');
  await visible(page.getByRole('heading', { name: 'Sign in to Palisade' }));
  await page.getByLabel('E-mail address').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByLabel('Password', { exact: true }).press('Enter');
  if (totpCode) {
    await visible(page.getByRole('heading', { name: 'Two-factor authentication' }));
    const code = await totpCode();
    await page.getByLabel('Authentication code or recovery code').pressSequentially(code);
    await page.getByRole('button', { name: 'Verify' }).click();
  }
  await visible(page.getByRole('heading', { name: 'Dashboard', level: 1 }));
}

async function signOut(page, user) {
  await page.getByRole('button', { name: /^Account menu for/ }).click();
  const item = page.getByRole('menuitem', { name: 'Sign out' });
  await visible(item);
  const mark = monitor.problems.length;
  await item.press('Enter');
  const heading = page.getByRole('heading', { name: 'Sign in to Palisade' });
  const shown = await visible(heading, 5000).then(
    () => true,
    () => false,
  );
  if (!shown) {
    // A real fault: fail the test with it, then reload to check the rest of the test. The stale shell's 401s and
    // WebSocket retries since the click are symptoms of the same fault: replaced by one message.
    const since = monitor.problems.splice(mark);
    const symptoms = since.filter((p) => p.kind === 'api' || p.kind === 'console');
    monitor.problems.push(...since.filter((p) => !symptoms.includes(p)));
    monitor.add('ui', `after "Sign out" the page stayed on ${new URL(page.url()).pathname} showing the signed-in shell instead of the sign-in screen (${symptoms.length} API 401s / WebSocket errors followed)`);
    monitor.muted = true;
    await page.reload();
    await visible(heading);
    monitor.muted = false;
  }
  assert(!(await page.getByText(user.email).isVisible()), 'the user is no longer shown after signing out');
}

const nav = (page, name) => page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name, exact: true });
const settingsNav = (page, name) => page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name, exact: true });

async function openFindings(page) {
  await nav(page, 'Findings').click();
  await visible(page.getByRole('heading', { name: 'Findings', level: 1 }));
  await visible(page.locator('table.data-table tbody tr').first());
}

/** The findings table row whose title is `title`. */
const findingRow = (page, title) =>
  page.locator('table.data-table tbody tr').filter({ has: page.getByRole('link', { name: title, exact: true }) });

async function openPanel(page, title) {
  await findingRow(page, title).getByRole('link', { name: title, exact: true }).click();
  const panel = page.getByRole('complementary', { name: 'Finding details' });
  await visible(panel);
  await visible(panel.getByRole('heading', { name: title }));
  return panel;
}

async function shot(page, name, { fullPage = true } = {}) {
  const dir = path.join(OUT, 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  // Settle: no request in flight, fonts loaded, no running CSS transition worth waiting for.
  await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(0, 0); // no hover state or chart tooltip in the picture
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage, animations: 'disabled' });
}

// ---------------------------------------------------------------------------------------------------------------
// Accessibility audit: axe-core (WCAG 2.0/2.1, levels A and AA) on a settled page

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** Impacts that fail the audit; lesser ones ("minor", "moderate") are only written to a11y.json. */
const AXE_FAILING = new Set(['serious', 'critical']);
/**
 * Genuine false positives: { rule, selector (exact axe target), why }. Keep this list short and explain each entry.
 */
const AXE_EXCLUDE = [];

/**
 * Runs axe on the current page (injected with page.evaluate: the UI's CSP, script-src 'self', would block an inline
 * <script>, while an evaluation from the driver is not a page script). Returns the violations and the undecided
 * checks with their nodes, minus AXE_EXCLUDE.
 */
async function axeAudit(page) {
  await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(0, 0); // no hover state or tooltip
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] }),
    AXE_TAGS,
  );
  const shape = (list) =>
    list
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes
          .filter((n) => !AXE_EXCLUDE.some((e) => e.rule === v.id && n.target.join(' ') === e.selector))
          .map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 300), summary: n.failureSummary })),
      }))
      .filter((v) => v.nodes.length > 0);
  // "incomplete": what axe could not decide (e.g. text over an image or a gradient): for review, never failing.
  const violations = shape(result.violations);
  const svgText = await svgTextContrast(page);
  if (svgText.nodes.length > 0) violations.push(svgText);
  return { violations, incomplete: shape(result.incomplete) };
}

/**
 * axe cannot judge SVG text (the charts' axis ticks and labels: "element contains an image node"), so this checks
 * it the same way: the text's computed fill (opacity included) against the background of the nearest HTML
 * ancestors, 4.5:1 (3:1 from 24 px, or 18.66 px bold). Text drawn over a shape of its chart is not judged.
 */
async function svgTextContrast(page) {
  const nodes = await page.evaluate(() => {
    const parse = (c) => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const over = (top, bottom) => ({
      r: top.r * top.a + bottom.r * (1 - top.a),
      g: top.g * top.a + bottom.g * (1 - top.a),
      b: top.b * top.a + bottom.b * (1 - top.a),
      a: 1,
    });
    const lum = ({ r, g, b }) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      const layers = [];
      for (let e = el.closest('svg')?.parentElement; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c.a > 0) layers.push(c);
        if (c && c.a >= 1) break;
      }
      return layers.reduceRight((acc, c) => over(c, acc), { r: 255, g: 255, b: 255, a: 1 });
    };
    const found = [];
    for (const text of document.querySelectorAll('svg text')) {
      const box = text.getBoundingClientRect();
      if (!text.textContent.trim() || box.width === 0 || box.height === 0) continue;
      const style = getComputedStyle(text);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      // Text over a shape of the chart (a bar, a slice) has that shape behind it, not the card: not judged here.
      const cx = box.left + box.width / 2;
      const cy = box.top + box.height / 2;
      const under = document.elementsFromPoint(cx, cy).find((e) => e !== text && !text.contains(e) && e.tagName !== 'tspan');
      if (under && under.closest('svg') === text.closest('svg') && under.tagName !== 'svg') continue;
      const fill = parse(style.fill);
      if (!fill) continue;
      let opacity = Number(style.fillOpacity);
      for (let e = text; e && e.tagName !== 'svg'; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
      const bg = background(text);
      const fg = over({ ...fill, a: fill.a * opacity }, bg);
      const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      const ratio = (hi + 0.05) / (lo + 0.05);
      const px = parseFloat(style.fontSize);
      const large = px >= 24 || (px >= 18.66 && Number(style.fontWeight) >= 700);
      const need = large ? 3 : 4.5;
      if (ratio < need) {
        const path = [];
        for (let e = text; e && e !== document.body; e = e.parentElement) {
          path.unshift(e.id ? `#${e.id}` : `${e.tagName.toLowerCase()}${e.classList.length ? `.${[...e.classList].join('.')}` : ''}`);
          if (e.id || e.tagName === 'svg') break;
        }
        found.push({
          target: path.join(' > '),
          html: text.outerHTML.slice(0, 300),
          summary: `contrast ${ratio.toFixed(2)}:1 (needs ${need}:1): fill ${style.fill}, opacity ${opacity.toFixed(2)}, ${px}px`,
        });
      }
    }
    return found;
  });
  return {
    id: 'svg-text-contrast (e2e check)',
    impact: 'serious',
    help: 'SVG text must have sufficient color contrast (WCAG 1.4.3)',
    helpUrl: 'https://www.w3.org/WAI/WCAG21/Understanding/contrast-minimum.html',
    nodes,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The tests

const state = {}; // shared between tests: scan id, finding titles...

const TESTS = [
  {
    id: '1',
    name: 'sign in as admin (wrong password first)',
    async run({ admin }) {
      const page = admin;
      await page.goto('/');
      // Not signed in: the protected page sends us to the sign-in screen.
      await visible(page.getByRole('heading', { name: 'Sign in to Palisade' }));
      await until(async () => new URL(page.url()).pathname === '/sign-in', { message: 'redirect to /sign-in' });
      await page.getByLabel('E-mail address').fill(ADMIN.email);
      await page.getByLabel('Password', { exact: true }).fill('not-the-password');
      await page.getByLabel('Password', { exact: true }).press('Enter');
      const alert = page.getByRole('alert');
      await visible(alert);
      await textMatches(alert, /e-mail address or the password is not correct/i);
      assert(new URL(page.url()).pathname === '/sign-in', 'still on the sign-in page after a wrong password');

      await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await visible(page.getByRole('heading', { name: 'Dashboard', level: 1 }));
      assert(new URL(page.url()).pathname === '/', 'on the dashboard');
      await visible(page.getByRole('navigation', { name: 'Main navigation' }));
      await hidden(page.getByRole('alert'));
    },
  },
  {
    id: '2',
    name: 'set the scope, start a scan of the fixture, watch it finish live',
    async run({ admin, fixture }) {
      const page = admin;
      if (new URL(page.url()).pathname === '/sign-in' || page.url() === 'about:blank') await signIn(page, ADMIN);
      // Settings -> Scan scope: add 127.0.0.1/32.
      await nav(page, 'Settings').click();
      await settingsNav(page, 'Scan scope').click();
      await visible(page.getByRole('heading', { name: 'Scan scope' }));
      await page.getByRole('button', { name: 'Add a range' }).click();
      const entry = page.getByLabel('Address ranges (CIDR), entry 1');
      await visible(entry);
      await entry.pressSequentially('127.0.0.1/32');
      await page.getByRole('button', { name: 'Save scope' }).click();
      await visible(page.getByText(/The scope is saved/));
      await until(async () => (await page.getByLabel('Address ranges (CIDR), entry 1').inputValue()) === '127.0.0.1/32', {
        message: 'the stored range',
      });

      // Scans -> New scan: type the target, see it in scope, choose the fixture's profile, start.
      await nav(page, 'Scans').click();
      await visible(page.getByRole('heading', { name: 'Scans', level: 1 }));
      await page.getByRole('link', { name: 'New scan' }).first().click();
      await visible(page.getByRole('heading', { name: 'New scan' }));
      const target = `http://127.0.0.1:${fixture.port}/`;
      await page.getByLabel('Targets', { exact: true }).pressSequentially(target, { delay: 5 });
      await visible(page.getByText('1 in scope · 0 not in scope · 0 not valid'));
      const check = page.getByRole('list', { name: 'Scope check of each target' });
      await textMatches(check, /In scope.*127\.0\.0\.1.*inside the range 127\.0\.0\.1\/32/);
      const profile = page.getByLabel('Scan profile');
      await until(async () => (await profile.locator('option').allTextContents()).some((o) => o.startsWith('e2e-fixture')), {
        message: 'the e2e-fixture profile to be offered',
      });
      await profile.selectOption('e2e-fixture');
      await page.getByRole('button', { name: 'Start scan' }).click();

      // The live page: running (the fixture holds one page, so the scan cannot end yet), then done with a grade.
      await until(async () => /^\/scans\/[0-9a-f-]{36}$/.test(new URL(page.url()).pathname), { message: 'the scan page' });
      state.scanId = new URL(page.url()).pathname.split('/').pop();
      await visible(page.getByRole('heading', { name: `Scan of ${target}` }));
      await page.evaluate(() => {
        window.__e2eNoReload = true;
      });
      const header = page.locator('main h1').locator('..');
      await textMatches(header, /Running/, 20_000);
      const progress = page.getByRole('progressbar', { name: 'Scan progress' });
      await visible(progress);
      await fixture.waitHeld();
      const before = Number(await progress.getAttribute('value'));
      assert(before < 100, `progress below 100 % while running (was ${before})`);
      await shot(page, '04-scan-live-running');
      fixture.openGate();

      await textMatches(header, /Done/, 30_000);
      const grade = page.getByLabel(/^Grade [A-F][+-]?$/).first();
      await visible(grade, 20_000);
      state.grade = await grade.textContent();
      assert(state.grade === 'F', `a critical finding caps the grade at F (got ${state.grade})`);
      await visible(page.getByRole('heading', { name: 'Results' }));
      await hidden(progress);
      assert(await page.evaluate(() => window.__e2eNoReload === true), 'the page was not reloaded');
      // The scan's findings are listed once it has ended.
      const findingsSection = page.locator('section[aria-labelledby="scan-findings"]');
      await visible(findingsSection.getByRole('link', { name: 'Environment file (.env) exposed' }));
    },
  },
  {
    id: '3',
    name: 'triage a finding from /findings',
    async run({ admin }) {
      const page = admin;
      const title = 'No X-Content-Type-Options: nosniff';
      await openFindings(page);
      const row = findingRow(page, title);
      await textMatches(row, /Open/);
      const panel = await openPanel(page, title);
      await panel.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Mark triaged' }).click();
      await visible(panel.getByRole('button', { name: 'Back to open' }));
      await textMatches(row.locator('td').nth(4), /^Triaged$/);
      // The history records the change.
      await textMatches(panel.locator('section').filter({ hasText: /^History/ }), /Triaged|triaged/);
      // Close the panel with the keyboard.
      await page.keyboard.press('Escape');
      await hidden(panel);
      state.triaged = title;
    },
  },
  {
    id: '4',
    name: 'accept a risk with an expiry',
    async run({ admin }) {
      const page = admin;
      const title = 'X-Powered-By header discloses the technology';
      await openFindings(page);
      const panel = await openPanel(page, title);
      await panel.getByRole('button', { name: 'Accept risk…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Mark as Accepted risk' });
      await visible(dialog);
      await dialog.getByLabel('Justification').pressSequentially('Legacy PHP banner; removed with the Q3 platform upgrade.', { delay: 2 });
      const until30 = new Date(Date.now() + 30 * 86_400_000);
      const ymd = `${until30.getFullYear()}-${String(until30.getMonth() + 1).padStart(2, '0')}-${String(until30.getDate()).padStart(2, '0')}`;
      await dialog.getByLabel('Accepted until').fill(ymd);
      await visible(dialog.getByText(/The finding reopens by itself after/));
      await dialog.getByRole('button', { name: 'Save' }).click();
      await hidden(dialog);

      // The expected date as the UI formats it (formatDate: medium date, short time, in the browser's locale).
      const shown = await page.evaluate((day) => {
        const [y, m, d] = day.split('-').map(Number);
        return new Intl.DateTimeFormat(navigator.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(y, m - 1, d, 23, 59, 59));
      }, ymd);
      await textMatches(panel.locator('header'), /Accepted risk/);
      const item = panel.locator('dl > div').filter({ has: page.locator('dt', { hasText: 'Accepted until' }) });
      await textMatches(item.locator('dd'), new RegExp(shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      await textMatches(panel.locator('dl > div').filter({ has: page.locator('dt', { hasText: 'Justification' }) }).locator('dd'), /Legacy PHP banner/);
      await textMatches(findingRow(page, title).locator('td').nth(4), /^Accepted risk$/);
      // The server stored the end of that local day.
      const stored = await page.evaluate(async (t) => {
        const list = await (await fetch(`/api/v1/findings?limit=200&q=${encodeURIComponent(t)}`)).json();
        return list.items.find((f) => f.title === t);
      }, title);
      assert(stored.status === 'accepted_risk', `stored status ${stored.status}`);
      assert(new Date(stored.accepted_until).getDate() === until30.getDate(), `stored accepted_until ${stored.accepted_until} is on ${ymd}`);
      state.accepted = title;
    },
  },
  {
    id: '5',
    name: 'invite a viewer, accept the invitation, viewer cannot triage',
    async run({ admin, newContext }) {
      const page = admin;
      await nav(page, 'Settings').click();
      await settingsNav(page, 'Invitations').click();
      await visible(page.getByRole('heading', { name: 'Invite someone' }));
      const form = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Invite someone' }) });
      await form.getByLabel('E-mail address').pressSequentially(VIEWER.email);
      await form.getByLabel('Role').selectOption({ label: 'Viewer' });
      await form.getByRole('button', { name: 'Send invitation' }).click();
      await visible(page.getByText(`An invitation is on its way to ${VIEWER.email}.`));
      await visible(page.locator('table.data-table tr', { hasText: VIEWER.email }).getByText('Pending'));

      // The mail (no SMTP: the outbox), read as the admin with the admin's session cookies.
      const token = await until(
        () =>
          page.evaluate(async (email) => {
            const res = await fetch('/api/v1/outbox?limit=50');
            if (!res.ok) throw new Error(`outbox ${res.status}`);
            const mail = (await res.json()).items.find((m) => m.to_address === email && /invite/i.test(m.subject));
            return mail?.body.match(/accept-invite\?token=([A-Za-z0-9_-]+)/)?.[1] ?? null;
          }, VIEWER.email),
        { message: 'the invitation mail in the outbox' },
      );

      const viewer = await newContext('viewer');
      await viewer.goto(`/accept-invite?token=${token}`);
      await visible(viewer.getByRole('button', { name: 'Accept invitation' }));
      await viewer.getByLabel('E-mail address').fill(VIEWER.email);
      await viewer.getByLabel('Your name (optional)').fill('Vera Viewer');
      await viewer.getByLabel('Password', { exact: true }).pressSequentially(VIEWER.password);
      await visible(viewer.getByText(/Looks good/));
      await viewer.getByRole('button', { name: 'Accept invitation' }).click();
      await visible(viewer.getByRole('heading', { name: 'Dashboard', level: 1 }));
      // Sign out and in again with the new password.
      await signOut(viewer, VIEWER);
      await signIn(viewer, VIEWER);
      await viewer.getByRole('button', { name: /^Account menu for/ }).click();
      await visible(viewer.getByRole('menu').getByText('Role: Viewer'));
      await viewer.keyboard.press('Escape');

      await openFindings(viewer);
      assert((await viewer.getByRole('checkbox').count()) === 0, 'no selection checkboxes for a viewer');
      const title = state.triaged ?? 'No Content-Security-Policy';
      const panel = await openPanel(viewer, title);
      await visible(panel.getByText('Evidence'));
      assert((await panel.getByRole('group', { name: 'Status' }).count()) === 0, 'no status actions for a viewer');
      for (const label of ['Mark triaged', 'Back to open', 'Mark fixed', 'Accept risk…', 'Assign to me']) {
        assert((await panel.getByRole('button', { name: label }).count()) === 0, `no "${label}" button for a viewer`);
      }
      assert((await panel.getByRole('textbox').count()) === 0, 'no comment box for a viewer');

      // The server refuses a triage PATCH from the viewer's session.
      monitor.expect({ method: 'PATCH', path: /^\/api\/v1\/findings\/[^/]+$/, status: 403 });
      const answer = await viewer.evaluate(async (t) => {
        const list = await (await fetch(`/api/v1/findings?limit=200&q=${encodeURIComponent(t)}`)).json();
        const id = list.items.find((f) => f.title === t).id;
        const csrf = document.cookie.match(/(?:^|; )palisade_csrf=([^;]+)/)?.[1] ?? '';
        const res = await fetch(`/api/v1/findings/${id}`, {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf) },
          body: JSON.stringify({ status: 'fixed' }),
        });
        return { status: res.status, csrf: csrf !== '', body: await res.text() };
      }, title);
      assert(answer.csrf, 'the viewer session has a CSRF cookie');
      assert(answer.status === 403, `the viewer's PATCH answered ${answer.status}: ${answer.body}`);
    },
  },
  {
    id: '6',
    name: 'enrol TOTP, see recovery codes, sign in again with the code',
    async run({ newContext }) {
      const page = await newContext('analyst');
      await signIn(page, ANALYST);
      await nav(page, 'Settings').click();
      await settingsNav(page, 'Two-factor authentication').click();
      await visible(page.getByRole('heading', { name: 'Two-factor authentication' }));
      await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
      const secretBox = page.getByTestId('totp-secret');
      await visible(secretBox);
      await visible(page.getByRole('img', { name: /QR code/ }));
      const secret = base32Decode((await secretBox.textContent()) ?? '');
      assert(secret.length >= 10, `a secret of at least 80 bits (got ${secret.length} bytes)`);
      // Confirm with the code of this step; sign in later with the next step's code (the server accepts one step
      // either side and never the same step twice), so no waiting for a new 30 s window is needed.
      const step = totpStep();
      await page.getByLabel('Code from the app').pressSequentially(totp(secret, step));
      await page.getByRole('button', { name: 'Turn on' }).click();
      await visible(page.getByRole('heading', { name: 'Your recovery codes' }));
      const codes = (await page.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem').allTextContents()).map((c) => c.trim());
      assert(codes.length >= 8 && codes.every((c) => /^[A-Za-z0-9-]{8,}$/.test(c)), `recovery codes shown (${codes.join(', ')})`);
      await shot(page, '13-settings-two-factor-recovery-codes');
      await page.getByRole('button', { name: 'I have stored the codes' }).click();
      await visible(page.getByText('Status:'));
      await visible(page.getByText('On', { exact: true }));

      await signOut(page, ANALYST);
      await signIn(page, ANALYST, { totpCode: async () => totp(secret, Math.max(step + 1, totpStep())) });
      const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
      assert(me.totp_enabled === true && me.email === 'analyst@acme.test', 'signed in with two-factor authentication on');
    },
  },
  {
    id: '7',
    name: 'screenshots of the main screens (light 1280x800, dark, 768 px)',
    async run({ admin, newContext }) {
      const anon = await newContext('anonymous');
      await anon.goto('/sign-in');
      await visible(anon.getByRole('heading', { name: 'Sign in to Palisade' }));
      await shot(anon, '01-sign-in');

      const page = admin;
      const go = async (url, heading, name) => {
        await page.goto(url);
        await visible(page.getByRole('heading', { name: heading, level: 1 }));
        await shot(page, name);
      };
      await go('/', 'Dashboard', '02-dashboard');
      await go('/scans', 'Scans', '03-scans-list');
      if (state.scanId) {
        await page.goto(`/scans/${state.scanId}`);
        await visible(page.getByRole('heading', { name: 'Results' }));
        await shot(page, '05-scan-results');
      }
      await go('/findings', 'Findings', '06-findings-list');
      const firstTitle = await page.locator('table.data-table tbody tr').first().getByRole('link').first().textContent();
      await openPanel(page, firstTitle);
      await shot(page, '07-findings-with-panel', { fullPage: false });
      await go('/assets', 'Assets', '08-assets-list');
      await page.locator('table a[href^="/assets/"]').first().click();
      await visible(page.getByRole('heading', { level: 1 }));
      await until(async () => /^\/assets\/./.test(new URL(page.url()).pathname), { message: 'the asset page' });
      await shot(page, '09-asset-detail');
      await go('/notifications', 'Notifications', '10-notifications');
      const sections = ['profile', 'password', 'two-factor', 'api-keys', 'scope', 'members', 'invitations', 'sla', 'notification-rules', 'webhooks', 'audit'];
      for (const [i, section] of sections.entries()) {
        await page.goto(`/settings/${section}`);
        await visible(page.getByRole('navigation', { name: 'Settings sections' }));
        await visible(page.locator('main h2').first());
        await shot(page, `11-settings-${String(i + 1).padStart(2, '0')}-${section}`);
      }

      // Dark theme (the system preference; the theme setting is "system" by default).
      await page.emulateMedia({ colorScheme: 'dark' });
      await go('/', 'Dashboard', '20-dark-dashboard');
      assert(await page.evaluate(() => document.documentElement.classList.contains('dark')), 'the dark class is applied');
      await go('/findings', 'Findings', '21-dark-findings');
      await openPanel(page, firstTitle);
      await shot(page, '22-dark-findings-with-panel', { fullPage: false });

      // Tablet width.
      await page.emulateMedia({ colorScheme: 'light' });
      await page.setViewportSize({ width: 768, height: 1024 });
      await go('/', 'Dashboard', '30-768-dashboard');
      await go('/findings', 'Findings', '31-768-findings');
      await openPanel(page, firstTitle);
      await shot(page, '32-768-findings-with-panel', { fullPage: false });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert(overflow <= 0, `no horizontal page scroll at 768 px (overflow ${overflow} px)`);
      await page.setViewportSize({ width: 1280, height: 800 });
    },
  },
  {
    id: '8',
    name: 'accessibility audit (axe-core, WCAG 2.1 AA) of the main screens, light and dark, 1280x800',
    timeout: 240_000,
    async run({ admin, newContext }) {
      const report = []; // { screen, theme, url, violations }
      const audit = async (page, screen, theme) => {
        const { violations, incomplete } = await axeAudit(page);
        report.push({ screen, theme, url: new URL(page.url()).pathname, violations, incomplete });
      };
      const page = admin;
      if (new URL(page.url()).pathname === '/sign-in' || page.url() === 'about:blank') await signIn(page, ADMIN);
      // The scan of test 2 (or, when run alone, the newest scan there is).
      const scanId =
        state.scanId ??
        (await page.evaluate(async () => (await (await fetch('/api/v1/scans?limit=1')).json()).items?.[0]?.id ?? null));

      for (const theme of ['light', 'dark']) {
        const anon = await newContext(`anonymous-${theme}`);
        await anon.emulateMedia({ colorScheme: theme });
        await anon.goto('/sign-in');
        await visible(anon.getByRole('heading', { name: 'Sign in to Palisade' }));
        await audit(anon, 'sign-in', theme);

        await page.emulateMedia({ colorScheme: theme });
        const go = async (url, heading, screen) => {
          await page.goto(url);
          await visible(page.getByRole('heading', { name: heading, level: 1 }));
          await audit(page, screen, theme);
        };
        await go('/', 'Dashboard', 'dashboard');
        assert((await page.evaluate(() => document.documentElement.classList.contains('dark'))) === (theme === 'dark'), `the ${theme} theme is applied`);
        await go('/scans', 'Scans', 'scans list');
        if (scanId) {
          await page.goto(`/scans/${scanId}`);
          await visible(page.getByRole('heading', { name: 'Results' }));
          await audit(page, 'scan results', theme);
        }
        await go('/findings', 'Findings', 'findings list');
        const firstTitle = await page.locator('table.data-table tbody tr').first().getByRole('link').first().textContent();
        await openPanel(page, firstTitle);
        await audit(page, 'findings with the panel open', theme);
        await go('/assets', 'Assets', 'asset list');
        await page.locator('table a[href^="/assets/"]').first().click();
        await until(async () => /^\/assets\/./.test(new URL(page.url()).pathname), { message: 'the asset page' });
        await visible(page.getByRole('heading', { level: 1 }));
        await audit(page, 'asset detail', theme);
        await go('/notifications', 'Notifications', 'notifications');
        for (const section of ['profile', 'password', 'two-factor', 'api-keys', 'scope', 'members', 'invitations', 'sla', 'notification-rules', 'webhooks', 'audit']) {
          await page.goto(`/settings/${section}`);
          await visible(page.getByRole('navigation', { name: 'Settings sections' }));
          await visible(page.locator('main h2').first());
          await audit(page, `settings: ${section}`, theme);
        }
      }
      await page.emulateMedia({ colorScheme: 'light' });

      fs.writeFileSync(path.join(OUT, 'a11y.json'), JSON.stringify({ tags: AXE_TAGS, exclusions: AXE_EXCLUDE, pages: report }, null, 2));
      const counts = {};
      let failing = 0;
      for (const { screen, theme, violations } of report) {
        for (const v of violations) {
          counts[`${v.id} (${v.impact})`] = (counts[`${v.id} (${v.impact})`] ?? 0) + v.nodes.length;
          if (!AXE_FAILING.has(v.impact)) continue;
          failing += 1;
          const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : '';
          console.log(`      a11y ${theme} ${screen}: ${v.id} [${v.impact}] ${v.help}`);
          console.log(`           ${v.nodes.slice(0, 3).map((n) => n.target).join('  |  ')}${more}`);
        }
      }
      const summary = Object.entries(counts).map(([k, n]) => `${k}: ${n}`).join(', ');
      const undecided = report.reduce((sum, r) => sum + r.incomplete.reduce((a, v) => a + v.nodes.length, 0), 0);
      console.log(`      a11y: ${report.length} pages audited; violating nodes per rule: ${summary || 'none'}; ${undecided} nodes for manual review; details in ${path.join(OUT, 'a11y.json')}`);
      assert(failing === 0, `${failing} serious or critical accessibility violations (see above and a11y.json)`);
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// The runner

const monitor = new Monitor();

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  fs.mkdirSync(path.join(OUT, 'screenshots'), { recursive: true });
  if (!fs.existsSync(PALISADE)) throw new Error(`no palisade binary at ${PALISADE}`);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set PALISADE_CHROMIUM)`);
  const started = Date.now();
  const server = new Server();
  let fixture;
  let browser;
  const results = [];
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    await fixture?.close().catch(() => {});
    await server.stop().catch((e) => console.error(`stopping palisade: ${e.message}`));
  };
  const onSignal = (signal) => {
    console.error(`\n${signal}: stopping`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    await server.start();
    server.createUser(ADMIN, 'admin');
    server.createUser(ANALYST, 'analyst');
    fixture = await startFixture();
    // Setup through the API: a scan profile that scans only the fixture's port (the UI offers saved profiles).
    const { access_token: token } = await server.api('POST', '/api/v1/auth/login', ADMIN);
    await server.api(
      'POST',
      '/api/v1/scan-profiles',
      {
        name: 'e2e-fixture',
        description: 'HTTP headers and web checks of the e2e fixture',
        modules: ['headers', 'web'],
        options: { ports: String(fixture.port), timeout_ms: 30000 },
      },
      token,
    );
    console.log(`palisade ${server.base} (data ${server.dir}), fixture ${fixture.url}, output ${OUT}`);

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    const contexts = [];
    const newContext = async (name) => {
      const context = await browser.newContext({
        baseURL: server.base,
        viewport: { width: 1280, height: 800 },
        colorScheme: 'light',
        locale: 'en-US',
        timezoneId: 'UTC',
        reducedMotion: 'reduce',
      });
      context.setDefaultTimeout(STEP_TIMEOUT_MS);
      await monitor.attach(context, name);
      const page = await context.newPage();
      contexts.push({ name, context, page, test: monitor.current });
      return page;
    };
    const admin = await newContext('admin');

    for (const test of TESTS) {
      if (ONLY && !ONLY.has(test.id)) continue;
      monitor.current = test.id;
      const t0 = Date.now();
      let error = null;
      let timer;
      try {
        await Promise.race([
          test.run({ admin, newContext, fixture, server }),
          new Promise((_, reject) => {
            const limit = Math.max(TEST_TIMEOUT_MS, test.timeout ?? 0);
            timer = setTimeout(() => reject(new Error(`test timed out after ${limit} ms`)), limit);
          }),
        ]);
      } catch (caught) {
        error = caught;
      } finally {
        clearTimeout(timer);
      }
      // Let late console messages of this test arrive before judging it.
      await sleep(50);
      const own = contexts.filter((c) => c.test === test.id && c.name !== 'admin');
      const problems = monitor.problemsOf(test.id);
      const failed = error !== null || problems.length > 0;
      const ms = Date.now() - t0;
      results.push({ id: test.id, name: test.name, passed: !failed, ms, error: error?.message ?? null, problems });
      console.log(`${failed ? 'FAIL' : 'PASS'}  ${test.id}. ${test.name}  (${(ms / 1000).toFixed(1)} s)`);
      if (error) console.log(`      ${String(error.stack ?? error).split('\n').slice(0, 4).join('\n      ')}`);
      for (const p of problems.slice(0, 10)) console.log(`      [${p.kind}] ${p.text}`);
      if (problems.length > 10) console.log(`      ... ${problems.length - 10} more in failures/`);
      if (failed) {
        const dir = path.join(OUT, 'failures');
        fs.mkdirSync(dir, { recursive: true });
        const base = `${test.id}-${slug(test.name)}`;
        for (const c of contexts) {
          if (c.name !== 'admin' && c.test !== test.id) continue;
          await c.page
            .screenshot({ path: path.join(dir, `${base}-${c.name}.png`), fullPage: true, timeout: 5000 })
            .catch(() => {});
        }
        const log = monitor.console
          .filter((m) => m.test === test.id)
          .map((m) => `[${m.context}] ${m.type}: ${m.text}${m.where ? ` (${m.where})` : ''}`);
        fs.writeFileSync(
          path.join(dir, `${base}-console.txt`),
          [`error: ${error?.stack ?? 'none'}`, '', 'problems:', ...problems.map((p) => `[${p.kind}] ${p.text}`), '', 'console:', ...log, ''].join('\n'),
        );
      }
      // The test's own browser contexts end with it (a signed-out tab retrying in the background is noise).
      monitor.muted = true;
      for (const c of own) await c.context.close().catch(() => {});
      monitor.muted = false;
    }
  } catch (setupError) {
    console.log(`FAIL  setup: ${setupError.stack ?? setupError}`);
    results.push({ id: 'setup', name: 'setup', passed: false, error: setupError.message, problems: [] });
  } finally {
    await cleanup();
  }

  // Problems outside any test (setup, between tests) fail the run too.
  const stray = monitor.problems.filter((p) => !results.some((r) => r.id === p.test));
  for (const p of stray) console.log(`FAIL  [${p.kind}] during ${p.test}: ${p.text}`);
  const passed = results.filter((r) => r.passed).length;
  const total = results.length;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify({ results, stray, seconds: Number(seconds) }, null, 2));
  console.log(`\n${passed}/${total} passed in ${seconds} s; screenshots in ${path.join(OUT, 'screenshots')}`);
  return passed === total && total > 0 && stray.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error.stack ?? error);
    process.exit(1);
  },
);
