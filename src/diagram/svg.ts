// Architecture graph → a standalone SVG, laid out by berth itself (no DOM, no browser library):
// columns by role (ingress, Services, workloads and jobs, dependencies and network peers, Secrets),
// rows ordered by where their neighbours sit, edges as curves. Same input, same bytes.
import type { ArchitectureDiagram, DiagramEdge, DiagramNode, NodeKind } from './architecture.ts';

const COLUMN: Record<NodeKind, number> = { host: 0, service: 1, workload: 2, job: 2, dependency: 3, external: 3, peer: 3, secret: 4 };
const COLUMN_TITLES = ['Ingress', 'Services', 'Workloads and jobs', 'Dependencies and network', 'Secrets'];

const FONT = 12;
const LINE = 16;
const PAD = 10;
const CHAR = 6.9;
const ROW_GAP = 18;
const COLUMN_GAP = 90;
const TOP = 56;
const MARGIN = 20;

interface Box {
  readonly node: DiagramNode;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export function renderSvg(diagram: ArchitectureDiagram): string {
  const boxes = layout(diagram);
  const byId = new Map(boxes.map((b) => [b.node.id, b]));
  const width = Math.max(...boxes.map((b) => b.x + b.width), 320) + MARGIN;
  const height = Math.max(...boxes.map((b) => b.y + b.height), TOP) + MARGIN + 28;
  const columnsUsed = [...new Set(boxes.map((b) => COLUMN[b.node.kind]))].sort();

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="berth-architecture" viewBox="0 0 ${round(width)} ${round(height)}" width="${round(width)}" height="${round(height)}" role="img" aria-labelledby="title-${diagram.environment}" data-environment="${escapeXml(diagram.environment)}">`,
    `<title id="title-${escapeXml(diagram.environment)}">Architecture of ${escapeXml(diagram.environment)} (namespace ${escapeXml(diagram.namespace)})</title>`,
    `<style>${STYLE}</style>`,
    '<defs>',
    '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker>',
    '<marker id="cross" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="9" markerHeight="9" orient="auto"><path d="M1,1 L9,9 M9,1 L1,9" class="crosshead"/></marker>',
    '</defs>',
    `<text class="caption" x="${MARGIN}" y="22">${escapeXml(diagram.environment)} · namespace ${escapeXml(diagram.namespace)}</text>`,
  );
  for (const column of columnsUsed) {
    const x = Math.min(...boxes.filter((b) => COLUMN[b.node.kind] === column).map((b) => b.x));
    parts.push(`<text class="column" x="${round(x)}" y="${TOP - 12}">${COLUMN_TITLES[column]}</text>`);
  }
  for (const edge of diagram.edges) {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (from && to) parts.push(edgeSvg(edge, from, to));
  }
  for (const box of boxes) parts.push(nodeSvg(box));
  parts.push(legend(height - 14));
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function layout(diagram: ArchitectureDiagram): Box[] {
  const columns: DiagramNode[][] = [[], [], [], [], []];
  for (const node of diagram.nodes) columns[COLUMN[node.kind]].push(node);
  const neighbours = new Map<string, string[]>();
  for (const edge of diagram.edges) {
    neighbours.set(edge.to, [...(neighbours.get(edge.to) ?? []), edge.from]);
    neighbours.set(edge.from, [...(neighbours.get(edge.from) ?? []), edge.to]);
  }
  // Order each column by the mean row of its neighbours in the columns already placed, so edges
  // mostly run straight; ties keep the graph's own (deterministic) order.
  const row = new Map<string, number>();
  columns.forEach((nodes, index) => {
    const rank = (node: DiagramNode) => {
      const placed = (neighbours.get(node.id) ?? []).filter((n) => row.has(n)).map((n) => row.get(n)!);
      const jobsLast = node.kind === 'job' ? 1e6 : 0;
      return (placed.length ? placed.reduce((a, b) => a + b, 0) / placed.length : nodes.indexOf(node) + 1e3) + jobsLast;
    };
    if (index > 0) {
      const ranks = new Map(nodes.map((n) => [n.id, rank(n)]));
      nodes.sort((a, b) => ranks.get(a.id)! - ranks.get(b.id)! || nodes.indexOf(a) - nodes.indexOf(b));
    }
    nodes.forEach((n, i) => row.set(n.id, i));
  });

  const boxes: Box[] = [];
  let x = MARGIN;
  for (const nodes of columns) {
    if (nodes.length === 0) continue;
    const width = Math.min(420, Math.max(...nodes.map((n) => Math.max(n.title.length + 2, ...n.lines.map((l) => l.length)) * CHAR + 2 * PAD), 120));
    let y = TOP;
    for (const node of nodes) {
      const height = PAD * 2 + LINE * (1 + node.lines.length) - 4;
      boxes.push({ node, x, y, width, height });
      y += height + ROW_GAP;
    }
    x += width + COLUMN_GAP;
  }
  // Centre shorter columns against the tallest, which reads better than a ragged top edge.
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return boxes.map((b) => {
    const column = boxes.filter((o) => o.x === b.x);
    const offset = (bottom - Math.max(...column.map((o) => o.y + o.height))) / 2;
    return { ...b, y: b.y + Math.floor(offset) };
  });
}

function nodeSvg(box: Box): string {
  const { node } = box;
  const lines = [`<text class="title" x="${round(box.x + PAD)}" y="${round(box.y + PAD + FONT)}">${escapeXml(node.title)}</text>`];
  node.lines.forEach((line, i) => lines.push(`<text x="${round(box.x + PAD)}" y="${round(box.y + PAD + FONT + LINE * (i + 1))}">${escapeXml(line)}</text>`));
  const radius = node.kind === 'host' || node.kind === 'peer' ? 18 : node.kind === 'dependency' || node.kind === 'external' ? 12 : 6;
  return [
    `<g class="node node-${node.kind}" data-node="${escapeXml(node.id)}">`,
    `<title>${escapeXml([node.title, ...node.lines].join('\n'))}</title>`,
    `<rect x="${round(box.x)}" y="${round(box.y)}" width="${round(box.width)}" height="${round(box.height)}" rx="${radius}"/>`,
    ...lines,
    '</g>',
  ].join('');
}

function edgeSvg(edge: DiagramEdge, from: Box, to: Box): string {
  const forward = to.x > from.x;
  let d: string;
  let labelX: number;
  let labelY: number;
  if (forward) {
    const x1 = from.x + from.width;
    const y1 = from.y + from.height / 2;
    const x2 = to.x;
    const y2 = to.y + to.height / 2;
    const bend = Math.max(30, (x2 - x1) / 2);
    d = `M${round(x1)},${round(y1)} C${round(x1 + bend)},${round(y1)} ${round(x2 - bend)},${round(y2)} ${round(x2)},${round(y2)}`;
    labelX = (x1 + x2) / 2;
    labelY = (y1 + y2) / 2 - 4;
  } else {
    // Same column (a Job before its workload): an arc on the left.
    const x1 = from.x;
    const y1 = from.y + from.height / 2;
    const x2 = to.x;
    const y2 = to.y + to.height / 2;
    const out = 40 + Math.abs(y2 - y1) / 12;
    d = `M${round(x1)},${round(y1)} C${round(x1 - out)},${round(y1)} ${round(x2 - out)},${round(y2)} ${round(x2)},${round(y2)}`;
    labelX = Math.min(x1, x2) - out * 0.75;
    labelY = (y1 + y2) / 2;
  }
  const marker = edge.style === 'blocked' ? 'url(#cross)' : 'url(#arrow)';
  const label = edge.label && (edge.style === 'traffic' || edge.style === 'order' || edge.style === 'blocked')
    ? `<text class="edge-label" x="${round(labelX)}" y="${round(labelY)}" text-anchor="middle">${escapeXml(edge.label)}</text>`
    : '';
  return `<g class="edge edge-${edge.style}" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}"><path d="${d}" marker-end="${marker}"/>${label}</g>`;
}

function legend(y: number): string {
  const items: [string, string][] = [
    ['traffic', 'traffic'],
    ['order', 'runs before'],
    ['reads', 'reads Secret'],
    ['allowed', 'NetworkPolicy allows'],
    ['blocked', 'NetworkPolicy blocks'],
  ];
  return `<g class="legend">${items
    .map(([style, text], i) => {
      const x = MARGIN + i * 190;
      return `<g class="edge edge-${style}"><path d="M${x},${y - 4} L${x + 34},${y - 4}"/></g><text x="${x + 42}" y="${y}">${text}</text>`;
    })
    .join('')}</g>`;
}

const STYLE = [
  '.berth-architecture{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;font-size:12px;--ink:#0f172a;--muted:#475569;--line:#334155}',
  '.berth-architecture text{fill:var(--ink)}',
  '.berth-architecture .caption{font-size:14px;font-weight:600}',
  '.berth-architecture .column{fill:var(--muted);font-size:11px;text-transform:uppercase;letter-spacing:.06em}',
  '.berth-architecture .title{font-weight:600}',
  '.berth-architecture .node rect{stroke-width:1.4}',
  '.node-host rect{fill:#e0f2fe;stroke:#0369a1}.node-service rect{fill:#ede9fe;stroke:#6d28d9}.node-workload rect{fill:#dcfce7;stroke:#15803d}',
  '.node-job rect{fill:#fef9c3;stroke:#a16207}.node-dependency rect{fill:#ffedd5;stroke:#c2410c}.node-external rect{fill:#f1f5f9;stroke:#475569;stroke-dasharray:5 3}',
  '.node-secret rect{fill:#fee2e2;stroke:#b91c1c}.node-peer rect{fill:#f8fafc;stroke:#64748b;stroke-dasharray:2 2}',
  '.berth-architecture .edge path{fill:none;stroke:var(--line);stroke-width:1.4}',
  '.edge-reads path{stroke:#b91c1c!important;stroke-dasharray:4 3;opacity:.7}',
  '.edge-order path{stroke:#a16207!important;stroke-width:2.4!important;stroke-dasharray:8 4}',
  '.edge-allowed path{stroke:#64748b!important;stroke-dasharray:1 3;opacity:.8}',
  '.edge-blocked path{stroke:#dc2626!important;stroke-width:2!important}',
  '.arrowhead{fill:var(--line)}.crosshead{stroke:#dc2626;stroke-width:2}',
  '.berth-architecture .edge-label{font-size:11px;paint-order:stroke;stroke:var(--paper,#fff);stroke-width:4px}',
  '@media (prefers-color-scheme: dark){.berth-architecture{--ink:#e2e8f0;--muted:#94a3b8;--line:#94a3b8;--paper:#0f172a}',
  '.node-host rect{fill:#0c4a6e}.node-service rect{fill:#3b0764}.node-workload rect{fill:#14532d}.node-job rect{fill:#713f12}',
  '.node-dependency rect{fill:#7c2d12}.node-external rect{fill:#1e293b}.node-secret rect{fill:#7f1d1d}.node-peer rect{fill:#1e293b}}',
].join('');

function round(value: number): string {
  return String(Math.round(value * 10) / 10);
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
