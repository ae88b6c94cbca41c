// Charts drawn as SVG by the pages themselves (issue 16): no library, no canvas, nothing
// from another origin. Three kinds:
//   columnChart  grouped vertical bars, one group per category (the trend by month);
//   barChart     horizontal bars, one per item (categories, orgs, backlog by state);
//   shareChart   100% stacked horizontal bars (on time vs late, for each clock).
// Every chart is an <svg role="img"> with a <title> and a <desc> (the summary a screen
// reader announces, also its aria-label); the numbers themselves are in the table beside
// it (dataTable), which is what assistive technology and print rely on. Every bar carries
// data-series, data-key and data-value (the raw number) so that tests can compare the
// drawing with the report. Colours come from classes (app.css / reports.css), never from
// style attributes (the Content-Security-Policy forbids them).

import { h, uid } from './dom.js';
import { niceMax } from './report_model.js';

const NS = 'http://www.w3.org/2000/svg';

// An SVG element: s('rect', {x: 1}, child...).
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null && v !== false) el.setAttribute(k, String(v));
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// Long labels are cut (the full one is in the bar's <title> and in the table).
function cut(text, max) {
  const str = String(text);
  return str.length > max ? `${str.slice(0, max - 1)}…` : str;
}

function frame(kind, width, height, title, summary) {
  const tid = uid('chart-title');
  const did = uid('chart-desc');
  return s('svg', {
    class: `chart chart-${kind}`, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-labelledby': `${tid} ${did}`, 'aria-label': summary ? `${title}. ${summary}` : title,
    preserveAspectRatio: 'xMinYMin meet', focusable: 'false',
  }, s('title', { id: tid }, title), s('desc', { id: did }, summary || ''));
}

// categories: [{key, label}]; series: [{key, label, values: [number per category]}];
// format: number -> text for the value labels and the axis.
export function columnChart({ title, summary, categories, series, format = String }) {
  const width = 540;
  const height = 260;
  const m = { top: 22, right: 8, bottom: 40, left: 44 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const max = niceMax(Math.max(0, ...series.flatMap((x) => x.values)));
  const svg = frame('columns', width, height, title, summary);
  const y = (v) => m.top + plotH - (v / max) * plotH;
  const axis = s('g', { class: 'chart-axis', 'aria-hidden': 'true' });
  // Whole-number ticks: 4 or 5 steps when the maximum divides so, else 2 or 1.
  const steps = [4, 5, 2, 1].find((d) => Number.isInteger(max / d));
  for (let i = 0; i <= steps; i += 1) {
    const v = (max * i) / steps;
    axis.append(s('line', { class: 'chart-grid', x1: m.left, x2: width - m.right, y1: y(v), y2: y(v) }),
      s('text', { class: 'chart-tick', x: m.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, format(v)));
  }
  svg.append(axis);
  const n = Math.max(1, categories.length);
  const groupW = plotW / n;
  const barW = Math.max(2, (groupW * 0.8) / Math.max(1, series.length));
  const every = Math.ceil(n / 8);  // at most 8 labels on the axis
  const showValues = n * series.length <= 36;
  categories.forEach((cat, i) => {
    const g = s('g', { class: 'chart-group', 'data-key': cat.key });
    const x0 = m.left + i * groupW + groupW * 0.1;
    series.forEach((ser, j) => {
      const v = ser.values[i] || 0;
      const top = y(v);
      g.append(s('rect', { class: `bar series-${ser.key}`, x: x0 + j * barW, y: top, width: Math.max(1, barW - 1), height: m.top + plotH - top,
        'data-series': ser.key, 'data-key': cat.key, 'data-value': v }, s('title', {}, `${cat.label} · ${ser.label}: ${format(v)}`)));
      if (showValues && v > 0) {
        g.append(s('text', { class: 'chart-value', x: x0 + j * barW + (barW - 1) / 2, y: top - 4, 'text-anchor': 'middle', 'aria-hidden': 'true' }, format(v)));
      }
    });
    if (i % every === 0) {
      g.append(s('text', { class: 'chart-label', x: m.left + i * groupW + groupW / 2, y: height - m.bottom + 18, 'text-anchor': 'middle', 'aria-hidden': 'true' }, cut(cat.label, 12)));
    }
    svg.append(g);
  });
  svg.append(s('line', { class: 'chart-baseline', x1: m.left, x2: width - m.right, y1: m.top + plotH, y2: m.top + plotH, 'aria-hidden': 'true' }));
  return svg;
}

// items: [{key, label, value}] drawn top to bottom; `series` names the bars' class.
export function barChart({ title, summary, items, series = 'value', format = String }) {
  const width = 540;
  const row = 28;
  const m = { top: 6, right: 48, bottom: 6, left: 210 };
  const height = m.top + m.bottom + Math.max(1, items.length) * row;
  const plotW = width - m.left - m.right;
  const max = niceMax(Math.max(0, ...items.map((x) => x.value)));
  const svg = frame('bars', width, height, title, summary);
  items.forEach((item, i) => {
    const yTop = m.top + i * row;
    const w = (item.value / max) * plotW;
    svg.append(s('g', { class: 'chart-row', 'data-key': item.key },
      s('text', { class: 'chart-label', x: m.left - 8, y: yTop + row / 2 + 4, 'text-anchor': 'end', 'aria-hidden': 'true' }, cut(item.label, 26)),
      s('rect', { class: `bar series-${series}`, x: m.left, y: yTop + 5, width: Math.max(item.value > 0 ? 2 : 0, w), height: row - 10,
        'data-series': series, 'data-key': item.key, 'data-value': item.value }, s('title', {}, `${item.label}: ${format(item.value)}`)),
      s('text', { class: 'chart-value', x: m.left + w + 6, y: yTop + row / 2 + 4, 'aria-hidden': 'true' }, format(item.value))));
  });
  svg.append(s('line', { class: 'chart-baseline', x1: m.left, x2: m.left, y1: m.top, y2: height - m.bottom, 'aria-hidden': 'true' }));
  return svg;
}

// rows: [{key, label, parts: [{key, label, value}]}]: each row a 100% bar split by parts,
// the share of each part written inside it. `percent`: ratio -> text.
export function shareChart({ title, summary, rows, percent = String }) {
  const width = 540;
  const row = 36;
  const m = { top: 6, right: 8, bottom: 6, left: 110 };
  const height = m.top + m.bottom + Math.max(1, rows.length) * row;
  const plotW = width - m.left - m.right;
  const svg = frame('share', width, height, title, summary);
  rows.forEach((r, i) => {
    const yTop = m.top + i * row;
    const total = r.parts.reduce((a, p) => a + (p.value || 0), 0);
    const g = s('g', { class: 'chart-row', 'data-key': r.key },
      s('text', { class: 'chart-label', x: m.left - 8, y: yTop + row / 2 + 4, 'text-anchor': 'end', 'aria-hidden': 'true' }, cut(r.label, 16)));
    if (!total) {
      g.append(s('rect', { class: 'bar series-none', x: m.left, y: yTop + 6, width: plotW, height: row - 12 }));
    }
    let x = m.left;
    for (const p of r.parts) {
      const w = total ? (p.value / total) * plotW : 0;
      g.append(s('rect', { class: `bar series-${p.key}`, x, y: yTop + 6, width: w, height: row - 12,
        'data-series': p.key, 'data-key': r.key, 'data-value': p.value || 0 },
      s('title', {}, `${r.label} · ${p.label}: ${p.value || 0}${total ? ` (${percent(p.value / total)})` : ''}`)));
      if (w > 44) g.append(s('text', { class: 'chart-inside', x: x + w / 2, y: yTop + row / 2 + 4, 'text-anchor': 'middle', 'aria-hidden': 'true' }, percent(p.value / total)));
      x += w;
    }
    svg.append(g);
  });
  return svg;
}

// The legend of a chart's series: [{key, label}].
export function legend(series) {
  return h('ul', { class: 'chart-legend', 'aria-hidden': 'true' },
    series.map((x) => h('li', {}, h('span', { class: `swatch series-${x.key}` }), x.label)));
}

// The accessible table of a chart's numbers. head: column labels (the first names the row
// headers); rows: [{cells: [row header, cell, ...], attrs}]; cells after the first are
// right-aligned numbers.
export function dataTable({ caption, head, rows, className = '' }) {
  return h('table', { class: `table report-table ${className}`.trim() },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, head.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', r.attrs || {},
      h('th', { scope: 'row' }, r.cells[0]),
      r.cells.slice(1).map((c) => h('td', { class: 'num' }, c))))));
}

// A chart and its table side by side (stacked on a narrow screen).
export function chartPair(chart, table, extra) {
  return h('div', { class: 'chart-pair' },
    h('div', { class: 'chart-box' }, chart, extra || null),
    h('div', { class: 'table-scroll chart-table' }, table));
}
