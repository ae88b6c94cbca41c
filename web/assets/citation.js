// Citations of the regulation (issue 13), as every page shows them: in Vietnamese legal
// form ("điểm b khoản 2 Điều 11", "khoản 1 Điều 17", "Điều 16") on the Vietnamese pages and
// in the machine form ("Art. 11.2b") only on the English ones; the article's text (the
// gloss) on hover, and the note when the step is the province's own procedure.
//
// A citation is what the API gives (history items and the workflow export):
//   {regulation, version, vi, en, gloss_vi, note_vi, note_en}
// A bare legal_basis string (machine form, "Art. 11.2b, 12.2") is turned into one here:
// this module is the only place that converts the machine form to Vietnamese.

import { h } from './dom.js';
import { t, lang, categoryArticle, categoryHelp } from './i18n.js';

// "Art. 11.2b, 12.2" -> "điểm b khoản 2 Điều 11, khoản 2 Điều 12"; "Art. 16" -> "Điều 16";
// "" -> "". Anything that is not of that form comes back as it is.
export function vietnameseForm(basis) {
  if (!basis) return '';
  const m = /^Art\.\s*(.+)$/.exec(basis.trim());
  if (!m) return basis;
  const out = [];
  for (const ref of m[1].split(/\s*,\s*/)) {
    const r = /^(\d{1,3})(?:\.(\d{1,3})([a-zđ])?)?$/.exec(ref);
    if (!r) return basis;
    out.push(`${r[3] ? `điểm ${r[3]} ` : ''}${r[2] ? `khoản ${r[2]} ` : ''}Điều ${r[1]}`);
  }
  return out.join(', ');
}

// A citation object from a citation, a bare machine-form string, or nothing.
export function citationOf(x) {
  if (!x) return null;
  if (typeof x === 'string') return { regulation: null, version: null, vi: vietnameseForm(x), en: x, gloss_vi: '', note_vi: '', note_en: '' };
  return { ...x, vi: x.vi || vietnameseForm(x.en || ''), en: x.en || '' };
}

// The article(s) cited, in the page's language ('' when no article governs the step).
export function citationText(x) {
  const c = citationOf(x);
  if (!c) return '';
  return lang() === 'en' ? c.en : c.vi;
}

// The note in the page's language ('' when there is none).
export function noteText(x) {
  const c = citationOf(x);
  if (!c) return '';
  return (lang() === 'en' ? c.note_en : c.note_vi) || '';
}

// <span class="citation">Căn cứ: <span class="citation-article" title="gloss">khoản 1
// Điều 17</span> <span class="citation-note">(note)</span></span>, or null when the
// citation has neither an article nor a note. prefix: false leaves out "Căn cứ: ".
export function citationNode(x, { prefix = true } = {}) {
  const c = citationOf(x);
  const text = citationText(c);
  const note = noteText(c);
  if (!text && !note) return null;
  return h('span', { class: 'citation', 'data-regulation': c.regulation || undefined, 'data-version': c.version ?? undefined },
    prefix ? `${t('legal_basis')}: ` : null,
    text ? h('span', { class: 'citation-article', title: c.gloss_vi || undefined }, text) : null,
    note ? h('span', { class: 'citation-note' }, text ? ` (${note})` : note) : null);
}

// The case of a ticket-dependent citation (an event or a transition of the workflow export
// with `citations`) that applies to `facts` ({scope, category, grounds}); the item's own
// citation when it does not depend on the ticket or the fact is unknown.
export function citationFor(item, facts = {}) {
  if (!item) return null;
  const cases = item.citations || [];
  if (cases.length) {
    const by = cases[0].by;
    const value = facts[by] || (by === 'scope' ? 'intra_province' : by === 'grounds' ? 'out_of_scope' : '');
    const found = cases.find((c) => c.when === value);
    if (found) return found;
  }
  return item.citation || (item.legal_basis ? citationOf(item.legal_basis) : null);
}

// What a ticket says about the facts a citation depends on.
export function factsOf(ticket, payload = {}) {
  return {
    scope: (ticket && ticket.scope) || 'intra_province',
    category: ticket && ticket.category,
    grounds: payload.duplicate_of ? 'duplicate' : (payload.grounds || 'out_of_scope'),
  };
}

// The label of a case ("Trong nội bộ tỉnh", a category, a ground) in the page's language.
export function caseLabel(c) { return (lang() === 'en' ? c.when_en : c.when_vi) || c.when; }

// The cases of a ticket-dependent citation as a list ("<case>: điểm b khoản 2 Điều 11"),
// or the single citation; null when there is nothing to cite.
export function citationCases(item) {
  const cases = (item && item.citations) || [];
  if (!cases.length) return citationNode(item && (item.citation || item.legal_basis), { prefix: false });
  return h('ul', { class: 'citation-cases' }, cases.map((c) => h('li', { 'data-when': c.when },
    h('span', { class: 'citation-when' }, caseLabel(c)), ': ', citationNode(c, { prefix: false }) || t('none'))));
}

// The gloss of `basis` (machine form) as the workflow export gives it somewhere, or ''.
export function glossOf(workflow, basis) {
  if (!workflow || !basis) return '';
  for (const item of [...(workflow.events || []), ...(workflow.transitions || [])]) {
    for (const c of [item.citation, ...(item.citations || [])]) if (c && c.en === basis && c.gloss_vi) return c.gloss_vi;
  }
  return '';
}

// A category's explanation, led by its Art. 16 item: "khoản 1 Điều 16: khi xác định có
// sự sai lệch..." (the item's text on hover).
export function categoryHelpNodes(workflow, id) {
  const basis = categoryArticle(id);
  const help = categoryHelp(id);
  if (!basis) return help;
  const c = citationOf(basis);
  c.gloss_vi = glossOf(workflow, basis);
  return [citationNode(c, { prefix: false }), ': ', help];
}
