// Issue 13 in the browser: every citation the pages show is in Vietnamese legal form
// ("khoản 1 Điều 17", "điểm b khoản 2 Điều 13", "Điều 16") with the article's text on
// hover; the English form ("Art. 17.1") only under the English switch. Labels of states,
// events, categories, scopes and grounds are the workflow export's (one source). The
// Chairman's inbox cites by the ticket's scope; the new-ticket form offers the scope, the
// reject form the grounds; people are shown by display name.
import assert from 'node:assert/strict';
import { apiCall, apiEvent, apiLogin, apiReport, fixture, screenshot, signIn } from './harness.mjs';
import { CATEGORY_VI, actionsSection, expectState, fileTicket, fireAction, historyOf, openTicket } from './ui.mjs';

const f = fixture();

// What no Vietnamese page may show.
const WRONG_FORMS = [/\bArt\.\s*\d/u, /Điều \d+\.\d/u, /Điều \d+ khoản/u];

function assertVietnameseForm(text, where) {
  for (const re of WRONG_FORMS) {
    const m = re.exec(text);
    assert.equal(m, null, `${where} shows ${m && JSON.stringify(m[0])}: …${m ? text.slice(Math.max(0, m.index - 60), m.index + 60) : ''}…`);
  }
}

async function workflowExport(server) {
  const token = await apiLogin(server, 'stp.reporter');
  const r = await apiCall(server, 'GET', '/api/v1/workflows/incident', { token });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

const event = (wf, type) => wf.events.find((e) => e.type === type);

f.test('a new ticket filed with its scope awaits intake ("Chờ tiếp nhận"); the form\'s categories and scopes are the workflow\'s', async ({ page, server }) => {
  const wf = await workflowExport(server);
  const outside = wf.scopes.find((s) => s.id === 'outside_agency');
  assert.ok(outside, 'the workflow export lists the scope outside_agency');
  await signIn(page, 'stp.reporter');
  await page.goto('/tickets/new');
  // One source: the radios are the export's categories, in its order, with its labels.
  const group = page.getByRole('group', { name: 'Loại sự cố' });
  await group.getByRole('radio').first().waitFor();
  const radios = await group.locator('input[type=radio]').evaluateAll((els) => els.map((e) => [e.value, e.labels[0].innerText.trim()]));
  assert.deepEqual(radios, wf.categories.map((c) => [c.id, c.label_vi]));
  for (const c of wf.categories) assert.equal(CATEGORY_VI[c.id], c.label_vi, 'tests/web/ui.mjs names the categories as the server does');
  // The category help cites the item of Art. 16 in Vietnamese form, its text on hover.
  const help = group.locator('.choice-help .citation-article').first();
  assert.equal((await help.innerText()).trim(), 'khoản 1 Điều 16');
  assert.match(await help.getAttribute('title'), /sai lệch/u, 'the gloss of khoản 1 Điều 16 on hover');
  // The scope: the export's labels, inside the province by default.
  const scope = page.getByLabel('Phạm vi chia sẻ dữ liệu', { exact: true });
  assert.deepEqual(await scope.locator('option').allInnerTexts(), wf.scopes.map((s) => s.label_vi));
  assert.equal(await scope.inputValue(), 'intra_province');
  assertVietnameseForm(await page.locator('body').innerText(), '/tickets/new');

  const title = 'Không chia sẻ được dữ liệu hộ tịch cho Bộ Tư pháp';
  const id = await fileTicket(page, { category: CATEGORY_VI.data_discrepancy, title, description: 'Dịch vụ trả lỗi khi cơ quan ngoài tỉnh gọi.' },
    { onFilled: () => scope.selectOption({ label: outside.label_vi }) });
  await expectState(page, 'reported');
  assert.equal((await page.locator('.ticket-sub .state').innerText()).trim(), 'Chờ tiếp nhận');
  const history = await historyOf(server, 'stp.reporter', id);
  assert.equal(history[0].payload.scope, 'outside_agency', 'the report carries the scope chosen');
  // The report cites Art. 16 as "Điều 16".
  const report = page.locator('.tl-report .citation-article');
  assert.equal((await report.innerText()).trim(), 'Điều 16');
  assertVietnameseForm(await page.locator('body').innerText(), 'the new ticket\'s page');
});

f.test('the ticket page cites "khoản 1 Điều 17" after acknowledge, with the article on hover; people by display name', async ({ page, server }) => {
  const title = 'Sai lệch số liệu khai sinh giữa hai hệ thống';
  const ticket = await apiReport(server, 'stp.reporter', { category: 'data_discrepancy', title, description: 'Số liệu không khớp.', parties: ['stnmt'] });
  await apiEvent(server, 'stttt.engineer', ticket.id, { type: 'acknowledge' });
  const history = await historyOf(server, 'stp.reporter', ticket.id);
  const ack = history.find((e) => e.type === 'acknowledge');
  assert.equal(ack.citation.vi, 'khoản 1 Điều 17', 'the server cites acknowledge as khoản 1 Điều 17');

  await signIn(page, 'stp.reporter');
  await openTicket(page, ticket.id, title);
  await expectState(page, 'triage');
  const item = page.locator(`#event-${ack.seq}`);
  const article = item.locator('.tl-basis .citation-article');
  assert.equal((await article.innerText()).trim(), 'khoản 1 Điều 17');
  assert.equal(await article.getAttribute('title'), ack.citation.gloss_vi, 'the article\'s text is its title (on hover)');
  assert.ok(ack.citation.gloss_vi.length > 20, 'the gloss is the article\'s text');
  assert.match(await item.locator('.tl-basis').innerText(), /^Căn cứ: khoản 1 Điều 17$/u);
  // People by display name, the username where the server gives none.
  const fresh = (await apiCall(server, 'GET', `/api/v1/tickets/${ticket.id}`, { token: await apiLogin(server, 'stp.reporter') })).json;
  const reporterRow = page.locator('dl.fields dt', { hasText: /^Người báo cáo$/u }).locator('xpath=following-sibling::dd[1]');
  assert.equal((await reporterRow.innerText()).trim(), fresh.reporter_name || fresh.reporter);
  assert.ok((await item.locator('.tl-actor').innerText()).startsWith(`${ack.actor_name || ack.actor} (`), 'the actor by display name');
  const body = await page.locator('body').innerText();
  assertVietnameseForm(body, 'the ticket page');
  assert.ok(!/\(Điều 17\.1\)/u.test(body));
  await screenshot(page, 'ticket-citations', { fullPage: true });

  // English only under the English switch.
  await page.getByRole('button', { name: 'English', exact: true }).click();
  await page.locator(`#event-${ack.seq} .tl-basis`).filter({ hasText: 'Art. 17.1' }).waitFor();
  assert.equal((await page.locator('.ticket-sub .state').innerText()).trim(), (await workflowExport(server)).states.find((s) => s.id === 'triage').label_en);
});

f.test('the workflow page: citations in Vietnamese form with their text, the cases of ticket-dependent ones, rules and conditions as sentences', async ({ page, server }) => {
  const wf = await workflowExport(server);
  await signIn(page, 'stttt.engineer');
  await page.goto('/workflow');
  const diagram = page.getByRole('group', { name: 'Sơ đồ trạng thái của quy trình xử lý sự cố' });
  await diagram.getByRole('button', { name: 'Chờ tiếp nhận', exact: true }).waitFor();
  const panel = page.getByRole('complementary', { name: 'Chi tiết' });

  // acknowledge: khoản 1 Điều 17, its text on hover.
  await diagram.getByRole('button', { name: event(wf, 'acknowledge').label_vi, exact: true }).click();
  const article = panel.locator('.basis .citation-article').first();
  await article.waitFor();
  assert.equal((await article.innerText()).trim(), 'khoản 1 Điều 17');
  assert.equal(await article.getAttribute('title'), event(wf, 'acknowledge').citation.gloss_vi);
  assert.ok((await panel.innerText()).includes('Cán bộ của Sở Thông tin và Truyền thông.'), 'the rule as a sentence');

  // escalate_chairman: one case per scope, in the export's words.
  await diagram.getByRole('button', { name: event(wf, 'escalate_chairman').label_vi, exact: true }).click();
  await panel.locator('.citation-cases').first().waitFor();
  const cases = (await panel.locator('.citation-cases').first().locator('li').allInnerTexts()).map((s) => s.trim());
  const scopeVi = (id) => wf.scopes.find((s) => s.id === id).label_vi;
  assert.deepEqual(cases, [
    `${scopeVi('intra_province')}: điểm b khoản 2 Điều 11`,
    `${scopeVi('outside_agency')}: khoản 2 Điều 12`,
    `${scopeVi('person_or_business')}: điểm b khoản 2 Điều 13`,
  ]);
  assert.ok((await panel.innerText()).includes('Tùy theo phạm vi chia sẻ dữ liệu của phiếu:'));
  await screenshot(page, 'workflow-citations');

  // provide_info: its conditions in words, with state labels, not guard texts or ids.
  await diagram.getByRole('button', { name: event(wf, 'provide_info').label_vi, exact: true }).click();
  await panel.getByText('Khi yêu cầu bổ sung thông tin được gửi lúc phiếu ở trạng thái “Đang kiểm tra”', { exact: false }).waitFor();

  // The transition table, opened: every row's basis in Vietnamese form.
  await page.getByText('Bảng chuyển trạng thái', { exact: true }).click();
  const table = page.locator('table.wf-table');
  await table.waitFor();
  const rejectCell = await table.locator('tr[data-event=reject] td.basis').first().innerText();
  assert.ok(rejectCell.includes('khoản 2 Điều 1') && rejectCell.includes('khoản 1 Điều 1'), `reject cites by its grounds: ${rejectCell}`);
  const body = await page.locator('body').innerText();
  assertVietnameseForm(body, '/workflow');
  for (const guard of [/\brequest_info\b/u, /requires_action/u, /reopen_window/u, /\bDoICT\b/u, /engine's timers/u, /\btriage\b/u, /\bparty_fixing\b/u]) {
    assert.ok(!guard.test(body), `/workflow shows a guard text or a state id: ${guard}`);
  }
});

f.test('the Chairman\'s inbox cites by the ticket\'s scope, not every article at once', async ({ page, server }) => {
  const title = 'Chưa thống nhất chia sẻ dữ liệu đất đai cho cơ quan ngoài tỉnh';
  const ticket = await apiReport(server, 'stp.reporter', { category: 'sharing_disagreement', title, description: 'Hai bên chưa thống nhất.', parties: ['stnmt'], scope: 'outside_agency' });
  await apiEvent(server, 'stttt.engineer', ticket.id, { type: 'acknowledge' });
  await apiEvent(server, 'stttt.coordinator', ticket.id, { type: 'escalate_chairman', reason: 'Vượt thẩm quyền của Sở: chia sẻ cho cơ quan ngoài tỉnh (khoản 2 Điều 12).' });
  const wf = await workflowExport(server);
  await signIn(page, 'chairman');
  const item = page.getByRole('article', { name: title });
  await item.waitFor();
  // The intro lists the cases; the ticket shows its own.
  const intro = await page.locator('.inbox-basis').innerText();
  assert.ok(intro.includes('khoản 1 Điều 11') && intro.includes('khoản 2 Điều 12') && intro.includes('điểm b khoản 2 Điều 13'), intro);
  const scopeLine = (await item.locator('.inbox-scope').innerText()).trim();
  assert.equal(scopeLine, `Phạm vi chia sẻ dữ liệu: ${wf.scopes.find((s) => s.id === 'outside_agency').label_vi} · Căn cứ: khoản 2 Điều 12`);
  const itemText = await item.innerText();
  assert.ok(!/Điều 11|Điều 13/u.test(itemText), `the ticket shared outside the province cites neither Art. 11 nor 13: ${itemText}`);
  assertVietnameseForm(await page.locator('body').innerText(), '/inbox');
  await screenshot(page, 'inbox-citations', { fullPage: true });
});

f.test('the reject form offers the grounds of the workflow and cites by them', async ({ page, server }) => {
  const wf = await workflowExport(server);
  const title = 'Yêu cầu chia sẻ hồ sơ mật';
  const ticket = await apiReport(server, 'stp.reporter', { category: 'other', title, description: 'Đề nghị chia sẻ tài liệu mật.', parties: [] });
  await signIn(page, 'stttt.coordinator');  // only a coordinator rejects
  await openTicket(page, ticket.id, title);
  const secret = wf.reject_grounds.find((g) => g.id === 'state_secret');
  await fireAction(page, event(wf, 'reject').label_vi, { 'Lý do từ chối': 'Dữ liệu thuộc phạm vi bí mật Nhà nước.' }, {
    before: async (form) => {
      const grounds = form.getByLabel('Lý do không tiếp nhận', { exact: true });
      assert.deepEqual(await grounds.locator('option').allInnerTexts(),
        wf.reject_grounds.filter((g) => g.id !== 'duplicate').map((g) => g.label_vi), 'the grounds offered: all but duplicate');
      assert.equal((await form.locator('.form-citation .citation-article').innerText()).trim(), 'khoản 1 Điều 1');
      await grounds.selectOption({ label: secret.label_vi });
      await form.locator('.form-citation .citation-article').filter({ hasText: 'khoản 2 Điều 1' }).waitFor();
      await screenshot(page, 'reject-grounds');
    },
  });
  await expectState(page, 'rejected');
  const history = await historyOf(server, 'stttt.coordinator', ticket.id);
  const reject = history.at(-1);
  assert.equal(reject.type, 'reject');
  assert.equal(reject.payload.grounds, 'state_secret');
  const item = page.locator(`#event-${reject.seq}`);
  assert.equal((await item.locator('.tl-basis .citation-article').innerText()).trim(), 'khoản 2 Điều 1');
  assert.ok((await item.innerText()).includes(secret.label_vi), 'the timeline names the grounds');
  assert.equal(await actionsSection(page).locator('.action-buttons button').count(), 0);
  assertVietnameseForm(await page.locator('body').innerText(), 'the rejected ticket');
});
