// Issue 12.5, the administration pages: the admin adds an org and a user on the pages,
// copies the one-time set-password link, the new user sets a password on /set-password and
// signs in; the admin deactivates the user (whose session ends), reactivates and resets
// the password; a non-admin sees no admin link and gets the 403 message; search, filters
// and paging; an org edited (successor) and deactivated; the English switch.
import assert from 'node:assert/strict';
import { apiCall, apiLogin, fixture, newContext, screenshot, signIn, TIMEOUTS } from './harness.mjs';
import { adminApi, createOrg, fieldError, navLinks, okMessage, tokenOf } from './directory_ui.mjs';

const f = fixture();

const ORG = { id: 'so-khcn-thu', name: 'Sở Khoa học và Công nghệ (thử)', short: 'SKHCN' };
const USER = { username: 'nguyen.van.thu', name: 'Nguyễn Văn Thử', email: 'thu@skhcn.example' };
const NEW_PASSWORD = 'Mùa xuân ở Phan Rang năm 2026';

const ADMIN_LINKS = ['Quản lý đơn vị', 'Quản lý người dùng', 'Quản lý đầu mối'];

f.test('admin adds an org and a user; the user sets a password from the link and signs in; deactivate, reactivate, reset', async ({ page, server, browser }) => {
  await signIn(page, 'admin');
  const links = await navLinks(page);
  for (const l of [...ADMIN_LINKS, 'Danh sách đầu mối']) assert.ok(links.includes(l), `the admin's navigation has "${l}": ${links}`);

  // The org, on /admin/orgs.
  await page.getByRole('link', { name: 'Quản lý đơn vị', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Quản lý đơn vị' }).waitFor();
  const orgForm = page.locator('form.org-editor');
  await orgForm.getByLabel('Mã đơn vị', { exact: true }).fill(ORG.id);
  await orgForm.getByLabel('Tên đơn vị', { exact: true }).fill(ORG.name);
  await orgForm.getByLabel('Tên viết tắt', { exact: true }).fill(ORG.short);
  await orgForm.getByLabel('Loại đơn vị', { exact: true }).selectOption({ label: 'Sở, ban, ngành' });
  await orgForm.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
  await okMessage(page, `Đã thêm đơn vị ${ORG.name}.`);
  const orgRow = page.locator(`tr[data-org="${ORG.id}"]`);
  await orgRow.waitFor();
  assert.match(await orgRow.innerText(), /Sở, ban, ngành/);
  assert.match(await orgRow.innerText(), /Đang hoạt động/);

  // The same id again: the API's problem, next to the field it names.
  await orgForm.getByLabel('Mã đơn vị', { exact: true }).fill(ORG.id);
  await orgForm.getByLabel('Tên đơn vị', { exact: true }).fill('Trùng mã');
  await orgForm.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
  await page.locator('form.org-editor [role=alert]:not([hidden]), form.org-editor .field-error').first().waitFor();

  // The user, on /admin/users: the link is shown once, with a copy button.
  await page.getByRole('link', { name: 'Quản lý người dùng', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Quản lý người dùng' }).waitFor();
  const userForm = page.locator('form.user-editor');
  await userForm.getByLabel('Tên đăng nhập', { exact: true }).fill(USER.username);
  await userForm.getByLabel('Họ và tên', { exact: true }).fill(USER.name);
  await userForm.getByLabel('Đơn vị', { exact: true }).selectOption({ label: ORG.name });
  await userForm.getByRole('group', { name: 'Vai trò' }).getByRole('checkbox', { name: 'Cán bộ báo cáo', exact: true }).check();
  await userForm.getByLabel('Thư điện tử', { exact: true }).fill(USER.email);
  await userForm.getByRole('button', { name: 'Tạo tài khoản', exact: true }).click();
  await okMessage(page, `Đã tạo tài khoản ${USER.username}.`);
  const panel = page.getByRole('region', { name: `Đường dẫn đặt mật khẩu cho ${USER.username}` });
  await panel.waitFor();
  const link = await panel.getByLabel('Đường dẫn đặt mật khẩu', { exact: true }).inputValue();
  const token = tokenOf(link);
  assert.match(token, /^[A-Za-z0-9_-]{43}$/, 'a 43-character token');
  assert.match(await panel.innerText(), /Đã gửi đường dẫn qua thư điện tử|Chưa gửi được thư/, 'the panel says whether the link was mailed');
  await panel.getByRole('button', { name: 'Sao chép đường dẫn', exact: true }).click();
  await panel.getByText('Đã sao chép.', { exact: true }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link, 'the clipboard holds the link');
  await screenshot(page, 'admin-users');
  const userRow = page.locator(`tr[data-user="${USER.username}"]`);
  assert.match(await userRow.innerText(), /Chưa đặt mật khẩu/);
  assert.ok(!server.log().includes(token), 'the token reached the log');

  // The new user, in a browser of their own: /set-password#token=..., then /login.
  const other = await newContext(browser, server);
  try {
    const page2 = await other.newPage();
    const requests = [];
    page2.on('request', (r) => requests.push(r.url()));
    await page2.goto(`/set-password#token=${token}`);
    await page2.getByRole('heading', { level: 1, name: 'Đặt mật khẩu' }).waitFor();
    await page2.getByLabel('Mật khẩu mới', { exact: true }).fill('ngắn');
    await page2.getByLabel('Nhập lại mật khẩu mới', { exact: true }).fill('ngắn');
    await page2.getByRole('button', { name: 'Đặt mật khẩu', exact: true }).click();
    const short = await fieldError(page2, 'Mật khẩu mới');
    assert.deepEqual(short, { text: 'Mật khẩu mới cần ít nhất 12 ký tự (mới có 4).', sameField: true });
    await page2.getByLabel('Mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
    await page2.getByLabel('Nhập lại mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
    await page2.getByRole('button', { name: 'Đặt mật khẩu', exact: true }).click();
    await page2.waitForURL((u) => u.pathname === '/login', { timeout: TIMEOUTS.navigation });
    await okMessage(page2, 'Đã đặt mật khẩu. Hãy đăng nhập bằng mật khẩu mới.');
    for (const u of requests) assert.ok(!u.includes(token), `the token travelled in a URL: ${u}`);
    await signIn(page2, USER.username, NEW_PASSWORD);
    assert.equal(new URL(page2.url()).pathname, '/tickets');
    const userLinks = await navLinks(page2);
    for (const l of ADMIN_LINKS) assert.ok(!userLinks.includes(l), `a reporter's navigation has "${l}"`);

    // The link works once.
    const again = await other.context.newPage();
    await again.goto(`/set-password#token=${token}`);
    await again.getByLabel('Mật khẩu mới', { exact: true }).fill(`${NEW_PASSWORD} lần hai`);
    await again.getByLabel('Nhập lại mật khẩu mới', { exact: true }).fill(`${NEW_PASSWORD} lần hai`);
    await again.getByRole('button', { name: 'Đặt mật khẩu', exact: true }).click();
    await again.locator('[role=alert]:not([hidden])').filter({ hasText: 'HTTP 404' }).waitFor();
    await again.close();

    // The admin deactivates the account: its session ends, it cannot sign in.
    await page.reload();
    await userRow.getByRole('button', { name: 'Khóa tài khoản', exact: true }).click();
    await okMessage(page, `Đã khóa tài khoản ${USER.username}`);
    assert.match(await userRow.innerText(), /Đã khóa/);
    await page2.goto('/tickets');
    await page2.waitForURL((u) => u.pathname === '/login', { timeout: TIMEOUTS.navigation });
    const refused = await apiCall(server, 'POST', '/api/v1/sessions', { body: { username: USER.username, password: NEW_PASSWORD } });
    assert.ok(refused.status === 401 || refused.status === 403, `a deactivated user signs in: ${refused.status} ${refused.text}`);
    other.assertClean();
  } finally { await other.close(); }

  // Reactivated, and a new link by "Đặt lại mật khẩu".
  await userRow.getByRole('button', { name: 'Mở khóa', exact: true }).click();
  await okMessage(page, `Đã mở khóa tài khoản ${USER.username}.`);
  await userRow.getByRole('button', { name: 'Đặt lại mật khẩu', exact: true }).click();
  await okMessage(page, `Đã tạo đường dẫn đặt mật khẩu mới cho ${USER.username}.`);
  const newLink = await page.getByRole('region', { name: `Đường dẫn đặt mật khẩu cho ${USER.username}` })
    .getByLabel('Đường dẫn đặt mật khẩu', { exact: true }).inputValue();
  assert.notEqual(tokenOf(newLink), token, 'a reset gives a new token');
}, { contextOptions: { permissions: ['clipboard-read', 'clipboard-write'] } });

f.test('a non-admin sees no admin link and gets the 403 message on the admin routes', async ({ page, server }) => {
  await signIn(page, 'stp.reporter');
  const links = await navLinks(page);
  for (const l of ADMIN_LINKS) assert.ok(!links.includes(l), `a reporter's navigation has "${l}": ${links}`);
  assert.ok(links.includes('Danh sách đầu mối'), 'every signed-in user may read the list');
  for (const [route, heading] of [['/admin/orgs', 'Quản lý đơn vị'], ['/admin/users', 'Quản lý người dùng'], ['/admin/focal-points', 'Quản lý cán bộ đầu mối']]) {
    await page.goto(route);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    const alert = page.locator('[role=alert]:not([hidden])').first();
    const text = (await alert.innerText()).trim();
    assert.match(text, /Không có quyền thực hiện/, `${route}: ${text}`);
    assert.match(text, /HTTP 403/, `${route}: ${text}`);
    assert.equal(await page.locator('form.org-editor, form.user-editor, form.appoint-form, table').count(), 0, `${route} shows admin content`);
  }
  // The API agrees.
  const token = await apiLogin(server, 'stp.reporter');
  assert.equal((await apiCall(server, 'GET', '/api/v1/users', { token })).status, 403);
  assert.equal((await apiCall(server, 'POST', '/api/v1/orgs', { token, body: { id: 'x-y', name: 'X', kind: 'department' } })).status, 403);
});

f.test('a DoICT coordinator reads the users without changing them', async ({ page }) => {
  await signIn(page, 'stttt.coordinator');
  const links = await navLinks(page);
  assert.ok(links.includes('Quản lý người dùng') && links.includes('Quản lý đầu mối') && !links.includes('Quản lý đơn vị'), `${links}`);
  await page.goto('/admin/users');
  await page.getByRole('heading', { level: 1, name: 'Quản lý người dùng' }).waitFor();
  await page.locator('tr[data-user="stp.reporter"]').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Khóa tài khoản' }).count(), 0);
  assert.equal(await page.locator('form.user-editor').count(), 0);
});

f.test('users: search, filters and paging on the server', async ({ page, server }) => {
  await createOrg(server, { id: 'so-phan-trang', name: 'Sở Phân Trang' });
  for (let i = 1; i <= 30; i += 1) {
    const n = String(i).padStart(2, '0');
    const r = await adminApi(server, 'POST', '/api/v1/users', { username: `phantrang.${n}`, display_name: `Cán bộ phân trang ${n}`, org: 'so-phan-trang', roles: ['reporter'] });
    assert.equal(r.status, 201, r.text);
  }
  await signIn(page, 'admin');
  await page.goto('/admin/users');
  await page.getByLabel('Tìm kiếm', { exact: true }).fill('phantrang');
  await page.getByRole('button', { name: 'Lọc', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('q') === 'phantrang');
  const pagerText = page.locator('.pager-text');
  await pagerText.filter({ hasText: '1–25 trên 30' }).waitFor();
  assert.equal(await page.locator('tr[data-user]').count(), 25);
  await page.getByRole('link', { name: 'Trang sau →' }).click();
  await pagerText.filter({ hasText: '26–30 trên 30' }).waitFor();
  assert.equal(await page.locator('tr[data-user]').count(), 5);
  assert.equal(new URL(page.url()).searchParams.get('offset'), '25');
  await page.getByRole('link', { name: '← Trang trước' }).click();
  await pagerText.filter({ hasText: '1–25 trên 30' }).waitFor();

  // Filter by org and role.
  await page.goto('/admin/users');
  const filters = page.locator('form.filters');
  await filters.getByLabel('Đơn vị', { exact: true }).selectOption({ label: 'Sở Tư pháp' });
  await filters.getByLabel('Vai trò', { exact: true }).selectOption({ label: 'Đầu mối' });
  await filters.getByRole('button', { name: 'Lọc', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('role') === 'focal_point' && u.searchParams.get('org') === 'stp');
  await page.locator('tr[data-user="stp.focal"]').waitFor();
  assert.deepEqual(await page.locator('tr[data-user]').evaluateAll((rows) => rows.map((r) => r.dataset.user)), ['stp.focal']);
});

f.test('orgs: search, edit the successor, deactivate; the English switch', async ({ page, server }) => {
  await createOrg(server, { id: 'so-cu-thu', name: 'Sở Cũ Thử Nghiệm' });
  await signIn(page, 'admin');
  await page.goto('/admin/orgs');
  await page.getByLabel('Tìm kiếm', { exact: true }).fill('Cũ Thử');
  await page.getByRole('button', { name: 'Lọc', exact: true }).click();
  const row = page.locator('tr[data-org="so-cu-thu"]');
  await row.waitFor();
  assert.equal(await page.locator('tr[data-org]').count(), 1, 'the search keeps one org');

  await row.getByRole('button', { name: 'Sửa', exact: true }).click();
  const form = page.locator('form.org-editor');
  await form.getByRole('heading', { name: 'Sửa đơn vị: Sở Cũ Thử Nghiệm' }).waitFor();
  await form.getByLabel('Đơn vị kế thừa', { exact: true }).selectOption({ label: 'Sở Tư pháp' });
  await form.getByLabel('Tên viết tắt', { exact: true }).fill('SCTN');
  await form.getByRole('button', { name: 'Lưu', exact: true }).click();
  await okMessage(page, 'Đã lưu đơn vị Sở Cũ Thử Nghiệm.');
  await row.filter({ hasText: 'Kế thừa bởi: Sở Tư pháp' }).waitFor();

  await row.getByRole('button', { name: 'Ngừng hoạt động', exact: true }).click();
  await okMessage(page, 'Đơn vị Sở Cũ Thử Nghiệm đã ngừng hoạt động.');
  await row.getByRole('button', { name: 'Cho hoạt động lại', exact: true }).waitFor();
  const api = await adminApi(server, 'GET', '/api/v1/orgs/so-cu-thu');
  assert.equal(api.json.active, false);
  assert.equal(api.json.successor, 'stp');

  await page.goto('/admin/orgs?active=false');
  await row.waitFor();

  // English.
  await page.getByRole('button', { name: 'English', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Organisations' }).waitFor();
  await page.getByRole('button', { name: 'Reactivate', exact: true }).first().waitFor();
  await page.goto('/admin/users');
  await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
  await page.getByRole('button', { name: 'Tiếng Việt', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Quản lý người dùng' }).waitFor();
  await page.goto('/admin/orgs');
  await page.locator('tr[data-org="stp"]').waitFor();
  await page.waitForLoadState('networkidle');
  await screenshot(page, 'admin-orgs');
});
