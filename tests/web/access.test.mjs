// Issue 7, "access": a user of an org that is neither the reporter nor a party cannot
// open the ticket page: it shows the problem's detail from the API, never the ticket.
import assert from 'node:assert/strict';
import { alertText, apiCall, apiLogin, apiReport, fixture, signIn } from './harness.mjs';
import { expectState, openTicket } from './ui.mjs';

const f = fixture();

const TITLE = 'Dữ liệu lý lịch tư pháp không đồng bộ — mật';
const DESCRIPTION = 'Nội dung chỉ dành cho Sở Tư pháp và Sở TN&MT.';

f.test('syt.reporter opening an stp ticket sees the problem detail, not the ticket', async ({ page, server }) => {
  const ticket = await apiReport(server, 'stp.reporter', { category: 'data_discrepancy', title: TITLE, description: DESCRIPTION, parties: ['stnmt'] });

  // What the API says to syt.reporter about this ticket.
  const token = await apiLogin(server, 'syt.reporter');
  const problem = await apiCall(server, 'GET', `/api/v1/tickets/${ticket.id}`, { token });
  assert.equal(problem.status, 404, 'the API hides the ticket from another org');
  assert.ok(problem.json.detail, 'the problem has a detail');

  await signIn(page, 'syt.reporter');
  await page.goto(`/tickets/${ticket.id}`);
  const text = await alertText(page);
  assert.ok(text.includes(problem.json.detail), `the alert shows the problem's detail "${problem.json.detail}": "${text}"`);
  assert.equal((await page.locator('[role=alert] .alert-detail').innerText()).trim(), problem.json.detail);
  const body = await page.locator('body').innerText();
  for (const secret of [TITLE, DESCRIPTION]) assert.ok(!body.includes(secret), `the page shows the ticket's "${secret}"`);
  // No action, no comment box.
  assert.equal(await page.getByRole('button', { name: 'Gửi bình luận' }).count(), 0, 'a comment box is offered');
  assert.equal(await page.getByRole('region', { name: 'Thao tác' }).count(), 0, 'actions are offered');

  // Nor does the list show it.
  await page.goto('/tickets');
  await page.getByRole('heading', { level: 1, name: 'Phiếu sự cố' }).waitFor();
  await page.getByText('Không có phiếu nào.', { exact: true }).waitFor();
  assert.ok(!(await page.locator('body').innerText()).includes(TITLE), 'the list shows the ticket');
});

f.test('the party (stnmt.reporter) may open it; signed out, the page sends to /login and back', async ({ page, server }) => {
  const ticket = await apiReport(server, 'stp.reporter', { category: 'other', title: TITLE, description: DESCRIPTION, parties: ['stnmt'] });
  await page.goto(`/tickets/${ticket.id}`);
  await page.waitForURL((u) => u.pathname === '/login');
  assert.equal(new URL(page.url()).searchParams.get('next'), `/tickets/${ticket.id}`);
  assert.ok(!(await page.locator('body').innerText()).includes(TITLE), 'the sign-in page shows the ticket');
  await page.getByLabel('Tên đăng nhập').fill('stnmt.reporter');
  await page.getByLabel('Mật khẩu').fill('demo');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForURL((u) => u.pathname === `/tickets/${ticket.id}`);
  await page.getByRole('heading', { level: 1, name: TITLE, exact: true }).waitFor();
  await expectState(page, 'reported');
  await openTicket(page, ticket.id, TITLE);
});

f.test('a wrong password shows the problem detail of the 401', async ({ page, server }) => {
  const problem = await apiCall(server, 'POST', '/api/v1/sessions', { body: { username: 'syt.reporter', password: 'sai-mật-khẩu' } });
  assert.equal(problem.status, 401);
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill('syt.reporter');
  await page.getByLabel('Mật khẩu').fill('sai-mật-khẩu');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  const text = await alertText(page);
  assert.ok(problem.json.detail && text.includes(problem.json.detail), `the alert shows "${problem.json.detail}": "${text}"`);
  assert.equal(new URL(page.url()).pathname, '/login');
});
