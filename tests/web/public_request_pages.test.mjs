// Issue 15.2/15.5 in the browser: a person asks for the province's data on the public pages,
// without an account, on a phone. The form (/request-data, linked from the sign-in page)
// says to check the mailbox; the confirmation link is read from the real mail, which
// incidentd sends to an SMTP sink (mail_sink.mjs); following it files the request and shows
// its status with no token left in the address bar. DoICT asks a question (its API, signed
// in); the requester answers it on the status page; DoICT refuses with a reason, after a
// unit's opinion; the requester sees the refusal and the reason in Vietnamese, and nothing
// internal (no unit's opinion, no DoICT username or name). Also: form errors shown beside
// their fields and a 429 at the top, a withdrawal with its confirmation, and the form filled
// and sent with the keyboard only.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { apiCall, apiLogin, assertNoMojibake, fixture, screenshot, TIMEOUTS } from './harness.mjs';
import { startMailSink } from './mail_sink.mjs';

const sink = await startMailSink();
after(() => sink.close());
const f = fixture({ serverArgs: ['--set', `notifications.email.smtp_port=${sink.port}`] });

const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

const FORM = {
  name: 'Họ và tên (hoặc tên doanh nghiệp)',
  organisation: 'Doanh nghiệp, tổ chức (nếu có)',
  taxCode: 'Mã số thuế (nếu có)',
  email: 'Thư điện tử',
  phone: 'Điện thoại (nếu có)',
  title: 'Tên yêu cầu',
  dataWanted: 'Dữ liệu cần khai thác',
  purpose: 'Mục đích sử dụng',
  legalBasis: 'Căn cứ pháp lý của việc sử dụng',
  personal: 'Dữ liệu được yêu cầu có dữ liệu cá nhân',
  submit: 'Gửi yêu cầu',
};

async function assertNoSidewaysScroll(page, where) {
  const m = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  assert.ok(m.scrollWidth <= m.clientWidth, `${where}: the page is ${m.scrollWidth} px wide in a ${m.clientWidth} px viewport`);
}

async function fillForm(page, r) {
  await page.getByRole('heading', { level: 1, name: 'Gửi yêu cầu khai thác dữ liệu' }).waitFor();
  await page.getByLabel(FORM.name, { exact: true }).fill(r.name);
  if (r.organisation) await page.getByLabel(FORM.organisation, { exact: true }).fill(r.organisation);
  if (r.taxCode) await page.getByLabel(FORM.taxCode, { exact: true }).fill(r.taxCode);
  if (r.email) await page.getByLabel(FORM.email, { exact: true }).fill(r.email);
  if (r.phone) await page.getByLabel(FORM.phone, { exact: true }).fill(r.phone);
  await page.getByLabel(FORM.title, { exact: true }).fill(r.title);
  await page.getByLabel(FORM.dataWanted, { exact: true }).fill(r.dataWanted);
  if (r.personal) {
    await page.getByLabel(FORM.personal, { exact: true }).check();
    await page.getByText('theo Nghị định 13/2023/NĐ-CP, hãy nêu rõ mục đích sử dụng và căn cứ pháp lý', { exact: false }).waitFor();
  }
  await page.getByLabel(FORM.purpose, { exact: true }).fill(r.purpose);
  await page.getByLabel(FORM.legalBasis, { exact: true }).fill(r.legalBasis);
}

// The request's view as the public API gives it (what the status page reads).
async function publicView(server, code) {
  const r = await apiCall(server, 'GET', `/api/v1/public/data-requests/${encodeURIComponent(code)}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// The civil date `n` days from now, "YYYY-MM-DD".
const inDays = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function doictEvent(server, username, id, event) {
  const token = await apiLogin(server, username);
  const r = await apiCall(server, 'POST', `/api/v1/data-requests/${encodeURIComponent(id)}/events`, { token, body: event });
  assert.equal(r.status, 200, `${event.type} on ${id} as ${username}: ${r.text}`);
  return r.json;
}

f.test('a person asks on a phone, confirms from the mail, answers DoICT\'s question and reads the refusal', async ({ page, server }) => {
  const EMAIL = 'nguyen.thi.hoa@doanhnghiep.example';
  const TITLE = 'Danh sách cơ sở lưu trú du lịch năm 2026';
  const QUESTION = 'Đề nghị cho biết dữ liệu dùng cho ứng dụng nào và có công khai cho người dùng cuối không?';
  const ANSWER = 'Dùng cho ứng dụng đặt phòng nội bộ của công ty; không công khai danh sách chủ cơ sở.';
  const CONSULT_Q = 'Đề nghị Sở TN&MT cho ý kiến về việc chia sẻ (nội bộ).';
  const OPINION = 'Ý kiến nội bộ của Sở TN&MT: không đồng ý vì có dữ liệu cá nhân của chủ hộ.';
  const REASON = 'Dữ liệu có thông tin cá nhân của chủ cơ sở lưu trú; mục đích thương mại không thuộc trường hợp được chia sẻ.';

  // The sign-in page leads people without an account to the public form.
  await page.goto('/login');
  await page.getByRole('link', { name: 'Gửi yêu cầu khai thác dữ liệu', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/request-data');
  await fillForm(page, {
    name: 'Nguyễn Thị Hoa', organisation: 'Công ty TNHH Du lịch Biển Xanh', taxCode: '4500123456', email: EMAIL, phone: '0912 345 678',
    title: TITLE, dataWanted: 'Tên, địa chỉ, số phòng của các cơ sở lưu trú trên địa bàn tỉnh, năm 2026.',
    personal: true, purpose: 'Xây dựng bản đồ cơ sở lưu trú cho khách du lịch.', legalBasis: 'Luật Du lịch 2017; Nghị định 13/2023/NĐ-CP.',
  });
  await assertNoSidewaysScroll(page, '/request-data filled');
  await screenshot(page, 'public-request-form-phone', { fullPage: true });
  await page.getByRole('button', { name: FORM.submit, exact: true }).click();

  // "Check your mailbox": the address, the deadline to confirm, the tracking link.
  await page.getByRole('heading', { level: 1, name: 'Hãy kiểm tra hộp thư điện tử' }).waitFor();
  const sent = await page.locator('main').innerText();
  assert.ok(sent.includes(EMAIL), 'the page names the address the mail went to');
  assert.match(sent, /Hạn xác nhận:[^\n]*\d{2}\/\d{2}\/\d{4}/u, 'the page says by when to confirm');
  const trackingHref = await page.locator('a.tracking-url').getAttribute('href');
  assert.match(trackingHref, /^\/request-data\/status#code=[A-Za-z0-9_-]+$/u, 'the tracking link');
  const code = new URLSearchParams(trackingHref.split('#')[1]).get('code');
  assertNoMojibake(sent, 'the mail-sent page');
  await assertNoSidewaysScroll(page, 'the mail-sent page');
  await screenshot(page, 'public-request-sent-phone', { fullPage: true });

  // Before the confirmation, the tracking link says to confirm from the mail.
  await page.goto(trackingHref);
  await page.getByRole('heading', { level: 2, name: 'Yêu cầu chưa được xác nhận' }).waitFor();
  await page.getByText('bấm đường dẫn xác nhận trong thư', { exact: false }).waitFor();

  // The real mail: its confirmation link, which carries the code and the token.
  const mail = await sink.waitForMail(EMAIL, { match: (m) => m.body.includes('/request-data/confirm#') });
  assert.ok(mail.subject.includes(TITLE), `the mail's subject names the request: ${mail.subject}`);
  assertNoMojibake(mail.subject + mail.body, 'the confirmation mail');
  const link = /(\S+\/request-data\/confirm#code=[^\s&]+&token=\S+)/u.exec(mail.body);
  assert.ok(link, `the mail holds a confirmation link:\n${mail.body}`);
  assert.ok(mail.body.includes(`/request-data/status#code=${code}`), 'the mail holds the same tracking link as the page');
  const confirmUrl = new URL(link[1]);
  assert.equal(new URLSearchParams(confirmUrl.hash.slice(1)).get('code'), code);
  // The link names the server's public_url; the test's server listens elsewhere.
  await page.goto(confirmUrl.pathname + confirmUrl.hash);

  // Filed: the status page, with the tracking link (and no token) in the address bar.
  await page.getByText('Đã xác nhận: yêu cầu đã được chuyển đến', { exact: false }).waitFor();
  await page.waitForURL((u) => u.pathname === '/request-data/status');
  assert.equal(new URL(page.url()).hash, `#code=${code}`, 'the address bar holds the tracking link');
  assert.ok(!page.url().includes('token'), 'the token is gone from the address bar');
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  assert.equal((await page.locator('.ticket-sub .state').innerText()).trim(), 'Chờ tiếp nhận');
  const filed = await publicView(server, code);
  assert.equal(filed.status, 'filed');
  assert.match(filed.id, /^YC-\d{4}-\d+$/u);
  const facts = page.getByRole('region', { name: 'Thông tin yêu cầu' });
  assert.match(await facts.innerText(), /Hạn quyết định[^\n]*\n?[^\n]*\d{2}\/\d{2}\/\d{4}/u, 'the status shows when the decision is due');
  // The tracking link, loaded afresh, shows the same request; so does the mail's link
  // followed a second time (the request is filed once).
  await page.reload();
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await page.goto(confirmUrl.pathname + confirmUrl.hash);
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await page.waitForURL((u) => u.pathname === '/request-data/status');
  assert.equal((await publicView(server, code)).id, filed.id, 'still the same request');

  // DoICT sees it and asks a question.
  await doictEvent(server, 'stttt.engineer', filed.id, { type: 'screen' });
  await doictEvent(server, 'stttt.engineer', filed.id, { type: 'request_info', question: QUESTION });

  // The requester answers it on the status page.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  const questions = page.getByRole('region', { name: /^Câu hỏi của/u });
  await questions.getByText(QUESTION, { exact: true }).waitFor();
  assert.equal((await page.locator('.ticket-sub .state').innerText()).trim(), 'Chờ người yêu cầu bổ sung');
  await page.getByLabel('Câu trả lời của bạn', { exact: true }).fill(ANSWER);
  await assertNoSidewaysScroll(page, 'the status page with a question');
  await screenshot(page, 'public-request-question-phone', { fullPage: true });
  await page.getByRole('button', { name: 'Gửi câu trả lời', exact: true }).click();
  await page.locator('[role=alert].alert-ok').filter({ hasText: 'Đã gửi câu trả lời.' }).waitFor();
  await questions.getByText(ANSWER, { exact: true }).waitFor();
  assert.equal(await page.getByLabel('Câu trả lời của bạn', { exact: true }).count(), 0, 'no answer form once answered');
  // DoICT reads the answer.
  const token = await apiLogin(server, 'stttt.coordinator');
  const history = await apiCall(server, 'GET', `/api/v1/data-requests/${encodeURIComponent(filed.id)}/history`, { token });
  assert.ok(history.text.includes(ANSWER), 'DoICT sees the answer in the request\'s history');

  // DoICT consults a unit, which answers; then DoICT refuses with a reason.
  await doictEvent(server, 'stttt.engineer', filed.id, { type: 'consult', units: ['stnmt'], question: CONSULT_Q, due: inDays(10) });
  await doictEvent(server, 'stnmt.focal', filed.id, { type: 'give_opinion', agrees: false, opinion: OPINION });
  await doictEvent(server, 'stttt.coordinator', filed.id, { type: 'decide', outcome: 'refuse', reason: REASON });

  // The requester sees the refusal and its reason, in Vietnamese, and nothing internal.
  await page.reload();
  const decision = page.getByRole('region', { name: 'Kết quả giải quyết' });
  await decision.getByText(REASON, { exact: true }).waitFor();
  assert.match(await decision.innerText(), /Từ chối chia sẻ/u);
  assert.equal((await page.locator('.ticket-sub .state').innerText()).trim(), 'Từ chối chia sẻ');
  assert.equal(await page.getByRole('button', { name: 'Rút yêu cầu', exact: true }).count(), 0, 'no withdrawal after the decision');
  const shown = await page.locator('body').innerText();
  assertNoMojibake(shown, 'the status page');
  const coordinator = (await apiCall(server, 'GET', '/api/v1/me', { token })).json;
  for (const secret of [OPINION, CONSULT_Q, 'stttt.', 'stnmt.', coordinator.display_name, 'Đầu mối Sở TN&MT', 'Cho ý kiến']) {
    assert.ok(!shown.includes(secret), `the status page shows something internal: ${JSON.stringify(secret)}`);
  }
  await assertNoSidewaysScroll(page, 'the status page with the decision');
  await screenshot(page, 'public-request-refused-phone', { fullPage: true });
}, { contextOptions: PHONE });

f.test('the form: a missing email, a malformed one and a period that ends before it starts are named beside their fields, and so is the server\'s 422; too many requests at the top', async ({ page, server }) => {
  await page.goto('/request-data');
  await fillForm(page, {
    name: 'Trần Văn Bình', title: 'Số liệu dân số theo xã', dataWanted: 'Dân số theo xã, năm 2025.',
    purpose: 'Nghiên cứu.', legalBasis: 'Luật Thống kê 2015.',
  });
  await page.getByRole('button', { name: FORM.submit, exact: true }).click();
  const email = page.getByLabel(FORM.email, { exact: true });
  const error = page.locator('.field-error').filter({ hasText: 'Cần nhập “Thư điện tử”.' });
  await error.waitFor();
  // Beside the field: in its .field, linked to it, and the field has the focus.
  assert.equal(await email.getAttribute('aria-invalid'), 'true');
  const errorId = await error.getAttribute('id');
  assert.ok((await email.getAttribute('aria-describedby')).split(' ').includes(errorId), 'the message describes the field');
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.name), 'email', 'the focus is on the email field');
  assert.equal(await error.evaluate((el) => el.closest('.field').contains(document.querySelector('input[name=email]'))), true);

  // A malformed address, then a period that ends before it starts.
  await email.fill('khong-phai-dia-chi');
  await page.getByRole('button', { name: FORM.submit, exact: true }).click();
  await page.locator('.field-error').filter({ hasText: 'Địa chỉ thư điện tử chưa đúng dạng' }).waitFor();
  await email.fill('tran.van.binh@example.vn');
  await page.getByLabel('Dữ liệu từ ngày', { exact: true }).fill('2026-05-01');
  await page.getByLabel('Dữ liệu đến ngày', { exact: true }).fill('2026-01-01');
  await page.getByRole('button', { name: FORM.submit, exact: true }).click();
  await page.locator('.field-error').filter({ hasText: '“Dữ liệu đến ngày” phải sau hoặc bằng “Dữ liệu từ ngày”.' }).waitFor();
  assert.equal(sink.mails.filter((m) => m.to.includes('tran.van.binh@example.vn')).length, 0, 'nothing was sent');

  // The server's own check (422), beside the field it names: a title too long, from a
  // browser that does not hold to maxlength.
  await page.getByLabel('Dữ liệu đến ngày', { exact: true }).fill('2026-06-30');
  const title = page.getByLabel(FORM.title, { exact: true });
  await title.evaluate((el) => el.removeAttribute('maxlength'));
  await title.fill('Số liệu dân số theo xã '.repeat(10));
  await page.getByRole('button', { name: FORM.submit, exact: true }).click();
  const tooLong = page.locator('.field-error').filter({ hasText: 'dài quá 200 ký tự' });
  await tooLong.waitFor();
  assert.equal(await tooLong.evaluate((el) => el.closest('.field').contains(document.querySelector('input[name=title]'))), true,
    'the server\'s problem is shown beside the title');
  assert.equal(await title.getAttribute('aria-invalid'), 'true');
  await title.fill('Số liệu dân số theo xã');

  // Too many requests from one address in a day (429): said at the top of the form.
  const busy = 'nhieu.yeu.cau@example.vn';
  for (let i = 0; i < 3; i += 1) {
    const r = await apiCall(server, 'POST', '/api/v1/public/data-requests', { body: {
      title: `Yêu cầu thử ${i + 1}`, data_wanted: 'Dữ liệu thử.', purpose: 'Thử.', legal_basis: 'Thử.', requester_name: 'Người thử', email: busy,
    } });
    assert.equal(r.status, 202, r.text);
  }
  await email.fill(busy);
  await page.getByRole('button', { name: FORM.submit, exact: true }).click();
  const top = page.locator('form .alert[role=alert]').first();
  await top.filter({ hasText: 'quá nhiều yêu cầu' }).waitFor();
  assert.match(await top.innerText(), /HTTP 429/u);
  assert.equal(await page.getByRole('heading', { level: 1, name: 'Gửi yêu cầu khai thác dữ liệu' }).count(), 1, 'the form stays');
}, { contextOptions: PHONE });

f.test('the requester withdraws a filed request, after confirming the withdrawal', async ({ page, server }) => {
  const EMAIL = 'pham.quoc.viet@example.vn';
  const TITLE = 'Dữ liệu quy hoạch sử dụng đất cấp huyện';
  const created = await apiCall(server, 'POST', '/api/v1/public/data-requests', { body: {
    title: TITLE, data_wanted: 'Bản đồ quy hoạch sử dụng đất các huyện.', purpose: 'Lập dự án đầu tư.', legal_basis: 'Luật Đất đai 2024.',
    requester_name: 'Phạm Quốc Việt', email: EMAIL,
  } });
  assert.equal(created.status, 202, created.text);
  const mail = await sink.waitForMail(EMAIL, { match: (m) => m.body.includes('/request-data/confirm#') });
  const link = new URL(/(\S+\/request-data\/confirm#\S+)/u.exec(mail.body)[1]);
  await page.goto(link.pathname + link.hash);
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await page.waitForURL((u) => u.pathname === '/request-data/status');

  // The button asks first; "Hủy" withdraws nothing.
  const open = page.getByRole('button', { name: 'Rút yêu cầu', exact: true });
  await open.click();
  await page.getByText('Bạn chắc chắn muốn rút yêu cầu này?', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Hủy', exact: true }).click();
  assert.equal(await page.getByText('Bạn chắc chắn muốn rút yêu cầu này?', { exact: true }).isVisible(), false);
  assert.equal((await page.locator('.ticket-sub .state').innerText()).trim(), 'Chờ tiếp nhận', 'cancelled: nothing withdrawn');

  await open.click();
  await page.getByLabel('Lý do rút (không bắt buộc)', { exact: true }).fill('Đã có dữ liệu từ nguồn khác.');
  await page.getByRole('button', { name: 'Xác nhận rút yêu cầu', exact: true }).click();
  await page.locator('[role=alert].alert-ok').filter({ hasText: 'Đã rút yêu cầu.' }).waitFor();
  assert.equal((await page.locator('.ticket-sub .state').innerText()).trim(), 'Đã rút yêu cầu');
  assert.equal(await page.getByRole('button', { name: 'Rút yêu cầu', exact: true }).count(), 0, 'nothing to withdraw any more');
  await page.getByText('Đã có dữ liệu từ nguồn khác.', { exact: true }).waitFor();
}, { contextOptions: PHONE });

f.test('keyboard only: the public form is filled and sent without a mouse', async ({ page }) => {
  const EMAIL = 'le.minh@example.vn';
  await page.goto('/request-data');
  await page.getByRole('heading', { level: 1, name: 'Gửi yêu cầu khai thác dữ liệu' }).waitFor();
  // The page puts the focus on the first field; Tab walks the form in reading order.
  const focusedName = () => page.evaluate(() => document.activeElement && document.activeElement.getAttribute('name'));
  assert.equal(await focusedName(), 'requester_name', 'the focus starts on the name');
  const steps = [
    ['requester_name', 'Lê Minh'], ['organisation', ''], ['tax_code', ''], ['email', EMAIL], ['phone', ''],
    ['title', 'Danh mục dịch vụ công trực tuyến'], ['data_wanted', 'Danh mục dịch vụ công trực tuyến của tỉnh và tình trạng cung cấp.'],
    ['period_from', null], ['period_to', null], ['personal_data', null],
    ['purpose', 'Tổng hợp cho bài nghiên cứu chuyển đổi số.'], ['legal_basis', 'Luật Tiếp cận thông tin 2016.'],
  ];
  for (let i = 0; i < steps.length; i += 1) {
    const [name, text] = steps[i];
    assert.equal(await focusedName(), name, `Tab stop ${i + 1}`);
    const shown = await page.evaluate(() => {
      const st = getComputedStyle(document.activeElement);
      return (st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0) || st.boxShadow !== 'none';
    });
    assert.ok(shown, `the focus is visible on ${name}`);
    if (text) await page.keyboard.type(text);
    const isDate = name === 'period_from' || name === 'period_to';
    // A date field has its own Tab stops (day, month, year); leave it with Shift-free Tabs.
    if (isDate) {
      for (let k = 0; k < 5 && (await focusedName()) === name; k += 1) await page.keyboard.press('Tab');
    } else {
      await page.keyboard.press('Tab');
    }
  }
  // After the last field, the submit button; Enter sends.
  for (let k = 0; k < 4; k += 1) {
    const text = await page.evaluate(() => document.activeElement && document.activeElement.textContent.trim());
    if (text === FORM.submit) break;
    await page.keyboard.press('Tab');
  }
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), FORM.submit, 'Tab reaches the submit button');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Hãy kiểm tra hộp thư điện tử' }).waitFor({ timeout: TIMEOUTS.expect });
  // The heading of the answer has the focus, so a screen reader reads it out.
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.tagName), 'H1');
  await sink.waitForMail(EMAIL);
});
