// Dates and times as people in the province read them: Asia/Ho_Chi_Minh, whatever the
// browser's own time zone.

import { lang } from './i18n.js';

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export function formatTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'vi-VN', {
    timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).format(d);
}

// The machine-readable value for <time datetime>.
export function isoAttr(iso) { return iso || ''; }

// A civil date "YYYY-MM-DD" (the API's dates: since, until, decision_date) as people
// write it: "05/12/2026" (both languages). Anything else is shown as it is.
export function formatDate(ymd) {
  if (!ymd) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : ymd;
}

// Today in the province, as "YYYY-MM-DD" (the value of <input type="date">).
export function todayIso() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
