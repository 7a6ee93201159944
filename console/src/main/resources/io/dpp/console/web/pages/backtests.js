// Backtests: run a graph (saved, or a template) or a built-in strategy on recorded history with a
// progress bar; read its report (metrics, equity, drawdown, price with fills, trades); compare
// runs; sweep a parameter and sort the results.

import { field, h, millis, replace, toast } from '../dom.js';
import { api, get } from '../api.js';
import { lineChart } from '../chart.js';

const METRICS = ['total_return', 'sharpe', 'sortino', 'max_drawdown', 'closed_trades', 'win_rate', 'profit_factor', 'exposure', 'fees'];
const COLORS = ['#5fa8ff', '#f0b429', '#2ecc8f', '#ff6b5f', '#9b59b6', '#46c1d1'];
/** Most runs of a sweep (the server queues at most 4 of a user at once; the sweep keeps 3 in flight). */
const MAX_SWEEP = 20;

export function render(main, ctx) {
  const timers = [];
  const charts = [];
  const end = () => {
    for (const t of timers) clearTimeout(t);
    for (const c of charts) c.destroy();
  };
  const [id] = ctx.params;
  if (id === 'compare') compare(main, (ctx.query.get('ids') || '').split(',').filter(Boolean), charts);
  else if (id) report(main, id, timers, charts);
  else overview(main, ctx, timers);
  return end;
}

// ---- the overview: a new run, a sweep, and the runs so far -------------------------------------

function overview(main, ctx, timers) {
  const source = h('select', { id: 'bt-source', 'aria-label': 'Strategy or graph' });
  const venue = h('select', { id: 'bt-venue' });
  const symbol = h('select', { id: 'bt-symbol' });
  const from = h('input', { id: 'bt-from', placeholder: '2021-04-17T16:00:00Z', size: 24 });
  const to = h('input', { id: 'bt-to', placeholder: '2021-04-17T17:00:00Z', size: 24 });
  const candles = h('select', { id: 'bt-candles' }, ['', '1s', '1m', '5m', '1h'].map((c) => h('option', { value: c }, c || 'book and trades (L2)')));
  const params = h('div', { class: 'params-grid', id: 'bt-params' });
  const sweepParam = h('select', { id: 'sweep-param', 'aria-label': 'Parameter to sweep' });
  const sweepValues = h('input', { id: 'sweep-values', placeholder: '5, 10, 20', 'aria-label': 'Values to sweep' });
  const runs = h('div', { id: 'bt-runs' });
  const sweepBox = h('div', { id: 'sweep-results' });
  /**
   * What a backtest can run: a saved graph (loaded whole before a run), a template or a Java strategy.
   * @type {{label: string, saved?: number, strategy?: string, graph?: any, params?: Record<string, any>}[]}
   */
  let sources = [];
  let instruments = [];

  const form = h('form', { class: 'card', novalidate: true, id: 'bt-form' }, h('h2', null, 'New backtest'),
    field('Strategy', source), h('div', { class: 'row' }, field('Venue', venue), field('Instrument', symbol)),
    h('div', { class: 'row' }, field('From (UTC)', from), field('To (UTC)', to), field('Data', candles)),
    h('h3', null, 'Parameters'), params,
    h('div', { class: 'row' }, h('button', { type: 'submit', id: 'bt-run' }, 'Run backtest')),
    h('h3', null, 'Parameter sweep'),
    h('div', { class: 'row' }, field('Parameter', sweepParam), field('Values (comma-separated, at most ' + MAX_SWEEP + ')', sweepValues),
      h('button', { type: 'button', id: 'sweep-run', onclick: () => sweep() }, 'Run sweep')), sweepBox);
  replace(main, h('h1', null, 'Backtests'), h('div', { class: 'bt-grid' }, form, h('section', { class: 'card' }, h('h2', null, 'Runs'), runs)));

  const body = (overrides = {}) => {
    const s = sources[Number(source.value)];
    const p = {};
    for (const input of params.querySelectorAll('input')) if (input.value !== '') p[input.name] = input.value;
    Object.assign(p, overrides);
    const b = { venue: venue.value, symbols: [symbol.value], from: from.value.trim(), to: to.value.trim() };
    if (candles.value) b.candles = candles.value;
    if (s.graph) b.graph = s.graph;
    else b.strategy = s.strategy;
    if (Object.keys(p).length) b.params = p;
    return b;
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const r = await api('POST', '/api/v1/backtests', body());
      location.hash = '#/backtests/' + r.id;
    } catch (err) {
      toast(err.message, 'error');
    }
  });

  const showParams = () => {
    const s = sources[Number(source.value)];
    const defaults = (s && s.params) || {};
    replace(params, Object.keys(defaults).length ? Object.entries(defaults).filter(([k]) => k !== 'symbol').map(([k, v]) =>
      field(k, h('input', { name: k, placeholder: String(v), 'data-param': k }))) : h('p', { class: 'muted' }, 'No parameters.'));
    replace(sweepParam, Object.keys(defaults).filter((k) => k !== 'symbol').map((k) => h('option', { value: k }, k)));
  };
  source.addEventListener('change', showParams);

  const showSymbols = () => {
    const list = instruments.filter((i) => i.venue === venue.value && i.trades);
    replace(symbol, list.map((i) => h('option', { value: i.symbol }, i.symbol)));
    range();
  };
  const range = () => {
    const i = instruments.find((x) => x.venue === venue.value && x.symbol === symbol.value);
    if (!i) return;
    const spans = ['trades', 'book_changes'].map((t) => i[t]).filter(Boolean);
    const lo = Math.min(...spans.map((x) => millis(x.from)));
    const hi = Math.max(...spans.map((x) => millis(x.to)));
    from.value = new Date(Math.floor(lo / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    to.value = new Date(Math.ceil(hi / 1000) * 1000 + 1000).toISOString().replace('.000Z', 'Z');
  };
  venue.addEventListener('change', showSymbols);
  symbol.addEventListener('change', range);

  Promise.all([get('/api/v1/graphs/templates'), get('/api/v1/graphs'), get('/api/v1/instruments')]).then(async ([t, mine, recorded]) => {
    sources = [];
    for (const g of mine.graphs) {
      sources.push({ label: 'my graph: ' + g.name + ' (v' + g.version + ')', saved: g.id });
    }
    for (const g of t.templates) sources.push({ label: 'template: ' + g.name, strategy: 'graph:' + g.name, params: g.params });
    sources.push({ label: 'Java strategy: sma-crossover', strategy: 'sma-crossover', params: { fast: 10, slow: 30, size: '0.01' } });
    replace(source, sources.map((s, i) => h('option', { value: i }, s.label)));
    // Saved graphs are sent whole: load their JSON (and parameters) once.
    await Promise.all(sources.filter((s) => s.saved).map(async (s) => {
      const g = await get('/api/v1/graphs/' + s.saved);
      s.graph = g.graph;
      s.params = g.graph.params;
    }));
    const wanted = ctx.query.get('graph');
    if (wanted) source.value = String(Math.max(0, sources.findIndex((s) => String(s.saved) === wanted)));
    showParams();
    instruments = recorded;
    const venues = [...new Set(recorded.filter((i) => i.trades).map((i) => i.venue))].sort();
    replace(venue, venues.map((v) => h('option', { value: v }, v)));
    if (!venues.length) toast('Nothing has been recorded yet: a backtest runs on recorded trades and books.', 'error');
    showSymbols();
  }).catch((e) => toast(e.message, 'error'));

  const showRuns = async () => {
    try {
      const r = await get('/api/v1/backtests');
      const checks = [];
      replace(runs, r.backtests.length ? h('table', { class: 'runs' },
        h('thead', null, h('tr', null, ['', 'Run', 'Status', 'Return', 'Sharpe', 'Max drawdown', 'Trades'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, r.backtests.map((b) => {
          const check = h('input', { type: 'checkbox', value: b.id, 'aria-label': 'Compare ' + b.id, disabled: b.status !== 'done' });
          checks.push(check);
          const m = b.summary || {};
          return h('tr', null, h('td', null, check), h('td', null, h('a', { href: '#/backtests/' + b.id }, b.id)),
            h('td', null, b.status), h('td', { class: 'num' }, pct(m.total_return)), h('td', { class: 'num' }, num(m.sharpe)),
            h('td', { class: 'num' }, pct(m.max_drawdown)), h('td', { class: 'num' }, m.trades ?? ''));
        }))) : h('p', { class: 'muted' }, 'No backtest yet.'),
      r.backtests.length ? h('button', { type: 'button', id: 'compare', onclick: () => {
        const ids = checks.filter((c) => c.checked).map((c) => c.value);
        if (ids.length < 2) toast('Tick two runs or more to compare them.', 'error');
        else location.hash = '#/backtests/compare?ids=' + ids.join(',');
      } }, 'Compare ticked runs') : null);
    } catch (e) {
      replace(runs, h('p', { class: 'error' }, e.message));
    }
  };
  showRuns();

  /** Runs the form once per value of the chosen parameter, three at a time, and tabulates the results. */
  async function sweep() {
    const name = sweepParam.value;
    const values = sweepValues.value.split(',').map((v) => v.trim()).filter(Boolean);
    if (!name || !values.length) {
      toast('Choose a parameter and give its values.', 'error');
      return;
    }
    if (values.length > MAX_SWEEP) {
      toast('At most ' + MAX_SWEEP + ' values in one sweep.', 'error');
      return;
    }
    const results = values.map((v) => ({ value: v, id: null, status: 'waiting', summary: null }));
    let sortBy = 'total_return';
    let descending = true;
    const draw = () => {
      const rows = [...results].sort((a, b) => {
        const x = a.summary ? a.summary[sortBy] : null;
        const y = b.summary ? b.summary[sortBy] : null;
        if (x === y) return 0;
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        return descending ? y - x : x - y;
      });
      const head = (key, label) => h('th', { scope: 'col', 'aria-sort': sortBy === key ? (descending ? 'descending' : 'ascending') : 'none' },
        h('button', { type: 'button', class: 'link', 'data-sort': key, onclick: () => {
          descending = sortBy === key ? !descending : true;
          sortBy = key;
          draw();
        } }, label));
      replace(sweepBox, h('table', { class: 'sweep', id: 'sweep-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, name), h('th', { scope: 'col' }, 'Status'), head('total_return', 'Return'),
          head('sharpe', 'Sharpe'), head('max_drawdown', 'Max drawdown'), head('trades', 'Trades'))),
        h('tbody', null, rows.map((r) => h('tr', { 'data-value': r.value }, h('td', null, r.id ? h('a', { href: '#/backtests/' + r.id }, r.value) : r.value),
          h('td', null, r.status), h('td', { class: 'num' }, r.summary ? pct(r.summary.total_return) : ''),
          h('td', { class: 'num' }, r.summary ? num(r.summary.sharpe) : ''), h('td', { class: 'num' }, r.summary ? pct(r.summary.max_drawdown) : ''),
          h('td', { class: 'num' }, r.summary ? r.summary.trades : ''))))));
    };
    draw();
    const one = async (r) => {
      try {
        r.id = (await api('POST', '/api/v1/backtests', body({ [name]: r.value }))).id;
        for (;;) {
          const b = await get('/api/v1/backtests/' + r.id);
          r.status = b.status;
          draw();
          if (b.status === 'done' || b.status === 'failed') {
            r.summary = b.summary || null;
            if (b.error) r.status = 'failed: ' + b.error;
            break;
          }
          await new Promise((resolve) => timers.push(setTimeout(resolve, 500)));
        }
      } catch (e) {
        r.status = 'refused: ' + e.message;
      }
      draw();
    };
    const queue = [...results];
    await Promise.all([0, 1, 2].map(async () => {
      while (queue.length) await one(queue.shift());
    }));
    sweepBox.dataset.done = 'true';
    showRuns();
  }
}

// ---- one run's report --------------------------------------------------------------------------

function report(main, id, timers, charts) {
  const bar = h('progress', { max: 1, id: 'bt-progress', 'aria-label': 'Progress' });
  const status = h('p', { role: 'status', id: 'bt-status' }, 'Loading…');
  const body = h('div', { id: 'bt-report' });
  replace(main, h('h1', null, 'Backtest ', h('code', null, id)), h('p', null, h('a', { href: '#/backtests' }, '← Backtests')), bar, status, body);
  const poll = async () => {
    let b;
    try {
      b = await get('/api/v1/backtests/' + encodeURIComponent(id));
    } catch (e) {
      status.textContent = e.message;
      return;
    }
    const p = b.progress || {};
    if (b.status === 'running' && p.fraction > 0) bar.value = p.fraction;
    else if (b.status === 'done') bar.value = 1;
    else bar.removeAttribute('value'); // indeterminate while queued or before the first report of progress
    status.textContent = b.status + (p.events ? ' · ' + p.events + ' events' : '') + (p.at ? ' · data at ' + p.at : '')
      + (b.error ? ': ' + b.error : '');
    if (b.status === 'done') {
      const r = await get('/api/v1/backtests/' + encodeURIComponent(id) + '/report');
      showReport(body, r, b, charts);
    } else if (b.status !== 'failed') {
      timers.push(setTimeout(poll, 500));
    }
  };
  poll();
}

async function showReport(box, r, b, charts) {
  const m = r.metrics;
  const equityBox = h('div', { class: 'chart small', id: 'bt-equity' });
  const ddBox = h('div', { class: 'chart small', id: 'bt-drawdown' });
  const priceBox = h('div', { class: 'chart small', id: 'bt-price' });
  replace(box, h('div', { class: 'bt-grid' },
    h('section', { class: 'card' }, h('h2', null, 'Metrics'), h('dl', { class: 'facts', id: 'bt-metrics' },
      ['starting_equity', 'final_equity', ...METRICS].filter((k) => k in m).map((k) => [h('dt', null, k.replace(/_/g, ' ')),
        h('dd', null, k.endsWith('return') || k === 'max_drawdown' || k === 'win_rate' || k === 'exposure' ? pct(m[k]) : String(m[k] ?? '–'))])),
    h('p', null, h('a', { href: b.summary.html }, 'The full HTML report'), ' · ', h('a', { href: b.summary.report }, 'JSON'))),
    h('section', { class: 'card' }, h('h2', null, 'Equity'), equityBox, h('h2', null, 'Drawdown'), ddBox)),
  h('section', { class: 'card' }, h('h2', null, 'Price and fills'), priceBox),
  h('section', { class: 'card' }, h('h2', null, 'Fills'), fillsTable(r.fill_list)));
  const t = r.equity.map((e) => millis(e[0]) / 1000);
  const eq = r.equity.map((e) => Number(e[1]));
  let peak = -Infinity;
  const dd = eq.map((v) => {
    peak = Math.max(peak, v);
    return peak > 0 ? (v - peak) / peak : 0;
  });
  const equity = lineChart(equityBox, [{ label: 'equity', color: COLORS[0] }], 200);
  equity.set([t, eq]);
  const drawdown = lineChart(ddBox, [{ label: 'drawdown', color: COLORS[3] }], 140);
  drawdown.set([t, dd]);
  charts.push(equity, drawdown);
  // The price the run saw: 1 s candles of its instrument over its span, with its fills on them.
  const fills = r.fill_list;
  const run = r.run || {};
  const symbol = (run.symbols || [])[0] || (fills[0] && fills[0].symbol);
  if (!symbol || !r.first_event) return;
  try {
    const rows = await get('/api/v1/candles', { venue: run.venue, symbol, interval: '1s', from: r.first_event, to: r.last_event });
    const times = new Map();
    for (const c of rows) times.set(Math.floor(millis(c.t) / 1000), { close: Number(c.close) });
    for (const f of fills) {
      const s = millis(f.time) / 1000;
      const slot = times.get(s) || {};
      slot[f.side] = Number(f.price);
      times.set(s, slot);
    }
    const xs = [...times.keys()].sort((a, b2) => a - b2);
    const price = lineChart(priceBox, [{ label: 'close (1s)', color: COLORS[0] }, { label: 'buys', color: '#2ecc8f', points: true },
      { label: 'sells', color: '#ff6b5f', points: true }], 240);
    price.set([xs, xs.map((x) => times.get(x).close ?? null), xs.map((x) => times.get(x).buy ?? null), xs.map((x) => times.get(x).sell ?? null)]);
    charts.push(price);
  } catch (e) {
    replace(priceBox, h('p', { class: 'error' }, 'Price: ' + e.message));
  }
}

function fillsTable(fills) {
  if (!fills.length) return h('p', { class: 'muted' }, 'No fill.');
  return h('table', { class: 'fills', id: 'bt-fills' },
    h('thead', null, h('tr', null, ['Time (UTC)', 'Side', 'Price', 'Quantity', 'Fee', 'Liquidity', 'Tag'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, fills.slice(0, 500).map((f) => h('tr', { class: f.side }, h('td', null, f.time.replace('T', ' ').replace('Z', '')),
      h('td', null, f.side), h('td', { class: 'num' }, f.price), h('td', { class: 'num' }, f.quantity), h('td', { class: 'num' }, f.fee),
      h('td', null, f.liquidity), h('td', null, f.tag || '')))));
}

// ---- comparing runs ----------------------------------------------------------------------------

async function compare(main, ids, charts) {
  const chartBox = h('div', { class: 'chart small', id: 'compare-chart' });
  const table = h('div', { id: 'compare-table' });
  replace(main, h('h1', null, 'Compare backtests'), h('p', null, h('a', { href: '#/backtests' }, '← Backtests')),
    h('section', { class: 'card' }, h('h2', null, 'Return over time'), chartBox), h('section', { class: 'card' }, table));
  try {
    const reports = await Promise.all(ids.slice(0, COLORS.length).map((id) => get('/api/v1/backtests/' + encodeURIComponent(id) + '/report')));
    // Each run's equity as a return from its start, on one time axis.
    const all = new Map();
    reports.forEach((r, k) => {
      const start = Number(r.equity[0] ? r.equity[0][1] : 0);
      for (const [t, v] of r.equity) {
        const s = millis(t) / 1000;
        const row = all.get(s) || Array(reports.length).fill(null);
        row[k] = start ? Number(v) / start - 1 : null;
        all.set(s, row);
      }
    });
    const xs = [...all.keys()].sort((a, b) => a - b);
    const c = lineChart(chartBox, reports.map((r, k) => ({ label: ids[k], color: COLORS[k] })), 260);
    c.set([xs, ...reports.map((r, k) => xs.map((x) => all.get(x)[k]))]);
    charts.push(c);
    replace(table, h('table', { class: 'compare' }, h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Metric'),
      ids.map((id) => h('th', { scope: 'col' }, h('a', { href: '#/backtests/' + id }, id))))),
    h('tbody', null, METRICS.map((k) => h('tr', null, h('th', { scope: 'row' }, k.replace(/_/g, ' ')),
      reports.map((r) => h('td', { class: 'num' }, k === 'total_return' || k === 'max_drawdown' || k === 'win_rate' || k === 'exposure'
        ? pct(r.metrics[k]) : String(r.metrics[k] ?? '–'))))))));
  } catch (e) {
    replace(table, h('p', { class: 'error' }, e.message));
  }
}

function pct(x) {
  return x === null || x === undefined ? '' : (x * 100).toFixed(2) + ' %';
}

function num(x) {
  return x === null || x === undefined ? '' : Number(x).toFixed(2);
}
