// Security headers on the pages, and the CSRF check for cookie-authenticated changes.
import assert from 'node:assert/strict';
import { apiCall, apiEvent, apiLogin, apiReport, fixture, signIn, TIMEOUTS } from './harness.mjs';

const f = fixture();

function assertPageHeaders(headers, where) {
  const csp = headers['content-security-policy'];
  assert.ok(csp, `${where}: no Content-Security-Policy header`);
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim()).filter(Boolean)
    .map((d) => { const [name, ...values] = d.split(/\s+/); return [name.toLowerCase(), values]; }));
  assert.deepEqual(directives['frame-ancestors'], ["'none'"], `${where}: CSP ${csp}`);
  assert.ok(!/unsafe-inline|unsafe-eval|unsafe-hashes/.test(csp), `${where}: CSP allows unsafe code: ${csp}`);
  // Scripts only from this server: script-src (or default-src when absent) is 'self' only.
  const scripts = directives['script-src'] || directives['default-src'];
  assert.deepEqual(scripts, ["'self'"], `${where}: scripts allowed from more than 'self': ${csp}`);
  assert.equal(headers['x-content-type-options'], 'nosniff', `${where}: X-Content-Type-Options`);
}

f.test('every page and asset carries CSP (frame-ancestors none, no unsafe-inline) and nosniff', async ({ page, server }) => {
  const ticket = await apiReport(server, 'stp.reporter', {
    category: 'connection_failure', title: 'Kiểm tra tiêu đề bảo mật', description: 'Kiểm tra', parties: [],
  });
  await signIn(page, 'stp.reporter');
  const seen = new Map();  // url -> headers of every response the pages loaded from the server
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (!u.pathname.startsWith('/api/')) seen.set(u.pathname, r.headers());
  });
  for (const route of ['/login', '/tickets', '/tickets/new', `/tickets/${ticket.id}`, '/queue', '/inbox', '/workflow',
    '/data-requests', '/data-requests/new', '/data-requests/opinions', '/data-requests/YC-2026-000001',
    '/request-data', '/request-data/confirm', '/request-data/status']) {
    const response = await page.goto(route);
    assert.equal(response.status(), 200, `GET ${route}`);
    assert.match(response.headers()['content-type'] || '', /^text\/html;\s*charset=utf-8/i, `${route}: Content-Type`);
    assertPageHeaders(response.headers(), `GET ${route}`);
    await page.waitForLoadState('load');
    // A signed-in user on /login is sent on to their home page by the page's script, after
    // its own requests, i.e. after 'load'. The next goto raced that navigation and could
    // get null instead of a response (issue 14.7): let it land first.
    if (route === '/login') await page.waitForURL((u) => u.pathname !== '/login', { timeout: TIMEOUTS.navigation });
  }
  const assets = [...seen.keys()].filter((p) => p.startsWith('/assets/'));
  assert.ok(assets.length > 0, 'the pages loaded no asset from /assets/');
  for (const p of assets) {
    const r = await apiCall(server, 'GET', p);
    assert.equal(r.status, 200, `GET ${p}`);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', `${p}: X-Content-Type-Options`);
  }
  // The API answers carry the same headers.
  const api = await apiCall(server, 'GET', '/api/v1/me');
  assert.equal(api.status, 401);
  assert.equal(api.headers.get('x-content-type-options'), 'nosniff', '/api/v1/me: X-Content-Type-Options');
  assert.match(api.headers.get('content-security-policy') || '', /frame-ancestors 'none'/, '/api/v1/me: CSP');
});

f.test('the session cookie is HttpOnly and SameSite=Strict, invisible to scripts', async ({ page, ctx }) => {
  await signIn(page, 'stp.reporter');
  const cookies = await ctx.context.cookies();
  assert.ok(cookies.length > 0, 'signing in through /login set no cookie');
  for (const c of cookies) {
    assert.equal(c.httpOnly, true, `cookie ${c.name} is not HttpOnly`);
    assert.equal(c.sameSite, 'Strict', `cookie ${c.name} is not SameSite=Strict`);
  }
  assert.equal(await page.evaluate(() => document.cookie), '', 'a script can read the session cookie');
});

f.test('a cookie-authenticated POST without X-CSRF-Token is refused with 403, with it accepted', async ({ page, ctx, server }) => {
  await signIn(page, 'stp.reporter');
  const body = { category: 'other', title: 'Thử chống giả mạo', description: 'CSRF', parties: [] };
  // From the page itself (same origin, the cookie is sent), without the header.
  const without = await page.evaluate(async (b) => {
    const r = await fetch('/api/v1/tickets', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(b), credentials: 'same-origin' });
    return { status: r.status, body: await r.text() };
  }, body);
  assert.equal(without.status, 403, `POST without X-CSRF-Token: ${without.body}`);
  assert.match(JSON.parse(without.body).type, /csrf$/, without.body);

  // A wrong token is refused too.
  const wrong = await page.evaluate(async (b) => {
    const r = await fetch('/api/v1/tickets', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': '0'.repeat(64) }, body: JSON.stringify(b) });
    return r.status;
  }, body);
  assert.equal(wrong, 403, 'POST with a wrong X-CSRF-Token');

  // From another origin (the cookie replayed, the right token, a foreign Origin).
  const cookieHeader = (await ctx.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const me = await apiCall(server, 'GET', '/api/v1/me', { headers: { Cookie: cookieHeader } });
  assert.equal(me.status, 200, `GET /api/v1/me with the page's cookie: ${me.text}`);
  assert.ok(me.json.csrf_token, 'GET /api/v1/me has no csrf_token');
  const foreign = await apiCall(server, 'POST', '/api/v1/tickets', {
    body, headers: { Cookie: cookieHeader, Origin: 'http://attacker.example', 'X-CSRF-Token': me.json.csrf_token },
  });
  assert.equal(foreign.status, 403, `POST from a foreign Origin: ${foreign.text}`);

  // Nothing was filed by the refused requests.
  const token = await apiLogin(server, 'stp.reporter');
  const list = await apiCall(server, 'GET', '/api/v1/tickets', { token });
  assert.equal(list.json.items.filter((t) => t.title === body.title).length, 0, 'a refused POST filed a ticket');

  // The control: the same request with the session's token from /api/v1/me is accepted.
  const withToken = await page.evaluate(async (b) => {
    const me = await (await fetch('/api/v1/me')).json();
    const r = await fetch('/api/v1/tickets', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }, body: JSON.stringify(b) });
    return { status: r.status, body: await r.text() };
  }, body);
  assert.equal(withToken.status, 201, `POST with X-CSRF-Token: ${withToken.body}`);
});

f.test('the harness itself: a request to another host is refused and recorded (so clean runs prove none was made)', async ({ page, ctx }) => {
  // A navigation is not subject to the pages' CSP, so only the harness's guard stops it.
  // 203.0.113.1 is TEST-NET-3: never a real host, and the guard aborts before any packet.
  await assert.rejects(page.goto('http://203.0.113.1/logo.png'), /ERR_BLOCKED_BY_CLIENT/);
  assert.deepEqual(ctx.outside, ['http://203.0.113.1/logo.png']);
  ctx.outside.length = 0;  // expected here; every other test must end with none
});

f.test('markup typed into a ticket is shown as text and never runs', async ({ page, server }) => {
  const markup = '<img src=x data-xss="1" onerror="window.__xss=1"><script>window.__xss=2</script><b>đậm</b>';
  const title = `Thử chèn mã ${markup}`;
  const ticket = await apiReport(server, 'stp.reporter', {
    category: 'data_discrepancy', title, description: markup, parties: ['stnmt'],
  });
  await apiEvent(server, 'stp.reporter', ticket.id, { type: 'comment', body: markup });
  await signIn(page, 'stp.reporter');
  await page.goto(`/tickets/${ticket.id}`);
  const h1 = page.getByRole('heading', { level: 1 });
  await h1.waitFor();
  assert.equal(await h1.innerText(), title, 'the title is not shown verbatim');
  await page.getByText(markup, { exact: true }).first().waitFor();  // description or comment, as text
  for (const route of [`/tickets/${ticket.id}`, '/tickets']) {
    await page.goto(route);
    await page.getByText(title, { exact: true }).first().waitFor();
    assert.equal(await page.locator('[data-xss]').count(), 0, `${route}: the markup became elements`);
    assert.equal(await page.locator('main b').filter({ hasText: 'đậm' }).count(), 0, `${route}: <b> became an element`);
    assert.equal(await page.evaluate(() => window.__xss), undefined, `${route}: a script from the ticket ran`);
  }
});

f.test('?next= after sign-in never leaves this server', async ({ page, server }) => {
  // Each of these names another host once a browser has parsed it (tabs and newlines are
  // dropped, a backslash is a slash); the harness aborts and records any request that
  // leaves 127.0.0.1, and the page must land on this server.
  for (const next of ['%2F%09%2Fevil.example', '%2F%0A%2Fevil.example', '%2F%5Cevil.example',
    '%2F%2Fevil.example', 'https%3A%2F%2Fevil.example%2F', '%2Ftickets%3Fstate%3Dresolved']) {
    await page.goto(`/login?next=${next}`);
    await page.getByLabel('Tên đăng nhập').fill('stp.reporter');
    await page.getByLabel('Mật khẩu').fill('demo');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.waitForURL((url) => url.pathname !== '/login', { timeout: 15000 });
    const landed = new URL(page.url());
    assert.equal(landed.origin, server.baseURL, `next=${next} led to ${page.url()}`);
    if (next.startsWith('%2Ftickets')) assert.equal(landed.pathname + landed.search, '/tickets?state=resolved', 'a good next is kept');
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL((url) => url.pathname === '/login', { timeout: 15000 });
  }
});
