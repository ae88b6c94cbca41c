// Issue 16, without a browser: the reports page's model (web/assets/report_model.js) — the
// period a URL asks for (the last full month by default, month / quarter / year / custom,
// leap years, the 5-year limit), the canonical URL that reproduces it, the API address of
// the report and of its downloads, and the series the charts draw, read from a fixture
// that follows docs/reports.md.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const model = await import(path.join(HERE, '..', '..', 'web', 'assets', 'report_model.js'));
const FIXTURE = JSON.parse(readFileSync(path.join(HERE, 'fixtures', 'report_incidents.json'), 'utf8'));

const state = (query, today = '2026-12-06') => model.readState(new URLSearchParams(query), today);
const pick = (s) => [s.period, s.month, s.quarter, s.year];

test('the default is the last full month, incidents grouped by category', () => {
  const s = state('');
  assert.deepEqual([s.workflow, s.period, s.month, s.from, s.to, s.group_by, s.error], ['incident', 'month', '2026-11', '2026-11-01', '2026-11-30', 'category', '']);
  assert.equal(state('', '2027-01-15').month, '2026-12', 'in January the last full month is December of the year before');
  assert.equal(state('', '2027-01-15').to, '2026-12-31');
  assert.equal(state('workflow=data_request').group_by, 'org', 'data requests are grouped by org by default');
});

test('month, quarter and year periods', () => {
  assert.deepEqual([state('period=month&month=2028-02').from, state('period=month&month=2028-02').to], ['2028-02-01', '2028-02-29'], 'leap February');
  assert.deepEqual([state('period=month&month=2026-02').to], ['2026-02-28']);
  const q = state('period=quarter&quarter=2026-Q3');
  assert.deepEqual([q.from, q.to], ['2026-07-01', '2026-09-30']);
  const q4 = state('period=quarter&quarter=2026-Q4');
  assert.deepEqual([q4.from, q4.to], ['2026-10-01', '2026-12-31']);
  assert.equal(state('period=quarter').quarter, '2026-Q4', 'a quarter without a value: the last full month\'s');
  const y = state('period=year&year=2025');
  assert.deepEqual([y.from, y.to], ['2025-01-01', '2025-12-31']);
  assert.equal(state('period=month&month=2026-13').month, '2026-11', 'a malformed month falls back to the default');
});

test('custom dates: checked, ordered, at most five years', () => {
  const c = state('period=custom&from=2026-01-15&to=2026-03-10');
  assert.deepEqual([c.period, c.from, c.to, c.error], ['custom', '2026-01-15', '2026-03-10', '']);
  assert.equal(state('from=2026-01-15&to=2026-01-31').period, 'custom', 'the API\'s own from/to make a custom period');
  // The link of the monthly and quarterly drafts' mail (notifications/src/report_draft_mail.cpp).
  assert.deepEqual(pick(state('workflow=incident&from=2026-11-01&to=2026-11-30')), ['month', '2026-11', '', '']);
  assert.deepEqual(pick(state('workflow=incident&from=2026-07-01&to=2026-09-30')), ['quarter', '', '2026-Q3', '']);
  assert.deepEqual(pick(state('from=2025-01-01&to=2025-12-31')), ['year', '', '', '2025']);
  assert.equal(state('period=custom&from=2026-11-01&to=2026-11-30').period, 'custom', 'asked for as custom: kept custom');
  assert.equal(state('period=custom&from=2026-02-30&to=2026-03-01').error, 'dates_invalid');
  assert.equal(state('period=custom&from=2026-03-02&to=2026-03-01').error, 'dates_order');
  assert.equal(state('period=custom&from=2020-01-01&to=2025-01-01').error, '', 'exactly five years is allowed');
  assert.equal(state('period=custom&from=2020-01-01&to=2025-01-02').error, 'dates_too_long');
});

test('the canonical page URL reproduces the state', () => {
  for (const q of ['workflow=incident&period=month&month=2026-10&group_by=org',
    'workflow=data_request&period=quarter&quarter=2026-Q2&group_by=service',
    'workflow=incident&period=year&year=2025&group_by=month',
    'workflow=incident&period=custom&from=2026-01-15&to=2026-03-10&group_by=party',
    'workflow=data_request&period=year&year=2025&group_by=scope']) {
    const s = state(q);
    assert.equal(model.pageUrl(s), `/reports?${q}`);
    assert.deepEqual(state(model.pageUrl(s).split('?')[1]), s);
  }
});

test('the API address of the report and of its downloads', () => {
  const s = state('workflow=data_request&period=month&month=2026-10&group_by=service');
  assert.equal(model.apiUrl(s), '/api/v1/reports/data-requests?from=2026-10-01&to=2026-10-31&group_by=service');
  assert.equal(model.apiUrl(s, 'xlsx'), '/api/v1/reports/data-requests?from=2026-10-01&to=2026-10-31&group_by=service&format=xlsx');
  assert.equal(model.apiUrl(state(''), 'csv'), '/api/v1/reports/incidents?from=2026-11-01&to=2026-11-30&group_by=category&format=csv');
  assert.equal(model.apiUrl(state(''), 'pdf'), '/api/v1/reports/incidents?from=2026-11-01&to=2026-11-30&group_by=category', 'only csv and xlsx');
});

test('the series of the charts are the report\'s numbers', () => {
  const trend = model.trendSeries(FIXTURE);
  assert.deepEqual(trend.categories, ['2026-09', '2026-10', '2026-11']);
  assert.deepEqual(trend.series.map((x) => [x.key, x.values]), [['opened', [40, 45, 35]], ['resolved', [30, 38, 32]], ['closed', [28, 35, 32]]]);
  assert.deepEqual(model.groupItems(FIXTURE).map((g) => [g.key, g.value]), [['data_discrepancy', 70], ['connection_failure', 50]]);
  assert.deepEqual(model.backlogItems(FIXTURE).map((b) => [b.key, b.value]), [['triage', 3], ['party_fixing', 9], ['awaiting_ministry', 4]]);
  const rows = model.onTimeRows(FIXTURE);
  assert.deepEqual(rows.map((r) => [r.key, r.on_time, r.late, r.median_hours, r.p90_hours]), [['acknowledge', 100, 10, 1.5, 3.2], ['resolve', 90, 10, 20, 38.5]], 'working seconds shown as hours');
  assert.equal(rows[1].rate, 0.9);
  assert.deepEqual(model.waitingRows(FIXTURE).map((w) => [w.key, w.hours]), [['reporter', 12.5], ['ministry', 40], ['chairman', 8]], 'seconds shown as hours');
  assert.equal(model.reopenRate(FIXTURE.totals), 0.05);
  assert.equal(model.reopenRate({ resolved: 0, reopened: 0 }), 0, 'nothing resolved: 0');
  assert.equal(model.onTimeRate(FIXTURE.totals.decision), null, 'nothing measured: no rate');
  assert.deepEqual(model.clockKeys('data_request'), ['acknowledge', 'decision']);
  assert.deepEqual(model.decisionItems({ totals: { decisions: { grant: 3, partial: 1, refuse: 2 } } }).map((d) => d.value), [3, 1, 2]);
});

test('axis maxima are round numbers at or above the largest value', () => {
  assert.deepEqual([0, 1, 3, 7, 12, 45, 101, 2400].map(model.niceMax), [1, 1, 5, 10, 20, 50, 200, 2500]);
});
