// The SLA badge of a ticket: on time / due soon / breached / paused, from the clocks the
// server reports (sla.ack_due, sla.resolve_due; a null due means that clock has stopped)
// and the working time left until them (working_time.js).

import { h } from './dom.js';
import { t } from './i18n.js';
import { workingTimeLeft } from './working_time.js';

// Less working time than this left on a running clock: "due soon".
export const DUE_SOON_MS = 2 * 3600 * 1000;

// [{clock: 'ack'|'resolve', due, leftMs, paused}] for the clocks that run.
export async function clocksOf(ticket, now = Date.now()) {
  const sla = ticket.sla || {};
  const out = [];
  if (sla.ack_due) out.push({ clock: 'ack', due: sla.ack_due, leftMs: await workingTimeLeft(sla.ack_due, now), paused: false });
  if (sla.resolve_due) {
    out.push({ clock: 'resolve', due: sla.resolve_due, leftMs: await workingTimeLeft(sla.resolve_due, now), paused: !!sla.paused });
  }
  return out;
}

// 'breached' | 'paused' | 'due_soon' | 'on_time' | null (no clock runs).
export function slaKind(ticket, clocks) {
  if (!clocks.length) return null;
  if (clocks.some((c) => !c.paused && c.leftMs !== null && c.leftMs < 0)) return 'breached';
  if (clocks.some((c) => c.paused)) return 'paused';
  if (clocks.some((c) => c.leftMs !== null && c.leftMs <= DUE_SOON_MS)) return 'due_soon';
  return 'on_time';
}

export const SLA_LABEL_KEYS = { on_time: 'sla_on_time', due_soon: 'sla_due_soon', breached: 'sla_breached', paused: 'sla_paused' };

export function slaBadge(kind) {
  if (!kind) return h('span', { class: 'badge badge-none' }, t('none'));
  return h('span', { class: `badge sla-${kind.replace('_', '-')}` }, t(SLA_LABEL_KEYS[kind]));
}

// "3 giờ 20 phút" / "2 ngày 4 giờ" (a working day is 8 working hours).
export function formatDuration(ms) {
  const minutes = Math.round(Math.abs(ms) / 60000);
  const hours = Math.floor(minutes / 60), m = minutes % 60;
  if (hours >= 16) return t('days_hours', { d: Math.floor(hours / 8), h: hours % 8 });
  if (hours === 0) return t('minutes', { m });
  return t('hours_minutes', { h: hours, m });
}

// The nearest due of the running clocks, for sorting (paused ones sort last).
export function nearestDue(clocks) {
  let best = Infinity;
  for (const c of clocks) if (!c.paused) best = Math.min(best, Date.parse(c.due));
  if (best === Infinity) for (const c of clocks) best = Math.min(best, Date.parse(c.due) + 1e13);
  return best;
}
