// /reports (issue 16): the figures of a period (GET /api/v1/reports/incidents or
// /data-requests, docs/reports.md) as charts drawn by charts.js, each with the same numbers
// in an accessible table beside it, and printable as a Vietnamese administrative report
// (Decree 30/2020/NĐ-CP: issuing body and national motto, number, place and date, "BÁO CÁO"
// and its subject, "Kính gửi", numbered sections, recipients and signer). The period,
// the workflow and the grouping live in the URL (report_model.js), so a link reproduces
// the report; by default the last full month. The same query with format=xlsx|csv is the
// download. The server scopes the figures: an agency's users get their agency's tickets
// (`scope` is their org), DoICT and the Chairman's office all of them; the page says which.
// Names of the authorities come from the server (authorities.js), never from this file.

import '../report_strings.js';
import { api } from '../api.js';
import { h, alertBox, showError, field, select } from '../dom.js';
import { t } from '../i18n.js';
import { formatDate, formatTime, todayIso } from '../format.js';
import { formatNumber, formatHours, formatPercent } from '../numbers.js';
import { loadWorkflowNamed, stateLabel, categoryLabel, scopeLabel } from '../workflow_data.js';
import { loadAuthorityNames } from '../focal_list.js';
import { authorities } from '../authorities.js';
import { orgName } from '../session.js';
import { upper, issuerBlock, nationBlock, blankPlaceDate } from '../doc_form.js';
import { columnChart, barChart, shareChart, legend, dataTable, chartPair } from '../charts.js';
import {
  GROUPINGS, MAX_YEARS, PERIOD_KINDS, WORKFLOWS, apiUrl, backlogItems, decisionItems, groupItems,
  onTimeRate, onTimeRows, pageUrl, readState, reopenRate, trendSeries, waitingRows,
} from '../report_model.js';

const monthParts = (ym) => { const [y, m] = ym.split('-'); return { y, m }; };
const monthLabel = (ym) => t('rep_month_label', monthParts(ym));
const monthShort = (ym) => t('rep_month_short', monthParts(ym));

// ---------------------------------------------------------------------------------------
// The period picker: a form whose submit builds the canonical URL and loads it.

function controls(state, box) {
  const today = todayIso();
  const workflow = select('workflow', WORKFLOWS.map((w) => [w, t(`rep_workflow_${w}`)]), state.workflow);
  const period = select('period', PERIOD_KINDS.map((k) => [k, t(`rep_period_${k}`)]), state.period);
  const month = h('input', { type: 'month', name: 'month', value: state.month || state.from.slice(0, 7) || '', pattern: '\\d{4}-\\d{2}', placeholder: 'YYYY-MM' });
  const qNow = state.quarter || '';
  const quarter = select('quarter_n', [1, 2, 3, 4].map((n) => [String(n), t('rep_quarter_n', { n })]), qNow ? qNow.slice(-1) : String(Math.floor((Number(state.from.slice(5, 7) || 1) - 1) / 3) + 1));
  const qYear = h('input', { type: 'number', name: 'quarter_year', min: 1900, max: 9999, step: 1, inputmode: 'numeric', value: qNow ? qNow.slice(0, 4) : state.from.slice(0, 4) });
  const year = h('input', { type: 'number', name: 'year', min: 1900, max: 9999, step: 1, inputmode: 'numeric', value: state.year || state.from.slice(0, 4) });
  const from = h('input', { type: 'date', name: 'from', value: state.from });
  const to = h('input', { type: 'date', name: 'to', value: state.to });
  const groupBy = select('group_by', GROUPINGS.map((g) => [g, t(`rep_group_${g}`)]), state.group_by);

  const byKind = {
    month: h('div', { class: 'period-fields', 'data-kind': 'month' }, field(t('rep_month'), month, t('rep_month_hint'))),
    quarter: h('div', { class: 'period-fields', 'data-kind': 'quarter' }, field(t('rep_quarter'), quarter), field(t('rep_year'), qYear)),
    year: h('div', { class: 'period-fields', 'data-kind': 'year' }, field(t('rep_year'), year)),
    custom: h('div', { class: 'period-fields', 'data-kind': 'custom' }, field(t('rep_from'), from), field(t('rep_to'), to)),
  };
  const showKind = () => { for (const [k, el] of Object.entries(byKind)) el.hidden = k !== period.value; };
  period.addEventListener('change', showKind);
  showKind();

  const form = h('form', { class: 'card report-form', method: 'get', action: '/reports', 'aria-label': t('rep_tools') },
    field(t('rep_workflow'), workflow),
    field(t('rep_period'), period),
    Object.values(byKind),
    field(t('rep_group_by'), groupBy),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('rep_show'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams({ workflow: workflow.value, period: period.value, group_by: groupBy.value });
    if (period.value === 'month') q.set('month', month.value);
    if (period.value === 'quarter') q.set('quarter', `${qYear.value}-Q${quarter.value}`);
    if (period.value === 'year') q.set('year', year.value);
    if (period.value === 'custom') { q.set('from', from.value); q.set('to', to.value); }
    const next = readState(q, today);
    if (next.error) {
      showError(box, { title: t('rep_period_error'), detail: t(`rep_${next.error}`, { years: MAX_YEARS }) });
      (from.value ? to : from).focus();
      return;
    }
    location.assign(pageUrl(next));
  });
  return form;
}

// ---------------------------------------------------------------------------------------
// Pieces of the document

// A table of text cells (escalations, top services): head labels, rows of cells; the
// first cell of a row is its header.
// `numeric`: the indexes of the columns that hold numbers (right-aligned).
function textTable(caption, head, rows, className, numeric = []) {
  return h('table', { class: `table report-table ${className || ''}`.trim() },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, head.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', r.attrs || {}, h('th', { scope: 'row' }, r.cells[0]),
      r.cells.slice(1).map((c, i) => h('td', { class: numeric.includes(i + 1) ? 'num' : null }, c))))));
}

function sub(n, title, ...content) {
  return h('section', { class: 'report-sub', 'aria-label': title }, h('h4', {}, `${n}. ${title}`), content);
}

function headline(report) {
  const f = report.totals || {};
  const incident = report.workflow !== 'data_request';
  const items = incident
    ? [['opened', f.opened], ['resolved', f.resolved], ['closed', f.closed], ['rejected', f.rejected], ['open', f.open],
      ['escalated', f.escalated], ['reopen_rate', reopenRate(f)]]
    : [['opened', f.opened], ['decided', f.decision ? f.decision.count : 0], ['withdrawn', f.withdrawn], ['open', f.open], ['escalated', f.escalated]];
  return h('dl', { class: 'report-headline', 'aria-label': t('rep_headline') },
    items.map(([k, v]) => h('div', { class: 'headline-item', 'data-figure': k },
      h('dt', {}, t(`rep_h_${k}`)), h('dd', {}, k === 'reopen_rate' ? formatPercent(v || 0) : formatNumber(v || 0)))));
}

function trend(report) {
  const { categories, series } = trendSeries(report);
  const labels = { opened: t('rep_series_opened'), resolved: t('rep_series_resolved'), closed: t('rep_series_closed') };
  const sum = (k) => series.find((x) => x.key === k).values.reduce((a, b) => a + b, 0);
  const chart = columnChart({
    title: t('rep_trend'),
    summary: t('rep_trend_summary', { months: formatNumber(categories.length), opened: formatNumber(sum('opened')), resolved: formatNumber(sum('resolved')), closed: formatNumber(sum('closed')) }),
    categories: categories.map((m) => ({ key: m, label: monthShort(m) })),
    series: series.map((x) => ({ ...x, label: labels[x.key] })),
    format: formatNumber,
  });
  const table = dataTable({
    caption: t('rep_trend'),
    head: [t('rep_col_month'), labels.opened, labels.resolved, labels.closed, t('rep_col_on_time'), t('rep_col_late')],
    rows: (report.months || []).map((m) => ({ attrs: { 'data-key': m.month },
      cells: [monthLabel(m.month), formatNumber(m.opened), formatNumber(m.resolved), formatNumber(m.closed), formatNumber(m.resolve_on_time), formatNumber(m.resolve_late)] })),
    className: 'table-trend',
  });
  return chartPair(chart, table, legend(series.map((x) => ({ key: x.key, label: labels[x.key] }))));
}

function onTime(report) {
  const rows = onTimeRows(report);
  const clock = (k) => t(`rep_clock_${k}`);
  const parts = rows.map((r) => (r.rate === null ? t('rep_ontime_none', { clock: clock(r.key) })
    : t('rep_ontime_part', { clock: clock(r.key), rate: formatPercent(r.rate), on_time: formatNumber(r.on_time), count: formatNumber(r.on_time + r.late) })));
  const chart = shareChart({
    title: t('rep_ontime'),
    summary: t('rep_ontime_summary', { parts: parts.join('; ') }),
    rows: rows.map((r) => ({ key: r.key, label: clock(r.key), parts: [
      { key: 'on_time', label: t('rep_series_on_time'), value: r.on_time },
      { key: 'late', label: t('rep_series_late'), value: r.late }] })),
    percent: formatPercent,
  });
  const table = dataTable({
    caption: t('rep_ontime'),
    head: [t('rep_col_clock'), t('rep_col_count'), t('rep_col_on_time'), t('rep_col_late'), t('rep_col_rate'), t('rep_col_median'), t('rep_col_p90')],
    rows: rows.map((r) => ({ attrs: { 'data-key': r.key },
      cells: [clock(r.key), formatNumber(r.count), formatNumber(r.on_time), formatNumber(r.late), formatPercent(r.rate), formatHours(r.median_hours), formatHours(r.p90_hours)] })),
    className: 'table-ontime',
  });
  return [chartPair(chart, table, legend([{ key: 'on_time', label: t('rep_series_on_time') }, { key: 'late', label: t('rep_series_late') }])),
    h('p', { class: 'report-note' }, t('rep_ontime_note'))];
}

function waiting(report) {
  const labels = { reporter: t(`rep_wait_reporter_${report.workflow === 'data_request' ? 'data_request' : 'incident'}`),
    ministry: t('rep_wait_ministry'), chairman: t('rep_wait_chairman') };
  return [h('p', { class: 'report-note' }, t('rep_waiting_note')),
    h('div', { class: 'table-scroll' }, dataTable({
      caption: t('rep_waiting'),
      head: [t('rep_col_wait'), t('rep_col_hours')],
      rows: waitingRows(report).map((r) => ({ attrs: { 'data-key': r.key }, cells: [labels[r.key], formatHours(r.hours)] })),
      className: 'table-waiting',
    }))];
}

function groups(report, label) {
  const items = groupItems(report).map((g) => ({ ...g, label: label(g.key) }));
  const grouping = t(`rep_group_${report.group_by}`).toLocaleLowerCase('vi');
  const title = t('rep_groups', { grouping });
  if (!items.length) return h('p', { class: 'empty' }, t('rep_groups_empty'));
  const top = items[0];
  const chart = barChart({
    title,
    summary: t('rep_groups_summary', { n: formatNumber(items.length), top: top.label, value: formatNumber(top.value) }),
    items, series: 'opened', format: formatNumber,
  });
  const incident = report.workflow !== 'data_request';
  const head = incident
    ? [t('rep_col_group'), t('rep_col_opened'), t('rep_col_resolved'), t('rep_col_closed'), t('rep_col_open'), t('rep_col_resolve_rate')]
    : [t('rep_col_group'), t('rep_col_opened'), t('rep_col_decided'), t('rep_decision_grant'), t('rep_decision_partial'), t('rep_decision_refuse'), t('rep_col_open')];
  const rows = items.map((g) => {
    const f = g.figures || {};
    const d = f.decisions || {};
    const cells = incident
      ? [g.label, formatNumber(f.opened || 0), formatNumber(f.resolved || 0), formatNumber(f.closed || 0), formatNumber(f.open || 0), formatPercent(onTimeRate(f.resolve))]
      : [g.label, formatNumber(f.opened || 0), formatNumber(f.decision ? f.decision.count : 0), formatNumber(d.grant || 0), formatNumber(d.partial || 0), formatNumber(d.refuse || 0), formatNumber(f.open || 0)];
    return { attrs: { 'data-key': g.key }, cells };
  });
  return chartPair(chart, dataTable({ caption: title, head, rows, className: 'table-groups' }));
}

function backlog(report, workflow) {
  const items = backlogItems(report).map((b) => ({ ...b, label: stateLabel(workflow, b.key) }));
  const total = items.reduce((a, b) => a + b.value, 0);
  if (!items.length) return h('p', { class: 'empty' }, t('rep_backlog_empty'));
  const chart = barChart({ title: t('rep_backlog'), summary: t('rep_backlog_summary', { n: formatNumber(total) }), items, series: 'backlog', format: formatNumber });
  const table = dataTable({
    caption: t('rep_backlog'),
    head: [t('rep_col_state'), t('rep_col_count')],
    rows: items.map((b) => ({ attrs: { 'data-key': b.key }, cells: [b.label, formatNumber(b.value)] })),
    className: 'table-backlog',
  });
  return chartPair(chart, table);
}

function decisions(report) {
  const items = decisionItems(report).map((d) => ({ ...d, label: t(`rep_decision_${d.key}`) }));
  const by = Object.fromEntries(items.map((d) => [d.key, formatNumber(d.value)]));
  const chart = barChart({ title: t('rep_decisions'), summary: t('rep_decisions_summary', by), items, series: 'decision', format: formatNumber });
  const table = dataTable({
    caption: t('rep_decisions'),
    head: [t('rep_col_outcome'), t('rep_col_requests')],
    rows: items.map((d) => ({ attrs: { 'data-key': d.key }, cells: [d.label, formatNumber(d.value)] })),
    className: 'table-decisions',
  });
  return chartPair(chart, table);
}

function topServices(report) {
  const items = report.top_services || [];
  if (!items.length) return h('p', { class: 'empty' }, t('rep_top_services_empty'));
  return h('div', { class: 'table-scroll' }, textTable(t('rep_top_services'), [t('rep_col_stt'), t('rep_col_service'), t('rep_col_count')],
    items.map((s, i) => ({ attrs: { 'data-key': s.service }, cells: [String(i + 1), s.service || t('rep_no_service'), formatNumber(s.count)] })), 'table-services', [2]));
}

function escalations(report) {
  const items = report.escalations || [];
  if (!items.length) return h('p', { class: 'empty' }, t('rep_escalations_empty'));
  const base = report.workflow === 'data_request' ? '/data-requests/' : '/tickets/';
  const decisionText = (d) => {
    if (!d) return t('rep_pending_decision');
    return ['grant', 'partial', 'refuse'].includes(d) ? t(`rep_decision_${d}`) : d;
  };
  const yesNo = (x) => (x === true ? t('rep_yes') : x === false ? t('rep_no') : '—');
  return h('div', { class: 'table-scroll' }, textTable(t('rep_escalations'),
    [t('rep_col_ticket'), t('rep_col_escalated_at'), t('rep_col_decision'), t('rep_col_decided_at'), t('rep_col_requires_action')],
    items.map((e) => ({ attrs: { 'data-ticket': e.ticket_id }, cells: [
      h('a', { href: `${base}${encodeURIComponent(e.ticket_id)}` }, e.ticket_id),
      h('time', { datetime: e.escalated_at }, formatTime(e.escalated_at)),
      decisionText(e.decision),
      e.decided_at ? h('time', { datetime: e.decided_at }, formatTime(e.decided_at)) : '—',
      yesNo(e.requires_action)] })), 'table-escalations'));
}

// Section III: typed on screen, printed as paragraphs (dotted lines for the pen when empty).
function proposals() {
  const out = h('div', { class: 'print-only report-proposals' });
  const area = h('textarea', { name: 'proposals', rows: 4, class: 'screen-only-control' });
  const sync = () => {
    out.replaceChildren();
    const lines = area.value.split('\n').map((x) => x.trim()).filter(Boolean);
    for (const line of lines.length ? lines : [t('rep_proposals_blank'), t('rep_proposals_blank')]) out.append(h('p', { class: 'doc-para' }, line));
  };
  area.addEventListener('input', sync);
  sync();
  return [h('div', { class: 'screen-only' }, field(t('rep_proposals_label'), area)), out];
}

function signer(kind) {
  return h('div', { class: 'doc-sign' },
    h('div', { class: 'doc-recipients' },
      h('p', { class: 'doc-recipients-title' }, t('rep_recipients')),
      [t('rep_recipient_above'), t('rep_recipient_chairman'), t('rep_recipient_office'), t('rep_recipient_archive')]
        .map((x) => h('p', {}, x))),
    h('div', { class: 'doc-signer' },
      h('p', { class: 'doc-signer-title' }, upper(t(kind === 'doict' ? 'rep_signer_doict' : 'rep_signer_agency'))),
      h('p', { class: 'doc-signer-note' }, t('rep_signer_note')),
      h('div', { class: 'doc-signature-space', 'aria-hidden': 'true' }),
      h('p', { class: 'doc-signer-name' }, '')));
}

// ---------------------------------------------------------------------------------------

export async function render(main, ctx) {
  const box = alertBox();
  const state = readState(ctx.query, todayIso());
  const known = authorities();  // loaded by app.js before the page renders
  const intro = t('rep_intro', { committee: known && known.province ? t('committee', { province: known.province }) : t('committee_plain') });
  main.append(h('div', { class: 'screen-only' }, h('h1', {}, t('rep_title')), h('p', { class: 'muted' }, intro)), box, controls(state, box));
  if (state.error) {
    showError(box, { title: t('rep_period_error'), detail: t(`rep_${state.error}`, { years: MAX_YEARS }) });
    return;
  }
  // The address now names the period shown (the default too), so that it can be shared.
  if (`${location.pathname}${location.search}` !== pageUrl(state)) history.replaceState(null, '', pageUrl(state));
  const loading = h('p', { class: 'loading', role: 'status' }, t('rep_loading'));
  main.append(loading);
  let report, workflow, names;
  try {
    [report, workflow, names] = await Promise.all([api.get(apiUrl(state)), loadWorkflowNamed(state.workflow), loadAuthorityNames()]);
  } catch (e) {
    loading.remove();
    showError(box, e);
    return;
  }
  loading.remove();

  const province = names.province || '';
  const committee = province ? t('committee', { province }) : t('committee_plain');
  const all = report.scope === 'all';
  const scopeOrg = all ? '' : orgName(ctx.orgs, report.scope);
  const issuerName = all ? (names.doict ? names.doict.name : '') : scopeOrg;
  const issuerWords = issuerName || t(all ? 'rep_signer_doict' : 'rep_signer_agency');
  const kind = report.workflow === 'data_request' ? 'data_request' : 'incident';
  const from = formatDate(report.from || state.from);
  const to = formatDate(report.to || state.to);
  const f = report.totals || {};
  const groupLabel = (key) => {
    if (report.group_by === 'category') return categoryLabel(key);
    if (report.group_by === 'org' || report.group_by === 'party') return orgName(ctx.orgs, key);
    if (report.group_by === 'service') return key || t('rep_no_service');
    if (report.group_by === 'month') return monthLabel(key);
    if (report.group_by === 'scope') return scopeLabel(key);
    return key;
  };

  // On screen only: the scope, the downloads and the print button.
  const printButton = h('button', { type: 'button', class: 'btn' }, t('rep_print'));
  printButton.addEventListener('click', () => window.print());
  main.append(h('div', { class: 'report-actions print-tools', role: 'region', 'aria-label': t('rep_downloads') },
    h('div', {},
      h('p', { class: 'report-scope', 'data-scope': report.scope }, all ? t('rep_scope_all') : t('rep_scope_org', { org: scopeOrg })),
      report.generated_at ? h('p', { class: 'muted' }, t('rep_generated', { time: formatTime(report.generated_at) })) : null),
    h('div', { class: 'report-buttons' },
      h('a', { class: 'btn', href: apiUrl(state, 'xlsx'), download: '' }, t('rep_download_xlsx')),
      h('a', { class: 'btn', href: apiUrl(state, 'csv'), download: '' }, t('rep_download_csv')),
      printButton)));

  const general = kind === 'incident'
    ? t('rep_general_incident', { opened: formatNumber(f.opened || 0), resolved: formatNumber(f.resolved || 0), closed: formatNumber(f.closed || 0),
      rejected: formatNumber(f.rejected || 0), open: formatNumber(f.open || 0), escalated: formatNumber(f.escalated || 0), reopen_rate: formatPercent(reopenRate(f)) })
    : t('rep_general_data_request', { opened: formatNumber(f.opened || 0), decided: formatNumber(f.decision ? f.decision.count : 0),
      grant: formatNumber((f.decisions || {}).grant || 0), partial: formatNumber((f.decisions || {}).partial || 0), refuse: formatNumber((f.decisions || {}).refuse || 0),
      withdrawn: formatNumber(f.withdrawn || 0), open: formatNumber(f.open || 0), escalated: formatNumber(f.escalated || 0) });

  let n = 0;
  const next = () => { n += 1; return n; };
  const results = kind === 'incident'
    ? [sub(next(), t('rep_ontime'), onTime(report)),
      sub(next(), t('rep_waiting'), waiting(report)),
      sub(next(), t('rep_groups', { grouping: t(`rep_group_${report.group_by}`).toLocaleLowerCase('vi') }), groups(report, groupLabel)),
      sub(next(), t('rep_backlog'), backlog(report, workflow)),
      sub(next(), t('rep_top_services'), topServices(report)),
      sub(next(), t('rep_escalations'), escalations(report)),
      sub(next(), t('rep_reopen'), h('p', { class: 'doc-para' }, t('rep_reopen_text', { reopened: formatNumber(f.reopened || 0), resolved: formatNumber(f.resolved || 0), rate: formatPercent(reopenRate(f)) })))]
    : [sub(next(), t('rep_decisions'), decisions(report)),
      sub(next(), t('rep_ontime'), onTime(report)),
      sub(next(), t('rep_waiting'), waiting(report)),
      sub(next(), t('rep_groups', { grouping: t(`rep_group_${report.group_by}`).toLocaleLowerCase('vi') }), groups(report, groupLabel)),
      sub(next(), t('rep_backlog'), backlog(report, workflow)),
      sub(next(), t('rep_escalations'), escalations(report))];

  const doc = h('article', { class: 'doc report-doc', 'data-workflow': kind, 'data-scope': report.scope, 'aria-label': upper(t('rep_doc_title')) },
    h('div', { class: 'doc-head' },
      h('div', { class: 'doc-col' }, issuerBlock({ parent: committee, main: issuerName }), h('p', { class: 'doc-number' }, t('rep_number'))),
      h('div', { class: 'doc-col' }, nationBlock(), h('p', { class: 'doc-place-date' }, blankPlaceDate(province)))),
    h('h2', { class: 'doc-title' }, upper(t('rep_doc_title'))),
    h('p', { class: 'doc-subject' }, t(`rep_subject_${kind}`, { from, to })),
    all ? null : h('p', { class: 'doc-subject doc-scope' }, t('rep_subject_scope', { org: scopeOrg })),
    h('p', { class: 'doc-to' }, t('rep_to_whom', { committee })),
    h('p', { class: 'doc-para' }, t('rep_opening', { issuer: issuerWords, what: t(`rep_what_${kind}`), from, to })),
    h('section', { class: 'report-section', 'aria-label': t('rep_s1') },
      h('h3', {}, upper(t('rep_s1'))),
      h('p', { class: 'doc-para report-general' }, general),
      headline(report),
      sub(1, t('rep_trend'), trend(report))),
    h('section', { class: 'report-section', 'aria-label': t('rep_s2') },
      h('h3', {}, upper(t('rep_s2'))), results),
    h('section', { class: 'report-section', 'aria-label': t('rep_s3') },
      h('h3', {}, upper(t('rep_s3'))), proposals()),
    h('p', { class: 'doc-para' }, t('rep_closing', { issuer: issuerWords, committee })),
    signer(all ? 'doict' : 'agency'));
  main.append(doc);
}
