// The signed-in user's account: who they are and their plan's limits, API keys, the second
// factor, and where they are signed in.

import { field, h, replace, toast } from '../dom.js';
import { api, get } from '../api.js';

export function render(main, ctx) {
  const u = ctx.session.user;
  if (!u) {
    replace(main, h('h1', null, 'Account'), h('p', null, 'In the open demo mode there are no accounts.'));
    return;
  }
  const plan = h('dl', { class: 'facts', id: 'plan' });
  const usage = h('div', { id: 'usage' });
  const keys = h('div', { id: 'keys' });
  const fresh = h('p', { id: 'new-key', role: 'status' });
  const totp = h('div', { id: 'totp' });
  const sessions = h('div', { id: 'sessions' });
  replace(main, h('h1', null, 'Account'),
    h('div', { class: 'bt-grid' },
      h('section', { class: 'card' }, h('h2', null, u.email),
        h('dl', { class: 'facts' }, h('dt', null, 'Role'), h('dd', null, u.role), h('dt', null, 'Plan'), h('dd', { id: 'plan-name' }, u.plan),
          h('dt', null, 'Signed in with'), h('dd', null, u.via)),
        h('h3', null, 'What the plan allows'), plan, h('h3', null, 'Usage'), usage),
      h('section', { class: 'card' }, h('h2', null, 'API keys'), h('p', { class: 'muted' },
        'A key is shown once, when it is made: keep it. Send it as X-API-Key (docs/accounts.md).'),
      keys, fresh, h('button', { type: 'button', id: 'key-create', onclick: makeKey }, 'Make a key'))),
    h('div', { class: 'bt-grid' }, h('section', { class: 'card' }, h('h2', null, 'Second factor'), totp),
      h('section', { class: 'card' }, h('h2', null, 'Where you are signed in'), sessions)));

  async function load() {
    try {
      const plans = (await get('/api/v1/plans')).plans;
      const p = plans.find((x) => x.name === u.plan);
      if (p) {
        replace(plan, [['Venues', p.venues.join(', ')], ['Channels', p.channels.join(', ')],
          ['History', p.history_days ? p.history_days + ' days' : 'all'], ['Requests', p.rest_per_second + ' per second'],
          ['Stream connections', p.ws_connections], ['Subscriptions', p.ws_subscriptions]].map(([k, v]) => [h('dt', null, k), h('dd', null, String(v))]));
      }
      showUsage(await get('/api/v1/users/me/usage'));
      const k = (await get('/api/v1/users/me/keys')).keys;
      replace(keys, k.length ? h('table', { id: 'keys-table' }, h('thead', null, h('tr', null, ['Key id', 'Plan', 'Made', ''].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, k.map((x) => h('tr', null, h('td', null, h('code', null, x.key_id)), h('td', null, x.plan), h('td', null, x.created.slice(0, 16).replace('T', ' ')),
          h('td', null, x.revoked ? 'revoked' : h('button', { type: 'button', class: 'link', onclick: async () => {
            await api('DELETE', '/api/v1/users/me/keys/' + encodeURIComponent(x.key_id));
            load();
          } }, 'revoke')))))) : h('p', { class: 'muted' }, 'No key yet.'));
      const s = (await get('/api/v1/users/me/sessions')).sessions;
      replace(sessions, h('ul', { class: 'refs' }, s.map((x) => h('li', null, (x.current ? 'this browser' : x.user_agent || 'a client'), ' · ',
        x.address || '', ' · last seen ', x.last_seen.slice(0, 16).replace('T', ' '), ' ',
        x.current ? null : h('button', { type: 'button', class: 'link', onclick: async () => {
          await api('DELETE', '/api/v1/users/me/sessions/' + encodeURIComponent(x.id));
          load();
        } }, 'sign out')))));
      showTotp();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  async function makeKey() {
    try {
      const k = await api('POST', '/api/v1/users/me/keys', {});
      replace(fresh, 'Your new key: ', h('code', { id: 'new-key-value' }, k.key), ' (shown this once)');
      load();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  /** Requests per day (a bar each, the last seven UTC days) and per key, with open stream connections. */
  function showUsage(x) {
    const most = Math.max(1, ...x.days.map((d) => d.requests));
    const label = (id) => (id === 'sessions' ? 'Signed-in browsers' : h('code', null, id));
    replace(usage,
      h('ol', { class: 'usage-days', 'aria-label': 'REST requests per day (UTC)' }, x.days.map((d) => {
        const bar = h('span', { class: 'bar' });
        bar.style.height = Math.round((d.requests / most) * 100) + '%';
        return h('li', { title: d.day + ': ' + d.requests + ' requests' }, bar, h('span', { class: 'muted' }, d.day.slice(5)),
          h('span', { class: 'visually-hidden' }, ': ' + d.requests + ' requests'));
      })),
      h('table', { id: 'usage-keys' }, h('caption', { class: 'muted' }, 'Counted every ' + x.counted_every_seconds + ' s; '
        + x.rest_per_second + ' requests a second and ' + x.ws_connections_per_key + ' stream connections per key at most'),
      h('thead', null, h('tr', null, ['Key', 'Today', 'Last 7 days', 'Stream connections'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, x.keys.map((k) => h('tr', null, h('td', null, label(k.key_id)), h('td', { class: 'num' }, String(k.requests_today)),
        h('td', { class: 'num' }, String(k.requests_7_days)), h('td', { class: 'num' }, String(k.stream_connections)))))));
  }

  function showTotp() {
    if (u.totp) {
      const password = h('input', { type: 'password', autocomplete: 'current-password', id: 'totp-password' });
      const code = h('input', { inputmode: 'numeric', maxlength: 6, id: 'totp-off-code' });
      replace(totp, h('p', null, 'On: signing in asks for a code of your authenticator app.'), field('Password', password), field('Code', code),
        h('button', { type: 'button', onclick: async () => {
          try {
            await api('POST', '/api/v1/users/me/totp/disable', { password: password.value, code: code.value });
            u.totp = false;
            showTotp();
          } catch (e) {
            toast(e.message, 'error');
          }
        } }, 'Turn off'));
      return;
    }
    replace(totp, h('p', null, 'Off. With it on, signing in also asks for a code of an authenticator app.'),
      h('button', { type: 'button', id: 'totp-setup', onclick: async () => {
        try {
          const s = await api('POST', '/api/v1/users/me/totp', {});
          const code = h('input', { inputmode: 'numeric', maxlength: 6, id: 'totp-code', autocomplete: 'one-time-code' });
          replace(totp, h('p', null, 'Add this secret to your authenticator app (or open the link on your phone), then type the code it shows.'),
            h('p', null, h('code', { id: 'totp-secret' }, s.secret)), h('p', null, h('a', { href: s.uri }, 'otpauth link')), field('Code', code),
            h('button', { type: 'button', id: 'totp-confirm', onclick: async () => {
              try {
                await api('POST', '/api/v1/users/me/totp/confirm', { code: code.value });
                u.totp = true;
                toast('The second factor is on.');
                showTotp();
              } catch (e) {
                toast(e.message, 'error');
              }
            } }, 'Turn on'));
        } catch (e) {
          toast(e.message, 'error');
        }
      } }, 'Set up'));
  }
  load();
}
