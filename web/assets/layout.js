// The header of every page: the application's name, the navigation for the user's roles,
// who is signed in (and their org), the sign-out button and the language switch.

import { api } from './api.js';
import { h, clear } from './dom.js';
import { t, lang, setLang, roleLabel, authorityNamesKnown } from './i18n.js';
import { isAgency, isChairmanDesk, isDirector, isDoict, isFocalPoint, orgName } from './session.js';
import { directoryLinks } from './directory_nav.js';

function navLinks(user) {
  const links = [];
  if (isDoict(user) || isDirector(user)) links.push(['/queue', 'nav_queue']);
  if (isChairmanDesk(user)) links.push(['/inbox', 'nav_inbox']);
  links.push(['/tickets', 'nav_tickets']);
  if (isAgency(user)) links.push(['/tickets/new', 'nav_new']);
  // Data-sharing requests (issue 15): DoICT records and runs them, its leadership and the
  // Chairman's desk follow them; a unit's focal point answers what its unit is asked.
  if (isDoict(user) || isDirector(user) || isChairmanDesk(user)) links.push(['/data-requests', 'nav_data_requests']);
  if (isFocalPoint(user)) links.push(['/data-requests/opinions', 'nav_opinions']);
  // Reports (issue 16): DoICT, its leadership and the Chairman's desk see every agency's
  // figures, an agency its own (the server scopes them).
  if (isDoict(user) || isDirector(user) || isChairmanDesk(user) || isAgency(user)) links.push(['/reports', 'nav_reports']);
  links.push(['/workflow', 'nav_workflow']);
  links.push(...directoryLinks(user));
  return links;
}

// onLanguage: called after the language changed, to render the page again.
export function renderHeader(el, user, orgs, onLanguage) {
  clear(el);
  const brand = h('a', { class: 'brand', href: '/' },
    h('img', { src: '/assets/icon.svg', alt: '', width: 28, height: 28 }),
    h('span', { class: 'brand-text' }, h('span', { class: 'brand-name' }, t('app_name')),
      authorityNamesKnown() ? h('span', { class: 'brand-sub' }, t('app_subtitle')) : null));
  const langButton = h('button', { type: 'button', class: 'btn btn-quiet lang-switch', lang: lang() === 'vi' ? 'en' : 'vi',
    title: t('switch_lang_title'),
    onclick: () => { setLang(lang() === 'vi' ? 'en' : 'vi'); onLanguage(); } }, t('switch_lang'));
  const top = h('div', { class: 'header-top' }, brand);
  const tools = h('div', { class: 'header-tools' });
  if (user) {
    tools.append(h('span', { class: 'who' },
      h('span', { class: 'who-name' }, user.display_name || user.username),
      h('span', { class: 'who-meta' }, `${user.username} · ${(user.roles || []).map(roleLabel).join(', ')} · ${orgName(orgs, user.org)}`)));
  }
  tools.append(langButton);
  if (user) {
    tools.append(h('a', { class: 'btn btn-quiet account-link', href: '/account/password',
      'aria-current': location.pathname === '/account/password' ? 'page' : null }, t('change_password_link')));
  }
  if (user) {
    tools.append(h('button', { type: 'button', class: 'btn btn-quiet sign-out', onclick: async (ev) => {
      ev.currentTarget.disabled = true;
      try { await api.del('/api/v1/sessions/current', { redirectOn401: false }); } catch (e) { /* signed out anyway */ }
      location.assign('/login');
    } }, t('sign_out')));
  }
  top.append(tools);
  el.append(top);
  if (user) {
    const nav = h('nav', { class: 'nav', 'aria-label': t('nav_label') });
    const list = h('ul', {});
    for (const [href, key] of navLinks(user)) {
      const here = location.pathname === href;
      list.append(h('li', {}, h('a', { href, 'aria-current': here ? 'page' : null }, t(key))));
    }
    nav.append(list);
    el.append(nav);
  }
}
