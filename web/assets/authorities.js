// The authorities of the workflow — the coordinating department (DoICT), the Chairman's
// office, the ministry — and the province, as the server names them
// (GET /api/v1/workflows/incident, member "authorities"; the names are the directory's).
// No page names one itself, so renaming or merging an authority needs no change here.

import { setAuthorityNames } from './i18n.js';
import { loadWorkflow } from './workflow_data.js';

let current = null;

// Fetches them (once per page, with the workflow) and hands the names to t().
export async function loadAuthorities() {
  const workflow = await loadWorkflow();
  current = workflow.authorities || null;
  if (current) {
    setAuthorityNames({
      doict: current.doict.name,
      ministry: current.ministry.name,
      chairman_office: current.chairman_office.name,
      province: current.province,
    });
  }
  return current;
}

export function authorities() { return current; }

// A member of the coordinating department (any role: its engineers, coordinators, leaders).
export function isOfDoict(user) { return !!current && !!user && user.org === current.doict.id; }
