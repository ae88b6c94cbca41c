// The pieces of a Vietnamese administrative document (Decree 30/2020/NĐ-CP, Appendix I)
// that the printable pages share (/focal-points/print, /reports): the issuing body (the
// governing body above it, then the body itself, underlined), the national name and motto
// (underlined), the place-and-date line. The names come from the caller (the server's
// authorities and directory), never from this file.

import { h } from './dom.js';
import { t } from './i18n.js';

export const upper = (s) => String(s || '').toLocaleUpperCase('vi');

// The issuing body, top left: `parent` (the governing body, may be empty) and `main`
// (the body itself, bold, may be empty), both in capitals.
export function issuerBlock({ parent, main }) {
  return h('div', { class: 'doc-issuer' },
    parent ? h('p', { class: 'doc-issuer-parent' }, upper(parent)) : null,
    main ? h('p', { class: 'doc-issuer-main' }, upper(main)) : null);
}

// The national name and motto, top right.
export function nationBlock() {
  return h('div', { class: 'doc-nation' },
    h('p', { class: 'doc-nation-name' }, upper(t('nation'))),
    h('p', { class: 'doc-motto' }, t('motto')));
}

// "{place}, ngày 05 tháng 12 năm 2026" from a civil date "YYYY-MM-DD"; without a place,
// "Ngày 05 tháng 12 năm 2026".
export function placeDate(place, ymd) {
  const [y, m, d] = ymd.split('-');
  return place ? t('print_place_date', { place, d, m, y }) : t('print_date_only', { d, m, y });
}

// The same line left for the clerk to date when the document is signed:
// "{place}, ngày … tháng … năm …" (dots for the place too when it is unknown).
export function blankPlaceDate(place) {
  return t('print_place_date', { place: place || '…', d: '…', m: '…', y: '…' });
}
