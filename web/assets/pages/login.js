// /login: sign in with POST /api/v1/sessions ("cookie": true: the server sets the
// HttpOnly session cookie), then go to ?next= or the role's home page. ?password_set=1
// (from /set-password) says the password was set.

import { api, setCsrfToken } from '../api.js';
import { h, alertBox, showError, showOk, field, hide } from '../dom.js';
import { t } from '../i18n.js';
import { homeOf, safeNext } from '../session.js';

export async function render(main, { user, query }) {
  const next = safeNext(query.get('next'));
  if (user) {
    location.replace(next || homeOf(user));
    return;
  }
  const box = alertBox();
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, t('sign_in'));
  const form = h('form', { class: 'card form login-form', novalidate: true },
    h('h1', {}, t('login_title')),
    h('p', { class: 'muted' }, t('login_intro')),
    box,
    field(t('username'), username),
    field(t('password'), password),
    h('div', { class: 'form-actions' }, button));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    hide(box);
    for (const [input, key] of [[username, 'username'], [password, 'password']]) {
      if (!input.value) {
        showError(box, { title: t('error_title'), detail: t('required_field', { field: t(key) }) });
        input.focus();
        return;
      }
    }
    button.disabled = true;
    button.textContent = t('signing_in');
    try {
      const r = await api.post('/api/v1/sessions', { username: username.value.trim(), password: password.value, cookie: true },
        { idempotent: false, redirectOn401: false });
      setCsrfToken(r.csrf_token);
      location.assign(next || homeOf(r.user));
    } catch (e) {
      showError(box, e);
      password.value = '';
      password.focus();
      button.disabled = false;
      button.textContent = t('sign_in');
    }
  });
  if (query.get('password_set') === '1') showOk(box, t('setpw_done'));
  // People and businesses without an account ask for data on the public form (issue 15.2).
  form.append(h('p', { class: 'login-public' }, t('login_public_intro'), ' ',
    h('a', { href: '/request-data' }, t('login_public_link'))));
  main.append(h('div', { class: 'login-wrap' }, form));
  username.focus();
}
