// The form each workflow event needs: its payload fields as spec/WORKFLOW.md and the
// engine's command parser (engine/src/command.cpp) define them. Required text fields
// are checked here too, so that an empty field gets a message before any request. Each
// form says what the event will cite for this ticket (citation.js).

import { h, clear, field, select, uid } from './dom.js';
import { t } from './i18n.js';
import { eventLabel, rejectGrounds, labelOf } from './workflow_data.js';
import { citationFor, citationNode, factsOf } from './citation.js';
import { hasRole } from './session.js';

// Staff of the Chairman's office record a decision on the signer's behalf: they must name
// the signer and the signed document (the server checks the same).
const onBehalf = (ctx) => !!ctx.user && hasRole(ctx.user, 'office_staff') && !hasRole(ctx.user, 'chairman');
const notOnBehalf = (ctx) => !onBehalf(ctx);

// name: the payload key; kind: text | textarea | org | checkbox | date | choice (options:
// [value, i18n key] pairs, or choices(): [value, label] pairs); label and hint: i18n keys;
// optional: true, or a function of the form's ctx; defaultMe: the user's username (as a
// chairman, for `signer`); omitIf(payload): leave the field out of the payload.
export const EVENT_FIELDS = {
  acknowledge: [],
  assign_doict: [{ name: 'assignee', kind: 'text', label: 'ev_assignee_label', optional: true, defaultMe: true }],
  request_party_fix: [
    { name: 'party', kind: 'org', label: 'ev_party_label' },
    { name: 'instructions', kind: 'textarea', label: 'ev_instructions_label' },
  ],
  request_info: [{ name: 'question', kind: 'textarea', label: 'ev_question_label' }],
  provide_info: [{ name: 'answer', kind: 'textarea', label: 'ev_answer_label' }],
  refer_ministry: [{ name: 'question', kind: 'textarea', label: 'ev_ministry_question_label' }],
  record_ministry_conclusion: [
    { name: 'conclusion', kind: 'textarea', label: 'ev_conclusion_label' },
    { name: 'document_number', kind: 'text', label: 'ev_ministry_document_number_label', optional: true },
    { name: 'document_date', kind: 'date', label: 'ev_ministry_document_date_label', optional: true },
  ],
  escalate_chairman: [{ name: 'reason', kind: 'textarea', label: 'ev_escalate_reason_label' }],
  approve_escalation: [{ name: 'note', kind: 'textarea', label: 'ev_note_label', optional: true }],
  return_escalation: [{ name: 'message', kind: 'textarea', label: 'ev_return_escalation_label' }],
  record_chairman_decision: [
    { name: 'decision', kind: 'textarea', label: 'ev_decision_label' },
    { name: 'requires_action', kind: 'checkbox', label: 'ev_requires_action_label', hint: 'ev_requires_action_hint' },
    { name: 'signer', kind: 'text', label: 'ev_signer_label', hint: 'ev_signer_hint', optional: notOnBehalf, defaultMe: 'chairman' },
    { name: 'signed_as', kind: 'choice', label: 'ev_signed_as_label',
      options: [['chairman', 'signed_as_chairman'], ['vice_chairman', 'signed_as_vice_chairman']] },
    { name: 'document_number', kind: 'text', label: 'ev_document_number_label', optional: notOnBehalf },
    { name: 'document_date', kind: 'date', label: 'ev_document_date_label', optional: notOnBehalf },
  ],
  return_to_doict: [{ name: 'message', kind: 'textarea', label: 'ev_return_to_doict_label' }],
  resolve: [{ name: 'resolution', kind: 'textarea', label: 'ev_resolution_label' }],
  confirm: [{ name: 'feedback', kind: 'textarea', label: 'ev_feedback_label', optional: true }],
  reopen: [{ name: 'reason', kind: 'textarea', label: 'ev_reopen_reason_label' }],
  // The grounds of Art. 1 (the workflow's reject_grounds); "duplicate" is not offered: it
  // follows from duplicate_of, and then no grounds are sent.
  reject: [
    { name: 'reason', kind: 'textarea', label: 'ev_reject_reason_label' },
    { name: 'grounds', kind: 'choice', label: 'ev_grounds_label', hint: 'ev_grounds_hint',
      choices: () => rejectGrounds().filter((g) => g.id !== 'duplicate').map((g) => [g.id, labelOf(g, g.id)]),
      omitIf: (payload) => !!payload.duplicate_of },
    { name: 'duplicate_of', kind: 'text', label: 'ev_duplicate_label', optional: true },
  ],
  comment: [{ name: 'body', kind: 'textarea', label: 'comment_label' }],
};

// Builds the form for `type`. ctx: {workflow, orgs, user, ticket, submitLabel}.
// Returns {form, read}: read() gives the payload, or throws {detail, control} for a
// missing required field.
export function eventForm(type, ctx, hintText) {
  const fields = EVENT_FIELDS[type] || [];
  const controls = [];
  const form = h('form', { class: 'event-form', novalidate: true, 'data-event': type });
  // What the event says, and what it will cite for this ticket (for reject: by the grounds
  // chosen, kept up to date below).
  const spec = ((ctx.workflow && ctx.workflow.events) || []).find((e) => e.type === type);
  const hint = hintText || (type === 'acknowledge' ? t('ev_acknowledge_hint') : '');
  const basis = h('span', { class: 'form-citation' });
  const hintLine = h('p', { class: 'muted form-hint' }, hint ? [hint, ' '] : null, basis);
  const showBasis = (payload = {}) => {
    const node = citationNode(citationFor(spec, factsOf(ctx.ticket, payload)));
    clear(basis).append(node || '');
    hintLine.hidden = !hint && !node;
  };
  showBasis();
  form.append(hintLine);
  const optionalIn = (f) => (typeof f.optional === 'function' ? f.optional(ctx) : !!f.optional);
  for (const f of fields) {
    let control;
    const optional = optionalIn(f);
    if (f.kind === 'textarea') {
      control = h('textarea', { name: f.name, rows: 4, required: !optional, maxlength: 20000 });
    } else if (f.kind === 'org') {
      const taken = new Set([ctx.ticket ? ctx.ticket.reporter_org : '']);
      const options = [['', '—']].concat((ctx.orgs || []).filter((o) => !taken.has(o.id)).map((o) => [o.id, o.name]));
      control = select(f.name, options, (ctx.ticket && ctx.ticket.parties && ctx.ticket.parties[0]) || '');
      control.required = true;
    } else if (f.kind === 'checkbox') {
      control = h('input', { type: 'checkbox', name: f.name });
      const id = uid('cb');
      control.id = id;
      const hid = f.hint ? uid('hint') : null;
      if (hid) control.setAttribute('aria-describedby', hid);
      form.append(h('div', { class: 'field field-check' }, control, h('label', { for: id }, t(f.label)),
        hid ? h('p', { class: 'hint', id: hid }, t(f.hint)) : null));
      controls.push([f, control]);
      continue;
    } else if (f.kind === 'choice') {
      const options = f.choices ? f.choices() : f.options.map(([v, key]) => [v, t(key)]);
      if (!options.length) continue;  // nothing to choose from (an older server): leave it out
      control = select(f.name, options, options[0][0]);
    } else if (f.kind === 'date') {
      // The browser's date picker; its value is YYYY-MM-DD, as the API wants it.
      control = h('input', { name: f.name, type: 'date', required: !optional });
    } else {
      const me = f.defaultMe === true || (f.defaultMe && ctx.user && (ctx.user.roles || []).includes(f.defaultMe));
      control = h('input', { name: f.name, type: 'text', required: !optional, autocomplete: 'off',
        value: me && ctx.user ? ctx.user.username : '' });
    }
    form.append(field(t(f.label), control, f.hint ? t(f.hint) : undefined));
    controls.push([f, control]);
  }
  const read = () => {
    const payload = {};
    for (const [f, control] of controls) {
      if (f.kind === 'checkbox') { payload[f.name] = control.checked; continue; }
      const v = control.value.trim();
      if (!v) {
        if (optionalIn(f)) continue;
        throw { detail: t('required_field', { field: t(f.label) }), control };
      }
      payload[f.name] = v;
    }
    for (const [f] of controls) if (f.omitIf && f.omitIf(payload)) delete payload[f.name];
    return payload;
  };
  // The citation follows what the form says (the grounds, a duplicate).
  if (spec && spec.citations && spec.citations.length) {
    const current = () => {
      const values = {};
      for (const [f, control] of controls) if (f.kind !== 'checkbox') values[f.name] = control.value.trim();
      return values;
    };
    form.addEventListener('input', () => showBasis(current()));
    form.addEventListener('change', () => showBasis(current()));
  }
  return { form, read };
}

export function formTitle(type) { return eventLabel(type); }
