// The pages' entry point: sets the language, finds out who is signed in, draws the header
// and renders the page for location.pathname.

import { loginUrl } from './api.js';
import { h, clear, alertBox, showError } from './dom.js';
import { applyLang, t } from './i18n.js';
import { loadAuthorities } from './authorities.js';
import { renderHeader } from './layout.js';
import { match } from './router.js';
import { homeOf, loadMe, loadOrgs } from './session.js';
import * as loginPage from './pages/login.js';
import * as ticketsPage from './pages/tickets.js';
import * as newTicketPage from './pages/new_ticket.js';
import * as ticketPage from './pages/ticket.js';
import * as queuePage from './pages/queue.js';
import * as inboxPage from './pages/inbox.js';
import * as dataRequestsPage from './pages/data_requests.js';
import * as newDataRequestPage from './pages/new_data_request.js';
import * as dataRequestPage from './pages/data_request.js';
import * as opinionsPage from './pages/opinions.js';
import * as workflowPage from './pages/workflow.js';
import * as adminOrgsPage from './pages/admin_orgs.js';
import * as adminUsersPage from './pages/admin_users.js';
import * as adminFocalPointsPage from './pages/admin_focal_points.js';
import * as focalPrintPage from './pages/focal_print.js';
import * as reportsPage from './pages/reports.js';
import * as passwordPage from './pages/password.js';
import * as setPasswordPage from './pages/set_password.js';
import * as requestDataPage from './pages/request_data.js';
import * as requestDataConfirmPage from './pages/request_data_confirm.js';
import * as requestDataStatusPage from './pages/request_data_status.js';

const PAGES = {
  login: loginPage, tickets: ticketsPage, new: newTicketPage, ticket: ticketPage,
  queue: queuePage, inbox: inboxPage, workflow: workflowPage,
  data_requests: dataRequestsPage, new_data_request: newDataRequestPage, data_request: dataRequestPage, opinions: opinionsPage,
  admin_orgs: adminOrgsPage, admin_users: adminUsersPage, admin_focal_points: adminFocalPointsPage,
  reports: reportsPage,
  focal_print: focalPrintPage, password: passwordPage, set_password: setPasswordPage,
  request_data: requestDataPage, request_data_confirm: requestDataConfirmPage, request_data_status: requestDataStatusPage,
};

const header = document.getElementById('site-header');
const main = document.getElementById('main');

// Renders started by a language switch while a render is still loading: only the latest
// one draws (the counter is checked after each wait).
let renderGeneration = 0;

async function render() {
  const gen = ++renderGeneration;
  applyLang();
  const skip = document.querySelector('.skip-link');
  if (skip) skip.textContent = t('skip_link');
  const route = match(location.pathname);
  let user = null;
  try {
    user = await loadMe({ redirectOn401: false });
  } catch (e) {
    if (e.status !== 401) {
      renderHeader(header, null, [], renderSafely);
      const box = alertBox();
      clear(main).append(box);
      showError(box, e);
      return;
    }
  }
  if (!user && !(route && route.public)) {
    location.replace(loginUrl());
    return;
  }
  let orgs = [];
  if (user) { try { orgs = await loadOrgs(); } catch (e) { orgs = []; } }
  // The authorities' names for the strings (a page that needs the workflow shows its error).
  if (user) { try { await loadAuthorities(); } catch (e) { /* neutral names stand in */ } }
  if (gen !== renderGeneration) return;
  renderHeader(header, user, orgs, renderSafely);
  clear(main);
  if (!route) {
    main.append(h('h1', {}, t('not_found_page')), h('p', {}, h('a', { href: '/' }, t('nav_tickets'))));
    return;
  }
  if (route.page === 'home') {
    location.replace(homeOf(user));
    return;
  }
  await PAGES[route.page].render(main, { user, orgs, params: route.params, query: new URLSearchParams(location.search), rerender: renderSafely });
}

// A page that fails while rendering shows why instead of staying blank.
function renderSafely() {
  render().catch((e) => {
    const box = alertBox();
    main.prepend(box);
    showError(box, e);
  });
}

// The public request pages read their code from the fragment: another link pasted into the
// address bar changes only the fragment, and must show that request.
window.addEventListener('hashchange', () => {
  if (location.pathname.startsWith('/request-data/')) renderSafely();
});

renderSafely();
