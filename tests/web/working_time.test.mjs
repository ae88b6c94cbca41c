// Working time left (issue 11, part 7): the pages show the server's figures,
// sla.ack_working_seconds_left and sla.resolve_working_seconds_left, and compute none
// themselves. Checked two ways: the text equals the figure of the very response the page
// received, and when that response is rewritten on its way to the page (figures no
// calendar would give at this moment) the page shows the rewritten figures. No page asks
// for /api/v1/calendar.
import assert from 'node:assert/strict';
import { apiEvent, apiReport, fixture, signIn } from './harness.mjs';
import { openTicket } from './ui.mjs';

const f = fixture();

// The page's own format (sla.js): hours and minutes of working time.
function duration(seconds) {
  const minutes = Math.round(Math.abs(seconds) / 60);
  const h = Math.floor(minutes / 60), m = minutes % 60;
  return h === 0 ? `${m} phút` : `${h} giờ ${m} phút`;
}
function leftText(seconds, paused = false) {
  if (seconds < 0) return `quá hạn ${duration(seconds)} làm việc`;
  return `${paused ? 'tạm dừng, còn' : 'còn'} ${duration(seconds)} làm việc`;
}
function badge(seconds, paused = false) {
  if (!paused && seconds < 0) return 'Quá hạn';
  if (paused) return 'Tạm dừng';
  return seconds <= 2 * 3600 ? 'Sắp đến hạn' : 'Đúng hạn';
}

// Records every request for the calendar; the test fails if there is one.
function watchCalendar(page) {
  const asked = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/v1/calendar')) asked.push(r.url()); });
  return () => assert.deepEqual(asked, [], 'a page fetched the calendar to compute working time itself');
}

// Rewrites the `sla` of the tickets in the responses of `urlPredicate` with `change(ticket)`.
async function rewrite(page, urlPredicate, change) {
  await page.route((url) => urlPredicate(url), async (route) => {
    const response = await route.fetch();
    const json = await response.json();
    if (Array.isArray(json.items)) json.items.forEach(change);
    else change(json);
    await route.fulfill({ response, json });
  });
}

const clock = (page, which) => page.locator(`li.clock[data-clock=${which}]`);

const REPORT = {
  category: 'data_discrepancy', priority: 'normal', parties: ['stnmt'],
  description: 'Số liệu dân cư trên cổng khác với cơ sở dữ liệu gốc.',
};

f.test('ticket page: the text is the figure of the response the page received', async ({ page, server }) => {
  const ticket = await apiReport(server, 'stp.reporter', { ...REPORT, title: 'Thời hạn theo số liệu của máy chủ' });
  const noCalendar = watchCalendar(page);
  await signIn(page, 'stp.reporter');
  const received = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/tickets/${ticket.id}` && r.request().method() === 'GET');
  await openTicket(page, ticket.id, ticket.title);
  const sla = (await (await received).json()).sla;
  assert.equal(typeof sla.ack_working_seconds_left, 'number', 'the server sends ack_working_seconds_left');
  assert.equal(typeof sla.resolve_working_seconds_left, 'number', 'the server sends resolve_working_seconds_left');
  for (const [which, left] of [['ack', sla.ack_working_seconds_left], ['resolve', sla.resolve_working_seconds_left]]) {
    await clock(page, which).waitFor();
    assert.equal((await clock(page, which).locator('.clock-left').innerText()).trim(), leftText(left), `the ${which} clock's text`);
    assert.equal((await clock(page, which).locator('.badge').innerText()).trim(), badge(left), `the ${which} clock's badge`);
  }
  noCalendar();
});

f.test('ticket page: rewritten figures are shown as they come (on time, overdue, paused, stopped)', async ({ page, server }) => {
  const ticket = await apiReport(server, 'stp.reporter', { ...REPORT, title: 'Số liệu thời hạn được thay trên đường' });
  await signIn(page, 'stp.reporter');
  const noCalendar = watchCalendar(page);
  let sla = { ack_working_seconds_left: 3 * 3600 + 7 * 60, resolve_working_seconds_left: -(3600 + 30 * 60) };
  await rewrite(page, (url) => url.pathname === `/api/v1/tickets/${ticket.id}`, (t) => Object.assign(t.sla, sla));
  await openTicket(page, ticket.id, ticket.title);
  await clock(page, 'ack').waitFor();
  assert.equal((await clock(page, 'ack').locator('.clock-left').innerText()).trim(), 'còn 3 giờ 7 phút làm việc');
  assert.equal((await clock(page, 'ack').locator('.badge').innerText()).trim(), 'Đúng hạn');
  assert.equal((await clock(page, 'resolve').locator('.clock-left').innerText()).trim(), 'quá hạn 1 giờ 30 phút làm việc');
  assert.equal((await clock(page, 'resolve').locator('.badge').innerText()).trim(), 'Quá hạn');

  // Paused (the server's own state): acknowledged, then a question for the reporter.
  await apiEvent(server, 'stttt.engineer', ticket.id, { type: 'acknowledge' });
  await apiEvent(server, 'stttt.engineer', ticket.id, { type: 'request_info', question: 'Xin gửi ảnh chụp màn hình.' });
  sla = { resolve_working_seconds_left: 45 * 60 };
  await page.reload();
  await clock(page, 'resolve').locator('.clock-left').filter({ hasText: /\S/ }).waitFor();
  assert.equal((await clock(page, 'resolve').locator('.clock-left').innerText()).trim(), 'tạm dừng, còn 45 phút làm việc');
  assert.equal((await clock(page, 'resolve').locator('.badge').innerText()).trim(), 'Tạm dừng');
  // The ack clock has stopped: no figure, "Đã dừng".
  assert.equal((await clock(page, 'ack').innerText()).includes('Đã dừng'), true, 'the stopped ack clock says "Đã dừng"');
  assert.equal(await clock(page, 'ack').locator('.clock-left').count(), 0);
  noCalendar();
});

f.test('ticket list and queue: badges and text from the server figures', async ({ page, server }) => {
  const soon = await apiReport(server, 'stp.reporter', { ...REPORT, title: 'Sắp đến hạn theo máy chủ' });
  const late = await apiReport(server, 'stp.reporter', { ...REPORT, title: 'Quá hạn theo máy chủ' });
  const figures = {
    [soon.id]: { ack_working_seconds_left: 50 * 60, resolve_working_seconds_left: 30 * 3600 },
    [late.id]: { ack_working_seconds_left: -(2 * 3600 + 5 * 60), resolve_working_seconds_left: 20 * 3600 },
  };
  const noCalendar = watchCalendar(page);
  await rewrite(page, (url) => url.pathname === '/api/v1/tickets', (t) => { if (figures[t.id]) Object.assign(t.sla, figures[t.id]); });

  await signIn(page, 'stp.reporter');
  await page.goto('/tickets');
  const row = (id) => page.locator(`tr[data-ticket="${id}"]`);
  await row(late.id).waitFor();
  assert.equal((await row(soon.id).locator('.badge').innerText()).trim(), 'Sắp đến hạn');
  assert.equal((await row(late.id).locator('.badge').innerText()).trim(), 'Quá hạn');

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  await signIn(page, 'stttt.coordinator');
  await page.goto('/queue');
  const item = (id) => page.locator(`li[data-ticket="${id}"]`);
  await item(late.id).waitFor();
  assert.equal((await item(soon.id).locator('.badge').innerText()).trim(), 'Sắp đến hạn');
  assert.ok((await item(soon.id).locator('.qdue').innerText()).includes('(còn 50 phút làm việc)'), 'the queue shows the server figure');
  assert.equal((await item(late.id).locator('.badge').innerText()).trim(), 'Quá hạn');
  assert.ok((await item(late.id).locator('.qdue').innerText()).includes('(quá hạn 2 giờ 5 phút làm việc)'), 'the queue shows the overdue figure');
  noCalendar();
});
