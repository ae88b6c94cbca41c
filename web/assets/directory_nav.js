// The header's links to the directory pages (issue 12), for the roles that may use them;
// the server refuses the others anyway (403).

import { hasRole, isAdmin, mayManageFocalPoints, mayApproveFocalList } from './session.js';

// [href, i18n key] pairs, in the order the navigation shows them.
export function directoryLinks(user) {
  const links = [];
  if (isAdmin(user)) links.push(['/admin/orgs', 'nav_admin_orgs']);
  if (hasRole(user, 'admin', 'coordinator')) links.push(['/admin/users', 'nav_admin_users']);
  if (mayManageFocalPoints(user) || mayApproveFocalList(user)) links.push(['/admin/focal-points', 'nav_admin_focal']);
  if (user) links.push(['/focal-points/print', 'nav_focal_list']);
  return links;
}
