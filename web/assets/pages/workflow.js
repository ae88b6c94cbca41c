// /workflow: a workflow's state machine as a diagram (diagram.js) with a details panel
// (who may fire an event, under which rule and condition, on what legal basis), the
// events that keep the state, and the transition table as text. The incident workflow by
// default; /workflow?w=data_request the data-sharing requests (Art. 12-13).
//
// The export's actor_rule and condition are the engine's guard texts (English, with
// state ids); the panel shows them as sentences of the page's language (RULES,
// conditionText), and leaves out on the Vietnamese page any it does not know. Where what
// an event cites depends on the ticket (its scope, category or grounds), every case is
// listed (citation.js).

import { h, clear, alertBox, showError } from '../dom.js';
import { t, lang, roleLabel } from '../i18n.js';
import { loadWorkflowNamed, stateLabel, eventLabelIn } from '../workflow_data.js';
import { drawDiagram, eventGroups } from '../diagram.js';
import { citationCases } from '../citation.js';

// actor_rule (incident_machine.cpp, the guards' Describe) -> i18n key.
const RULES = {
  'their own org reports': 'rule_own_org',
  DoICT: 'rule_doict',
  'reporter org': 'rule_reporter_org',
  'DoICT leadership': 'rule_doict_leadership',
  "the Chairman, or the Chairman's office for the signer": 'rule_chairman_signer',
  "the Chairman, or the Chairman's office": 'rule_chairman',
  "DoICT, or a party org's focal point": 'rule_doict_or_party',
  "the engine's timers": 'rule_system',
  'anyone who can see the ticket': 'rule_viewers',
  // data_request_machine.cpp
  'DoICT, or the requester through the public page': 'rule_doict_or_requester',
  'a consulted unit, once': 'rule_consulted_unit',
  'a unit that manages the data': 'rule_data_owner',
  'anyone in the province who can see the request': 'rule_request_viewers',
};

const WORKFLOWS = {
  incident: { title: 'workflow_title', intro: 'workflow_intro', diagram: 'wf_diagram_label', tab: 'wf_tab_incident' },
  data_request: { title: 'workflow_dr_title', intro: 'workflow_dr_intro', diagram: 'wf_dr_diagram_label', tab: 'wf_tab_data_request' },
};

// The workflow the address asks for (?w=data_request), else the incident one.
function shownWorkflow() {
  const w = new URLSearchParams(window.location.search).get('w');
  return Object.hasOwn(WORKFLOWS, w || '') ? w : 'incident';
}

let eventLabel = (type) => type;  // of the workflow shown, set by render

// A guard text as a sentence, or null (Vietnamese page, unknown text). English pages show
// an unknown text as it is.
function ruleText(rule) {
  if (!rule) return null;
  if (RULES[rule]) return t(RULES[rule]);
  return lang() === 'en' ? rule : null;
}

function conditionText(workflow, condition) {
  if (!condition) return null;
  const state = (id) => stateLabel(workflow, id);
  let m;
  if ((m = /^request_info was sent in (\w+)$/.exec(condition))) return t('cond_resume', { state: state(m[1]) });
  if ((m = /^at most reopen_window \((\d+) days\) after it was resolved$/.exec(condition))) return t('cond_reopen_window', { days: m[1] });
  if (condition === 'requires_action is true') return t('cond_requires_action');
  if (condition === 'requires_action is false') return t('cond_no_action');
  if (/^the actor is a director/.test(condition)) return t('cond_director_escalates');
  if (condition === 'escalation_signoff is director and the actor is not a director') return t('cond_needs_signoff');
  if ((m = /^escalated from (\w+), or from a state not recorded$/.exec(condition))) return t('cond_escalated_from_or_unknown', { state: state(m[1]) });
  if ((m = /^escalated from (\w+)$/.exec(condition))) return t('cond_escalated_from', { state: state(m[1]) });
  if (condition === 'any open state') return t('cond_open');
  const outcome = (id) => t(`outcome_${id}`);
  if ((m = /^outcome is (grant|partial|refuse)$/.exec(condition))) return t('cond_outcome', { outcome: outcome(m[1]) });
  if ((m = /^outcome is (grant|partial), a person's or business's request/.exec(condition))) return t('cond_outcome_final', { outcome: outcome(m[1]) });
  if ((m = /^outcome is (grant|partial), an outside agency's request with units that manage the data/.exec(condition))) return t('cond_outcome_proposal', { outcome: outcome(m[1]) });
  if ((m = /^every other unit that manages the data has agreed, and DoICT proposed (grant|partial)$/.exec(condition))) return t('cond_last_agreement', { outcome: outcome(m[1]) });
  if (condition === 'another unit that manages the data has not agreed yet') return t('cond_agreement_pending');
  return lang() === 'en' ? condition : null;
}

// The legal basis of a row: its citation, or the cases it depends on, introduced.
function basisCell(row) {
  const cases = row.citations || [];
  const list = citationCases(row);
  if (!cases.length) return list || t('none');
  return [h('span', { class: 'citation-by' }, t(`wf_by_${cases[0].by}`)), list];
}

function eventDetails(workflow, group) {
  const out = [h('h3', {}, eventLabel(group.event))];
  for (const row of group.rows) {
    const rule = ruleText(row.actor_rule);
    const condition = conditionText(workflow, row.condition);
    out.push(h('dl', { class: 'fields compact', 'data-event': row.event },
      h('dt', {}, t('wf_from')), h('dd', {}, row.from.length ? row.from.map((s) => stateLabel(workflow, s)).join(', ') : t('none')),
      h('dt', {}, t('wf_to')), h('dd', {}, row.to ? stateLabel(workflow, row.to) : t('wf_unchanged')),
      h('dt', {}, t('wf_actors')), h('dd', {}, row.actors.map(roleLabel).join(', ')),
      rule ? [h('dt', {}, t('wf_rule')), h('dd', {}, rule)] : null,
      condition ? [h('dt', {}, t('wf_condition')), h('dd', {}, condition)] : null,
      h('dt', {}, t('legal_basis')), h('dd', { class: 'basis' }, basisCell(row))));
  }
  return out;
}

function stateDetails(workflow, id) {
  const s = workflow.states.find((x) => x.id === id);
  const groups = eventGroups(workflow);
  const into = groups.filter((g) => g.targets.includes(id)).map((g) => eventLabel(g.event));
  const out = groups.filter((g) => g.sources.includes(id) && g.targets.length).map((g) => eventLabel(g.event));
  return [h('h3', {}, stateLabel(workflow, id)),
    h('dl', { class: 'fields compact' },
      h('dt', {}, t('wf_terminal')), h('dd', {}, s.terminal ? t('yes') : t('no')),
      h('dt', {}, t('wf_events_in')), h('dd', {}, into.join(', ') || t('none')),
      h('dt', {}, t('wf_events_out')), h('dd', {}, out.join(', ') || t('none')))];
}

export async function render(main) {
  const name = shownWorkflow();
  const texts = WORKFLOWS[name];
  const box = alertBox();
  const tabs = h('nav', { class: 'wf-tabs', 'aria-label': t('wf_tabs') },
    Object.entries(WORKFLOWS).map(([id, w]) => h('a', {
      href: id === 'incident' ? '/workflow' : `/workflow?w=${id}`,
      'aria-current': id === name ? 'page' : null,
      class: id === name ? 'wf-tab current' : 'wf-tab',
    }, t(w.tab))));
  main.append(h('h1', {}, t(texts.title)), tabs, h('p', { class: 'muted' }, t(texts.intro)), box);
  let workflow;
  try { workflow = await loadWorkflowNamed(name); } catch (e) { showError(box, e); return; }
  eventLabel = (type) => eventLabelIn(workflow, type);
  // The regulation every citation of the page refers to.
  const regulation = workflow.regulation && (lang() === 'en' ? workflow.regulation.en : workflow.regulation.vi);
  if (regulation) box.before(h('p', { class: 'muted wf-regulation' }, t('wf_regulation', { name: regulation })));
  const groups = eventGroups(workflow);
  const panel = h('div', { class: 'wf-panel-body', 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('wf_pick')));
  const onSelect = ({ kind, id }) => {
    clear(panel);
    if (kind === 'event') panel.append(...eventDetails(workflow, groups.find((g) => g.event === id)));
    else panel.append(...stateDetails(workflow, id));
  };
  const svg = drawDiagram(workflow, { state: (id) => stateLabel(workflow, id), event: eventLabel }, onSelect);
  svg.setAttribute('aria-label', t(texts.diagram));
  const selfEvents = groups.filter((g) => !g.targets.length && g.sources.length);
  main.append(h('div', { class: 'wf-layout' },
    h('figure', { class: 'card wf-figure' }, h('div', { class: 'wf-scroll' }, svg),
      h('figcaption', {}, t('wf_self_events'), ': ',
        selfEvents.map((g, i) => [i ? ', ' : '', h('button', { type: 'button', class: 'linklike', onclick: () => onSelect({ kind: 'event', id: g.event }) }, eventLabel(g.event))]))),
    h('aside', { class: 'card wf-panel', 'aria-labelledby': 'wf-panel-h' }, h('h2', { id: 'wf-panel-h' }, t('wf_details')), panel)));

  const table = h('table', { class: 'table wf-table' },
    h('thead', {}, h('tr', {}, [t('wf_event'), t('wf_from'), t('wf_to'), t('wf_actors'), t('wf_condition'), t('legal_basis')].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, workflow.transitions.map((row) => h('tr', { 'data-event': row.event },
      h('td', {}, eventLabel(row.event)),
      h('td', {}, row.from.map((s) => stateLabel(workflow, s)).join(', ') || t('none')),
      h('td', {}, row.to ? stateLabel(workflow, row.to) : t('wf_unchanged')),
      h('td', {}, row.actors.map(roleLabel).join(', ')),
      h('td', {}, conditionText(workflow, row.condition) || t('none')),
      h('td', { class: 'basis' }, basisCell(row))))));
  main.append(h('details', { class: 'card' }, h('summary', {}, t('wf_table')), h('div', { class: 'table-scroll' }, table)));
}
