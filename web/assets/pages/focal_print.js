// /focal-points/print: the list of focal points as the Chairman's office prints it, laid out
// as a Vietnamese administrative document: the issuing body and the national motto side
// by side, place and date, the title, under it the approving decision (number and date)
// or, before approval, the "DỰ THẢO" (draft) mark; then the table (STT, agency, name,
// position, phone, email). The names of the province and the coordinating department come
// from the server (authorities.js, through focal_list.js), never from this file. The print
// stylesheet (app.css, @media print) drops the header, the navigation and the tools.

import { api, withQuery } from '../api.js';
import { h, alertBox, showError, field } from '../dom.js';
import { t } from '../i18n.js';
import { formatDate, todayIso } from '../format.js';
import { loadAuthorityNames } from '../focal_list.js';
import { upper, issuerBlock, nationBlock, placeDate } from '../doc_form.js';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

// Rows of the table: the terms grouped by org, in the server's order (focal, then deputy).
function groups(items) {
  const out = [];
  for (const term of items) {
    const last = out[out.length - 1];
    if (last && last.org === term.org) last.terms.push(term);
    else out.push({ org: term.org, name: term.org_name || term.org, terms: [term] });
  }
  for (const g of out) g.terms.sort((a, b) => (a.role === 'deputy') - (b.role === 'deputy'));
  return out;
}

export async function render(main, ctx) {
  const box = alertBox();
  const today = todayIso();
  const asked = ctx.query.get('on') || '';
  const on = DATE_RE.test(asked) ? asked : today;
  let data, names;
  try {
    [data, names] = await Promise.all([api.get(withQuery('/api/v1/focal-points', { on: asked ? on : '' })), loadAuthorityNames()]);
  } catch (e) {
    main.append(h('h1', {}, upper(t('print_title'))), box);
    showError(box, e);
    return;
  }
  const list = data.list || { status: 'draft' };
  const approved = list.status === 'approved' && !!list.decision_ref;
  const province = names.province || '';
  const committee = province ? t('committee', { province }) : t('committee_plain');
  const compiler = names.doict ? names.doict.name : '';

  // On screen only: the day, and the print button.
  const onInput = h('input', { type: 'date', name: 'on', value: on });
  const printButton = h('button', { type: 'button', class: 'btn btn-primary' }, t('print_button'));
  printButton.addEventListener('click', () => window.print());
  main.append(h('div', { class: 'print-tools', role: 'region', 'aria-label': t('print_tools') },
    h('form', { class: 'print-day', method: 'get', action: '/focal-points/print' },
      field(t('focal_on'), onInput), h('button', { type: 'submit', class: 'btn' }, t('focal_show'))),
    printButton));

  const issuer = approved ? issuerBlock({ main: committee }) : issuerBlock({ parent: committee, main: compiler });
  const head = h('div', { class: 'doc-head' }, issuer, nationBlock());

  const subtitle = approved
    ? t('print_attached', { ref: list.decision_ref, date: formatDate(list.decision_date), committee })
    : (compiler ? t('print_draft_note', { compiler, committee }) : t('print_draft_note_plain', { committee }));

  const rows = [];
  const orgGroups = groups(data.items || []);
  orgGroups.forEach((g, i) => {
    g.terms.forEach((term, j) => {
      const cells = [];
      if (j === 0) {
        cells.push(h('td', { class: 'doc-stt', rowspan: g.terms.length }, String(i + 1)),
          h('td', { class: 'doc-org', rowspan: g.terms.length }, g.name));
      }
      cells.push(
        h('td', { class: 'doc-name' }, term.name || term.username,
          term.role === 'deputy' ? h('span', { class: 'doc-role' }, ` ${t('print_deputy_mark')}`) : null),
        h('td', {}, term.position || ''),
        h('td', { class: 'doc-phone' }, term.phone || ''),
        h('td', { class: 'doc-email' }, term.email || ''));
      rows.push(h('tr', { 'data-org': g.org, 'data-role': term.role }, cells));
    });
  });

  const doc = h('article', { class: 'doc', 'data-status': list.status || 'draft' },
    head,
    h('p', { class: 'doc-place-date' }, placeDate(province, approved && list.decision_date ? list.decision_date : today)),
    approved ? null : h('p', { class: 'doc-stamp' }, upper(t('print_draft_stamp'))),
    h('h1', { class: 'doc-title' }, upper(t('print_title'))),
    h('p', { class: 'doc-subtitle' }, subtitle),
    on !== today ? h('p', { class: 'doc-on' }, t('print_in_force', { date: formatDate(on) })) : null,
    rows.length
      ? h('div', { class: 'table-scroll doc-scroll' }, h('table', { class: 'doc-table' },
        h('thead', {}, h('tr', {}, [t('print_col_stt'), t('print_col_org'), t('print_col_name'), t('print_col_position'), t('print_col_phone'), t('print_col_email')]
          .map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, rows)))
      : h('p', { class: 'empty' }, t('print_empty')),
    rows.length ? h('p', { class: 'doc-total' }, t('print_total', { n: orgGroups.length })) : null);
  main.append(box, doc);
}
