// Issue 7, keyboard and phone: signing in, opening a ticket and firing an action with the
// keyboard only (the focus visible at every stop); at 375 px wide no page scrolls
// sideways.
import assert from 'node:assert/strict';
import { apiEvent, apiReport, eventually, fixture, newContext, signIn, TIMEOUTS } from './harness.mjs';
import { expectState } from './ui.mjs';

const f = fixture();

// What has the focus: its tag, role-ish text, and whether a focus indicator is drawn.
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim(),
      name: el.getAttribute('name'),
      href: el.getAttribute('href'),
      indicator: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
    };
  });
}

// Presses Tab until `want(focused)` holds; at most `limit` presses. Every stop must show
// a focus indicator.
async function tabTo(page, want, what, limit = 60) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const el = await focused(page);
    if (!el) continue;
    assert.ok(el.indicator, `no visible focus indicator on <${el.tag} name=${el.name}> "${el.text}"`);
    if (want(el)) return el;
  }
  throw new Error(`${what} not reached within ${limit} presses of Tab`);
}

f.test('keyboard only: sign in, open a ticket from the queue, acknowledge it', async ({ page, server }) => {
  const title = 'Cổng dịch vụ công không nhận hồ sơ từ LGSP';
  const ticket = await apiReport(server, 'stp.reporter', { category: 'connection_failure', title, description: 'Lỗi 502.', parties: [] });

  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').waitFor();
  // /login puts the focus on the username field.
  assert.equal((await focused(page) || {}).name, 'username', 'the focus starts on the username field');
  await page.keyboard.type('stttt.engineer');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page) || {}).name, 'password', 'Tab goes from the username to the password');
  await page.keyboard.type('demo');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === '/queue', { timeout: TIMEOUTS.navigation });
  await page.getByRole('link', { name: title, exact: true }).waitFor();

  // The first Tab stop of a page is the skip link; Enter on it moves on to the content.
  await page.keyboard.press('Tab');
  const first = await focused(page);
  assert.equal(first && first.text, 'Bỏ qua, đến nội dung chính', 'the first Tab stop is the skip link');
  assert.ok(first.indicator, 'the skip link shows the focus');
  await page.keyboard.press('Enter');
  await eventually(() => page.evaluate(() => document.activeElement && document.activeElement.id === 'main'), 'the skip link moving the focus to <main>');
  await tabTo(page, (el) => el.tag === 'a' && el.text === title, `the link "${title}"`);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === `/tickets/${ticket.id}`, { timeout: TIMEOUTS.navigation });
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();

  await tabTo(page, (el) => el.tag === 'button' && el.text === 'Tiếp nhận phiếu', 'the button "Tiếp nhận phiếu"');
  await page.keyboard.press('Enter');
  // The form opens with the focus inside it (here, on "Xác nhận": acknowledge has no field).
  await page.locator('form.event-form').waitFor();
  const inForm = await focused(page);
  assert.equal(inForm && inForm.text, 'Xác nhận', 'the focus moves into the opened form');
  await page.keyboard.press('Enter');
  await expectState(page, 'triage');
  // The outcome is announced: the focus moves to the status message (once re-drawn).
  await eventually(async () => ((await focused(page)) || { text: '' }).text.includes('Tiếp nhận phiếu: Đã ghi nhận.'),
    'the focus on the status message "Tiếp nhận phiếu: Đã ghi nhận."');
});

f.test('375 px wide: no page scrolls sideways', async ({ browser, server }) => {
  const long = 'Không đồng bộ được dữ liệu đăng ký kinh doanh giữa Cổng thông tin quốc gia và hệ thống một cửa điện tử của tỉnh Ninh Thuận';
  const ticket = await apiReport(server, 'stp.reporter', {
    category: 'data_discrepancy', title: long, parties: ['stnmt', 'skhdt'], service: 'Tra cứu thông tin doanh nghiệp (LGSP-DKKD-0001)',
    description: 'Mã định danh 0123456789012345678901234567890123456789 không khớp; xem https://dichvucong.ninhthuan.gov.vn/chi-tiet/ho-so/0123456789.',
  });
  await apiEvent(server, 'stttt.engineer', ticket.id, { type: 'acknowledge' });
  await apiEvent(server, 'stttt.coordinator', ticket.id, { type: 'escalate_chairman', reason: 'Vượt thẩm quyền của Sở TT&TT (khoản 2 Điều 12).' });

  const pages = [
    ['stp.reporter', ['/tickets', '/tickets/new', `/tickets/${ticket.id}`, '/workflow']],
    ['stttt.coordinator', ['/queue']],
    ['chairman', ['/inbox']],
  ];
  const ctxLogin = await newContext(browser, server, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  try {
    const page = await ctxLogin.newPage();
    await page.goto('/login');
    await page.getByLabel('Tên đăng nhập').waitFor();
    await assertNoSidewaysScroll(page, '/login');
    ctxLogin.assertClean();
  } finally { await ctxLogin.close(); }
  for (const [user, routes] of pages) {
    const ctx = await newContext(browser, server, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      const page = await ctx.newPage();
      await signIn(page, user);
      for (const route of routes) {
        await page.goto(route);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await page.waitForLoadState('networkidle');
        await assertNoSidewaysScroll(page, `${route} as ${user}`);
      }
      ctx.assertClean();
    } finally { await ctx.close(); }
  }
});

async function assertNoSidewaysScroll(page, where) {
  const m = await page.evaluate(() => {
    const d = document.documentElement;
    // The widest element that sticks out, to name it in the failure.
    let worst = null;
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > d.clientWidth + 1 && (!worst || r.right > worst.right)) {
        worst = { right: Math.round(r.right), tag: el.tagName.toLowerCase(), cls: el.className && String(el.className.baseVal ?? el.className), text: (el.innerText || '').slice(0, 60) };
      }
    }
    return { scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, worst };
  });
  assert.ok(m.scrollWidth <= m.clientWidth,
    `${where}: the document is ${m.scrollWidth} px wide in a ${m.clientWidth} px viewport; widest: ${JSON.stringify(m.worst)}`);
}
