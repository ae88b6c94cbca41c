// Issue 7, "agency flow": a reporter files a ticket through /tickets/new, a DoICT engineer
// acknowledges it and asks a party to fix it, the party's focal point resolves it, the
// reporter confirms: the ticket is closed. Every step through the pages, each user signed
// in through /login in a browser context of their own.
import assert from 'node:assert/strict';
import { apiLogin, apiCall, fixture, signIn, signOut } from './harness.mjs';
import { CATEGORY_VI, actionNames, expectState, fileTicket, fireAction, historyOf, openTicket, timelineTypes } from './ui.mjs';

const f = fixture();

const TITLE = 'Sai lệch dữ liệu hộ tịch — Phường Đạo Long';
const DESCRIPTION = 'Số liệu khai sinh năm 2025 của phường Đạo Long trên cổng dữ liệu khác với sổ hộ tịch gốc.';
const INSTRUCTIONS = 'Đề nghị Sở Tài nguyên và Môi trường đối chiếu và cập nhật lại địa chỉ thửa đất.';
const RESOLUTION = 'Đã cập nhật lại 12 bản ghi; đồng bộ xong lúc 15 giờ.';

f.test('reporter files, engineer acknowledges and asks stnmt, stnmt.focal resolves, reporter confirms: closed', async ({ browser, server, ctx, page }) => {
  // 1. stp.reporter files the ticket through /tickets/new.
  await signIn(page, 'stp.reporter');
  assert.equal(new URL(page.url()).pathname, '/tickets', 'a reporter starts on /tickets');
  const id = await fileTicket(page, {
    category: CATEGORY_VI.data_discrepancy,
    title: TITLE,
    description: DESCRIPTION,
    parties: ['Sở Tài nguyên và Môi trường'],
    priority: 'Cao',
    service: 'Tra cứu hộ tịch',
  });
  await expectState(page, 'reported');
  assert.deepEqual(await actionNames(page), [], 'a reporter has no workflow action on a new ticket');
  const token = await apiLogin(server, 'stp.reporter');
  const filed = (await apiCall(server, 'GET', `/api/v1/tickets/${id}`, { token })).json;
  assert.equal(filed.title, TITLE);
  assert.equal(filed.category, 'data_discrepancy');
  assert.equal(filed.priority, 'high');
  assert.deepEqual(filed.parties, ['stnmt']);
  assert.equal(filed.service, 'Tra cứu hộ tịch');
  assert.equal(filed.reporter, 'stp.reporter');
  await signOut(page);

  // 2. stttt.engineer acknowledges it and asks stnmt to fix it.
  await signIn(page, 'stttt.engineer');
  assert.equal(new URL(page.url()).pathname, '/queue', 'an engineer starts on /queue');
  await page.getByRole('link', { name: TITLE, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: TITLE, exact: true }).waitFor();
  assert.ok((await actionNames(page)).includes('Tiếp nhận phiếu'), 'the engineer is offered "Tiếp nhận phiếu"');
  await fireAction(page, 'Tiếp nhận phiếu');
  await expectState(page, 'triage');
  await fireAction(page, 'Yêu cầu đơn vị xử lý', {
    'Đơn vị được yêu cầu xử lý': { option: 'Sở Tài nguyên và Môi trường' },
    'Nội dung yêu cầu': INSTRUCTIONS,
  });
  await expectState(page, 'party_fixing');
  await signOut(page);

  // 3. stnmt.focal (the party's focal point) resolves it.
  await signIn(page, 'stnmt.focal');
  await openTicket(page, id, TITLE);
  await expectState(page, 'party_fixing');
  await fireAction(page, 'Hoàn thành xử lý', { 'Kết quả xử lý': RESOLUTION });
  await expectState(page, 'resolved');
  await signOut(page);

  // 4. stp.reporter confirms: closed.
  await signIn(page, 'stp.reporter');
  await openTicket(page, id, TITLE);
  await expectState(page, 'resolved');
  const offered = await actionNames(page);
  assert.ok(offered.includes('Đồng ý kết quả') && offered.includes('Mở lại phiếu'), `the reporter may confirm or reopen: ${offered}`);
  await fireAction(page, 'Đồng ý kết quả', { 'Nhận xét (không bắt buộc)': 'Cảm ơn, dữ liệu đã đúng.' });
  await expectState(page, 'closed');

  // The timeline shows every step, in Vietnamese, with who did it and the transitions.
  assert.deepEqual(await timelineTypes(page),
    ['Báo cáo sự cố', 'Tiếp nhận phiếu', 'Yêu cầu đơn vị xử lý', 'Hoàn thành xử lý', 'Đồng ý kết quả']);
  const timeline = page.getByRole('region', { name: 'Lịch sử xử lý' });
  const text = await timeline.innerText();
  // People by their display name (issue 13), the username where the server gives none.
  const history = await historyOf(server, 'stp.reporter', id);
  const nameOf = (user) => { const ev = history.find((e) => e.actor === user); return (ev && ev.actor_name) || user; };
  for (const s of ['Chờ tiếp nhận → Đang kiểm tra', 'Đang kiểm tra → Các bên đang xử lý', 'Các bên đang xử lý → Đã xử lý',
    'Đã xử lý → Đã đóng', `${nameOf('stttt.engineer')} (Sở Thông tin và Truyền thông)`, `${nameOf('stnmt.focal')} (Sở Tài nguyên và Môi trường)`,
    INSTRUCTIONS, RESOLUTION, 'Căn cứ: khoản 2 Điều 17']) {
    assert.ok(text.includes(s), `the timeline shows "${s}":\n${text}`);
  }

  // The server agrees: closed, and the history has the same events by the same people.
  assert.deepEqual(history.map((e) => [e.type, e.actor]), [
    ['report', 'stp.reporter'], ['acknowledge', 'stttt.engineer'], ['request_party_fix', 'stttt.engineer'],
    ['resolve', 'stnmt.focal'], ['confirm', 'stp.reporter']]);
  assert.equal(history[2].payload.party, 'stnmt');
  const closed = (await apiCall(server, 'GET', `/api/v1/tickets/${id}`, { token })).json;
  assert.equal(closed.state, 'closed');

  // The list shows it closed too.
  await page.goto('/tickets');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: TITLE, exact: true }) });
  await row.waitFor();
  assert.ok((await row.innerText()).includes('Đã đóng'), 'the list shows the ticket as "Đã đóng"');
});
