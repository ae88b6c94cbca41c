// Issue 12.2, "authorities as data": the pages name the coordinating department, the
// ministry and the province only as the server names them (GET /api/v1/workflows/incident,
// "authorities"). This server's demo directory has them renamed as in 2025 — the DoICT
// (org stttt) is now the Department of Science and Technology, the MIC (org btttt) the
// Ministry of Science and Technology — and its province is configured anew: no page shows
// an old name, and the pages needed no change for it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { REPO_ROOT, apiEvent, apiReport, fixture, signIn, signOut } from './harness.mjs';
import { actorName, openTicket } from './ui.mjs';

const DOICT = 'Sở Khoa học và Công nghệ';
const MINISTRY = 'Bộ Khoa học và Công nghệ';
const PROVINCE = 'Khánh Hòa';
// What no page may show once the directory and the configuration say otherwise.
const OLD = ['Thông tin và Truyền thông', 'TT&TT', 'Ninh Thuận', 'DoICT'];

// The demo directory (config/demo-directory.csv) with the two orgs renamed (same ids:
// tickets keep naming them), and the people whose display names said where they work
// renamed with them.
const demoText = readFileSync(path.join(REPO_ROOT, 'config', 'demo-directory.csv'), 'utf8');
assert.ok(demoText.includes('\norg,stttt,Sở Thông tin và Truyền thông,') && demoText.includes('\norg,btttt,Bộ Thông tin và Truyền thông,'),
  'the demo has orgs stttt and btttt');
const demo = demoText.replaceAll('Sở Thông tin và Truyền thông', DOICT).replaceAll('Bộ Thông tin và Truyền thông', MINISTRY)
  .replaceAll('Sở TT&TT', 'Sở KH&CN');
const dir = mkdtempSync(path.join(tmpdir(), 'incidents-authorities-'));
const demoFile = path.join(dir, 'demo-directory.csv');
writeFileSync(demoFile, demo);
after(() => rmSync(dir, { recursive: true, force: true }));

const f = fixture({ serverArgs: ['--set', `demo_file=${demoFile}`, '--set', `workflow.province=${PROVINCE}`] });

async function expectNoOldName(page, where) {
  const text = await page.locator('body').innerText();
  for (const old of OLD) assert.ok(!text.includes(old), `${where} shows "${old}":\n${text}`);
}

f.test('the coordinator\'s queue and header name the department and the province as configured, in both languages', async ({ page }) => {
  await signIn(page, 'stttt.coordinator');
  await page.goto('/queue');
  await page.getByRole('heading', { level: 1, name: `Hàng đợi của ${DOICT}`, exact: true }).waitFor();
  assert.equal((await page.locator('.brand-sub').innerText()).trim(), `Tỉnh ${PROVINCE}`);
  await page.getByRole('navigation').getByRole('link', { name: 'Hàng đợi điều phối', exact: true }).waitFor();
  assert.ok((await page.locator('.who-meta').innerText()).includes(DOICT), 'the header names the user\'s org');
  await expectNoOldName(page, '/queue');

  await page.getByRole('button', { name: 'English', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: `Queue of ${DOICT}`, exact: true }).waitFor();
  assert.equal((await page.locator('.brand-sub').innerText()).trim(), `${PROVINCE} province`);
  await expectNoOldName(page, '/queue in English');
});

f.test('a reporter is told to notify the department by its current name', async ({ page }) => {
  await signIn(page, 'stp.reporter');
  await page.goto('/tickets/new');
  await page.getByRole('heading', { level: 1, name: 'Báo cáo sự cố' }).waitFor();
  await page.getByText(`thông báo về ${DOICT} để xử lý`).waitFor();
  await expectNoOldName(page, '/tickets/new');
});

f.test('a ticket through the department, the Ministry and the Chairman: neutral labels, current names, deliveries for the department\'s staff only', async ({ page }) => {
  const ticket = await apiReport(f.server, 'stp.reporter', { category: 'connection_failure', title: 'Gián đoạn kết nối LGSP', description: 'Không gọi được dịch vụ tra cứu hộ tịch.', parties: ['stnmt'] });
  await apiEvent(f.server, 'stttt.engineer', ticket.id, { type: 'acknowledge' });
  await apiEvent(f.server, 'stttt.engineer', ticket.id, { type: 'assign_doict' });
  await apiEvent(f.server, 'stttt.coordinator', ticket.id, { type: 'refer_ministry', question: 'Chuẩn kết nối nào áp dụng?' });
  await apiEvent(f.server, 'stttt.coordinator', ticket.id, { type: 'record_ministry_conclusion', conclusion: 'Áp dụng chuẩn hiện hành.' });
  await apiEvent(f.server, 'stttt.coordinator', ticket.id, { type: 'escalate_chairman', reason: 'Hai sở chưa thống nhất.' });

  // The admin is of the department's org without an engineer's role: the deliveries show.
  await signIn(page, 'admin');
  await openTicket(page, ticket.id, 'Gián đoạn kết nối LGSP');
  await page.getByRole('heading', { level: 2, name: 'Thông báo đã gửi' }).waitFor();
  const timeline = await page.getByRole('region', { name: 'Lịch sử xử lý' }).innerText();
  assert.ok(timeline.includes('Cơ quan điều phối tự xử lý'), `the timeline names assign_doict neutrally:\n${timeline}`);
  assert.ok(timeline.includes('Cơ quan điều phối đang xử lý'), `the timeline names doict_fixing neutrally:\n${timeline}`);
  const engineer = await actorName(f.server, 'admin', ticket.id, 'stttt.engineer');
  assert.ok(timeline.includes(`${engineer} (${DOICT})`), `the timeline names the actor's org as the directory does:\n${timeline}`);
  await expectNoOldName(page, 'the ticket page (admin)');

  // The reporter is not of the department: no deliveries.
  await signOut(page);
  await signIn(page, 'stp.reporter');
  await openTicket(page, ticket.id, 'Gián đoạn kết nối LGSP');
  await page.getByRole('heading', { level: 2, name: 'Lịch sử xử lý' }).waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Thông báo đã gửi' }).count(), 0, 'the reporter sees the deliveries');
  await expectNoOldName(page, 'the ticket page (reporter)');

  // The Chairman's inbox names who escalated by the department's current name.
  await signOut(page);
  await signIn(page, 'chairman');
  await page.goto('/inbox');
  await page.getByText(`Các phiếu ${DOICT} trình Chủ tịch quyết định`).waitFor();
  await expectNoOldName(page, '/inbox');
});
