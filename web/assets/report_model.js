// The reports page's model, without the DOM (issue 16; docs/reports.md): the period the
// URL asks for (month, quarter, year or custom dates; by default the last full month),
// the canonical page URL that reproduces it, the API request (JSON or a download), and the
// series the charts and tables draw from a report document. Pure functions of their
// arguments ("today" is passed in), so that tests/web/report_model.test.mjs runs them in
// Node against the fixture.

export const PERIOD_KINDS = ['month', 'quarter', 'year', 'custom'];
// scope: who the data is shared with (Art. 11-13); the year's data requests by scope are
// the summary for the Chairman of Art. 13.2c.
export const GROUPINGS = ['category', 'org', 'party', 'service', 'month', 'scope'];
export const WORKFLOWS = ['incident', 'data_request'];
export const FORMATS = ['csv', 'xlsx'];

const API = { incident: '/api/v1/reports/incidents', data_request: '/api/v1/reports/data-requests' };
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;
const QUARTER_RE = /^(\d{4})-Q([1-4])$/;
const YEAR_RE = /^\d{4}$/;
// The API refuses periods longer than this (docs/reports.md).
export const MAX_YEARS = 5;

const pad = (n) => String(n).padStart(2, '0');
function daysIn(y, m) { return new Date(Date.UTC(y, m, 0)).getUTCDate(); }

// A real calendar date "YYYY-MM-DD" (2026-02-30 is not).
export function isDate(s) {
  const m = DATE_RE.exec(s || '');
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= 1900 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo);
}

function validMonth(s) {
  const m = MONTH_RE.exec(s || '');
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[1]) >= 1900;
}

// The month before the one `today` ("YYYY-MM-DD") falls in: "YYYY-MM".
export function lastFullMonth(today) {
  const [y, m] = today.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}

// {from, to} of a period kind and its value.
export function periodRange(kind, value) {
  if (kind === 'month') {
    const [y, m] = value.split('-').map(Number);
    return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(daysIn(y, m))}` };
  }
  if (kind === 'quarter') {
    const [, y, q] = QUARTER_RE.exec(value);
    const first = (Number(q) - 1) * 3 + 1;
    return { from: `${y}-${pad(first)}-01`, to: `${y}-${pad(first + 2)}-${pad(daysIn(Number(y), first + 2))}` };
  }
  if (kind === 'year') return { from: `${value}-01-01`, to: `${value}-12-31` };
  return { from: value.from, to: value.to };
}

// "YYYY-Qn" of the quarter a date falls in.
export function quarterOf(ymd) {
  const [y, m] = ymd.split('-').map(Number);
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

// Whether `to` is more than MAX_YEARS years after `from`.
function tooLong(from, to) {
  const [y, m, d] = from.split('-').map(Number);
  const limit = `${y + MAX_YEARS}-${pad(m)}-${pad(Math.min(d, daysIn(y + MAX_YEARS, m)))}`;
  return to > limit;
}

// The report the page's query asks for. `query`: URLSearchParams; `today`: "YYYY-MM-DD"
// in the province. Unknown or malformed values fall back to the defaults (incidents, the
// last full month, grouped by category for incidents and by org for data requests),
// except custom dates, which are the user's to correct: `error` is then 'dates_invalid',
// 'dates_order' or 'dates_too_long' and from/to are what was asked.
export function readState(query, today) {
  const get = (k) => (query.get(k) || '').trim();
  const workflow = WORKFLOWS.includes(get('workflow')) ? get('workflow') : 'incident';
  let period = PERIOD_KINDS.includes(get('period')) ? get('period') : '';
  // A link with just from/to (the API's own parameters) is a custom period.
  if (!period && (get('from') || get('to'))) period = 'custom';
  if (!period) period = 'month';
  const defaultGroup = workflow === 'data_request' ? 'org' : 'category';
  const group_by = GROUPINGS.includes(get('group_by')) ? get('group_by') : defaultGroup;
  const state = { workflow, period, group_by, month: '', quarter: '', year: '', from: '', to: '', error: '' };
  const fallbackMonth = lastFullMonth(today);
  if (period === 'month') {
    state.month = validMonth(get('month')) ? get('month') : fallbackMonth;
    Object.assign(state, periodRange('month', state.month));
  } else if (period === 'quarter') {
    state.quarter = QUARTER_RE.test(get('quarter')) ? get('quarter') : quarterOf(`${fallbackMonth}-01`);
    Object.assign(state, periodRange('quarter', state.quarter));
  } else if (period === 'year') {
    state.year = YEAR_RE.test(get('year')) && Number(get('year')) >= 1900 ? get('year') : fallbackMonth.slice(0, 4);
    Object.assign(state, periodRange('year', state.year));
  } else {
    state.from = get('from');
    state.to = get('to');
    if (!isDate(state.from) || !isDate(state.to)) state.error = 'dates_invalid';
    else if (state.from > state.to) state.error = 'dates_order';
    else if (tooLong(state.from, state.to)) state.error = 'dates_too_long';
    // A link with only from/to (the monthly and quarterly drafts' mail) that covers a whole
    // month, quarter or year is shown as that period.
    else if (!PERIOD_KINDS.includes(get('period'))) Object.assign(state, wholePeriod(state.from, state.to) || {});
  }
  return state;
}

// {period, month|quarter|year} when [from, to] is exactly a month, a quarter or a year.
function wholePeriod(from, to) {
  const month = from.slice(0, 7);
  const quarter = quarterOf(from);
  const year = from.slice(0, 4);
  const same = (r) => r.from === from && r.to === to;
  if (same(periodRange('month', month))) return { period: 'month', month };
  if (same(periodRange('quarter', quarter))) return { period: 'quarter', quarter };
  if (same(periodRange('year', year))) return { period: 'year', year };
  return null;
}

// The page's own query for `state`: only what reproduces it, in a fixed order.
export function pageQuery(state) {
  const q = new URLSearchParams();
  q.set('workflow', state.workflow);
  q.set('period', state.period);
  if (state.period === 'month') q.set('month', state.month);
  else if (state.period === 'quarter') q.set('quarter', state.quarter);
  else if (state.period === 'year') q.set('year', state.year);
  else { q.set('from', state.from); q.set('to', state.to); }
  q.set('group_by', state.group_by);
  return q;
}

export function pageUrl(state) { return `/reports?${pageQuery(state).toString()}`; }

// The API's address for the report (`format`: '' for JSON, 'csv' or 'xlsx' for a file).
export function apiUrl(state, format = '') {
  const q = new URLSearchParams({ from: state.from, to: state.to, group_by: state.group_by });
  if (FORMATS.includes(format)) q.set('format', format);
  return `${API[state.workflow]}?${q.toString()}`;
}

// ---------------------------------------------------------------------------------------
// What the charts and tables show of a report document (docs/reports.md).

// on_time / (on_time + late), or null when nothing was measured.
export function onTimeRate(summary) {
  const n = summary ? (summary.on_time || 0) + (summary.late || 0) : 0;
  return n ? summary.on_time / n : null;
}

// The monthly trend: one category per month, three series.
export function trendSeries(report) {
  const months = report.months || [];
  return {
    categories: months.map((m) => m.month),
    series: ['opened', 'resolved', 'closed'].map((key) => ({ key, values: months.map((m) => m[key] || 0) })),
  };
}

// The groups as bars (tickets opened in the period), in the server's order.
export function groupItems(report) {
  return (report.groups || []).map((g) => ({ key: g.key, value: g.figures ? g.figures.opened || 0 : 0, figures: g.figures }));
}

export function backlogItems(report) {
  return (report.backlog || []).map((b) => ({ key: b.state, value: b.count || 0 }));
}

// The clocks whose on-time share the report shows: acknowledgement and resolution for
// incidents, acknowledgement and the decision for data requests.
export function clockKeys(workflow) {
  return workflow === 'data_request' ? ['acknowledge', 'decision'] : ['acknowledge', 'resolve'];
}

// Seconds (the API's unit) as hours; null stays null.
export function hours(seconds) {
  return seconds === null || seconds === undefined ? null : seconds / 3600;
}

// reopened / resolved (docs/reports.md), 0 when nothing was resolved.
export function reopenRate(figures) {
  const f = figures || {};
  return f.resolved ? (f.reopened || 0) / f.resolved : 0;
}

// The clocks' rows: counts, the on-time rate, median and p90 in working hours.
export function onTimeRows(report) {
  const totals = report.totals || {};
  return clockKeys(report.workflow).map((key) => {
    const s = totals[key] || {};
    return { key, count: s.count || 0, on_time: s.on_time || 0, late: s.late || 0, rate: onTimeRate(s),
      median_hours: hours(s.median_s), p90_hours: hours(s.p90_s) };
  });
}

// Wall-clock hours waited for the reporter (or requester), the Ministry, the Chairman.
export const WAIT_KEYS = ['reporter', 'ministry', 'chairman'];
export function waitingRows(report) {
  const w = (report.totals && report.totals.waiting_s) || {};
  return WAIT_KEYS.map((key) => ({ key, hours: hours(w[key] || 0) }));
}

export const DECISION_KEYS = ['grant', 'partial', 'refuse'];

export function decisionItems(report) {
  const d = (report.totals && report.totals.decisions) || {};
  return DECISION_KEYS.map((key) => ({ key, value: d[key] || 0 }));
}

// The largest value of a chart, rounded up to a "nice" axis maximum (1, 2, 2.5, 5 x 10^n).
export function niceMax(max) {
  if (!(max > 0)) return 1;
  const exp = 10 ** Math.floor(Math.log10(max));
  for (const f of [1, 2, 2.5, 5, 10]) if (max <= f * exp) return f * exp;
  return 10 * exp;
}
