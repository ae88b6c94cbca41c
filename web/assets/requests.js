// The data-sharing requests (issue 15, Art. 12-13) as the pages read them: the API's
// paths, the workflow export (its own labels: GET /api/v1/workflows/data_request), what a
// unit is asked to answer, and the parts every request page shows (the state, the decision
// or proposal, the personal-data notice).

import { api, withQuery } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { formatDate } from './format.js';
import { loadWorkflowNamed, labelOf, stateLabel } from './workflow_data.js';
import { orgName } from './session.js';
import { personName } from './timeline.js';

export const REQUESTS_API = '/api/v1/data-requests';
export const requestApi = (id) => `${REQUESTS_API}/${encodeURIComponent(id)}`;
export const requestPage = (id) => `/data-requests/${encodeURIComponent(id)}`;

export function loadRequestWorkflow() { return loadWorkflowNamed('data_request'); }

// The scope's label in the request workflow's export.
export function requestScopeLabel(workflow, id) {
  return labelOf(((workflow && workflow.scopes) || []).find((s) => s.id === id), id);
}

// Every request the caller may see with `filters` (GET /api/v1/data-requests, all pages).
const MAX_PAGES = 10;
export async function fetchAllRequests(filters = {}) {
  const items = [];
  let cursor = null;
  for (let i = 0; i < MAX_PAGES; i += 1) {
    const page = await api.get(withQuery(REQUESTS_API, { ...filters, limit: 500, cursor }));
    items.push(...(page.items || []));
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  return items;
}

// What a request awaits from unit `org`, from its `request` facts: 'opinion' (consulted,
// while consulting, and not answered), 'agreement' (manages the data, DoICT proposed a
// grant, and the unit neither agreed nor disagreed), or null.
export function awaitedFrom(item, org) {
  const r = item.request || {};
  if (!org) return null;
  if (item.state === 'consulting' && (r.consulted || []).includes(org) && !(r.opinions_from || []).includes(org)) return 'opinion';
  if (item.state === 'awaiting_agreement' && r.proposal && (r.owners || []).includes(org)
    && !(r.agreed_by || []).includes(org) && !(r.disagreed_by || []).includes(org)) return 'agreement';
  return null;
}

export function stateBadge(workflow, state) {
  return h('span', { class: `state state-${state}` }, stateLabel(workflow, state));
}

// The kind of a case in a list holding both (the Chairman's inbox).
export function kindBadge(kind) {
  return h('span', { class: `badge kind kind-${kind}` }, t(kind === 'data_request' ? 'kind_data_request' : 'kind_incident'));
}

export function outcomeLabel(outcome) { return t(`dr_outcome_${outcome}`); }

function row(label, value) {
  return [h('dt', {}, label), h('dd', {}, value === null || value === undefined || value === '' ? t('none') : value)];
}

// A decision or DoICT's proposal (DataGrant) as a list of its facts; `people`: display
// names by username (a history document's "people"), for the signer.
export function grantList(grant, people = {}) {
  const doc = grant.document_number || grant.document_date
    ? t('dr_document_text', { number: grant.document_number || t('none'), date: formatDate(grant.document_date) })
    : null;
  const signer = grant.signer
    ? `${people[grant.signer] || personName(grant, 'signer')}${grant.signed_as ? ` (${t(`signed_as_${grant.signed_as}`)})` : ''}`
    : null;
  return h('dl', { class: 'fields grant' },
    row(t('dr_outcome'), h('strong', { class: `outcome outcome-${grant.outcome}` }, outcomeLabel(grant.outcome))),
    grant.outcome !== 'refuse' ? row(t('dr_datasets'), (grant.datasets || []).length
      ? h('ul', { class: 'datasets' }, grant.datasets.map((d) => h('li', {}, d))) : null) : null,
    grant.valid_until ? row(t('dr_valid_until'), formatDate(grant.valid_until)) : null,
    grant.conditions ? row(t('dr_conditions'), h('span', { class: 'description' }, grant.conditions)) : null,
    grant.reason ? row(t('dr_reason'), h('span', { class: 'description' }, grant.reason)) : null,
    doc ? row(t('dr_document'), doc) : null,
    signer ? row(t('dr_signer'), signer) : null);
}

// The personal-data notice: the purpose and the legal basis of the use, shown before
// anything else to whoever decides (Decree 13/2023/NĐ-CP); null when the request asks for
// no personal data. `decider`: the caller may decide it now.
export function personalDataNotice(req, { decider = false, headingLevel = 'h2', id = 'personal-h' } = {}) {
  const r = req.request || {};
  if (!r.personal_data) return null;
  return h('section', { class: `personal-data${decider ? ' personal-data-decider' : ''}`, 'aria-labelledby': id, 'data-personal': 'true' },
    h(headingLevel, { id }, t('dr_personal_title')),
    decider ? h('p', { class: 'personal-decider' }, h('strong', {}, t('dr_personal_decider'))) : null,
    h('p', {}, t('dr_personal_intro')),
    h('dl', { class: 'fields personal-fields' },
      row(t('dr_purpose'), h('span', { class: 'description personal-purpose' }, r.purpose)),
      row(t('dr_legal_basis'), h('span', { class: 'description personal-basis' }, r.legal_basis))));
}

// "Sở A, Sở B" from org ids.
export function orgList(orgs, ids) {
  return (ids || []).map((o) => orgName(orgs, o)).join(', ');
}
