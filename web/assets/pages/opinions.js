// /data-requests/opinions (a unit's focal point): the requests awaiting the answer of the
// caller's unit, computed from the list's `request` facts (requests.js awaitedFrom): those
// it was consulted on and has not answered (Art. 12.2, 13.2a: give_opinion), and those whose
// data it manages while DoICT's proposal awaits its agreement (Art. 12.2: agree or
// disagree). Each shows what was asked (the history's last consult naming the unit) and the
// forms to answer right here.

import { api } from '../api.js';
import { h, clear, alertBox, showError, showOk } from '../dom.js';
import { t } from '../i18n.js';
import { formatTime, formatDate } from '../format.js';
import { eventLabelIn } from '../workflow_data.js';
import { orgName } from '../session.js';
import { historyItems, actorText } from '../timeline.js';
import { actionPanel, showSubmitError } from '../action_panel.js';
import {
  awaitedFrom, fetchAllRequests, loadRequestWorkflow, requestApi, requestPage, requestScopeLabel, stateBadge,
  grantList, personalDataNotice,
} from '../requests.js';

const ANSWERS = { opinion: ['give_opinion'], agreement: ['agree', 'disagree'] };

export async function render(main, ctx) {
  const org = ctx.user.org;
  const status = alertBox();
  status.tabIndex = -1;
  main.append(h('h1', {}, t('opinions_title')));
  if (!org) { main.append(h('p', { class: 'empty' }, t('opinions_none_org'))); return; }
  main.append(h('p', { class: 'muted' }, t('opinions_intro', { org: orgName(ctx.orgs, org) })), status);
  const groups = h('div', { class: 'opinions' });
  main.append(groups);

  let generation = 0;
  const draw = async () => {
    const gen = ++generation;
    let workflow, items;
    try {
      [workflow, items] = await Promise.all([loadRequestWorkflow(), fetchAllRequests({ org })]);
    } catch (e) {
      showError(status, e);
      return;
    }
    const fresh = h('div');
    const awaited = items.map((req) => ({ req, kind: awaitedFrom(req, org) })).filter((x) => x.kind);
    if (!awaited.length) fresh.append(h('p', { class: 'empty' }, t('opinions_empty')));
    for (const [kind, heading] of [['opinion', 'opinions_consult'], ['agreement', 'opinions_agreement']]) {
      const mine = awaited.filter((x) => x.kind === kind);
      if (!mine.length) continue;
      // The nearest due first: the opinions' date, else the decision's.
      const due = (x) => Date.parse((x.req.request && x.req.request.opinions_due) || (x.req.sla && x.req.sla.resolve_due) || '9999-12-31');
      mine.sort((a, b) => due(a) - due(b));
      const hid = `opinions-${kind}`;
      const section = h('section', { class: 'qgroup', 'aria-labelledby': hid },
        h('h2', { id: hid }, t(heading), ' ', h('span', { class: 'count' }, `(${mine.length})`)));
      for (const { req } of mine) {
        let history = [];
        const box = alertBox();
        try { history = historyItems(await api.get(`${requestApi(req.id)}/history`)); } catch (e) { showError(box, e); }
        if (gen !== generation) return;
        section.append(item(req, kind, history, workflow, box));
      }
      fresh.append(section);
    }
    if (gen === generation) clear(groups).append(...fresh.childNodes);
  };

  const item = (req, kind, history, workflow, box) => {
    const r = req.request || {};
    const titleId = `req-${req.id}`;
    const article = h('article', { class: 'card inbox-item', 'aria-labelledby': titleId, 'data-request': req.id });
    const consult = [...history].reverse().find((ev) => ev.type === 'consult' && (ev.payload.units || []).includes(org));
    article.append(
      h('h3', { id: titleId }, h('a', { href: requestPage(req.id) }, req.title)),
      h('p', { class: 'qmeta' }, h('span', { class: 'ticket-id' }, req.id), ' · ', stateBadge(workflow, req.state), ' · ',
        requestScopeLabel(workflow, req.scope), ' · ', r.requester_name, r.organisation ? ` (${r.organisation})` : ''),
      h('p', { class: 'qmeta' }, kind === 'opinion' && r.opinions_due ? `${t('dr_opinions_due')}: ${formatDate(r.opinions_due)}`
        : req.sla && req.sla.resolve_due ? `${t('dr_decision_due')}: ${formatTime(req.sla.resolve_due)}` : null),
      box,
      h('dl', { class: 'fields compact' },
        h('dt', {}, t('dr_data_wanted')), h('dd', { class: 'description' }, req.description),
        r.personal_data ? null : [h('dt', {}, t('dr_purpose')), h('dd', { class: 'description' }, r.purpose),
          h('dt', {}, t('dr_legal_basis')), h('dd', { class: 'description' }, r.legal_basis)]));
    const notice = personalDataNotice(req, { headingLevel: 'h4', id: `personal-${req.id}` });
    if (notice) article.append(notice);
    if (kind === 'opinion' && consult) {
      article.append(h('h4', {}, t('opinions_question')), h('p', { class: 'quote' }, consult.payload.question),
        h('p', { class: 'tl-meta' }, actorText(consult, ctx.orgs), ' · ', h('time', { datetime: consult.at }, formatTime(consult.at))));
    }
    if (kind === 'agreement' && r.proposal) article.append(h('h4', {}, t('dr_proposal')), grantList(r.proposal));
    const types = ANSWERS[kind].filter((type) => (req.allowed_actions || []).includes(type));
    const label = (type) => eventLabelIn(workflow, type);
    const { buttons, slot } = actionPanel({ types, ctx: { ...ctx, workflow, ticket: req }, label, describedBy: titleId,
      submit: async (type, payload, formBox, button) => {
        button.disabled = true;
        try {
          await api.post(`${requestApi(req.id)}/events`, { type, expected_version: req.version, ...payload });
          await draw();
          showOk(status, t('opinions_done', { id: req.id }));
          status.focus();
        } catch (e) {
          showSubmitError(formBox, button, e);
        }
      } });
    article.append(buttons, slot, h('p', {}, h('a', { href: requestPage(req.id) }, t('open_request'))));
    return article;
  };
  await draw();
}
