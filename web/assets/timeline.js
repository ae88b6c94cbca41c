// A ticket's history (GET /api/v1/tickets/{id}/history) as a timeline: what happened,
// who did it (their display name) and for which org, when (Vietnam time), on what legal
// basis (the citation the event recorded, citation.js), and the payload in words.

import { h } from './dom.js';
import { t, lang, priorityLabel } from './i18n.js';
import { formatTime, formatDate } from './format.js';
import { stateLabel, eventLabel, eventLabelIn, categoryLabel, scopeLabel, groundsLabel } from './workflow_data.js';
import { orgName } from './session.js';
import { citationNode } from './citation.js';

const PAYLOAD_KEYS = {
  reason: 'p_reason', body: 'p_body', question: 'p_question', answer: 'p_answer', party: 'p_party',
  instructions: 'p_instructions', conclusion: 'p_conclusion', decision: 'p_decision',
  requires_action: 'p_requires_action', resolution: 'p_resolution', feedback: 'p_feedback',
  duplicate_of: 'p_duplicate_of', grounds: 'p_grounds', scope: 'p_scope', assignee: 'p_assignee', clock: 'p_clock', level: 'p_level',
  category: 'f_category', title: 'f_title', description: 'f_description', priority: 'f_priority',
  parties: 'f_parties', service: 'f_service', note: 'p_note', message: 'p_message', signer: 'p_signer',
  signed_as: 'p_signed_as', document_number: 'p_document_number', document_date: 'p_document_date',
  // the data-sharing request workflow's (issue 15)
  data_wanted: 'p_data_wanted', purpose: 'p_purpose', legal_basis: 'p_legal_basis', requester_name: 'p_requester_name',
  organisation: 'p_organisation', tax_code: 'p_tax_code', email: 'p_email', phone: 'p_phone',
  portal_reference: 'p_portal_reference', period_from: 'p_period_from', period_to: 'p_period_to',
  personal_data: 'p_personal_data', owners: 'p_owners', units: 'p_units', due: 'p_due', opinion: 'p_opinion',
  agrees: 'p_agrees', unit: 'p_unit', outcome: 'p_outcome', datasets: 'p_datasets', conditions: 'p_conditions',
  valid_until: 'p_valid_until',
};

// Payload keys whose label differs by workflow: a request's `note` is anyone's note, not
// the DoICT leadership's opinion of an escalation.
const REQUEST_PAYLOAD_KEYS = { note: 'p_dr_note' };

const ORG_LISTS = new Set(['parties', 'owners', 'units']);
const CIVIL_DATES = new Set(['period_from', 'period_to', 'due', 'valid_until']);

function valueText(key, value, orgs) {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value ? t('yes') : t('no');
  if (key === 'party' || key === 'unit') return orgName(orgs, value);
  if (ORG_LISTS.has(key)) return value.length ? value.map((o) => orgName(orgs, o)).join(', ') : null;
  if (key === 'outcome') return t(`dr_outcome_${value}`);
  if (CIVIL_DATES.has(key)) return formatDate(value);
  if (key === 'datasets') return value.length ? value.join('\n') : null;
  if (key === 'category') return categoryLabel(value);
  if (key === 'scope') return scopeLabel(value);
  if (key === 'grounds') return groundsLabel(value);
  if (key === 'priority') return priorityLabel(value);
  if (key === 'clock') return value === 'ack' ? t('clock_ack') : t('clock_resolve');
  if (key === 'signed_as') return t(`signed_as_${value}`);
  // A document's date (YYYY-MM-DD) as Vietnamese write it: 05/01/2026.
  if (key === 'document_date' && lang() === 'vi' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value.split('-').reverse().join('/');
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function payloadList(payload, orgs, skip = [], workflow = null) {
  const dl = h('dl', { class: 'payload' });
  let any = false;
  const isRequest = !!workflow && workflow.name === 'data_request';
  const keys = isRequest ? { ...PAYLOAD_KEYS, ...REQUEST_PAYLOAD_KEYS } : PAYLOAD_KEYS;
  for (const [key, value] of Object.entries(payload || {})) {
    if (skip.includes(key)) continue;
    // A request's decision records signed_as even when no signer signed it (DoICT's).
    if (key === 'signed_as' && isRequest && !payload.signer) continue;
    const text = valueText(key, value, orgs);
    if (text === null) continue;
    any = true;
    dl.append(h('dt', {}, keys[key] ? t(keys[key]) : key), h('dd', {}, text));
  }
  return any ? dl : null;
}

// The items of a history document (GET .../history) with what the pages show beside
// each: `citation` (from the document's "citations", one per item by seq) and
// `actor_name` (from its "people"). The items themselves stay as the server hashed them;
// these are copies.
export function historyItems(doc) {
  const bySeq = new Map(((doc && doc.citations) || []).map((c) => [c.seq, c]));
  const people = (doc && doc.people) || {};
  return ((doc && doc.items) || []).map((ev) => ({
    ...ev,
    citation: ev.citation || bySeq.get(ev.seq) || null,
    actor_name: ev.actor_name || people[ev.actor] || undefined,
  }));
}

// A person as the pages name them: the display name the server gives (`<field>_name`),
// else the username.
export function personName(obj, field) {
  return (obj && (obj[`${field}_name`] || obj[field])) || '';
}

export function actorText(ev, orgs) {
  if (ev.actor === 'system') return t('system_actor');
  return t('by_actor', { actor: personName(ev, 'actor'), org: orgName(orgs, ev.actor_org) });
}

// The citation the event recorded, or its bare legal_basis (older servers).
function basisNode(ev) {
  const node = citationNode(ev.citation || ev.legal_basis);
  return node ? [' · ', h('span', { class: 'tl-basis' }, node)] : null;
}

export function renderTimeline(items, { workflow, orgs }) {
  const list = h('ol', { class: 'timeline' });
  for (const ev of items) {
    const change = ev.from_state !== ev.to_state && ev.to_state
      ? h('span', { class: 'tl-change' }, t('from_to', { from: ev.from_state ? stateLabel(workflow, ev.from_state) : '—', to: stateLabel(workflow, ev.to_state) }))
      : null;
    list.append(h('li', { class: `tl-item tl-${ev.type}`, id: `event-${ev.seq}` },
      h('div', { class: 'tl-head' },
        h('span', { class: 'tl-type' }, workflow ? eventLabelIn(workflow, ev.type) : eventLabel(ev.type)),
        change),
      h('div', { class: 'tl-meta' },
        h('span', { class: 'tl-actor' }, actorText(ev, orgs)),
        ' · ',
        h('time', { datetime: ev.at }, formatTime(ev.at)),
        basisNode(ev)),
      payloadList(ev.payload, orgs, ev.type === 'report' ? ['description', 'title'] : ev.type === 'submit' ? ['title'] : [], workflow)));
  }
  return list;
}
