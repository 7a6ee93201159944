// The strategy creator: a node graph built on a canvas from the server's node catalogue,
// validated by the server as it changes (each problem shown on its node and field), saved on
// the platform with versions, imported and exported as the JSON of docs/graphs.md.

import { field, h, replace, toast } from '../dom.js';
import { api, get } from '../api.js';
import { Editor, coerce, palette, refNode } from '../editor.js';

export function render(main, ctx) {
  const state = { id: ctx.params[0] ? Number(ctx.params[0]) : null, version: null, dirty: false };
  const status = h('span', { class: 'muted', id: 'graph-status', role: 'status' });
  const nameInput = h('input', { id: 'graph-name', 'aria-label': 'Graph name', maxlength: 64, size: 18 });
  const templates = h('select', { id: 'templates', 'aria-label': 'Start from a template' }, h('option', { value: '' }, 'Templates…'));
  const mine = h('select', { id: 'my-graphs', 'aria-label': 'Open a saved graph' }, h('option', { value: '' }, 'My graphs…'));
  const problemsList = h('ul', { class: 'problems', id: 'problems', 'aria-label': 'Problems' });
  const inspector = h('aside', { class: 'inspector', id: 'inspector', 'aria-label': 'Inspector' });
  const canvasHost = h('div', { class: 'canvas-host', id: 'canvas' });
  const fileInput = h('input', { type: 'file', accept: '.json,application/json', hidden: true });
  let editor = null;
  /** While a control of the inspector sets its own field: the fields shown before (see setOwn). */
  let inPlace = null;
  let problems = [];
  let timer = 0;
  let catalogue = [];

  const button = (label, onclick, attrs = {}) => h('button', { type: 'button', onclick, ...attrs }, label);
  const toolbar = h('div', { class: 'toolbar' }, nameInput, templates, mine,
    button('New', () => confirmLeave() && start(blank())),
    button('Save', save, { id: 'save' }), button('Duplicate', duplicate, { id: 'duplicate' }),
    button('Backtest', () => (state.id ? (location.hash = '#/backtests?graph=' + state.id) : toast('Save the graph first.', 'error')),
      { id: 'backtest' }),
    button('Paper', () => (state.id ? (location.hash = '#/trading?graph=' + state.id) : toast('Save the graph first.', 'error')),
      { id: 'paper' }),
    button('Undo', () => editor.undo(), { id: 'undo', 'aria-keyshortcuts': 'Control+Z' }),
    button('Redo', () => editor.redo(), { id: 'redo', 'aria-keyshortcuts': 'Control+Shift+Z' }),
    button('−', () => editor.zoom(1 / 1.2), { 'aria-label': 'Zoom out' }), button('+', () => editor.zoom(1.2), { 'aria-label': 'Zoom in' }),
    button('Fit', () => editor.fit()), button('Comment', addComment, { id: 'add-comment' }),
    button('Import', () => fileInput.click()), button('Export', exportJson, { id: 'export' }), fileInput, status);
  const grid = h('div', { class: 'studio-grid' }, h('div', { class: 'palette-box' }), canvasHost, inspector);
  replace(main, h('div', { class: 'studio' }, h('h1', { class: 'visually-hidden' }, 'Strategy creator'), toolbar, grid,
    h('section', { class: 'problems-box', 'aria-label': 'Validation' }, h('h2', null, 'Validation'), problemsList)));

  function blank() {
    return { name: 'my-strategy', params: {}, nodes: [], layout: { nodes: {}, comments: [] } };
  }

  function confirmLeave() {
    return !state.dirty || window.confirm('Leave the changes unsaved?');
  }

  function start(graph, id = null, version = null) {
    state.id = id;
    state.version = version;
    state.dirty = false;
    editor.load(graph);
    nameInput.value = graph.name || '';
    showInspector(null);
    validate();
    status.textContent = id ? 'version ' + version : 'not saved';
  }

  Promise.all([get('/api/v1/graphs/nodes'), get('/api/v1/graphs/templates'), get('/api/v1/graphs')]).then(([nodes, t, list]) => {
    catalogue = nodes.nodes;
    grid.querySelector('.palette-box').append(palette(catalogue, (type) => {
      const c = editor.center();
      editor.add(type, c.x, c.y);
    }));
    editor = new Editor(canvasHost, catalogue, {
      onchange: () => {
        state.dirty = true;
        status.textContent = 'changed';
        clearTimeout(timer);
        timer = setTimeout(validate, 400);
        const n = editor.selected ? editor.node(editor.selected) : null;
        if (inPlace === null || !n || fieldNames(n) !== inPlace) showInspector(editor.selected);
      },
      onselect: showInspector,
      onrefuse: (why) => toast(why, 'error'),
    });
    canvasHost.addEventListener('dragover', (e) => {
      if (e.dataTransfer.types.includes('application/x-dpp-node')) e.preventDefault();
    });
    canvasHost.addEventListener('drop', (e) => {
      const type = e.dataTransfer.getData('application/x-dpp-node');
      if (!type) return;
      e.preventDefault();
      const p = editor.toCanvas(e);
      editor.add(type, p.x - 90, p.y - 13);
    });
    for (const g of t.templates) templates.append(h('option', { value: g.name }, g.name));
    templates.addEventListener('change', () => {
      const g = t.templates.find((x) => x.name === templates.value);
      templates.value = '';
      if (g && confirmLeave()) start(g);
    });
    fillMine(list.graphs);
    mine.addEventListener('change', () => {
      const id = mine.value;
      mine.value = '';
      if (id && confirmLeave()) location.hash = '#/strategies/' + id;
    });
    if (state.id) open(state.id);
    else start(blank());
  }).catch((e) => replace(main, h('p', { class: 'error' }, 'The strategy creator cannot start: ' + e.message)));

  function fillMine(graphs) {
    replace(mine, h('option', { value: '' }, 'My graphs…'),
      graphs.map((g) => h('option', { value: g.id }, g.name + ' (v' + g.version + (g.valid ? '' : ', has problems') + ')')));
  }

  async function open(id) {
    try {
      const g = await get('/api/v1/graphs/' + id);
      start(g.graph, g.id, g.version);
    } catch (e) {
      toast(e.message, 'error');
      start(blank());
    }
  }

  async function validate() {
    const graph = current();
    try {
      const r = await api('POST', '/api/v1/graphs/validate', { graph });
      problems = r.problems;
    } catch (e) {
      problems = [{ message: e.message, node: null, field: null }];
    }
    editor.setProblems(problems);
    replace(problemsList, problems.length ? problems.map((p) => h('li', null, p.node
      ? h('button', { type: 'button', class: 'link', onclick: () => editor.select(p.node) }, p.message) : p.message))
      : h('li', { class: 'ok' }, 'No problems: the graph compiles.'));
    problemsList.dataset.count = String(problems.length);
    showInspectorProblems(editor.selected);
  }

  function current() {
    const g = editor.value();
    g.name = nameInput.value.trim() || g.name;
    return g;
  }

  nameInput.addEventListener('change', () => {
    editor.checkpoint();
    editor.graph.name = nameInput.value.trim();
    editor.changed();
  });

  async function save() {
    const graph = current();
    try {
      const r = state.id
        ? await api('PUT', '/api/v1/graphs/' + state.id, { graph, base_version: state.version })
        : await api('POST', '/api/v1/graphs', { graph });
      state.id = r.id;
      state.version = r.version;
      state.dirty = false;
      status.textContent = 'saved, version ' + r.version + (r.valid ? '' : ' (with problems)');
      if (!location.hash.endsWith('/' + r.id)) history.replaceState(null, '', '#/strategies/' + r.id);
      fillMine((await get('/api/v1/graphs')).graphs);
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  async function duplicate() {
    if (!state.id) {
      toast('Save the graph first; then a copy can be made of it.', 'error');
      return;
    }
    try {
      const r = await api('POST', '/api/v1/graphs/' + state.id + '/duplicate', {});
      location.hash = '#/strategies/' + r.id;
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  function addComment() {
    const text = window.prompt('Comment');
    if (text) {
      const c = editor.center();
      editor.addComment(c.x, c.y, text.slice(0, 1000));
    }
  }

  function exportJson() {
    const blob = new Blob([JSON.stringify(current(), null, 2) + '\n'], { type: 'application/json' });
    const a = h('a', { href: URL.createObjectURL(blob), download: (current().name || 'graph') + '.json' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  fileInput.addEventListener('change', async () => {
    const file = fileInput.files[0];
    fileInput.value = '';
    if (!file) return;
    if (file.size > 64 * 1024) {
      toast('A graph file is at most 64 KB', 'error');
      return;
    }
    try {
      start(JSON.parse(await file.text()));
      state.dirty = true;
    } catch (e) {
      toast('Not a graph: ' + e.message, 'error');
    }
  });

  /**
   * The selected node's fields (or the graph's own properties), with the problems that name them.
   * The control that had the focus has it again in the new inspector (a Tab from a field that
   * changed the node lands where the user meant).
   */
  function showInspector(id) {
    if (!editor) return;
    const focused = inspector.contains(document.activeElement) ? controlKey(/** @type {HTMLElement} */ (document.activeElement)) : null;
    draw(id);
    if (focused) {
      const controls = /** @type {NodeListOf<HTMLElement>} */ (inspector.querySelectorAll('input, select, textarea, button'));
      const again = [...controls].find((e) => controlKey(e) === focused);
      if (again) again.focus();
    }
  }

  /** @param {HTMLElement} e */
  function controlKey(e) {
    return e.tagName + '|' + (e.dataset.field || e.getAttribute('aria-label') || e.id || e.textContent);
  }

  /**
   * A validation's answer: the problems of the inspector's fields. While the user is in the
   * inspector, only the messages change, in place: what they are typing stays under their cursor.
   */
  function showInspectorProblems(id) {
    const n = id && editor ? editor.node(id) : null;
    if (!n || !inspector.contains(document.activeElement)) {
      showInspector(id);
      return;
    }
    for (const box of /** @type {NodeListOf<HTMLElement>} */ (inspector.querySelectorAll('[data-field-box]'))) {
      const name = box.dataset.fieldBox;
      const mine = problems.filter((p) => p.node === n.id && (name === '' ? !p.field : p.field === name));
      for (const old of box.querySelectorAll(':scope > p.error')) old.remove();
      box.append(...mine.map((p) => h('p', { class: 'error', 'data-error-field': name || null }, p.message)));
      if (name) box.classList.toggle('invalid', mine.length > 0);
    }
  }

  function draw(id) {
    const n = id ? editor.node(id) : null;
    if (!n) {
      replace(inspector, graphProperties());
      return;
    }
    const t = catalogue.find((x) => x.type === n.type);
    const errorsOf = (name) => problems.filter((p) => p.node === n.id && (name === undefined ? !p.field : p.field === name));
    const idInput = h('input', { value: n.id, 'aria-label': 'Node id' });
    idInput.addEventListener('change', () => {
      try {
        editor.rename(n.id, idInput.value.trim());
      } catch (e) {
        toast(e.message, 'error');
        idInput.value = n.id;
      }
    });
    replace(inspector, h('h2', null, n.type), h('p', { class: 'muted' }, t ? t.doc + '. Fires ' + t.fires + '.' : 'unknown type'),
      field('Id', idInput),
      h('div', { 'data-field-box': '' }, errorsOf(undefined).map((p) => h('p', { class: 'error' }, p.message))),
      editor.fieldsOf(n).map((f) => fieldEditor(n, f, errorsOf(f.name))),
      h('button', { type: 'button', class: 'danger', onclick: () => editor.remove(n.id) }, 'Delete node'));
  }

  /** The names of the fields the inspector shows for node n. */
  const fieldNames = (n) => editor.fieldsOf(n).map((f) => f.name).join();

  /**
   * Sets field f of node n from its own control, which already shows the value: the inspector is
   * drawn again only when the node's fields change with it (a choice that brings others). Drawing
   * it again on every edit, and giving the focus back, made the browser lay the page out within
   * the edit's own task (tens of milliseconds on a big graph).
   */
  function setOwn(n, f, value) {
    inPlace = fieldNames(n);
    try {
      editor.set(n.id, f.name, value);
    } finally {
      inPlace = null;
    }
  }

  function fieldEditor(n, f, errors) {
    const label = f.name + (f.required ? ' *' : '');
    const hint = f.doc + (f.min !== undefined ? ' (' + f.min + ' to ' + f.max + ')' : '') + (f.default !== undefined ? '; default ' + f.default : '');
    const error = errors.map((p) => h('p', { class: 'error', 'data-error-field': f.name }, p.message));
    let control;
    if (f.kind === 'input') {
      const value = n[f.name];
      const sources = sourcesFor(n, f);
      const wired = typeof value === 'string' && editor.node(refNode(value));
      control = h('select', { 'data-field': f.name },
        h('option', { value: '' }, wired || value === undefined ? '(none)' : '(constant)'),
        sources.map((r) => h('option', { value: r, selected: r === value }, r)));
      const constant = h('input', { 'aria-label': f.name + ' constant', placeholder: 'or a constant / $param', value: wired || value === undefined ? '' : String(value) });
      control.addEventListener('change', () => editor.set(n.id, f.name, control.value || undefined));
      constant.addEventListener('change', () => editor.set(n.id, f.name, constant.value === '' ? undefined : coerce(f, constant.value)));
      return h('div', { class: 'field', 'data-field-box': f.name }, h('label', null, label), control, constant, h('small', { class: 'muted' }, hint), error);
    }
    if (f.kind === 'inputs') {
      const list = Array.isArray(n[f.name]) ? n[f.name] : [];
      const add = h('select', { 'aria-label': 'Add to ' + f.name }, h('option', { value: '' }, 'add…'),
        sourcesFor(n, f).filter((r) => !list.includes(r)).map((r) => h('option', { value: r }, r)));
      add.addEventListener('change', () => add.value && editor.set(n.id, f.name, list.concat(add.value)));
      return h('div', { class: 'field', 'data-field-box': f.name }, h('label', null, label),
        h('ul', { class: 'refs' }, list.map((r) => h('li', null, r, ' ', h('button', { type: 'button', class: 'link',
          'aria-label': 'Remove ' + r, onclick: () => editor.set(n.id, f.name, list.filter((x) => x !== r)) }, 'remove')))),
        add, h('small', { class: 'muted' }, hint), error);
    }
    if (f.kind === 'choice' || f.kind === 'flag') {
      const choices = f.kind === 'flag' ? ['false', 'true'] : f.choices;
      const v = n[f.name] === undefined ? '' : String(n[f.name]);
      control = h('select', { 'data-field': f.name }, f.required && v === '' ? h('option', { value: '' }, 'choose…') : null,
        choices.map((c) => h('option', { value: c, selected: c === v }, c)));
      control.addEventListener('change', () => setOwn(n, f, control.value === '' ? undefined : coerce(f, control.value)));
    } else {
      control = h('input', { 'data-field': f.name, value: n[f.name] === undefined ? '' : String(n[f.name]), placeholder: f.default || '',
        inputmode: f.kind === 'integer' || f.kind === 'number' ? 'decimal' : null });
      control.addEventListener('change', () => setOwn(n, f, control.value === '' ? undefined : coerce(f, control.value)));
    }
    control.id = 'f-' + n.id + '-' + f.name;
    return h('div', { class: 'field' + (errors.length ? ' invalid' : ''), 'data-field-box': f.name }, h('label', { for: control.id }, label), control,
      h('small', { class: 'muted' }, hint), error);
  }

  /** The references that can feed a field: ports of the field's kind, or candles nodes. */
  function sourcesFor(n, f) {
    const out = [];
    for (const m of editor.graph.nodes) {
      if (m.id === n.id) continue;
      const t = catalogue.find((x) => x.type === m.type);
      if (!t) continue;
      if (f.takes === 'candles') {
        if (m.type === 'candles') out.push(m.id);
      } else {
        for (const p of t.ports) if (p.kind === f.takes) out.push(m.id + '.' + p.name);
      }
    }
    return out;
  }

  function graphProperties() {
    const g = editor.graph;
    const description = h('textarea', { rows: 3, maxlength: 4096 }, g.description || '');
    description.addEventListener('change', () => {
      editor.checkpoint();
      g.description = description.value;
      editor.changed();
    });
    const rows = Object.entries(g.params || {}).map(([k, v]) => {
      const input = h('input', { value: String(v), 'aria-label': 'Default of ' + k });
      input.addEventListener('change', () => {
        editor.checkpoint();
        g.params[k] = input.value;
        editor.changed();
      });
      return h('li', null, h('code', null, '$' + k), ' ', input, ' ', h('button', { type: 'button', class: 'link', onclick: () => {
        editor.checkpoint();
        delete g.params[k];
        editor.changed();
      } }, 'remove'));
    });
    const newParam = h('input', { placeholder: 'new parameter', 'aria-label': 'New parameter name', maxlength: 64 });
    newParam.addEventListener('change', () => {
      const k = newParam.value.trim();
      if (!k) return;
      editor.checkpoint();
      g.params = g.params || {};
      g.params[k] = '';
      editor.changed();
    });
    const graphErrors = problems.filter((p) => !p.node).map((p) => h('p', { class: 'error' }, p.message));
    return [h('h2', null, 'Graph'), h('p', { class: 'muted' }, 'Select a node to edit it. Drag from an output port (right) to an input (left) to wire them; drag types from the palette, or press them.'),
      field('Description', description), h('h3', null, 'Parameters'), h('ul', { class: 'params' }, rows), newParam, graphErrors];
  }

  const leave = (e) => {
    if (state.dirty) {
      e.preventDefault();
      e.returnValue = '';
    }
  };
  window.addEventListener('beforeunload', leave);
  return () => window.removeEventListener('beforeunload', leave);
}
