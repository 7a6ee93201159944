// The signed-in user's account: who they are, their plan and role.

import { h, replace } from '../dom.js';

export function render(main, ctx) {
  const u = ctx.session.user;
  if (!u) {
    replace(main, h('h1', null, 'Account'), h('p', null, 'In the open demo mode there are no accounts.'));
    return;
  }
  replace(main, h('section', { class: 'card' }, h('h1', null, 'Account'),
    h('dl', { class: 'facts' },
      h('dt', null, 'Email'), h('dd', null, u.email),
      h('dt', null, 'Role'), h('dd', null, u.role),
      h('dt', null, 'Plan'), h('dd', null, u.plan),
      h('dt', null, 'Second factor'), h('dd', null, u.totp ? 'on' : 'off'),
      h('dt', null, 'Signed in with'), h('dd', null, u.via))));
}
