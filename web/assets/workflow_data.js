// The incident workflow as the server exports it (GET /api/v1/workflows/incident),
// fetched once per page: the one source of the labels of states, events (the action
// buttons and the timeline), categories, scopes and grounds of rejection, in both
// languages; terminal states; transitions; what each event cites (citation.js).
//
// app.js loads it before any signed-in page renders, so that the label functions below
// can answer at once; until it is loaded (or when it could not be) they give the id.

import { api } from './api.js';
import { lang } from './i18n.js';

let cached = null;
let loaded = null;  // the export, once it arrived

export function loadWorkflow() {
  if (!cached) {
    cached = api.get('/api/v1/workflows/incident')
      .then((w) => { loaded = w; return w; })
      .catch((e) => { cached = null; throw e; });
  }
  return cached;
}

// Another workflow's export (GET /api/v1/workflows/NAME: data_request), fetched once.
// Its labels come from the export itself (eventLabelIn), not from the functions below,
// which speak for the incident workflow.
const others = {};
export function loadWorkflowNamed(name) {
  if (name === 'incident') return loadWorkflow();
  if (!others[name]) {
    others[name] = api.get(`/api/v1/workflows/${encodeURIComponent(name)}`)
      .catch((e) => { delete others[name]; throw e; });
  }
  return others[name];
}

// The label of an event of `workflow` (an export), or the id.
export function eventLabelIn(workflow, type) {
  return labelOf(((workflow && workflow.events) || []).find((e) => e.type === type), type);
}

// label_vi or label_en of an item of the export, by the page's language.
export function labelOf(item, fallback) {
  if (!item) return fallback;
  return (lang() === 'en' ? item.label_en : item.label_vi) || fallback;
}

export function stateLabel(workflow, id) {
  const s = workflow && workflow.states.find((x) => x.id === id);
  return labelOf(s, id);
}

export function isTerminal(workflow, id) {
  const s = workflow && workflow.states.find((x) => x.id === id);
  return !!(s && s.terminal);
}

// The event of the catalog (label, fields, citation, citations), or undefined.
export function eventSpec(type) {
  return ((loaded && loaded.events) || []).find((e) => e.type === type);
}

export function eventLabel(type) { return labelOf(eventSpec(type), type); }

// The categories (Art. 16), in the server's order: [{id, label_vi, label_en}].
export function categories() { return (loaded && loaded.categories) || []; }
export function categoryLabel(id) { return labelOf(categories().find((c) => c.id === id), id); }

// Who the data is shared with (Art. 11, 12, 13): [{id, label_vi, label_en}].
export function scopes() { return (loaded && loaded.scopes) || []; }
export function scopeLabel(id) { return labelOf(scopes().find((s) => s.id === id), id); }

// Why a ticket is rejected (Art. 1): [{id, label_vi, label_en}], duplicate included.
export function rejectGrounds() { return (loaded && loaded.reject_grounds) || []; }
export function groundsLabel(id) { return labelOf(rejectGrounds().find((g) => g.id === id), id); }
