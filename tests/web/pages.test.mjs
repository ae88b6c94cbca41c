// Every page, signed in as the user it is for, on a database with tickets in several
// states: each shows its heading and its content, no error, no mojibake; and the
// screenshots of docs/screenshots/ (README.md) are taken here, 1280x900 (the ticket page
// whole), plus two at phone width. They are written to docs/screenshots/ only with
// UPDATE_SCREENSHOTS=1 (harness.mjs, screenshot()).
import assert from 'node:assert/strict';
import { apiEvent, apiReport, assertNoMojibake, fixture, newContext, screenshot, signIn } from './harness.mjs';
import { CATEGORY_VI, STATE_VI, actionNames, expectState, openTicket } from './ui.mjs';

const f = fixture();

const T = {
  hotich: 'Sai lệch dữ liệu hộ tịch — Phường Đạo Long',
  lgsp: 'Mất kết nối dịch vụ tra cứu đất đai trên LGSP',
  ytế: 'Sai mã định danh cá nhân trong dữ liệu khám chữa bệnh',
  dat: 'Không thống nhất phạm vi chia sẻ dữ liệu đất đai',
  trung: 'Báo trùng: dữ liệu hộ tịch phường Đạo Long',
};

// The tickets the pages show, in several states.
async function seed(server) {
  const ids = {};
  const report = (key, body) => apiReport(server, 'stp.reporter', { title: T[key], ...body }).then((t) => { ids[key] = t.id; return t; });
  await report('hotich', {
    category: 'data_discrepancy', priority: 'high', parties: ['stnmt'], service: 'Tra cứu hộ tịch',
    description: 'Số liệu khai sinh năm 2025 của phường Đạo Long trên cổng dữ liệu khác với sổ hộ tịch gốc: 1.284 trên cổng, 1.296 trong sổ.',
  });
  await report('lgsp', { category: 'connection_failure', priority: 'critical', parties: ['stnmt'], description: 'Dịch vụ trả lỗi 502 từ 8 giờ sáng.' });
  await report('ytế', { category: 'operational_incident', priority: 'normal', parties: ['syt'], description: 'Mã định danh không khớp với Cơ sở dữ liệu quốc gia về dân cư.' });
  await report('dat', { category: 'sharing_disagreement', priority: 'high', parties: ['stnmt'], description: 'Hai sở không thống nhất các trường dữ liệu được chia sẻ.' });
  await report('trung', { category: 'other', priority: 'low', parties: [], description: 'Trùng với phiếu đã gửi.' });

  const ev = (user, key, body) => apiEvent(server, user, ids[key], body);
  await ev('stttt.engineer', 'hotich', { type: 'acknowledge' });
  await ev('stttt.engineer', 'hotich', { type: 'request_party_fix', party: 'stnmt', instructions: 'Đề nghị Sở TN&MT đối chiếu và cập nhật lại dữ liệu trên cổng.' });
  await ev('stnmt.focal', 'hotich', { type: 'comment', body: 'Đã nhận yêu cầu, đang đối chiếu với sổ gốc.' });
  await ev('stnmt.focal', 'hotich', { type: 'resolve', resolution: 'Đã cập nhật 12 bản ghi; số liệu trên cổng khớp với sổ hộ tịch.' });
  await ev('stttt.engineer', 'ytế', { type: 'acknowledge' });
  await ev('stttt.engineer', 'ytế', { type: 'assign_doict' });
  await ev('stttt.engineer', 'dat', { type: 'acknowledge' });
  await ev('stttt.engineer', 'dat', { type: 'request_party_fix', party: 'stnmt', instructions: 'Đề nghị thống nhất danh mục trường dữ liệu.' });
  await ev('stnmt.focal', 'dat', { type: 'comment', body: 'Sở TN&MT đề nghị chỉ chia sẻ số thửa và diện tích, không chia sẻ tên chủ sử dụng.' });
  await ev('stttt.coordinator', 'dat', { type: 'escalate_chairman', reason: 'Vượt thẩm quyền của Sở TT&TT: hai sở không thống nhất phạm vi chia sẻ (khoản 2 Điều 12).' });
  await ev('stttt.coordinator', 'trung', { type: 'reject', reason: 'Trùng phiếu.', duplicate_of: ids.hotich });
  return ids;
}

// The page has drawn: its heading, no error alert, no mojibake.
async function checkPage(page, heading, where) {
  await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
  await page.waitForLoadState('networkidle');
  const errors = await page.locator('[role=alert]:not([hidden]):not(.alert-ok)').allInnerTexts();
  assert.deepEqual(errors.filter((x) => x.trim()), [], `${where} shows an error`);
  assertNoMojibake(await page.locator('body').innerText(), where);
}

let ids;

f.test('seed', async ({ server }) => { ids = await seed(server); });

f.test('/login', async ({ page }) => {
  await page.goto('/login');
  await checkPage(page, 'Đăng nhập', '/login');
  await page.getByLabel('Tên đăng nhập').waitFor();
  await screenshot(page, 'login');
});

f.test('/tickets (stp.reporter): every ticket of the org, with states in Vietnamese', async ({ page }) => {
  await signIn(page, 'stp.reporter');
  await page.goto('/tickets');
  await checkPage(page, 'Phiếu sự cố', '/tickets');
  const rows = page.locator('tbody tr');
  assert.equal(await rows.count(), 5, 'the list has the five tickets of stp');
  const text = await page.locator('tbody').innerText();
  for (const s of [T.hotich, T.lgsp, STATE_VI.resolved, STATE_VI.reported, STATE_VI.doict_fixing, STATE_VI.awaiting_chairman, STATE_VI.rejected]) {
    assert.ok(text.includes(s), `the list shows "${s}"`);
  }
  await screenshot(page, 'tickets');
});

// Issue 16.5: the search box finds words typed without diacritics in titles and comments;
// the search and the date ranges are kept in the URL, and the form shows them again.
f.test('/tickets search (stp.reporter): without diacritics, in comments, with a created date range', async ({ page }) => {
  await signIn(page, 'stp.reporter');
  await page.goto('/tickets');
  await checkPage(page, 'Phiếu sự cố', '/tickets');
  await page.getByLabel('Tìm kiếm', { exact: true }).fill('SAI LECH ho tich');
  await page.getByRole('button', { name: 'Lọc', exact: true }).click();
  await page.waitForURL((u) => new URL(u).searchParams.get('q') === 'SAI LECH ho tich');
  await checkPage(page, 'Phiếu sự cố', '/tickets?q=');
  const rows = page.locator('tbody tr');
  assert.deepEqual(await rows.locator('.cell-title a').allInnerTexts(), [T.hotich], 'only the civil-status ticket matches');
  assert.equal(await page.getByLabel('Tìm kiếm', { exact: true }).inputValue(), 'SAI LECH ho tich', 'the box keeps the search');

  // A comment's words (stnmt.focal's "đang đối chiếu với sổ gốc"), and today's tickets.
  const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);  // Vietnam's date
  await page.goto(`/tickets?q=${encodeURIComponent('doi chieu so goc')}&created_from=${today}&created_to=${today}`);
  await checkPage(page, 'Phiếu sự cố', '/tickets?q=&created_from=');
  assert.deepEqual(await rows.locator('.cell-title a').allInnerTexts(), [T.hotich], 'a comment is searched');
  assert.equal(await page.getByLabel('Tạo từ ngày', { exact: true }).inputValue(), today, 'the form shows the range');
  // A range before any ticket: nothing, and the page says so.
  await page.goto('/tickets?created_to=2020-12-31&q=sai');
  await checkPage(page, 'Phiếu sự cố', '/tickets?created_to=');
  await page.locator('p.empty:not([hidden])').waitFor();
  assert.equal(await rows.count(), 0, 'no ticket was created in 2020');
});

f.test('/queue and /data-requests search (stttt.coordinator): the search box filters them too', async ({ page }) => {
  await signIn(page, 'stttt.coordinator');
  await page.goto(`/queue?q=${encodeURIComponent('mat ket noi')}`);
  await checkPage(page, 'Hàng đợi của Sở Thông tin và Truyền thông', '/queue?q=');
  await page.getByRole('button', { name: 'Tiếp nhận phiếu' }).first().waitFor();
  const text = await page.locator('main').innerText();
  assert.ok(text.includes(T.lgsp), 'the queue shows the ticket found');
  for (const s of [T.ytế, T.hotich, T.dat]) assert.ok(!text.includes(s), `the queue hides "${s}"`);
  assert.equal(await page.getByLabel('Tìm kiếm', { exact: true }).inputValue(), 'mat ket noi');
  await page.goto('/data-requests?q=khong%20co%20dau');
  await checkPage(page, 'Yêu cầu khai thác dữ liệu', '/data-requests?q=');
  assert.equal(await page.getByLabel('Tìm kiếm', { exact: true }).inputValue(), 'khong co dau');
  await page.getByLabel('Tạo từ ngày', { exact: true }).waitFor();
});

f.test('/tickets/new (stp.reporter)', async ({ page }) => {
  await signIn(page, 'stp.reporter');
  await page.goto('/tickets/new');
  await checkPage(page, 'Báo cáo sự cố', '/tickets/new');
  await page.getByRole('radio', { name: CATEGORY_VI.connection_failure, exact: true }).check();
  await page.getByLabel('Tiêu đề', { exact: true }).fill('Không tra cứu được dữ liệu đăng ký kinh doanh');
  await page.getByLabel('Mô tả', { exact: true }).fill('Từ 8 giờ sáng nay, dịch vụ tra cứu trên LGSP trả lỗi 504.');
  await page.getByRole('group', { name: 'Đơn vị liên quan' }).getByRole('checkbox', { name: 'Sở Kế hoạch và Đầu tư', exact: true }).check();
  await screenshot(page, 'new-ticket', { fullPage: true });
});

f.test('/tickets/{id} (stp.reporter): fields, SLA, actions, timeline', async ({ page }) => {
  await signIn(page, 'stp.reporter');
  await openTicket(page, ids.hotich, T.hotich);
  await checkPage(page, T.hotich, '/tickets/{id}');
  await expectState(page, 'resolved');
  assert.deepEqual((await actionNames(page)).sort(), ['Mở lại phiếu', 'Đồng ý kết quả'].sort());
  const timeline = await page.getByRole('region', { name: 'Lịch sử xử lý' }).innerText();
  for (const s of ['Báo cáo sự cố', 'Tiếp nhận phiếu', 'Yêu cầu đơn vị xử lý', 'Bình luận', 'Hoàn thành xử lý', 'Đã cập nhật 12 bản ghi']) {
    assert.ok(timeline.includes(s), `the timeline shows "${s}"`);
  }
  await screenshot(page, 'ticket', { fullPage: true });
});

f.test('/queue (stttt.coordinator): open tickets by state', async ({ page }) => {
  await signIn(page, 'stttt.coordinator');
  assert.equal(new URL(page.url()).pathname, '/queue');
  await checkPage(page, 'Hàng đợi của Sở Thông tin và Truyền thông', '/queue');
  const text = await page.locator('main').innerText();
  for (const s of [T.lgsp, T.ytế, T.hotich, T.dat]) assert.ok(text.includes(s), `the queue shows "${s}"`);
  assert.ok(!text.includes(T.trung), 'the queue shows a rejected ticket');
  await page.getByRole('button', { name: 'Tiếp nhận phiếu' }).first().waitFor();
  await screenshot(page, 'queue');
});

f.test('/inbox (chairman): the escalated ticket with its reason', async ({ page }) => {
  await signIn(page, 'chairman');
  assert.equal(new URL(page.url()).pathname, '/inbox');
  await checkPage(page, 'Hộp thư Chủ tịch UBND tỉnh', '/inbox');
  const item = page.getByRole('article', { name: T.dat });
  await item.getByLabel('Nội dung quyết định', { exact: true }).waitFor();
  assert.equal(await page.getByRole('article').count(), 1);
  await screenshot(page, 'inbox');
});

f.test('/workflow (stttt.engineer): the diagram and a state picked', async ({ page }) => {
  await signIn(page, 'stttt.engineer');
  await page.goto('/workflow');
  await checkPage(page, 'Quy trình xử lý sự cố', '/workflow');
  // Every state is a button of the diagram, named by its Vietnamese label.
  const diagram = page.getByRole('group', { name: 'Sơ đồ trạng thái của quy trình xử lý sự cố' });
  for (const label of Object.values(STATE_VI)) {
    assert.equal(await diagram.getByRole('button', { name: label, exact: true }).count(), 1, `the diagram has the state "${label}"`);
  }
  await diagram.getByRole('button', { name: STATE_VI.party_fixing, exact: true }).click();
  const panel = page.getByRole('complementary', { name: 'Chi tiết' });
  await panel.getByRole('heading', { name: new RegExp(`^${STATE_VI.party_fixing}`) }).waitFor();
  assert.ok((await panel.innerText()).includes('Hoàn thành xử lý'), 'the panel lists the events from "Các bên đang xử lý"');
  await screenshot(page, 'workflow');
});

f.test('phone width (375 px): the ticket page and the queue', async ({ browser, server }) => {
  for (const [user, route, heading, name] of [['stp.reporter', `/tickets/${ids.hotich}`, T.hotich, 'phone-ticket'], ['stttt.coordinator', '/queue', 'Hàng đợi của Sở Thông tin và Truyền thông', 'phone-queue']]) {
    const ctx = await newContext(browser, server, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      const page = await ctx.newPage();
      await signIn(page, user);
      await page.goto(route);
      await checkPage(page, heading, `${route} at 375 px`);
      await screenshot(page, name);
      ctx.assertClean();
    } finally { await ctx.close(); }
  }
});
