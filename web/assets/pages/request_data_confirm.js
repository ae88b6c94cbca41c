// /request-data/confirm#code=...&token=... (public, no account; issue 15.2): the link of the
// confirmation mail. The code and the token are read from the fragment, which the browser
// sends to no server, and the token travels only in the body of
// POST /api/v1/public/data-requests/{code}/confirm; once it is accepted the request is filed
// with DoICT, the address bar becomes the tracking link (no token in it or in the history),
// and the page shows the request as /request-data/status does.

import { h, alertBox, showError } from '../dom.js';
import { t } from '../i18n.js';
import { fragmentParams, publicApi, publicPost, renderView, statusPath } from '../public_request.js';

export async function render(main) {
  const { code, token } = fragmentParams(location.hash);
  const box = alertBox();
  if (!code || !token) {
    main.append(h('h1', {}, t('pr_confirm_title')), box, h('p', {}, h('a', { href: '/request-data' }, t('pr_new_link'))));
    showError(box, { title: t('error_title'), detail: t('pr_confirm_no_token') });
    return;
  }
  main.append(h('h1', {}, t('pr_confirm_title')), h('p', { class: 'muted', role: 'status' }, t('pr_confirming')));
  let view;
  try {
    view = await publicPost(`${publicApi(code)}/confirm`, { token });
  } catch (e) {
    main.replaceChildren(h('h1', {}, t('pr_confirm_title')), box,
      h('p', {}, t('pr_confirm_failed_hint')),
      h('ul', {}, h('li', {}, h('a', { href: statusPath(code) }, t('pr_status_link'))), h('li', {}, h('a', { href: '/request-data' }, t('pr_new_link')))));
    showError(box, e.status === 404 ? { ...e, title: t('error_title'), detail: t('pr_confirm_expired'), status: 404 } : e);
    // The token is of no more use to this page: keep it out of the address bar.
    history.replaceState(null, '', statusPath(code));
    return;
  }
  // The link is spent: the address bar and this history entry become the tracking link.
  history.replaceState(null, '', statusPath(code));
  renderView(main, code, view, t('pr_confirm_done'));
  main.querySelector('[role=alert]').focus();
}
