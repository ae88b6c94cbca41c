// /admin/orgs (admin): the orgs of the directory (GET /api/v1/orgs ?q ?kind ?active; the
// filter lives in the URL, paged here in the browser), each with its focal point and
// deputy on duty; the form that adds one (POST) or edits one (PATCH: name, short name,
// kind, successor, active), and deactivate / reactivate on each row.

import { api, withQuery } from '../api.js';
import { h, clear, alertBox, showOk, hide, field, select } from '../dom.js';
import { t, ORG_KIND_IDS, orgKindLabel } from '../i18n.js';
import { isAdmin } from '../session.js';
import { checkField, clearFieldErrors, pager, renderForbidden, requireFilled, showProblem, valueOf } from '../forms.js';

const PAGE_SIZE = 25;

// The person cell: name, position, "Vắng mặt" / "Đang làm thay".
export function personCell(fp, standingIn) {
  if (!fp) return h('span', { class: 'muted' }, t('none'));
  return h('span', { class: 'person' },
    h('span', { class: 'person-name' }, fp.name || fp.username),
    fp.position ? h('span', { class: 'person-meta' }, fp.position) : null,
    fp.absent ? h('span', { class: 'badge badge-absent' }, t('absent')) : null,
    standingIn ? h('span', { class: 'badge badge-standin' }, t('standing_in')) : null);
}

export async function render(main, ctx) {
  if (!isAdmin(ctx.user)) { renderForbidden(main, t('orgs_title'), ['admin']); return; }
  const status = alertBox();
  status.tabIndex = -1;
  main.append(h('h1', {}, t('orgs_title')), h('p', { class: 'muted' }, t('orgs_intro')), status);

  const q = ctx.query;
  const filters = { q: q.get('q') || '', kind: q.get('kind') || '', active: q.get('active') || '' };
  const offset = Math.max(0, parseInt(q.get('offset') || '0', 10) || 0);
  const all = [['', t('all')]];
  const search = h('input', { name: 'q', type: 'search', value: filters.q, autocomplete: 'off', placeholder: t('org_search_hint') });
  main.append(h('form', { class: 'filters card', method: 'get', action: '/admin/orgs', role: 'search', 'aria-label': t('filters') },
    field(t('search'), search),
    field(t('org_kind'), select('kind', all.concat(ORG_KIND_IDS.map((k) => [k, orgKindLabel(k)])), filters.kind)),
    field(t('status_label'), select('active', all.concat([['true', t('active_only')], ['false', t('inactive_only')]]), filters.active)),
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'btn' }, t('apply_filters')),
      h('a', { href: '/admin/orgs', class: 'btn btn-quiet' }, t('clear_filters')))));

  const listSlot = h('div', { class: 'org-list' });
  const editorSlot = h('div');
  main.append(listSlot, editorSlot);

  let everyOrg = [];  // for the successor choices and names
  const nameOf = (id) => (everyOrg.find((o) => o.id === id) || { name: id }).name;

  const drawList = async () => {
    let items;
    try {
      [items, everyOrg] = await Promise.all([
        api.get(withQuery('/api/v1/orgs', filters)).then((r) => r.items || []),
        api.get('/api/v1/orgs').then((r) => r.items || []),
      ]);
    } catch (e) { showProblem(status, e, {}); return; }
    clear(listSlot);
    if (!items.length) { listSlot.append(h('p', { class: 'empty' }, t('no_orgs'))); return; }
    const start = offset < items.length ? offset : 0;
    const shown = items.slice(start, start + PAGE_SIZE);
    const tbody = h('tbody', {});
    for (const org of shown) {
      const focal = org.focal_point || null;
      const deputy = org.deputy || null;
      const nameId = `org-name-${org.id}`;
      const edit = h('button', { type: 'button', class: 'btn btn-small', 'aria-describedby': nameId }, t('edit'));
      edit.addEventListener('click', () => drawEditor(org));
      const toggle = h('button', { type: 'button', class: 'btn btn-small btn-quiet', 'aria-describedby': nameId },
        org.active ? t('org_deactivate') : t('org_reactivate'));
      toggle.addEventListener('click', () => setActive(org, !org.active, toggle));
      tbody.append(h('tr', { 'data-org': org.id, class: org.active ? null : 'is-inactive' },
        h('td', {}, h('span', { class: 'ticket-id' }, org.id)),
        h('td', { class: 'cell-title' }, h('span', { id: nameId, class: 'org-name' }, org.name),
          org.short_name ? h('span', { class: 'person-meta' }, org.short_name) : null,
          org.successor ? h('span', { class: 'person-meta' }, t('org_successor_is', { name: nameOf(org.successor) })) : null),
        h('td', {}, orgKindLabel(org.kind)),
        h('td', { class: 'cell-focal' }, personCell(focal, false)),
        h('td', { class: 'cell-deputy' }, personCell(deputy, !!deputy && (!focal || focal.absent))),
        h('td', {}, h('span', { class: `badge ${org.active ? 'badge-active' : 'badge-inactive'}` }, org.active ? t('active_only') : t('inactive_only'))),
        h('td', {}, h('div', { class: 'row-actions' }, edit, toggle))));
    }
    listSlot.append(h('div', { class: 'table-scroll' }, h('table', { class: 'table orgs' },
      h('caption', { class: 'visually-hidden' }, t('orgs_title')),
      h('thead', {}, h('tr', {}, [t('org_id'), t('org_name'), t('org_kind'), t('org_focal'), t('org_deputy'), t('status_label'), t('actions_col')]
        .map((x) => h('th', { scope: 'col' }, x)))),
      tbody)),
    pager({ offset: start, limit: PAGE_SIZE, total: items.length, hrefFor: (o) => withQuery('/admin/orgs', { ...filters, offset: o || '' }) }));
  };

  const setActive = async (org, active, button) => {
    button.disabled = true;
    hide(status);
    try {
      const saved = await api.patch(`/api/v1/orgs/${encodeURIComponent(org.id)}`, { active });
      await drawList();
      showOk(status, t(active ? 'org_reactivated' : 'org_deactivated', { name: saved.name }));
      status.focus();
    } catch (e) {
      button.disabled = false;
      showProblem(status, e, {});
    }
  };

  // The form: adds an org (org null) or edits one.
  const drawEditor = (org) => {
    const box = alertBox();
    const id = h('input', { name: 'id', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', required: true });
    const name = h('input', { name: 'name', autocomplete: 'off', required: true, value: org ? org.name : '' });
    const shortName = h('input', { name: 'short_name', autocomplete: 'off', value: org ? org.short_name || '' : '' });
    const kind = select('kind', ORG_KIND_IDS.map((k) => [k, orgKindLabel(k)]), org ? org.kind : 'department');
    const successor = select('successor', [['', t('no_successor')]].concat(
      everyOrg.filter((o) => !org || o.id !== org.id).map((o) => [o.id, o.name])), org ? org.successor || '' : '');
    const active = h('input', { type: 'checkbox', name: 'active', checked: org ? org.active : true });
    const headingId = 'org-editor-heading';
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, org ? t('save') : t('org_create'));
    const cancel = org ? h('button', { type: 'button', class: 'btn btn-quiet' }, t('cancel')) : null;
    const form = h('form', { class: 'card form org-editor', novalidate: true, 'aria-labelledby': headingId },
      h('h2', { id: headingId, tabindex: '-1' }, org ? t('org_edit_title', { name: org.name }) : t('org_create')),
      box,
      org ? h('p', {}, `${t('org_id')}: `, h('span', { class: 'ticket-id' }, org.id)) : field(t('org_id'), id, t('org_id_hint')),
      field(t('org_name'), name),
      field(t('org_short'), shortName),
      field(t('org_kind'), kind),
      field(t('org_successor'), successor, t('org_successor_hint')),
      checkField(t('org_active'), active, t('org_active_hint')),
      h('div', { class: 'form-actions' }, submit, cancel));
    if (cancel) cancel.addEventListener('click', () => { drawEditor(null); });
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      hide(box);
      clearFieldErrors(form);
      const required = org ? [[name, t('org_name')]] : [[id, t('org_id')], [name, t('org_name')]];
      if (!requireFilled(required)) return;
      const body = { name: valueOf(name), short_name: valueOf(shortName), kind: kind.value, successor: successor.value || null, active: active.checked };
      submit.disabled = true;
      try {
        const saved = org
          ? await api.patch(`/api/v1/orgs/${encodeURIComponent(org.id)}`, body)
          : await api.post('/api/v1/orgs', { id: valueOf(id), ...body });
        drawEditor(null);
        await drawList();
        showOk(status, t(org ? 'org_saved' : 'org_created', { name: saved.name }));
        status.focus();
      } catch (e) {
        submit.disabled = false;
        showProblem(box, e, { id, name, short_name: shortName, kind, successor, active });
      }
    });
    clear(editorSlot).append(form);
    if (org) form.querySelector('h2').focus();
  };

  await drawList();
  drawEditor(null);
}
