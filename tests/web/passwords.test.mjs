// Issue 12.5, /account/password: a short password is refused in the browser with the
// message next to the field (no request sent); the server's refusals (a wrong current
// password, a new one containing the username) come back next to the field they name; a
// good change signs out the user's other sessions and the new password signs in. The form
// works from the keyboard.
// /set-password without a token says so.
import assert from 'node:assert/strict';
import { apiCall, fixture, newContext, PASSWORD, signIn, TIMEOUTS } from './harness.mjs';
import { fieldError, okMessage } from './directory_ui.mjs';

const f = fixture();

async function openPasswordPage(page) {
  await page.getByRole('link', { name: 'Đổi mật khẩu', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/account/password');
  await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' }).waitFor();
}

async function fill(page, current, fresh, repeat = fresh) {
  await page.getByLabel('Mật khẩu hiện tại', { exact: true }).fill(current);
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill(fresh);
  await page.getByLabel('Nhập lại mật khẩu mới', { exact: true }).fill(repeat);
  await page.getByRole('button', { name: 'Đổi mật khẩu', exact: true }).click();
}

f.test('a short new password is refused next to the field, before any request', async ({ page }) => {
  await signIn(page, 'syt.reporter');
  await openPasswordPage(page);
  const sent = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/me/password')) sent.push(r.method()); });
  // By keyboard: the page starts on "Mật khẩu hiện tại"; Tab to the next fields, Enter sends.
  await page.getByLabel('Mật khẩu hiện tại', { exact: true }).and(page.locator(':focus')).waitFor();
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Tab');
  await page.keyboard.type('ngắn quá');
  await page.keyboard.press('Tab');
  await page.keyboard.type('ngắn quá');
  await page.keyboard.press('Enter');
  assert.deepEqual(await fieldError(page, 'Mật khẩu mới'), { text: 'Mật khẩu mới cần ít nhất 12 ký tự (mới có 8).', sameField: true });
  assert.equal(await page.getByLabel('Mật khẩu mới', { exact: true }).evaluate((el) => document.activeElement === el), true, 'the field has the focus');

  await fill(page, PASSWORD, 'một câu đủ dài để nhớ', 'một câu khác hẳn');
  assert.deepEqual(await fieldError(page, 'Nhập lại mật khẩu mới'), { text: 'Hai lần nhập mật khẩu mới không khớp nhau.', sameField: true });
  assert.equal(await page.getByLabel('Mật khẩu mới', { exact: true }).getAttribute('aria-invalid'), null, 'the earlier message is gone');
  assert.deepEqual(sent, [], 'a request was sent');
});

f.test("the server's refusals appear next to the field they name", async ({ page }) => {
  await signIn(page, 'syt.reporter');
  await openPasswordPage(page);
  // Long enough, but it contains the username: only the server knows that rule.
  await fill(page, PASSWORD, 'syt.reporter-mùa-thu-2026');
  const fresh = await fieldError(page, 'Mật khẩu mới');
  // (The server's words, English or Vietnamese.)
  assert.ok(fresh && fresh.sameField && /username|tên đăng nhập/u.test(fresh.text), `the server's message next to "Mật khẩu mới": ${JSON.stringify(fresh)}`);

  await fill(page, 'không phải mật khẩu', 'Hoa ban nở trắng núi rừng');
  const current = await fieldError(page, 'Mật khẩu hiện tại');
  assert.ok(current && current.sameField && /current|hiện tại/u.test(current.text), `the server's message next to "Mật khẩu hiện tại": ${JSON.stringify(current)}`);
});

f.test('a good change signs out the other sessions; the new password signs in', async ({ page, browser, server }) => {
  const fresh = 'Trăng rằm tháng tám sáng tỏ';
  const other = await newContext(browser, server);
  try {
    const elsewhere = await other.newPage();
    await signIn(elsewhere, 'stnmt.reporter');

    await signIn(page, 'stnmt.reporter');
    await openPasswordPage(page);
    await fill(page, PASSWORD, fresh);
    await okMessage(page, 'Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã bị đăng xuất.');
    assert.equal(await page.getByLabel('Mật khẩu mới', { exact: true }).inputValue(), '', 'the form is cleared');

    // This session goes on; the other one is gone.
    await page.goto('/tickets');
    await page.getByRole('heading', { level: 1, name: 'Phiếu sự cố' }).waitFor();
    await elsewhere.goto('/tickets');
    await elsewhere.waitForURL((u) => u.pathname === '/login', { timeout: TIMEOUTS.navigation });
    assert.equal((await apiCall(server, 'POST', '/api/v1/sessions', { body: { username: 'stnmt.reporter', password: PASSWORD } })).status, 401);
    await signIn(elsewhere, 'stnmt.reporter', fresh);
    other.assertClean();
  } finally { await other.close(); }
});

f.test('/set-password without a token says what is missing', async ({ page }) => {
  await page.goto('/set-password');
  await page.getByRole('heading', { level: 1, name: 'Đặt mật khẩu' }).waitFor();
  const alert = page.locator('[role=alert]:not([hidden])').first();
  assert.match(await alert.innerText(), /thiếu mã đặt mật khẩu/);
  assert.equal(await page.getByLabel('Mật khẩu mới', { exact: true }).count(), 0);
});
