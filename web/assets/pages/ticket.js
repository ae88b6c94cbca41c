// /tickets/{id}: the ticket's fields and state, its SLA clocks as working time left, the
// timeline, one button per allowed action (each opens the form its payload needs), the
// comment box, and for the coordinating department's staff the notification deliveries.

import { api, ApiError } from '../api.js';
import { h, clear, alertBox, showError, showOk, hide, field } from '../dom.js';
import { t, priorityLabel, deliveryLabel } from '../i18n.js';
import { formatTime } from '../format.js';
import { loadWorkflow, stateLabel, eventLabel, categoryLabel, scopeLabel } from '../workflow_data.js';
import { categoryHelpNodes } from '../citation.js';
import { orgName, isDoict } from '../session.js';
import { isOfDoict } from '../authorities.js';
import { clocksOf, slaKind, slaBadge, leftText } from '../sla.js';
import { renderTimeline, personName, historyItems } from '../timeline.js';
import { eventForm } from '../event_forms.js';

const ticketPath = (id) => `/api/v1/tickets/${encodeURIComponent(id)}`;

function row(label, value) {
  return [h('dt', {}, label), h('dd', {}, value === null || value === undefined || value === '' ? t('none') : value)];
}

function slaSection(ticket) {
  const clocks = clocksOf(ticket);
  const section = h('section', { class: 'card', 'aria-labelledby': 'sla-h' }, h('h2', { id: 'sla-h' }, t('sla_clocks')));
  const list = h('ul', { class: 'clocks' });
  for (const clock of ['ack', 'resolve']) {
    const c = clocks.find((x) => x.clock === clock);
    const name = clock === 'ack' ? t('clock_ack') : t('clock_resolve');
    if (!c) {
      list.append(h('li', { class: 'clock', 'data-clock': clock }, h('span', { class: 'clock-name' }, name), ' ',
        h('span', { class: 'badge badge-none' }, t('sla_stopped'))));
      continue;
    }
    list.append(h('li', { class: 'clock', 'data-clock': clock },
      h('span', { class: 'clock-name' }, name), ' ', slaBadge(slaKind([c])), ' ',
      h('span', { class: 'clock-left' }, leftText(c)), ' ',
      h('span', { class: 'muted' }, '(', t('clock_due_at', { at: formatTime(c.due) }), ')')));
  }
  section.append(list);
  const breaches = (ticket.sla && ticket.sla.breaches) || [];
  if (breaches.length) {
    section.append(h('h3', {}, t('breaches')), h('ul', { class: 'breaches' }, breaches.map((b) => h('li', {},
      t('breach_item', { clock: b.clock === 'ack' ? t('clock_ack') : t('clock_resolve'), level: b.level, at: formatTime(b.at) })))));
  }
  section.append(h('p', { class: 'hint' }, t('sla_note')));
  return section;
}

function detailsSection(ticket, ctx) {
  const dl = h('dl', { class: 'fields' },
    row(t('f_id'), ticket.id),
    row(t('f_state'), h('span', { class: `state state-${ticket.state}` }, stateLabel(ctx.workflow, ticket.state))),
    row(t('f_category'), h('span', {}, categoryLabel(ticket.category), h('span', { class: 'hint block' }, categoryHelpNodes(ctx.workflow, ticket.category)))),
    ticket.scope ? row(t('f_scope'), scopeLabel(ticket.scope)) : null,
    row(t('f_priority'), h('span', { class: `prio prio-${ticket.priority}` }, priorityLabel(ticket.priority))),
    row(t('f_reporter'), personName(ticket, 'reporter')),
    row(t('f_reporter_org'), orgName(ctx.orgs, ticket.reporter_org)),
    row(t('f_parties'), (ticket.parties || []).map((o) => orgName(ctx.orgs, o)).join(', ')),
    row(t('f_service'), ticket.service),
    row(t('f_assignee'), personName(ticket, 'assignee')),
    row(t('f_created'), formatTime(ticket.created_at)),
    row(t('f_updated'), formatTime(ticket.updated_at)),
    row(t('f_version'), String(ticket.version)));
  return h('section', { class: 'card', 'aria-labelledby': 'details-h' },
    h('h2', { id: 'details-h' }, t('details')), dl,
    h('h3', {}, t('f_description')), h('p', { class: 'description' }, ticket.description));
}

function deliveriesSection(items, ctx) {
  const section = h('section', { class: 'card', 'aria-labelledby': 'deliveries-h' }, h('h2', { id: 'deliveries-h' }, t('deliveries')));
  if (!items.length) { section.append(h('p', { class: 'muted' }, t('no_deliveries'))); return section; }
  const table = h('table', { class: 'table deliveries' },
    h('thead', {}, h('tr', {}, [t('d_event'), t('d_channel'), t('d_recipient'), t('d_status'), t('d_attempts'), t('d_last_error'), t('d_created')]
      .map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, items.map((d) => h('tr', { class: `delivery-${d.status}` },
      h('td', {}, d.event_type ? eventLabel(d.event_type) : t('none')),
      h('td', {}, deliveryLabel(d.channel)),
      h('td', {}, d.recipient || t('none')),
      h('td', {}, h('span', { class: `badge delivery-badge delivery-badge-${d.status}` }, deliveryLabel(d.status))),
      h('td', { class: 'num' }, String(d.attempts ?? 0)),
      h('td', {}, d.last_error || t('none')),
      h('td', {}, formatTime(d.created_at))))));
  section.append(h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-labelledby': 'deliveries-h' }, table));
  return section;
}

export async function render(main, ctx) {
  const id = ctx.params.id;
  const status = alertBox();
  status.tabIndex = -1;  // focused after an action, so that its outcome is read out
  let flash = null;  // a message to show after re-rendering

  const load = async () => {
    clear(main);
    main.append(h('p', {}, h('a', { href: '/tickets' }, t('back_to_list'))));
    let ticket, history, workflow;
    try {
      [ticket, workflow] = await Promise.all([api.get(ticketPath(id)), loadWorkflow()]);
      history = historyItems(await api.get(`${ticketPath(id)}/history`));
    } catch (e) {
      main.append(h('h1', {}, (e instanceof ApiError && e.title) || t('error_title')), status);
      showError(status, e);
      return;
    }
    // The scope decides what escalations cite; a server that does not put it in the ticket
    // still recorded it in the report.
    const report = history.find((ev) => ev.type === 'report');
    if (!ticket.scope && report && report.payload && report.payload.scope) ticket.scope = report.payload.scope;
    const c = { ...ctx, workflow, ticket };
    main.append(h('h1', { class: 'ticket-title' }, ticket.title),
      h('p', { class: 'ticket-sub' }, h('span', { class: 'ticket-id' }, ticket.id), ' ',
        h('span', { class: `state state-${ticket.state}` }, stateLabel(workflow, ticket.state))),
      status);
    if (flash) { showOk(status, flash); flash = null; } else hide(status);

    const layout = h('div', { class: 'ticket-layout' });
    const left = h('div', { class: 'ticket-main' });
    const right = h('div', { class: 'ticket-side' });
    layout.append(left, right);
    main.append(layout);

    // Actions: one button per allowed event (comment has its own box).
    const actions = (ticket.allowed_actions || []).filter((a) => a !== 'comment');
    const actionsSection = h('section', { class: 'card', 'aria-labelledby': 'actions-h' }, h('h2', { id: 'actions-h' }, t('actions')));
    const formSlot = h('div', { class: 'form-slot', id: 'action-form' });
    if (!actions.length) actionsSection.append(h('p', { class: 'muted' }, t('no_actions')));
    const buttons = h('div', { class: 'action-buttons' });
    const submitEvent = async (type, payload, box, button) => {
      button.disabled = true;
      try {
        await api.post(`${ticketPath(id)}/events`, { type, expected_version: ticket.version, ...payload });
        flash = `${eventLabel(type)}: ${t('saved')}`;
        await load();
        status.focus();
      } catch (e) {
        showError(box, e);
        button.disabled = false;
      }
    };
    for (const type of actions) {
      const b = h('button', { type: 'button', class: 'btn', 'aria-expanded': 'false', 'aria-controls': 'action-form', 'data-event': type }, eventLabel(type));
      b.addEventListener('click', () => {
        const open = b.getAttribute('aria-expanded') === 'true';
        for (const other of buttons.querySelectorAll('button')) other.setAttribute('aria-expanded', 'false');
        clear(formSlot);
        if (open) return;
        b.setAttribute('aria-expanded', 'true');
        const box = alertBox();
        const { form, read } = eventForm(type, c);
        const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('confirm'));
        const cancel = h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => { clear(formSlot); b.setAttribute('aria-expanded', 'false'); b.focus(); } }, t('cancel'));
        const heading = h('h3', { id: 'action-form-h' }, eventLabel(type));
        form.prepend(heading, box);
        form.append(h('div', { class: 'form-actions' }, submit, cancel));
        form.addEventListener('submit', (ev) => {
          ev.preventDefault();
          hide(box);
          let payload;
          try { payload = read(); } catch (err) { showError(box, { title: t('error_title'), detail: err.detail }); err.control.focus(); return; }
          submitEvent(type, payload, box, submit);
        });
        formSlot.append(form);
        const first = form.querySelector('textarea, input, select');
        (first || submit).focus();
      });
      buttons.append(b);
    }
    actionsSection.append(buttons, formSlot);
    left.append(actionsSection);

    // Comment box.
    if ((ticket.allowed_actions || []).includes('comment')) {
      const box = alertBox();
      const text = h('textarea', { name: 'body', rows: 3, maxlength: 20000 });
      const send = h('button', { type: 'submit', class: 'btn btn-primary' }, t('comment_send'));
      const form = h('form', { class: 'card comment-form', novalidate: true },
        h('h2', { id: 'comment-h', class: 'visually-hidden' }, t('comment_label')),
        box, field(t('comment_label'), text), h('div', { class: 'form-actions' }, send));
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        hide(box);
        if (!text.value.trim()) { showError(box, { title: t('error_title'), detail: t('required_field', { field: t('comment_label') }) }); text.focus(); return; }
        submitEvent('comment', { body: text.value.trim() }, box, send);
      });
      left.append(form);
    }

    left.append(h('section', { class: 'card', 'aria-labelledby': 'timeline-h' }, h('h2', { id: 'timeline-h' }, t('timeline')),
      renderTimeline(history, c)));

    right.append(detailsSection(ticket, c), slaSection(ticket));
    if (isDoict(ctx.user) || isOfDoict(ctx.user)) {
      try {
        const d = await api.get(`${ticketPath(id)}/notifications`);
        main.append(deliveriesSection(d.items || [], c));
      } catch (e) {
        const box = alertBox();
        main.append(h('section', { class: 'card' }, h('h2', {}, t('deliveries')), box));
        showError(box, e);
      }
    }
  };
  await load();
}
