// Which page a path shows. The server answers every page route with the same shell
// (index.html); this table picks the module that renders it. Links between pages are
// ordinary links (a full load), so every page works on its own and with Back/Forward.

export const ROUTES = [
  { pattern: /^\/$/, page: 'home' },
  { pattern: /^\/login$/, page: 'login', public: true },
  { pattern: /^\/tickets$/, page: 'tickets' },
  { pattern: /^\/tickets\/new$/, page: 'new' },
  { pattern: /^\/tickets\/([^/]+)$/, page: 'ticket', params: ['id'] },
  { pattern: /^\/queue$/, page: 'queue' },
  { pattern: /^\/inbox$/, page: 'inbox' },
  { pattern: /^\/data-requests$/, page: 'data_requests' },
  { pattern: /^\/data-requests\/new$/, page: 'new_data_request' },
  { pattern: /^\/data-requests\/opinions$/, page: 'opinions' },
  { pattern: /^\/data-requests\/([^/]+)$/, page: 'data_request', params: ['id'] },
  { pattern: /^\/workflow$/, page: 'workflow' },
  { pattern: /^\/reports$/, page: 'reports' },
  { pattern: /^\/admin\/orgs$/, page: 'admin_orgs' },
  { pattern: /^\/admin\/users$/, page: 'admin_users' },
  { pattern: /^\/admin\/focal-points$/, page: 'admin_focal_points' },
  { pattern: /^\/focal-points\/print$/, page: 'focal_print' },
  { pattern: /^\/account\/password$/, page: 'password' },
  { pattern: /^\/set-password$/, page: 'set_password', public: true },
  // A person or business asks for data without an account (issue 15.2).
  { pattern: /^\/request-data$/, page: 'request_data', public: true },
  { pattern: /^\/request-data\/confirm$/, page: 'request_data_confirm', public: true },
  { pattern: /^\/request-data\/status$/, page: 'request_data_status', public: true },
];

export function match(pathname) {
  for (const r of ROUTES) {
    const m = r.pattern.exec(pathname);
    if (!m) continue;
    const params = {};
    try {
      (r.params || []).forEach((name, i) => { params[name] = decodeURIComponent(m[i + 1]); });
    } catch (e) {
      return null;  // a malformed escape (e.g. /tickets/%E0%A4): the not-found page
    }
    return { ...r, params };
  }
  return null;
}
