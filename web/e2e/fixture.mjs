// A deliberately weak web site on 127.0.0.1 (random port) for the scanner to find things in: no security headers,
// a session cookie without Secure/HttpOnly/SameSite, an exposed /.git/config and /.env, an old jQuery, a form
// without a CSRF token. Every other path is a plain 404 (so the scanner's "random path" comparison stays clean).
import http from 'node:http';

const INDEX = `<!doctype html>
<html><head><title>Acme shop</title>
<script src="/static/jquery-1.8.3.min.js"></script>
</head><body>
<h1>Acme shop</h1>
<p><a href="/about">About us</a></p>
<form method="post" action="/login"><input name="user"><input type="password" name="password"><button>Sign in</button></form>
</body></html>`;

const PAGES = {
  '/': { type: 'text/html; charset=utf-8', body: INDEX, cookie: 'PHPSESSID=abc123def456; Path=/' },
  '/about': { type: 'text/html; charset=utf-8', body: '<!doctype html><html><head><title>About</title></head><body><p>About Acme.</p><a href="/">Home</a></body></html>' },
  '/static/jquery-1.8.3.min.js': {
    type: 'application/javascript',
    body: '/*! jQuery v1.8.3 jquery.com | jquery.org/license */\n(function(e,t){var n="1.8.3";e.jQuery=e.$=function(){return n}})(window);\n',
  },
  '/.git/config': {
    type: 'text/plain',
    body: '[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n[remote "origin"]\n\turl = https://git.example.com/acme/shop.git\n',
  },
  '/.git/HEAD': { type: 'text/plain', body: 'ref: refs/heads/main\n' },
  '/.env': { type: 'text/plain', body: 'APP_ENV=production\nDB_PASSWORD=hunter2hunter2\nAPI_SECRET_KEY=0123456789abcdef\n' },
  '/robots.txt': { type: 'text/plain', body: 'User-agent: *\nDisallow: /admin\n' },
};

/**
 * Starts the fixture; resolves to { url, port, held, openGate(), waitHeld(), close() }. While the gate is closed,
 * GET /about (linked from the start page, so the crawler asks for it) is held, at most `holdMs`: the scan stays
 * running until the test opens the gate, so the scan page can be watched changing state live.
 */
export async function startFixture({ holdMs = 20000 } = {}) {
  let release;
  const gate = new Promise((resolve) => (release = resolve));
  let onHeld = () => {};
  const heldOnce = new Promise((resolve) => (onHeld = resolve));
  const state = { held: 0 };
  const server = http.createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/about') {
      state.held += 1;
      onHeld();
      await Promise.race([gate, new Promise((resolve) => setTimeout(resolve, holdMs).unref())]);
    }
    const page = req.method === 'GET' || req.method === 'HEAD' ? PAGES[path] : undefined;
    const headers = { 'Server': 'Apache/2.4.29 (Ubuntu)', 'X-Powered-By': 'PHP/5.6.40' };
    if (!page) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
      res.end('not found\n');
      return;
    }
    if (page.cookie) headers['Set-Cookie'] = page.cookie;
    res.writeHead(200, { ...headers, 'Content-Type': page.type });
    res.end(req.method === 'HEAD' ? undefined : page.body);
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    port,
    get held() {
      return state.held;
    },
    openGate: () => release(),
    /** Resolves once the crawler has asked for the held page (the scan is then certainly running). */
    waitHeld: () => heldOnce,
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        release();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
