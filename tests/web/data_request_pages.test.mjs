// Issue 15.5 in the browser: the province's pages for data-sharing requests (Art. 12-13).
// An outside agency's request lives its whole life through the pages: DoICT records it on
// /data-requests/new (with a unit that manages the data), screens it and consults another
// unit, which answers from its "opinions requested" list; DoICT's grant waits for the
// owner's agreement, the owner disagrees, DoICT refers it to the Chairman, whose inbox shows
// it beside an escalated incident, each labelled with its kind; the Chairman decides and
// DoICT closes it. A person's request is refused with a reason. The contact of the
// requester is never shown to a focal point; the personal-data purpose and legal basis are.
import assert from 'node:assert/strict';
import { apiCall, apiEvent, apiLogin, apiReport, assertNoMojibake, fixture, newContext, screenshot, signIn, signOut, TIMEOUTS } from './harness.mjs';
import { DOICT_VI, fireAction, timelineTypes } from './ui.mjs';

const f = fixture();

const STATE = {
  submitted: 'Chờ tiếp nhận',
  screening: 'Đang xem xét',
  consulting: 'Đang lấy ý kiến đơn vị liên quan',
  awaiting_agreement: 'Chờ đơn vị quản lý dữ liệu thống nhất',
  awaiting_chairman: 'Chờ Chủ tịch UBND tỉnh quyết định',
  granted: 'Đồng ý chia sẻ',
  refused: 'Từ chối chia sẻ',
  closed: 'Đã kết thúc',
};
const EVENT = {
  screen: 'Tiếp nhận, xem xét yêu cầu',
  consult: 'Lấy ý kiến đơn vị liên quan',
  give_opinion: 'Cho ý kiến',
  decide: 'Quyết định chia sẻ dữ liệu',
  disagree: 'Không thống nhất chia sẻ',
  escalate: 'Báo cáo Chủ tịch UBND tỉnh xem xét quyết định',
  close: 'Kết thúc yêu cầu',
};
const STNMT = 'Sở Tài nguyên và Môi trường';
const SKHDT = 'Sở Kế hoạch và Đầu tư';

async function expectRequestState(page, state) {
  const badge = page.locator('.ticket-sub .state');
  await badge.filter({ hasText: STATE[state] }).waitFor({ timeout: TIMEOUTS.expect });
  assert.equal((await badge.innerText()).trim(), STATE[state], 'the state shown on the request page');
}

async function openRequest(page, id, title) {
  await page.goto(`/data-requests/${encodeURIComponent(id)}`);
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
}

async function requestOf(server, username, id) {
  const token = await apiLogin(server, username);
  const r = await apiCall(server, 'GET', `/api/v1/data-requests/${encodeURIComponent(id)}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// Fills /data-requests/new and submits it; returns the new request's id.
async function recordRequest(page, { scope, portal, title, dataWanted, requester, organisation, email, phone, taxCode, owners = [], personal, purpose, legalBasis }) {
  await page.getByRole('heading', { level: 1, name: 'Ghi nhận yêu cầu khai thác dữ liệu' }).waitFor();
  await page.getByRole('group', { name: 'Ai yêu cầu' }).getByRole('radio', { name: scope, exact: true }).check();
  if (portal !== undefined) await page.getByLabel('Số hồ sơ trên Cổng dữ liệu quốc gia', { exact: true }).fill(portal);
  await page.getByLabel('Tên yêu cầu', { exact: true }).fill(title);
  await page.getByLabel('Dữ liệu cần khai thác', { exact: true }).fill(dataWanted);
  await page.locator('input[name=requester_name]').fill(requester);
  if (organisation) await page.locator('input[name=organisation]').fill(organisation);
  if (taxCode) await page.getByLabel('Mã số thuế', { exact: true }).fill(taxCode);
  if (email) await page.getByLabel('Thư điện tử', { exact: true }).fill(email);
  if (phone) await page.getByLabel('Điện thoại', { exact: true }).fill(phone);
  const ownersGroup = page.getByRole('group', { name: 'Đơn vị quản lý dữ liệu' });
  for (const org of owners) await ownersGroup.getByRole('checkbox', { name: org, exact: true }).check();
  if (personal) {
    await page.getByLabel('Dữ liệu được yêu cầu có dữ liệu cá nhân', { exact: true }).check();
    // The purpose and legal basis are marked as what the deciding officer reads first.
    await page.getByText('Yêu cầu có dữ liệu cá nhân: hãy ghi rõ mục đích và căn cứ pháp lý', { exact: false }).waitFor();
  }
  await page.getByLabel('Mục đích sử dụng', { exact: true }).fill(purpose);
  await page.getByLabel('Căn cứ pháp lý của việc sử dụng', { exact: true }).fill(legalBasis);
  await page.getByRole('button', { name: 'Ghi nhận yêu cầu', exact: true }).click();
  await page.waitForURL(/\/data-requests\/YC-\d{4}-\d+$/u, { timeout: TIMEOUTS.navigation });
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
}

f.test("an outside agency's request through the pages: recorded, consulted, proposed, disagreed, referred, decided by the Chairman, closed", async ({ page, server }) => {
  const TITLE = 'Dữ liệu đăng ký doanh nghiệp mới năm 2026 — Cục Thống kê';
  const EMAIL = 'lienhe@thongke.example';
  const PHONE = '+84 24 3733 0000';
  const PURPOSE = 'Đối soát số liệu doanh nghiệp đăng ký mới với điều tra doanh nghiệp hằng năm.';
  const BASIS = 'Luật Thống kê 2015; Nghị định 47/2020/NĐ-CP về quản lý, kết nối và chia sẻ dữ liệu số.';
  const QUESTION = 'Đề nghị Sở TN&MT cho ý kiến về việc chia sẻ địa chỉ trụ sở doanh nghiệp.';
  const OPINION = 'Sở TN&MT đồng ý chia sẻ địa chỉ trụ sở, không chia sẻ thông tin thửa đất.';
  const DISAGREE = 'Danh sách có họ tên, số định danh của chủ doanh nghiệp: chỉ chia sẻ số liệu tổng hợp.';
  const ESCALATE = 'Sở KH&ĐT không thống nhất; đề nghị Chủ tịch UBND tỉnh xem xét quyết định.';
  const DATASETS = 'Danh sách doanh nghiệp đăng ký mới (mã số, tên, ngành nghề)';

  // An incident awaiting the Chairman too: the inbox shows both kinds.
  const INCIDENT = 'Không thống nhất phạm vi chia sẻ dữ liệu quy hoạch';
  const incident = await apiReport(server, 'stp.reporter', {
    category: 'sharing_disagreement', title: INCIDENT, parties: ['stnmt'], description: 'Hai sở không thống nhất.',
  });
  await apiEvent(server, 'stttt.engineer', incident.id, { type: 'acknowledge' });
  await apiEvent(server, 'stttt.coordinator', incident.id, { type: 'escalate_chairman', reason: 'Vượt thẩm quyền của Sở.' });

  // DoICT: the navigation leads to the requests, and from there to the form.
  await signIn(page, 'stttt.coordinator');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Yêu cầu khai thác dữ liệu', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/data-requests');
  await page.getByRole('heading', { level: 1, name: 'Yêu cầu khai thác dữ liệu' }).waitFor();
  await page.getByText('Không có yêu cầu nào.', { exact: true }).waitFor();
  await page.getByRole('link', { name: 'Ghi nhận yêu cầu mới', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/data-requests/new');
  // An outside agency's request: the portal's reference, no tax code.
  await page.getByLabel('Số hồ sơ trên Cổng dữ liệu quốc gia', { exact: true }).waitFor();
  assert.equal(await page.getByLabel('Mã số thuế', { exact: true }).isVisible(), false, 'an agency has no tax code field');
  const id = await recordRequest(page, {
    scope: 'Chia sẻ cho cơ quan ngoài tỉnh', portal: 'CDLQG-2026-000123', title: TITLE,
    dataWanted: 'Danh sách doanh nghiệp đăng ký mới năm 2026, có họ tên người đại diện theo pháp luật.',
    requester: 'Cục Thống kê', organisation: 'Tổng cục Thống kê, Bộ Kế hoạch và Đầu tư', email: EMAIL, phone: PHONE,
    owners: [SKHDT], personal: true, purpose: PURPOSE, legalBasis: BASIS,
  });
  assert.match(id, /^YC-\d{4}-\d{6,}$/u);
  await expectRequestState(page, 'submitted');
  // DoICT sees the contact; the personal-data notice shows the purpose and the basis.
  const facts = page.getByRole('region', { name: 'Thông tin yêu cầu' });
  assert.ok((await facts.innerText()).includes(EMAIL), 'DoICT sees the requester\'s email');
  const notice = page.getByRole('region', { name: 'Yêu cầu có dữ liệu cá nhân' });
  assert.equal((await notice.locator('.personal-purpose').innerText()).trim(), PURPOSE);
  assert.equal((await notice.locator('.personal-basis').innerText()).trim(), BASIS);
  assert.ok((await page.getByRole('region', { name: 'Ý kiến thống nhất của đơn vị quản lý dữ liệu' }).innerText()).includes(SKHDT));

  await fireAction(page, EVENT.screen);
  await expectRequestState(page, 'screening');
  const dueDate = '2027-01-15';
  await fireAction(page, EVENT.consult, { [STNMT]: true, 'Nội dung lấy ý kiến': QUESTION, 'Hạn cho ý kiến': dueDate });
  await expectRequestState(page, 'consulting');
  const consulted = page.getByRole('region', { name: 'Lấy ý kiến đơn vị liên quan' });
  assert.ok((await consulted.innerText()).includes(`${STNMT} Chưa cho ý kiến`), await consulted.innerText());
  // The list shows it with its requester, scope and the opinions' due.
  await page.goto('/data-requests');
  const row = page.locator(`tr[data-request="${id}"]`);
  await row.waitFor();
  const rowText = await row.innerText();
  for (const s of [TITLE, STATE.consulting, 'Cục Thống kê', 'Chia sẻ cho cơ quan ngoài tỉnh', '15/01/2027']) assert.ok(rowText.includes(s), `the list row shows "${s}":\n${rowText}`);
  await signOut(page);

  // The consulted unit answers from its "opinions requested" list; it never sees the contact.
  await signIn(page, 'stnmt.focal');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Yêu cầu cho ý kiến', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/data-requests/opinions');
  await page.getByRole('heading', { level: 2, name: /Cần cho ý kiến/u }).waitFor();
  const asked = page.getByRole('article', { name: TITLE });
  await asked.waitFor();
  const askedText = await asked.innerText();
  await screenshot(page, 'data-request-opinions', { fullPage: true });
  assert.ok(askedText.includes(QUESTION), `what the unit is asked:\n${askedText}`);
  assert.ok(askedText.includes(PURPOSE) && askedText.includes(BASIS), 'the purpose and basis of the personal data');
  for (const secret of [EMAIL, PHONE]) assert.ok(!askedText.includes(secret), `the focal point sees ${secret}`);
  await asked.getByRole('button', { name: EVENT.give_opinion, exact: true }).click();
  await asked.getByLabel('Ý kiến của đơn vị', { exact: true }).selectOption({ label: 'Đồng ý chia sẻ' });
  await asked.getByLabel('Nội dung ý kiến', { exact: true }).fill(OPINION);
  await asked.getByRole('button', { name: 'Xác nhận', exact: true }).click();
  await page.locator('[role=alert].alert-ok').filter({ hasText: `Đã ghi nhận ý kiến cho yêu cầu ${id}.` }).waitFor();
  await page.getByText('Không có yêu cầu nào chờ ý kiến của đơn vị bạn.', { exact: true }).waitFor();
  await openRequest(page, id, TITLE);
  await page.getByText(`Thông tin liên hệ của người yêu cầu chỉ hiển thị cho cán bộ ${DOICT_VI}.`, { exact: true }).waitFor();
  const asFocal = await page.locator('body').innerText();
  for (const secret of [EMAIL, PHONE]) assert.ok(!asFocal.includes(secret), `the request page shows ${secret} to a focal point`);
  assert.ok((await page.getByRole('region', { name: 'Lấy ý kiến đơn vị liên quan' }).innerText()).includes(OPINION));
  assert.equal((await requestOf(server, 'stnmt.focal', id)).request.email, null, 'the API hides the email from a focal point');
  await signOut(page);

  // DoICT grants: a proposal, awaiting the owner's agreement (Art. 12.2).
  await signIn(page, 'stttt.coordinator');
  await openRequest(page, id, TITLE);
  assert.ok((await page.getByRole('region', { name: 'Lấy ý kiến đơn vị liên quan' }).innerText()).includes(`${STNMT} Đã cho ý kiến`));
  // The coordinator decides: the personal-data notice says so.
  await page.getByText('Bạn là người quyết định yêu cầu này.', { exact: true }).waitFor();
  await fireAction(page, EVENT.decide, { 'Quyết định': { option: 'Đồng ý chia sẻ' }, 'Dữ liệu, dịch vụ được chia sẻ': DATASETS, 'Có hiệu lực đến ngày': '2027-12-31' });
  await expectRequestState(page, 'awaiting_agreement');
  const proposal = page.getByRole('region', { name: `Đề xuất của ${DOICT_VI}, chờ đơn vị quản lý dữ liệu thống nhất` });
  assert.ok((await proposal.innerText()).includes(DATASETS), await proposal.innerText());
  assert.ok((await page.getByRole('region', { name: 'Ý kiến thống nhất của đơn vị quản lý dữ liệu' }).innerText()).includes(`${SKHDT} Chưa trả lời`));
  await signOut(page);

  // The owner disagrees, from its list.
  await signIn(page, 'skhdt.focal');
  await page.goto('/data-requests/opinions');
  await page.getByRole('heading', { level: 2, name: /Cần thống nhất đề xuất chia sẻ/u }).waitFor();
  const proposed = page.getByRole('article', { name: TITLE });
  assert.ok((await proposed.innerText()).includes(DATASETS), 'the owner sees what DoICT proposes to share');
  assert.ok(!(await proposed.innerText()).includes(EMAIL));
  await proposed.getByRole('button', { name: EVENT.disagree, exact: true }).click();
  await proposed.getByLabel('Lý do không thống nhất', { exact: true }).fill(DISAGREE);
  await proposed.getByRole('button', { name: 'Xác nhận', exact: true }).click();
  await page.locator('[role=alert].alert-ok').filter({ hasText: `Đã ghi nhận ý kiến cho yêu cầu ${id}.` }).waitFor();
  await page.getByText('Không có yêu cầu nào chờ ý kiến của đơn vị bạn.', { exact: true }).waitFor();
  await signOut(page);

  // DoICT refers it to the Chairman.
  await signIn(page, 'stttt.coordinator');
  await openRequest(page, id, TITLE);
  const agreement = page.getByRole('region', { name: 'Ý kiến thống nhất của đơn vị quản lý dữ liệu' });
  assert.ok((await agreement.innerText()).includes(`${SKHDT} Không thống nhất`), await agreement.innerText());
  assert.ok((await agreement.innerText()).includes(DISAGREE));
  await fireAction(page, EVENT.escalate, { 'Lý do báo cáo Chủ tịch': ESCALATE });
  await expectRequestState(page, 'awaiting_chairman');
  await signOut(page);

  // The Chairman's inbox: both kinds, each labelled.
  await signIn(page, 'chairman');
  assert.equal(new URL(page.url()).pathname, '/inbox');
  const item = page.getByRole('article', { name: TITLE });
  const incidentItem = page.getByRole('article', { name: INCIDENT });
  await item.waitFor();
  await incidentItem.waitFor();
  assert.equal((await item.locator('.kind').innerText()).trim(), 'Yêu cầu khai thác dữ liệu');
  assert.equal((await incidentItem.locator('.kind').innerText()).trim(), 'Sự cố');
  assert.equal((await item.locator('.escalation-reason').innerText()).trim(), ESCALATE);
  const itemText = await item.innerText();
  for (const s of [PURPOSE, BASIS, DISAGREE, OPINION, DATASETS, 'Bạn là người quyết định yêu cầu này.', 'khoản 2 Điều 12']) {
    assert.ok(itemText.includes(s), `the inbox item shows "${s}":\n${itemText}`);
  }
  for (const secret of [EMAIL, PHONE]) assert.ok(!itemText.includes(secret), `the Chairman's inbox shows ${secret}`);
  await screenshot(page, 'inbox-both-kinds', { fullPage: true });
  await item.getByLabel('Quyết định', { exact: true }).selectOption({ label: 'Đồng ý chia sẻ' });
  await item.getByLabel('Dữ liệu, dịch vụ được chia sẻ', { exact: true }).fill(`${DATASETS}\nSố liệu tổng hợp theo ngành`);
  await item.getByLabel('Có hiệu lực đến ngày', { exact: true }).fill('2027-06-30');
  await item.getByRole('button', { name: 'Xác nhận', exact: true }).click();
  await page.locator('[role=alert].alert-ok').filter({ hasText: `Đã ghi nhận quyết định cho yêu cầu ${id}.` }).waitFor();
  await item.waitFor({ state: 'detached' });
  await incidentItem.waitFor();
  await signOut(page);

  // DoICT closes it; the page shows the Chairman's decision and the citations.
  await signIn(page, 'stttt.coordinator');
  await openRequest(page, id, TITLE);
  await expectRequestState(page, 'granted');
  const decision = page.getByRole('region', { name: 'Quyết định', exact: true });
  const decisionText = await decision.innerText();
  for (const s of ['Đồng ý chia sẻ', DATASETS, 'Số liệu tổng hợp theo ngành', '30/06/2027', 'Chủ tịch']) assert.ok(decisionText.includes(s), `the decision shows "${s}":\n${decisionText}`);
  await fireAction(page, EVENT.close);
  await expectRequestState(page, 'closed');
  assert.deepEqual(await timelineTypes(page), ['Gửi yêu cầu khai thác dữ liệu', EVENT.screen, EVENT.consult, EVENT.give_opinion, EVENT.decide,
    EVENT.disagree, EVENT.escalate, EVENT.decide, EVENT.close]);
  const timeline = await page.getByRole('region', { name: 'Lịch sử xử lý' }).innerText();
  for (const s of ['điểm b khoản 1 Điều 12', 'khoản 2 Điều 12', OPINION, DISAGREE, ESCALATE, 'Quy trình nội bộ của hệ thống']) {
    assert.ok(timeline.includes(s), `the timeline shows "${s}"`);
  }
  assert.ok(!/\bArt\.\s*\d/u.test(timeline), 'the timeline cites in the machine form');
  assertNoMojibake(await page.locator('body').innerText(), 'the request page');
  await screenshot(page, 'data-request', { fullPage: true });

  const final = await requestOf(server, 'stttt.coordinator', id);
  assert.equal(final.state, 'closed');
  assert.equal(final.request.decision.signer, 'chairman');
  assert.deepEqual(final.request.decision.datasets, [DATASETS, 'Số liệu tổng hợp theo ngành']);
  assert.deepEqual(final.request.opinions_from, ['stnmt']);
  assert.deepEqual(final.request.disagreed_by, ['skhdt']);
  assert.equal((await apiCall(server, 'GET', `/api/v1/tickets/${incident.id}`, { token: await apiLogin(server, 'chairman') })).json.state, 'awaiting_chairman',
    'the incident still awaits the Chairman');
});

f.test("a person's request is refused with the reason the requester is told", async ({ page, server }) => {
  const TITLE = 'Trích lục dữ liệu quy hoạch sử dụng đất xã Phước Hậu';
  const REASON = 'Dữ liệu quy hoạch chưa được công bố; đề nghị khai thác sau khi quy hoạch được phê duyệt.';
  await signIn(page, 'stttt.engineer');
  await page.goto('/data-requests/new');
  await page.getByRole('group', { name: 'Ai yêu cầu' }).getByRole('radio', { name: 'Chia sẻ cho cá nhân, doanh nghiệp', exact: true }).check();
  // A person's request has no portal reference, and may have a tax code.
  await page.getByLabel('Mã số thuế', { exact: true }).waitFor();
  assert.equal(await page.getByLabel('Số hồ sơ trên Cổng dữ liệu quốc gia', { exact: true }).isVisible(), false);
  // Required fields are named before any request.
  await page.getByRole('button', { name: 'Ghi nhận yêu cầu', exact: true }).click();
  await page.getByText('Cần nhập “Tên yêu cầu”.', { exact: true }).waitFor();
  const id = await recordRequest(page, {
    scope: 'Chia sẻ cho cá nhân, doanh nghiệp', title: TITLE, dataWanted: 'Bản đồ quy hoạch sử dụng đất đến năm 2030 của xã Phước Hậu.',
    requester: 'Công ty TNHH Xây dựng Phước Hậu', taxCode: '4500123456', email: 'info@phuochau.example',
    purpose: 'Lập dự án đầu tư.', legalBasis: 'Luật Đất đai 2024.',
  });
  await expectRequestState(page, 'submitted');
  assert.equal(await page.getByRole('region', { name: 'Yêu cầu có dữ liệu cá nhân' }).count(), 0, 'no personal-data notice');
  await fireAction(page, EVENT.screen);
  await expectRequestState(page, 'screening');
  assert.ok(!(await page.locator('.action-buttons').innerText()).includes(EVENT.decide), 'an engineer may not decide');
  await signOut(page);

  await signIn(page, 'stttt.coordinator');
  await openRequest(page, id, TITLE);
  // A refusal needs the reason: the form says so before any request.
  await actionsButton(page, EVENT.decide).click();
  const form = page.locator('form.event-form');
  await form.getByLabel('Quyết định', { exact: true }).selectOption({ label: 'Từ chối chia sẻ' });
  assert.equal(await form.getByLabel('Dữ liệu, dịch vụ được chia sẻ', { exact: true }).isVisible(), false, 'a refusal asks for no datasets');
  await form.getByRole('button', { name: 'Xác nhận', exact: true }).click();
  await form.getByText('Cần nhập “Lý do (gửi người yêu cầu)”.', { exact: true }).waitFor();
  await form.getByLabel('Lý do (gửi người yêu cầu)', { exact: true }).fill(REASON);
  await form.getByRole('button', { name: 'Xác nhận', exact: true }).click();
  await page.locator('[role=alert].alert-ok').filter({ hasText: `${EVENT.decide}: Đã ghi nhận.` }).waitFor();
  await expectRequestState(page, 'refused');
  const decision = await page.getByRole('region', { name: 'Quyết định', exact: true }).innerText();
  assert.ok(decision.includes('Từ chối chia sẻ') && decision.includes(REASON), decision);
  const timeline = await page.getByRole('region', { name: 'Lịch sử xử lý' }).innerText();
  for (const s of ['khoản 1 Điều 13', 'điểm b khoản 2 Điều 13', REASON]) assert.ok(timeline.includes(s), `the timeline shows "${s}"`);
  assert.ok(!timeline.includes('Điều 12'), 'a person\'s request cites Art. 13, not 12');

  // The list, filtered by state.
  await page.goto('/data-requests');
  await page.getByLabel('Trạng thái', { exact: true }).selectOption({ label: STATE.refused });
  await page.getByRole('button', { name: 'Lọc', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('state') === 'refused');
  await page.locator(`tr[data-request="${id}"]`).waitFor();
  assert.equal(await page.locator('tbody tr').count(), 1, 'only the refused request');
  await screenshot(page, 'data-requests');
  // In English, every label of the list too (the states from the export's label_en).
  await page.getByRole('button', { name: 'English', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Data requests', exact: true }).waitFor();
  await page.locator(`tr[data-request="${id}"]`).getByText('Refused', { exact: true }).waitFor();
  await page.getByRole('navigation').getByRole('link', { name: 'Data requests', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Tiếng Việt', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Yêu cầu khai thác dữ liệu', exact: true }).waitFor();
  const final = await requestOf(server, 'stttt.coordinator', id);
  assert.equal(final.state, 'refused');
  assert.equal(final.request.decision.reason, REASON);
});

function actionsButton(page, label) {
  return page.getByRole('region', { name: 'Thao tác' }).getByRole('button', { name: label, exact: true });
}

f.test('375 px wide, and by keyboard: the request pages', async ({ browser, server, page }) => {
  const token = await apiLogin(server, 'stttt.coordinator');
  const created = await apiCall(server, 'POST', '/api/v1/data-requests', { token, body: {
    scope: 'outside_agency', title: 'Dữ liệu hộ tịch điện tử phục vụ liên thông thủ tục hành chính của Bộ Tư pháp năm 2026',
    data_wanted: 'Dữ liệu khai sinh, khai tử 2020-2026', purpose: 'Liên thông', legal_basis: 'Nghị định 87/2020/NĐ-CP',
    requester_name: 'Cục Hộ tịch, quốc tịch, chứng thực', portal_reference: 'CDLQG-2026-000999', owners: ['stp'], personal_data: true,
  } });
  assert.equal(created.status, 201, created.text);
  const id = created.json.id;
  await apiCall(server, 'POST', `/api/v1/data-requests/${id}/events`, { token, body: { type: 'screen' } });
  await apiCall(server, 'POST', `/api/v1/data-requests/${id}/events`, { token, body: { type: 'consult', units: ['stnmt'], question: 'Ý kiến?', due: '2027-01-15' } });

  for (const [user, routes] of [['stttt.coordinator', ['/data-requests', '/data-requests/new', `/data-requests/${id}`]], ['stnmt.focal', ['/data-requests/opinions']]]) {
    const ctx = await newContext(browser, server, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      const phone = await ctx.newPage();
      await signIn(phone, user);
      for (const route of routes) {
        await phone.goto(route);
        await phone.getByRole('heading', { level: 1 }).first().waitFor();
        await phone.waitForLoadState('networkidle');
        const m = await phone.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
        assert.ok(m.scrollWidth <= m.clientWidth, `${route} as ${user}: ${m.scrollWidth} px wide in ${m.clientWidth} px`);
        if (route.startsWith('/data-requests/')) await screenshot(phone, `phone-${route.split('/').pop().replace(/^YC-.*/u, 'data-request')}`, { fullPage: true });
      }
      ctx.assertClean();
    } finally { await ctx.close(); }
  }

  // By keyboard: the focal point opens the opinion form with Enter and answers.
  await signIn(page, 'stnmt.focal');
  await page.goto('/data-requests/opinions');
  const button = page.getByRole('article').getByRole('button', { name: EVENT.give_opinion, exact: true });
  await button.waitFor();
  for (let i = 0; i < 60; i += 1) {
    await page.keyboard.press('Tab');
    if (await button.evaluate((b) => b === document.activeElement)) break;
  }
  assert.ok(await button.evaluate((b) => b === document.activeElement), 'Tab reaches the "Cho ý kiến" button');
  await page.keyboard.press('Enter');
  // The form opens with the focus on its first control.
  assert.equal(await page.evaluate(() => document.activeElement.name), 'agrees');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Đồng ý.');
  await page.keyboard.press('Tab');  // "Xác nhận"
  await page.keyboard.press('Enter');
  await page.locator('[role=alert].alert-ok').filter({ hasText: `Đã ghi nhận ý kiến cho yêu cầu ${id}.` }).waitFor();
});
