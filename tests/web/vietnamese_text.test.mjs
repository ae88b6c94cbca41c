// Issue 7, "Vietnamese text renders without mojibake": what a user types with diacritics
// reaches the server as the same code points and comes back on every page exactly; the
// documents are UTF-8 and hold no UTF-8-read-as-Latin-1 sequences; the language switch
// works both ways.
import assert from 'node:assert/strict';
import { apiCall, apiLogin, apiReport, assertNoMojibake, fixture, signIn } from './harness.mjs';
import { CATEGORY_VI, fileTicket, openTicket } from './ui.mjs';

const f = fixture();

const TITLE = 'Sai lệch dữ liệu hộ tịch — Phường Đạo Long';
// Every Vietnamese vowel with every tone mark, đ/Đ, and typographic punctuation.
const DESCRIPTION = 'Ứng dụng “Tra cứu hộ tịch” trả về họ tên sai: Nguyễn Thị Ánh Tuyết → Nguyễn Thị Ảnh Tuyết. '
  + 'aàáảãạ ăằắẳẵặ âầấẩẫậ eèéẻẽẹ êềếểễệ iìíỉĩị oòóỏõọ ôồốổỗộ ơờớởỡợ uùúủũụ ưừứửữự yỳýỷỹỵ đĐ '
  + 'AÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ EÈÉẺẼẸ ÊỀẾỂỄỆ IÌÍỈĨỊ OÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ UÙÚỦŨỤ ƯỪỨỬỮỰ YỲÝỶỸỴ … 100 %';
const COMMENT = 'Đề nghị Sở Tư pháp kiểm tra lại trường “họ và tên” trước ngày 15/12.';

f.test('a title and description typed on /tickets/new come back exactly, on the ticket page, the list and the API', async ({ page, server }) => {
  assert.equal(TITLE, TITLE.normalize('NFC'));
  await signIn(page, 'stp.reporter');
  const id = await fileTicket(page, { category: CATEGORY_VI.data_discrepancy, title: TITLE, description: DESCRIPTION, parties: ['Sở Tài nguyên và Môi trường'] });

  // The server stored the same code points.
  const token = await apiLogin(server, 'stp.reporter');
  const stored = (await apiCall(server, 'GET', `/api/v1/tickets/${id}`, { token })).json;
  assert.equal(stored.title, TITLE, 'the title the server stored');
  assert.equal(stored.description, DESCRIPTION, 'the description the server stored');

  // The ticket page shows them exactly.
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), TITLE, 'the ticket page heading');
  assert.equal((await page.locator('.description').textContent()).trim(), DESCRIPTION, 'the description on the ticket page');

  // A comment typed in the comment box, too.
  await page.getByLabel('Bình luận', { exact: true }).fill(COMMENT);
  await page.getByRole('button', { name: 'Gửi bình luận', exact: true }).click();
  await page.locator('[role=alert].alert-ok').filter({ hasText: 'Bình luận: Đã ghi nhận.' }).waitFor();
  const timeline = page.getByRole('region', { name: 'Lịch sử xử lý' });
  await timeline.getByText(COMMENT, { exact: true }).waitFor();
  const history = (await apiCall(server, 'GET', `/api/v1/tickets/${id}/history`, { token })).json.items;
  assert.equal(history.at(-1).payload.body, COMMENT, 'the comment the server stored');

  const charset = await page.evaluate(() => document.characterSet);
  assert.equal(charset, 'UTF-8');
  assertNoMojibake(await page.locator('body').innerText(), 'the ticket page');

  // The list shows the title exactly.
  await page.goto('/tickets');
  const link = page.getByRole('link', { name: TITLE, exact: true });
  await link.waitFor();
  assert.equal(await link.innerText(), TITLE, 'the title in the list');
  assertNoMojibake(await page.locator('body').innerText(), '/tickets');
});

f.test('text filed through the API shows exactly on every page that lists it, without mojibake', async ({ page, server }) => {
  const title = 'Lỗi kết nối LGSP — Trung tâm Phục vụ hành chính công tỉnh Ninh Thuận';
  const ticket = await apiReport(server, 'stp.reporter', { category: 'connection_failure', title, description: DESCRIPTION, parties: [] });
  await signIn(page, 'stttt.engineer');
  // /queue (where an engineer lands)
  const link = page.getByRole('link', { name: title, exact: true });
  await link.waitFor();
  assert.equal(await link.innerText(), title, 'the title in /queue');
  for (const route of ['/queue', '/tickets', `/tickets/${ticket.id}`, '/workflow']) {
    await page.goto(route);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    assertNoMojibake(await page.locator('body').innerText(), route);
    assertNoMojibake(await page.title(), `the title of ${route}`);
  }
  await openTicket(page, ticket.id, title);
  assert.equal((await page.locator('.description').textContent()).trim(), DESCRIPTION);
});

f.test('the language switch: "English" turns the pages English, "Tiếng Việt" back', async ({ page }) => {
  await signIn(page, 'stp.reporter');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'vi');
  await page.getByRole('heading', { level: 1, name: 'Phiếu sự cố', exact: true }).waitFor();
  await page.getByRole('button', { name: 'English', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Tickets', exact: true }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
  // It sticks across pages.
  await page.goto('/tickets/new');
  await page.getByRole('heading', { level: 1, name: 'Report an incident', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Tiếng Việt', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Báo cáo sự cố', exact: true }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'vi');
  assertNoMojibake(await page.locator('body').innerText(), '/tickets/new after switching back');
});
