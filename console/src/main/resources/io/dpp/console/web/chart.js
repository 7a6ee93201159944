// A candlestick chart on uPlot (a canvas time-series library): candles drawn by a draw hook,
// optional indicator lines as ordinary series, times in UTC.

import uPlot from './vendor/uplot/uPlot.esm.js';
import { h } from './dom.js';

const UP = '#1c9e6b';
const DOWN = '#d2453c';

/** Draws each candle's wick and body between the series' own points. */
function candles(u) {
  const [t, o, hi, lo, c] = u.data;
  const ctx = u.ctx;
  const [i0, i1] = u.series[0].idxs || [0, t.length - 1];
  const span = Math.max(1, i1 - i0 + 1);
  const width = Math.max(1, Math.min(14, (u.bbox.width / span) * 0.7));
  ctx.save();
  for (let i = i0; i <= i1; i++) {
    if (o[i] == null) continue;
    const x = Math.round(u.valToPos(t[i], 'x', true));
    const yO = u.valToPos(o[i], 'y', true);
    const yC = u.valToPos(c[i], 'y', true);
    const color = c[i] >= o[i] ? UP : DOWN;
    ctx.fillStyle = color;
    ctx.fillRect(x - 0.5, u.valToPos(hi[i], 'y', true), 1, u.valToPos(lo[i], 'y', true) - u.valToPos(hi[i], 'y', true));
    ctx.fillRect(x - width / 2, Math.min(yO, yC), width, Math.max(1, Math.abs(yC - yO)));
  }
  ctx.restore();
}

/** Axis labels in UTC: dates for daily candles, else the time of day. */
function timeLabels(u, splits) {
  const daily = splits.length > 1 && splits[1] - splits[0] >= 86400;
  return splits.map((s) => new Date(s * 1000).toISOString().slice(daily ? 0 : 11, daily ? 10 : 19));
}

/** Price labels with as many decimals as the gap between two labels needs. */
function priceLabels(u, splits) {
  const step = splits.length > 1 ? Math.abs(splits[1] - splits[0]) : 1;
  const decimals = Math.min(12, Math.max(0, Math.ceil(-Math.log10(step))));
  return splits.map((v) => v.toFixed(decimals));
}

/**
 * Creates the chart in el.
 * @param {HTMLElement} el
 * @param {string[]} lines names of indicator lines
 */
export function candleChart(el, lines) {
  const hidden = { paths: () => null, points: { show: false } };
  const colors = ['#3f7fd8', '#c9a227', '#9b59b6'];
  const legend = h('div', { class: 'legend' }, lines.map((name, i) => {
    const swatch = h('span', { class: 'swatch' });
    swatch.style.background = colors[i % 3];
    return h('span', null, swatch, name);
  }));
  const plotBox = h('div', { class: 'plot' });
  el.replaceChildren(legend, plotBox);
  const size = () => ({ width: Math.max(280, plotBox.clientWidth), height: Math.max(220, plotBox.clientHeight || 360) });
  const opts = {
    ...size(),
    legend: { show: false },
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: true } },
    axes: [
      { stroke: '#9aa7b4', grid: { stroke: '#2a3440' }, ticks: { stroke: '#2a3440' }, values: timeLabels },
      { stroke: '#9aa7b4', grid: { stroke: '#2a3440' }, ticks: { stroke: '#2a3440' }, size: 80, values: priceLabels },
    ],
    series: [{}, { label: 'open', ...hidden }, { label: 'high', ...hidden }, { label: 'low', ...hidden },
      { label: 'close', ...hidden },
      ...lines.map((name, i) => ({ label: name, stroke: colors[i % 3], width: 1.5 }))],
    hooks: { draw: [candles] },
  };
  const plot = new uPlot(opts, [[], [], [], [], [], ...lines.map(() => [])], plotBox);
  const resize = new ResizeObserver(() => plot.setSize(size()));
  resize.observe(plotBox);
  return {
    /** @param {uPlot.AlignedData} data [t (s), open, high, low, close, ...lines (null where there is no value)] */
    set(data) {
      plot.setData(data);
    },
    destroy() {
      resize.disconnect();
      plot.destroy();
    },
  };
}

/**
 * A line chart: series share the time axis (seconds); points a series marks with dots only
 * (fills on a price line) are drawn where its value is not null.
 * @param {HTMLElement} el
 * @param {{label: string, color: string, points?: boolean, scale?: string}[]} series
 * @param {number} height
 */
export function lineChart(el, series, height = 220) {
  const plotBox = h('div', { class: 'plot' });
  const legend = h('div', { class: 'legend' }, series.map((x) => {
    const swatch = h('span', { class: 'swatch' });
    swatch.style.background = x.color;
    return h('span', null, swatch, x.label);
  }));
  el.replaceChildren(legend, plotBox);
  const size = () => ({ width: Math.max(280, plotBox.clientWidth), height });
  const axis = { stroke: '#9aa7b4', grid: { stroke: '#2a3440' }, ticks: { stroke: '#2a3440' } };
  const plot = new uPlot({
    ...size(),
    legend: { show: false },
    scales: { x: { time: true } },
    axes: [{ ...axis, values: timeLabels }, { ...axis, size: 80, values: priceLabels }],
    series: [{}, ...series.map((x) => (x.points
      ? { label: x.label, stroke: x.color, paths: () => null, points: { show: true, size: 9, stroke: x.color, fill: x.color } }
      : { label: x.label, stroke: x.color, width: 1.5, spanGaps: true }))],
  }, [[], ...series.map(() => [])], plotBox);
  const resize = new ResizeObserver(() => plot.setSize(size()));
  resize.observe(plotBox);
  return {
    set: (data) => plot.setData(data),
    destroy() {
      resize.disconnect();
      plot.destroy();
    },
  };
}
