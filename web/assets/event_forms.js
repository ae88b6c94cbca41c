// The form each workflow event needs: its payload fields as spec/WORKFLOW.md and the
// engine's command parser (engine/src/command.cpp) define them. Required text fields
// are checked here too, so that an empty field gets a message before any request. Each
// form says what the event will cite for this ticket (citation.js).

import { h, clear, field, select, uid } from './dom.js';
import { t } from './i18n.js';
import { eventLabel, rejectGrounds, labelOf } from './workflow_data.js';
import { citationFor, citationNode, factsOf } from './citation.js';
import { hasRole } from './session.js';
import { checkGroup } from './forms.js';

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

// A decision of the Chairman (an escalated request), not DoICT's: who signed it.
const chairmanDecides = (ctx) => !!ctx.ticket && ctx.ticket.state === 'awaiting_chairman';
const grants = (values) => values.outcome !== 'refuse';

// The data-sharing request workflow's events (engine/src/command.cpp: the request commands;
// GET /api/v1/workflows/data_request lists the same fields). More kinds here: orgs (a group
// of checkboxes, an array of org ids), lines (one item per line, an array of strings), and
// choice with `boolean` (its value "true"/"false" sent as a boolean). showIf(ctx): the field
// exists for this ticket; showWhen(values) and requiredWhen(values): by what the form says
// now (a refusal asks no datasets; it asks a reason).
export const REQUEST_EVENT_FIELDS = {
  screen: [{ name: 'note', kind: 'textarea', label: 'ev_dr_note_label', optional: true }],
  request_info: [{ name: 'question', kind: 'textarea', label: 'ev_dr_question_label' }],
  provide_info: [{ name: 'answer', kind: 'textarea', label: 'ev_dr_answer_label' }],
  consult: [
    { name: 'units', kind: 'orgs', label: 'ev_units_label', hint: 'ev_units_hint' },
    { name: 'question', kind: 'textarea', label: 'ev_consult_question_label' },
    { name: 'due', kind: 'date', label: 'ev_opinions_due_label' },
  ],
  give_opinion: [
    { name: 'agrees', kind: 'choice', boolean: true, label: 'ev_agrees_label', options: [['true', 'ev_agrees_yes'], ['false', 'ev_agrees_no']] },
    { name: 'opinion', kind: 'textarea', label: 'ev_opinion_label' },
  ],
  agree: [{ name: 'note', kind: 'textarea', label: 'ev_agree_note_label', optional: true }],
  disagree: [{ name: 'reason', kind: 'textarea', label: 'ev_disagree_reason_label' }],
  decide: [
    { name: 'outcome', kind: 'choice', label: 'ev_outcome_label',
      options: [['grant', 'dr_outcome_grant'], ['partial', 'dr_outcome_partial'], ['refuse', 'dr_outcome_refuse']] },
    { name: 'datasets', kind: 'lines', label: 'ev_datasets_label', hint: 'ev_datasets_hint', optional: true, showWhen: grants, requiredWhen: grants },
    { name: 'valid_until', kind: 'date', label: 'ev_valid_until_label', optional: true, showWhen: grants, requiredWhen: grants },
    { name: 'conditions', kind: 'textarea', label: 'ev_conditions_label', optional: true, showWhen: grants },
    { name: 'reason', kind: 'textarea', label: 'ev_dr_reason_label', hint: 'ev_dr_reason_hint', optional: true,
      requiredWhen: (values) => values.outcome !== 'grant' },
    { name: 'signer', kind: 'text', label: 'ev_signer_label', hint: 'ev_signer_hint', showIf: chairmanDecides, optional: notOnBehalf, defaultMe: 'chairman' },
    { name: 'signed_as', kind: 'choice', label: 'ev_signed_as_label', showIf: chairmanDecides,
      options: [['chairman', 'signed_as_chairman'], ['vice_chairman', 'signed_as_vice_chairman']] },
    { name: 'document_number', kind: 'text', label: 'ev_dr_document_number_label', optional: (ctx) => !chairmanDecides(ctx) || notOnBehalf(ctx) },
    { name: 'document_date', kind: 'date', label: 'ev_dr_document_date_label', optional: (ctx) => !chairmanDecides(ctx) || notOnBehalf(ctx) },
  ],
  escalate_chairman: [{ name: 'reason', kind: 'textarea', label: 'ev_dr_escalate_reason_label' }],
  withdraw: [{ name: 'reason', kind: 'textarea', label: 'ev_withdraw_reason_label', optional: true }],
  close: [{ name: 'note', kind: 'textarea', label: 'ev_close_note_label', optional: true }],
  comment: [{ name: 'body', kind: 'textarea', label: 'comment_label' }],
};

// The table of `workflow` (an export): the request workflow's, or the incidents'.
function fieldsOf(workflow, type) {
  const table = workflow && workflow.name === 'data_request' ? REQUEST_EVENT_FIELDS : EVENT_FIELDS;
  return table[type] || [];
}

// Builds the form for `type`. ctx: {workflow, orgs, user, ticket, submitLabel}.
// Returns {form, read}: read() gives the payload, or throws {detail, control} for a
// missing required field.
export function eventForm(type, ctx, hintText) {
  const fields = fieldsOf(ctx.workflow, type).filter((f) => !f.showIf || f.showIf(ctx));
  const controls = [];
  const wraps = new Map();  // field -> its .field element (shown or hidden by showWhen)
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
    } else if (f.kind === 'orgs') {
      // The units to name (not the ticket's own org: DoICT for a request).
      const taken = new Set([ctx.ticket ? ctx.ticket.reporter_org : '']);
      const options = (ctx.orgs || []).filter((o) => !taken.has(o.id) && o.active !== false).map((o) => [o.id, o.name]);
      const group = checkGroup(t(f.label), f.name, options, [], f.hint ? t(f.hint) : undefined);
      group.wrap.dataset.field = f.name;
      form.append(group.wrap);
      wraps.set(f, group.wrap);
      controls.push([f, { group, focus: () => group.first && group.first.focus() }]);
      continue;
    } else if (f.kind === 'lines') {
      control = h('textarea', { name: f.name, rows: 3, maxlength: 20000 });
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
    const wrap = field(t(f.label), control, f.hint ? t(f.hint) : undefined);
    form.append(wrap);
    wraps.set(f, wrap);
    controls.push([f, control]);
  }
  // What the form says now, as text (for showWhen and requiredWhen).
  const values = () => {
    const out = {};
    for (const [f, control] of controls) if (f.kind !== 'checkbox' && f.kind !== 'orgs') out[f.name] = control.value.trim();
    return out;
  };
  const shown = (f, now) => !f.showWhen || f.showWhen(now);
  const follow = () => {
    const now = values();
    for (const [f, wrap] of wraps) wrap.hidden = !shown(f, now);
  };
  if ([...wraps.keys()].some((f) => f.showWhen)) {
    follow();
    form.addEventListener('change', follow);
  }
  const read = () => {
    const payload = {};
    const now = values();
    for (const [f, control] of controls) {
      if (!shown(f, now)) continue;
      if (f.kind === 'checkbox') { payload[f.name] = control.checked; continue; }
      const required = !optionalIn(f) || (!!f.requiredWhen && f.requiredWhen(now));
      if (f.kind === 'orgs') {
        const ids = control.group.values();
        if (!ids.length) {
          if (!required) continue;
          throw { detail: t('required_field', { field: t(f.label) }), control };
        }
        payload[f.name] = ids;
        continue;
      }
      const v = control.value.trim();
      if (!v) {
        if (!required) continue;
        throw { detail: t('required_field', { field: t(f.label) }), control };
      }
      if (f.kind === 'lines') payload[f.name] = v.split('\n').map((x) => x.trim()).filter(Boolean);
      else if (f.boolean) payload[f.name] = v === 'true';
      else payload[f.name] = v;
    }
    for (const [f] of controls) if (f.omitIf && f.omitIf(payload)) delete payload[f.name];
    return payload;
  };
  // The citation follows what the form says (the grounds, a duplicate).
  if (spec && spec.citations && spec.citations.length) {
    const current = () => {
      const values = {};
      for (const [f, control] of controls) if (f.kind !== 'checkbox' && f.kind !== 'orgs') values[f.name] = control.value.trim();
      return values;
    };
    form.addEventListener('input', () => showBasis(current()));
    form.addEventListener('change', () => showBasis(current()));
  }
  return { form, read };
}

export function formTitle(type) { return eventLabel(type); }
