// /admin/users: the directory's users, filtered on the server (q, org, role, active; the
// filter and the page live in the URL) and paged by offset/limit. Administrators add a
// user (POST: the answer carries the one-time set-password link, shown once with a copy
// button and whether it was mailed), edit roles, org and contact details (PATCH),
// deactivate or reactivate (PATCH active) and reset a password (POST .../password-reset:
// a new link). DoICT coordinators may read the list (the API allows them GET).

import { api, withQuery } from '../api.js';
import { h, clear, alertBox, showOk, hide, field, select } from '../dom.js';
import { t, roleLabel, ROLE_IDS } from '../i18n.js';
import { formatTime } from '../format.js';
import { hasRole, isAdmin, orgName } from '../session.js';
import { checkGroup, clearFieldErrors, copyButton, pager, renderForbidden, requireFilled, setFieldError, showProblem, valueOf } from '../forms.js';

const PAGE_SIZE = 25;

// The set-password link of a new user or a reset ({link, expires_at, mailed}), shown once.
export function linkPanel(user, reset, onClose) {
  const headingId = 'link-panel-heading';
  const input = h('input', { type: 'text', name: 'link', readonly: true, value: reset.link, spellcheck: 'false', class: 'link-input' });
  const copyStatus = h('p', { class: 'copy-status hint', 'aria-live': 'polite' });
  const close = h('button', { type: 'button', class: 'btn btn-quiet' }, t('close'));
  const panel = h('section', { class: 'card link-panel', 'aria-labelledby': headingId },
    h('h2', { id: headingId, tabindex: '-1' }, t('link_title', { username: user.username })),
    h('p', {}, t('link_once', { at: formatTime(reset.expires_at) })),
    h('div', { class: 'field' }, h('label', { for: 'set-password-link' }, t('link_label')),
      h('div', { class: 'link-row' }, input, copyButton(t('link_copy'), () => input.value, copyStatus)),
      copyStatus),
    h('p', { class: reset.mailed ? 'mailed' : 'not-mailed' },
      reset.mailed ? t('link_mailed', { email: user.email || '' }) : t('link_not_mailed')),
    h('div', { class: 'form-actions' }, close));
  input.id = 'set-password-link';
  close.addEventListener('click', () => { panel.remove(); if (onClose) onClose(); });
  return panel;
}

function contactCell(user) {
  return [user.email ? h('span', { class: 'block' }, user.email) : null, user.phone ? h('span', { class: 'block' }, user.phone) : null];
}

export async function render(main, ctx) {
  if (!hasRole(ctx.user, 'admin', 'coordinator')) { renderForbidden(main, t('users_title'), ['admin', 'coordinator']); return; }
  const admin = isAdmin(ctx.user);
  const status = alertBox();
  status.tabIndex = -1;
  main.append(h('h1', {}, t('users_title')), h('p', { class: 'muted' }, admin ? t('users_intro') : t('users_readonly')), status);

  const q = ctx.query;
  const filters = { q: q.get('q') || '', org: q.get('org') || '', role: q.get('role') || '', active: q.get('active') || '' };
  const offset = Math.max(0, parseInt(q.get('offset') || '0', 10) || 0);
  let orgs = ctx.orgs || [];
  try { orgs = (await api.get('/api/v1/orgs')).items || orgs; } catch (e) { /* the header's list will do */ }
  const all = [['', t('all')]];
  main.append(h('form', { class: 'filters card', method: 'get', action: '/admin/users', role: 'search', 'aria-label': t('filters') },
    field(t('search'), h('input', { name: 'q', type: 'search', value: filters.q, autocomplete: 'off', placeholder: t('user_search_hint') })),
    field(t('f_org'), select('org', all.concat(orgs.map((o) => [o.id, o.name])), filters.org)),
    field(t('user_role'), select('role', all.concat(ROLE_IDS.map((r) => [r, roleLabel(r)])), filters.role)),
    field(t('status_label'), select('active', all.concat([['true', t('user_active')], ['false', t('user_inactive')]]), filters.active)),
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'btn' }, t('apply_filters')),
      h('a', { href: '/admin/users', class: 'btn btn-quiet' }, t('clear_filters')))));

  const linkSlot = h('div');
  const listSlot = h('div', { class: 'user-list' });
  const editorSlot = h('div');
  main.append(linkSlot, listSlot, editorSlot);

  const showLink = (user, reset) => {
    const panel = linkPanel(user, reset);
    clear(linkSlot).append(panel);
    panel.querySelector('h2').focus();
  };

  const drawList = async () => {
    let page;
    try {
      page = await api.get(withQuery('/api/v1/users', { ...filters, offset, limit: PAGE_SIZE }));
    } catch (e) { showProblem(status, e, {}); return; }
    clear(listSlot);
    const items = page.items || [];
    if (!items.length) {
      listSlot.append(h('p', { class: 'empty' }, t('no_users')));
      if (page.total > 0) listSlot.append(pager({ offset: page.offset || offset, limit: PAGE_SIZE, total: page.total, hrefFor: (o) => withQuery('/admin/users', { ...filters, offset: o || '' }) }));
      return;
    }
    const tbody = h('tbody', {});
    for (const user of items) {
      const nameId = `user-name-${user.username}`;
      const cells = [
        h('td', {}, h('span', { class: 'ticket-id', id: nameId }, user.username)),
        h('td', {}, user.display_name),
        h('td', {}, orgName(orgs, user.org)),
        h('td', {}, (user.roles || []).map(roleLabel).join(', ')),
        h('td', { class: 'cell-contact' }, contactCell(user)),
        h('td', {}, h('span', { class: `badge ${user.active ? 'badge-active' : 'badge-inactive'}` }, user.active ? t('user_active') : t('user_inactive')),
          user.has_password === false ? h('span', { class: 'block hint' }, t('user_no_password')) : null),
      ];
      if (admin) {
        const edit = h('button', { type: 'button', class: 'btn btn-small', 'aria-describedby': nameId }, t('edit'));
        edit.addEventListener('click', () => drawEditor(user));
        const reset = h('button', { type: 'button', class: 'btn btn-small btn-quiet', 'aria-describedby': nameId }, t('user_reset'));
        reset.addEventListener('click', () => resetPassword(user, reset));
        const toggle = h('button', { type: 'button', class: 'btn btn-small btn-quiet', 'aria-describedby': nameId },
          user.active ? t('user_deactivate') : t('user_reactivate'));
        toggle.addEventListener('click', () => setActive(user, !user.active, toggle));
        cells.push(h('td', {}, h('div', { class: 'row-actions' }, edit, user.active ? reset : null, toggle)));
      }
      tbody.append(h('tr', { 'data-user': user.username, class: user.active ? null : 'is-inactive' }, cells));
    }
    const heads = [t('username'), t('user_display_name'), t('f_org'), t('user_roles'), `${t('user_email')} / ${t('user_phone')}`, t('status_label')];
    if (admin) heads.push(t('actions_col'));
    listSlot.append(h('div', { class: 'table-scroll' }, h('table', { class: 'table users' },
      h('caption', { class: 'visually-hidden' }, t('users_title')),
      h('thead', {}, h('tr', {}, heads.map((x) => h('th', { scope: 'col' }, x)))),
      tbody)),
    pager({ offset: page.offset ?? offset, limit: page.limit || PAGE_SIZE, total: page.total ?? items.length,
      hrefFor: (o) => withQuery('/admin/users', { ...filters, offset: o || '' }) }));
  };

  const setActive = async (user, active, button) => {
    button.disabled = true;
    hide(status);
    try {
      await api.patch(`/api/v1/users/${encodeURIComponent(user.username)}`, { active });
      await drawList();
      showOk(status, t(active ? 'user_reactivated' : 'user_deactivated', { username: user.username }));
      status.focus();
    } catch (e) {
      button.disabled = false;
      showProblem(status, e, {});
    }
  };

  const resetPassword = async (user, button) => {
    button.disabled = true;
    hide(status);
    try {
      // No Idempotency-Key: the answer holds the link, which nothing may keep for a replay.
      const reset = await api.post(`/api/v1/users/${encodeURIComponent(user.username)}/password-reset`, {}, { idempotent: false });
      showOk(status, t('user_reset_done', { username: user.username }));
      showLink(user, reset);
    } catch (e) {
      showProblem(status, e, {});
    } finally {
      button.disabled = false;
    }
  };

  // The form: adds a user (user null) or edits one.
  const drawEditor = (user) => {
    if (!admin) return;
    const box = alertBox();
    const username = h('input', { name: 'username', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', required: true });
    const displayName = h('input', { name: 'display_name', autocomplete: 'off', required: true, value: user ? user.display_name : '' });
    const org = select('org', [['', '—']].concat(orgs.filter((o) => o.active !== false || (user && o.id === user.org)).map((o) => [o.id, o.name])),
      user ? user.org : filters.org);
    const roles = checkGroup(t('user_roles'), 'roles', ROLE_IDS.map((r) => [r, roleLabel(r)]), user ? user.roles : [], t('roles_hint'));
    const email = h('input', { name: 'email', type: 'email', autocomplete: 'off', value: user ? user.email || '' : '' });
    const phone = h('input', { name: 'phone', type: 'tel', autocomplete: 'off', value: user ? user.phone || '' : '' });
    const headingId = 'user-editor-heading';
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, user ? t('save') : t('user_create_button'));
    const cancel = user ? h('button', { type: 'button', class: 'btn btn-quiet' }, t('cancel')) : null;
    const form = h('form', { class: 'card form user-editor', novalidate: true, 'aria-labelledby': headingId },
      h('h2', { id: headingId, tabindex: '-1' }, user ? t('user_edit_title', { name: user.username }) : t('user_create')),
      box,
      user ? h('p', {}, `${t('username')}: `, h('span', { class: 'ticket-id' }, user.username)) : field(t('username'), username, t('username_hint')),
      field(t('user_display_name'), displayName),
      field(t('f_org'), org),
      roles.wrap,
      field(t('user_email'), email),
      field(t('user_phone'), phone),
      h('div', { class: 'form-actions' }, submit, cancel));
    if (cancel) cancel.addEventListener('click', () => drawEditor(null));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      hide(box);
      clearFieldErrors(form);
      const required = (user ? [] : [[username, t('username')]]).concat([[displayName, t('user_display_name')], [org, t('f_org')]]);
      if (!requireFilled(required)) return;
      if (!roles.values().length) {
        setFieldError(roles.first, t('roles_hint'));
        roles.first.focus();
        return;
      }
      const body = { display_name: valueOf(displayName), org: org.value, roles: roles.values(), email: valueOf(email), phone: valueOf(phone) };
      submit.disabled = true;
      try {
        if (user) {
          await api.patch(`/api/v1/users/${encodeURIComponent(user.username)}`, body);
          drawEditor(null);
          await drawList();
          showOk(status, t('user_saved', { username: user.username }));
          status.focus();
        } else {
          // No Idempotency-Key: the answer holds the set-password link (see resetPassword).
          const created = await api.post('/api/v1/users', { username: valueOf(username), ...body }, { idempotent: false });
          drawEditor(null);
          await drawList();
          showOk(status, t('user_created', { username: created.username }));
          if (created.password_reset) showLink(created, created.password_reset);
        }
      } catch (e) {
        submit.disabled = false;
        showProblem(box, e, { username, display_name: displayName, org, roles: roles.first, email, phone });
      }
    });
    clear(editorSlot).append(form);
    if (user) form.querySelector('h2').focus();
  };

  await drawList();
  drawEditor(null);
}
