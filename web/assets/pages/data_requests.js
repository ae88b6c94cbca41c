// /data-requests: the data-sharing requests the caller may see (GET /api/v1/data-requests),
// newest first: state, title, requester, scope, when the decision is due (sla.resolve_due)
// and when the consulted units' opinions are due. A filter by state, a search and a
// created date range (search_filters.js; a plain GET form: the filter lives in the URL),
// "load more" through next_cursor, and for DoICT the link to record a request.

import { api, withQuery } from '../api.js';
import { h, alertBox, showError, hide, field, select } from '../dom.js';
import { t } from '../i18n.js';
import { formatTime, formatDate } from '../format.js';
import { stateLabel } from '../workflow_data.js';
import { isDoict } from '../session.js';
import { clocksOf, slaKind, slaBadge } from '../sla.js';
import { REQUESTS_API, loadRequestWorkflow, requestPage, requestScopeLabel, stateBadge } from '../requests.js';
import { searchFilters, searchFields } from '../search_filters.js';

const PAGE_SIZE = 50;

export async function render(main, ctx) {
  const box = alertBox();
  main.append(h('h1', {}, t('dr_list_title')), h('p', { class: 'muted' }, t('dr_list_intro')));
  if (isDoict(ctx.user)) main.append(h('p', {}, h('a', { class: 'btn btn-primary', href: '/data-requests/new' }, t('dr_new_link'))));
  main.append(box);
  let workflow;
  try { workflow = await loadRequestWorkflow(); } catch (e) { showError(box, e); return; }

  const state = ctx.query.get('state') || '';
  const search = searchFilters(ctx.query);
  main.append(h('form', { class: 'filters card', method: 'get', action: '/data-requests', role: 'search', 'aria-label': t('filters') },
    ...searchFields(search),
    field(t('f_state'), select('state', [['', t('all')]].concat(workflow.states.map((s) => [s.id, stateLabel(workflow, s.id)])), state)),
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'btn' }, t('apply_filters')),
      h('a', { href: '/data-requests', class: 'btn btn-quiet' }, t('clear_filters')))));

  const tbody = h('tbody', {});
  const table = h('table', { class: 'table tickets requests' },
    h('caption', { class: 'visually-hidden' }, t('dr_list_title')),
    h('thead', {}, h('tr', {}, [t('dr_title'), t('f_state'), t('dr_requester'), t('dr_scope'), t('dr_decision_due'), t('dr_opinions_due'), t('f_updated')]
      .map((x) => h('th', { scope: 'col' }, x)))),
    tbody);
  const count = h('p', { class: 'muted', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'btn', hidden: true }, t('load_more'));
  const empty = h('p', { class: 'empty', hidden: true }, t('dr_no_requests'));
  main.append(h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': t('dr_list_title') }, table),
    empty, h('div', { class: 'list-footer' }, count, more));

  let cursor = null;
  let shown = 0;
  const loadPage = async () => {
    more.disabled = true;
    hide(box);
    let page;
    try {
      page = await api.get(withQuery(REQUESTS_API, { state, ...search, limit: PAGE_SIZE, cursor }));
    } catch (e) {
      showError(box, e);
      more.disabled = false;
      return;
    }
    for (const req of page.items || []) {
      const r = req.request || {};
      const clock = clocksOf(req).find((c) => c.clock === 'resolve');
      tbody.append(h('tr', { 'data-request': req.id },
        h('td', { class: 'cell-title' }, h('a', { href: requestPage(req.id) }, req.title),
          h('span', { class: 'ticket-id block' }, req.id)),
        h('td', {}, stateBadge(workflow, req.state)),
        h('td', {}, r.requester_name, r.organisation ? h('span', { class: 'muted block' }, r.organisation) : null),
        h('td', {}, requestScopeLabel(workflow, req.scope),
          r.personal_data ? h('span', { class: 'badge badge-personal block-badge' }, t('dr_personal_data')) : null),
        h('td', {}, clock ? [slaBadge(slaKind([clock])), h('span', { class: 'block' }, h('time', { datetime: clock.due }, formatTime(clock.due)))] : t('none')),
        h('td', {}, r.opinions_due ? formatDate(r.opinions_due) : t('none')),
        h('td', {}, h('time', { datetime: req.updated_at }, formatTime(req.updated_at)))));
      shown += 1;
    }
    cursor = page.next_cursor || null;
    more.hidden = !cursor;
    more.disabled = false;
    empty.hidden = shown > 0;
    table.hidden = shown === 0;
    count.textContent = shown ? t('dr_count_shown', { n: shown }) : '';
  };
  more.addEventListener('click', loadPage);
  await loadPage();
}
