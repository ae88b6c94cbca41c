// A tiny element builder and the error display. No HTML parsing anywhere (no inner-HTML assignments): text goes in as
// text nodes, so nothing from the API can become markup.

import { t } from './i18n.js';

// h('a', {href: '/x', class: 'btn', onclick: fn}, 'text', child, [more])
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

let nextId = 0;
export function uid(prefix) { nextId += 1; return `${prefix}-${nextId}`; }

// An alert region: role="alert" so that screen readers announce it.
export function alertBox() {
  return h('div', { class: 'alert', role: 'alert', hidden: true });
}

// The text of an error from the API client: the problem's title and detail.
export function errorText(err) {
  if (!err) return '';
  if (err.status === 0) return `${t('network_error')} (${err.detail})`;
  const title = err.title || t('error_title');
  const detail = err.detail || (err.status ? t('http_error', { status: err.status }) : String(err.message || err));
  return title && detail && title !== detail ? `${title}: ${detail}` : title || detail;
}

export function showError(box, err) {
  clear(box);
  box.classList.remove('alert-ok');
  box.append(h('strong', {}, err.title || t('error_title')), ' ',
    h('span', { class: 'alert-detail' }, err.detail || (err.status ? t('http_error', { status: err.status }) : String(err.message || err))));
  if (err.status) box.append(' ', h('span', { class: 'alert-status' }, `(HTTP ${err.status})`));
  box.hidden = false;
}

export function showOk(box, text) {
  clear(box);
  box.classList.add('alert-ok');
  box.append(text);
  box.hidden = false;
}

export function hide(box) { box.hidden = true; clear(box); }

// A label + control pair; returns {wrap, control}.
export function field(labelText, control, hint) {
  const id = control.id || uid('f');
  control.id = id;
  const wrap = h('div', { class: 'field' }, h('label', { for: id }, labelText));
  if (hint) {
    const hid = uid('hint');
    control.setAttribute('aria-describedby', hid);
    wrap.append(control, h('p', { class: 'hint', id: hid }, hint));
  } else {
    wrap.append(control);
  }
  return wrap;
}

export function select(name, options, value) {
  const el = h('select', { name });
  for (const [v, label] of options) el.append(h('option', { value: v }, label));
  if (value !== undefined) el.value = value;
  return el;
}
