// Markets: venue and feed status, a candlestick chart per instrument from history with live
// updates, an indicator on it, the order book and the trades tape from the live stream.

import { clock, h, millis, replace, subtract } from '../dom.js';
import { get } from '../api.js';
import { stream as sharedStream } from '../stream.js';
import { candleChart } from '../chart.js';

const INTERVALS = { '1s': 1, '5s': 5, '1m': 60, '5m': 300, '15m': 900, '1h': 3600, '1d': 86400 };
const INDICATORS = {
  none: { label: 'No indicator', lines: [] },
  sma: { label: 'SMA 20', query: { period: 20 }, lines: ['value'] },
  ema: { label: 'EMA 20', query: { period: 20 }, lines: ['value'] },
  bollinger: { label: 'Bollinger 20, 2', query: { period: 20, k: 2 }, lines: ['upper', 'middle', 'lower'] },
  vwap: { label: 'VWAP (day)', query: {}, lines: ['value'] },
};
/** Candles drawn at most: older ones scroll off. */
const MAX_CANDLES = 2000;
const HISTORY_CANDLES = 300;
const TAPE = 40;
const DEPTH = 12;
/** The chart, tape and book are drawn at most this often (ms): ten times a second. */
const FRAME_MS = 100;

/** Candles of one interval kept as uPlot's column arrays, updated trade by trade. */
class Candles {
  constructor(seconds) {
    this.seconds = seconds;
    this.t = [];
    this.o = [];
    this.h = [];
    this.l = [];
    this.c = [];
  }

  push(t, o, hi, lo, c) {
    this.t.push(t);
    this.o.push(o);
    this.h.push(hi);
    this.l.push(lo);
    this.c.push(c);
    if (this.t.length > MAX_CANDLES) for (const a of [this.t, this.o, this.h, this.l, this.c]) a.shift();
  }

  /** Adds a trade at ms (venue time) and price. */
  trade(ms, price) {
    const bucket = Math.floor(ms / 1000 / this.seconds) * this.seconds;
    const n = this.t.length;
    if (n === 0 || bucket > this.t[n - 1]) {
      this.push(bucket, price, price, price, price);
      return true;
    }
    let i = n - 1;
    while (i > 0 && this.t[i] > bucket) i--;
    if (this.t[i] !== bucket) return false; // older than what is drawn, or in a gap: history has it
    this.h[i] = Math.max(this.h[i], price);
    this.l[i] = Math.min(this.l[i], price);
    if (i === n - 1) this.c[i] = price;
    return false;
  }
}

function venueState(v) {
  const connections = v.connections || [];
  const up = connections.filter((c) => c.state === 'connected').length;
  if (v.state !== 'running') return v.state;
  if (connections.length && up === connections.length) return v.books_stale ? 'stale' : 'connected';
  return up ? 'degraded' : 'disconnected';
}

function venuesTable(venues, pick) {
  return h('table', { class: 'venues' },
    h('caption', null, 'Venues and feeds'),
    h('thead', null, h('tr', null, ['Venue', 'Status', 'Books in sync', 'Stale', 'Gaps', 'Checksum failures', 'Resyncs', 'Reconnects']
      .map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, venues.map((v) => {
      const state = venueState(v);
      const c = v.counters || {};
      return h('tr', null,
        h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link', onclick: () => pick(v.venue) }, v.venue),
          v.demo ? h('span', { class: 'badge demo', title: 'synthetic data, not a real market' }, 'demo') : null),
        h('td', null, h('span', { class: 'state ' + state }, state), v.replay_done ? h('span', { class: 'muted' }, ' replay done') : null),
        h('td', { class: 'num' }, v.books_in_sync ?? 0), h('td', { class: 'num' }, v.books_stale ?? 0),
        h('td', { class: 'num' }, c.sequence_gaps ?? 0), h('td', { class: 'num' }, c.checksum_failures ?? 0),
        h('td', { class: 'num' }, c.resyncs ?? 0), h('td', { class: 'num' }, c.reconnects ?? 0));
    })));
}

export function render(main, ctx) {
  const interval = INTERVALS[ctx.query.get('interval')] ? ctx.query.get('interval') : '1m';
  const indicator = INDICATORS[ctx.query.get('indicator')] ? ctx.query.get('indicator') : 'none';
  let [venue, symbol] = ctx.params;
  const stream = sharedStream();
  const unsubscribe = [];
  const timers = [];
  let chart = null;
  let frame = 0;

  // Set when the user has left the page: an answer that lands later (the instruments' list that
  // picks a default market) must not navigate away from where the user went (seen: a sign-out
  // undone by the markets page's redirect to its default market).
  let ended = false;
  const go = (v, s, changes = {}) => {
    if (ended) return;
    const q = new URLSearchParams({ interval, indicator, ...changes });
    location.hash = '#/markets/' + encodeURIComponent(v) + '/' + encodeURIComponent(s) + '?' + q;
  };

  const venueBox = h('div', { class: 'venue-status' }, h('p', { class: 'muted' }, 'Loading venues…'));
  const venueSelect = h('select', { id: 'venue', 'aria-label': 'Venue' });
  const symbolSelect = h('select', { id: 'symbol', 'aria-label': 'Instrument' });
  const intervals = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Candle interval' },
    Object.keys(INTERVALS).map((i) => h('button', { type: 'button', 'aria-pressed': i === interval ? 'true' : 'false',
      'data-interval': i, onclick: () => go(venue, symbol, { interval: i }) }, i)));
  const indicatorSelect = h('select', { id: 'indicator', 'aria-label': 'Indicator',
    onchange: () => go(venue, symbol, { indicator: indicatorSelect.value }) },
  Object.entries(INDICATORS).map(([k, v]) => h('option', { value: k, selected: k === indicator }, v.label)));
  const last = h('output', { class: 'last', id: 'last-price', 'aria-label': 'Last price' });
  const status = h('p', { class: 'muted chart-status', id: 'chart-status' });
  const quality = h('p', { class: 'muted', id: 'quality' });
  const chartBox = h('div', { class: 'chart', id: 'chart', 'data-candles': '0', 'data-trades': '0', 'data-last-trade': '' });
  const bookBox = h('table', { class: 'book', id: 'book' }, h('caption', null, 'Order book'));
  const tapeBody = h('tbody');
  const tape = h('table', { class: 'tape', id: 'tape' }, h('caption', null, 'Trades'),
    h('thead', null, h('tr', null, ['Time (UTC)', 'Price', 'Amount'].map((c) => h('th', { scope: 'col' }, c)))), tapeBody);

  replace(main, h('div', { class: 'markets' },
    h('h1', { class: 'visually-hidden' }, 'Markets'),
    h('div', { class: 'toolbar' }, venueSelect, symbolSelect, intervals, indicatorSelect, last),
    h('div', { class: 'market-grid' },
      h('section', { class: 'chart-panel', 'aria-label': 'Chart' }, chartBox, status, quality),
      h('section', { class: 'book-panel', 'aria-label': 'Order book' }, bookBox),
      h('section', { class: 'tape-panel', 'aria-label': 'Trades' }, tape)),
    venueBox));

  const refreshVenues = async () => {
    try {
      const r = await get('/api/v1/venues');
      replace(venueBox, venuesTable(r.venues, (v) => pickVenue(v)));
    } catch (e) {
      replace(venueBox, h('p', { class: 'error' }, 'Venues: ' + e.message));
    }
  };
  refreshVenues();
  timers.push(setInterval(() => document.hidden || refreshVenues(), 5000));

  let instruments = [];
  const pickVenue = (v) => {
    const list = instruments.filter((i) => i.venue === v);
    const best = list.find((i) => i.book === 'in_sync' && /^BTC-/.test(i.normalized_symbol)) || list[0];
    if (best) go(v, best.symbol);
  };
  venueSelect.addEventListener('change', () => pickVenue(venueSelect.value));
  symbolSelect.addEventListener('change', () => go(venue, symbolSelect.value));

  const showChoices = (list, venues) => {
    replace(venueSelect, venues.map((v) => h('option', { value: v, selected: v === venue }, v)));
    replace(symbolSelect, list.filter((i) => i.venue === venue).sort((a, b) => a.symbol.localeCompare(b.symbol))
      .map((i) => h('option', { value: i.symbol, selected: i.symbol === symbol }, i.symbol + (i.symbol === i.normalized_symbol ? '' : ' (' + i.normalized_symbol + ')'))));
  };
  const load = () => get('/api/v1/live/instruments').then((list) => {
    instruments = list;
    const venues = [...new Set(list.map((i) => i.venue))].sort();
    if (venue && symbol && !list.some((i) => i.venue === venue && i.symbol === symbol)) {
      // A link to an instrument that is not live yet (its feed connecting, or no data from it so
      // far): it is waited for, not swapped for another; the lists offer what is live meanwhile.
      status.textContent = symbol + ' on ' + venue + ' is not live yet: waiting for its first data.';
      showChoices(list, venues);
      timers.push(setTimeout(load, 2000));
      return;
    }
    if (!venue || !symbol) {
      if (!venues.length) {
        status.textContent = 'No instrument is live yet: the feeds are connecting.';
        timers.push(setTimeout(load, 2000));
        return;
      }
      pickVenue(venue && venues.includes(venue) ? venue : venues[0]);
      return;
    }
    status.textContent = '';
    showChoices(list, venues);
    open();
  }).catch((e) => { status.textContent = 'Instruments: ' + e.message; });
  load();

  function open() {
    const seconds = INTERVALS[interval];
    const ind = INDICATORS[indicator];
    const candles = new Candles(seconds);
    const lines = ind.lines.map(() => []);
    const trades = [];
    let book = null;
    let loaded = false;
    let loading = false;
    const buffered = [];
    let firstLive = null;
    let tradeCount = 0;
    chart = candleChart(chartBox, ind.lines.map((l) => ind.label + (l === 'value' ? '' : ' ' + l)));

    // What changed since the last drawing: a busy market sends hundreds of trades a second, and
    // drawing each would keep the page's thread busy for nothing a person can read.
    const dirty = { chart: false, book: false };
    let lastDraw = 0;
    const draw = () => {
      frame = 0;
      lastDraw = performance.now();
      if (dirty.chart) {
        dirty.chart = false;
        const n = candles.t.length;
        const aligned = lines.map((values) => values.length > n ? values.slice(values.length - n) : Array(n - values.length).fill(null).concat(values));
        chart.set([candles.t, candles.o, candles.h, candles.l, candles.c, ...aligned]);
        chartBox.dataset.candles = String(n);
        chartBox.dataset.trades = String(tradeCount);
        // The id of the last trade counted, so that a reader can tell which trades a count covers.
        chartBox.dataset.lastTrade = trades.length ? String(trades[0].id) : '';
        if (n) last.textContent = trades.length ? trades[0].price : String(candles.c[n - 1]);
        drawTape();
      }
      if (dirty.book && book) {
        dirty.book = false;
        drawBook(book);
      }
    };
    /** Draws what changed at the next frame, at most every FRAME_MS. */
    const schedule = (part = 'chart') => {
      dirty[part] = true;
      if (frame) return;
      const wait = Math.max(0, lastDraw + FRAME_MS - performance.now());
      frame = -setTimeout(() => { frame = requestAnimationFrame(draw); }, wait);
    };

    // The tape's rows: the trades that came since the last drawing go on top, the oldest go.
    // Rebuilding all of them ten times a second cost the page's thread more than a frame.
    let tapeTop = null;
    const drawTape = () => {
      let fresh = trades.indexOf(tapeTop);
      if (fresh < 0) {
        tapeBody.replaceChildren();
        fresh = trades.length;
      }
      tapeBody.prepend(...trades.slice(0, fresh).map((t) => h('tr', { class: t.side },
        h('td', null, clock(t.timestamp)), h('td', { class: 'num' }, t.price), h('td', { class: 'num' }, t.amount))));
      while (tapeBody.rows.length > TAPE) tapeBody.lastElementChild.remove();
      tapeTop = trades.length ? trades[0] : null;
    };

    // The book's table is built once per shape (levels per side) and then changed in place: a
    // cell is written only when its text changes.
    const bookCells = { shape: '', time: null, asks: [], bids: [], spread: null };
    const setText = (el, text) => { if (el.textContent !== text) el.textContent = text; };
    const drawBook = (b) => {
      const asks = b.asks.slice(0, DEPTH).reverse();
      const bids = b.bids.slice(0, DEPTH);
      const shape = asks.length + '/' + bids.length;
      if (bookCells.shape !== shape) {
        const row = (side) => {
          const cells = { price: h('td', { class: 'num' }), bar: h('span', { class: 'bar' }), size: h('span') };
          cells.tr = h('tr', { class: side }, cells.price, h('td', { class: 'num size' }, cells.bar, cells.size));
          return cells;
        };
        bookCells.shape = shape;
        bookCells.asks = asks.map(() => row('ask'));
        bookCells.bids = bids.map(() => row('bid'));
        bookCells.time = h('span', { class: 'muted' });
        bookCells.spread = h('td', { colspan: 2 });
        replace(bookBox, h('caption', null, 'Order book ', bookCells.time),
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Price'), h('th', { scope: 'col' }, 'Size'))),
          h('tbody', null, bookCells.asks.map((c) => c.tr), h('tr', { class: 'spread' }, bookCells.spread),
            bookCells.bids.map((c) => c.tr)));
      }
      const max = Math.max(...asks.concat(bids).map((l) => Number(l[1])), 0) || 1;
      const fill = (cells, [p, s]) => {
        setText(cells.price, p);
        setText(cells.size, s);
        const width = Math.min(100, (Number(s) / max) * 100).toFixed(1) + '%';
        if (cells.bar.style.width !== width) cells.bar.style.width = width;
      };
      asks.forEach((l, i) => fill(bookCells.asks[i], l));
      bids.forEach((l, i) => fill(bookCells.bids[i], l));
      const spread = bids.length && asks.length ? subtract(asks[asks.length - 1][0], bids[0][0]) : null;
      setText(bookCells.spread, spread === null ? 'no spread' : 'spread ' + spread);
      setText(bookCells.time, clock(b.timestamp || b.local_timestamp));
      // When the platform received what is drawn (ms, UTC): how far behind the page is.
      bookBox.dataset.received = String(millis(b.local_timestamp));
    };

    const onTrade = (t) => {
      tradeCount++;
      trades.unshift(t);
      if (trades.length > TAPE) trades.pop();
      if (!loaded) {
        buffered.push(t);
        if (firstLive === null && !loading) {
          firstLive = millis(t.timestamp || t.local_timestamp);
          // The recorder commits about once a second: by then history holds what came before.
          timers.push(setTimeout(loadHistory, 1000));
        }
      } else if (candles.trade(millis(t.timestamp || t.local_timestamp), Number(t.price)) && ind.lines.length) {
        loadIndicator();
      }
      schedule();
    };
    unsubscribe.push(stream.subscribe({ channel: 'trades', venue, symbols: [symbol] }, onTrade, (m) => { status.textContent = m; }));
    unsubscribe.push(stream.subscribe({ channel: 'book_snapshots', venue, symbols: [symbol], depth: DEPTH, interval: '200ms' }, (b) => {
      book = b;
      schedule('book');
    }, (m) => {
      bookCells.shape = '';
      replace(bookBox, h('caption', null, 'Order book'), h('tbody', null, h('tr', null, h('td', { class: 'muted' }, m))));
    }));
    stream.onstate = (state, why) => {
      status.textContent = state === 'open' ? '' : 'Live stream: ' + why + '; reconnecting…';
    };

    let indicatorTimer = 0;
    const loadIndicator = () => {
      clearTimeout(indicatorTimer);
      indicatorTimer = setTimeout(async () => {
        if (!candles.t.length) return;
        try {
          const rows = await get('/api/v1/indicators/' + indicator, { venue, symbol, interval, ...ind.query,
            from: new Date(candles.t[0] * 1000).toISOString(), to: new Date((candles.t[candles.t.length - 1] + seconds) * 1000).toISOString() });
          const byTime = new Map(rows.map((r) => [Math.floor(millis(r.t) / 1000), r]));
          ind.lines.forEach((line, k) => {
            lines[k] = candles.t.map((t) => (byTime.has(t) ? byTime.get(t)[line] ?? null : null));
          });
          schedule();
        } catch (e) {
          status.textContent = 'Indicator: ' + e.message;
        }
      }, 300);
    };

    async function loadHistory() {
      if (loading) return;
      loading = true;
      try {
        // Only what history holds is asked for: an instrument the recorder has not written yet
        // (its first second live) has no candles, and asking would be a 404.
        const recorded = (await get('/api/v1/instruments', { venue })).find((i) => i.symbol === symbol);
        let end = firstLive;
        if (end === null) end = recorded && recorded.trades ? millis(recorded.trades.to) + 1 : null;
        if (!recorded || !recorded.trades) end = null;
        if (end !== null) {
          const from = (Math.floor(end / 1000 / seconds) - HISTORY_CANDLES) * seconds * 1000;
          const rows = await get('/api/v1/candles', { venue, symbol, interval, from: new Date(from).toISOString(),
            to: new Date(end - 1).toISOString() });
          for (const r of rows) candles.push(Math.floor(millis(r.t) / 1000), Number(r.open), Number(r.high), Number(r.low), Number(r.close));
        }
        status.textContent = candles.t.length || buffered.length ? '' : 'No trade recorded yet for ' + symbol + '.';
      } catch (e) {
        status.textContent = 'History: ' + e.message;
      }
      loaded = true;
      for (const t of buffered) candles.trade(millis(t.timestamp || t.local_timestamp), Number(t.price));
      buffered.length = 0;
      chartBox.dataset.loaded = 'true';
      if (ind.lines.length) loadIndicator();
      schedule();
    }
    // What the recorder saw of this instrument's feed: gaps, resyncs, disconnects, stale periods.
    get('/api/v1/quality', { venue }).then((q) => {
      const i = (q.instruments || []).find((x) => x.symbol === symbol);
      if (!i) return;
      const last = (i.events || [])[i.events.length - 1];
      quality.textContent = 'Recorded feed quality: ' + i.gaps + ' gaps, ' + i.resyncs + ' resyncs, ' + i.disconnects + ' disconnects, '
        + i.stale + ' stale periods' + (last && last.reason ? '; last: ' + last.reason : '');
    }).catch((e) => { quality.textContent = 'Feed quality: ' + e.message; });
    // A quiet instrument sends no trade: history is loaded without waiting for one.
    timers.push(setTimeout(() => { if (firstLive === null && !loaded) loadHistory(); }, 1500));
  }

  return () => {
    ended = true;
    for (const t of timers) {
      clearInterval(t);
      clearTimeout(t);
    }
    // A pending drawing is a timeout (negative id) or an animation frame.
    if (frame < 0) clearTimeout(-frame);
    else if (frame) cancelAnimationFrame(frame);
    for (const u of unsubscribe) u();
    stream.onstate = () => {};
    if (chart) chart.destroy();
  };
}
