// /data-requests/{id}: a data-sharing request (Art. 12-13). First, for a request that asks
// for personal data, its purpose and legal basis (marked for whoever may decide it); then
// the actions the caller may take (event_forms.js builds each form from the request
// workflow's fields), the decision or DoICT's proposal, who was consulted and who
// answered, the owning units' agreement, the timeline with its citations, and the facts
// (the requester's contact only for DoICT: `request.contact_shown`).

import { api, ApiError } from '../api.js';
import { h, clear, alertBox, showError, showOk, hide, field } from '../dom.js';
import { t } from '../i18n.js';
import { formatTime, formatDate } from '../format.js';
import { eventLabelIn } from '../workflow_data.js';
import { orgName } from '../session.js';
import { clocksOf, slaKind, slaBadge, leftText } from '../sla.js';
import { renderTimeline, personName, historyItems, actorText } from '../timeline.js';
import { actionPanel, showSubmitError } from '../action_panel.js';
import {
  loadRequestWorkflow, requestApi, requestScopeLabel, stateBadge, grantList, personalDataNotice, orgList,
} from '../requests.js';

function row(label, value) {
  return [h('dt', {}, label), h('dd', {}, value === null || value === undefined || value === '' ? t('none') : value)];
}

function factsSection(req, ctx) {
  const r = req.request || {};
  const period = r.period_from || r.period_to ? `${formatDate(r.period_from)} – ${formatDate(r.period_to)}` : null;
  const dl = h('dl', { class: 'fields' },
    row(t('dr_id'), req.id),
    row(t('f_state'), stateBadge(ctx.workflow, req.state)),
    row(t('dr_scope'), requestScopeLabel(ctx.workflow, req.scope)),
    r.portal_reference || req.scope === 'outside_agency' ? row(t('dr_portal_reference'), r.portal_reference) : null,
    row(t('dr_requester'), r.requester_name),
    row(t('dr_organisation'), r.organisation),
    row(t('dr_purpose'), h('span', { class: 'description' }, r.purpose)),
    row(t('dr_legal_basis'), h('span', { class: 'description' }, r.legal_basis)),
    row(t('dr_period'), period),
    row(t('dr_personal_data'), r.personal_data ? t('yes') : t('no')),
    row(t('dr_owners'), orgList(ctx.orgs, r.owners)),
    row(t('dr_recorded_by'), `${personName(req, 'reporter')} (${orgName(ctx.orgs, req.reporter_org)})`),
    row(t('f_created'), formatTime(req.created_at)),
    row(t('f_updated'), formatTime(req.updated_at)));
  const contact = r.contact_shown
    ? h('dl', { class: 'fields contact', 'data-contact': 'shown' },
      row(t('dr_email'), r.email), row(t('dr_phone'), r.phone), req.scope === 'person_or_business' || r.tax_code ? row(t('dr_tax_code'), r.tax_code) : null)
    : h('p', { class: 'muted contact-hidden', 'data-contact': 'hidden' }, t('dr_contact_hidden'));
  return h('section', { class: 'card', 'aria-labelledby': 'facts-h' },
    h('h2', { id: 'facts-h' }, t('dr_facts')), dl,
    h('h3', {}, t('dr_data_wanted')), h('p', { class: 'description' }, req.description),
    h('h3', {}, t('dr_contact')), contact);
}

// The decision clock (sla.resolve_due) and, while consulting, when the opinions are due.
function clockSection(req) {
  const c = clocksOf(req).find((x) => x.clock === 'resolve');
  const r = req.request || {};
  const list = h('ul', { class: 'clocks' });
  list.append(c
    ? h('li', { class: 'clock', 'data-clock': 'decision' }, h('span', { class: 'clock-name' }, t('dr_decision_due')), ' ', slaBadge(slaKind([c])), ' ',
      h('span', { class: 'clock-left' }, leftText(c)), ' ', h('span', { class: 'muted' }, '(', t('clock_due_at', { at: formatTime(c.due) }), ')'))
    : h('li', { class: 'clock', 'data-clock': 'decision' }, h('span', { class: 'clock-name' }, t('dr_decision_due')), ' ',
      h('span', { class: 'badge badge-none' }, t('dr_clock_stopped'))));
  if (r.opinions_due) {
    list.append(h('li', { class: 'clock', 'data-clock': 'consultation' }, h('span', { class: 'clock-name' }, t('dr_opinions_due')), ' ', formatDate(r.opinions_due)));
  }
  const breaches = (req.sla && req.sla.breaches) || [];
  return h('section', { class: 'card', 'aria-labelledby': 'clock-h' }, h('h2', { id: 'clock-h' }, t('dr_clock')), list,
    breaches.length ? [h('h3', {}, t('breaches')), h('ul', { class: 'breaches' }, breaches.map((b) => h('li', {},
      t('breach_item', { clock: b.clock === 'consultation' ? t('dr_opinions_due') : t('dr_decision_due'), level: b.level, at: formatTime(b.at) }))))] : null,
    h('p', { class: 'hint' }, t('sla_note')));
}

function decisionSection(req, people) {
  const r = req.request || {};
  const section = h('section', { class: 'card decision', 'aria-labelledby': 'decision-h' });
  if (r.decision) section.append(h('h2', { id: 'decision-h' }, t('dr_decision')), grantList(r.decision, people));
  else if (r.proposal) section.append(h('h2', { id: 'decision-h' }, t('dr_proposal')), grantList(r.proposal, people));
  else section.append(h('h2', { id: 'decision-h' }, t('dr_decision')), h('p', { class: 'muted' }, t('dr_no_decision')));
  return section;
}

// The unit an answer is of: the payload's `unit`, else the actor's org.
const unitOf = (ev) => (ev.payload && ev.payload.unit) || ev.actor_org;

function consultedSection(req, history, ctx) {
  const r = req.request || {};
  const section = h('section', { class: 'card', 'aria-labelledby': 'consulted-h' }, h('h2', { id: 'consulted-h' }, t('dr_consulted')));
  if (!(r.consulted || []).length) { section.append(h('p', { class: 'muted' }, t('dr_not_consulted'))); return section; }
  if (r.opinions_due) section.append(h('p', { class: 'muted' }, `${t('dr_opinions_due')}: ${formatDate(r.opinions_due)}`));
  const list = h('ul', { class: 'units' });
  for (const org of r.consulted) {
    const answered = (r.opinions_from || []).includes(org);
    const ev = [...history].reverse().find((e) => e.type === 'give_opinion' && unitOf(e) === org);
    list.append(h('li', { class: 'unit', 'data-org': org },
      h('span', { class: 'unit-name' }, orgName(ctx.orgs, org)), ' ',
      h('span', { class: `badge ${answered ? 'badge-active' : 'badge-absent'}` }, answered ? t('dr_answered') : t('dr_not_answered')),
      ev && ev.payload ? [' ', h('span', { class: 'unit-position' }, ev.payload.agrees ? t('dr_agrees') : t('dr_disagrees')),
        h('p', { class: 'quote' }, ev.payload.opinion),
        h('p', { class: 'tl-meta' }, actorText(ev, ctx.orgs), ' · ', h('time', { datetime: ev.at }, formatTime(ev.at)))] : null));
  }
  section.append(list);
  return section;
}

function agreementSection(req, history, ctx) {
  const r = req.request || {};
  const section = h('section', { class: 'card', 'aria-labelledby': 'agreement-h' }, h('h2', { id: 'agreement-h' }, t('dr_agreement')));
  if (!(r.owners || []).length) { section.append(h('p', { class: 'muted' }, t('dr_no_owners'))); return section; }
  if (req.scope === 'outside_agency') section.append(h('p', { class: 'hint' }, t('dr_agreement_intro')));
  const asked = !!r.proposal || history.some((e) => e.type === 'agree' || e.type === 'disagree') || req.state === 'awaiting_agreement';
  const list = h('ul', { class: 'units' });
  for (const org of r.owners) {
    const agreed = (r.agreed_by || []).includes(org);
    const disagreed = (r.disagreed_by || []).includes(org);
    const ev = [...history].reverse().find((e) => (e.type === 'agree' || e.type === 'disagree') && unitOf(e) === org);
    const [cls, key] = agreed ? ['badge-active', 'dr_agreed'] : disagreed ? ['badge-inactive', 'dr_disagreed']
      : asked ? ['badge-absent', 'dr_agreement_pending'] : ['badge-none', 'dr_agreement_not_asked'];
    const text = ev && ev.payload && (ev.payload.reason || ev.payload.note);
    list.append(h('li', { class: 'unit', 'data-org': org },
      h('span', { class: 'unit-name' }, orgName(ctx.orgs, org)), ' ', h('span', { class: `badge ${cls}` }, t(key)),
      text ? h('p', { class: 'quote' }, text) : null,
      ev ? h('p', { class: 'tl-meta' }, actorText(ev, ctx.orgs), ' · ', h('time', { datetime: ev.at }, formatTime(ev.at))) : null));
  }
  section.append(list);
  return section;
}

export async function render(main, ctx) {
  const id = ctx.params.id;
  const status = alertBox();
  status.tabIndex = -1;  // focused after an action, so that its outcome is read out
  let flash = null;

  const load = async () => {
    clear(main);
    main.append(h('p', {}, h('a', { href: '/data-requests' }, t('dr_back'))));
    let req, history, workflow, people;
    try {
      [req, workflow] = await Promise.all([api.get(requestApi(id)), loadRequestWorkflow()]);
      const doc = await api.get(`${requestApi(id)}/history`);
      history = historyItems(doc);
      people = (doc && doc.people) || {};
    } catch (e) {
      main.append(h('h1', {}, (e instanceof ApiError && e.title) || t('error_title')), status);
      showError(status, e);
      return;
    }
    const c = { ...ctx, workflow, ticket: req };
    const label = (type) => eventLabelIn(workflow, type);
    main.append(h('h1', { class: 'ticket-title' }, req.title),
      h('p', { class: 'ticket-sub' }, h('span', { class: 'ticket-id' }, req.id), ' ', stateBadge(workflow, req.state), ' ',
        h('span', { class: 'muted' }, requestScopeLabel(workflow, req.scope))),
      status);
    if (flash) { showOk(status, flash); flash = null; } else hide(status);

    const allowed = req.allowed_actions || [];
    const notice = personalDataNotice(req, { decider: allowed.includes('decide') });
    if (notice) main.append(notice);

    const layout = h('div', { class: 'ticket-layout' });
    const left = h('div', { class: 'ticket-main' });
    const right = h('div', { class: 'ticket-side' });
    layout.append(left, right);
    main.append(layout);

    const submitEvent = async (type, payload, box, button) => {
      button.disabled = true;
      try {
        await api.post(`${requestApi(id)}/events`, { type, expected_version: req.version, ...payload });
        flash = `${label(type)}: ${t('saved')}`;
        await load();
        status.focus();
      } catch (e) {
        showSubmitError(box, button, e);
      }
    };

    const actions = allowed.filter((a) => a !== 'comment');
    const actionsSection = h('section', { class: 'card', 'aria-labelledby': 'actions-h' }, h('h2', { id: 'actions-h' }, t('actions')));
    if (!actions.length) actionsSection.append(h('p', { class: 'muted' }, t('no_actions')));
    const { buttons, slot } = actionPanel({ types: actions, ctx: c, label, submit: submitEvent });
    actionsSection.append(buttons, slot);
    left.append(actionsSection, decisionSection(req, people), consultedSection(req, history, c), agreementSection(req, history, c));

    if (allowed.includes('comment')) {
      const box = alertBox();
      const text = h('textarea', { name: 'body', rows: 3, maxlength: 20000 });
      const send = h('button', { type: 'submit', class: 'btn btn-primary' }, t('comment_send'));
      const form = h('form', { class: 'card comment-form', novalidate: true },
        box, field(t('comment_label'), text), h('div', { class: 'form-actions' }, send));
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        hide(box);
        if (!text.value.trim()) { showError(box, { title: t('error_title'), detail: t('required_field', { field: t('comment_label') }) }); text.focus(); return; }
        submitEvent('comment', { body: text.value.trim() }, box, send);
      });
      left.append(form);
    }

    left.append(h('section', { class: 'card', 'aria-labelledby': 'timeline-h' }, h('h2', { id: 'timeline-h' }, t('timeline')),
      renderTimeline(history, c)));
    right.append(factsSection(req, c), clockSection(req));
  };
  await load();
}
