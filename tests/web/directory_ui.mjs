// What the directory tests (issue 12) share: setting up orgs and users through the API as
// the demo admin, dates relative to today in the province, the message shown next to a
// field, and the phone-width check.
import assert from 'node:assert/strict';
import { apiCall, apiLogin, TIMEOUTS } from './harness.mjs';

let adminToken = null;
let adminServer = null;

export async function adminApi(server, method, path, body) {
  if (!adminToken || adminServer !== server) { adminToken = await apiLogin(server, 'admin'); adminServer = server; }
  return apiCall(server, method, path, { token: adminToken, body });
}

export async function createOrg(server, org) {
  const r = await adminApi(server, 'POST', '/api/v1/orgs', { kind: 'department', ...org });
  assert.equal(r.status, 201, `POST /api/v1/orgs ${org.id}: ${r.text}`);
  return r.json;
}

// Creates a user and sets its password through the one-time link; returns the user.
export async function createUser(server, user, password) {
  const r = await adminApi(server, 'POST', '/api/v1/users', { roles: ['reporter'], ...user });
  assert.equal(r.status, 201, `POST /api/v1/users ${user.username}: ${r.text}`);
  if (password) {
    const token = tokenOf(r.json.password_reset.link);
    const set = await apiCall(server, 'POST', '/api/v1/set-password', { body: { token, new: password } });
    assert.equal(set.status, 204, `set-password of ${user.username}: ${set.text}`);
  }
  return r.json;
}

// The token of a set-password link ".../set-password#token=...".
export function tokenOf(link) {
  const m = /\/set-password#token=([^&\s]+)$/.exec(link || '');
  assert.ok(m, `a set-password link: ${link}`);
  return m[1];
}

// "YYYY-MM-DD", `days` before today in Asia/Ho_Chi_Minh.
export function daysAgo(days) {
  const d = new Date(Date.now() - days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

// "DD/MM/YYYY", as the pages print a date.
export function vnDate(ymd) {
  const [y, m, d] = ymd.split('-');
  return `${d}/${m}/${y}`;
}

// The message shown next to the field labelled `label` (exactly): the text of the
// .field-error the control's aria-describedby points to, once there is one; also checks
// that it sits in the same .field as the control and that the control is aria-invalid.
export async function fieldError(scope, label) {
  const control = scope.getByLabel(label, { exact: true });
  await control.and(scope.locator('[aria-invalid="true"]')).waitFor({ timeout: TIMEOUTS.expect });
  return control.evaluate((el) => {
    const ids = (el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    const errors = ids.map((id) => document.getElementById(id)).filter((x) => x && x.classList.contains('field-error'));
    if (!errors.length) return null;
    const sameField = errors[0].closest('.field') === el.closest('.field');
    return { text: errors[0].textContent.trim(), sameField };
  });
}

export async function assertNoSidewaysScroll(page, where) {
  const m = await page.evaluate(() => {
    const d = document.documentElement;
    let worst = null;
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > d.clientWidth + 1 && (!worst || r.right > worst.right)) {
        worst = { right: Math.round(r.right), tag: el.tagName.toLowerCase(), cls: el.className && String(el.className.baseVal ?? el.className), text: (el.innerText || '').slice(0, 60) };
      }
    }
    return { scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, worst };
  });
  assert.ok(m.scrollWidth <= m.clientWidth,
    `${where}: the document is ${m.scrollWidth} px wide in a ${m.clientWidth} px viewport; widest: ${JSON.stringify(m.worst)}`);
}

// The status message of a page (role=alert, class alert-ok) with `text`.
export async function okMessage(page, text) {
  await page.locator('[role=alert].alert-ok').filter({ hasText: text }).first().waitFor({ timeout: TIMEOUTS.expect });
}

// The navigation's link texts.
export async function navLinks(page) {
  const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
  await nav.waitFor();
  return (await nav.getByRole('link').allInnerTexts()).map((s) => s.trim());
}
