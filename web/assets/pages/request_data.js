// /request-data (public, no account; issue 15.2, Art. 13.1): a person or a business asks to
// use the province's shared data. The fields of POST /api/v1/public/data-requests, checked
// here first (required fields, the address, the period); a problem the server finds goes
// next to the field it names (422) or at the top (429: too many requests). On 202 the page
// says to open the mail, which holds the confirmation link, and shows the tracking link and
// the time the confirmation is due by.

import { h, alertBox, hide, field, uid } from '../dom.js';
import { t } from '../i18n.js';
import { formatTime } from '../format.js';
import { checkField, clearFieldErrors, requireFilled, setFieldError, showProblem } from '../forms.js';
import { PUBLIC_API, publicPost, statusPath } from '../public_request.js';

// Good enough to catch a typo; the mail itself is the real check.
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

function mailSent(main, { email, created }) {
  const tracking = statusPath(created.code);
  const heading = h('h1', { tabindex: -1, id: 'pr-sent-title' }, t('pr_sent_title'));
  main.append(h('div', { class: 'public-wrap' }, h('section', { class: 'card pr-mail-sent', 'aria-labelledby': 'pr-sent-title' },
    heading,
    h('p', {}, t('pr_sent_text', { email })),
    h('p', {}, t('pr_confirm_by'), ' ', h('strong', { class: 'pr-confirm-by' }, h('time', { datetime: created.confirm_by }, formatTime(created.confirm_by)))),
    h('p', {}, t('pr_sent_not_filed')),
    h('h2', { id: 'pr-sent-h' }, t('pr_tracking_title')),
    h('p', {}, t('pr_tracking_text')),
    h('p', {}, h('a', { href: tracking, class: 'tracking-url' }, `${location.origin}${tracking}`)),
    h('p', { class: 'hint' }, t('pr_keep_link')),
    h('p', { class: 'hint' }, t('pr_sent_spam')))));
  heading.focus();
}

export async function render(main) {
  const box = alertBox();
  const text = (name, attrs = {}) => h('input', { name, type: 'text', maxlength: 200, ...attrs });
  const requester = text('requester_name', { required: true, autocomplete: 'name' });
  const organisation = text('organisation', { autocomplete: 'organization' });
  const taxCode = text('tax_code', { inputmode: 'numeric', maxlength: 20 });
  const email = text('email', { type: 'email', required: true, autocomplete: 'email', inputmode: 'email', autocapitalize: 'none', spellcheck: 'false' });
  const phone = text('phone', { type: 'tel', autocomplete: 'tel', maxlength: 30 });
  const title = text('title', { required: true });
  const dataWanted = h('textarea', { name: 'data_wanted', rows: 4, maxlength: 20000, required: true });
  const periodFrom = h('input', { name: 'period_from', type: 'date' });
  const periodTo = h('input', { name: 'period_to', type: 'date' });
  const purpose = h('textarea', { name: 'purpose', rows: 3, maxlength: 20000, required: true });
  const legalBasis = h('textarea', { name: 'legal_basis', rows: 3, maxlength: 20000, required: true });
  const personal = h('input', { type: 'checkbox', name: 'personal_data' });

  // A required field says so in its hint and to assistive technology (required).
  const required = (label) => label;
  const personalNote = h('p', { class: 'alert alert-warn personal-note', hidden: true, id: uid('pnote') }, t('pr_personal_note'));
  const use = h('fieldset', { class: 'field use-fieldset' }, h('legend', {}, t('dr_use_legend')), personalNote,
    field(required(t('dr_purpose')), purpose, t('pr_purpose_hint')),
    field(required(t('dr_legal_basis')), legalBasis, t('pr_legal_basis_hint')));
  const follow = () => {
    personalNote.hidden = !personal.checked;
    use.classList.toggle('personal-data', personal.checked);
  };
  personal.addEventListener('change', follow);

  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('pr_submit'));
  const form = h('form', { class: 'card form public-form', novalidate: true, 'aria-labelledby': 'pr-form-h' },
    box,
    h('fieldset', { class: 'field' }, h('legend', {}, t('pr_who_legend')),
      field(required(t('pr_requester_name')), requester, t('pr_requester_hint')),
      field(t('dr_organisation_business'), organisation),
      field(t('pr_tax_code'), taxCode, t('pr_tax_code_hint')),
      h('div', { class: 'form-row' },
        field(required(t('dr_email')), email, t('pr_email_hint')),
        field(t('pr_phone'), phone))),
    h('fieldset', { class: 'field' }, h('legend', {}, t('pr_what_legend')),
      field(required(t('dr_title')), title, t('pr_title_hint')),
      field(required(t('dr_data_wanted')), dataWanted, t('pr_data_wanted_hint')),
      h('div', { class: 'form-row' }, field(t('dr_period_from'), periodFrom), field(t('dr_period_to'), periodTo))),
    checkField(t('dr_personal_data_label'), personal, t('pr_personal_hint')),
    use,
    h('p', { class: 'hint' }, t('pr_required_note')),
    h('p', { class: 'hint' }, t('pr_privacy_note')),
    h('div', { class: 'form-actions' }, submit));

  main.append(h('div', { class: 'public-wrap' },
    h('h1', { id: 'pr-form-h' }, t('pr_form_title')),
    h('p', {}, t('pr_form_intro')),
    h('ol', { class: 'pr-steps' }, h('li', {}, t('pr_step_fill')), h('li', {}, t('pr_step_confirm')), h('li', {}, t('pr_step_follow'))),
    form));
  follow();

  // False (with the message beside the field, focused) when the form cannot be sent yet.
  const check = () => {
    if (!requireFilled([[requester, t('pr_requester_name')], [email, t('dr_email')]])) return false;
    if (!EMAIL_RE.test(email.value.trim())) { setFieldError(email, t('pr_email_invalid')); email.focus(); return false; }
    if (!requireFilled([[title, t('dr_title')], [dataWanted, t('dr_data_wanted')],
      [purpose, t('dr_purpose')], [legalBasis, t('dr_legal_basis')]])) return false;
    if (periodFrom.value && periodTo.value && periodFrom.value > periodTo.value) {
      setFieldError(periodTo, t('pr_period_order')); periodTo.focus(); return false;
    }
    return true;
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    hide(box);
    clearFieldErrors(form);
    if (!check()) return;
    const body = {
      title: title.value.trim(),
      data_wanted: dataWanted.value.trim(),
      purpose: purpose.value.trim(),
      legal_basis: legalBasis.value.trim(),
      requester_name: requester.value.trim(),
      email: email.value.trim(),
      personal_data: personal.checked,
    };
    const optional = { organisation, tax_code: taxCode, phone, period_from: periodFrom, period_to: periodTo };
    for (const [k, control] of Object.entries(optional)) if (control.value.trim()) body[k] = control.value.trim();
    submit.disabled = true;
    submit.textContent = t('submitting');
    try {
      const created = await publicPost(PUBLIC_API, body);
      main.replaceChildren();
      mailSent(main, { email: body.email, created });
    } catch (e) {
      showProblem(box, e, { requester_name: requester, organisation, tax_code: taxCode, email, phone, title, data_wanted: dataWanted,
        period_from: periodFrom, period_to: periodTo, purpose, legal_basis: legalBasis });
      submit.disabled = false;
      submit.textContent = t('pr_submit');
    }
  });
  requester.focus();
}
