// The API client of the pages: JSON over fetch with the session cookie (credentials
// 'same-origin'). Changes carry X-CSRF-Token (the csrf_token of GET /api/v1/me); POSTs
// carry an Idempotency-Key so that a retried click files nothing twice. A 401 sends the
// browser to /login?next=<this page>. Failures throw ApiError with the problem document.

import { lang } from './i18n.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
  get title() { return this.problem.title || ''; }
  get detail() { return this.problem.detail || ''; }
  get type() { return this.problem.type || ''; }
}

let csrfToken = '';

export function setCsrfToken(token) { csrfToken = token || ''; }

// A random UUID v4; crypto.randomUUID exists only in secure contexts (HTTPS, localhost).
export function newIdempotencyKey() {
  if (globalThis.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function loginUrl() {
  const here = location.pathname + location.search;
  return here.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}

// options: {body, idempotent (default true for POST), redirectOn401 (default true)}
export async function request(method, path, options = {}) {
  // Problems come back in the page's language, not the browser's (issue 13).
  const headers = { Accept: 'application/json', 'Accept-Language': lang() };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (method !== 'GET' && method !== 'HEAD') {
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  }
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  if (method === 'POST' && options.idempotent !== false) headers['Idempotency-Key'] = newIdempotencyKey();
  let resp;
  try {
    resp = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { title: 'network', detail: String(e && e.message ? e.message : e) });
  }
  if (resp.status === 401 && options.redirectOn401 !== false) {
    location.assign(loginUrl());
    // The page is going away; never resolve, so that callers render nothing more.
    return new Promise(() => {});
  }
  if (resp.status === 204) return null;
  const type = resp.headers.get('Content-Type') || '';
  let data = null;
  if (type.includes('json')) {
    try { data = await resp.json(); } catch (e) { data = null; }
  }
  if (!resp.ok) {
    throw new ApiError(resp.status, data || { title: `HTTP ${resp.status} ${resp.statusText}`, detail: '' });
  }
  return data;
}

export const api = {
  get: (path, options) => request('GET', path, options),
  post: (path, body, options = {}) => request('POST', path, { ...options, body }),
  patch: (path, body, options = {}) => request('PATCH', path, { ...options, body }),
  put: (path, body, options = {}) => request('PUT', path, { ...options, body }),
  del: (path, options) => request('DELETE', path, options),
};

// "/api/v1/tickets?state=x&..." from a path and an object (empty values are left out).
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
