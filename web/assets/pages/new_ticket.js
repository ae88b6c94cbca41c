// /tickets/new: file a ticket (POST /api/v1/tickets, the `report` event of Art. 16). The
// categories and the scopes (who the data is shared with: Art. 11, 12, 13) are the
// workflow export's.

import { api } from '../api.js';
import { h, alertBox, showError, hide, field, select, uid } from '../dom.js';
import { t, PRIORITY_IDS, priorityLabel } from '../i18n.js';
import { loadWorkflow, categories as workflowCategories, scopes as workflowScopes, labelOf } from '../workflow_data.js';
import { categoryHelpNodes } from '../citation.js';

export async function render(main, ctx) {
  const box = alertBox();
  main.append(h('h1', {}, t('new_title')));
  let workflow;
  try { workflow = await loadWorkflow(); } catch (e) { main.append(box); showError(box, e); return; }

  // Category: a radio group, each item with its Art. 16 explanation visible.
  const legendId = uid('legend');
  const categories = h('fieldset', { class: 'field categories', 'aria-describedby': 'cat-intro' },
    h('legend', { id: legendId }, t('f_category')),
    h('p', { class: 'hint', id: 'cat-intro' }, t('new_intro')));
  workflowCategories().forEach((c, i) => {
    const rid = uid('cat');
    const helpId = uid('cathelp');
    categories.append(h('div', { class: 'choice' },
      h('input', { type: 'radio', name: 'category', value: c.id, id: rid, 'aria-describedby': helpId, checked: i === 0 }),
      h('label', { for: rid }, h('span', { class: 'choice-title' }, labelOf(c, c.id))),
      h('p', { class: 'hint choice-help', id: helpId }, categoryHelpNodes(workflow, c.id))));
  });

  // Who the data is shared with; the server's default is inside the province.
  const scopeOptions = workflowScopes().map((s) => [s.id, labelOf(s, s.id)]);
  const scope = scopeOptions.length
    ? select('scope', scopeOptions, scopeOptions.some(([id]) => id === 'intra_province') ? 'intra_province' : scopeOptions[0][0])
    : null;

  const title = h('input', { name: 'title', required: true, maxlength: 200, autocomplete: 'off' });
  const description = h('textarea', { name: 'description', rows: 6, required: true, maxlength: 20000 });
  const priority = select('priority', PRIORITY_IDS.map((p) => [p, priorityLabel(p)]), 'normal');
  const service = h('input', { name: 'service', maxlength: 200, autocomplete: 'off' });

  // Parties: checkboxes from the org directory (not the caller's own org).
  const partiesHint = uid('hint');
  const parties = h('fieldset', { class: 'field parties', 'aria-describedby': partiesHint },
    h('legend', {}, t('f_parties')), h('p', { class: 'hint', id: partiesHint }, t('parties_hint')));
  const partyList = h('div', { class: 'checks' });
  for (const org of ctx.orgs.filter((o) => o.id !== ctx.user.org)) {
    const cid = uid('party');
    partyList.append(h('div', { class: 'choice' },
      h('input', { type: 'checkbox', name: 'parties', value: org.id, id: cid }),
      h('label', { for: cid }, org.name)));
  }
  parties.append(partyList);

  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('submit_report'));
  const form = h('form', { class: 'card form', novalidate: true },
    box,
    categories,
    field(t('f_title'), title),
    field(t('f_description'), description),
    parties,
    scope ? field(t('f_scope'), scope, t('scope_hint')) : null,
    field(t('f_priority'), priority),
    field(t('f_service'), service, t('service_hint')),
    h('div', { class: 'form-actions' }, submit));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    hide(box);
    for (const [input, key] of [[title, 'f_title'], [description, 'f_description']]) {
      if (!input.value.trim()) {
        showError(box, { title: t('error_title'), detail: t('required_field', { field: t(key) }) });
        input.focus();
        return;
      }
    }
    const body = {
      category: form.querySelector('input[name=category]:checked').value,
      title: title.value.trim(),
      description: description.value.trim(),
      priority: priority.value,
      parties: [...form.querySelectorAll('input[name=parties]:checked')].map((x) => x.value),
    };
    if (service.value.trim()) body.service = service.value.trim();
    if (scope) body.scope = scope.value;
    submit.disabled = true;
    submit.textContent = t('submitting');
    try {
      const ticket = await api.post('/api/v1/tickets', body);
      location.assign(`/tickets/${encodeURIComponent(ticket.id)}`);
    } catch (e) {
      showError(box, e);
      box.scrollIntoView({ block: 'nearest' });
      submit.disabled = false;
      submit.textContent = t('submit_report');
    }
  });
  main.append(form);
}
