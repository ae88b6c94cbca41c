// The focal-point list as both its pages read it (GET /api/v1/focal-points): each org's
// focal point and deputy, who is on duty, the list's status labels, and the names of the
// authorities the printed list carries.

import { api } from './api.js';
import { t } from './i18n.js';
import { loadWorkflow } from './workflow_data.js';

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

// The authorities the printed list names: {doict: {id, name}, chairman_office: {id, name},
// province}. The one place that knows where they come from: the workflow's `authorities`
// (GET /api/v1/workflows/incident) when the server gives them, else the directory's orgs
// of kind provincial_focal and chairman_office (the province has no org: '' then).
export async function loadAuthorityNames() {
  let workflow = null;
  try { workflow = await loadWorkflow(); } catch (e) { workflow = null; }
  const a = workflow && workflow.authorities;
  if (a && a.doict) {
    return { doict: a.doict, chairman_office: a.chairman_office || null, province: a.province || '' };
  }
  const orgs = (await api.get('/api/v1/orgs')).items || [];
  const ofKind = (kind) => {
    const o = orgs.find((x) => x.kind === kind && x.active !== false) || orgs.find((x) => x.kind === kind);
    return o ? { id: o.id, name: o.name } : null;
  };
  return { doict: ofKind('provincial_focal'), chairman_office: ofKind('chairman_office'), province: '' };
}
