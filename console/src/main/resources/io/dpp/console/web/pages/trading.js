// Trading on paper: trading accounts, strategy deployments (forward tests) with their live profit,
// an order ticket that shows the risk checks' answer, the kill switch, and blotters of orders,
// fills, positions and balances refreshed whenever the private stream says something changed.

import { field, h, replace, toast } from '../dom.js';
import { api, get } from '../api.js';
import { stream as sharedStream } from '../stream.js';

const PRIVATE = ['orders', 'fills', 'positions', 'balances'];

export function render(main, ctx) {
  const stream = sharedStream();
  const unsubscribe = [];
  const timers = [];
  const account = h('select', { id: 'tr-account', 'aria-label': 'Trading account' });
  const accountBox = h('div', { id: 'tr-account-box' });
  const deployments = h('div', { id: 'tr-deployments' });
  const blotters = Object.fromEntries(PRIVATE.map((c) => [c, h('div', { id: 'tr-' + c })]));
  const ticketAnswer = h('p', { id: 'tr-ticket-answer', role: 'status' });
  const deployAnswer = h('p', { id: 'tr-deploy-answer', role: 'status' });
  const source = h('select', { id: 'tr-source', 'aria-label': 'Strategy or graph' });
  const depVenue = h('input', { id: 'tr-dep-venue', value: ctx.query.get('venue') || '', placeholder: 'coinbase', size: 10 });
  const depSymbol = h('input', { id: 'tr-dep-symbol', value: ctx.query.get('symbol') || '', placeholder: 'SKL-USD', size: 12 });
  const depParams = h('input', { id: 'tr-dep-params', placeholder: 'interval=1s, fast=2', size: 28 });
  /**
   * What can be deployed: a saved graph (loaded whole before deploying), a template or a Java strategy.
   * @type {{label: string, saved?: number, strategy?: string, graph?: any}[]}
   */
  let sources = [];

  const ticket = {
    venue: h('input', { id: 'tk-venue', placeholder: 'coinbase', size: 10 }),
    symbol: h('input', { id: 'tk-symbol', placeholder: 'SKL-USD', size: 12 }),
    side: h('select', { id: 'tk-side' }, ['buy', 'sell'].map((s) => h('option', { value: s }, s))),
    type: h('select', { id: 'tk-type' }, ['market', 'limit', 'stop', 'stop_limit'].map((s) => h('option', { value: s }, s))),
    quantity: h('input', { id: 'tk-quantity', inputmode: 'decimal', size: 10 }),
    price: h('input', { id: 'tk-price', inputmode: 'decimal', size: 10 }),
    stop: h('input', { id: 'tk-stop', inputmode: 'decimal', size: 10 }),
  };
  const ticketForm = h('form', { class: 'card', id: 'tr-ticket', novalidate: true }, h('h2', null, 'Order ticket'),
    h('div', { class: 'row' }, field('Venue', ticket.venue), field('Instrument', ticket.symbol), field('Side', ticket.side),
      field('Type', ticket.type)),
    h('div', { class: 'row' }, field('Quantity', ticket.quantity), field('Limit price', ticket.price), field('Stop price', ticket.stop),
      h('button', { type: 'submit', id: 'tk-submit' }, 'Send order')), ticketAnswer);
  const deployForm = h('form', { class: 'card', id: 'tr-deploy', novalidate: true }, h('h2', null, 'Deploy a strategy on paper'),
    field('Strategy', source), h('div', { class: 'row' }, field('Venue', depVenue), field('Instrument', depSymbol), field('Parameters', depParams),
      h('button', { type: 'submit', id: 'tr-deploy-submit' }, 'Deploy')), deployAnswer, deployments);

  const newName = h('input', { id: 'tr-new-account', placeholder: 'paper-1', size: 12, 'aria-label': 'New account name' });
  replace(main, h('h1', null, 'Trading (paper)'),
    h('div', { class: 'toolbar' }, account, newName, h('button', { type: 'button', id: 'tr-open', onclick: openAccount }, 'Open paper account'),
      h('button', { type: 'button', class: 'danger', id: 'tr-kill', onclick: () => kill(true) }, 'Kill switch'),
      h('button', { type: 'button', id: 'tr-unkill', onclick: () => kill(false) }, 'Release kill switch')),
    accountBox,
    h('div', { class: 'bt-grid' }, deployForm, ticketForm),
    h('div', { class: 'bt-grid' }, h('section', { class: 'card' }, h('h2', null, 'Orders'), blotters.orders),
      h('section', { class: 'card' }, h('h2', null, 'Fills'), blotters.fills)),
    h('div', { class: 'bt-grid' }, h('section', { class: 'card' }, h('h2', null, 'Positions'), blotters.positions),
      h('section', { class: 'card' }, h('h2', null, 'Balances'), blotters.balances)));

  // A wide table scrolls in its own region, reachable from the keyboard.
  const scroll = (label, el) => h('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': label }, el);
  const table = (rows, columns, label) => rows.length ? scroll(label, h('table', null,
    h('thead', null, h('tr', null, columns.map(([, label]) => h('th', { scope: 'col' }, label)))),
    h('tbody', null, rows.map((r) => h('tr', { class: r.side || '' }, columns.map(([key]) => h('td', null, r[key] === null || r[key] === undefined
      ? '' : String(r[key])))))))) : h('p', { class: 'muted' }, 'None.');

  const refresh = {
    async orders() {
      const r = await get('/api/v1/orders', { account: account.value, limit: 50 });
      replace(blotters.orders, table(r.orders, [['id', 'Id'], ['client_order_id', 'Client id'], ['symbol', 'Instrument'], ['side', 'Side'],
        ['type', 'Type'], ['quantity', 'Quantity'], ['price', 'Price'], ['filled', 'Filled'], ['status', 'Status'], ['reason', 'Reason']], 'Orders'));
      blotters.orders.dataset.count = String(r.orders.length);
    },
    async fills() {
      const r = await get('/api/v1/fills', { account: account.value, limit: 50 });
      replace(blotters.fills, table(r.fills, [['time', 'Time (UTC)'], ['symbol', 'Instrument'], ['side', 'Side'], ['price', 'Price'],
        ['quantity', 'Quantity'], ['fee', 'Fee'], ['order', 'Order']], 'Fills'));
      blotters.fills.dataset.count = String(r.fills.length);
    },
    async positions() {
      const r = await get('/api/v1/positions', { account: account.value });
      replace(blotters.positions, table(r.positions, [['symbol', 'Instrument'], ['quantity', 'Quantity'], ['average_price', 'Average'],
        ['mark', 'Mark'], ['unrealized', 'Unrealized'], ['realized', 'Realized'], ['fees', 'Fees']], 'Positions'));
    },
    async balances() {
      const r = await get('/api/v1/balances', { account: account.value });
      replace(blotters.balances, table(r.balances, [['asset', 'Asset'], ['amount', 'Amount']], 'Balances'));
    },
  };
  const pending = new Set();
  let timer = 0;
  /** Refreshes the blotters named, at most every 300 ms however fast the private stream talks. */
  const later = (...names) => {
    for (const n of names) pending.add(n);
    if (timer) return;
    timer = setTimeout(async () => {
      timer = 0;
      const names2 = [...pending];
      pending.clear();
      if (!account.value) return;
      for (const n of names2) {
        try {
          await refresh[n]();
        } catch (e) {
          replace(blotters[n], h('p', { class: 'error' }, e.message));
        }
      }
    }, 300);
    timers.push(timer);
  };
  for (const c of PRIVATE) {
    unsubscribe.push(stream.subscribe({ channel: c }, () => later(c), (m) => toast(c + ': ' + m, 'error')));
  }

  async function loadAccounts(select) {
    const r = await get('/api/v1/accounts');
    replace(account, r.accounts.length ? r.accounts.map((a) => h('option', { value: a.name }, a.name + (a.kill_switch ? ' (killed)' : '')))
      : h('option', { value: '' }, 'no account yet'));
    if (select) account.value = select;
    const a = r.accounts.find((x) => x.name === account.value);
    replace(accountBox, a ? h('p', { class: a.kill_switch ? 'error' : 'muted', id: 'tr-account-state' },
      a.name + ': ' + (a.kill_switch ? 'kill switch on' + (a.kill_reason ? ' (' + a.kill_reason + ')' : '') : 'trading') + ' · '
      + a.working_orders + ' working orders') : h('p', { class: 'muted' }, 'Open a paper account to trade.'));
    later(...PRIVATE);
  }
  account.addEventListener('change', () => loadAccounts(account.value));

  async function openAccount() {
    const name = newName.value.trim();
    try {
      await api('POST', '/api/v1/accounts', { name });
      await api('POST', '/api/v1/accounts/' + encodeURIComponent(name) + '/deposits', { asset: 'USD', amount: '100000' });
      // Inverse contracts (Deribit's, BitMEX's XBTUSD, Bybit's BTCUSD) are margined in the coin.
      await api('POST', '/api/v1/accounts/' + encodeURIComponent(name) + '/deposits', { asset: 'BTC', amount: '1' });
      toast('Opened ' + name + ' with 100000 USD and 1 BTC of paper money.');
      newName.value = '';
      await loadAccounts(name);
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  async function kill(on) {
    if (!account.value) return;
    try {
      const path = '/api/v1/accounts/' + encodeURIComponent(account.value) + '/kill-switch';
      if (on) await api('POST', path, { reason: 'from the console' });
      else await api('DELETE', path);
      await loadAccounts(account.value);
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  ticketForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const b = { account: account.value, client_order_id: 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 6),
      venue: ticket.venue.value.trim(), symbol: ticket.symbol.value.trim(), side: ticket.side.value, type: ticket.type.value,
      quantity: ticket.quantity.value.trim() };
    if (ticket.price.value.trim()) b.price = ticket.price.value.trim();
    if (ticket.stop.value.trim()) b.stop_price = ticket.stop.value.trim();
    try {
      const o = await api('POST', '/api/v1/orders', b);
      ticketAnswer.className = 'ok';
      ticketAnswer.textContent = 'Accepted: order ' + o.id + ', ' + o.status + (o.filled && o.filled !== '0' ? ', filled ' + o.filled : '');
    } catch (err) {
      ticketAnswer.className = 'error';
      // A risk refusal (422) names its reason code.
      ticketAnswer.textContent = (err.status === 422 ? 'Refused by the risk checks' + (err.reason ? ' (' + err.reason.split(':')[0] + ')' : '')
        + ': ' : 'Refused: ') + err.message;
    }
    later(...PRIVATE);
  });

  deployForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const s = sources[Number(source.value)];
    const params = {};
    for (const pair of depParams.value.split(',').map((x) => x.trim()).filter(Boolean)) {
      const i = pair.indexOf('=');
      if (i > 0) params[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
    }
    const b = { venue: depVenue.value.trim(), symbols: [depSymbol.value.trim()], account: account.value, params };
    if (s.graph) b.graph = s.graph;
    else b.strategy = s.strategy;
    try {
      const d = await api('POST', '/api/v1/strategies', b);
      deployAnswer.className = 'ok';
      deployAnswer.textContent = 'Deployed as ' + d.id + '.';
      showDeployments();
    } catch (err) {
      deployAnswer.className = 'error';
      deployAnswer.textContent = err.message;
    }
  });

  let depTimer = 0;
  async function showDeployments() {
    clearTimeout(depTimer);
    try {
      const r = await get('/api/v1/strategies');
      replace(deployments, r.strategies.length ? scroll('Deployments', h('table', { id: 'tr-deployments-table' },
        h('thead', null, h('tr', null, ['Id', 'Strategy', 'Instrument', 'State', 'Orders', 'Fills', 'Profit', ''].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, r.strategies.map((d) => h('tr', { 'data-deployment': d.id }, h('td', null, d.id), h('td', null, d.strategy),
          h('td', null, d.venue + ' ' + d.symbols.join(',')), h('td', null, d.state + (d.reason ? ': ' + d.reason : '')),
          h('td', { class: 'num' }, d.orders), h('td', { class: 'num' }, d.fills), h('td', { class: 'num profit' }, d.profit ?? ''),
          h('td', { class: 'ops' }, ['start', 'pause', 'stop'].map((op) => h('button', { type: 'button', class: 'link', 'data-op': op,
            onclick: async () => {
              try {
                await api('POST', '/api/v1/strategies/' + d.id + '/' + op);
                showDeployments();
              } catch (err) {
                toast(err.message, 'error');
              }
            } }, op)))))))) : h('p', { class: 'muted' }, 'No deployment yet.'));
    } catch (e) {
      replace(deployments, h('p', { class: 'error' }, e.message));
    }
    // Live profit: the deployments' status again every 2 s while the page is open.
    depTimer = setTimeout(showDeployments, 2000);
  }

  Promise.all([get('/api/v1/graphs/templates'), get('/api/v1/graphs')]).then(async ([t, mine]) => {
    sources = [];
    for (const g of mine.graphs) sources.push({ label: 'my graph: ' + g.name, saved: g.id });
    for (const g of t.templates) sources.push({ label: 'template: ' + g.name, strategy: 'graph:' + g.name });
    sources.push({ label: 'Java strategy: sma-crossover', strategy: 'sma-crossover' });
    await Promise.all(sources.filter((s) => s.saved).map(async (s) => {
      s.graph = (await get('/api/v1/graphs/' + s.saved)).graph;
    }));
    replace(source, sources.map((s, i) => h('option', { value: i }, s.label)));
    const wanted = ctx.query.get('graph');
    if (wanted) source.value = String(Math.max(0, sources.findIndex((s) => String(s.saved) === wanted)));
  }).catch((e) => toast(e.message, 'error'));
  loadAccounts().catch((e) => toast(e.message, 'error'));
  showDeployments();

  return () => {
    for (const u of unsubscribe) u();
    for (const t of timers) clearTimeout(t);
    clearTimeout(timer);
    clearTimeout(depTimer);
  };
}
