// Small DOM helpers: the console has no framework, so pages build their elements with h().

/**
 * Creates an element. Attributes named on* take a function (an event listener); class, for and
 * the rest are set as attributes; false, null and undefined attributes are left out.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any>|null} [attrs]
 * @param {...any} children strings, nodes, arrays of them, or null
 * @returns {HTMLElementTagNameMap[K]} the element of that tag's type (an input is an HTMLInputElement)
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value') /** @type {HTMLInputElement} */ (/** @type {unknown} */ (el)).value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

/** Appends children (strings, nodes, nested arrays; null skipped). */
export function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** Replaces every child of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/**
 * Milliseconds since the epoch of an ISO-8601 UTC timestamp as the APIs write them (microseconds
 * included: the fraction is cut to milliseconds for Date, which parses three digits).
 * @param {string} iso
 */
export function millis(iso) {
  const m = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?Z$/.exec(iso);
  if (!m) return Date.parse(iso);
  return Date.parse(m[1] + (m[2] ? m[2].slice(0, 4).padEnd(4, '0') : '.000') + 'Z');
}

/** HH:MM:SS.mmm in UTC. */
export function clock(iso) {
  const m = /T(\d\d:\d\d:\d\d)(\.\d{1,3})?/.exec(iso);
  return m ? m[1] + (m[2] || '') : iso;
}

/** A short message for the user at the bottom of the page. */
export function toast(message, kind = 'info') {
  const t = document.getElementById('toast');
  const item = h('div', { class: 'toast ' + kind }, message);
  t.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}

/** A labelled form field. */
export function field(label, input, hint) {
  const id = input.id || ('f' + Math.random().toString(36).slice(2, 9));
  input.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), input,
    hint ? h('small', { class: 'muted' }, hint) : null);
}

/**
 * a - b of two decimal strings, exactly (prices are exact decimals; floating point would print
 * 0.000400000001). Null when either is not a plain decimal.
 */
export function subtract(a, b) {
  const re = /^-?\d+(\.\d+)?$/;
  if (!re.test(a) || !re.test(b)) return null;
  const scale = Math.max((a.split('.')[1] || '').length, (b.split('.')[1] || '').length);
  const big = (x) => {
    const [i, f = ''] = x.split('.');
    return BigInt(i + f.padEnd(scale, '0'));
  };
  let d = big(a) - big(b);
  const negative = d < 0n;
  if (negative) d = -d;
  let digits = d.toString().padStart(scale + 1, '0');
  let out = scale ? digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale) : digits;
  if (scale) out = out.replace(/0+$/, '').replace(/\.$/, '');
  return (negative ? '-' : '') + out;
}
