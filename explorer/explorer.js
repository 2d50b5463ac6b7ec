// explorer.js — the page's logic: sliders, one engine call per move, three charts drawn as SVG.
// The engine (parley.js, libparley in WebAssembly) returns JSON; the page keeps the last result in
// <pre id="result"> and marks <body> (data-state, data-charts-drawn, data-run-ms) so that a headless
// browser can check it (tests/ensembles/explorer_chromium.sh). URL parameters: seed, runs, rung,
// set=NAME=VALUE;... (inputs fixed at load), move=NAME:VALUE (a slider moved by script after the
// first run, as a person would).
'use strict';

const SCENARIO = '/parley/scenarios/ukraine-2025-19pt.yaml';
// The inputs that matter most: the drivers of Russia's choice that parley settle and the Sobol
// ranking print (docs/hinge.md §1) and the dimensions of the discovered box (docs/hinge.md §5).
const SLIDERS = ['settle.valuation.red_line_cost', 'settle.collapse.e_half', 'settle.collapse.rate_max',
                 'settle.valuation.war_cost_attacker'];
const TERMS_RUNS = 10;
const SVG = 'http://www.w3.org/2000/svg';

let engine = null;
let inputs = {};

function el(tag, attrs, parent, text) {
  const e = document.createElementNS(SVG, tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

function fmt(v, d) { return Number(v).toFixed(d === undefined ? 2 : d); }

function buildSliders(params) {
  const box = document.getElementById('sliders');
  for (const name of SLIDERS) {
    const inp = inputs[name];
    if (!inp) continue;
    const div = document.createElement('div');
    div.className = 'slider';
    const id = 'in-' + name.replace(/\W/g, '-');
    const given = params.fixed[name];
    div.innerHTML = `<label><input type="checkbox" class="drawn" ${given === undefined ? 'checked' : ''}> ${name}: <span class="val"></span></label>
      <input type="range" id="${id}" min="${inp.lo}" max="${inp.hi}" step="any" value="${given === undefined ? inp.nominal : given}">
      <div class="meta">${inp.dist}; ${inp.source.slice(0, 140)}</div>`;
    const range = div.querySelector('input[type=range]'), drawn = div.querySelector('.drawn'), val = div.querySelector('.val');
    range.dataset.input = name;
    const show = () => { val.textContent = drawn.checked ? 'drawn' : fmt(range.value, 3); };
    range.addEventListener('input', () => { drawn.checked = false; show(); });
    range.addEventListener('change', () => { drawn.checked = false; show(); run(); });
    drawn.addEventListener('change', () => { show(); run(); });
    div.drawn = drawn;
    div.range = range;
    show();
    box.appendChild(div);
  }
}

// The inputs fixed now, as parley run's --vary NAME=VALUE options joined by ';'.
function spec() {
  const parts = [];
  for (const div of document.querySelectorAll('#sliders .slider'))
    if (!div.drawn.checked) parts.push(div.range.dataset.input + '=' + Number(div.range.value));
  return parts.join(';');
}

function run() {
  const seed = Number(document.getElementById('seed').value), runs = Number(document.getElementById('runs').value);
  const rung = Number(document.getElementById('rung').value);
  document.getElementById('rung-value').textContent = rung;
  const t0 = performance.now();
  const text = engine.ccall('px_explore', 'string', ['string', 'number', 'number', 'string', 'number', 'number'],
                            [SCENARIO, seed, runs, spec(), rung, TERMS_RUNS]);
  const ms = performance.now() - t0;
  const res = JSON.parse(text);
  document.getElementById('result').textContent = text;
  document.body.dataset.runMs = fmt(ms, 0);
  document.body.dataset.runs = runs * 6 + TERMS_RUNS;
  if (res.error !== undefined) {
    document.getElementById('status').textContent = 'error: ' + res.message;
    document.body.dataset.state = 'error';
    return res;
  }
  let drawn = 0;
  drawn += drawHinge(res, rung);
  drawn += drawBoxes();
  drawn += drawTerms(res, rung);
  document.body.dataset.chartsDrawn = drawn;
  document.getElementById('status').textContent =
    `${runs * 6} runs for the hinge and ${TERMS_RUNS} for the terms in ${fmt(ms, 0)} ms (seed ${seed}; fixed: ${spec() || 'none'})`;
  return res;
}

function frame(id, w, h) {
  const holder = document.getElementById(id);
  const old = holder.querySelector('svg');
  if (old) old.remove();
  return el('svg', {viewBox: `0 0 ${w} ${h}`, 'data-drawn': 'no'}, holder);
}

function axes(svg, x0, y0, w, h, xs, ys, xlabel, ylabel) {
  el('line', {x1: x0, y1: y0 + h, x2: x0 + w, y2: y0 + h, stroke: '#444'}, svg);
  el('line', {x1: x0, y1: y0, x2: x0, y2: y0 + h, stroke: '#444'}, svg);
  for (const [v, px] of xs) el('text', {x: px, y: y0 + h + 14, 'text-anchor': 'middle', 'font-size': 11}, svg, v);
  for (const [v, py] of ys) {
    el('text', {x: x0 - 5, y: py + 4, 'text-anchor': 'end', 'font-size': 11}, svg, v);
    el('line', {x1: x0, y1: py, x2: x0 + w, y2: py, stroke: '#eee'}, svg);
  }
  el('text', {x: x0 + w / 2, y: y0 + h + 30, 'text-anchor': 'middle', 'font-size': 12}, svg, xlabel);
  el('text', {x: 12, y: y0 + h / 2, 'text-anchor': 'middle', 'font-size': 12, transform: `rotate(-90 12 ${y0 + h / 2})`}, svg, ylabel);
}

function drawHinge(res, rung) {
  const svg = frame('hinge-chart', 460, 300), x0 = 50, y0 = 10, w = 390, h = 240;
  const X = r => x0 + w * r / 5, Y = p => y0 + h * (1 - p);
  axes(svg, x0, y0, w, h, [0, 1, 2, 3, 4, 5].map(r => [r, X(r)]), [0, 0.25, 0.5, 0.75, 1].map(p => [p, Y(p)]),
       'guarantee rung', 'probability (95% Wilson interval)');
  el('line', {x1: X(rung), y1: y0, x2: X(rung), y2: y0 + h, stroke: '#aaa', 'stroke-dasharray': '4 3'}, svg);
  const series = [['accept_attacker', '#c0392b'], ['accept_defender', '#2471a3'], ['signed_recommenced_10y', '#7d3c98']];
  let marks = 0;
  series.forEach(([name, colour], s) => {
    const pts = res.points.map(p => [X(p.at), p.outcomes[name]]);
    const band = pts.map(([x, o]) => `${x},${Y(o.p_ci95[1])}`).concat(pts.slice().reverse().map(([x, o]) => `${x},${Y(o.p_ci95[0])}`));
    el('polygon', {points: band.join(' '), fill: colour, 'fill-opacity': 0.12}, svg);
    el('polyline', {points: pts.map(([x, o]) => `${x},${Y(o.p)}`).join(' '), fill: 'none', stroke: colour, 'stroke-width': 2}, svg);
    for (const [x, o] of pts) { el('circle', {cx: x + (s - 1) * 2, cy: Y(o.p), r: 3, fill: colour, class: 'mark'}, svg); marks++; }
  });
  svg.setAttribute('data-drawn', marks === 18 ? 'yes' : 'no');
  return marks === 18 ? 1 : 0;
}

// The first discovered box over the two sliders it restricts, and where the sliders stand.
function drawBoxes() {
  const svg = frame('box-chart', 460, 300), x0 = 50, y0 = 10, w = 390, h = 240;
  const data = window.PARLEY_BOXES, xname = 'settle.valuation.red_line_cost', yname = 'settle.collapse.e_half';
  const xi = inputs[xname], yi = inputs[yname];
  if (!data || !xi || !yi) return 0;
  const X = v => x0 + w * (v - xi.lo) / (xi.hi - xi.lo), Y = v => y0 + h * (1 - (v - yi.lo) / (yi.hi - yi.lo));
  axes(svg, x0, y0, w, h, [xi.lo, (xi.lo + xi.hi) / 2, xi.hi].map(v => [fmt(v), X(v)]),
       [yi.lo, (yi.lo + yi.hi) / 2, yi.hi].map(v => [fmt(v), Y(v)]), xname, yname);
  let drawn = 0;
  const notes = [];
  data.boxes.forEach((b, k) => {
    const lim = {};
    for (const l of b.limits) lim[l.input] = l;
    const lx = lim[xname] || {from: xi.lo, to: xi.hi}, ly = lim[yname] || {from: yi.lo, to: yi.hi};
    const x1 = X(Math.max(lx.from, xi.lo)), x2 = X(Math.min(lx.to, xi.hi)), y1 = Y(Math.min(ly.to, yi.hi)), y2 = Y(Math.max(ly.from, yi.lo));
    el('rect', {x: x1, y: y1, width: x2 - x1, height: y2 - y1, fill: '#27ae60', 'fill-opacity': 0.18, stroke: '#1e8449', 'stroke-width': 2, class: 'box'}, svg);
    el('text', {x: x1 + 4, y: y1 + 14, 'font-size': 11, fill: '#1e8449'}, svg, `box ${k + 1}: density ${fmt(b.density)}, coverage ${fmt(b.coverage)}`);
    const others = b.limits.filter(l => l.input !== xname && l.input !== yname).map(l => `${l.input} ${fmt(l.from)}–${fmt(l.to)}`);
    notes.push(`box ${k + 1}${others.length ? ' also needs ' + others.join(', ') : ''}`);
    drawn++;
  });
  const pos = name => {
    const div = [...document.querySelectorAll('#sliders .slider')].find(d => d.range.dataset.input === name);
    return div && !div.drawn.checked ? Number(div.range.value) : inputs[name].nominal;
  };
  el('circle', {cx: X(pos(xname)), cy: Y(pos(yname)), r: 6, fill: '#e67e22', stroke: '#000', class: 'here'}, svg);
  el('text', {x: X(pos(xname)) + 8, y: Y(pos(yname)) - 6, 'font-size': 11}, svg, 'the sliders (nominal where drawn)');
  document.getElementById('box-note').textContent =
    `${data.condition}: ${data.runs.cases_of_interest} of ${data.runs.used} runs. ${notes.join('; ')}.`;
  svg.setAttribute('data-drawn', drawn ? 'yes' : 'no');
  return drawn ? 1 : 0;
}

function drawTerms(res, rung) {
  const rows = res.terms || [], bar = 320;
  const svg = frame('terms-chart', 940, 22 * rows.length + 30);
  el('text', {x: 0, y: 14, 'font-size': 12}, svg, `mean of ${res.terms_runs} runs at rung ${rung}: bar = negotiated terms, tick = the plan's text (0 to 100% of each point's scale)`);
  rows.forEach((t, k) => {
    const y = 26 + 22 * k, frac = v => (v - t.lo) / (t.hi - t.lo);
    el('text', {x: 0, y: y + 12, 'font-size': 12}, svg, t.title.slice(0, 70));
    el('rect', {x: 560, y: y + 2, width: bar, height: 12, fill: '#eee'}, svg);
    if (t.mean !== null) el('rect', {x: 560, y: y + 2, width: bar * frac(t.mean), height: 12, fill: '#5d6d7e', class: 'term'}, svg);
    el('line', {x1: 560 + bar * frac(t.proposal), y1: y, x2: 560 + bar * frac(t.proposal), y2: y + 16, stroke: '#c0392b', 'stroke-width': 2}, svg);
    el('text', {x: 890, y: y + 12, 'font-size': 11}, svg, t.mean === null ? '—' : fmt(t.mean, 1));
  });
  const ok = rows.length > 0 && svg.querySelectorAll('.term').length === rows.length;
  svg.setAttribute('data-drawn', ok ? 'yes' : 'no');
  return ok ? 1 : 0;
}

function urlParams() {
  const q = new URLSearchParams(location.search), fixed = {};
  for (const part of (q.get('set') || '').split(';')) {
    const eq = part.lastIndexOf('=');
    if (eq > 0) fixed[part.slice(0, eq)] = Number(part.slice(eq + 1));
  }
  return {seed: q.get('seed'), runs: q.get('runs'), rung: q.get('rung'), move: q.get('move'), fixed};
}

// A slider moved by script: the value set, then the events a person's drag fires.
function moveSlider(move) {
  const colon = move.lastIndexOf(':'), name = move.slice(0, colon), value = Number(move.slice(colon + 1));
  const range = [...document.querySelectorAll('#sliders input[type=range]')].find(r => r.dataset.input === name);
  if (!range) throw new Error('no slider for ' + name);
  range.value = value;
  range.dispatchEvent(new Event('input'));
  range.dispatchEvent(new Event('change'));
}

ParleyEngine().then(m => {
  engine = m;
  const params = urlParams();
  const list = JSON.parse(m.ccall('px_inputs', 'string', ['string'], [SCENARIO]));
  if (list.error !== undefined) throw new Error(list.message);
  for (const inp of list.inputs) inputs[inp.name] = inp;
  if (params.seed !== null) document.getElementById('seed').value = params.seed;
  else document.getElementById('seed').value = list.seed;
  if (params.runs !== null) {
    const sel = document.getElementById('runs');
    if (![...sel.options].some(o => o.value === params.runs)) sel.add(new Option(params.runs));
    sel.value = params.runs;
  }
  if (params.rung !== null) document.getElementById('rung').value = params.rung;
  buildSliders(params);
  for (const id of ['rung', 'runs', 'seed']) document.getElementById(id).addEventListener('change', run);
  run();
  if (params.move) {
    moveSlider(params.move);
    document.body.dataset.moved = params.move;
  }
  document.body.dataset.state = document.body.dataset.state === 'error' ? 'error' : 'done';
}).catch(e => {
  document.getElementById('status').textContent = 'error: ' + e;
  document.body.dataset.state = 'error';
  document.body.dataset.error = String(e);
});
