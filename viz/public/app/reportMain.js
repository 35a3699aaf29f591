// Entry of the self-contained report (viz/report.ts inlines this, its imports and d3). Reads the data
// from the page's JSON block; makes no requests.
import { el, notice, table } from './dom.js';
import { fmtNum, fmtTime } from './format.js';
import { renderCompare } from './compareView.js';
import { renderTopology } from './topologyView.js';
import { flowLegend, renderFlow } from './flowView.js';
import { renderDetail, renderDetailPlaceholder } from './detailView.js';
import { renderMatrix } from './matrixView.js';

function main() {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const root = document.getElementById('report');
  root.replaceChildren();
  const h = data.headline ?? {};
  const bits = [`run ${data.name}`];
  if (h.scenario !== undefined) bits.push(`scenario ${h.scenario}`);
  if (h.seed !== undefined) bits.push(`seed ${h.seed}`);
  if (h.messages !== undefined) bits.push(`${fmtNum(h.messages)} messages`);
  if (h.deliveryRatio !== undefined) bits.push(`delivery ${(h.deliveryRatio * 100).toFixed(2)}%`);
  if (h.latencyMs?.p50 !== undefined) bits.push(`latency p50 ${fmtNum(h.latencyMs.p50)} ms, p95 ${fmtNum(h.latencyMs.p95)} ms`);
  if (h.e2eePreservedPct !== undefined) bits.push(`E2EE preserved ${h.e2eePreservedPct.toFixed(1)}%`);
  if (h.exposedParties?.length) bits.push(`read by non-endpoints: ${h.exposedParties.join(', ')}`);
  if (h.misdeliveredCopies) bits.push(`${fmtNum(h.misdeliveredCopies)} copies misdelivered to strangers (a confidentiality failure)`);
  if (h.digest !== undefined) bits.push(`digest ${h.digest.slice(0, 16)}…`);
  document.getElementById('report-summary').textContent = bits.join(' · ');

  if (data.compare) {
    const s = el('section', { id: 'report-compare' }, el('h2', { text: 'Comparison of architectures' }));
    root.append(s);
    renderCompare(s, data.compare);
  }
  const t = data.trace;
  if (t) {
    const topo = el('section', { id: 'report-topology' }, el('h2', { text: 'Topology' }));
    root.append(topo);
    renderTopology(topo, t.graph, { zoom: true });

    if (t.matrix) {
      const mx = el('section', { id: 'report-matrix' }, el('h2', { text: 'Provider matrix' }));
      root.append(mx);
      // A run where someone read what it should not opens the matrix on who read whose messages.
      renderMatrix(mx, t.matrix, { metric: t.matrix.exposures.some((row) => row.some((v) => v > 0)) ? 'exposures' : 'bytes' });
    }

    const worst = el('section', { id: 'report-exposed' }, el('h2', { text: 'Most-exposed message' }));
    root.append(worst);
    if (t.mostExposed) {
      const box = el('div', { class: 'detail' });
      worst.append(box);
      renderDetail(box, t.mostExposed);
    } else worst.append(el('p', { text: 'No message was decrypted by a party that is not an intended endpoint: every application message stayed end-to-end encrypted to the people it was meant for.' }));

    const flow = el('section', { id: 'report-flow' }, el('h2', { text: 'Message flow (excerpt)' }));
    root.append(flow);
    const apps = new Set(t.flow.arrows.filter((a) => a.msg !== null).map((a) => a.msg)).size;
    flow.append(el('p', { class: 'muted', text: `${fmtNum(t.flow.arrows.length)} of ${fmtNum(t.stats.arrows)} hops, ${fmtTime(t.flow.arrows[0]?.t0 ?? t.stats.tMin)} to ${fmtTime(t.flow.coveredTo)}, carrying ${fmtNum(apps)} application messages; the window opens ${t.mostExposed ? 'just before the most-exposed message' : 'at the first application message'}. Click an arrow for its message.` }));
    flow.append(flowLegend());
    const body = el('div', { class: 'flow-layout' });
    const diagram = el('div', { class: 'flow-diagram', id: 'flow' });
    const detail = el('aside', { class: 'detail', id: 'detail' });
    body.append(diagram, detail);
    flow.append(body);
    renderDetailPlaceholder(detail);
    renderFlow(diagram, t.flow, {
      onSelect: (a) => {
        if (a === null) return renderDetailPlaceholder(detail);
        const d = t.details[a.msg !== null ? `m:${a.msg}` : `e:${a.env}`];
        if (d) renderDetail(detail, d);
        else detail.replaceChildren(notice('No detail stored for this arrow.'));
      },
    });

    if (t.groups.length > 0) {
      const g = el('section', { id: 'report-groups' }, el('h2', { text: `MLS groups (${t.groups.length})` }));
      root.append(g);
      g.append(table(['group', 'epochs', 'max size', 'commits', 'failures', 'authenticator mismatches'], t.groups.slice(0, 200).map((x) => [x.name, x.epochs, x.maxMembers, x.commits, x.failures, x.mismatches])));
      if (t.groups.length > 200) g.append(el('p', { class: 'note', text: `first 200 of ${t.groups.length} groups` }));
    }
  }
  if (!data.compare && !t) root.append(notice('This directory holds neither a trace nor compare.json.'));
}

main();
