// The production front itself (issue 17.2): what nginx, configured by the shipped site file
// deploy/nginx/datashare-incidents.site, answers on its own - the static assets with
// incidentd's security headers, HSTS, the http -> https redirect, the 1 MiB body limit,
// TLS 1.2/1.3 with HTTP/2 - and a browser signed in over it with a Secure cookie. Runs only
// through the front (CTest "web via nginx: front", WEB_FRONT=nginx); without it, it fails.
import assert from 'node:assert/strict';
import tls from 'node:tls';
import { apiCall, eventually, fixture, httpsRequest, signIn } from './harness.mjs';

const f = fixture();

const SECURITY = ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'x-frame-options'];
const HSTS = /^max-age=\d{8,}$/;  // a year or more
const ASSETS = ['/assets/app.js', '/assets/app.css', '/assets/icon.svg', '/assets/pages/login.js'];

function assertFront(server) {
  assert.equal(server.front, 'nginx', 'run with WEB_FRONT=nginx (CTest "web via nginx: front")');
}

// incidentd's access-log lines ("GET /assets/{file} 200 0.14ms user=-") that contain
// `line`, logged after the first `from` characters of its log.
// incidentd writes an access-log line after it has sent the answer, and the line reaches
// this process through a pipe: a client can hold the answer before the line is here.
const served = (server, from, line) => server.backend.log().slice(from).split('\n').filter((l) => l.includes(line));

// Waits until incidentd has logged a request sent now through the front (GET /healthz), so
// that the lines of every request answered before it have arrived: what `served` then
// lacks, incidentd did not see.
async function settled(server) {
  const from = server.backend.log().length;
  assert.equal((await apiCall(server, 'GET', '/healthz')).status, 200);
  await eventually(() => served(server, from, 'GET /healthz').length > 0, 'incidentd to log GET /healthz');
}

f.test('/assets/ comes from nginx itself, with the security headers incidentd sends, HSTS and revalidation', async ({ server }) => {
  assertFront(server);
  // incidentd's own answers first, to compare with.
  const direct = new Map();
  for (const p of ASSETS) {
    const r = await fetch(server.backend.baseURL + p);
    direct.set(p, { headers: r.headers, text: await r.text() });
  }
  const before = server.backend.log().length;
  for (const p of ASSETS) {
    const viaFront = await apiCall(server, 'GET', p);
    assert.equal(viaFront.status, 200, `GET ${p} through nginx`);
    assert.equal(viaFront.text, direct.get(p).text, `${p}: nginx serves other bytes than incidentd`);
    for (const h of SECURITY) {
      assert.equal(viaFront.headers.get(h), direct.get(p).headers.get(h), `${p}: ${h} differs from incidentd's (adapters/http/src/security_headers.h)`);
    }
    assert.match(viaFront.headers.get('strict-transport-security') || '', HSTS, `${p}: HSTS`);
    assert.equal(viaFront.headers.get('cache-control'), 'no-cache', `${p}: Cache-Control (the names carry no version)`);
    const type = viaFront.headers.get('content-type') || '';
    if (/\.(js|css)$/.test(p)) assert.match(type, /^(text\/javascript|application\/javascript|text\/css);\s*charset=utf-8$/i, `${p}: Content-Type`);
    // A second look costs a 304 without a body.
    const etag = viaFront.headers.get('etag');
    assert.ok(etag, `${p}: no ETag`);
    const again = await apiCall(server, 'GET', p, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304, `${p} with If-None-Match: ${etag}`);
    assert.equal(again.text, '');
  }
  // Served by nginx from web/: incidentd logged none of these requests.
  await settled(server);
  assert.deepEqual(served(server, before, 'GET /assets/{file}'), [], 'the assets were passed on to incidentd');

  // A missing file and a dot file go to incidentd, which answers its own 404 problem.
  for (const p of ['/assets/no-such-file.js', '/assets/.hidden']) {
    const r = await apiCall(server, 'GET', p);
    assert.equal(r.status, 404, `GET ${p}`);
    assert.equal(r.json && r.json.type, 'urn:datashare-incidents:problem:not-found', `GET ${p}: ${r.text}`);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', `GET ${p}: nosniff`);
  }
});

f.test('pages and API answers pass through with incidentd\'s headers once, plus HSTS', async ({ server }) => {
  assertFront(server);
  for (const p of ['/login', '/api/v1/me', '/healthz']) {
    const direct = await fetch(server.backend.baseURL + p);
    const r = await apiCall(server, 'GET', p);
    assert.equal(r.status, direct.status, `GET ${p}`);
    // Not doubled (nginx adding its own on top of incidentd's would make "nosniff, nosniff").
    for (const h of SECURITY) assert.equal(r.headers.get(h), direct.headers.get(h), `${p}: ${h}`);
    assert.match(r.headers.get('strict-transport-security') || '', HSTS, `${p}: HSTS`);
  }
});

f.test('plain http only redirects to the same address over https', async ({ server }) => {
  assertFront(server);
  const before = server.backend.log().length;
  for (const [method, p] of [['GET', '/tickets?state=open'], ['POST', '/api/v1/sessions']]) {
    const r = await fetch(server.httpURL + p, { method, redirect: 'manual', body: method === 'POST' ? '{}' : undefined });
    assert.equal(r.status, 301, `${method} http://…${p}`);
    assert.equal(r.headers.get('location'), server.baseURL + p, `${method} http://…${p}: Location`);
  }
  await settled(server);
  assert.deepEqual(served(server, before, '/api/v1/sessions'), [], 'a plain-http request reached incidentd');
});

f.test('a body over 1 MiB is refused by nginx with a problem document; 1 MiB passes', async ({ server }) => {
  assertFront(server);
  const before = server.backend.log().length;
  const tooLarge = await httpsRequest(`${server.baseURL}/api/v1/tickets`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(1048577), ca: server.ca,
  });
  assert.equal(tooLarge.status, 413, tooLarge.text);
  assert.match(tooLarge.headers.get('content-type') || '', /^application\/problem\+json/);
  assert.equal(JSON.parse(tooLarge.text).type, 'urn:datashare-incidents:problem:body-too-large');
  assert.equal(tooLarge.headers.get('x-content-type-options'), 'nosniff');
  // (incidentd refusing it itself would log "POST unmatched 413".)
  await settled(server);
  assert.deepEqual(served(server, before, 'POST '), [], 'incidentd saw the refused request');
  // Exactly incidentd's http.body_limit_bytes reaches incidentd (which refuses it for
  // other reasons: no sign-in).
  const atLimit = await httpsRequest(`${server.baseURL}/api/v1/tickets`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(1048576), ca: server.ca,
  });
  assert.notEqual(atLimit.status, 413, atLimit.text);
  await eventually(() => served(server, before, 'POST /api/v1/tickets').length === 1, 'incidentd to log the 1 MiB request');
});

// One TLS handshake with the front; resolves { protocol, cipher, alpn } or rejects.
function handshake(server, options) {
  const { port } = new URL(server.baseURL);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: Number(port), ca: server.ca, ...options }, () => {
      const out = { protocol: socket.getProtocol(), cipher: socket.getCipher().name, alpn: socket.alpnProtocol };
      socket.end();
      resolve(out);
    });
    socket.setTimeout(5000, () => socket.destroy(new Error('handshake timed out')));
    socket.on('error', reject);
  });
}

f.test('TLS 1.3 and 1.2 with forward-secret AEAD ciphers only, HTTP/2 offered', async ({ server }) => {
  assertFront(server);
  const best = await handshake(server, { ALPNProtocols: ['h2', 'http/1.1'] });
  assert.equal(best.protocol, 'TLSv1.3');
  assert.equal(best.alpn, 'h2', 'HTTP/2 is not offered');
  const v12 = await handshake(server, { maxVersion: 'TLSv1.2' });
  assert.equal(v12.protocol, 'TLSv1.2');
  assert.match(v12.cipher, /^ECDHE-(RSA|ECDSA)-(AES\d+-GCM-SHA\d+|CHACHA20-POLY1305)$/, `TLS 1.2 cipher ${v12.cipher}`);
  // Suites without forward secrecy or with CBC (which OpenSSL's defaults and nginx's own
  // default, HIGH:!aNULL:!MD5, would accept) are refused.
  for (const ciphers of ['AES128-GCM-SHA256', 'AES256-SHA', 'ECDHE-RSA-AES128-SHA']) {
    // Refused by nginx (its handshake_failure alert), not by this client's own OpenSSL
    // before anything was sent (which would be ERR_SSL_NO_CIPHER_MATCH).
    await assert.rejects(handshake(server, { maxVersion: 'TLSv1.2', ciphers }),
      (e) => e.code === 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' || /alert handshake failure/i.test(e.message),
      `TLS 1.2 with ${ciphers} was accepted, or refused by the client itself`);
  }
});

f.test('signed in through the front: the session cookie is Secure and a change from the page works', async ({ page, ctx, server }) => {
  assertFront(server);
  await signIn(page, 'stp.reporter');
  assert.equal(new URL(page.url()).origin, server.baseURL);
  const cookies = await ctx.context.cookies();
  assert.ok(cookies.length > 0, 'signing in set no cookie');
  for (const c of cookies) assert.equal(c.secure, true, `cookie ${c.name} is not Secure`);
  // A cookie-signed change with the page's Origin (https://127.0.0.1:<nginx port>) and token.
  const made = await page.evaluate(async () => {
    const me = await (await fetch('/api/v1/me')).json();
    const r = await fetch('/api/v1/tickets', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
      body: JSON.stringify({ category: 'other', title: 'Qua cổng HTTPS', description: 'Kiểm tra', parties: [] }) });
    return { status: r.status, body: await r.text() };
  });
  assert.equal(made.status, 201, made.body);
});
