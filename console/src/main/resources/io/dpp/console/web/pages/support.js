// Support: tickets (a user's own, or the staff queue), a ticket's thread with replies, internal
// notes, files and status; feedback; and the inbox of announcements (docs/support.md).

import { field, h, replace, toast } from '../dom.js';
import { api, get } from '../api.js';

const CATEGORIES = ['data', 'trading', 'billing', 'account', 'bug'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const STATUSES = ['open', 'pending', 'solved', 'closed'];
const SERVICES = ['backtests', 'venue_data', 'live_stream', 'history', 'trading', 'strategies', 'console', 'api', 'support', 'other'];
/** Largest file a ticket takes (the server refuses more). */
const MAX_FILE = 5 * 1024 * 1024;

export function render(main, ctx) {
  const staff = ctx.session.user && ['support', 'admin'].includes(ctx.session.user.role);
  if (ctx.params[0]) thread(main, Number(ctx.params[0]), staff, ctx.session.user);
  else overview(main, staff, ctx);
}

function overview(main, staff, ctx) {
  const list = h('div', { id: 'tickets' });
  const inbox = h('div', { id: 'inbox' });
  const filter = h('select', { id: 'ticket-status', 'aria-label': 'Status' }, h('option', { value: '' }, 'any status'),
    STATUSES.map((s) => h('option', { value: s, selected: s === (ctx.query.get('status') || '') }, s)));
  const subject = h('input', { id: 'ticket-subject', maxlength: 200, required: true });
  const body = h('textarea', { id: 'ticket-body', rows: 5, required: true });
  const category = h('select', { id: 'ticket-category' }, CATEGORIES.map((c) => h('option', { value: c }, c)));
  const priority = h('select', { id: 'ticket-priority' }, PRIORITIES.map((p) => h('option', { value: p, selected: p === 'normal' }, p)));
  const form = h('form', { class: 'card', id: 'ticket-form', novalidate: true }, h('h2', null, 'Open a ticket'),
    field('Subject', subject), field('What happened', body), h('div', { class: 'row' }, field('Category', category), field('Priority', priority)),
    h('button', { type: 'submit', id: 'ticket-open' }, 'Open ticket'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const t = await api('POST', '/api/v1/tickets', { subject: subject.value, body: body.value, category: category.value, priority: priority.value });
      location.hash = '#/support/' + t.id;
    } catch (err) {
      toast(err.message, 'error');
    }
  });
  const service = h('select', { id: 'feedback-service' }, SERVICES.map((s) => h('option', { value: s }, s.replace('_', ' '))));
  const rating = h('select', { id: 'feedback-rating' }, [5, 4, 3, 2, 1].map((r) => h('option', { value: r }, r + ' / 5')));
  const comment = h('input', { id: 'feedback-comment', maxlength: 2000, size: 30 });
  const feedback = h('form', { class: 'card', id: 'feedback-form', novalidate: true }, h('h2', null, 'Tell us how we are doing'),
    h('div', { class: 'row' }, field('About', service), field('Rating', rating), field('Comment', comment),
      h('button', { type: 'submit', id: 'feedback-send' }, 'Send')));
  feedback.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('POST', '/api/v1/feedback', { service: service.value, rating: Number(rating.value), comment: comment.value || undefined });
      comment.value = '';
      toast('Thank you: your rating is recorded.');
    } catch (err) {
      toast(err.message, 'error');
    }
  });
  replace(main, h('h1', null, staff ? 'Support queue' : 'Support'),
    h('div', { class: 'bt-grid' }, h('section', { class: 'card' }, h('h2', null, staff ? 'Tickets' : 'Your tickets'),
      h('div', { class: 'toolbar' }, filter), list), staff ? h('section', { class: 'card' }, h('h2', null, 'Inbox'), inbox) : form),
    staff ? null : h('div', { class: 'bt-grid' }, h('section', { class: 'card' }, h('h2', null, 'Inbox'), inbox), feedback));

  const load = async () => {
    try {
      const r = await get('/api/v1/tickets', { status: filter.value, limit: 100 });
      replace(list, r.tickets.length ? h('table', { id: 'tickets-table' },
        h('thead', null, h('tr', null, ['#', 'Subject', staff ? 'User' : null, 'Status', 'Priority', 'Updated'].filter(Boolean)
          .map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, r.tickets.map((t) => h('tr', { class: t.first_response_breached || t.resolution_breached ? 'breached' : '' },
          h('td', null, t.id), h('td', null, h('a', { href: '#/support/' + t.id }, t.subject)), staff ? h('td', null, t.user) : null,
          h('td', null, t.status), h('td', null, t.priority), h('td', null, (t.updated || '').slice(0, 16).replace('T', ' ')))))) : h('p', { class: 'muted' }, 'No ticket.'));
    } catch (e) {
      replace(list, h('p', { class: 'error' }, e.message));
    }
    try {
      const m = await get('/api/v1/messages', { limit: 20 });
      replace(inbox, m.messages.length ? h('ul', { class: 'inbox' }, m.messages.map((x) => h('li', { class: x.read ? 'read' : 'unread' },
        h('strong', null, x.subject), ' ', h('span', { class: 'muted' }, x.created.slice(0, 16).replace('T', ' ')), h('p', null, x.body),
        x.read ? null : h('button', { type: 'button', class: 'link', onclick: async () => {
          await api('POST', '/api/v1/messages/' + x.id + '/read');
          load();
        } }, 'Mark read')))) : h('p', { class: 'muted' }, 'Nothing in your inbox.'));
    } catch (e) {
      replace(inbox, h('p', { class: 'error' }, e.message));
    }
  };
  filter.addEventListener('change', load);
  load();
}

function thread(main, id, staff, me) {
  const box = h('div', { id: 'thread' }, h('p', { class: 'muted' }, 'Loading…'));
  replace(main, h('p', null, h('a', { href: '#/support' }, '← Support')), box);
  const load = async () => {
    let t;
    try {
      t = await get('/api/v1/tickets/' + id);
    } catch (e) {
      replace(box, h('p', { class: 'error' }, e.message));
      return;
    }
    const reply = h('textarea', { id: 'reply-body', rows: 4, 'aria-label': 'Reply' });
    const internal = h('input', { type: 'checkbox', id: 'reply-internal' });
    const file = h('input', { type: 'file', id: 'attach-file', accept: '.png,.jpg,.jpeg,.pdf,.txt,.csv,.json', 'aria-label': 'Attach a file' });
    const status = h('select', { id: 'ticket-set-status', 'aria-label': 'Status' },
      (staff ? STATUSES : t.status === 'solved' ? ['solved', 'open', 'closed'] : [t.status, 'closed'])
        .filter((s, i, a) => a.indexOf(s) === i).map((s) => h('option', { value: s, selected: s === t.status }, s)));
    const form = h('form', { class: 'card', id: 'reply-form', novalidate: true }, h('h2', null, 'Reply'), reply,
      staff ? h('label', null, internal, ' internal note (staff only)') : null,
      h('div', { class: 'row' }, h('button', { type: 'submit', id: 'reply-send' }, 'Send reply'), file));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api('POST', '/api/v1/tickets/' + id + '/messages', { body: reply.value, internal: staff ? internal.checked : undefined });
        load();
      } catch (err) {
        toast(err.message, 'error');
      }
    });
    file.addEventListener('change', async () => {
      const f = file.files[0];
      if (!f) return;
      if (f.size > MAX_FILE) {
        toast('A file is at most 5 MB', 'error');
        return;
      }
      try {
        await upload(id, f);
        load();
      } catch (err) {
        toast(err.message, 'error');
      }
    });
    status.addEventListener('change', async () => {
      try {
        await api('PATCH', '/api/v1/tickets/' + id, { status: status.value });
        load();
      } catch (err) {
        toast(err.message, 'error');
      }
    });
    const assign = staff ? h('button', { type: 'button', id: 'assign-me', onclick: async () => {
      try {
        await api('PATCH', '/api/v1/tickets/' + id, { assignee: me.id });
        load();
      } catch (err) {
        toast(err.message, 'error');
      }
    } }, t.assignee ? 'Assigned' : 'Assign to me') : null;
    replace(box, h('h1', null, '#' + t.id + ' ', t.subject),
      h('p', { class: 'muted', id: 'ticket-facts' }, t.status + ' · ' + t.category + ' · ' + t.priority + ' · opened by ' + t.user + ' on ' + t.created.slice(0, 16).replace('T', ' ')
        + (t.first_response_due ? ' · first answer due ' + t.first_response_due.slice(0, 16).replace('T', ' ') : '')),
      h('div', { class: 'toolbar' }, field('Status', status), assign),
      h('ol', { class: 'messages', id: 'ticket-messages' }, t.messages.map((m) => h('li', { class: (m.staff ? 'staff' : 'user') + (m.internal ? ' internal' : '') },
        h('div', { class: 'muted' }, m.author + (m.staff ? ' (support)' : '') + (m.internal ? ' · internal note' : '') + ' · ' + m.created.slice(0, 16).replace('T', ' ')),
        h('p', null, m.body)))),
      t.attachments.length ? h('ul', { class: 'files', id: 'ticket-files' }, t.attachments.map((a) => h('li', null,
        h('a', { href: a.url, download: a.name }, a.name), ' ', h('span', { class: 'muted' }, a.size + ' bytes')))) : null,
      t.status === 'closed' ? h('p', { class: 'muted' }, 'This ticket is closed.') : form);
  };
  load();
}

/** A file's bytes as the body (the API takes no forms), its name in the query. */
function upload(id, f) {
  return api('POST', '/api/v1/tickets/' + id + '/attachments?name=' + encodeURIComponent(f.name), f);
}
