// /admin/focal-points: every org's focal point and deputy in force on a day
// (GET /api/v1/focal-points?on=), who receives the org's notifications, each org's history
// (GET /api/v1/orgs/{id}/focal-points); the status of the list (Art. 18.3) with "submit"
// and "record the approval" (decision number and date), the CSV and XLSX downloads for the
// National Data Portal (Art. 18.4), and for administrators and DoICT coordinators the
// appointment form (POST /api/v1/orgs/{id}/focal-points) and "mark absent / back"
// (PATCH .../focal-points/current). The Chairman may record the approval.

import { api, withQuery } from '../api.js';
import { h, append, clear, alertBox, showOk, hide, field, select, uid } from '../dom.js';
import { t } from '../i18n.js';
import { formatDate, formatTime, todayIso } from '../format.js';
import { mayApproveFocalList, mayManageFocalPoints } from '../session.js';
import { clearFieldErrors, renderForbidden, requireFilled, showProblem, valueOf } from '../forms.js';
import { focalOfOrg, listStatusLabel, onDuty } from '../focal_list.js';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function termCell(term) {
  if (!term) return h('span', { class: 'muted' }, t('fp_none'));
  const meta = [term.position, term.since ? `${t('fp_since')} ${formatDate(term.since)}` : '', term.decision_ref].filter(Boolean).join(' · ');
  return h('span', { class: 'person' },
    h('span', { class: 'person-name' }, term.name || term.username),
    meta ? h('span', { class: 'person-meta' }, meta) : null,
    term.phone || term.email ? h('span', { class: 'person-meta' }, [term.phone, term.email].filter(Boolean).join(' · ')) : null,
    term.absent ? h('span', { class: 'badge badge-absent' }, t('absent')) : null);
}

export function historyTable(terms) {
  if (!terms.length) return h('p', { class: 'empty' }, t('fp_no_history'));
  return h('div', { class: 'table-scroll' }, h('table', { class: 'table focal-history' },
    h('thead', {}, h('tr', {}, [t('fp_role'), t('fp_name'), t('fp_position'), t('fp_since'), t('fp_until'), t('fp_decision_ref'), t('fp_decision_date')]
      .map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, terms.map((term) => h('tr', { 'data-term': term.id, class: term.until ? 'is-past' : null },
      h('td', {}, t(term.role === 'deputy' ? 'role_deputy' : 'role_focal')),
      h('td', {}, term.name || term.username, term.absent && !term.until ? [' ', h('span', { class: 'badge badge-absent' }, t('absent'))] : null),
      h('td', {}, term.position || ''),
      h('td', {}, formatDate(term.since)),
      h('td', {}, term.until ? formatDate(term.until) : h('em', {}, t('fp_in_office'))),
      h('td', {}, term.decision_ref || ''),
      h('td', {}, term.decision_date ? formatDate(term.decision_date) : ''))))));
}

export async function render(main, ctx) {
  if (!mayApproveFocalList(ctx.user)) { renderForbidden(main, t('focal_title'), ['admin', 'coordinator', 'chairman']); return; }
  const manage = mayManageFocalPoints(ctx.user);
  const status = alertBox();
  status.tabIndex = -1;
  main.append(h('h1', {}, t('focal_title')), h('p', { class: 'muted' }, t('focal_intro')), status);

  const today = todayIso();
  const asked = ctx.query.get('on') || '';
  const on = DATE_RE.test(asked) ? asked : today;
  const onInput = h('input', { type: 'date', name: 'on', value: on, max: '9999-12-31' });
  main.append(h('form', { class: 'filters filters-inline card', method: 'get', action: '/admin/focal-points', role: 'search', 'aria-label': t('filters') },
    field(t('focal_on'), onInput),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'btn' }, t('focal_show')))));

  const listSlot = h('section', { class: 'card list-status', 'aria-labelledby': 'list-status-heading' });
  const tableSlot = h('div');
  const historySlot = h('div');
  const appointSlot = h('div');
  main.append(listSlot, tableSlot, historySlot, appointSlot);

  let orgs = [];
  let appointForm = null;  // {choose(orgId)}

  const say = (message) => { showOk(status, message); status.focus(); };

  const drawHistory = async (org) => {
    let terms;
    try { terms = (await api.get(`/api/v1/orgs/${encodeURIComponent(org.id)}/focal-points`)).items || []; } catch (e) { showProblem(status, e, {}); return; }
    const hid = uid('hist');
    clear(historySlot).append(h('section', { class: 'card focal-history-card', 'aria-labelledby': hid, 'data-org': org.id },
      h('h2', { id: hid, tabindex: '-1' }, t('fp_history_title', { org: org.name })), historyTable(terms)));
    historySlot.querySelector('h2').focus();
  };

  const setAbsent = async (org, term, absent, button) => {
    button.disabled = true;
    hide(status);
    try {
      await api.patch(`/api/v1/orgs/${encodeURIComponent(org.id)}/focal-points/current`, { absent });
      await draw();
      say(t(absent ? 'fp_marked_absent' : 'fp_marked_back', { name: term.name || term.username }));
    } catch (e) {
      button.disabled = false;
      showProblem(status, e, {});
    }
  };

  const drawListStatus = (list) => {
    clear(listSlot);
    const st = (list && list.status) || 'draft';
    append(listSlot, [h('h2', { id: 'list-status-heading' }, t('list_status_title')),
      h('p', { class: 'list-state' },
        h('span', { class: `badge list-${st}`, 'data-status': st }, listStatusLabel(st)),
        list && list.revision ? [' ', h('span', { class: 'muted' }, `(${t('list_revision', { n: list.revision })})`)] : null),
      st === 'approved' && list.decision_ref
        ? h('p', { class: 'list-decision' }, t('list_approved_by', { ref: list.decision_ref, date: formatDate(list.decision_date) })) : null,
      list && list.changed_by ? h('p', { class: 'hint' }, t('list_changed', { by: list.changed_by, at: formatTime(list.changed_at) })) : null]);
    const actions = h('div', { class: 'form-actions' });
    if (manage && st === 'draft') {
      const submit = h('button', { type: 'button', class: 'btn btn-primary' }, t('list_submit'));
      submit.addEventListener('click', async () => {
        submit.disabled = true;
        hide(status);
        try {
          await api.post('/api/v1/focal-points/list/submit', {});
          await draw();
          say(t('list_submitted_ok'));
        } catch (e) { submit.disabled = false; showProblem(status, e, {}); }
      });
      actions.append(submit);
    }
    const csv = withQuery('/api/v1/focal-points', { on, format: 'csv' });
    const xlsx = withQuery('/api/v1/focal-points', { on, format: 'xlsx' });
    actions.append(
      h('a', { class: 'btn btn-quiet', href: csv, download: `dau-moi-${on}.csv` }, t('download_csv')),
      h('a', { class: 'btn btn-quiet', href: xlsx, download: `dau-moi-${on}.xlsx` }, t('download_xlsx')),
      h('a', { class: 'btn btn-quiet', href: withQuery('/focal-points/print', { on: on === today ? '' : on }) }, t('print_link')));
    listSlot.append(actions);
    if (st === 'submitted' && mayApproveFocalList(ctx.user)) listSlot.append(approveForm());
  };

  const approveForm = () => {
    const box = alertBox();
    const ref = h('input', { name: 'decision_ref', autocomplete: 'off', required: true });
    const date = h('input', { name: 'decision_date', type: 'date', required: true, max: today });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('list_approve'));
    const hid = uid('approve');
    const form = h('form', { class: 'approve-form', novalidate: true, 'aria-labelledby': hid },
      h('h3', { id: hid }, t('list_approve')), box,
      h('div', { class: 'form-row' }, field(t('decision_ref'), ref), field(t('decision_date'), date)),
      h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      hide(box);
      clearFieldErrors(form);
      if (!requireFilled([[ref, t('decision_ref')], [date, t('decision_date')]])) return;
      submit.disabled = true;
      try {
        const list = await api.post('/api/v1/focal-points/list/approve', { decision_ref: valueOf(ref), decision_date: date.value });
        await draw();
        say(t('list_approved_ok', { ref: list.decision_ref || valueOf(ref) }));
      } catch (e) {
        submit.disabled = false;
        showProblem(box, e, { decision_ref: ref, decision_date: date });
      }
    });
    return form;
  };

  const drawTable = (items) => {
    clear(tableSlot);
    const shownOrgs = orgs.filter((o) => o.active !== false || items.some((x) => x.org === o.id));
    const tbody = h('tbody', {});
    for (const org of shownOrgs) {
      const { focal, deputy } = focalOfOrg(items, org.id);
      const duty = onDuty(focal, deputy);
      const nameId = `fp-org-${org.id}`;
      const buttons = h('div', { class: 'row-actions' });
      if (manage && org.active !== false) {
        const appoint = h('button', { type: 'button', class: 'btn btn-small', 'aria-describedby': nameId }, t('fp_appoint'));
        appoint.addEventListener('click', () => appointForm && appointForm.choose(org.id));
        buttons.append(appoint);
        if (focal && on === today) {
          const toggle = h('button', { type: 'button', class: 'btn btn-small btn-quiet', 'aria-describedby': nameId },
            focal.absent ? t('fp_mark_back') : t('fp_mark_absent'));
          toggle.addEventListener('click', () => setAbsent(org, focal, !focal.absent, toggle));
          buttons.append(toggle);
        }
      }
      const history = h('button', { type: 'button', class: 'btn btn-small btn-quiet', 'aria-describedby': nameId }, t('fp_history'));
      history.addEventListener('click', () => drawHistory(org));
      buttons.append(history);
      tbody.append(h('tr', { 'data-org': org.id },
        h('th', { scope: 'row', id: nameId }, org.name),
        h('td', { class: 'cell-focal' }, termCell(focal)),
        h('td', { class: 'cell-deputy' }, termCell(deputy)),
        h('td', { class: 'cell-on-duty' }, duty ? (duty.name || duty.username) : h('span', { class: 'muted' }, t('none'))),
        h('td', {}, buttons)));
    }
    tableSlot.append(h('div', { class: 'table-scroll' }, h('table', { class: 'table focal-points' },
      h('caption', { class: 'visually-hidden' }, t('focal_title')),
      h('thead', {}, h('tr', {}, [t('fp_org'), t('org_focal'), t('org_deputy'), t('fp_on_duty'), t('actions_col')]
        .map((x) => h('th', { scope: 'col' }, x)))),
      tbody)));
  };

  const draw = async () => {
    let data;
    try {
      [data, orgs] = await Promise.all([
        api.get(withQuery('/api/v1/focal-points', { on })),
        api.get('/api/v1/orgs').then((r) => r.items || []),
      ]);
    } catch (e) { showProblem(status, e, {}); return; }
    drawListStatus(data.list);
    drawTable(data.items || []);
  };

  // The appointment form (administrators and coordinators).
  const buildAppointForm = () => {
    const box = alertBox();
    const org = select('org', [['', '—']].concat(orgs.filter((o) => o.active !== false).map((o) => [o.id, o.name])), '');
    const roleName = uid('role');
    const roleFocal = h('input', { type: 'radio', name: roleName, value: 'focal', checked: true, id: uid('r') });
    const roleDeputy = h('input', { type: 'radio', name: roleName, value: 'deputy', id: uid('r') });
    const roles = h('fieldset', { class: 'field' }, h('legend', {}, t('fp_role')),
      h('div', { class: 'choice' }, roleFocal, h('label', { for: roleFocal.id }, t('role_focal'))),
      h('div', { class: 'choice' }, roleDeputy, h('label', { for: roleDeputy.id }, t('role_deputy'))));
    const user = select('username', [['', t('fp_pick_org')]], '');
    const position = h('input', { name: 'position', autocomplete: 'off', required: true });
    const since = h('input', { name: 'since', type: 'date', required: true, value: today });
    const ref = h('input', { name: 'decision_ref', autocomplete: 'off', required: true });
    const refDate = h('input', { name: 'decision_date', type: 'date', max: today });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('fp_appoint'));
    const headingId = 'appoint-heading';
    const heading = h('h2', { id: headingId, tabindex: '-1' }, t('fp_appoint_title'));
    const form = h('form', { class: 'card form appoint-form', novalidate: true, 'aria-labelledby': headingId },
      heading, box,
      field(t('f_org'), org), roles, field(t('fp_user'), user, t('fp_user_hint')), field(t('fp_position'), position),
      h('div', { class: 'form-row' }, field(t('fp_since'), since), field(t('fp_decision_ref'), ref), field(t('fp_decision_date'), refDate)),
      h('div', { class: 'form-actions' }, submit));

    // The picker lists the chosen org's active users (GET /api/v1/users?org=&active=true).
    let loadGen = 0;
    const loadUsers = async () => {
      const gen = ++loadGen;
      clear(user).append(h('option', { value: '' }, org.value ? t('loading') : t('fp_pick_org')));
      if (!org.value) return;
      let people = [];
      try {
        people = (await api.get(withQuery('/api/v1/users', { org: org.value, active: 'true', limit: 200 }))).items || [];
      } catch (e) { if (gen === loadGen) showProblem(box, e, {}); return; }
      if (gen !== loadGen) return;
      append(clear(user), [h('option', { value: '' }, people.length ? t('fp_pick_user') : t('fp_no_users')),
        people.map((p) => h('option', { value: p.username }, `${p.display_name} (${p.username})`))]);
    };
    org.addEventListener('change', () => {
      const o = orgs.find((x) => x.id === org.value);
      heading.textContent = o ? t('fp_appoint_for', { org: o.name }) : t('fp_appoint_title');
      loadUsers();
    });

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      hide(box);
      clearFieldErrors(form);
      if (!requireFilled([[org, t('f_org')], [user, t('fp_user')], [position, t('fp_position')], [since, t('fp_since')], [ref, t('fp_decision_ref')]])) return;
      const role = roleDeputy.checked ? 'deputy' : 'focal';
      const body = { username: user.value, position: valueOf(position), since: since.value, decision_ref: valueOf(ref), role };
      if (refDate.value) body.decision_date = refDate.value;
      const target = orgs.find((x) => x.id === org.value) || { id: org.value, name: org.value };
      submit.disabled = true;
      try {
        const term = await api.post(`/api/v1/orgs/${encodeURIComponent(target.id)}/focal-points`, body);
        position.value = '';
        ref.value = '';
        refDate.value = '';
        await draw();
        await drawHistory(target);
        say(t('fp_appointed', { name: term.name || term.username, role: t(role === 'deputy' ? 'role_deputy' : 'role_focal').toLowerCase(), org: target.name }));
      } catch (e) {
        showProblem(box, e, { username: user, position, since, decision_ref: ref, decision_date: refDate, role: roleFocal });
      } finally {
        submit.disabled = false;
      }
    });
    clear(appointSlot).append(form);
    return {
      choose(orgId) {
        org.value = orgId;
        org.dispatchEvent(new Event('change'));
        heading.focus();
      },
    };
  };

  await draw();
  if (manage) appointForm = buildAppointForm();
}
