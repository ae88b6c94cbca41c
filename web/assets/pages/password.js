// /account/password: the signed-in user changes their password (PUT /api/v1/me/password
// {"current","new"}). The server signs out the user's other sessions; a wrong current
// password or a refused new one comes back as a problem naming the field, shown next to it.

import { api } from '../api.js';
import { h, alertBox, showOk, hide, field } from '../dom.js';
import { t } from '../i18n.js';
import { clearFieldErrors, setFieldError, showProblem } from '../forms.js';
import { newPasswordFields } from '../new_password.js';

export async function render(main) {
  const box = alertBox();
  const current = h('input', { name: 'current', type: 'password', autocomplete: 'current-password', required: true });
  const np = newPasswordFields();
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, t('pw_submit'));
  const form = h('form', { class: 'card form password-form', novalidate: true },
    box,
    field(t('pw_current'), current),
    np.fields,
    h('div', { class: 'form-actions' }, button));
  main.append(h('h1', {}, t('pw_title')), h('p', { class: 'muted' }, t('pw_intro')), form);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    hide(box);
    clearFieldErrors(form);
    if (!current.value) {
      setFieldError(current, t('required_field', { field: t('pw_current') }));
      current.focus();
      return;
    }
    if (!np.check()) return;
    button.disabled = true;
    try {
      await api.put('/api/v1/me/password', { current: current.value, new: np.fresh.value });
      form.reset();
      showOk(box, t('pw_changed'));
      box.tabIndex = -1;
      box.focus();
    } catch (e) {
      showProblem(box, e, { current, new: np.fresh });
    } finally {
      button.disabled = false;
    }
  });
  current.focus();
}
