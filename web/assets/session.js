// Who is signed in (GET /api/v1/me), what they may open, and where they start.

import { api, setCsrfToken } from './api.js';

let me = null;
let orgsPromise = null;

export async function loadMe(options = {}) {
  me = await api.get('/api/v1/me', options);
  setCsrfToken(me && me.csrf_token);
  return me;
}

export function currentUser() { return me; }
export function hasRole(user, ...roles) { return !!user && roles.some((r) => (user.roles || []).includes(r)); }
export function isDoict(user) { return hasRole(user, 'engineer', 'coordinator'); }
// DoICT's leadership: signs off escalations; works from the DoICT queue.
export function isDirector(user) { return hasRole(user, 'director'); }
export function isChairman(user) { return hasRole(user, 'chairman'); }
// The Chairman, or staff of the Chairman's office who record decisions for the signer.
export function isChairmanDesk(user) { return hasRole(user, 'chairman', 'office_staff'); }
export function isAgency(user) { return hasRole(user, 'reporter', 'focal_point'); }
// A unit's focal point: answers the data requests its unit is consulted on or owns the data of.
export function isFocalPoint(user) { return hasRole(user, 'focal_point'); }

// reporter/focal_point -> /tickets, engineer/coordinator/director -> /queue,
// chairman/office_staff -> /inbox.
export function homeOf(user) {
  if (isChairmanDesk(user)) return '/inbox';
  if (isDoict(user) || isDirector(user)) return '/queue';
  return '/tickets';
}

// The org directory (GET /api/v1/orgs), fetched once.
export function loadOrgs() {
  if (!orgsPromise) orgsPromise = api.get('/api/v1/orgs').then((r) => r.items || []).catch((e) => { orgsPromise = null; throw e; });
  return orgsPromise;
}

export function orgName(orgs, id) {
  const o = (orgs || []).find((x) => x.id === id);
  return o ? o.name : id;
}

// A `next` that stays on this site, as path + query + hash; '' for anything else. The
// browser's own URL parser decides (it drops tabs and newlines and reads "\\" as "/",
// so "/\t/evil", "/\\evil" and "//evil" all name another host): only a result on this
// origin is kept.
export function safeNext(next) {
  if (typeof next !== 'string' || !next.startsWith('/')) return '';
  let u;
  try { u = new URL(next, location.origin); } catch (e) { return ''; }
  return u.origin === location.origin ? u.pathname + u.search + u.hash : '';
}

// Who may use the directory pages (the server decides; these only pick links and forms).
export function isAdmin(user) { return hasRole(user, 'admin'); }
// Appoint focal points, mark them absent, submit the list (admin, coordinators).
export function mayManageFocalPoints(user) { return hasRole(user, 'admin', 'coordinator'); }
// Record the approving decision of the list (Art. 18.3).
export function mayApproveFocalList(user) { return hasRole(user, 'admin', 'coordinator', 'chairman'); }
