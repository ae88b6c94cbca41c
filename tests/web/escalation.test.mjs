// Issue 7, "escalation": the DoICT coordinator escalates a ticket to the Chairman through
// the ticket page; the Chairman finds it in /inbox with the coordinator's reason and the
// parties' positions, and decides there. The tickets are brought to party_fixing through
// the API (the pages for those steps are the agency flow's subject).
import assert from 'node:assert/strict';
import { apiCall, apiEvent, apiLogin, apiReport, apiTicket, fixture, signIn, signOut } from './harness.mjs';
import { actionNames, actorName, expectState, fireAction, openTicket } from './ui.mjs';

const f = fixture();

async function ticketInPartyFixing(server, title, position) {
  const t = await apiReport(server, 'stp.reporter', {
    category: 'sharing_disagreement', title, parties: ['stnmt'],
    description: 'Sở Tư pháp và Sở Tài nguyên và Môi trường không thống nhất trường dữ liệu được chia sẻ.',
  });
  await apiEvent(server, 'stttt.engineer', t.id, { type: 'acknowledge' });
  await apiEvent(server, 'stttt.engineer', t.id, { type: 'request_party_fix', party: 'stnmt', instructions: 'Đề nghị thống nhất danh mục trường dữ liệu.' });
  await apiEvent(server, 'stnmt.focal', t.id, { type: 'comment', body: position });
  return t;
}

f.test('the coordinator escalates on the ticket page; the Chairman decides in /inbox', async ({ page, server }) => {
  const TITLE_A = 'Không thống nhất phạm vi chia sẻ dữ liệu đất đai';
  const TITLE_B = 'Tranh chấp về quyền khai thác dữ liệu quy hoạch';
  const REASON_A = 'Vượt thẩm quyền của Sở TT&TT: hai sở không thống nhất phạm vi chia sẻ (khoản 2 Điều 12).';
  const REASON_B = 'Cần Chủ tịch UBND tỉnh quyết định quyền khai thác (điểm b khoản 2 Điều 13).';
  const POSITION = 'Sở TN&MT đề nghị chỉ chia sẻ số thửa, không chia sẻ tên chủ sử dụng.';
  const a = await ticketInPartyFixing(server, TITLE_A, POSITION);
  const b = await ticketInPartyFixing(server, TITLE_B, 'Sở TN&MT giữ nguyên ý kiến.');

  // An engineer who is not coordinator may not escalate.
  const asEngineer = await apiTicket(server, 'stttt.engineer', a.id);
  assert.ok(!asEngineer.json.allowed_actions.includes('escalate_chairman'), 'an engineer may not escalate');

  // The coordinator escalates both through the ticket page.
  await signIn(page, 'stttt.coordinator');
  for (const [t, title, reason] of [[a, TITLE_A, REASON_A], [b, TITLE_B, REASON_B]]) {
    await openTicket(page, t.id, title);
    await expectState(page, 'party_fixing');
    assert.ok((await actionNames(page)).includes('Trình Chủ tịch UBND tỉnh'), 'the coordinator is offered "Trình Chủ tịch UBND tỉnh"');
    await fireAction(page, 'Trình Chủ tịch UBND tỉnh', { 'Lý do trình Chủ tịch': reason });
    await expectState(page, 'awaiting_chairman');
  }
  await signOut(page);

  // The Chairman lands on /inbox and sees both, with the reasons and positions.
  await signIn(page, 'chairman');
  assert.equal(new URL(page.url()).pathname, '/inbox', 'the Chairman starts on /inbox');
  const itemA = page.getByRole('article', { name: TITLE_A });
  const itemB = page.getByRole('article', { name: TITLE_B });
  await itemA.waitFor();
  await itemB.waitFor();
  assert.equal((await itemA.locator('.escalation-reason').innerText()).trim(), REASON_A, 'the inbox shows the reason');
  const textA = await itemA.innerText();
  const coordinator = await actorName(server, 'chairman', a.id, 'stttt.coordinator');
  assert.ok(textA.includes(`${coordinator} (Sở Thông tin và Truyền thông)`), `who escalated:\n${textA}`);
  assert.ok(textA.includes(POSITION), `the party's position:\n${textA}`);
  assert.ok(textA.includes('Sở Tài nguyên và Môi trường'), `the party's name:\n${textA}`);

  // A: the parties must act (-> party_fixing). B: decided, nothing more to do (-> resolved).
  const decide = async (item, decision, requiresAction) => {
    await item.getByLabel('Nội dung quyết định', { exact: true }).fill(decision);
    await item.getByLabel('Các bên cần tiếp tục thực hiện quyết định', { exact: true }).setChecked(requiresAction);
    await item.getByRole('button', { name: 'Xác nhận', exact: true }).click();
  };
  const DECISION_A = 'Giao Sở TN&MT chia sẻ số thửa và diện tích trong 10 ngày làm việc.';
  await decide(itemA, DECISION_A, true);
  await page.locator('[role=alert].alert-ok').filter({ hasText: `Đã ghi nhận quyết định cho phiếu ${a.id}.` }).waitFor();
  await itemA.waitFor({ state: 'detached' });
  await decide(itemB, 'Không chia sẻ dữ liệu quy hoạch chưa công bố.', false);
  await page.locator('[role=alert].alert-ok').filter({ hasText: `Đã ghi nhận quyết định cho phiếu ${b.id}.` }).waitFor();
  await page.getByText('Không có phiếu nào chờ quyết định.', { exact: true }).waitFor();

  // Final states, on the page and from the API.
  await openTicket(page, a.id, TITLE_A);
  await expectState(page, 'party_fixing');
  assert.ok((await page.getByRole('region', { name: 'Lịch sử xử lý' }).innerText()).includes(DECISION_A), 'the decision is in the timeline');
  await openTicket(page, b.id, TITLE_B);
  await expectState(page, 'resolved');
  const token = await apiLogin(server, 'stttt.coordinator');
  for (const [t, state, requiresAction] of [[a, 'party_fixing', true], [b, 'resolved', false]]) {
    const ticket = (await apiCall(server, 'GET', `/api/v1/tickets/${t.id}`, { token })).json;
    assert.equal(ticket.state, state, `${t.id} after the decision`);
    const history = (await apiCall(server, 'GET', `/api/v1/tickets/${t.id}/history`, { token })).json.items;
    const [esc, dec] = history.slice(-2);
    assert.equal(esc.type, 'escalate_chairman');
    assert.equal(esc.actor, 'stttt.coordinator');
    assert.equal(dec.type, 'record_chairman_decision');
    assert.equal(dec.actor, 'chairman');
    assert.equal(dec.payload.requires_action, requiresAction);
  }
});
