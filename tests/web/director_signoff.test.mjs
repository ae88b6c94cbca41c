// Issue 12.3 in the browser: incidentd with workflow.escalation_signoff = director and
// workflow.chairman_may_return = true; the demo directory has DoICT's director
// (stttt.director), a Vice-Chairman (vice.chairman) and the Chairman's office
// (vp-ubnd.office). The coordinator escalates on the ticket page; the director signs it
// off there; the Chairman sends it back from /inbox; the director escalates in person; the
// office records the Vice-Chairman's decision in /inbox, naming the signer and the
// document; the timeline shows who signed what; /workflow draws the sign-off state.
import assert from 'node:assert/strict';
import { apiEvent, apiReport, apiTicket, fixture, screenshot, signIn, signOut } from './harness.mjs';
import { AWAITING_DIRECTOR_VI, DOICT_VI, actionNames, expectState, fireAction, openTicket } from './ui.mjs';

// The demo directory has the director, a Vice-Chairman and the office's staff.
const f = fixture({ serverArgs: ['--set', 'workflow.escalation_signoff=director',
  '--set', 'workflow.chairman_may_return=true'] });

const TITLE = 'Không thống nhất phạm vi chia sẻ dữ liệu đất đai';

f.test('director sign-off, a return from the Chairman, and a decision recorded by the office', async ({ page, server }) => {
  const t = await apiReport(server, 'stp.reporter', {
    category: 'sharing_disagreement', title: TITLE, parties: ['stnmt'],
    description: 'Sở Tư pháp và Sở Tài nguyên và Môi trường không thống nhất trường dữ liệu được chia sẻ.',
  });
  await apiEvent(server, 'stttt.engineer', t.id, { type: 'acknowledge' });
  await apiEvent(server, 'stttt.engineer', t.id, { type: 'request_party_fix', party: 'stnmt', instructions: 'Đề nghị thống nhất danh mục trường dữ liệu.' });

  // The coordinator escalates: it waits for the Department's leadership.
  await signIn(page, 'stttt.coordinator');
  await openTicket(page, t.id, TITLE);
  await fireAction(page, 'Trình Chủ tịch UBND tỉnh', { 'Lý do trình Chủ tịch': 'Vượt thẩm quyền của Sở: hai sở không thống nhất.' });
  await expectState(page, 'awaiting_director');
  assert.deepEqual(await actionNames(page), [], 'the coordinator has nothing more to do while it awaits sign-off');
  await signOut(page);

  // The director starts on the queue, and signs it off on the ticket page.
  await signIn(page, 'stttt.director');
  assert.equal(new URL(page.url()).pathname, '/queue', 'the director starts on /queue');
  await page.getByRole('heading', { level: 2, name: new RegExp(`^${AWAITING_DIRECTOR_VI}`) }).waitFor();  // its queue group
  assert.ok((await page.locator('main').innerText()).includes(TITLE), 'the queue lists the ticket awaiting sign-off');
  await openTicket(page, t.id, TITLE);
  assert.deepEqual(await actionNames(page), ['Ký duyệt trình Chủ tịch', 'Trả lại để hoàn thiện hồ sơ']);
  await fireAction(page, 'Ký duyệt trình Chủ tịch', { 'Ý kiến gửi Chủ tịch (không bắt buộc)': 'Đồng ý trình Chủ tịch.' });
  await expectState(page, 'awaiting_chairman');
  await screenshot(page, 'director-signed-off', { fullPage: true });
  await signOut(page);

  // The Chairman sends it back to DoICT from the inbox.
  await signIn(page, 'chairman');
  const item = page.getByRole('article', { name: TITLE });
  await item.getByLabel(`Thông tin ${DOICT_VI} cần bổ sung`, { exact: true }).fill('Đề nghị Sở làm rõ phương án kỹ thuật.');
  await item.getByRole('button', { name: 'Trả lại Sở để bổ sung', exact: true }).click();
  await page.locator('[role=alert].alert-ok').filter({ hasText: `Đã trả lại phiếu ${t.id} cho Sở.` }).waitFor();
  assert.equal((await apiTicket(server, 'stttt.coordinator', t.id)).json.state, 'party_fixing', 'back where it was escalated from');
  await signOut(page);

  // The director escalates in person: straight to the Chairman.
  await signIn(page, 'stttt.director');
  await openTicket(page, t.id, TITLE);
  await fireAction(page, 'Trình Chủ tịch UBND tỉnh', { 'Lý do trình Chủ tịch': 'Sở đã làm rõ phương án; đề nghị Chủ tịch quyết định.' });
  await expectState(page, 'awaiting_chairman');
  await signOut(page);

  // The office records the Vice-Chairman's decision: the signer and the document first.
  await signIn(page, 'vp-ubnd.office');
  assert.equal(new URL(page.url()).pathname, '/inbox', 'the office starts on /inbox');
  const office = page.getByRole('article', { name: TITLE });
  await office.getByLabel('Nội dung quyết định', { exact: true }).fill('Giao Sở TN&MT chia sẻ số thửa trong 10 ngày làm việc.');
  await office.getByLabel('Các bên cần tiếp tục thực hiện quyết định', { exact: true }).setChecked(true);
  await office.getByRole('button', { name: 'Xác nhận', exact: true }).click();
  await office.getByRole('alert').filter({ hasText: 'Người ký' }).waitFor();
  await office.getByLabel('Người ký (tên đăng nhập của Chủ tịch hoặc Phó Chủ tịch)', { exact: true }).fill('vice.chairman');
  await office.getByLabel('Thẩm quyền ký', { exact: true }).selectOption({ label: 'KT. Chủ tịch / Phó Chủ tịch' });
  await office.getByLabel('Số văn bản', { exact: true }).fill('45/QĐ-UBND');
  await office.getByLabel('Ngày văn bản', { exact: true }).fill('2026-01-05');
  await screenshot(page, 'office-decision-form', { fullPage: true });
  await office.getByRole('button', { name: 'Xác nhận', exact: true }).click();
  await page.locator('[role=alert].alert-ok').filter({ hasText: `Đã ghi nhận quyết định cho phiếu ${t.id}.` }).waitFor();

  // The timeline says who signed which document.
  await openTicket(page, t.id, TITLE);
  await expectState(page, 'party_fixing');
  const timeline = await page.getByRole('region', { name: 'Lịch sử xử lý' }).innerText();
  for (const s of ['Ký duyệt trình Chủ tịch', 'Trả lại Sở để bổ sung', 'vice.chairman', 'KT. Chủ tịch / Phó Chủ tịch', '45/QĐ-UBND', '05/01/2026']) {
    assert.ok(timeline.includes(s), `the timeline shows "${s}":\n${timeline}`);
  }
  const decision = (await apiTicket(server, 'stttt.coordinator', t.id)).json;
  assert.equal(decision.state, 'party_fixing');
});

f.test('/workflow draws the sign-off state and its events', async ({ page }) => {
  await signIn(page, 'stttt.director');
  await page.goto('/workflow');
  const diagram = page.getByRole('group', { name: 'Sơ đồ trạng thái của quy trình xử lý sự cố' });
  await diagram.getByRole('button', { name: AWAITING_DIRECTOR_VI, exact: true }).click();
  const panel = page.getByRole('complementary', { name: 'Chi tiết' });
  await panel.getByRole('heading', { name: new RegExp(`^${AWAITING_DIRECTOR_VI}`) }).waitFor();
  const text = await panel.innerText();
  for (const s of ['Ký duyệt trình Chủ tịch', 'Trả lại để hoàn thiện hồ sơ']) assert.ok(text.includes(s), `the panel lists "${s}":\n${text}`);
  for (const s of ['Ký duyệt trình Chủ tịch', 'Trả lại để hoàn thiện hồ sơ', 'Trả lại Sở để bổ sung']) {
    assert.equal(await diagram.getByRole('button', { name: s, exact: true }).count(), 1, `the diagram has the event "${s}"`);
  }
  await diagram.getByRole('button', { name: 'Ký duyệt trình Chủ tịch', exact: true }).click();
  assert.ok((await panel.innerText()).includes(`Lãnh đạo ${DOICT_VI}`), 'the director is named as the actor');
  await screenshot(page, 'workflow-director-signoff', { fullPage: true });
});
