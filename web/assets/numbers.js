// Numbers as people in the province read them: vi-VN grouping and decimal comma ("1.234",
// "12,5", "90,9%"); en-GB under the English switch. Missing values are "—".

import { lang } from './i18n.js';

const locale = () => (lang() === 'en' ? 'en-GB' : 'vi-VN');
const missing = (x) => x === null || x === undefined || Number.isNaN(x);

export function formatNumber(x) {
  return missing(x) ? '—' : new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(x);
}

// Hours (working or wall-clock) with one decimal.
export function formatHours(x) {
  return missing(x) ? '—' : new Intl.NumberFormat(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);
}

// A ratio 0..1 as a percentage with at most one decimal.
export function formatPercent(ratio) {
  return missing(ratio) ? '—' : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}
