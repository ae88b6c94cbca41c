// One button per allowed event, each opening the form its payload needs (event_forms.js)
// below the buttons; "Xác nhận" sends it. The request pages use it (the ticket page has the
// same behaviour written out in pages/ticket.js).

import { h, clear, alertBox, showError, hide, uid } from './dom.js';
import { t } from './i18n.js';
import { eventForm } from './event_forms.js';

// types: the events to offer; ctx: the form's ctx ({workflow, orgs, user, ticket});
// label(type): a button's text; submit(type, payload, box, button): sends it (and shows a
// failure in `box`). Returns {buttons, slot}.
export function actionPanel({ types, ctx, label, submit, describedBy }) {
  const slotId = uid('action-form');
  const slot = h('div', { class: 'form-slot', id: slotId });
  const buttons = h('div', { class: 'action-buttons' });
  for (const type of types) {
    const b = h('button', { type: 'button', class: 'btn', 'aria-expanded': 'false', 'aria-controls': slotId, 'data-event': type,
      'aria-describedby': describedBy || null }, label(type));
    b.addEventListener('click', () => {
      const open = b.getAttribute('aria-expanded') === 'true';
      for (const other of buttons.querySelectorAll('button')) other.setAttribute('aria-expanded', 'false');
      clear(slot);
      if (open) return;
      b.setAttribute('aria-expanded', 'true');
      const box = alertBox();
      const { form, read } = eventForm(type, ctx);
      const send = h('button', { type: 'submit', class: 'btn btn-primary' }, t('confirm'));
      const cancel = h('button', { type: 'button', class: 'btn btn-quiet',
        onclick: () => { clear(slot); b.setAttribute('aria-expanded', 'false'); b.focus(); } }, t('cancel'));
      form.prepend(h('h3', {}, label(type)), box);
      form.append(h('div', { class: 'form-actions' }, send, cancel));
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        hide(box);
        let payload;
        try { payload = read(); } catch (err) {
          showError(box, { title: t('error_title'), detail: err.detail });
          if (err.control && err.control.focus) err.control.focus();
          return;
        }
        submit(type, payload, box, send);
      });
      slot.append(form);
      const first = form.querySelector('textarea, input, select');
      (first || send).focus();
    });
    buttons.append(b);
  }
  return { buttons, slot };
}

// The failure of a submit: shown in the form's box, the button usable again.
export function showSubmitError(box, button, e) {
  showError(box, e);
  button.disabled = false;
}
