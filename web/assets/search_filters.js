// The search box and date ranges of the case lists (issue 16.5): the ticket list, the
// queue and the data-request list. Like their other filters they live in the page's URL
// (a plain GET form), and go to the API as they are: q (title, description and comments,
// with or without diacritics), created_from / created_to and, on the ticket list,
// resolved_from / resolved_to (local dates YYYY-MM-DD, both ends included).

import { h, field } from './dom.js';
import { t } from './i18n.js';

const MAX_SEARCH = 200;  // characters, as the API takes

// The names this page's form uses, in order.
function names(withResolved) {
  return ['q', 'created_from', 'created_to'].concat(withResolved ? ['resolved_from', 'resolved_to'] : []);
}

// The values of the URL query `query` (URLSearchParams) for these filters ('' when absent).
export function searchFilters(query, withResolved = false) {
  const out = {};
  for (const name of names(withResolved)) out[name] = query.get(name) || '';
  return out;
}

// The form fields for `filters` (from searchFilters): a search box, then the date ranges.
export function searchFields(filters, withResolved = false) {
  const search = h('input', {
    name: 'q', type: 'search', value: filters.q, maxlength: String(MAX_SEARCH), autocomplete: 'off',
    placeholder: t('search_placeholder'),
  });
  const date = (name) => h('input', { name, type: 'date', value: filters[name], max: '9999-12-31' });
  const searchField = field(t('f_search'), search, t('search_hint'));
  searchField.classList.add('field-search');
  const fields = [
    searchField,
    field(t('f_created_from'), date('created_from')),
    field(t('f_created_to'), date('created_to')),
  ];
  if (withResolved) fields.push(field(t('f_resolved_from'), date('resolved_from')), field(t('f_resolved_to'), date('resolved_to')));
  return fields;
}
