// /inbox (the Chairman, and staff of the Chairman's office): the tickets in
// awaiting_chairman, each with DoICT's reason for escalating it and the parties' positions
// taken from the history, the decision form (record_chairman_decision: decision text,
// requires_action, and who signed which document) and, where the settings allow it, the
// form that sends the escalation back to DoICT (return_to_doict). What a decision rests on
// depends on the ticket's scope (Art. 11 inside the province, 12 outside agencies, 13
// persons and businesses): the intro lists the cases, each ticket shows its own.
//
// Data-sharing requests that DoICT referred to the Chairman (state awaiting_chairman of
// the request workflow, Art. 12.2 / 13.2b) are listed beside the incidents, each item
// labelled with its kind: the request's personal-data purpose and legal basis first, DoICT's
// reason and proposal, the units' opinions and (dis)agreements, and the `decide` form.

import { api, withQuery } from '../api.js';
import { h, append, clear, alertBox, showError, showOk, hide } from '../dom.js';
import { t, priorityLabel } from '../i18n.js';
import { formatTime } from '../format.js';
import { loadWorkflow, eventLabel, eventSpec, categoryLabel, scopeLabel } from '../workflow_data.js';
import { orgName } from '../session.js';
import { eventForm } from '../event_forms.js';
import { actorText, historyItems } from '../timeline.js';
import { citationNode, citationCases, citationFor, factsOf } from '../citation.js';
import { eventLabelIn } from '../workflow_data.js';
import {
  fetchAllRequests, loadRequestWorkflow, requestApi, requestPage, requestScopeLabel, kindBadge, grantList, personalDataNotice,
} from '../requests.js';

// The text each event carries, for the positions.
const TEXT_OF = {
  report: 'description', comment: 'body', provide_info: 'answer', resolve: 'resolution', reopen: 'reason',
  request_party_fix: 'instructions', request_info: 'question', refer_ministry: 'question',
  record_ministry_conclusion: 'conclusion', confirm: 'feedback',
};

function positions(ticket, history, orgs) {
  const orgOrder = [ticket.reporter_org, ...(ticket.parties || [])];
  for (const ev of history) if (ev.actor_org && !orgOrder.includes(ev.actor_org)) orgOrder.push(ev.actor_org);
  const wrap = h('div', { class: 'positions' });
  let any = false;
  for (const org of orgOrder) {
    const entries = history.filter((ev) => ev.actor_org === org && TEXT_OF[ev.type] && ev.payload && ev.payload[TEXT_OF[ev.type]]);
    if (!entries.length) continue;
    any = true;
    wrap.append(h('section', { class: 'position' },
      h('h4', {}, orgName(orgs, org)),
      h('ul', {}, entries.map((ev) => h('li', {},
        h('div', { class: 'tl-meta' }, h('strong', {}, eventLabel(ev.type)), ' · ', actorText(ev, orgs), ' · ',
          h('time', { datetime: ev.at }, formatTime(ev.at))),
        h('p', { class: 'quote' }, ev.payload[TEXT_OF[ev.type]]))))));
  }
  if (!any) wrap.append(h('p', { class: 'muted' }, t('no_positions')));
  return wrap;
}

export async function render(main, ctx) {
  const status = alertBox();
  status.tabIndex = -1;
  main.append(h('h1', {}, t('inbox_title')), h('p', { class: 'muted' }, t('inbox_intro')));
  // The cases of what a decision cites (record_chairman_decision in the workflow export).
  try {
    await loadWorkflow();
    const decision = eventSpec('record_chairman_decision');
    if (decision && decision.citations && decision.citations.length) {
      main.append(h('div', { class: 'muted inbox-basis' }, h('p', {}, t('inbox_basis_intro')), citationCases(decision)));
    } else if (decision) {
      const node = citationNode(decision.citation);
      if (node) main.append(h('p', { class: 'muted inbox-basis' }, node));
    }
  } catch (e) { /* draw() shows the error */ }
  main.append(status);
  const list = h('div', { class: 'inbox' });
  main.append(list);

  // Each draw builds its list off-page and shows it only if no later draw started
  // meanwhile (a decision submitted while the list was loading must not show items twice).
  let generation = 0;
  const draw = async () => {
    const gen = ++generation;
    const fresh = h('div');
    let workflow, requestWorkflow = null, items = [];
    try {
      workflow = await loadWorkflow();
      let cursor = null;
      do {
        const page = await api.get(withQuery('/api/v1/tickets', { state: 'awaiting_chairman', limit: 500, cursor }));
        items.push(...(page.items || []));
        cursor = page.next_cursor;
      } while (cursor && items.length < 5000);
    } catch (e) {
      showError(status, e);
      return;
    }
    // The requests' list failing leaves the incidents shown (and says why).
    let requests = [];
    try {
      requestWorkflow = await loadRequestWorkflow();
      requests = await fetchAllRequests({ state: 'awaiting_chairman' });
    } catch (e) {
      showError(status, e);
    }
    if (gen !== generation) return;
    if (!items.length && !requests.length) { clear(list).append(h('p', { class: 'empty' }, t('inbox_empty'))); return; }
    const entries = [...items.map((x) => ({ kind: 'incident', x })), ...requests.map((x) => ({ kind: 'data_request', x }))];
    entries.sort((a, b) => Date.parse(a.x.updated_at) - Date.parse(b.x.updated_at));  // waiting longest first
    for (const { kind, x: ticket } of entries) {
      if (kind === 'data_request') {
        const article = await requestArticle(ticket, requestWorkflow, gen);
        if (!article) return;
        fresh.append(article);
        continue;
      }
      const box = alertBox();
      const article = h('article', { class: 'card inbox-item', 'aria-labelledby': `inbox-${ticket.id}`, 'data-ticket': ticket.id, 'data-kind': 'incident' });
      fresh.append(article);
      let history = [];
      try { history = historyItems(await api.get(`/api/v1/tickets/${encodeURIComponent(ticket.id)}/history`)); } catch (e) { showError(box, e); }
      if (gen !== generation) return;
      const escalation = [...history].reverse().find((ev) => ev.type === 'escalate_chairman');
      const report = history.find((ev) => ev.type === 'report');
      const scope = ticket.scope || (report && report.payload && report.payload.scope) || 'intra_province';
      const decisionBasis = citationNode(citationFor(eventSpec('record_chairman_decision'), factsOf({ ...ticket, scope })));
      append(article, [
        h('h2', { id: `inbox-${ticket.id}` }, h('a', { href: `/tickets/${encodeURIComponent(ticket.id)}` }, ticket.title)),
        h('p', { class: 'qmeta' }, kindBadge('incident'), ' ', h('span', { class: 'ticket-id' }, ticket.id), ' · ', categoryLabel(ticket.category), ' · ',
          h('span', { class: `prio prio-${ticket.priority}` }, priorityLabel(ticket.priority)), ' · ', orgName(ctx.orgs, ticket.reporter_org)),
        h('p', { class: 'qmeta inbox-scope' }, `${t('f_scope')}: ${scopeLabel(scope)}`, decisionBasis ? [' · ', decisionBasis] : null),
        box,
        h('h3', {}, t('escalation')),
        escalation
          ? [h('p', { class: 'quote escalation-reason' }, escalation.payload && escalation.payload.reason),
            h('p', { class: 'muted' }, t('escalated_by', { actor: actorText(escalation, ctx.orgs), at: formatTime(escalation.at) }),
              citationNode(escalation.citation || escalation.legal_basis) ? [' · ', citationNode(escalation.citation || escalation.legal_basis)] : null)]
          : h('p', { class: 'muted' }, t('none')),
        h('h3', {}, t('positions')),
        positions(ticket, history.filter((ev) => ev.type !== 'escalate_chairman'), ctx.orgs)]);
      for (const [type, heading, done] of [['record_chairman_decision', 'decision_form', 'decided'], ['return_to_doict', 'return_form', 'returned']]) {
        if (!(ticket.allowed_actions || []).includes(type)) continue;
        const { form, read } = eventForm(type, { ...ctx, workflow, ticket: { ...ticket, scope } });
        const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, type === 'return_to_doict' ? t('return_form') : t('confirm'));
        form.prepend(h('h3', {}, t(heading)));
        form.append(h('div', { class: 'form-actions' }, submit));
        form.addEventListener('submit', async (ev) => {
          ev.preventDefault();
          hide(box);
          let payload;
          try { payload = read(); } catch (err) { showError(box, { title: t('error_title'), detail: err.detail }); err.control.focus(); return; }
          submit.disabled = true;
          try {
            await api.post(`/api/v1/tickets/${encodeURIComponent(ticket.id)}/events`,
              { type, expected_version: ticket.version, ...payload });
            await draw();
            showOk(status, t(done, { id: ticket.id }));
            status.focus();
          } catch (e) {
            showError(box, e);
            submit.disabled = false;
          }
        });
        article.append(form);
      }
      article.append(h('p', {}, h('a', { href: `/tickets/${encodeURIComponent(ticket.id)}` }, t('open_ticket'))));
    }
    if (gen === generation) clear(list).append(...fresh.childNodes);
  };

  // A referred data request: null when a later draw started meanwhile.
  const requestArticle = async (req, rw, gen) => {
    const box = alertBox();
    const r = req.request || {};
    const titleId = `inbox-${req.id}`;
    const article = h('article', { class: 'card inbox-item', 'aria-labelledby': titleId, 'data-request': req.id, 'data-kind': 'data_request' });
    let history = [];
    try { history = historyItems(await api.get(`${requestApi(req.id)}/history`)); } catch (e) { showError(box, e); }
    if (gen !== generation) return null;
    const escalation = [...history].reverse().find((ev) => ev.type === 'escalate_chairman');
    const decideSpec = ((rw && rw.events) || []).find((e) => e.type === 'decide');
    const basis = citationNode(citationFor(decideSpec, factsOf(req)));
    const canDecide = (req.allowed_actions || []).includes('decide');
    append(article, [
      h('h2', { id: titleId }, h('a', { href: requestPage(req.id) }, req.title)),
      h('p', { class: 'qmeta' }, kindBadge('data_request'), ' ', h('span', { class: 'ticket-id' }, req.id), ' · ',
        r.requester_name, r.organisation ? ` (${r.organisation})` : ''),
      h('p', { class: 'qmeta inbox-scope' }, `${t('f_scope')}: ${requestScopeLabel(rw, req.scope)}`, basis ? [' · ', basis] : null),
      box,
      personalDataNotice(req, { decider: canDecide, headingLevel: 'h3', id: `personal-${req.id}` }),
      h('h3', {}, t('dr_data_wanted')), h('p', { class: 'quote' }, req.description),
      h('h3', {}, t('dr_escalation')),
      escalation
        ? [h('p', { class: 'quote escalation-reason' }, escalation.payload && escalation.payload.reason),
          h('p', { class: 'muted' }, t('escalated_by', { actor: actorText(escalation, ctx.orgs), at: formatTime(escalation.at) }),
            citationNode(escalation.citation) ? [' · ', citationNode(escalation.citation)] : null)]
        : h('p', { class: 'muted' }, t('none')),
      r.proposal ? [h('h3', {}, t('dr_proposal')), grantList(r.proposal)] : null,
      h('h3', {}, t('dr_positions')),
      requestPositions(req, history, rw)]);
    if (canDecide) {
      const { form, read } = eventForm('decide', { ...ctx, workflow: rw, ticket: req });
      const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('confirm'));
      form.prepend(h('h3', {}, t('decision_form')));
      form.append(h('div', { class: 'form-actions' }, submit));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        hide(box);
        let payload;
        try { payload = read(); } catch (err) { showError(box, { title: t('error_title'), detail: err.detail }); err.control.focus(); return; }
        submit.disabled = true;
        try {
          await api.post(`${requestApi(req.id)}/events`, { type: 'decide', expected_version: req.version, ...payload });
          await draw();
          showOk(status, t('dr_decided', { id: req.id }));
          status.focus();
        } catch (e) {
          showError(box, e);
          submit.disabled = false;
        }
      });
      article.append(form);
    }
    article.append(h('p', {}, h('a', { href: requestPage(req.id) }, t('open_request'))));
    return article;
  };

  // The units' answers in a request's history: opinions, agreements and disagreements, and
  // the comments of units other than DoICT (the request's reporter_org).
  const requestPositions = (req, history, rw) => {
    const text = { give_opinion: 'opinion', agree: 'note', disagree: 'reason', comment: 'body' };
    const answers = history.filter((ev) => ['give_opinion', 'agree', 'disagree'].includes(ev.type)
      || (ev.type === 'comment' && ev.actor_org !== req.reporter_org));
    if (!answers.length) return h('p', { class: 'muted' }, t('no_positions'));
    return h('ul', { class: 'positions-list' }, answers.map((ev) => h('li', {},
      h('div', { class: 'tl-meta' }, h('strong', {}, eventLabelIn(rw, ev.type)),
        ev.type === 'give_opinion' ? [' · ', ev.payload.agrees ? t('dr_agrees') : t('dr_disagrees')] : null,
        ' · ', actorText(ev, ctx.orgs), ' · ', h('time', { datetime: ev.at }, formatTime(ev.at))),
      ev.payload && ev.payload[text[ev.type]] ? h('p', { class: 'quote' }, ev.payload[text[ev.type]]) : null)));
  };
  await draw();
}
