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
