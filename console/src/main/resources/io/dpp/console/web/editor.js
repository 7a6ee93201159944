// The node-graph editor: an SVG canvas of the graph's nodes and the wires between their ports,
// built from the node catalogue the server publishes (GET /api/v1/graphs/nodes), so that it
// knows no node type of its own. The graph stays in the format of docs/graphs.md; where the
// nodes are drawn and the comments live in its "layout", which runs ignore.

import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const NODE_W = 180;
const HEADER = 26;
const ROW = 20;
const MAX_UNDO = 100;

/** An SVG element with attributes. */
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined && v !== false) el.setAttribute(k, String(v));
  }
  for (const c of children) if (c) el.append(c);
  return el;
}

/**
 * @typedef {{name: string, kind: string, takes?: string, required: boolean, default?: string, min?: number,
 *   max?: number, choices?: string[], doc: string, applies_when?: Record<string, string[]>}} Field
 * @typedef {{type: string, family: string, doc: string, fires: string, ports: {name: string, kind: string}[],
 *   fields: Field[]}} NodeType
 */

export class Editor {
  /**
   * @param {HTMLElement} host where the canvas goes
   * @param {NodeType[]} catalogue
   * @param {{onchange?: () => void, onselect?: (id: string|null) => void, onrefuse?: (why: string) => void}} hooks
   */
  constructor(host, catalogue, hooks) {
    this.types = new Map(catalogue.map((t) => [t.type, t]));
    this.hooks = hooks;
    this.graph = { name: 'untitled', params: {}, nodes: [], layout: { nodes: {}, comments: [] } };
    this.undoStack = [];
    this.redoStack = [];
    this.selected = null;
    this.problems = [];
    /** The node elements drawn, by id, with the key of what each shows: a render redraws only what changed. */
    this.drawn = new Map();
    this.view = { x: 40, y: 40, k: 1 };
    // The pane is the visible area (it takes the pointer, the wheel and the keys); the drawing in it
    // is moved and scaled as a whole by a CSS transform, not an SVG one: a change of an SVG
    // transform's scale makes the browser lay out every text of the drawing again for the new
    // screen scale (about 40 ms for a 200-node graph on a slow machine, at each zoom step), where
    // a CSS transform of the outer <svg> element is applied when painting.
    this.pane = h('div', { class: 'canvas', role: 'application', 'aria-label': 'Graph canvas', tabindex: 0 });
    this.svg = s('svg', { class: 'drawing' });
    this.world = s('g', { class: 'world' });
    this.wires = s('g', { class: 'wires' });
    this.nodesLayer = s('g', { class: 'nodes' });
    this.temp = s('path', { class: 'wire temp', d: '' });
    this.world.append(this.wires, this.nodesLayer, this.temp);
    this.svg.append(this.world);
    this.pane.append(this.svg);
    host.append(this.pane);
    /** The transform last written on the drawing: writing one again, even the same, costs the page work. */
    this.applied = null;
    this.applyView(); // a transform from the start: the first one would otherwise give the drawing a layer of its own then
    this.bindCanvas();
  }

  // ---- the model --------------------------------------------------------------------------------

  /** Replaces the graph (a load, an import, a template); undo history starts again. */
  load(graph) {
    const g = JSON.parse(JSON.stringify(graph));
    g.params = g.params || {};
    g.nodes = g.nodes || [];
    g.layout = g.layout || {};
    g.layout.nodes = g.layout.nodes || {};
    g.layout.comments = g.layout.comments || [];
    if (g.nodes.some((n) => !g.layout.nodes[n.id])) autoLayout(g, this.types);
    this.graph = g;
    this.undoStack = [];
    this.redoStack = [];
    this.selected = null;
    this.drawn = new Map();
    this.fit(); // computes the view and renders once
  }

  /** The graph as it would be saved (layout included). */
  value() {
    return JSON.parse(JSON.stringify(this.graph));
  }

  /** Records the state before a change, for undo. */
  checkpoint() {
    this.undoStack.push(JSON.stringify(this.graph));
    if (this.undoStack.length > MAX_UNDO) this.undoStack.shift();
    this.redoStack = [];
  }

  changed() {
    this.render();
    if (this.hooks.onchange) this.hooks.onchange();
  }

  undo() {
    if (!this.undoStack.length) return;
    this.redoStack.push(JSON.stringify(this.graph));
    this.graph = JSON.parse(this.undoStack.pop());
    if (this.selected && !this.node(this.selected)) this.select(null);
    this.changed();
  }

  redo() {
    if (!this.redoStack.length) return;
    this.undoStack.push(JSON.stringify(this.graph));
    this.graph = JSON.parse(this.redoStack.pop());
    this.changed();
  }

  node(id) {
    return this.graph.nodes.find((n) => n.id === id);
  }

  /** Adds a node of a type at a canvas point; returns its id. */
  add(type, x, y) {
    const t = this.types.get(type);
    this.checkpoint();
    let i = 1;
    const base = type.replace(/[^A-Za-z0-9_]/g, '_');
    while (this.node(base + (i === 1 ? '' : i))) i++;
    const id = base + (i === 1 ? '' : i);
    const n = { id, type };
    for (const f of t.fields) {
      // Settings start at their defaults when there is one; required choices stay empty, for the
      // user (and the validation) to see.
      if (f.default !== undefined && f.kind !== 'input') n[f.name] = coerce(f, f.default);
    }
    this.graph.nodes.push(n);
    this.graph.layout.nodes[id] = { x: Math.round(x), y: Math.round(y) };
    this.selected = id;
    this.changed();
    if (this.hooks.onselect) this.hooks.onselect(id);
    return id;
  }

  remove(id) {
    this.checkpoint();
    this.graph.nodes = this.graph.nodes.filter((n) => n.id !== id);
    delete this.graph.layout.nodes[id];
    for (const n of this.graph.nodes) {
      for (const f of this.fieldsOf(n)) {
        if (f.kind === 'input' && typeof n[f.name] === 'string' && refNode(n[f.name]) === id) delete n[f.name];
        if (f.kind === 'inputs' && Array.isArray(n[f.name])) n[f.name] = n[f.name].filter((r) => refNode(r) !== id);
      }
    }
    if (this.selected === id) this.select(null);
    this.changed();
  }

  /** Sets a field of a node (undefined or '' removes it). */
  set(id, field, value) {
    const n = this.node(id);
    this.checkpoint();
    if (value === undefined || value === '') delete n[field];
    else n[field] = value;
    this.changed();
  }

  /** Renames a node, rewiring every reference to it. */
  rename(id, to) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/.test(to)) throw new Error('an id is letters, digits, _ and - (not starting with a digit)');
    if (this.node(to)) throw new Error('another node is called ' + to);
    this.checkpoint();
    const n = this.node(id);
    n.id = to;
    this.graph.layout.nodes[to] = this.graph.layout.nodes[id];
    delete this.graph.layout.nodes[id];
    const swap = (r) => (typeof r === 'string' && refNode(r) === id ? to + r.slice(id.length) : r);
    for (const m of this.graph.nodes) {
      for (const f of this.fieldsOf(m)) {
        if (f.kind === 'input') m[f.name] = swap(m[f.name]);
        if (f.kind === 'inputs' && Array.isArray(m[f.name])) m[f.name] = m[f.name].map(swap);
      }
    }
    this.selected = to;
    this.changed();
  }

  addComment(x, y, text) {
    this.checkpoint();
    this.graph.layout.comments.push({ x: Math.round(x), y: Math.round(y), text });
    this.changed();
  }

  /** The catalogue's fields of a node that apply to its current choices. */
  fieldsOf(n) {
    const t = this.types.get(n.type);
    if (!t) return [];
    return t.fields.filter((f) => !f.applies_when || Object.entries(f.applies_when).every(([k, vs]) => {
      const chosen = n[k] !== undefined ? String(n[k]) : (t.fields.find((g) => g.name === k) || {}).default;
      return vs.includes(chosen);
    }));
  }

  /** The kind of the port a reference names ("node" or "node.port"), or null. */
  portKind(ref) {
    const n = this.node(refNode(ref));
    const t = n && this.types.get(n.type);
    if (!t) return null;
    const port = ref.includes('.') ? ref.slice(ref.indexOf('.') + 1) : t.ports[0].name;
    const p = t.ports.find((q) => q.name === port);
    return p ? p.kind : null;
  }

  /**
   * Connects an output port to a node's input field, when the kinds agree; returns null, or why not.
   */
  connect(fromId, port, toId, field) {
    if (fromId === toId) return 'a node cannot take its own output';
    const from = this.node(fromId);
    const to = this.node(toId);
    const f = this.fieldsOf(to).find((g) => g.name === field);
    const t = this.types.get(from.type);
    const kind = t.ports.find((p) => p.name === port).kind;
    let value;
    if (f.takes === 'candles') {
      if (from.type !== 'candles') return f.name + ' of ' + to.type + ' takes a candles node';
      value = fromId;
    } else if (f.takes !== kind) {
      return f.name + ' of ' + to.type + ' takes a ' + f.takes + ', and ' + fromId + '.' + port + ' is a ' + kind;
    } else {
      value = fromId + '.' + port;
    }
    this.checkpoint();
    if (f.kind === 'inputs') {
      const list = Array.isArray(to[field]) ? to[field] : [];
      if (!list.includes(value)) list.push(value);
      to[field] = list;
    } else {
      to[field] = value;
    }
    this.changed();
    return null;
  }

  // ---- drawing ---------------------------------------------------------------------------------

  /** Marks the nodes the problems name, in place (no redraw: the user may be dragging). */
  setProblems(problems) {
    this.problems = problems;
    const bad = this.problemsByNode();
    for (const [id, d] of this.drawn) this.decorate(d.g, this.node(id), bad.get(id));
  }

  problemsByNode() {
    const bad = new Map();
    for (const p of this.problems) if (p.node) bad.set(p.node, (bad.get(p.node) || []).concat(p.message));
    return bad;
  }

  select(id) {
    const before = this.selected;
    this.selected = id;
    for (const x of [before, id]) {
      const d = x !== null && this.drawn.get(x);
      if (d) d.g.classList.toggle('selected', x === id);
    }
    if (this.hooks.onselect) this.hooks.onselect(id);
  }

  /** What a node's element shows beyond its drawing: selected, its problems (class, label, tooltip). */
  decorate(g, n, problems) {
    if (!n) return;
    g.classList.toggle('selected', n.id === this.selected);
    g.classList.toggle('invalid', !!problems);
    // Only what changed is written: a validation's answer decorates every node, and rewriting an
    // attribute to its own value still costs the page a style and accessibility update per node.
    const label = n.id + ' (' + n.type + ')' + (problems ? ': ' + problems.join('; ') : '');
    if (g.getAttribute('aria-label') !== label) g.setAttribute('aria-label', label);
    const title = problems ? problems.join('\n') : null;
    let tip = g.querySelector(':scope > title');
    if (!title) {
      if (tip) tip.remove();
    } else if (!tip) {
      g.append(s('title', null, document.createTextNode(title)));
    } else if (tip.textContent !== title) {
      tip.textContent = title;
    }
  }

  /**
   * Puts the view's pan and zoom on the drawing, when they changed: every render calls it, and a
   * transform written again costs the page work even when it is the same.
   */
  applyView() {
    const transform = `translate(${this.view.x}px,${this.view.y}px) scale(${this.view.k})`;
    if (this.applied !== transform) {
      this.svg.style.transform = transform;
      this.applied = transform;
    }
  }

  pos(id) {
    return this.graph.layout.nodes[id] || { x: 0, y: 0 };
  }

  inputRows(n) {
    return this.fieldsOf(n).filter((f) => f.kind === 'input' || f.kind === 'inputs');
  }

  height(n) {
    const t = this.types.get(n.type);
    const rows = Math.max(this.inputRows(n).length, t ? t.ports.length : 0, 1);
    return HEADER + rows * ROW + 8;
  }

  /** Where a port or input row's circle is, in canvas units. */
  anchor(id, side, index) {
    const p = this.pos(id);
    return { x: p.x + (side === 'out' ? NODE_W : 0), y: p.y + HEADER + index * ROW + ROW / 2 };
  }

  /**
   * Draws the graph. Nodes are keyed by id and by what they show (their JSON, position and which
   * of their inputs are wired): only a node whose key changed is drawn again, so that an edit, a
   * drag's end or an undo on a graph of hundreds of nodes touches a few elements, not thousands.
   * Wires are kept by their two ends and only their path changes.
   */
  render() {
    this.applyView();
    const bad = this.problemsByNode();
    const index = new Map(this.graph.nodes.map((n) => [n.id, n]));
    for (const c of this.nodesLayer.querySelectorAll(':scope > .comment')) c.remove();
    const comments = this.graph.layout.comments.map((c, i) => {
      const g = s('g', { class: 'comment', transform: `translate(${c.x},${c.y})`, 'data-comment': i });
      const lines = String(c.text).split('\n');
      g.append(s('rect', { width: 200, height: 12 + lines.length * 16, rx: 4 }));
      lines.forEach((l, k) => g.append(s('text', { x: 8, y: 18 + k * 16 }, document.createTextNode(l))));
      this.dragging(g, () => this.graph.layout.comments[i], null, null);
      return g;
    });
    const next = new Map();
    const elements = [];
    let reordered = false;
    for (const n of this.graph.nodes) {
      const rows = this.inputRows(n);
      const wired = rows.map((f) => (f.kind === 'inputs' ? (Array.isArray(n[f.name]) && n[f.name].length ? 1 : 0)
        : (typeof n[f.name] === 'string' && index.has(refNode(n[f.name])) ? 1 : 0))).join('');
      const p = this.pos(n.id);
      const key = JSON.stringify(n) + '|' + p.x + ',' + p.y + '|' + wired;
      const old = this.drawn.get(n.id);
      let g;
      if (old && old.key === key) {
        g = old.g;
      } else {
        g = this.drawNode(n, rows, index);
        if (old) {
          old.g.replaceWith(g);
        } else {
          reordered = true;
        }
      }
      this.decorate(g, n, bad.get(n.id));
      next.set(n.id, { key, g });
      elements.push(g);
    }
    for (const [id, d] of this.drawn) if (!next.has(id)) d.g.remove();
    this.drawn = next;
    // Added nodes, or an undo that brought one back in the middle: put every node in graph order.
    const inLayer = [...this.nodesLayer.children];
    if (reordered || inLayer.length !== elements.length || inLayer.some((e, i) => e !== elements[i])) {
      this.nodesLayer.replaceChildren(...elements);
    }
    this.nodesLayer.prepend(...comments);

    const paths = new Map();
    for (const w of this.wires.children) paths.set(w.dataset.from + '>' + w.dataset.to, w);
    const keep = new Set();
    for (const n of this.graph.nodes) {
      this.inputRows(n).forEach((f, row) => {
        const refs = f.kind === 'inputs' ? (Array.isArray(n[f.name]) ? n[f.name] : []) : [n[f.name]];
        for (const r of refs) {
          if (typeof r !== 'string' || !index.has(refNode(r))) continue;
          const from = index.get(refNode(r));
          const t = this.types.get(from.type);
          const port = r.includes('.') ? r.slice(r.indexOf('.') + 1) : t.ports[0].name;
          const at = Math.max(0, t.ports.findIndex((q) => q.name === port));
          const d = curve(this.anchor(from.id, 'out', at), this.anchor(n.id, 'in', row));
          const to = n.id + '.' + f.name;
          const k = r + '>' + to;
          keep.add(k);
          const w = paths.get(k);
          if (!w) {
            this.wires.append(s('path', { class: 'wire ' + (t.ports[at] ? t.ports[at].kind : ''), d, 'data-from': r, 'data-to': to }));
          } else if (w.getAttribute('d') !== d) {
            w.setAttribute('d', d);
          }
        }
      });
    }
    for (const [k, w] of paths) if (!keep.has(k)) w.remove();
  }

  /** A node's element: its box, title, input rows and output ports (see decorate for the rest). */
  drawNode(n, rows, index) {
    const t = this.types.get(n.type);
    const p = this.pos(n.id);
    const height = this.height(n);
    const g = s('g', { class: 'node ' + (t ? t.family : 'unknown'), transform: `translate(${p.x},${p.y})`, 'data-node': n.id,
      tabindex: 0, role: 'button' });
    g.append(s('rect', { class: 'body', width: NODE_W, height, rx: 6 }));
    g.append(s('rect', { class: 'head', width: NODE_W, height: HEADER, rx: 6 }));
    g.append(s('text', { class: 'title', x: 10, y: 17 }, document.createTextNode(n.id + ' · ' + n.type)));
    rows.forEach((f, row) => {
      const y = HEADER + row * ROW + ROW / 2;
      const wired = f.kind === 'inputs' ? Array.isArray(n[f.name]) && n[f.name].length : typeof n[f.name] === 'string' && index.has(refNode(n[f.name]));
      const constant = !wired && n[f.name] !== undefined ? ' = ' + n[f.name] : '';
      g.append(s('circle', { class: 'port in ' + f.takes, cx: 0, cy: y, r: 6, 'data-field': f.name, 'data-takes': f.takes }));
      g.append(s('text', { class: 'label', x: 12, y: y + 4 }, document.createTextNode(f.name + constant)));
    });
    if (t) {
      t.ports.forEach((port, row) => {
        const y = HEADER + row * ROW + ROW / 2;
        g.append(s('text', { class: 'label out', x: NODE_W - 12, y: y + 4, 'text-anchor': 'end' }, document.createTextNode(port.name)));
        g.append(s('circle', { class: 'port out ' + port.kind, cx: NODE_W, cy: y, r: 6, 'data-port': port.name }));
      });
    }
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.select(n.id);
      } else if (e.key === 'Delete' || e.key === 'Backspace') {
        e.preventDefault();
        this.remove(n.id);
      } else if (e.key.startsWith('Arrow')) {
        e.preventDefault();
        const step = e.shiftKey ? 50 : 10;
        this.checkpoint();
        const q = this.pos(n.id);
        q.x += e.key === 'ArrowLeft' ? -step : e.key === 'ArrowRight' ? step : 0;
        q.y += e.key === 'ArrowUp' ? -step : e.key === 'ArrowDown' ? step : 0;
        this.changed();
        this.svg.querySelector(`[data-node="${CSS.escape(n.id)}"]`).focus();
      }
    });
    this.dragging(g, () => this.graph.layout.nodes[n.id], () => this.select(n.id), n.id);
    return g;
  }

  /**
   * Moves an element's layout point while the pointer drags its body (not its ports). While it
   * moves, only the element and the wires of node {@code id} are redrawn, not the whole graph.
   */
  dragging(g, point, onclick, id) {
    g.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || e.target.classList.contains('port')) return;
      e.stopPropagation();
      const start = this.toCanvas(e);
      const p = point();
      const origin = { x: p.x, y: p.y };
      let moved = false;
      const move = (m) => {
        const c = this.toCanvas(m);
        if (!moved && Math.hypot(c.x - start.x, c.y - start.y) < 3) return;
        if (!moved) this.checkpoint();
        moved = true;
        p.x = Math.round(origin.x + c.x - start.x);
        p.y = Math.round(origin.y + c.y - start.y);
        g.setAttribute('transform', `translate(${p.x},${p.y})`);
        if (id) this.rewire(id);
      };
      const up = () => {
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', up);
        if (moved) this.changed();
        else if (onclick) onclick();
      };
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', up);
    });
  }

  /** Redraws the wires into and out of node {@code id}. */
  rewire(id) {
    for (const w of this.wires.children) {
      const [toNode, field] = w.dataset.to.split('.');
      if (refNode(w.dataset.from) !== id && toNode !== id) continue;
      const from = this.node(refNode(w.dataset.from));
      const t = this.types.get(from.type);
      const port = w.dataset.from.includes('.') ? w.dataset.from.slice(w.dataset.from.indexOf('.') + 1) : t.ports[0].name;
      const to = this.node(toNode);
      const row = this.inputRows(to).findIndex((f) => f.name === field);
      w.setAttribute('d', curve(this.anchor(from.id, 'out', Math.max(0, t.ports.findIndex((q) => q.name === port))),
        this.anchor(to.id, 'in', row)));
    }
  }

  toCanvas(e) {
    const r = this.pane.getBoundingClientRect();
    return { x: (e.clientX - r.left - this.view.x) / this.view.k, y: (e.clientY - r.top - this.view.y) / this.view.k };
  }

  /** Pan by dragging the background, zoom with the wheel, wire by dragging from an output port. */
  bindCanvas() {
    this.pane.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      const target = /** @type {Element} */ (e.target);
      if (target.classList.contains('port') && target.classList.contains('out')) {
        this.wire(e);
        return;
      }
      if (target !== this.pane && target !== this.svg) return;
      this.select(null);
      const start = { x: e.clientX - this.view.x, y: e.clientY - this.view.y };
      const move = (m) => {
        this.view.x = m.clientX - start.x;
        this.view.y = m.clientY - start.y;
        this.applyView();
      };
      const up = () => {
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', up);
      };
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', up);
    });
    this.pane.addEventListener('wheel', (e) => {
      e.preventDefault();
      const r = this.pane.getBoundingClientRect();
      this.zoom(e.deltaY < 0 ? 1.1 : 1 / 1.1, e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    this.pane.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'z') {
        e.preventDefault();
        if (e.shiftKey) this.redo(); else this.undo();
      } else if ((e.ctrlKey || e.metaKey) && e.key === 'y') {
        e.preventDefault();
        this.redo();
      }
    });
  }

  wire(e) {
    const g = e.target.closest('[data-node]');
    const from = g.dataset.node;
    const port = e.target.dataset.port;
    const index = this.types.get(this.node(from).type).ports.findIndex((p) => p.name === port);
    const a = this.anchor(from, 'out', index);
    e.stopPropagation();
    const move = (m) => this.temp.setAttribute('d', curve(a, this.toCanvas(m)));
    const up = (u) => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      this.temp.setAttribute('d', '');
      const target = document.elementFromPoint(u.clientX, u.clientY);
      if (target instanceof SVGElement && target.classList.contains('port') && target.classList.contains('in')) {
        const node = /** @type {SVGElement} */ (target.closest('[data-node]'));
        const why = this.connect(from, port, node.dataset.node, target.dataset.field);
        if (why && this.hooks.onrefuse) this.hooks.onrefuse(why);
      }
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }

  zoom(factor, cx, cy) {
    const r = this.pane.getBoundingClientRect();
    const x = cx === undefined ? r.width / 2 : cx;
    const y = cy === undefined ? r.height / 2 : cy;
    const k = Math.min(3, Math.max(0.2, this.view.k * factor));
    this.view.x = x - ((x - this.view.x) * k) / this.view.k;
    this.view.y = y - ((y - this.view.y) * k) / this.view.k;
    this.view.k = k;
    this.applyView();
  }

  /** Zooms and pans so that every node shows. */
  fit() {
    const r = this.pane.getBoundingClientRect();
    if (!this.graph.nodes.length || !r.width) return;
    let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
    for (const n of this.graph.nodes) {
      const p = this.pos(n.id);
      x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y);
      x1 = Math.max(x1, p.x + NODE_W); y1 = Math.max(y1, p.y + this.height(n));
    }
    const k = Math.min(1.2, Math.max(0.2, Math.min((r.width - 40) / (x1 - x0), (r.height - 40) / (y1 - y0))));
    this.view = { k, x: 20 - x0 * k, y: 20 - y0 * k };
    this.render();
  }

  /** The canvas point at the middle of what shows. */
  center() {
    const r = this.pane.getBoundingClientRect();
    return { x: (r.width / 2 - this.view.x) / this.view.k - NODE_W / 2, y: (r.height / 2 - this.view.y) / this.view.k - 40 };
  }
}

/** The node a reference names: "fast" or "fast.value" both name fast. */
export function refNode(ref) {
  return typeof ref === 'string' ? ref.split('.')[0] : null;
}

/** A field's value from the text a user typed: numbers and flags as JSON, $params and the rest as text. */
export function coerce(f, text) {
  const t = String(text).trim();
  if (t.startsWith('$')) return t;
  if (f.kind === 'flag') return t === 'true';
  if ((f.kind === 'integer' || f.kind === 'number' || f.kind === 'input') && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  return t;
}

function curve(a, b) {
  const dx = Math.max(40, Math.abs(b.x - a.x) / 2);
  return `M${a.x},${a.y} C${a.x + dx},${a.y} ${b.x - dx},${b.y} ${b.x},${b.y}`;
}

/** Lays out nodes without positions in columns by their depth from the sources. */
function autoLayout(g, types) {
  const depth = new Map();
  const ids = new Set(g.nodes.map((n) => n.id));
  const inputsOf = (n) => {
    const t = types.get(n.type);
    const out = [];
    for (const f of t ? t.fields : []) {
      const v = n[f.name];
      if (f.kind === 'input' && typeof v === 'string' && ids.has(refNode(v))) out.push(refNode(v));
      if (f.kind === 'inputs' && Array.isArray(v)) v.forEach((r) => ids.has(refNode(r)) && out.push(refNode(r)));
    }
    return out;
  };
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const visit = (id, seen) => {
    if (depth.has(id)) return depth.get(id);
    if (seen.has(id)) return 0;
    seen.add(id);
    const d = Math.max(-1, ...inputsOf(byId.get(id)).map((i) => visit(i, seen))) + 1;
    depth.set(id, d);
    return d;
  };
  const rows = new Map();
  for (const n of g.nodes) {
    const d = visit(n.id, new Set());
    const row = rows.get(d) || 0;
    rows.set(d, row + 1);
    if (!g.layout.nodes[n.id]) g.layout.nodes[n.id] = { x: d * (NODE_W + 60), y: row * 150 };
  }
}

/** The palette: node types by family, each a button that adds the node (or drag it onto the canvas). */
export function palette(catalogue, add) {
  const families = [...new Set(catalogue.map((t) => t.family))];
  return h('nav', { class: 'palette', 'aria-label': 'Node types' }, families.map((family) => h('details', { open: true },
    h('summary', null, family),
    catalogue.filter((t) => t.family === family).map((t) => {
      const b = h('button', { type: 'button', class: 'palette-item', draggable: 'true', 'data-type': t.type, title: t.doc,
        onclick: () => add(t.type) }, t.type);
      b.addEventListener('dragstart', (e) => {
        e.dataTransfer.setData('application/x-dpp-node', t.type);
        e.dataTransfer.effectAllowed = 'copy';
      });
      return b;
    }))));
}
