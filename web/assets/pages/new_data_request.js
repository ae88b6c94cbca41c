// /data-requests/new (DoICT staff): record a data-sharing request (POST
// /api/v1/data-requests, the `submit` event): an outside agency's from the National Data
// Portal, with the portal's reference (Art. 12.1b), or a person's or business's handed in
// at the desk (Art. 13.1). The units that manage the data come from the directory. When
// the data includes personal data, the purpose and the legal basis of the use are marked
// as what the deciding officer reads first.

import { api } from '../api.js';
import { h, alertBox, showError, hide, field, uid } from '../dom.js';
import { t } from '../i18n.js';
import { labelOf } from '../workflow_data.js';
import { citationNode, citationFor } from '../citation.js';
import { isDoict } from '../session.js';
import { authorities } from '../authorities.js';
import { checkGroup, checkField, clearFieldErrors, requireFilled, showProblem, renderForbidden } from '../forms.js';
import { REQUESTS_API, loadRequestWorkflow, requestPage } from '../requests.js';

const SCOPES = ['outside_agency', 'person_or_business'];

export async function render(main, ctx) {
  if (!isDoict(ctx.user)) { renderForbidden(main, t('dr_new_title'), ['engineer', 'coordinator']); return; }
  const box = alertBox();
  main.append(h('h1', {}, t('dr_new_title')), h('p', { class: 'muted' }, t('dr_new_intro')));
  let workflow;
  try { workflow = await loadRequestWorkflow(); } catch (e) { main.append(box); showError(box, e); return; }
  const submitSpec = (workflow.events || []).find((e) => e.type === 'submit');

  // Who asks: each choice with the article it rests on.
  const scopes = h('fieldset', { class: 'field scopes' }, h('legend', {}, t('dr_scope_legend')));
  SCOPES.forEach((id, i) => {
    const rid = uid('scope');
    const helpId = uid('scopehelp');
    const scope = (workflow.scopes || []).find((s) => s.id === id);
    scopes.append(h('div', { class: 'choice' },
      h('input', { type: 'radio', name: 'scope', value: id, id: rid, 'aria-describedby': helpId, checked: i === 0 }),
      h('label', { for: rid }, labelOf(scope, id)),
      h('p', { class: 'hint choice-help', id: helpId }, citationNode(citationFor(submitSpec, { scope: id }), { prefix: false }))));
  });

  const input = (name, attrs = {}) => h('input', { name, type: 'text', maxlength: 200, autocomplete: 'off', ...attrs });
  const portal = input('portal_reference');
  const title = input('title', { required: true });
  const dataWanted = h('textarea', { name: 'data_wanted', rows: 4, maxlength: 20000, required: true });
  const requester = input('requester_name', { required: true });
  const organisation = input('organisation');
  const taxCode = input('tax_code');
  const email = input('email', { type: 'email', autocomplete: 'off' });
  const phone = input('phone', { type: 'tel', autocomplete: 'off' });
  const periodFrom = h('input', { name: 'period_from', type: 'date' });
  const periodTo = h('input', { name: 'period_to', type: 'date' });
  const purpose = h('textarea', { name: 'purpose', rows: 3, maxlength: 20000, required: true });
  const legalBasis = h('textarea', { name: 'legal_basis', rows: 3, maxlength: 20000, required: true });
  const personal = h('input', { type: 'checkbox', name: 'personal_data' });

  // The units that manage the data: the province's orgs in the directory, not DoICT itself
  // (nor the ministry, which manages none of the province's data).
  const doict = authorities() && authorities().doict ? authorities().doict.id : ctx.user.org;
  const owners = checkGroup(t('dr_owners'), 'owners',
    ctx.orgs.filter((o) => o.id !== doict && o.active !== false && o.kind !== 'ministry').map((o) => [o.id, o.name]), [], t('dr_owners_hint'));

  const portalField = field(t('dr_portal_reference'), portal, t('dr_portal_hint'));
  const requesterLabel = h('span');
  const requesterField = field('', requester);
  requesterField.querySelector('label').append(requesterLabel);
  const organisationLabel = h('span');
  const organisationField = field('', organisation);
  organisationField.querySelector('label').append(organisationLabel);
  const taxField = field(t('dr_tax_code'), taxCode);

  const useNote = h('p', { class: 'personal-note', hidden: true }, h('strong', {}, t('dr_use_personal')));
  const use = h('fieldset', { class: 'field use-fieldset' }, h('legend', {}, t('dr_use_legend')), useNote,
    field(t('dr_purpose'), purpose), field(t('dr_legal_basis'), legalBasis));

  const scopeNow = () => form.querySelector('input[name=scope]:checked').value;
  const follow = () => {
    const outside = scopeNow() === 'outside_agency';
    portalField.hidden = !outside;
    taxField.hidden = outside;
    requesterLabel.textContent = outside ? t('dr_requester_agency') : t('dr_requester_person');
    organisationLabel.textContent = outside ? t('dr_organisation_agency') : t('dr_organisation_business');
    use.classList.toggle('personal-data', personal.checked);
    useNote.hidden = !personal.checked;
  };

  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('dr_submit'));
  const form = h('form', { class: 'card form', novalidate: true },
    box,
    scopes,
    portalField,
    field(t('dr_title'), title),
    field(t('dr_data_wanted'), dataWanted),
    requesterField,
    organisationField,
    taxField,
    h('div', { class: 'form-row' }, field(t('dr_email'), email), field(t('dr_phone'), phone)),
    h('div', { class: 'form-row' }, field(t('dr_period_from'), periodFrom), field(t('dr_period_to'), periodTo)),
    owners.wrap,
    checkField(t('dr_personal_data_label'), personal, t('dr_personal_data_hint')),
    use,
    h('div', { class: 'form-actions' }, submit));
  form.addEventListener('change', follow);
  follow();

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    hide(box);
    clearFieldErrors(form);
    const outside = scopeNow() === 'outside_agency';
    const required = [[title, t('dr_title')], [dataWanted, t('dr_data_wanted')],
      [requester, outside ? t('dr_requester_agency') : t('dr_requester_person')],
      [purpose, t('dr_purpose')], [legalBasis, t('dr_legal_basis')]];
    if (outside) required.unshift([portal, t('dr_portal_reference')]);
    if (!requireFilled(required)) return;
    const body = {
      scope: scopeNow(),
      title: title.value.trim(),
      data_wanted: dataWanted.value.trim(),
      requester_name: requester.value.trim(),
      purpose: purpose.value.trim(),
      legal_basis: legalBasis.value.trim(),
      personal_data: personal.checked,
      owners: owners.values(),
    };
    const optional = { organisation, email, phone, period_from: periodFrom, period_to: periodTo };
    if (outside) optional.portal_reference = portal; else optional.tax_code = taxCode;
    for (const [k, control] of Object.entries(optional)) if (control.value.trim()) body[k] = control.value.trim();
    submit.disabled = true;
    submit.textContent = t('submitting');
    try {
      const created = await api.post(REQUESTS_API, body);
      location.assign(requestPage(created.id));
    } catch (e) {
      showProblem(box, e, { title, data_wanted: dataWanted, requester_name: requester, organisation, tax_code: taxCode, email, phone,
        portal_reference: portal, period_from: periodFrom, period_to: periodTo, purpose, legal_basis: legalBasis, owners: owners.first });
      submit.disabled = false;
      submit.textContent = t('dr_submit');
    }
  });
  main.append(form);
}
