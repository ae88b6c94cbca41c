// /queue (DoICT): the open tickets grouped by state in the workflow's order; within a
// group the nearest SLA due first, breached ones marked. "Nhận xử lý" fires assign_doict
// with the caller as assignee (Art. 17.2); a ticket still in `reported` offers
// acknowledge first (assign_doict is legal only from `triage`).

import { api, withQuery } from '../api.js';
import { h, clear, alertBox, showError, showOk, hide, field, select, uid } from '../dom.js';
import { t, PRIORITY_IDS, priorityLabel } from '../i18n.js';
import { formatTime } from '../format.js';
import { loadWorkflow, stateLabel, eventLabel, categories, categoryLabel } from '../workflow_data.js';
import { personName } from '../timeline.js';
import { orgName } from '../session.js';
import { clocksOf, slaKind, slaBadge, nearestDue, leftText } from '../sla.js';
import { searchFilters, searchFields } from '../search_filters.js';

const MAX_PAGES = 10;  // 10 x 500 tickets: more than any queue should hold

async function fetchAll(filters) {
  const items = [];
  let cursor = null;
  for (let i = 0; i < MAX_PAGES; i += 1) {
    const page = await api.get(withQuery('/api/v1/tickets', { ...filters, limit: 500, cursor }));
    items.push(...(page.items || []));
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  return items;
}

export async function render(main, ctx) {
  const status = alertBox();
  status.tabIndex = -1;
  main.append(h('h1', {}, t('queue_title')), h('p', { class: 'muted' }, t('queue_intro')), status);
  const q = ctx.query;
  const filters = { category: q.get('category') || '', org: q.get('org') || '', priority: q.get('priority') || '',
    ...searchFilters(q) };
  const all = [['', t('all')]];
  main.append(h('form', { class: 'filters card', method: 'get', action: '/queue', role: 'search', 'aria-label': t('filters') },
    ...searchFields(filters),
    field(t('f_category'), select('category', all.concat(categories().map((c) => [c.id, categoryLabel(c.id)])), filters.category)),
    field(t('f_org'), select('org', all.concat(ctx.orgs.map((o) => [o.id, o.name])), filters.org)),
    field(t('f_priority'), select('priority', all.concat(PRIORITY_IDS.map((p) => [p, priorityLabel(p)])), filters.priority)),
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'btn' }, t('apply_filters')),
      h('a', { href: '/queue', class: 'btn btn-quiet' }, t('clear_filters')))));
  const groups = h('div', { class: 'queue' });
  main.append(groups);

  const act = async (ticket, type, payload, button, message) => {
    button.disabled = true;
    hide(status);
    try {
      await api.post(`/api/v1/tickets/${encodeURIComponent(ticket.id)}/events`, { type, expected_version: ticket.version, ...payload });
      await draw();
      showOk(status, message);
      status.focus();
    } catch (e) {
      showError(status, e);
      button.disabled = false;
      status.focus();
    }
  };

  // A draw shows its result only if no later draw started meanwhile (an action taken
  // while the queue was loading must not show the groups twice).
  let generation = 0;
  const draw = async () => {
    const gen = ++generation;
    let workflow, tickets;
    try {
      [workflow, tickets] = await Promise.all([loadWorkflow(), fetchAll(filters)]);
    } catch (e) {
      showError(status, e);
      return;
    }
    const open = [];
    for (const ticket of tickets) {
      const st = workflow.states.find((s) => s.id === ticket.state);
      if (st && st.terminal) continue;
      const clocks = clocksOf(ticket);
      open.push({ ticket, clocks, kind: slaKind(clocks), due: nearestDue(clocks) });
    }
    if (gen !== generation) return;
    clear(groups);
    if (!open.length) { groups.append(h('p', { class: 'empty' }, t('no_tickets'))); return; }
    for (const state of workflow.states) {
      const items = open.filter((x) => x.ticket.state === state.id).sort((a, b) => a.due - b.due);
      if (!items.length) continue;
      const hid = `group-${state.id}`;
      const list = h('ul', { class: 'qlist' });
      for (const { ticket, clocks, kind } of items) {
        const titleId = uid('qt');
        const running = clocks.filter((c) => !c.paused).sort((a, b) => Date.parse(a.due) - Date.parse(b.due))[0] || clocks[0];
        const buttons = h('div', { class: 'qactions' });
        const allowed = ticket.allowed_actions || [];
        if (allowed.includes('assign_doict')) {
          const b = h('button', { type: 'button', class: 'btn btn-primary', 'aria-describedby': titleId, 'data-event': 'assign_doict' }, t('take'));
          b.addEventListener('click', () => act(ticket, 'assign_doict', { assignee: ctx.user.username }, b, t('taken', { id: ticket.id })));
          buttons.append(b);
        }
        if (allowed.includes('acknowledge')) {
          const b = h('button', { type: 'button', class: 'btn', 'aria-describedby': titleId, 'data-event': 'acknowledge' }, eventLabel('acknowledge'));
          b.addEventListener('click', () => act(ticket, 'acknowledge', {}, b, t('acknowledged', { id: ticket.id })));
          buttons.append(b);
        }
        list.append(h('li', { class: `qitem${kind === 'breached' ? ' qitem-breached' : ''}`, 'data-ticket': ticket.id },
          h('div', { class: 'qmain' },
            h('a', { href: `/tickets/${encodeURIComponent(ticket.id)}`, id: titleId, class: 'qtitle' }, ticket.title),
            h('div', { class: 'qmeta' },
              h('span', { class: 'ticket-id' }, ticket.id), ' · ',
              h('span', { class: `prio prio-${ticket.priority}` }, priorityLabel(ticket.priority)), ' · ',
              categoryLabel(ticket.category), ' · ', orgName(ctx.orgs, ticket.reporter_org),
              ticket.assignee ? [' · ', `${t('f_assignee')}: ${personName(ticket, 'assignee')}`] : null)),
          h('div', { class: 'qsla' }, slaBadge(kind),
            running ? h('span', { class: 'qdue' }, `${t('due')}: ${formatTime(running.due)}`,
              running.left !== null ? ` (${leftText(running)})` : '') : null),
          buttons));
      }
      groups.append(h('section', { class: 'qgroup', 'aria-labelledby': hid },
        h('h2', { id: hid }, stateLabel(workflow, state.id), ' ', h('span', { class: 'count' }, `(${items.length})`)), list));
    }
  };
  await draw();
}
