// The hash routes both pages use (the dashboard's #/campaigns/…, the workbench's #/record …):
// read as path parts and parameters, and parameters written back as a query that leaves out
// empty values, so a shared link carries only what was chosen.

/** location.hash as `{ parts, params }`: '#/issues/i-1?x=1' → `{ parts: ['issues', 'i-1'], params: { x: '1' } }`. */
export function readHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  return {
    parts: path.split('/').filter(Boolean).map(decodeURIComponent),
    params: Object.fromEntries(new URLSearchParams(query)),
  };
}

/** '?a=1&b=2' from the parameters that have a value; '' when none has. */
export function queryOf(params) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v != null && v !== ''));
  return query.size ? `?${query}` : '';
}
