// The console's shell: who is signed in, the navigation, and a page per route (#/markets, ...).
// Each page module exports render(main, context) and returns a function that ends the page
// (closes its stream, stops its timers).

import { h, replace, toast } from './dom.js';
import { ApiError, api, get, setCsrf, setRate } from './api.js';
import { closeStream } from './stream.js';

// Pages load when first opened: the sign-in page does not wait for the chart library.
const markets = () => import('./pages/markets.js');
const signIn = () => import('./pages/sign-in.js');
const account = () => import('./pages/account.js');
const strategies = () => import('./pages/strategies.js');
const backtests = () => import('./pages/backtests.js');
const trading = () => import('./pages/trading.js');
const support = () => import('./pages/support.js');
const admin = () => import('./pages/admin.js');

/**
 * The session: mode "keys" (users sign in) or "open" (the demo mode, no users); the user or null.
 * @type {{mode: 'keys'|'open', user: any}}
 */
export const session = { mode: 'keys', user: null };

/**
 * A page module: draws itself into main and may return what ends it (timers, subscriptions).
 * @typedef {{render: (main: HTMLElement, ctx: {path: string, params: (string|undefined)[], query: URLSearchParams,
 *   session: typeof session, refresh: () => Promise<void>}) => ((() => void) | void)}} Page
 * @typedef {{path: RegExp, page: () => Promise<Page>, title: string, public?: boolean}} Route
 */

/** @type {Route[]} */
const routes = [
  { path: /^markets(?:\/([^/]+)\/(.+))?$/, page: markets, title: 'Markets' },
  { path: /^sign-in$/, page: signIn, title: 'Sign in', public: true },
  { path: /^sign-up$/, page: signIn, title: 'Sign up', public: true },
  { path: /^reset$/, page: signIn, title: 'Reset password', public: true },
  { path: /^reset\/confirm$/, page: signIn, title: 'New password', public: true },
  { path: /^verify$/, page: signIn, title: 'Verify address', public: true },
  { path: /^strategies(?:\/(\d+))?$/, page: strategies, title: 'Strategies' },
  { path: /^backtests(?:\/([^/]+))?$/, page: backtests, title: 'Backtests' },
  { path: /^trading$/, page: trading, title: 'Trading' },
  { path: /^support(?:\/(\d+))?$/, page: support, title: 'Support' },
  { path: /^admin$/, page: admin, title: 'Administration' },
  { path: /^account$/, page: account, title: 'Account' },
];

/** @type {(() => void) | null} what ends the page shown */
let end = null;
let shown = 0;

/** The access mode, asked once: it only changes when the platform restarts with another. */
let mode = null;

async function loadSession() {
  try {
    if (mode === null) mode = (await get('/api/v1/access')).mode;
    if (mode === 'open') {
      session.mode = 'open';
      session.user = null;
      setRate(0);
      return;
    }
    const me = await get('/api/v1/users/me');
    session.mode = 'keys';
    session.user = me;
    setCsrf(me.csrf_token);
    const plan = (await get('/api/v1/plans')).plans.find((p) => p.name === me.plan);
    setRate(plan ? plan.rest_per_second : 5);
  } catch (e) {
    session.user = null;
    setCsrf(null);
    setRate(0);
    if (e instanceof ApiError && e.status === 503) session.mode = 'open';
    else if (!(e instanceof ApiError) || e.status !== 401) toast(e.message, 'error');
  }
}

function nav(current) {
  const link = (href, label) => h('a', { href, 'aria-current': current === label ? 'page' : false }, label);
  const items = [link('#/markets', 'Markets'), link('#/strategies', 'Strategies'), link('#/backtests', 'Backtests'), link('#/trading', 'Trading')];
  if (session.mode === 'keys' && session.user) {
    items.push(link('#/support', 'Support'));
    if (['support', 'admin'].includes(session.user.role)) items.push(link('#/admin', 'Administration'));
  }
  replace(document.getElementById('nav'), items);
  const who = document.getElementById('who');
  if (session.mode === 'open') {
    replace(who, h('span', { class: 'badge' }, 'open demo mode'));
  } else if (session.user) {
    replace(who, link('#/account', 'Account'), ' ', h('span', { class: 'muted' }, session.user.email), ' ',
      h('button', { type: 'button', class: 'link', onclick: signOut }, 'Sign out'));
  } else {
    replace(who, link('#/sign-in', 'Sign in'));
  }
}

async function signOut() {
  try {
    await api('POST', '/api/v1/users/sign-out');
  } catch (e) {
    toast(e.message, 'error');
  }
  session.user = null;
  setCsrf(null);
  closeStream();
  location.hash = '#/sign-in';
}

/** Parses location.hash into the route and its query. */
function parse() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(2) : 'markets';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  return { path, query };
}

async function show() {
  if (!location.hash.startsWith('#/') && location.hash !== '') return; // an in-page anchor (the skip link)
  const seq = ++shown;
  const { path, query } = parse();
  let route = routes.find((r) => r.path.test(path));
  const main = document.getElementById('main');
  if (end) {
    end();
    end = null;
  }
  if (!route) {
    replace(main, h('h1', null, 'Not found'), h('p', null, 'The console has no page ', h('code', null, '#/' + path), '. ',
      h('a', { href: '#/markets' }, 'Markets')));
    return;
  }
  if (!route.public && session.mode === 'keys' && !session.user) {
    location.hash = '#/sign-in?next=' + encodeURIComponent('#/' + path + (query.toString() ? '?' + query : ''));
    return;
  }
  document.title = route.title + ' · DPP';
  nav(route.title);
  main.replaceChildren();
  const params = route.path.exec(path).slice(1).map((p) => (p === undefined ? undefined : decodeURIComponent(p)));
  const page = await route.page();
  if (seq !== shown) return; // the user moved on while the page loaded
  end = page.render(main, { path, params, query, session, refresh: refreshSession }) || null;
  if (!document.documentElement.dataset.ready) {
    // The first page is drawn: the browser tests read this mark for the console's start-up time.
    performance.mark('dpp-ready');
    document.documentElement.dataset.ready = 'true';
  }
}

/** Reloads who is signed in and redraws the navigation (after a sign-in or sign-out). */
async function refreshSession() {
  await loadSession();
  nav(document.title.split(' · ')[0]);
}

window.addEventListener('hashchange', show);
await loadSession();
show();
