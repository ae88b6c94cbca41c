// The incident workflow as the server exports it (GET /api/v1/workflows/incident),
// fetched once per page: state labels in both languages, terminal states, transitions.

import { api } from './api.js';
import { lang } from './i18n.js';

let cached = null;

export function loadWorkflow() {
  if (!cached) cached = api.get('/api/v1/workflows/incident').catch((e) => { cached = null; throw e; });
  return cached;
}

export function stateLabel(workflow, id) {
  const s = workflow && workflow.states.find((x) => x.id === id);
  if (!s) return id;
  return lang() === 'en' ? s.label_en : s.label_vi;
}

export function isTerminal(workflow, id) {
  const s = workflow && workflow.states.find((x) => x.id === id);
  return !!(s && s.terminal);
}

// The legal basis the workflow gives an event (the first row that names it).
export function legalBasisOf(workflow, event) {
  const tr = workflow && workflow.transitions.find((x) => x.event === event);
  return tr ? tr.legal_basis : '';
}
