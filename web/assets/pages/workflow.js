// /workflow: the incident state machine as a diagram (diagram.js) with a details panel
// (who may fire an event, under which rule and condition, on what legal basis), the
// events that keep the state, and the transition table as text.

import { h, clear, alertBox, showError } from '../dom.js';
import { t, eventLabel, roleLabel } from '../i18n.js';
import { loadWorkflow, stateLabel } from '../workflow_data.js';
import { drawDiagram, eventGroups } from '../diagram.js';

function eventDetails(workflow, group) {
  const out = [h('h3', {}, eventLabel(group.event), ' ', h('code', {}, group.event))];
  for (const row of group.rows) {
    out.push(h('dl', { class: 'fields compact' },
      h('dt', {}, t('wf_from')), h('dd', {}, row.from.length ? row.from.map((s) => stateLabel(workflow, s)).join(', ') : t('none')),
      h('dt', {}, t('wf_to')), h('dd', {}, row.to ? stateLabel(workflow, row.to) : t('wf_unchanged')),
      h('dt', {}, t('wf_actors')), h('dd', {}, row.actors.map(roleLabel).join(', ')),
      row.actor_rule ? [h('dt', {}, t('wf_rule')), h('dd', {}, row.actor_rule)] : null,
      row.condition ? [h('dt', {}, t('wf_condition')), h('dd', {}, row.condition)] : null,
      h('dt', {}, t('legal_basis')), h('dd', { class: 'basis' }, row.legal_basis)));
  }
  return out;
}

function stateDetails(workflow, id) {
  const s = workflow.states.find((x) => x.id === id);
  const groups = eventGroups(workflow);
  const into = groups.filter((g) => g.targets.includes(id)).map((g) => eventLabel(g.event));
  const out = groups.filter((g) => g.sources.includes(id) && g.targets.length).map((g) => eventLabel(g.event));
  return [h('h3', {}, stateLabel(workflow, id), ' ', h('code', {}, id)),
    h('dl', { class: 'fields compact' },
      h('dt', {}, t('wf_terminal')), h('dd', {}, s.terminal ? t('yes') : t('no')),
      h('dt', {}, t('wf_events_in')), h('dd', {}, into.join(', ') || t('none')),
      h('dt', {}, t('wf_events_out')), h('dd', {}, out.join(', ') || t('none')))];
}

export async function render(main) {
  const box = alertBox();
  main.append(h('h1', {}, t('workflow_title')), h('p', { class: 'muted' }, t('workflow_intro')), box);
  let workflow;
  try { workflow = await loadWorkflow(); } catch (e) { showError(box, e); return; }
  const groups = eventGroups(workflow);
  const panel = h('div', { class: 'wf-panel-body', 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('wf_pick')));
  const onSelect = ({ kind, id }) => {
    clear(panel);
    if (kind === 'event') panel.append(...eventDetails(workflow, groups.find((g) => g.event === id)));
    else panel.append(...stateDetails(workflow, id));
  };
  const svg = drawDiagram(workflow, { state: (id) => stateLabel(workflow, id), event: eventLabel }, onSelect);
  svg.setAttribute('aria-label', t('wf_diagram_label'));
  const selfEvents = groups.filter((g) => !g.targets.length && g.sources.length);
  main.append(h('div', { class: 'wf-layout' },
    h('figure', { class: 'card wf-figure' }, h('div', { class: 'wf-scroll' }, svg),
      h('figcaption', {}, t('wf_self_events'), ': ',
        selfEvents.map((g, i) => [i ? ', ' : '', h('button', { type: 'button', class: 'linklike', onclick: () => onSelect({ kind: 'event', id: g.event }) }, eventLabel(g.event))]))),
    h('aside', { class: 'card wf-panel', 'aria-labelledby': 'wf-panel-h' }, h('h2', { id: 'wf-panel-h' }, t('wf_details')), panel)));

  const table = h('table', { class: 'table' },
    h('thead', {}, h('tr', {}, [t('wf_event'), t('wf_from'), t('wf_to'), t('wf_actors'), t('legal_basis')].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, workflow.transitions.map((row) => h('tr', {},
      h('td', {}, eventLabel(row.event)),
      h('td', {}, row.from.map((s) => stateLabel(workflow, s)).join(', ') || t('none')),
      h('td', {}, row.to ? stateLabel(workflow, row.to) : t('wf_unchanged')),
      h('td', {}, row.actors.map(roleLabel).join(', ')),
      h('td', {}, row.legal_basis)))));
  main.append(h('details', { class: 'card' }, h('summary', {}, t('wf_table')), h('div', { class: 'table-scroll' }, table)));
}
