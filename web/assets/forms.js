// What the directory pages share: an error shown next to the field it concerns, the
// "no access" view, a pager, and a copy button.

import { h, clear, showError, uid } from './dom.js';
import { t, roleLabel } from './i18n.js';

// The field a problem names, among `names`: the API's details say "field 'new' must ..."
// (or name the field in quotes); null when none of `names` is named.
export function fieldOfProblem(err, names) {
  const detail = (err && (err.detail || err.message)) || '';
  for (const name of names) if (detail.includes(`field '${name}'`)) return name;
  for (const name of names) if (detail.includes(`'${name}'`)) return name;
  return null;
}

// Shows `message` under `control` (inside its .field), announced, and linked to the control
// with aria-describedby and aria-invalid.
export function setFieldError(control, message) {
  clearFieldError(control);
  const wrap = control.closest('.field') || control.parentElement;
  const id = uid('err');
  const p = h('p', { class: 'field-error', id, role: 'alert', 'data-error-for': control.id }, message);
  wrap.append(p);
  const described = (control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  control.setAttribute('aria-describedby', [...described, id].join(' '));
  control.setAttribute('aria-invalid', 'true');
}

export function clearFieldError(control) {
  const wrap = control.closest('.field') || control.parentElement;
  for (const p of wrap.querySelectorAll(`.field-error[data-error-for="${control.id}"]`)) {
    const ids = (control.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== p.id);
    if (ids.length) control.setAttribute('aria-describedby', ids.join(' '));
    else control.removeAttribute('aria-describedby');
    p.remove();
  }
  control.removeAttribute('aria-invalid');
}

export function clearFieldErrors(form) {
  for (const c of form.querySelectorAll('[aria-invalid="true"]')) clearFieldError(c);
}

// A failed request: the message goes next to the control of the field the problem names
// (controls: {name: element}), which gets the focus; otherwise into the alert box.
export function showProblem(box, err, controls) {
  const name = fieldOfProblem(err, Object.keys(controls || {}));
  if (name) {
    setFieldError(controls[name], err.detail || err.message);
    controls[name].focus();
    return name;
  }
  showError(box, err);
  box.tabIndex = -1;
  box.focus();
  return null;
}

// A required text field left empty: its message, next to it. True when all are filled.
export function requireFilled(pairs) {
  for (const [control, label] of pairs) {
    if (!String(control.value || '').trim()) {
      setFieldError(control, t('required_field', { field: label }));
      control.focus();
      return false;
    }
  }
  return true;
}

// A page the user's roles do not open: the heading and the same message the API gives a
// 403 (the API answers the same to the requests this page would make).
export function renderForbidden(main, heading, roles) {
  const box = h('div', { class: 'alert', role: 'alert' });
  showError(box, { status: 403, title: t('forbidden_title'), detail: t('forbidden_detail', { roles: roles.map(roleLabel).join(', ') }) });
  main.append(h('h1', {}, heading), box);
}

// "1–25 / 120" with the previous and next links; hrefFor(offset) gives a link's address.
export function pager({ offset, limit, total, hrefFor }) {
  const nav = h('nav', { class: 'pager', 'aria-label': t('paging') });
  const from = total ? offset + 1 : 0;
  const to = Math.min(offset + limit, total);
  const prev = offset > 0
    ? h('a', { class: 'btn btn-quiet', href: hrefFor(Math.max(0, offset - limit)), rel: 'prev' }, t('page_prev'))
    : h('span', { class: 'btn btn-quiet is-disabled', 'aria-disabled': 'true' }, t('page_prev'));
  const next = to < total
    ? h('a', { class: 'btn btn-quiet', href: hrefFor(offset + limit), rel: 'next' }, t('page_next'))
    : h('span', { class: 'btn btn-quiet is-disabled', 'aria-disabled': 'true' }, t('page_next'));
  nav.append(prev, h('span', { class: 'pager-text' }, t('page_range', { from, to, total })), next);
  return nav;
}

// A button that copies `text()` to the clipboard and says so in `status`.
export function copyButton(label, text, status) {
  const button = h('button', { type: 'button', class: 'btn' }, label);
  button.addEventListener('click', async () => {
    const value = text();
    let ok = false;
    try {
      if (navigator.clipboard && navigator.clipboard.writeText) { await navigator.clipboard.writeText(value); ok = true; }
    } catch (e) { ok = false; }
    if (!ok) {
      // Without the clipboard API (a page not served over HTTPS): the text stays selected
      // in its field, for Ctrl+C.
      const input = button.closest('.field') && button.closest('.field').querySelector('input');
      if (input) { input.focus(); input.select(); }
    }
    clear(status).append(ok ? t('copied') : t('copy_manually'));
  });
  return button;
}

// Keys and values of a form's controls by name, trimmed text.
export function valueOf(control) { return String(control.value || '').trim(); }

// A checkbox with its label after it (and an optional hint); returns the .field wrapper.
export function checkField(labelText, control, hint) {
  control.id = control.id || uid('cb');
  const hid = hint ? uid('hint') : null;
  if (hid) control.setAttribute('aria-describedby', hid);
  return h('div', { class: 'field field-check' }, control, h('label', { for: control.id }, labelText),
    hid ? h('p', { class: 'hint', id: hid }, hint) : null);
}

// A group of checkboxes named `name` (options: [value, label]); {wrap, values(), first}.
export function checkGroup(legend, name, options, checked, hint) {
  const hid = hint ? uid('hint') : null;
  const wrap = h('fieldset', { class: 'field', 'aria-describedby': hid },
    h('legend', {}, legend), hid ? h('p', { class: 'hint', id: hid }, hint) : null);
  const list = h('div', { class: 'checks' });
  const boxes = options.map(([value, label]) => {
    const id = uid(name);
    const box = h('input', { type: 'checkbox', name, value, id, checked: (checked || []).includes(value) });
    list.append(h('div', { class: 'choice' }, box, h('label', { for: id }, label)));
    return box;
  });
  wrap.append(list);
  return { wrap, first: boxes[0], values: () => boxes.filter((b) => b.checked).map((b) => b.value) };
}
