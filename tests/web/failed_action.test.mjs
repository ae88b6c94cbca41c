// Issue 7, "a failed action shows the problem's detail, not a blank": real refusals by
// the server, provoked from the pages, show the problem document's title and detail in a
// role="alert" element; the same request through the API gives the detail compared with.
import assert from 'node:assert/strict';
import { apiCall, apiEvent, apiLogin, apiReport, fixture, screenshot, signIn } from './harness.mjs';
import { actionsSection, expectState, fireAction, openTicket } from './ui.mjs';

const f = fixture();

// The alert inside the open action form, once it shows something.
async function formAlert(form) {
  const alert = form.getByRole('alert');
  await alert.filter({ hasText: /\S/ }).waitFor();
  return {
    text: (await alert.innerText()).trim(),
    title: (await alert.locator('strong').first().innerText()).trim(),
    detail: (await alert.locator('.alert-detail').innerText()).trim(),
  };
}

f.test('a stale page: the engineer acknowledges a ticket another user changed meanwhile (409)', async ({ page, server }) => {
  const title = 'Mất kết nối dịch vụ đăng ký doanh nghiệp';
  const ticket = await apiReport(server, 'stp.reporter', { category: 'connection_failure', title, description: 'Không gọi được dịch vụ.', parties: ['skhdt'] });
  await signIn(page, 'stttt.engineer');
  await openTicket(page, ticket.id, title);
  await expectState(page, 'reported');

  // Meanwhile the coordinator acknowledges it and asks skhdt to fix it.
  await apiEvent(server, 'stttt.coordinator', ticket.id, { type: 'acknowledge', expected_version: 1 });
  await apiEvent(server, 'stttt.coordinator', ticket.id, { type: 'request_party_fix', party: 'skhdt', instructions: 'Kiểm tra máy chủ.' });

  // The engineer's page still offers "Tiếp nhận phiếu" for version 1.
  const form = await fireAction(page, 'Tiếp nhận phiếu', {}, { expectOk: false });
  const shown = await formAlert(form);

  // The same request through the API.
  const token = await apiLogin(server, 'stttt.engineer');
  const problem = await apiCall(server, 'POST', `/api/v1/tickets/${ticket.id}/events`, { token, body: { type: 'acknowledge', expected_version: 1 } });
  assert.equal(problem.status, 409, problem.text);
  assert.match(problem.json.type, /version-conflict$|illegal-transition$/);
  assert.ok(problem.json.detail, 'the problem has a detail');
  assert.equal(shown.detail, problem.json.detail, 'the alert shows the problem\'s detail');
  assert.equal(shown.title, problem.json.title, 'the alert shows the problem\'s title');
  assert.ok(shown.text.includes('409'), `the alert names the status: ${shown.text}`);
  assert.ok(await form.getByRole('alert').isVisible(), 'the alert is visible');
  await screenshot(page, 'ticket-error');

  // Nothing changed; after a reload the page shows the real state.
  await openTicket(page, ticket.id, title);
  await expectState(page, 'party_fixing');
});

f.test('an invalid payload: assign_doict to a user outside DoICT (the server refuses; detail shown)', async ({ page, server }) => {
  const title = 'Sai mã định danh cá nhân trong dữ liệu y tế';
  const ticket = await apiReport(server, 'stp.reporter', { category: 'data_discrepancy', title, description: 'Mã định danh không khớp.', parties: [] });
  await apiEvent(server, 'stttt.engineer', ticket.id, { type: 'acknowledge' });
  await signIn(page, 'stttt.engineer');
  await openTicket(page, ticket.id, title);
  await expectState(page, 'triage');
  const payload = { assignee: 'stp.reporter' };
  const form = await fireAction(page, 'Cơ quan điều phối tự xử lý', { 'Người xử lý (tên đăng nhập; để trống là chính bạn)': payload.assignee }, { expectOk: false });
  const shown = await formAlert(form);

  const token = await apiLogin(server, 'stttt.engineer');
  const problem = await apiCall(server, 'POST', `/api/v1/tickets/${ticket.id}/events`, { token, body: { type: 'assign_doict', expected_version: 2, ...payload } });
  assert.ok(problem.status >= 400 && problem.status < 500, `the API refuses it too: ${problem.status} ${problem.text}`);
  assert.ok(problem.json.detail, 'the problem has a detail');
  assert.equal(shown.detail, problem.json.detail, 'the alert shows the problem\'s detail');
  assert.ok(shown.text.includes(String(problem.status)), `the alert names the status: ${shown.text}`);

  // The form stays, so that it can be corrected; the state did not change.
  await expectState(page, 'triage');
  await form.getByLabel('Người xử lý (tên đăng nhập; để trống là chính bạn)', { exact: true }).fill('stttt.engineer');
  await form.getByRole('button', { name: 'Xác nhận', exact: true }).click();
  await page.locator('[role=alert].alert-ok').filter({ hasText: 'Cơ quan điều phối tự xử lý: Đã ghi nhận.' }).waitFor();
  await expectState(page, 'doict_fixing');
});

f.test('a required field left empty is refused before any request, with a message naming it', async ({ page, server }) => {
  const title = 'Dữ liệu đất đai chậm cập nhật';
  const ticket = await apiReport(server, 'stp.reporter', { category: 'data_discrepancy', title, description: 'Chậm 3 ngày.', parties: ['stnmt'] });
  await apiEvent(server, 'stttt.engineer', ticket.id, { type: 'acknowledge' });
  await signIn(page, 'stttt.engineer');
  await openTicket(page, ticket.id, title);
  let posted = 0;
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/events')) posted += 1; });
  const form = await fireAction(page, 'Yêu cầu đơn vị xử lý', { 'Nội dung yêu cầu': '' }, { expectOk: false });
  const shown = await formAlert(form);
  assert.ok(shown.detail.includes('Nội dung yêu cầu'), `the message names the field: ${shown.text}`);
  assert.equal(posted, 0, 'the form posted an empty required field');
  assert.ok(await actionsSection(page).isVisible());
});
