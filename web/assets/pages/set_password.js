// /set-password#token=...: the one-time link an administrator gives a new user (or after
// a reset). The token is read from the fragment, which the browser never sends to any
// server, and only ever travels in the body of POST /api/v1/set-password {"token","new"}.
// Done: off to /login. An unknown, used or expired link: the server's problem (404).

import { api } from '../api.js';
import { h, alertBox, showError, hide } from '../dom.js';
import { t } from '../i18n.js';
import { clearFieldErrors, showProblem } from '../forms.js';
import { newPasswordFields } from '../new_password.js';

// The token of "#token=...", or ''.
export function tokenFromHash(hash) {
  const params = new URLSearchParams(String(hash || '').replace(/^#/, ''));
  return (params.get('token') || '').trim();
}

export async function render(main) {
  const token = tokenFromHash(location.hash);
  const box = alertBox();
  main.append(h('h1', {}, t('setpw_title')));
  if (!token) {
    main.append(box, h('p', {}, h('a', { href: '/login' }, t('login_title'))));
    showError(box, { title: t('error_title'), detail: t('setpw_no_token') });
    return;
  }
  const np = newPasswordFields();
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, t('setpw_submit'));
  const form = h('form', { class: 'card form password-form', novalidate: true },
    h('p', { class: 'muted' }, t('setpw_intro')),
    box,
    np.fields,
    h('div', { class: 'form-actions' }, button));
  main.append(form);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    hide(box);
    clearFieldErrors(form);
    if (!np.check()) return;
    button.disabled = true;
    try {
      // No Idempotency-Key: nothing of this request may be kept for a replay.
      await api.post('/api/v1/set-password', { token, new: np.fresh.value }, { idempotent: false, redirectOn401: false });
      // The link is spent; drop it from the address bar and the history entry.
      history.replaceState(null, '', '/set-password');
      location.assign('/login?password_set=1');
    } catch (e) {
      showProblem(box, e, { new: np.fresh });
      button.disabled = false;
    }
  });
  np.fresh.focus();
}
