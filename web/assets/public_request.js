// The public requester's pages (issue 15.2, Art. 13.1): a person or a business asks for the
// province's data without an account (/request-data), confirms the address from the mail
// (/request-data/confirm#code=..&token=..) and follows the request (/request-data/status#code=..).
// The tracking code and the token are secrets: they live in the URL fragment, which the
// browser sends to no server, and travel only in the API's paths and bodies
// (adapters/http/src/handlers_public_requests.cpp). What is shown is the API's view, chosen
// there field by field: the state, DoICT's questions, the decision; nothing internal.

import { api } from './api.js';
import { h, append, clear, alertBox, showError, showOk, hide, field } from './dom.js';
import { t } from './i18n.js';
import { formatDate, formatTime } from './format.js';
import { clearFieldErrors, requireFilled, showProblem } from './forms.js';

export const PUBLIC_API = '/api/v1/public/data-requests';
export const publicApi = (code) => `${PUBLIC_API}/${encodeURIComponent(code)}`;
export const statusPath = (code) => `/request-data/status#code=${encodeURIComponent(code)}`;

// No session, no CSRF token, and nothing of these answers kept for a replay.
const PUBLIC = { idempotent: false, redirectOn401: false };
export const publicGet = (path) => api.get(path, { redirectOn401: false });
export const publicPost = (path, body) => api.post(path, body, PUBLIC);

// {code, token} of "#code=...&token=..." ('' for what is missing).
export function fragmentParams(hash) {
  const params = new URLSearchParams(String(hash || '').replace(/^#/, ''));
  return { code: (params.get('code') || '').trim(), token: (params.get('token') || '').trim() };
}

function row(label, value) {
  return [h('dt', {}, label), h('dd', {}, value === null || value === undefined || value === '' ? t('none') : value)];
}

function timeNode(iso) {
  return iso ? h('time', { datetime: iso }, formatTime(iso)) : t('none');
}

// The decision that stands, as the requester is told it.
function decisionSection(view) {
  const d = view.decision;
  const section = h('section', { class: 'card decision', 'aria-labelledby': 'pr-decision-h' },
    h('h2', { id: 'pr-decision-h' }, t('pr_decision')));
  if (!d) { section.append(h('p', { class: 'muted' }, t('pr_no_decision'))); return section; }
  const doc = d.document_number || d.document_date
    ? t('dr_document_text', { number: d.document_number || t('none'), date: formatDate(d.document_date) }) : null;
  section.append(h('dl', { class: 'fields grant' },
    row(t('dr_outcome'), h('strong', { class: `outcome outcome-${d.outcome}` }, d.outcome_label_vi || t(`dr_outcome_${d.outcome}`))),
    d.outcome !== 'refuse' ? row(t('dr_datasets'), (d.datasets || []).length
      ? h('ul', { class: 'datasets' }, d.datasets.map((x) => h('li', {}, x))) : null) : null,
    d.valid_until ? row(t('dr_valid_until'), formatDate(d.valid_until)) : null,
    d.conditions ? row(t('dr_conditions'), h('span', { class: 'description' }, d.conditions)) : null,
    d.reason ? row(t('dr_reason'), h('span', { class: 'description pr-reason' }, d.reason)) : null,
    doc ? row(t('dr_document'), doc) : null));
  return section;
}

// DoICT's questions, each with the requester's answer when there is one.
function questionsSection(view) {
  const events = view.events || [];
  const questions = [];
  for (const e of events) {
    if (e.type === 'request_info') questions.push({ q: e, a: null });
    else if (e.type === 'provide_info' && questions.length && !questions[questions.length - 1].a) questions[questions.length - 1].a = e;
  }
  if (!questions.length) return null;
  return h('section', { class: 'card pr-questions', 'aria-labelledby': 'pr-questions-h' },
    h('h2', { id: 'pr-questions-h' }, t('pr_questions')),
    h('ol', { class: 'pr-question-list' }, questions.map(({ q, a }) => h('li', { class: 'pr-question' },
      h('p', { class: 'tl-meta' }, t('pr_asked_at'), ' ', timeNode(q.at)),
      h('p', { class: 'quote pr-question-text' }, q.text || t('none')),
      a ? [h('p', { class: 'tl-meta' }, t('pr_answered_at'), ' ', timeNode(a.at)), h('p', { class: 'quote pr-answer-text' }, a.text || t('none'))]
        : h('p', { class: 'muted' }, t('pr_not_answered'))))));
}

// The steps of the procedure the requester is told of. The units' answers to DoICT
// (opinions, agreements) are DoICT's to weigh, not the requester's: left out even without
// their text.
const INTERNAL_EVENTS = new Set(['give_opinion', 'agree', 'disagree', 'comment']);

function historySection(view) {
  const events = (view.events || []).filter((e) => !INTERNAL_EVENTS.has(e.type));
  return h('section', { class: 'card', 'aria-labelledby': 'pr-history-h' },
    h('h2', { id: 'pr-history-h' }, t('pr_history')),
    events.length ? h('ol', { class: 'timeline pr-timeline' }, events.map((e) => h('li', { class: 'tl-item' },
      h('span', { class: 'tl-type' }, e.label_vi || e.type), ' · ', timeNode(e.at),
      e.text ? h('p', { class: 'quote' }, e.text) : null)))
      : h('p', { class: 'muted' }, t('none')));
}

// The answer form (provide_info).
function answerForm(code, onDone) {
  const box = alertBox();
  const answer = h('textarea', { name: 'answer', rows: 4, maxlength: 20000 });
  const send = h('button', { type: 'submit', class: 'btn btn-primary' }, t('pr_answer_send'));
  const form = h('form', { class: 'card form pr-answer-form', novalidate: true, 'aria-labelledby': 'pr-answer-h' },
    h('h2', { id: 'pr-answer-h' }, t('pr_answer_title')),
    h('p', { class: 'muted' }, t('pr_answer_intro')),
    box,
    field(t('pr_answer_label'), answer, t('pr_answer_hint')),
    h('div', { class: 'form-actions' }, send));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    hide(box);
    clearFieldErrors(form);
    if (!requireFilled([[answer, t('pr_answer_label')]])) return;
    send.disabled = true;
    try {
      const view = await publicPost(`${publicApi(code)}/events`, { type: 'provide_info', answer: answer.value.trim() });
      onDone(view, t('pr_answer_done'));
    } catch (e) {
      showProblem(box, e, { answer });
      send.disabled = false;
    }
  });
  return form;
}

// The withdraw button, which asks once more before anything is sent.
function withdrawSection(code, onDone) {
  const box = alertBox();
  const open = h('button', { type: 'button', class: 'btn pr-withdraw-open', 'aria-expanded': 'false', 'aria-controls': 'pr-withdraw-confirm' }, t('pr_withdraw'));
  const reason = h('textarea', { name: 'reason', rows: 3, maxlength: 20000 });
  const yes = h('button', { type: 'submit', class: 'btn btn-danger' }, t('pr_withdraw_confirm'));
  const no = h('button', { type: 'button', class: 'btn btn-quiet' }, t('cancel'));
  const confirm = h('form', { class: 'pr-withdraw-form', id: 'pr-withdraw-confirm', hidden: true, novalidate: true },
    h('p', { class: 'pr-withdraw-warning' }, h('strong', {}, t('pr_withdraw_question'))),
    box,
    field(t('pr_withdraw_reason'), reason),
    h('div', { class: 'form-actions' }, yes, no));
  open.addEventListener('click', () => {
    confirm.hidden = false;
    open.setAttribute('aria-expanded', 'true');
    reason.focus();
  });
  no.addEventListener('click', () => {
    confirm.hidden = true;
    hide(box);
    open.setAttribute('aria-expanded', 'false');
    open.focus();
  });
  confirm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    hide(box);
    yes.disabled = true;
    const body = { type: 'withdraw' };
    if (reason.value.trim()) body.reason = reason.value.trim();
    try {
      onDone(await publicPost(`${publicApi(code)}/events`, body), t('pr_withdraw_done'));
    } catch (e) {
      showProblem(box, e, { reason });
      yes.disabled = false;
    }
  });
  return h('section', { class: 'card pr-withdraw', 'aria-labelledby': 'pr-withdraw-h' },
    h('h2', { id: 'pr-withdraw-h' }, t('pr_withdraw_title')),
    h('p', { class: 'muted' }, t('pr_withdraw_intro')),
    open, confirm);
}

// Draws `view` (GET /api/v1/public/data-requests/{code}) into `main`; `flash`: a message
// for the action just done. After an action the page draws the answer's view.
export function renderView(main, code, view, flash) {
  clear(main);
  const status = alertBox();
  status.tabIndex = -1;
  main.append(h('p', { class: 'muted pr-kicker' }, t('pr_status_kicker')),
    h('h1', { class: 'ticket-title' }, view.title || t('pr_status_title')));
  const sub = h('p', { class: 'ticket-sub' });
  if (view.id) sub.append(h('span', { class: 'ticket-id' }, view.id), ' ');
  sub.append(h('span', { class: `state state-${view.state || view.status}` }, view.state_label_vi || view.status_label_vi || view.status));
  main.append(sub, status);
  if (flash) showOk(status, flash);

  if (view.status === 'unconfirmed') {
    main.append(h('section', { class: 'card pr-unconfirmed', 'aria-labelledby': 'pr-unconfirmed-h' },
      h('h2', { id: 'pr-unconfirmed-h' }, t('pr_unconfirmed_title')),
      h('p', {}, t('pr_unconfirmed_text')),
      h('p', {}, t('pr_confirm_by'), ' ', h('strong', {}, timeNode(view.confirm_by)))));
  }

  const allowed = view.allowed_actions || [];
  if (allowed.includes('provide_info')) {
    main.append(h('div', { class: 'alert alert-warn pr-waiting', role: 'note' }, t('pr_waiting_you')));
  }

  const facts = h('section', { class: 'card', 'aria-labelledby': 'pr-facts-h' },
    h('h2', { id: 'pr-facts-h' }, t('dr_facts')),
    h('dl', { class: 'fields' },
      view.id ? row(t('dr_id'), view.id) : null,
      row(t('pr_status_label'), view.state_label_vi || view.status_label_vi),
      view.status === 'filed' ? row(t('dr_decision_due'), view.decision_due ? timeNode(view.decision_due) : t('pr_clock_stopped')) : null,
      row(t('dr_requester'), view.requester_name),
      row(t('pr_sent_at'), timeNode(view.created_at)),
      view.updated_at ? row(t('f_updated'), timeNode(view.updated_at)) : null),
    h('h3', {}, t('dr_data_wanted')), h('p', { class: 'description' }, view.data_wanted || t('none')),
    view.status === 'filed' ? h('p', { class: 'hint' }, t('pr_due_note')) : null);

  const redraw = (next, message) => { renderView(main, code, next, message); main.querySelector('[role=alert]').focus(); };
  if (view.status === 'filed') {
    // What awaits the requester comes first: the question and its form; else the decision.
    const questions = questionsSection(view);
    if (allowed.includes('provide_info')) append(main, [questions, answerForm(code, redraw), decisionSection(view)]);
    else append(main, [decisionSection(view), questions]);
    main.append(facts);
    if (allowed.includes('withdraw')) main.append(withdrawSection(code, redraw));
    main.append(historySection(view));
  } else {
    main.append(facts);
  }
  main.append(h('p', { class: 'hint pr-keep-secret' }, t('pr_keep_link')));
}

// Loads and draws the request of `code`, or says why it cannot.
export async function renderStatus(main, code) {
  if (!code) {
    const box = alertBox();
    main.append(h('h1', {}, t('pr_status_title')), box, h('p', {}, h('a', { href: '/request-data' }, t('pr_new_link'))));
    showError(box, { title: t('error_title'), detail: t('pr_no_code') });
    return;
  }
  try {
    renderView(main, code, await publicGet(publicApi(code)));
  } catch (e) {
    const box = alertBox();
    clear(main).append(h('h1', {}, t('pr_status_title')), box, h('p', {}, h('a', { href: '/request-data' }, t('pr_new_link'))));
    showError(box, e.status === 404 ? { ...e, title: t('error_title'), detail: t('pr_not_found'), status: 404 } : e);
  }
}
