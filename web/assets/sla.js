// The SLA clocks of a ticket as the server reports them, and their badge: on time / due
// soon / breached / paused. Everything comes from `ticket.sla`: ack_due and resolve_due
// (null: that clock is not running) and ack_working_seconds_left /
// resolve_working_seconds_left, the working time from the server's "now" to the due on
// the server's configured calendar (negative: overdue by that much working time; while
// paused, what would be left if the clock resumed now). The browser computes no working
// time itself: it knows neither the working periods nor the days off.

import { h } from './dom.js';
import { t } from './i18n.js';

// Less working time than this left on a running clock: "due soon".
export const DUE_SOON_SECONDS = 2 * 3600;

const seconds = (x) => (typeof x === 'number' && Number.isFinite(x) ? x : null);

// [{clock: 'ack'|'resolve', due, left (working seconds or null), paused}] for the clocks
// that run.
export function clocksOf(ticket) {
  const sla = ticket.sla || {};
  const out = [];
  if (sla.ack_due) out.push({ clock: 'ack', due: sla.ack_due, left: seconds(sla.ack_working_seconds_left), paused: false });
  if (sla.resolve_due) {
    out.push({ clock: 'resolve', due: sla.resolve_due, left: seconds(sla.resolve_working_seconds_left), paused: !!sla.paused });
  }
  return out;
}

// 'breached' | 'paused' | 'due_soon' | 'on_time' | null (no clock runs).
export function slaKind(clocks) {
  if (!clocks.length) return null;
  if (clocks.some((c) => !c.paused && c.left !== null && c.left < 0)) return 'breached';
  if (clocks.some((c) => c.paused)) return 'paused';
  if (clocks.some((c) => c.left !== null && c.left <= DUE_SOON_SECONDS)) return 'due_soon';
  return 'on_time';
}

export const SLA_LABEL_KEYS = { on_time: 'sla_on_time', due_soon: 'sla_due_soon', breached: 'sla_breached', paused: 'sla_paused' };

export function slaBadge(kind) {
  if (!kind) return h('span', { class: 'badge badge-none' }, t('none'));
  return h('span', { class: `badge sla-${kind.replace('_', '-')}` }, t(SLA_LABEL_KEYS[kind]));
}

// Working seconds as "3 giờ 20 phút" / "45 phút" (sign dropped). Hours rather than days:
// the targets are working hours, and the length of a working day is the server's config.
export function formatDuration(secs) {
  const minutes = Math.round(Math.abs(secs) / 60);
  const hours = Math.floor(minutes / 60), m = minutes % 60;
  if (hours === 0) return t('minutes', { m });
  return t('hours_minutes', { h: hours, m });
}

// "còn 3 giờ 20 phút làm việc" / "quá hạn 45 phút làm việc" / "tạm dừng, còn ..."; empty
// when the server gave no figure.
export function leftText(clock) {
  if (clock.left === null) return '';
  if (clock.left < 0) return t('clock_over', { t: formatDuration(clock.left) });
  return t(clock.paused ? 'clock_paused_left' : 'clock_left', { t: formatDuration(clock.left) });
}

// The nearest due of the running clocks, for sorting (paused ones sort last).
export function nearestDue(clocks) {
  let best = Infinity;
  for (const c of clocks) if (!c.paused) best = Math.min(best, Date.parse(c.due));
  if (best === Infinity) for (const c of clocks) best = Math.min(best, Date.parse(c.due) + 1e13);
  return best;
}
