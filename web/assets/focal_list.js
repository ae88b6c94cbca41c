// The focal-point list as both its pages read it (GET /api/v1/focal-points): each org's
// focal point and deputy, who is on duty, the list's status labels, and the names of the
// authorities the printed list carries.

import { loadAuthorities } from './authorities.js';
import { t } from './i18n.js';

// The focal point and the deputy of `orgId` among the terms in force.
export function focalOfOrg(items, orgId) {
  return {
    focal: items.find((x) => x.org === orgId && x.role !== 'deputy') || null,
    deputy: items.find((x) => x.org === orgId && x.role === 'deputy') || null,
  };
}

// Who receives what the org's focal point receives: the focal point, or the deputy while
// the focal point is marked absent or missing (engine FocalPointOnDuty).
export function onDuty(focal, deputy) {
  if (focal && (!focal.absent || !deputy)) return focal;
  return deputy || null;
}

export function listStatusLabel(status) {
  return t({ draft: 'list_status_draft', submitted: 'list_status_submitted', approved: 'list_status_approved' }[status] || 'list_status_draft');
}

// The authorities the printed list names: {doict: {id, name} | null, province}, as the
// server names them (authorities.js: the workflow export's `authorities`); null and ''
// when the server gives none, and the document then leaves them out.
export async function loadAuthorityNames() {
  let a = null;
  try { a = await loadAuthorities(); } catch (e) { a = null; }
  return { doict: (a && a.doict) || null, province: (a && a.province) || '' };
}
