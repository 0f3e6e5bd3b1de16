// Architecture graph → Mermaid flowchart text (GitHub renders it in Markdown). Deterministic: nodes
// and edges keep the graph's order, so a diff of the text shows what changed in the architecture.
import type { ArchitectureDiagram, DiagramEdge, DiagramNode, NodeKind } from './architecture.ts';

const SHAPES: Record<NodeKind, [string, string]> = {
  host: ['([', '])'],
  service: ['[', ']'],
  workload: ['[', ']'],
  job: ['[/', '/]'],
  dependency: ['[(', ')]'],
  external: ['[(', ')]'],
  secret: ['{{', '}}'],
  peer: ['((', '))'],
};

const ARROWS: Record<DiagramEdge['style'], string> = {
  traffic: '-->',
  reads: '-.->',
  order: '==>',
  allowed: '-.-o',
  blocked: '--x',
};

/** Labels only where they carry information: paths, order, blocks. Colour tells the rest. */
const LABELLED: ReadonlySet<DiagramEdge['style']> = new Set(['traffic', 'order', 'blocked']);

const LINK_STYLES: Partial<Record<DiagramEdge['style'], string>> = {
  reads: 'stroke:#b91c1c,stroke-width:1px',
  allowed: 'stroke:#94a3b8,stroke-width:1px',
  blocked: 'stroke:#dc2626,stroke-width:2px',
  order: 'stroke:#a16207,stroke-width:2px',
};

/** Fill and stroke per kind, readable on GitHub's light and dark themes. */
const CLASSES: Record<NodeKind, string> = {
  host: 'fill:#e0f2fe,stroke:#0369a1,color:#0c4a6e',
  service: 'fill:#ede9fe,stroke:#6d28d9,color:#3b0764',
  workload: 'fill:#dcfce7,stroke:#15803d,color:#14532d',
  job: 'fill:#fef9c3,stroke:#a16207,color:#713f12',
  dependency: 'fill:#ffedd5,stroke:#c2410c,color:#7c2d12',
  external: 'fill:#f1f5f9,stroke:#475569,color:#0f172a,stroke-dasharray:4 3',
  secret: 'fill:#fee2e2,stroke:#b91c1c,color:#7f1d1d',
  peer: 'fill:#f8fafc,stroke:#64748b,color:#0f172a,stroke-dasharray:2 2',
};

export function renderMermaid(diagram: ArchitectureDiagram): string {
  const lines = ['flowchart LR', `  %% ${diagram.environment}: namespace ${diagram.namespace}`];
  const writeGroup = (groupId: string | undefined, indent: string) => {
    for (const node of diagram.nodes.filter((n) => n.group === groupId)) lines.push(`${indent}${nodeText(node)}`);
    for (const group of diagram.groups.filter((g) => g.parent === groupId)) {
      lines.push(`${indent}subgraph ${group.id}["${escape(group.title)}"]`);
      writeGroup(group.id, `${indent}  `);
      lines.push(`${indent}end`);
    }
  };
  // Top-level groups (no parent) first, then nodes without a group.
  for (const group of diagram.groups.filter((g) => g.parent === undefined)) {
    lines.push(`  subgraph ${group.id}["${escape(group.title)}"]`);
    if (group.id !== 'ns') lines.push('    direction TB');
    writeGroup(group.id, '    ');
    lines.push('  end');
  }
  for (const edge of diagram.edges) {
    const label = edge.label && LABELLED.has(edge.style) ? `|"${escape(edge.label)}"|` : '';
    lines.push(`  ${edge.from} ${ARROWS[edge.style]}${label} ${edge.to}`);
  }
  for (const [style, css] of Object.entries(LINK_STYLES)) {
    const indices = diagram.edges.flatMap((e, i) => (e.style === style ? [i] : []));
    if (indices.length > 0) lines.push(`  linkStyle ${indices.join(',')} ${css}`);
  }
  for (const kind of Object.keys(CLASSES) as NodeKind[]) {
    const ids = diagram.nodes.filter((n) => n.kind === kind).map((n) => n.id);
    if (ids.length === 0) continue;
    lines.push(`  classDef ${kind} ${CLASSES[kind]}`, `  class ${ids.join(',')} ${kind}`);
  }
  return `${lines.join('\n')}\n`;
}

function nodeText(node: DiagramNode): string {
  const [open, close] = SHAPES[node.kind];
  const label = [`<b>${escape(node.title)}</b>`, ...node.lines.map(escape)].join('<br/>');
  return `${node.id}${open}"${label}"${close}`;
}

/** Mermaid labels are HTML inside quotes: entity-escape what would end or break them. */
function escape(text: string): string {
  return text.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
