// What the tests do on the pages, by the names a user sees (the Vietnamese labels and
// accessible names of web/), shared by the test files.
import assert from 'node:assert/strict';
import { TIMEOUTS, apiCall, apiLogin } from './harness.mjs';

// The Vietnamese state labels of spec/WORKFLOW.md, as the server's catalog gives them
// (issue 13: a new ticket awaits intake, it is not yet "received").
export const STATE_VI = {
  reported: 'Chờ tiếp nhận',
  triage: 'Đang kiểm tra',
  doict_fixing: 'Cơ quan điều phối đang xử lý',
  party_fixing: 'Các bên đang xử lý',
  waiting_reporter: 'Chờ bổ sung thông tin',
  awaiting_ministry: 'Chờ kết luận của Bộ',
  awaiting_chairman: 'Chờ Chủ tịch UBND tỉnh quyết định',
  resolved: 'Đã xử lý',
  closed: 'Đã đóng',
  rejected: 'Từ chối',
};

// The Vietnamese category labels of the server's catalog (the radios of /tickets/new).
export const CATEGORY_VI = {
  data_discrepancy: 'Sai lệch dữ liệu',
  connection_failure: 'Sự cố kết nối',
  sharing_disagreement: 'Không thống nhất nội dung chia sẻ',
  operational_incident: 'Sự cố ảnh hưởng nghiệp vụ',
  other: 'Vấn đề khác',
};

// Fills /tickets/new and submits it; returns the new ticket's id (from the page it lands on).
// category: the Vietnamese label of the radio; parties: org names (checkboxes);
// priority: the label of the option.
export async function fileTicket(page, { category, title, description, parties = [], priority, service }, { onFilled } = {}) {
  await page.goto('/tickets/new');
  await page.getByRole('heading', { level: 1, name: 'Báo cáo sự cố' }).waitFor();
  if (category) await page.getByRole('radio', { name: category, exact: true }).check();
  await page.getByLabel('Tiêu đề', { exact: true }).fill(title);
  await page.getByLabel('Mô tả', { exact: true }).fill(description);
  const partiesGroup = page.getByRole('group', { name: 'Đơn vị liên quan' });
  for (const org of parties) await partiesGroup.getByRole('checkbox', { name: org, exact: true }).check();
  if (priority) await page.getByLabel('Mức độ ưu tiên', { exact: true }).selectOption({ label: priority });
  if (service) await page.getByLabel('Dịch vụ dữ liệu bị ảnh hưởng', { exact: true }).fill(service);
  if (onFilled) await onFilled();
  await page.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
  await page.waitForURL(/\/tickets\/(?!new$)[^/]+$/, { timeout: TIMEOUTS.navigation });
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
}

export async function openTicket(page, id, title) {
  await page.goto(`/tickets/${encodeURIComponent(id)}`);
  if (title) await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
  else await page.locator('h1.ticket-title').waitFor();
}

// The state label shown under the ticket's title.
export function stateBadge(page) {
  return page.locator('.ticket-sub .state');
}

// Issue 12.3's state, only with workflow.escalation_signoff = director.
// The demo directory's coordinating department (config/demo-directory.csv), as pages name it.
export const DOICT_VI = 'Sở Thông tin và Truyền thông';
export const AWAITING_DIRECTOR_VI = 'Chờ lãnh đạo Sở ký duyệt';

export async function expectState(page, state) {
  const label = state === 'awaiting_director' ? AWAITING_DIRECTOR_VI : STATE_VI[state];
  const badge = stateBadge(page);
  await badge.filter({ hasText: label }).waitFor({ timeout: TIMEOUTS.expect });
  assert.equal((await badge.innerText()).trim(), label, `the state shown on the ticket page`);
}

// The action buttons of the ticket page (one per allowed event).
export function actionsSection(page) {
  return page.getByRole('region', { name: 'Thao tác' });
}

export async function actionNames(page) {
  const section = actionsSection(page);
  await section.waitFor();
  return (await section.locator('.action-buttons button').allInnerTexts()).map((s) => s.trim());
}

// Clicks the action `label`, fills its form (fields: {label: value}; a boolean checks or
// unchecks a checkbox; a {option} selects by the option's label), and presses "Xác nhận".
// With `expectOk` (default) waits until the page shows "<label>: Đã ghi nhận.".
export async function fireAction(page, label, fields = {}, { expectOk = true, before } = {}) {
  await actionsSection(page).getByRole('button', { name: label, exact: true }).click();
  const form = page.locator('form.event-form');
  await form.waitFor();
  for (const [name, value] of Object.entries(fields)) {
    const control = form.getByLabel(name, { exact: true });
    if (typeof value === 'boolean') await control.setChecked(value);
    else if (value && typeof value === 'object' && 'option' in value) await control.selectOption({ label: value.option });
    else await control.fill(value);
  }
  if (before) await before(form);
  await form.getByRole('button', { name: 'Xác nhận', exact: true }).click();
  if (expectOk) {
    await page.locator('[role=alert].alert-ok').filter({ hasText: `${label}: Đã ghi nhận.` }).waitFor({ timeout: TIMEOUTS.expect });
  }
  return form;
}

// A ticket's history as `viewer` gets it, each item with its `citation` and `actor_name`
// (the document's "citations" by seq and "people", issue 13).
export async function historyOf(server, viewer, id) {
  const token = await apiLogin(server, viewer);
  const r = await apiCall(server, 'GET', `/api/v1/tickets/${encodeURIComponent(id)}/history`, { token });
  assert.equal(r.status, 200, r.text);
  const bySeq = new Map((r.json.citations || []).map((c) => [c.seq, c]));
  const people = r.json.people || {};
  return r.json.items.map((ev) => ({ ...ev, citation: ev.citation || bySeq.get(ev.seq), actor_name: ev.actor_name || people[ev.actor] }));
}

// How the pages name `username` as the actor of an event of ticket `id` (seen by `viewer`):
// the display name the history gives (issue 13), else the username.
export async function actorName(server, viewer, id, username) {
  const ev = (await historyOf(server, viewer, id)).find((e) => e.actor === username);
  assert.ok(ev, `${username} acted on ${id}`);
  return ev.actor_name || username;
}

// The labels of the timeline's items, oldest first.
export async function timelineTypes(page) {
  const timeline = page.getByRole('region', { name: 'Lịch sử xử lý' });
  return (await timeline.locator('.tl-type').allInnerTexts()).map((s) => s.trim());
}
