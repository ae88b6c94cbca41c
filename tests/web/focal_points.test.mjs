// Issue 12.5, focal points (Chapter VI): appointing a focal point on /admin/focal-points
// ends the previous one's term (seen in the org's history); marking the focal point absent
// puts the deputy on duty; the list as the Chairman's office prints it says "DỰ THẢO"
// until the list is submitted and its approval recorded, then names the decision; the
// CSV and XLSX downloads; the pages at phone width.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { apiCall, apiLogin, fixture, newContext, screenshot, signIn, TIMEOUTS } from './harness.mjs';
import { assertNoSidewaysScroll, createOrg, createUser, daysAgo, fieldError, okMessage, vnDate } from './directory_ui.mjs';

const f = fixture();

const ORG = { id: 'so-thu-nghiem', name: 'Sở Thử Nghiệm Đầu Mối' };
const PEOPLE = {
  an: { username: 'stn.an', display_name: 'Phạm Văn An', email: 'an@stn.example', phone: '+84911000001' },
  binh: { username: 'stn.binh', display_name: 'Lê Thị Bình', email: 'binh@stn.example', phone: '+84911000002' },
  cuong: { username: 'stn.cuong', display_name: 'Đỗ Văn Cường', email: 'cuong@stn.example', phone: '+84911000003' },
};
const SINCE_AN = daysAgo(200);
const SINCE_BINH = daysAgo(30);
const DECISION = '1234/QĐ-UBND';
const DECISION_DATE = daysAgo(1);

f.test('seed: an org and three of its people', async ({ server }) => {
  await createOrg(server, ORG);
  for (const p of Object.values(PEOPLE)) await createUser(server, { ...p, org: ORG.id });
});

// Fills the appointment form for ORG and submits it.
async function appoint(page, person, { role = 'Đầu mối', position, since, ref, refDate }) {
  const row = page.locator(`tr[data-org="${ORG.id}"]`);
  await row.getByRole('button', { name: 'Cử cán bộ', exact: true }).click();
  const form = page.locator('form.appoint-form');
  await form.getByRole('heading', { name: `Cử cán bộ cho ${ORG.name}` }).waitFor();
  await form.getByRole('radio', { name: role, exact: true }).check();
  const picker = form.getByLabel('Cán bộ được cử', { exact: true });
  await picker.locator(`option[value="${person.username}"]`).waitFor({ state: 'attached' });
  await picker.selectOption(person.username);
  await form.getByLabel('Chức vụ', { exact: true }).fill(position);
  await form.getByLabel('Từ ngày', { exact: true }).fill(since);
  await form.getByLabel('Số văn bản cử', { exact: true }).fill(ref);
  if (refDate) await form.getByLabel('Ngày văn bản', { exact: true }).fill(refDate);
  await form.getByRole('button', { name: 'Cử cán bộ', exact: true }).click();
  await okMessage(page, `Đã cử ${person.display_name} làm ${role.toLowerCase()} của ${ORG.name}.`);
}

function historyRows(page) {
  return page.locator(`section.focal-history-card[data-org="${ORG.id}"] tbody tr`);
}

f.test('appointing a focal point ends the previous term, kept in the history', async ({ page }) => {
  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'Quản lý đầu mối', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Quản lý cán bộ đầu mối' }).waitFor();
  const row = page.locator(`tr[data-org="${ORG.id}"]`);
  await row.filter({ hasText: 'Chưa cử' }).waitFor();

  await appoint(page, PEOPLE.an, { position: 'Trưởng phòng Công nghệ thông tin', since: SINCE_AN, ref: '15/QĐ-STN', refDate: SINCE_AN });
  await row.locator('.cell-focal').filter({ hasText: PEOPLE.an.display_name }).waitFor();
  await appoint(page, PEOPLE.binh, { position: 'Phó Trưởng phòng', since: SINCE_BINH, ref: '98/QĐ-STN' });
  await row.locator('.cell-focal').filter({ hasText: PEOPLE.binh.display_name }).waitFor();
  assert.ok(!(await row.innerText()).includes(PEOPLE.an.display_name), 'the previous focal point is no longer in force');

  // The history: Bình in office since SINCE_BINH, An until then.
  const rows = historyRows(page);
  await rows.nth(1).waitFor();
  const texts = await rows.allInnerTexts();
  assert.equal(texts.length, 2, `two terms: ${texts}`);
  const binh = texts.find((x) => x.includes(PEOPLE.binh.display_name));
  const an = texts.find((x) => x.includes(PEOPLE.an.display_name));
  assert.ok(binh && binh.includes('Đang đảm nhiệm') && binh.includes(vnDate(SINCE_BINH)), `Bình's term: ${binh}`);
  assert.ok(an && an.includes(vnDate(SINCE_AN)) && an.includes(vnDate(SINCE_BINH)) && an.includes('15/QĐ-STN'), `An's term ends when Bình's begins: ${an}`);

  // A person of another org cannot be appointed: the picker offers only the org's people.
  const picker = page.locator('form.appoint-form').getByLabel('Cán bộ được cử', { exact: true });
  const offered = await picker.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.deepEqual(offered.sort(), Object.values(PEOPLE).map((p) => p.username).sort());
});

f.test('marking the focal point absent puts the deputy on duty', async ({ page, browser, server }) => {
  await signIn(page, 'stttt.coordinator');
  await page.goto('/admin/focal-points');
  const row = page.locator(`tr[data-org="${ORG.id}"]`);
  await row.waitFor();
  await appoint(page, PEOPLE.cuong, { role: 'Dự phòng', position: 'Chuyên viên', since: SINCE_BINH, ref: '99/QĐ-STN' });
  await row.locator('.cell-deputy').filter({ hasText: PEOPLE.cuong.display_name }).waitFor();
  const onDuty = row.locator('.cell-on-duty');
  assert.equal((await onDuty.innerText()).trim(), PEOPLE.binh.display_name);

  await row.getByRole('button', { name: 'Báo vắng mặt', exact: true }).click();
  await okMessage(page, `Đã ghi nhận ${PEOPLE.binh.display_name} vắng mặt.`);
  await onDuty.filter({ hasText: PEOPLE.cuong.display_name }).waitFor();
  assert.match(await row.locator('.cell-focal').innerText(), /Vắng mặt/);
  await row.getByRole('button', { name: 'Lịch sử', exact: true }).click();
  await historyRows(page).first().waitFor();
  await screenshot(page, 'admin-focal-points', { fullPage: true });

  // /admin/orgs (admin) shows the same: the deputy standing in.
  const admin = await newContext(browser, server);
  try {
    const p = await admin.newPage();
    await signIn(p, 'admin');
    await p.goto('/admin/orgs');
    const orgRow = p.locator(`tr[data-org="${ORG.id}"]`);
    await orgRow.waitFor();
    assert.match(await orgRow.locator('.cell-focal').innerText(), new RegExp(`${PEOPLE.binh.display_name}[\\s\\S]*Vắng mặt`));
    assert.match(await orgRow.locator('.cell-deputy').innerText(), new RegExp(`${PEOPLE.cuong.display_name}[\\s\\S]*Đang làm thay`));
    admin.assertClean();
  } finally { await admin.close(); }

  await row.getByRole('button', { name: 'Đã trở lại', exact: true }).click();
  await okMessage(page, `Đã ghi nhận ${PEOPLE.binh.display_name} trở lại làm nhiệm vụ.`);
  await onDuty.filter({ hasText: PEOPLE.binh.display_name }).waitFor();
});

f.test('the printed list: DỰ THẢO, then the approving decision; print hides the header', async ({ page, browser, server }) => {
  await signIn(page, 'stp.reporter');
  await page.getByRole('link', { name: 'Danh sách đầu mối', exact: true }).click();
  const title = 'DANH SÁCH CÁN BỘ ĐẦU MỐI QUẢN LÝ, CHIA SẺ DỮ LIỆU';
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  const doc = page.locator('article.doc');
  let text = await doc.innerText();
  for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'DỰ THẢO']) assert.ok(text.includes(s), `the document says "${s}"`);
  // The compiling department and the province as the server names them (the workflow's
  // authorities), never by the page itself.
  const token = await apiLogin(server, 'stp.reporter');
  const { authorities } = (await apiCall(server, 'GET', '/api/v1/workflows/incident', { token })).json;
  const compiler = authorities.doict.name;
  assert.ok(text.includes(compiler.toLocaleUpperCase('vi')) && text.includes(`${compiler} tổng hợp`), `the draft names "${compiler}": ${text.slice(0, 400)}`);
  assert.ok(text.includes(`ỦY BAN NHÂN DÂN TỈNH ${authorities.province.toLocaleUpperCase('vi')}`), 'the issuing body names the province');
  assert.ok(text.includes(`${authorities.province}, ngày `), 'place and date name the province');
  const heads = (await doc.locator('thead th').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(heads, ['STT', 'Cơ quan, đơn vị', 'Họ và tên', 'Chức vụ', 'Điện thoại', 'Thư điện tử']);
  const rows = doc.locator(`tr[data-org="${ORG.id}"]`);
  const focal = await rows.filter({ has: page.locator('td.doc-name', { hasText: PEOPLE.binh.display_name }) }).innerText();
  for (const s of [ORG.name, 'Phó Trưởng phòng', PEOPLE.binh.phone, PEOPLE.binh.email]) assert.ok(focal.includes(s), `the row has "${s}": ${focal}`);
  assert.match(await rows.filter({ hasText: PEOPLE.cuong.display_name }).innerText(), /\(dự phòng\)/);
  await screenshot(page, 'focal-points-print-draft', { fullPage: true });

  // On paper: no header, no navigation, no tools.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('#site-header').isVisible(), false, 'the header is printed');
  assert.equal(await page.locator('.print-tools').isVisible(), false, 'the tools are printed');
  assert.equal(await doc.isVisible(), true);
  await page.emulateMedia({ media: 'screen' });

  // The coordinator submits the list, the Chairman records the approval.
  const staff = await newContext(browser, server);
  try {
    const p = await staff.newPage();
    await signIn(p, 'stttt.coordinator');
    await p.goto('/admin/focal-points');
    const status = p.getByRole('region', { name: 'Tình trạng danh sách' });
    await status.getByText('Dự thảo', { exact: true }).waitFor();
    await status.getByRole('button', { name: 'Trình phê duyệt', exact: true }).click();
    await okMessage(p, 'Đã trình danh sách để phê duyệt.');
    await status.getByText('Đã trình phê duyệt', { exact: true }).waitFor();

    // The CSV for the portal.
    const [download] = await Promise.all([p.waitForEvent('download', { timeout: TIMEOUTS.action }),
      status.getByRole('link', { name: 'Tải về CSV', exact: true }).click()]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    assert.ok(csv.startsWith('\ufeff'), 'the CSV starts with a BOM');
    assert.ok(csv.includes('STT') && csv.includes(PEOPLE.binh.display_name), `the CSV: ${csv.slice(0, 200)}`);
    const [xlsx] = await Promise.all([p.waitForEvent('download', { timeout: TIMEOUTS.action }),
      status.getByRole('link', { name: 'Tải về Excel (XLSX)', exact: true }).click()]);
    assert.match(xlsx.suggestedFilename(), /\.xlsx$/);
    assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString('latin1'), 'PK', 'the XLSX is a zip');
    staff.assertClean();
  } finally { await staff.close(); }

  const chairman = await newContext(browser, server);
  try {
    const p = await chairman.newPage();
    await signIn(p, 'chairman');
    await p.getByRole('link', { name: 'Quản lý đầu mối', exact: true }).click();
    const status = p.getByRole('region', { name: 'Tình trạng danh sách' });
    await status.getByText('Đã trình phê duyệt', { exact: true }).waitFor();
    assert.equal(await p.getByRole('button', { name: 'Cử cán bộ' }).count(), 0, 'the Chairman appoints nobody');
    const form = status.locator('form.approve-form');
    await form.getByRole('button', { name: 'Ghi nhận phê duyệt', exact: true }).click();
    assert.match((await fieldError(form, 'Số quyết định')).text, /Số quyết định/);
    await form.getByLabel('Số quyết định', { exact: true }).fill(DECISION);
    await form.getByLabel('Ngày quyết định', { exact: true }).fill(DECISION_DATE);
    await form.getByRole('button', { name: 'Ghi nhận phê duyệt', exact: true }).click();
    await okMessage(p, `Đã ghi nhận Quyết định phê duyệt số ${DECISION}.`);
    await status.getByText(`Phê duyệt theo Quyết định số ${DECISION} ngày ${vnDate(DECISION_DATE)}.`, { exact: true }).waitFor();
    chairman.assertClean();
  } finally { await chairman.close(); }

  await page.reload();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  text = await doc.innerText();
  assert.ok(!text.includes('DỰ THẢO'), 'an approved list is no draft');
  assert.ok(text.includes(`Kèm theo Quyết định số ${DECISION} ngày ${vnDate(DECISION_DATE)}`), `the decision is named: ${text.slice(0, 600)}`);
  await screenshot(page, 'focal-points-print', { fullPage: true });
});

f.test('375 px wide: the directory pages do not scroll sideways', async ({ browser, server }) => {
  const ctx = await newContext(browser, server, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  try {
    const page = await ctx.newPage();
    await signIn(page, 'admin');
    for (const route of ['/admin/orgs', '/admin/users', '/admin/focal-points', '/focal-points/print', '/account/password']) {
      await page.goto(route);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      await assertNoSidewaysScroll(page, `${route} as admin`);
    }
    ctx.assertClean();
  } finally { await ctx.close(); }
});
