// Staff and admin pages: system status, users, announcements and the audit log. What a page can
// do is what the API lets the signed-in user do: support staff read, admins change.

import { field, h, replace, toast } from '../dom.js';
import { api, get } from '../api.js';

export function render(main, ctx) {
  const admin = ctx.session.user && ctx.session.user.role === 'admin';
  const status = h('div', { id: 'system-status' });
  const users = h('div', { id: 'users' });
  const audit = h('div', { id: 'audit' });
  const q = h('input', { id: 'user-query', placeholder: 'email contains', 'aria-label': 'Find users' });
  const subject = h('input', { id: 'announce-subject', maxlength: 200 });
  const body = h('textarea', { id: 'announce-body', rows: 3 });
  const announce = h('form', { class: 'card', id: 'announce-form', novalidate: true }, h('h2', null, 'Announce to every user'),
    field('Subject', subject), field('Message', body), h('button', { type: 'submit', id: 'announce-send' }, 'Send'));
  announce.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('POST', '/api/v1/messages', { subject: subject.value, body: body.value });
      subject.value = '';
      body.value = '';
      toast('Sent to every user\'s inbox.');
    } catch (err) {
      toast(err.message, 'error');
    }
  });
  replace(main, h('h1', null, 'Administration'),
    h('section', { class: 'card' }, h('h2', null, 'System'), status),
    h('div', { class: 'bt-grid' }, h('section', { class: 'card' }, h('h2', null, 'Users'), h('div', { class: 'toolbar' }, q), users),
      admin ? announce : h('p', { class: 'muted' }, 'Announcements and the audit log are for admins.')),
    admin ? h('section', { class: 'card' }, h('h2', null, 'Audit log'), audit) : null);

  const loadUsers = async () => {
    try {
      const r = await get('/api/v1/users', { q: q.value, limit: 50 });
      replace(users, h('table', { id: 'users-table' }, h('thead', null, h('tr', null, ['Email', 'Role', 'Plan', 'Verified', 'State'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, r.users.map((u) => h('tr', null, h('td', null, u.email), h('td', null, roleCell(u)), h('td', null, u.plan),
          h('td', null, u.verified ? 'yes' : 'no'), h('td', null, u.disabled ? 'disabled' : 'active'))))));
    } catch (e) {
      replace(users, h('p', { class: 'error' }, e.message));
    }
  };
  const roleCell = (u) => {
    if (!admin) return u.role;
    const s = h('select', { 'aria-label': 'Role of ' + u.email }, ['user', 'support', 'admin'].map((r) => h('option', { value: r, selected: r === u.role }, r)));
    s.addEventListener('change', async () => {
      try {
        await api('PATCH', '/api/v1/users/' + u.id, { role: s.value });
        toast(u.email + ' is now ' + s.value);
      } catch (e) {
        toast(e.message, 'error');
        s.value = u.role;
      }
    });
    return s;
  };
  q.addEventListener('change', loadUsers);
  loadUsers();

  (async () => {
    try {
      const v = await get('/api/v1/venues');
      replace(status, h('table', { id: 'status-table' }, h('thead', null, h('tr', null, ['Venue', 'State', 'Books in sync', 'Stale', 'Decode errors', 'Gaps']
        .map((c) => h('th', { scope: 'col' }, c)))), h('tbody', null, v.venues.map((x) => h('tr', null, h('td', null, x.venue), h('td', null, x.state),
        h('td', { class: 'num' }, x.books_in_sync), h('td', { class: 'num' }, x.books_stale), h('td', { class: 'num' }, x.counters.decode_errors),
        h('td', { class: 'num' }, x.counters.sequence_gaps))))));
    } catch (e) {
      replace(status, h('p', { class: 'error' }, e.message));
    }
    if (!admin) return;
    try {
      const a = await get('/api/v1/audit', { limit: 50 });
      replace(audit, h('table', { id: 'audit-table' }, h('thead', null, h('tr', null, ['Time (UTC)', 'Actor', 'Action', 'Target', 'Address'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, a.audit.map((x) => h('tr', null, h('td', null, String(x.at).slice(0, 19).replace('T', ' ')),
          h('td', null, x.actor), h('td', null, x.action), h('td', null, x.target || ''), h('td', null, x.address || ''))))));
    } catch (e) {
      replace(audit, h('p', { class: 'error' }, e.message));
    }
  })();
}
