// Working time between two instants on the provincial calendar, for the SLA clocks.
//
// The server keeps the real clocks (engine/src/sla.cpp); the pages only show how much
// working time is left. This is the same rule, computed in the browser: Vietnam time
// (UTC+07:00, no daylight saving), working periods 07:00-11:30 and 13:30-17:00 (the
// defaults of calendar.working_periods), Monday to Friday, minus the days off and plus
// the make-up working days of GET /api/v1/calendar?year=. Approximation: if the server
// runs other working periods or weekdays (config), the figures shown here are off by
// that difference; the due times themselves (ack_due, resolve_due) always come from the
// server.

import { api } from './api.js';

const OFFSET_MS = 7 * 3600 * 1000;
const PERIODS = [[7 * 60, 11 * 60 + 30], [13 * 60 + 30, 17 * 60]];  // minutes after midnight
const DAY_MS = 86400 * 1000;

const years = new Map();  // year -> Promise<{off:Set, extra:Set}>

function loadYear(year) {
  if (!years.has(year)) {
    years.set(year, api.get(`/api/v1/calendar?year=${year}`).then((c) => ({
      off: new Set((c.days_off || []).map((d) => d.date)),
      extra: new Set((c.extra_working_days || []).map((d) => d.date)),
    })).catch(() => ({ off: new Set(), extra: new Set() })));
  }
  return years.get(year);
}

// The calendars for every year touched by [a, b] (instants in ms).
export async function loadCalendars(...instants) {
  const ys = new Set();
  const valid = instants.filter((x) => Number.isFinite(x));
  if (!valid.length) return new Map();
  const lo = Math.min(...valid), hi = Math.max(...valid);
  for (let y = new Date(lo + OFFSET_MS).getUTCFullYear(); y <= new Date(hi + OFFSET_MS).getUTCFullYear(); y += 1) ys.add(y);
  const out = new Map();
  for (const y of ys) out.set(y, await loadYear(y));
  return out;
}

function isWorkingDay(localMidnightMs, calendars) {
  const d = new Date(localMidnightMs);
  const iso = d.toISOString().slice(0, 10);
  const cal = calendars.get(d.getUTCFullYear());
  if (cal && cal.extra.has(iso)) return true;
  const wd = d.getUTCDay();  // 0 Sunday .. 6 Saturday
  if (wd === 0 || wd === 6) return false;
  return !(cal && cal.off.has(iso));
}

// Working milliseconds in [from, to] (UTC ms); 0 when to <= from.
export function workingMs(from, to, calendars) {
  if (!(to > from)) return 0;
  const a = from + OFFSET_MS, b = to + OFFSET_MS;  // "local" ms, read with getUTC*
  let total = 0;
  let day = Math.floor(a / DAY_MS) * DAY_MS;
  for (let i = 0; day < b && i < 3700; day += DAY_MS, i += 1) {
    if (!isWorkingDay(day, calendars)) continue;
    for (const [s, e] of PERIODS) {
      const ps = day + s * 60000, pe = day + e * 60000;
      const lo = Math.max(ps, a), hi = Math.min(pe, b);
      if (hi > lo) total += hi - lo;
    }
  }
  return total;
}

// Signed working time from now until `due` (negative when overdue).
export async function workingTimeLeft(dueIso, now = Date.now()) {
  const due = Date.parse(dueIso);
  if (!Number.isFinite(due)) return null;
  const calendars = await loadCalendars(now, due);
  return due >= now ? workingMs(now, due, calendars) : -workingMs(due, now, calendars);
}
