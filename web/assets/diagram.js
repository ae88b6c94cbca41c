// The state diagram of a workflow export (GET /api/v1/workflows/incident) as SVG, built
// with createElementNS (no markup strings).
//
// Layout, computed here rather than drawn by hand so that it follows the export:
//  1. layers: each state's breadth-first distance from the initial state (the target of
//     the transition with no source), so that the flow reads top to bottom;
//  2. order within a layer: exhaustive search (layers are small) for the order with the
//     shortest total edge length to the neighbouring layers and within the layer, a few
//     sweeps;
//  3. one label ("pill") per event, not per edge: an event with several sources (e.g.
//     escalate_chairman from four states) has its lines meet at its pill and one arrow leave
//     it. Forward events sit in the gap between layers, events within a layer just below
//     it, and backward events (reopen, provide_info) in a lane at the left edge so that
//     their lines do not cross the boxes;
//  4. lines are cubic curves leaving boxes vertically (or sideways for lane events).
// Pills and boxes are focusable (tabindex=0); focus, hover and click call onSelect.

const NS = 'http://www.w3.org/2000/svg';
const BOX_W = 152, BOX_H = 52, COL_W = 182, ROW_H = 190, LANE_W = 130, MARGIN = 24;
const PILL_H = 24, CHAR_W = 6.4;

function el(tag, attrs = {}, ...children) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  for (const c of children) if (c) e.append(c);
  return e;
}

function wrap(text, max) {
  const words = text.split(' ');
  const lines = [];
  let line = '';
  for (const w of words) {
    if (line && (line + ' ' + w).length > max) { lines.push(line); line = w; } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines;
}

function permutations(items) {
  if (items.length <= 1) return [items.slice()];
  const out = [];
  items.forEach((x, i) => {
    for (const rest of permutations(items.slice(0, i).concat(items.slice(i + 1)))) out.push([x, ...rest]);
  });
  return out;
}

// Groups the transitions by event: {event, sources, targets, rows}.
export function eventGroups(workflow) {
  const groups = new Map();
  for (const tr of workflow.transitions) {
    if (!groups.has(tr.event)) groups.set(tr.event, { event: tr.event, sources: [], targets: [], rows: [] });
    const g = groups.get(tr.event);
    g.rows.push(tr);
    for (const f of tr.from) if (!g.sources.includes(f)) g.sources.push(f);
    if (tr.to && !g.targets.includes(tr.to)) g.targets.push(tr.to);
  }
  return [...groups.values()];
}

export function layout(workflow) {
  const ids = workflow.states.map((s) => s.id);
  const groups = eventGroups(workflow);
  const edges = [];
  for (const g of groups) for (const s of g.sources) for (const d of g.targets) if (s !== d) edges.push([s, d]);
  // 1. layers
  const start = (groups.find((g) => !g.sources.length && g.targets.length) || { targets: [ids[0]] }).targets[0];
  const layer = new Map([[start, 0]]);
  const queue = [start];
  while (queue.length) {
    const u = queue.shift();
    for (const [a, b] of edges) if (a === u && !layer.has(b)) { layer.set(b, layer.get(u) + 1); queue.push(b); }
  }
  const maxLayer = Math.max(0, ...layer.values());
  for (const id of ids) if (!layer.has(id)) layer.set(id, maxLayer + 1);
  const layers = [];
  for (const id of ids) (layers[layer.get(id)] ||= []).push(id);
  // 2. order within layers
  const width = Math.max(...layers.map((l) => l.length));
  const pos = new Map();
  const place = () => layers.forEach((l) => l.forEach((id, i) => pos.set(id, i - (l.length - 1) / 2)));
  place();
  const cost = (l) => {
    let c = 0;
    for (const [a, b] of edges) {
      if (!l.includes(a) && !l.includes(b)) continue;
      const same = layer.get(a) === layer.get(b);
      // Same-layer neighbours should sit side by side; long jumps within a layer cost more.
      c += Math.abs(pos.get(a) - pos.get(b)) * (same ? 2 : 1);
    }
    return c;
  };
  for (let sweep = 0; sweep < 4; sweep += 1) {
    layers.forEach((l, li) => {
      if (l.length < 2 || l.length > 7) return;
      let best = l.slice(), bestCost = Infinity;
      for (const p of permutations(l)) {
        layers[li] = p;
        place();
        const c = cost(p);
        if (c < bestCost - 1e-9) { bestCost = c; best = p; }
      }
      layers[li] = best;
      place();
    });
  }
  // 3. coordinates
  const contentW = width * COL_W;
  const boxes = new Map();
  layers.forEach((l, li) => l.forEach((id, i) => {
    const cx = LANE_W + contentW / 2 + (i - (l.length - 1) / 2) * COL_W;
    const cy = MARGIN + BOX_H / 2 + li * ROW_H;
    boxes.set(id, { id, cx, cy, x: cx - BOX_W / 2, y: cy - BOX_H / 2, w: BOX_W, h: BOX_H, layer: li });
  }));
  // 4. pills
  const pills = [];
  for (const g of groups) {
    const src = g.sources.map((s) => boxes.get(s)).filter(Boolean);
    const tgt = g.targets.map((s) => boxes.get(s)).filter(Boolean);
    if (!src.length || !tgt.length) continue;
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const sy = mean(src.map((b) => b.cy)), ty = mean(tgt.map((b) => b.cy));
    const maxSrcLayer = Math.max(...src.map((b) => b.layer)), minTgtLayer = Math.min(...tgt.map((b) => b.layer));
    let kind, x, y;
    if (minTgtLayer > maxSrcLayer) {
      kind = 'forward';
      const gapTop = Math.max(...src.map((b) => b.cy)) + BOX_H / 2;
      const gapBottom = Math.min(...tgt.map((b) => b.cy)) - BOX_H / 2;
      // Pills of one-step events sit in the middle of the gap to their target layer.
      y = Math.max(gapTop, gapBottom - ROW_H + BOX_H) + (Math.min(gapBottom, gapTop + ROW_H - BOX_H) - gapTop) / 2;
      if (minTgtLayer - maxSrcLayer > 1) y = gapBottom - (ROW_H - BOX_H) / 2;
      x = mean([...src.map((b) => b.cx), ...tgt.map((b) => b.cx), ...tgt.map((b) => b.cx)]);
    } else if (ty < sy - 1) {
      kind = 'back';
      x = LANE_W / 2;
      y = (sy + ty) / 2;
    } else {
      // Within a layer: just below the target (or below the single source when the event
      // fans out to several targets), stacked when several events share a box.
      kind = 'side';
      const anchor = src.length === 1 && tgt.length > 1 ? src[0] : tgt.reduce((a, b) => (b.layer >= a.layer ? b : a));
      const stack = (anchor.stack = (anchor.stack || 0) + 1);
      x = anchor.cx;
      y = anchor.cy + BOX_H / 2 + 6 + stack * (PILL_H + 6) - PILL_H / 2;
    }
    pills.push({ group: g, kind, x, y, src, tgt });
  }
  return { boxes, pills, groups, contentW, layers };
}

function port(box, toward) {
  // Where a line leaves `box` toward point `toward`, and the tangent direction there.
  const dx = toward.x - box.cx, dy = toward.y - box.cy;
  if (dy > BOX_H / 2 + 4) return { x: box.cx + Math.max(-BOX_W / 3, Math.min(BOX_W / 3, dx / 4)), y: box.y + BOX_H, tx: 0, ty: 1 };
  if (dy < -BOX_H / 2 - 4) return { x: box.cx + Math.max(-BOX_W / 3, Math.min(BOX_W / 3, dx / 4)), y: box.y, tx: 0, ty: -1 };
  return dx < 0 ? { x: box.x, y: box.cy, tx: -1, ty: 0 } : { x: box.x + BOX_W, y: box.cy, tx: 1, ty: 0 };
}

function curve(a, b) {
  // Cubic from a (with tangent a.tx/a.ty) to b (arriving along -b.tx/-b.ty).
  const d = Math.max(30, Math.hypot(b.x - a.x, b.y - a.y) / 2.2);
  return `M${a.x},${a.y} C${a.x + a.tx * d},${a.y + a.ty * d} ${b.x + b.tx * d},${b.y + b.ty * d} ${b.x},${b.y}`;
}

// Draws the diagram. labels: {state(id), event(type)}; onSelect({kind:'state'|'event', id}).
export function drawDiagram(workflow, labels, onSelect) {
  const { boxes, pills, contentW, layers } = layout(workflow);
  // (boxes is also read by the routing of backward lines below)
  // Pill sizes, then spread pills that share a band so that they do not overlap.
  for (const p of pills) { p.text = labels.event(p.group.event); p.w = p.text.length * CHAR_W + 20; }
  const bands = new Map();
  for (const p of pills) {
    const key = `${p.kind === 'back' ? 'lane' : 'c'}:${Math.round(p.y / 20)}`;
    (bands.get(key) || bands.set(key, []).get(key)).push(p);
  }
  for (const band of bands.values()) {
    if (band[0].kind === 'back') {
      band.sort((a, b) => a.y - b.y);
      for (let i = 1; i < band.length; i += 1) band[i].y = Math.max(band[i].y, band[i - 1].y + PILL_H + 8);
      continue;
    }
    band.sort((a, b) => a.x - b.x);
    for (let iter = 0; iter < 50; iter += 1) {
      let moved = false;
      for (let i = 1; i < band.length; i += 1) {
        const a = band[i - 1], b = band[i];
        const overlap = (a.x + a.w / 2 + 10) - (b.x - b.w / 2);
        if (overlap > 0) { a.x -= overlap / 2; b.x += overlap / 2; moved = true; }
      }
      if (!moved) break;
    }
  }
  // Lane pills: right-align them to the lane so that long labels stay inside the picture.
  let minX = 0, maxX = LANE_W + contentW + MARGIN;
  for (const p of pills) { minX = Math.min(minX, p.x - p.w / 2 - MARGIN); maxX = Math.max(maxX, p.x + p.w / 2 + MARGIN); }
  const height = MARGIN * 2 + (layers.length - 1) * ROW_H + BOX_H + 40;
  const svg = el('svg', { viewBox: `${minX} 0 ${maxX - minX} ${height}`, class: 'wf-svg', role: 'group', width: Math.round(maxX - minX) });
  const defs = el('defs', {},
    el('marker', { id: 'wf-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' },
      el('path', { d: 'M0,0 L10,5 L0,10 z', class: 'wf-arrowhead' })));
  svg.append(defs);
  const lines = el('g', { class: 'wf-lines' });
  const pillLayer = el('g', { class: 'wf-pills' });
  const boxLayer = el('g', { class: 'wf-states' });
  svg.append(lines, boxLayer, pillLayer);

  const linesByEvent = new Map();
  const select = (kind, id, node) => {
    for (const n of svg.querySelectorAll('.is-active')) n.classList.remove('is-active');
    node.classList.add('is-active');
    if (kind === 'event') for (const path of linesByEvent.get(id) || []) path.classList.add('is-active');
    onSelect({ kind, id });
  };
  const interactive = (node, kind, id, name) => {
    node.setAttribute('tabindex', '0');
    node.setAttribute('role', 'button');
    node.setAttribute('aria-label', name);
    node.addEventListener('click', () => select(kind, id, node));
    node.addEventListener('focus', () => select(kind, id, node));
    node.addEventListener('mouseenter', () => select(kind, id, node));
    node.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); select(kind, id, node); } });
  };

  for (const p of pills) {
    const paths = [];
    const center = { x: p.x, y: p.y };
    for (const b of p.src) {
      const a = port(b, center);
      let end;
      if (p.kind === 'back') end = { x: p.x + p.w / 2, y: p.y, tx: 1, ty: 0 };
      else if (a.ty !== 0) end = { x: p.x, y: p.y - a.ty * PILL_H / 2, tx: 0, ty: -a.ty };
      else end = { x: p.x - a.tx * p.w / 2, y: p.y, tx: -a.tx, ty: 0 };
      if (p.kind === 'back') Object.assign(a, { x: b.x, y: b.cy + 8, tx: -1, ty: 0 });
      paths.push(el('path', { d: curve(a, end), class: `wf-line wf-in wf-${p.kind}` }));
    }
    for (const b of p.tgt) {
      let start, a;
      if (p.kind === 'back') {
        start = { x: p.x + p.w / 2, y: p.y, tx: 1, ty: 0 };
        const leftmost = [...boxes.values()].every((o) => o.layer !== b.layer || o.cx >= b.cx);
        a = leftmost ? { x: b.x, y: b.cy - 8, tx: -1, ty: 0 } : { x: b.cx - 20, y: b.y, tx: 0, ty: -1 };
      } else {
        a = port(b, center);
        if (a.ty !== 0) start = { x: p.x, y: p.y - a.ty * PILL_H / 2, tx: 0, ty: -a.ty };
        else start = { x: p.x - a.tx * p.w / 2, y: p.y, tx: -a.tx, ty: 0 };
      }
      paths.push(el('path', { d: curve(start, a), class: `wf-line wf-out wf-${p.kind}`, 'marker-end': 'url(#wf-arrow)' }));
    }
    for (const path of paths) lines.append(path);
    linesByEvent.set(p.group.event, paths);
    const g = el('g', { class: `wf-event wf-event-${p.kind}`, 'data-event': p.group.event });
    g.append(el('rect', { x: p.x - p.w / 2, y: p.y - PILL_H / 2, width: p.w, height: PILL_H, rx: PILL_H / 2 }),
      el('text', { x: p.x, y: p.y + 4, 'text-anchor': 'middle' }, document.createTextNode(p.text)));
    interactive(g, 'event', p.group.event, p.text);
    pillLayer.append(g);
  }
  for (const s of workflow.states) {
    const b = boxes.get(s.id);
    const text = labels.state(s.id);
    const lines2 = wrap(text, 20).slice(0, 3);
    const g = el('g', { class: `wf-state${s.terminal ? ' wf-terminal' : ''}`, 'data-state': s.id });
    g.append(el('rect', { x: b.x, y: b.y, width: b.w, height: b.h, rx: 8 }));
    const tEl = el('text', { x: b.cx, y: b.cy - ((lines2.length - 1) * 15) / 2 + 5, 'text-anchor': 'middle' });
    lines2.forEach((line, i) => tEl.append(el('tspan', { x: b.cx, dy: i === 0 ? 0 : 15 }, document.createTextNode(line))));
    g.append(tEl);
    interactive(g, 'state', s.id, text);
    boxLayer.append(g);
  }
  return svg;
}
