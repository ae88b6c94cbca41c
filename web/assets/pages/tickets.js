// /tickets: the tickets the caller may see (GET /api/v1/tickets), newest first, with
// filters (a plain GET form: the filter lives in the URL; a search and created / resolved
// date ranges among them, search_filters.js) and "load more" paging through next_cursor.

import { api, withQuery } from '../api.js';
import { h, alertBox, showError, hide, field, select } from '../dom.js';
import { t, PRIORITY_IDS, priorityLabel } from '../i18n.js';
import { formatTime } from '../format.js';
import { loadWorkflow, stateLabel, categories, categoryLabel } from '../workflow_data.js';
import { orgName } from '../session.js';
import { clocksOf, slaKind, slaBadge } from '../sla.js';
import { searchFilters, searchFields } from '../search_filters.js';

const PAGE_SIZE = 25;

export async function render(main, ctx) {
  const box = alertBox();
  main.append(h('h1', {}, t('list_title')), h('p', { class: 'muted' }, t('list_intro')), box);
  let workflow;
  try { workflow = await loadWorkflow(); } catch (e) { showError(box, e); return; }

  const q = ctx.query;
  const filters = { state: q.get('state') || '', category: q.get('category') || '', priority: q.get('priority') || '',
    ...searchFilters(q, true) };
  const all = [['', t('all')]];
  const form = h('form', { class: 'filters card', method: 'get', action: '/tickets', role: 'search', 'aria-label': t('filters') },
    ...searchFields(filters, true),
    field(t('f_state'), select('state', all.concat(workflow.states.map((s) => [s.id, stateLabel(workflow, s.id)])), filters.state)),
    field(t('f_category'), select('category', all.concat(categories().map((c) => [c.id, categoryLabel(c.id)])), filters.category)),
    field(t('f_priority'), select('priority', all.concat(PRIORITY_IDS.map((p) => [p, priorityLabel(p)])), filters.priority)),
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'btn' }, t('apply_filters')),
      h('a', { href: '/tickets', class: 'btn btn-quiet' }, t('clear_filters'))));
  main.append(form);

  const tbody = h('tbody', {});
  const table = h('table', { class: 'table tickets' },
    h('caption', { class: 'visually-hidden' }, t('list_title')),
    h('thead', {}, h('tr', {}, [t('f_title'), t('f_state'), t('f_priority'), t('f_sla'), t('f_category'), t('f_reporter_org'), t('f_updated')]
      .map((x) => h('th', { scope: 'col' }, x)))),
    tbody);
  const count = h('p', { class: 'muted', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'btn', hidden: true }, t('load_more'));
  const empty = h('p', { class: 'empty', hidden: true }, t('no_tickets'));
  main.append(h('div', { class: 'table-scroll' }, table), empty, h('div', { class: 'list-footer' }, count, more));

  let cursor = null;
  let shown = 0;
  const loadPage = async () => {
    more.disabled = true;
    hide(box);
    let page;
    try {
      page = await api.get(withQuery('/api/v1/tickets', { ...filters, limit: PAGE_SIZE, cursor }));
    } catch (e) {
      showError(box, e);
      more.disabled = false;
      return;
    }
    for (const ticket of page.items || []) {
      const kind = slaKind(clocksOf(ticket));
      tbody.append(h('tr', { 'data-ticket': ticket.id },
        h('td', { class: 'cell-title' }, h('a', { href: `/tickets/${encodeURIComponent(ticket.id)}` }, ticket.title),
          h('span', { class: 'ticket-id block' }, ticket.id)),
        h('td', {}, h('span', { class: `state state-${ticket.state}` }, stateLabel(workflow, ticket.state))),
        h('td', {}, h('span', { class: `prio prio-${ticket.priority}` }, priorityLabel(ticket.priority))),
        h('td', {}, slaBadge(kind)),
        h('td', {}, categoryLabel(ticket.category)),
        h('td', {}, orgName(ctx.orgs, ticket.reporter_org)),
        h('td', {}, h('time', { datetime: ticket.updated_at }, formatTime(ticket.updated_at)))));
      shown += 1;
    }
    cursor = page.next_cursor || null;
    more.hidden = !cursor;
    more.disabled = false;
    empty.hidden = shown > 0;
    table.hidden = shown === 0;
    count.textContent = shown ? t('count_shown', { n: shown }) : '';
  };
  more.addEventListener('click', loadPage);
  await loadPage();
}
