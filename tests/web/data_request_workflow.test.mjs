// Issue 15.1 in the browser: the workflow page draws the data-sharing request workflow
// (Art. 12-13) beside the incident one, from its own export: its states and events with
// the export's Vietnamese labels, who may act as sentences, conditions in words, and what
// each event cites by the request's scope (Art. 12 outside agencies, 13 persons and
// businesses; never the intra-province case), in Vietnamese legal form.
import assert from 'node:assert/strict';
import { apiCall, apiLogin, fixture, screenshot, signIn } from './harness.mjs';

const f = fixture();

const WRONG_FORMS = [/\bArt\.\s*\d/u, /Điều \d+\.\d/u, /Điều \d+ khoản/u];

async function exportOf(server, name) {
  const token = await apiLogin(server, 'stttt.engineer');
  const r = await apiCall(server, 'GET', `/api/v1/workflows/${name}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

f.test('the workflow page draws the data-sharing request workflow from its export, in Vietnamese', async ({ page, server }) => {
  const wf = await exportOf(server, 'data_request');
  const label = (type) => wf.events.find((e) => e.type === type).label_vi;
  await signIn(page, 'stttt.engineer');
  await page.goto('/workflow');
  // The tab leads from the incident workflow to the requests'.
  await page.getByRole('navigation', { name: 'Các quy trình' }).getByRole('link', { name: 'Yêu cầu khai thác dữ liệu' }).click();
  await page.waitForURL(/\/workflow\?w=data_request$/u);
  await page.getByRole('heading', { name: 'Quy trình yêu cầu khai thác dữ liệu', level: 1 }).waitFor();
  const diagram = page.getByRole('group', { name: 'Sơ đồ trạng thái của quy trình yêu cầu khai thác dữ liệu' });
  for (const s of wf.states) await diagram.getByRole('button', { name: s.label_vi, exact: true }).waitFor();
  const panel = page.getByRole('complementary', { name: 'Chi tiết' });

  // decide: DoICT's rows and the Chairman's, each outcome as words; cited by scope.
  await diagram.getByRole('button', { name: label('decide'), exact: true }).click();
  await panel.locator('.citation-cases').first().waitFor();
  const text = await panel.innerText();
  assert.ok(text.includes('Quyết định: đồng ý chia sẻ, với yêu cầu của cơ quan ngoài tỉnh: cần ý kiến thống nhất của đơn vị quản lý dữ liệu.'), text);
  assert.ok(text.includes('Quyết định: từ chối chia sẻ.'), text);
  assert.ok(text.includes('Chủ tịch hoặc Phó Chủ tịch UBND tỉnh'), 'the Chairman decides an escalated request');
  const cases = (await panel.locator('.citation-cases').first().locator('li').allInnerTexts()).map((s) => s.trim());
  const scopeVi = (id) => wf.scopes.find((s) => s.id === id).label_vi;
  assert.deepEqual(cases, [`${scopeVi('outside_agency')}: khoản 2 Điều 12`, `${scopeVi('person_or_business')}: điểm b khoản 2 Điều 13`]);

  // consult: the person's case cites point a of Art. 13.2 (lấy ý kiến các đơn vị liên quan).
  await diagram.getByRole('button', { name: label('consult'), exact: true }).click();
  await panel.getByText('điểm a khoản 2 Điều 13', { exact: false }).first().waitFor();
  // agree: the owning unit's focal point, the condition in words.
  await diagram.getByRole('button', { name: label('agree'), exact: true }).click();
  await panel.getByText('Đầu mối của đơn vị quản lý dữ liệu.', { exact: false }).first().waitFor();
  assert.ok((await panel.innerText()).includes('Còn đơn vị quản lý dữ liệu chưa thống nhất.'));
  await screenshot(page, 'workflow-data-request');

  const body = await page.locator('body').innerText();
  for (const re of WRONG_FORMS) assert.equal(re.exec(body), null, `the page shows ${re}`);
  for (const leak of [/outcome is/u, /\bDoICT\b/u, /engine's timers/u, /\bawaiting_agreement\b/u, /\bgive_opinion\b/u, /manages the data/u]) {
    assert.ok(!leak.test(body), `/workflow?w=data_request shows a guard text or an id: ${leak}`);
  }
  // Back to the incidents: the incident diagram again.
  await page.getByRole('navigation', { name: 'Các quy trình' }).getByRole('link', { name: 'Xử lý sự cố' }).click();
  await page.getByRole('group', { name: 'Sơ đồ trạng thái của quy trình xử lý sự cố' }).waitFor();
});
