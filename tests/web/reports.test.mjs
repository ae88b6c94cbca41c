// Issue 16, the reports page (/reports): DoICT picks a period and sees the figures of
// GET /api/v1/reports/incidents drawn as SVG charts whose bars and tables carry exactly the
// numbers of the API's JSON; the picker works from the keyboard and the period is in the
// URL; printing gives the national form of a "Báo cáo" (BÁO CÁO, Kính gửi, the signer);
// an agency's user sees the figures of its own agency, and says so; the downloads are the
// same query with format=xlsx|csv.
import assert from 'node:assert/strict';
import { apiCall, apiEvent, apiLogin, apiReport, assertNoMojibake, fixture, screenshot, signIn } from './harness.mjs';
import { CATEGORY_VI, STATE_VI } from './ui.mjs';
import { assertNoSidewaysScroll } from './directory_ui.mjs';

const f = fixture();

// Today in the province, and this year's report as the page asks for it.
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const YEAR = TODAY.slice(0, 4);
const REPORT_QUERY = `from=${YEAR}-01-01&to=${YEAR}-12-31&group_by=category`;
const num = (x) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 }).format(x);
const pct = (x) => new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 }).format(x);
const hrs = (s) => (s === null ? '—' : new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(s / 3600));

async function reportAs(server, username, query = REPORT_QUERY, path = '/api/v1/reports/incidents') {
  const token = await apiLogin(server, username);
  const r = await apiCall(server, 'GET', `${path}?${query}`, { token });
  assert.equal(r.status, 200, `the report as ${username}: ${r.text}`);
  return r.json;
}

f.test('seed: tickets of two agencies in several states, one escalated and decided', async ({ server }) => {
  const stp = (body) => apiReport(server, 'stp.reporter', body);
  const a = await stp({ category: 'data_discrepancy', priority: 'high', parties: ['stnmt'], service: 'Tra cứu hộ tịch', title: 'Sai lệch số khai sinh', description: 'Số liệu trên cổng khác sổ gốc.' });
  const b = await stp({ category: 'data_discrepancy', priority: 'normal', parties: ['stnmt'], service: 'Tra cứu hộ tịch', title: 'Sai lệch ngày sinh', description: 'Ngày sinh sai định dạng.' });
  const c = await stp({ category: 'sharing_disagreement', priority: 'high', parties: ['stnmt'], title: 'Không thống nhất trường dữ liệu', description: 'Hai sở chưa thống nhất.' });
  const d = await apiReport(server, 'skhdt.focal', { category: 'connection_failure', priority: 'critical', parties: ['syt'], service: 'Đăng ký doanh nghiệp', title: 'Mất kết nối LGSP', description: 'Lỗi 502.' });
  await apiReport(server, 'skhdt.focal', { category: 'other', priority: 'low', parties: [], title: 'Vấn đề khác', description: 'Hỏi về quy trình.' });
  await apiEvent(server, 'stttt.engineer', a.id, { type: 'acknowledge' });
  await apiEvent(server, 'stttt.engineer', a.id, { type: 'request_party_fix', party: 'stnmt', instructions: 'Đối chiếu và cập nhật.' });
  await apiEvent(server, 'stnmt.focal', a.id, { type: 'resolve', resolution: 'Đã cập nhật 12 bản ghi.' });
  await apiEvent(server, 'stttt.engineer', b.id, { type: 'acknowledge' });
  await apiEvent(server, 'stttt.engineer', c.id, { type: 'acknowledge' });
  await apiEvent(server, 'stttt.coordinator', c.id, { type: 'escalate_chairman', reason: 'Vượt thẩm quyền của Sở (khoản 2 Điều 12).' });
  await apiEvent(server, 'chairman', c.id, { type: 'record_chairman_decision', decision: 'Chia sẻ số thửa và diện tích.', requires_action: true });
  await apiEvent(server, 'stttt.engineer', d.id, { type: 'acknowledge' });
  const all = await reportAs(server, 'stttt.coordinator');
  assert.equal(all.totals.opened, 5, `five tickets this year: ${JSON.stringify(all.totals)}`);
  // One data-sharing request, screened.
  const token = await apiLogin(server, 'stttt.coordinator');
  const created = await apiCall(server, 'POST', '/api/v1/data-requests', { token, body: {
    scope: 'outside_agency', title: 'Dữ liệu hộ tịch phục vụ liên thông', data_wanted: 'Dữ liệu khai sinh 2020-2026', purpose: 'Liên thông',
    legal_basis: 'Nghị định 87/2020/NĐ-CP', requester_name: 'Cục Hộ tịch, quốc tịch, chứng thực', portal_reference: 'CDLQG-2026-000123', owners: ['stp'], personal_data: true,
  } });
  assert.equal(created.status, 201, created.text);
  const screened = await apiCall(server, 'POST', `/api/v1/data-requests/${created.json.id}/events`, { token, body: { type: 'screen' } });
  assert.equal(screened.status, 200, screened.text);
});

// The bars of a chart: [{series, key, value}] in document order.
async function bars(region) {
  return region.locator('svg[role=img] rect[data-series]').evaluateAll((rs) => rs.map((r) => ({
    series: r.getAttribute('data-series'), key: r.getAttribute('data-key'), value: Number(r.getAttribute('data-value')) })));
}

// The cells of a table's body rows: [[th, td, ...]].
async function cells(table) {
  return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
}

f.test('DoICT picks a period: the charts and tables show the API\'s numbers', async ({ page, server }) => {
  await signIn(page, 'stttt.coordinator');
  await page.getByRole('link', { name: 'Thống kê, báo cáo', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Thống kê, báo cáo' }).waitFor();
  // By default the last full month, and the address says so.
  const [y, m] = TODAY.split('-').map(Number);
  const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  await page.waitForURL((u) => u.searchParams.get('period') === 'month' && u.searchParams.get('month') === lastMonth);
  await page.locator('article.report-doc').waitFor();

  // This year.
  await page.getByLabel('Kỳ báo cáo', { exact: true }).selectOption({ label: 'Năm' });
  await page.getByRole('spinbutton', { name: 'Năm', exact: true }).fill(YEAR);
  await page.getByRole('button', { name: 'Xem báo cáo', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('period') === 'year' && u.searchParams.get('year') === YEAR);
  const doc = page.locator('article.report-doc');
  await doc.waitFor();
  const api = await reportAs(server, 'stttt.coordinator');
  assert.equal(await page.locator('.report-scope').innerText(), 'Phạm vi số liệu: tất cả cơ quan, đơn vị.');
  assert.equal(await doc.locator('.doc-subject').first().innerText(), `Tình hình xử lý sự cố chia sẻ dữ liệu từ ngày 01/01/${YEAR} đến ngày 31/12/${YEAR}`);

  // Headline figures.
  for (const [k, v] of [['opened', api.totals.opened], ['resolved', api.totals.resolved], ['open', api.totals.open], ['escalated', api.totals.escalated]]) {
    assert.equal((await doc.locator(`[data-figure=${k}] dd`).innerText()).trim(), num(v), `headline ${k}`);
  }

  // The trend by month: every month of the year, three series, bars = table = JSON.
  const trend = page.getByRole('region', { name: 'Diễn biến theo tháng' });
  assert.equal(api.months.length, 12);
  const expectBars = ['opened', 'resolved', 'closed'];
  const trendBars = await bars(trend);
  assert.deepEqual(trendBars, api.months.flatMap((mo) => expectBars.map((s) => ({ series: s, key: mo.month, value: mo[s] }))));
  const trendRows = await cells(trend.locator('table'));
  assert.deepEqual(trendRows, api.months.map((mo) => [`Tháng ${mo.month.slice(5)}/${mo.month.slice(0, 4)}`, num(mo.opened), num(mo.resolved), num(mo.closed), num(mo.resolve_on_time), num(mo.resolve_late)]));
  const svg = trend.locator('svg[role=img]');
  assert.match(await svg.getAttribute('aria-label'), /^Diễn biến theo tháng\. Tổng 12 tháng: tiếp nhận 5,/);
  assert.equal(await svg.locator('title').first().textContent(), 'Diễn biến theo tháng');
  assert.ok(await trend.locator('table caption').count(), 'the table has a caption');
  assert.equal(await trend.locator('thead th[scope=col]').count(), 6);
  assert.equal(await trend.locator('tbody th[scope=row]').count(), 12);

  // By category.
  const groups = page.getByRole('region', { name: 'Số phiếu theo loại sự cố' });
  assert.deepEqual(await bars(groups), api.groups.map((g) => ({ series: 'opened', key: g.key, value: g.figures.opened })));
  assert.deepEqual((await cells(groups.locator('table'))).map((r) => r.slice(0, 3)),
    api.groups.map((g) => [CATEGORY_VI[g.key], num(g.figures.opened), num(g.figures.resolved)]));

  // On time (acknowledge, resolve), with the working hours.
  const onTime = page.getByRole('region', { name: 'Thời hạn tiếp nhận và xử lý' });
  assert.deepEqual(await bars(onTime), ['acknowledge', 'resolve'].flatMap((k) => [
    { series: 'on_time', key: k, value: api.totals[k].on_time }, { series: 'late', key: k, value: api.totals[k].late }]));
  const ack = api.totals.acknowledge;
  assert.ok(ack.count >= 4, `four tickets acknowledged: ${JSON.stringify(ack)}`);
  assert.deepEqual((await cells(onTime.locator('table')))[0],
    ['Tiếp nhận', num(ack.count), num(ack.on_time), num(ack.late), pct(ack.on_time / (ack.on_time + ack.late)), hrs(ack.median_s), hrs(ack.p90_s)]);

  // Backlog by state.
  const backlog = page.getByRole('region', { name: 'Phiếu còn tồn đọng cuối kỳ theo trạng thái' });
  assert.deepEqual(await bars(backlog), api.backlog.map((b) => ({ series: 'backlog', key: b.state, value: b.count })));
  assert.deepEqual(await cells(backlog.locator('table')), api.backlog.map((b) => [STATE_VI[b.state], num(b.count)]));

  // The escalation and the Chairman's decision; the top services.
  const esc = await cells(page.getByRole('region', { name: 'Các trường hợp trình Chủ tịch UBND tỉnh và quyết định' }).locator('table'));
  assert.equal(esc.length, api.escalations.length);
  assert.equal(esc[0][2], 'Chia sẻ số thửa và diện tích.');
  assert.equal(esc[0][4], 'Có');
  const services = await cells(page.getByRole('region', { name: 'Dịch vụ dữ liệu có nhiều sự cố nhất' }).locator('table'));
  assert.deepEqual(services, api.top_services.map((s, i) => [String(i + 1), s.service || '(Không ghi dịch vụ)', num(s.count)]));

  assertNoMojibake(await page.locator('body').innerText(), '/reports');
  await screenshot(page, 'reports', { fullPage: true });
});

f.test('the downloads are the same report as files (format=xlsx, format=csv)', async ({ page }) => {
  await signIn(page, 'stttt.coordinator');
  await page.goto(`/reports?period=year&year=${YEAR}`);
  await page.locator('article.report-doc').waitFor();
  const xlsx = page.getByRole('link', { name: 'Tải về Excel (XLSX)', exact: true });
  const csv = page.getByRole('link', { name: 'Tải về CSV', exact: true });
  assert.equal(await xlsx.getAttribute('href'), `/api/v1/reports/incidents?${REPORT_QUERY}&format=xlsx`);
  assert.equal(await csv.getAttribute('href'), `/api/v1/reports/incidents?${REPORT_QUERY}&format=csv`);
  for (const link of [xlsx, csv]) {
    const r = await page.request.get(await link.getAttribute('href'));
    assert.equal(r.status(), 200, `${await link.getAttribute('href')}: ${r.status()}`);
    assert.match(r.headers()['content-disposition'] || '', /attachment/);
  }
});

f.test('the picker works from the keyboard and the link reproduces the report', async ({ page }) => {
  await signIn(page, 'stttt.engineer');
  await page.goto('/reports');
  await page.locator('article.report-doc').waitFor();
  const workflow = page.getByLabel('Loại báo cáo', { exact: true });
  await workflow.focus();
  await page.keyboard.press('Tab');
  const focusedName = () => page.evaluate(() => { const el = document.activeElement; return el && el.labels && el.labels[0] ? el.labels[0].textContent : ''; });
  assert.equal(await focusedName(), 'Kỳ báo cáo');
  await page.keyboard.press('End');  // the last kind: custom dates
  assert.equal(await page.getByLabel('Kỳ báo cáo', { exact: true }).inputValue(), 'custom');
  await page.keyboard.press('Tab');
  assert.equal(await focusedName(), 'Từ ngày', 'the month field is hidden, the dates are next');
  await page.getByLabel('Từ ngày', { exact: true }).fill(`${YEAR}-01-01`);
  await page.getByLabel('Đến ngày', { exact: true }).fill(`${YEAR}-12-31`);
  await page.getByLabel('Nhóm theo', { exact: true }).focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');  // org
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Xem báo cáo');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.searchParams.get('period') === 'custom' && u.searchParams.get('group_by') === 'org');
  const url = page.url();
  assert.equal(new URL(url).search, `?workflow=incident&period=custom&from=${YEAR}-01-01&to=${YEAR}-12-31&group_by=org`);
  await page.locator('article.report-doc').waitFor();
  const groups = page.getByRole('region', { name: 'Số phiếu theo đơn vị báo cáo' });
  const rows = await cells(groups.locator('table'));
  assert.deepEqual(rows.map((r) => r[0]).sort(), ['Sở Kế hoạch và Đầu tư', 'Sở Tư pháp']);
  // The links and buttons are reached with Tab; the charts are images, not tab stops.
  assert.equal(await page.locator('svg.chart[focusable=false][role=img]').count() >= 4, true);
  // A wrong period is refused in the page, next to the picker.
  await page.getByLabel('Từ ngày', { exact: true }).fill(`${YEAR}-12-31`);
  await page.getByLabel('Đến ngày', { exact: true }).fill(`${YEAR}-01-01`);
  await page.getByLabel('Đến ngày', { exact: true }).press('Enter');
  await page.getByRole('alert').filter({ hasText: '“Từ ngày” phải trước hoặc bằng “Đến ngày”.' }).waitFor();
  assert.equal(page.url(), url, 'nothing was loaded');
  // The same address in a new page shows the same report.
  await page.goto(url);
  await page.locator('article.report-doc').waitFor();
  assert.equal(await page.getByLabel('Nhóm theo', { exact: true }).inputValue(), 'org');
  assert.equal(await page.getByLabel('Từ ngày', { exact: true }).inputValue(), `${YEAR}-01-01`);
});

f.test('printed: the national form of a "Báo cáo", without the page\'s controls', async ({ page, server }) => {
  await signIn(page, 'stttt.director');
  await page.goto(`/reports?period=year&year=${YEAR}`);
  const doc = page.locator('article.report-doc');
  await doc.waitFor();
  const token = await apiLogin(server, 'stttt.coordinator');
  const { authorities } = (await apiCall(server, 'GET', '/api/v1/workflows/incident', { token })).json;
  const up = (x) => x.toLocaleUpperCase('vi');
  const PROPOSAL = 'Đề nghị UBND tỉnh chỉ đạo các sở cập nhật dữ liệu đúng hạn.';
  await page.getByLabel('Kiến nghị, đề xuất (nội dung in vào mục III)', { exact: true }).fill(PROPOSAL);
  await page.emulateMedia({ media: 'print' });
  for (const hidden of ['#site-header', 'form.report-form', '.report-actions', 'h1']) {
    assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is not printed`);
  }
  const text = await doc.innerText();
  for (const s of [`ỦY BAN NHÂN DÂN TỈNH ${up(authorities.province)}`, up(authorities.doict.name), 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc', 'Số: …/BC-…', `${authorities.province}, ngày … tháng … năm …`, 'BÁO CÁO',
    `Tình hình xử lý sự cố chia sẻ dữ liệu từ ngày 01/01/${YEAR} đến ngày 31/12/${YEAR}`,
    `Kính gửi: Ủy ban nhân dân tỉnh ${authorities.province}.`, 'I. TÌNH HÌNH CHUNG', 'II. KẾT QUẢ XỬ LÝ', 'III. KIẾN NGHỊ, ĐỀ XUẤT',
    'Nơi nhận:', 'GIÁM ĐỐC', PROPOSAL]) {
    assert.ok(text.includes(s), `the printed report says "${s}"`);
  }
  assert.equal(await doc.getByRole('heading', { level: 2, name: 'BÁO CÁO' }).isVisible(), true);
  const font = await doc.evaluate((el) => getComputedStyle(el).fontFamily);
  assert.match(font, /Times New Roman.*DejaVu Serif/);
  // A4 portrait.
  const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
  const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf);
  assert.ok(box && Math.abs(Number(box[1]) - 595.3) < 2 && Math.abs(Number(box[2]) - 841.9) < 2, `A4 portrait: ${box && box[0]}`);
  await screenshot(page, 'reports-print', { fullPage: true });
  await page.emulateMedia({ media: 'screen' });
});

f.test('an agency sees its own figures and says so', async ({ page, server }) => {
  await signIn(page, 'stp.reporter');
  await page.getByRole('link', { name: 'Thống kê, báo cáo', exact: true }).click();
  await page.locator('article.report-doc').waitFor();
  await page.goto(`/reports?period=year&year=${YEAR}`);
  const doc = page.locator('article.report-doc');
  await doc.waitFor();
  const mine = await reportAs(server, 'stp.reporter');
  const all = await reportAs(server, 'stttt.coordinator');
  assert.equal(mine.scope, 'stp');
  assert.ok(mine.totals.opened < all.totals.opened, `stp's ${mine.totals.opened} of ${all.totals.opened}`);
  assert.equal(await page.locator('.report-scope').innerText(), 'Phạm vi số liệu: các phiếu do Sở Tư pháp báo cáo hoặc có Sở Tư pháp tham gia.');
  assert.equal((await doc.locator('[data-figure=opened] dd').innerText()).trim(), num(mine.totals.opened));
  const trend = page.getByRole('region', { name: 'Diễn biến theo tháng' });
  assert.deepEqual((await bars(trend)).filter((b) => b.series === 'opened').map((b) => b.value), mine.months.map((mo) => mo.opened));
  const text = await doc.innerText();
  assert.ok(text.includes('(số liệu của Sở Tư pháp)'), 'the subject names the agency');
  assert.ok(text.includes('SỞ TƯ PHÁP'), 'the agency issues its own report');
});

f.test('data-sharing requests: the decisions and their time', async ({ page, server }) => {
  await signIn(page, 'stttt.coordinator');
  await page.goto(`/reports?workflow=data_request&period=year&year=${YEAR}`);
  const doc = page.locator('article.report-doc[data-workflow=data_request]');
  await doc.waitFor();
  const api = await reportAs(server, 'stttt.coordinator', `from=${YEAR}-01-01&to=${YEAR}-12-31&group_by=org`, '/api/v1/reports/data-requests');
  assert.equal(await doc.locator('.doc-subject').first().innerText(), `Tình hình giải quyết yêu cầu chia sẻ dữ liệu từ ngày 01/01/${YEAR} đến ngày 31/12/${YEAR}`);
  assert.equal(api.totals.opened, 1, `the request of the seed: ${JSON.stringify(api.totals)}`);
  assert.equal((await doc.locator('[data-figure=opened] dd').innerText()).trim(), num(api.totals.opened));
  assert.deepEqual(await bars(page.getByRole('region', { name: 'Phiếu còn tồn đọng cuối kỳ theo trạng thái' })),
    api.backlog.map((b) => ({ series: 'backlog', key: b.state, value: b.count })));
  const decisions = page.getByRole('region', { name: 'Kết quả giải quyết yêu cầu' });
  assert.deepEqual(await bars(decisions), ['grant', 'partial', 'refuse'].map((k) => ({ series: 'decision', key: k, value: api.totals.decisions[k] })));
  const onTime = page.getByRole('region', { name: 'Thời hạn tiếp nhận và xử lý' });
  assert.deepEqual((await cells(onTime.locator('table'))).map((r) => r[0]), ['Tiếp nhận', 'Ra quyết định']);
  assert.equal(await page.getByRole('link', { name: 'Tải về CSV', exact: true }).getAttribute('href'),
    `/api/v1/reports/data-requests?from=${YEAR}-01-01&to=${YEAR}-12-31&group_by=org&format=csv`);
  // The year's requests by sharing scope (the summary of Art. 13.2c), named as the workflow names them.
  await page.getByLabel('Nhóm theo', { exact: true }).selectOption({ label: 'Phạm vi chia sẻ dữ liệu' });
  await page.getByRole('button', { name: 'Xem báo cáo', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('group_by') === 'scope');
  const token = await apiLogin(server, 'stttt.coordinator');
  const { scopes } = (await apiCall(server, 'GET', '/api/v1/workflows/incident', { token })).json;
  const byScope = await reportAs(server, 'stttt.coordinator', `from=${YEAR}-01-01&to=${YEAR}-12-31&group_by=scope`, '/api/v1/reports/data-requests');
  const groups = page.getByRole('region', { name: 'Số phiếu theo phạm vi chia sẻ dữ liệu' });
  await groups.locator('table tbody tr').first().waitFor();
  assert.deepEqual((await cells(groups.locator('table'))).map((r) => r.slice(0, 2)),
    byScope.groups.map((g) => [scopes.find((x) => x.id === g.key).label_vi, num(g.figures.opened)]));
  assert.deepEqual(byScope.groups.map((g) => g.key), ['outside_agency']);
});

f.test('375 px wide: the report does not scroll sideways', async ({ page }) => {
  await signIn(page, 'stp.reporter');
  await page.goto(`/reports?period=year&year=${YEAR}&group_by=service`);
  await page.locator('article.report-doc').waitFor();
  await assertNoSidewaysScroll(page, '/reports at 375 px');
}, { contextOptions: { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } });
