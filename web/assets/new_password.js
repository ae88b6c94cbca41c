// The "new password" and "repeat" fields of /account/password and /set-password, and the
// checks the browser can make before asking the server: at least 12 characters (counted
// as the server counts them, in code points) and both entries equal. The server's other
// rules (not the username, not a common password) come back as a problem naming 'new'.

import { h, field } from './dom.js';
import { t } from './i18n.js';
import { setFieldError } from './forms.js';

export const MIN_PASSWORD_CHARS = 12;

export function newPasswordFields() {
  const fresh = h('input', { name: 'new', type: 'password', autocomplete: 'new-password', required: true, minlength: MIN_PASSWORD_CHARS });
  const repeat = h('input', { name: 'repeat', type: 'password', autocomplete: 'new-password', required: true });
  return {
    fresh,
    repeat,
    fields: [field(t('pw_new'), fresh, t('pw_hint')), field(t('pw_repeat'), repeat)],
    // False (with the message next to the field, focused) when the entries cannot be sent.
    check() {
      const n = [...fresh.value].length;
      if (n < MIN_PASSWORD_CHARS) {
        setFieldError(fresh, t('pw_too_short', { n }));
        fresh.focus();
        return false;
      }
      if (repeat.value !== fresh.value) {
        setFieldError(repeat, t('pw_mismatch'));
        repeat.focus();
        return false;
      }
      return true;
    },
  };
}
