// The harness of the browser end-to-end tests (issue 7): the real incidentd on a fresh
// SQLite file with the demo directory, Debian's chromium driven by playwright-core, a
// sign-in through the real /login page, and a guard that refuses (and fails the test on)
// every request to a host other than 127.0.0.1.
//
// Environment:
//   INCIDENTD_PATH      the incidentd binary (set by CTest; default build/apps/incidentd/incidentd)
//   WEB_FRONT           "nginx": the browser and the API calls go through Debian's nginx with
//                       the shipped site file (deploy/nginx/datashare-incidents.site) over
//                       HTTPS, as in production (see startFront below); unset: straight to
//                       incidentd over HTTP
//   NGINX_PATH          nginx for WEB_FRONT=nginx (default /usr/sbin/nginx)
//   CHROMIUM_PATH       the browser (default /usr/bin/chromium)
//   WEB_SCREENSHOT_DIR  where every screenshot is written (CTest: <build>/tests/web/screenshots)
//   UPDATE_SCREENSHOTS  1: also write them to docs/screenshots/ (to be committed)
//
// Only what Node 18 has is used (Debian 12's nodejs): fetch, node:test, fs/promises.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PASSWORD = 'demo';

// Every wait is bounded by one of these (milliseconds).
export const TIMEOUTS = {
  serverStart: 20_000,
  serverStop: 10_000,
  browserLaunch: 30_000,
  action: 10_000,
  navigation: 15_000,
  expect: 10_000,
  api: 10_000,
  test: 120_000,
};

const SETUP_HINT = 'run scripts/setup (it installs chromium, node/npm and runs `npm ci` in tests/web)';

// playwright-core, or a failure that says what to do (never a silent skip).
export async function loadPlaywright() {
  try {
    return await import('playwright-core');
  } catch (e) {
    throw new Error(`playwright-core is not installed in tests/web/node_modules: ${SETUP_HINT}\n(${e.message})`);
  }
}

// ---------------------------------------------------------------------------------------
// incidentd

// What the tests talk to: incidentd itself, or (WEB_FRONT=nginx) nginx in front of it.
export const FRONT = process.env.WEB_FRONT || '';
if (FRONT !== '' && FRONT !== 'nginx') throw new Error(`WEB_FRONT=${FRONT}: only "nginx" (or unset) is known`);

// Starts what the tests talk to and returns { baseURL, port, log(), stop() }: incidentd
// alone (below), or with WEB_FRONT=nginx nginx in front of it (startFront).
export async function startServer({ extraArgs = [] } = {}) {
  return FRONT === 'nginx' ? startFront({ extraArgs }) : startIncidentd({ extraArgs });
}

// Starts incidentd on 127.0.0.1:0 with a fresh SQLite database and --demo, from the repo
// root (so config/ and web/ are found), and waits for "listening on 127.0.0.1:PORT".
export async function startIncidentd({ extraArgs = [] } = {}) {
  const binary = process.env.INCIDENTD_PATH || path.join(REPO_ROOT, 'build', 'apps', 'incidentd', 'incidentd');
  if (!existsSync(binary)) throw new Error(`incidentd not found at ${binary} (set INCIDENTD_PATH, or build it first)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'incidents-web-'));
  // No mail server listens in the tests: one attempt per notification keeps the log short.
  const args = ['--listen', '127.0.0.1:0', '--database', `sqlite:${path.join(dir, 'incidents.db')}`, '--demo',
    '--set', 'notifications.retry.max_attempts=1', ...extraArgs];
  const child = spawn(binary, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  let exited = null;
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  // Never leave it running when this process ends early (an uncaught error, a timeout).
  const killOnExit = () => { if (!exited) child.kill('SIGKILL'); };
  process.on('exit', killOnExit);
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); }));

  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { cleanup(); reject(new Error(`incidentd did not log 'listening on 127.0.0.1:PORT' within ${TIMEOUTS.serverStart} ms; its log:\n${log}`)); }, TIMEOUTS.serverStart);
    const check = () => {
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(log);
      if (m) { cleanup(); resolve(Number(m[1])); }
    };
    const onExit = () => { cleanup(); reject(new Error(`incidentd exited (${JSON.stringify(exited)}) before listening; its log:\n${log}`)); };
    function cleanup() { clearTimeout(timer); child.stdout.off('data', check); child.stderr.off('data', check); child.off('exit', onExit); }
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.on('exit', onExit);
    check();
  }).catch((e) => { child.kill('SIGKILL'); rmSync(dir, { recursive: true, force: true }); throw e; });

  const baseURL = `http://127.0.0.1:${port}`;
  return {
    port,
    baseURL,
    log: () => log,
    // SIGTERM, then SIGKILL if it has not exited in time; removes the database folder.
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = new Promise((resolve) => setTimeout(resolve, TIMEOUTS.serverStop, 'timeout'));
        if ((await Promise.race([exitPromise, timer])) === 'timeout') {
          child.kill('SIGKILL');
          await exitPromise;
        }
      }
      process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
      return exited;
    },
  };
}

// ---------------------------------------------------------------------------------------
// The production front (WEB_FRONT=nginx): Debian's nginx in the foreground from a temporary
// prefix, configured by the shipped site file deploy/nginx/datashare-incidents.site wrapped
// in a minimal nginx.conf (what Debian's /etc/nginx/nginx.conf gives it: mime.types, the
// temp paths). A throw-away self-signed certificate for 127.0.0.1, made with openssl. The
// site file's listen ports, upstream, certificate, log paths and assets' root are replaced
// line by line (each replacement must match, so the test fails when the file changes shape);
// every other line - TLS, buffering, limits, headers, the /assets/ location - is run as
// shipped. incidentd is started as behind the real front: public_url is nginx's https
// address, the front is its trusted proxy, and the session cookie is Secure.

const SITE_FILE = path.join(REPO_ROOT, 'deploy', 'nginx', 'datashare-incidents.site');

// A free TCP port on 127.0.0.1 (bound and released: another process could take it in
// between, which on a test machine is rare enough).
async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

// The site file with the production paths and ports replaced by the test's; throws when a
// line to replace is missing or appears a different number of times than expected.
export function siteForTest(text, { httpPort, httpsPort, upstreamPort, cert, key, logs, webRoot }) {
  const swaps = [
    ['listen 80 default_server;', `listen 127.0.0.1:${httpPort} default_server;`, 1],
    ['listen [::]:80 default_server;', '# (no IPv6 in the test)', 1],
    ['listen 443 ssl http2 default_server;', `listen 127.0.0.1:${httpsPort} ssl http2 default_server;`, 1],
    ['listen [::]:443 ssl http2 default_server;', '# (no IPv6 in the test)', 1],
    ['return 301 https://$host$request_uri;', `return 301 https://$host:${httpsPort}$request_uri;`, 1],
    ['server 127.0.0.1:8080 ', `server 127.0.0.1:${upstreamPort} `, 1],
    ['ssl_certificate /etc/ssl/certs/ssl-cert-snakeoil.pem;', `ssl_certificate ${cert};`, 1],
    ['ssl_certificate_key /etc/ssl/private/ssl-cert-snakeoil.key;', `ssl_certificate_key ${key};`, 1],
    ['/var/log/nginx/', `${logs}/`, 4],
    ['root /usr/share/datashare-incidents/web;', `root ${webRoot};`, 1],
  ];
  let out = text;
  for (const [from, to, times] of swaps) {
    const found = out.split(from).length - 1;
    if (found !== times) throw new Error(`${SITE_FILE}: expected "${from}" ${times} time(s), found ${found}; update tests/web/harness.mjs (siteForTest) with the file`);
    out = out.split(from).join(to);
  }
  return out;
}

// One HTTPS request that trusts exactly `ca` (the test's certificate); the answer in the
// shape of fetch's: { status, headers (a Headers), text }.
export function httpsRequest(url, { method = 'GET', headers = {}, body, ca, timeout = TIMEOUTS.api } = {}) {
  const h = { ...headers };
  if (body !== undefined && !Object.keys(h).some((n) => n.toLowerCase() === 'content-length')) h['Content-Length'] = Buffer.byteLength(body);
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers: h, ca, signal: AbortSignal.timeout(timeout) }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const h = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const v of Array.isArray(value) ? value : [value]) h.append(name, v);
        }
        resolve({ status: res.statusCode, headers: h, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function startFront({ extraArgs = [] } = {}) {
  const nginx = process.env.NGINX_PATH || '/usr/sbin/nginx';
  if (!existsSync(nginx)) throw new Error(`WEB_FRONT=nginx but no nginx at ${nginx}: run scripts/setup (it installs Debian's nginx), or set NGINX_PATH`);
  const prefix = mkdtempSync(path.join(tmpdir(), 'incidents-front-'));
  const logs = path.join(prefix, 'logs');
  for (const d of ['logs', 'tmp']) mkdirSync(path.join(prefix, d));
  const cert = path.join(prefix, 'cert.pem');
  const key = path.join(prefix, 'key.pem');
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes',
      '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: TIMEOUTS.serverStart });
  } catch (e) {
    rmSync(prefix, { recursive: true, force: true });
    throw new Error(`openssl could not make the test certificate: ${e.stderr || e.message}`);
  }
  const ca = readFileSync(cert, 'utf8');
  const httpsPort = await freePort();
  const httpPort = await freePort();
  const baseURL = `https://127.0.0.1:${httpsPort}`;

  const backend = await startIncidentd({ extraArgs: [
    '--set', `public_url=${baseURL}`, '--set', 'http.trusted_proxies=127.0.0.1', '--set', 'http.cookie_secure=true',
    ...extraArgs] }).catch((e) => { rmSync(prefix, { recursive: true, force: true }); throw e; });

  const site = path.join(prefix, 'datashare-incidents.site');
  const conf = path.join(prefix, 'nginx.conf');
  let child = null;
  let log = '';
  let exited = null;
  let exitPromise = Promise.resolve();
  // SIGTERM, not SIGKILL: nginx's master then stops its workers too (a killed master
  // would leave them running).
  const killOnExit = () => { if (child && !exited) child.kill('SIGTERM'); };
  const cleanUp = async () => {
    if (child && !exited) {
      child.kill('SIGQUIT');  // graceful: the workers finish what they hold, then exit
      const timer = new Promise((resolve) => setTimeout(resolve, TIMEOUTS.serverStop, 'timeout'));
      if ((await Promise.race([exitPromise, timer])) === 'timeout') {
        child.kill('SIGKILL');
        await exitPromise;
      }
    }
    process.off('exit', killOnExit);
    rmSync(prefix, { recursive: true, force: true });
  };
  const nginxLog = () => {
    let errors = '';
    try { errors = readFileSync(path.join(logs, 'datashare-incidents.error.log'), 'utf8'); } catch { /* none yet */ }
    return `${log}${errors}`;
  };
  try {
    writeFileSync(site, siteForTest(readFileSync(SITE_FILE, 'utf8'),
      { httpPort, httpsPort, upstreamPort: backend.port, cert, key, logs, webRoot: path.join(REPO_ROOT, 'web') }));
    // Root (the CI) runs the workers as root: they read the repo's web/ and write the temp
    // folders under the private prefix. (Debian's nginx.conf says www-data.)
    const user = process.getuid && process.getuid() === 0 ? 'user root root;' : '';
    writeFileSync(conf, `${user}
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${logs}/error.log warn;
events { worker_connections 512; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  sendfile on;
  client_body_temp_path ${prefix}/tmp/client_body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
  include ${site};
}
`);
    child = spawn(nginx, ['-p', `${prefix}/`, '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d) => { log += d; });
    child.stderr.on('data', (d) => { log += d; });
    process.on('exit', killOnExit);
    exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); }));
    // Ready once /healthz answers 200 through it over TLS (so the upstream works too).
    const deadline = Date.now() + TIMEOUTS.serverStart;
    for (;;) {
      if (exited) throw new Error(`nginx exited (${JSON.stringify(exited)}) at start; its log:\n${nginxLog()}`);
      const r = await httpsRequest(`${baseURL}/healthz`, { ca, timeout: 2_000 }).catch(() => null);
      if (r && r.status === 200) break;
      if (Date.now() > deadline) throw new Error(`nginx did not answer GET /healthz with 200 within ${TIMEOUTS.serverStart} ms (last: ${r ? r.status : 'no answer'}); its log:\n${nginxLog()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (e) {
    await cleanUp();
    await backend.stop();
    throw e;
  }

  return {
    port: httpsPort,
    baseURL,
    httpURL: `http://127.0.0.1:${httpPort}`,  // the port-80 server: redirects only
    ca,                                        // the certificate to trust (PEM)
    backend,                                   // incidentd itself ({ baseURL, port, ... })
    front: 'nginx',
    log: () => `${backend.log()}--- nginx ---\n${nginxLog()}`,
    async stop() {
      await cleanUp();
      return backend.stop();
    },
  };
}

// ---------------------------------------------------------------------------------------
// The API, for setting up and checking what the pages are not the point of.

export async function apiCall(server, method, urlPath, { token, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (server.ca) {
    // Through the front: TLS with the test's own certificate (fetch cannot be told it).
    const res = await httpsRequest(server.baseURL + urlPath, {
      method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), ca: server.ca,
    });
    let json = null;
    try { json = res.text ? JSON.parse(res.text) : null; } catch { /* not JSON */ }
    return { ...res, json };
  }
  const res = await fetch(server.baseURL + urlPath, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUTS.api),
    redirect: 'manual',
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, json, text };
}

export async function apiLogin(server, username) {
  const r = await apiCall(server, 'POST', '/api/v1/sessions', { body: { username, password: PASSWORD } });
  assert.equal(r.status, 201, `API sign-in of ${username}: ${r.text}`);
  return r.json.token;
}

// Files a ticket through the API as `username`; returns the ticket.
export async function apiReport(server, username, ticket) {
  const token = await apiLogin(server, username);
  const r = await apiCall(server, 'POST', '/api/v1/tickets', { token, body: ticket });
  assert.equal(r.status, 201, `POST /api/v1/tickets as ${username}: ${r.text}`);
  return r.json;
}

// Fires one event through the API as `username`; returns the ticket after it.
export async function apiEvent(server, username, id, event) {
  const token = await apiLogin(server, username);
  const r = await apiCall(server, 'POST', `/api/v1/tickets/${encodeURIComponent(id)}/events`, { token, body: event });
  assert.equal(r.status, 200, `${event.type} on ${id} as ${username}: ${r.text}`);
  return r.json;
}

export async function apiTicket(server, username, id) {
  const token = await apiLogin(server, username);
  return apiCall(server, 'GET', `/api/v1/tickets/${encodeURIComponent(id)}`, { token });
}

// ---------------------------------------------------------------------------------------
// The browser

export async function launchBrowser() {
  const { chromium } = await loadPlaywright();
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`no browser at ${executablePath}: ${SETUP_HINT}, or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath,
    headless: true,
    timeout: TIMEOUTS.browserLaunch,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-default-apps',
      '--disable-sync',
      '--no-first-run',
      '--metrics-recording-only',
      '--disable-features=Translate,MediaRouter,OptimizationHints',
    ],
  });
}

// A fresh browser context (own cookies) whose every request to a host other than
// 127.0.0.1 is aborted and recorded; `ctx.assertClean()` fails the test if one was
// attempted, if a page threw, or if the browser reported a Content-Security-Policy
// violation.
export async function newContext(browser, server, { viewport = { width: 1280, height: 900 }, locale = 'vi-VN', ...options } = {}) {
  // Through the front the certificate is the test's own, self-signed: the browser takes it.
  const tls = server.ca ? { ignoreHTTPSErrors: true } : {};
  const context = await browser.newContext({ baseURL: server.baseURL, viewport, locale, ...tls, ...options });
  context.setDefaultTimeout(TIMEOUTS.action);
  context.setDefaultNavigationTimeout(TIMEOUTS.navigation);
  const outside = [];
  const pageErrors = [];
  const cspViolations = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    let host = '';
    try { host = new URL(url).hostname; } catch { /* unparsable: refuse */ }
    if (host === '127.0.0.1') return route.continue();
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  const watch = (page) => {
    page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(`${page.url()}: ${m.text()}`);
    });
  };
  context.on('page', watch);
  return {
    context,
    outside,
    pageErrors,
    async newPage() {
      const page = await context.newPage();
      return page;
    },
    assertClean() {
      assert.deepEqual(outside, [], 'a page tried to load something from a host other than 127.0.0.1');
      assert.deepEqual(pageErrors, [], 'a page threw an uncaught error');
      assert.deepEqual(cspViolations, [], 'the browser reported a Content-Security-Policy violation');
    },
    close: () => context.close(),
  };
}

// Signs in through the real /login page and waits until the page has left /login.
export async function signIn(page, username, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForURL((url) => url.pathname !== '/login', { timeout: TIMEOUTS.navigation });
}

// Signs out with the page's own "Đăng xuất" button and waits for /login.
export async function signOut(page) {
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL((url) => url.pathname === '/login', { timeout: TIMEOUTS.navigation });
}

// ---------------------------------------------------------------------------------------
// Screenshots: always into WEB_SCREENSHOT_DIR (when set), and into docs/screenshots/ only
// with UPDATE_SCREENSHOTS=1, so that an ordinary test run leaves the git tree unchanged.

export async function screenshot(page, name, { fullPage = false } = {}) {
  const dirs = [];
  if (process.env.WEB_SCREENSHOT_DIR) dirs.push(process.env.WEB_SCREENSHOT_DIR);
  // Also from a run through the front: the pages are the same, and several files run
  // only that way (tests/web/CMakeLists.txt).
  if (process.env.UPDATE_SCREENSHOTS === '1') dirs.push(path.join(REPO_ROOT, 'docs', 'screenshots'));
  // Let web fonts and layout settle so the picture is the page, not a half-drawn one.
  await page.evaluate(() => document.fonts.ready.then(() => true));
  for (const dir of dirs) {
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage, animations: 'disabled', timeout: TIMEOUTS.action });
  }
}

// ---------------------------------------------------------------------------------------
// Checks shared by the tests

// Mojibake: UTF-8 read as Latin-1/Windows-1252. A Vietnamese letter outside ASCII is two
// UTF-8 bytes led by C3-C6 (à ă đ ơ ư ...: read as Ã Ä Å Æ) or three led by E1 BA/BB
// (ạ ệ ữ ...: read as "áº", "á»"); typographic punctuation is E2 80 xx ("â€"). The bytes
// after the lead read as Latin-1 symbols (U+0080-U+00BF) or the Windows-1252 stand-ins of
// 0x80-0x9F (€ ‚ ƒ „ … ™ œ ...). So "á»‡" for "ệ", "Ä\x90" for "Đ", "Æ°" for "ư", "â€”"
// for "—", "Â»" for "»". Real Vietnamese has Ã and Â (and á, â) followed by letters or
// spaces, not by those. U+FFFD stands for bytes that were not UTF-8 at all.
const CONTINUATION = '\\u0080-\\u00bf\\u0152\\u0153\\u0160\\u0161\\u0178\\u017d\\u017e\\u0192\\u02c6\\u02dc'
  + '\\u2013\\u2014\\u2018\\u2019\\u201a\\u201c\\u201d\\u201e\\u2020\\u2021\\u2022\\u2026\\u2030\\u2039\\u203a\\u20ac\\u2122';
export const MOJIBAKE = new RegExp(`[ÂâÃÄÅÆ][${CONTINUATION}]|á[º»]|\\ufffd`, 'u');

export function assertNoMojibake(text, where) {
  const m = MOJIBAKE.exec(text);
  assert.equal(m, null, `mojibake ${m && JSON.stringify(m[0])} in ${where}: …${m ? text.slice(Math.max(0, m.index - 40), m.index + 40) : ''}…`);
}

// The element with role="alert" that holds a problem's detail, once it has text.
export async function alertText(page) {
  const alert = page.getByRole('alert').filter({ hasText: /\S/ }).first();
  await alert.waitFor({ state: 'visible', timeout: TIMEOUTS.expect });
  return (await alert.innerText()).trim();
}

// Polls `fn` until it returns truthy, at most `timeout` ms.
export async function eventually(fn, what, timeout = TIMEOUTS.expect) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}

// ---------------------------------------------------------------------------------------
// The fixture of one test file: one incidentd and one browser for all its tests, each
// test in its own browser context. `webTest` wraps node:test's `test`: bounded, checks
// the context is clean afterwards, and on failure appends the end of incidentd's log.

import { after, before, test } from 'node:test';

// `serverArgs`: more incidentd arguments (e.g. --set KEY=VALUE).
export function fixture({ serverArgs = [] } = {}) {
  const f = { server: null, browser: null };
  before(async () => {
    f.browser = await launchBrowser();  // first: fails at once when playwright-core is missing
    f.server = await startServer({ extraArgs: serverArgs });
  }, { timeout: TIMEOUTS.serverStart + TIMEOUTS.browserLaunch + 5_000 });
  after(async () => {
    if (f.browser) await f.browser.close().catch(() => {});
    if (f.server) await f.server.stop();
  }, { timeout: TIMEOUTS.serverStop + 10_000 });

  f.test = (name, fn, { timeout = TIMEOUTS.test, contextOptions = {} } = {}) =>
    test(name, { timeout }, async (t) => {
      const ctx = await newContext(f.browser, f.server, contextOptions);
      let page = null;
      try {
        page = await ctx.newPage();
        await fn({ t, ctx, page, server: f.server, browser: f.browser });
        ctx.assertClean();
      } catch (e) {
        // What the page showed when it failed, for whoever reads the failure.
        const dir = process.env.WEB_SCREENSHOT_DIR;
        if (page && dir) {
          const file = path.join(dir, 'failures', `${name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80)}.png`);
          mkdirSync(path.dirname(file), { recursive: true });
          await page.screenshot({ path: file, fullPage: true, timeout: TIMEOUTS.action }).catch(() => {});
          if (e && typeof e === 'object' && typeof e.message === 'string') e.message += `\n(the page at ${page.url()}: ${file})`;
        }
        const tail = f.server ? f.server.log().split('\n').filter((l) => !/SMTP|email|sms/.test(l)).slice(-25).join('\n') : '';
        if (e && typeof e === 'object' && typeof e.message === 'string') e.message += `\n--- end of incidentd's log ---\n${tail}`;
        throw e;
      } finally {
        await ctx.close().catch(() => {});
      }
    });
  return f;
}
