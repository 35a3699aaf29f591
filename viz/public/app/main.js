// The viewer page: pick a run, switch between five views. State lives in the URL hash
// (#run=r1&tab=flow) so a view can be linked to and reloaded.
import { getJson } from './api.js';
import { el, notice } from './dom.js';
import { fmtDur, fmtNum, fmtTime } from './format.js';
import { renderTopology } from './topologyView.js';
import { flowLegend, renderFlow } from './flowView.js';
import { renderDetail, renderDetailPlaceholder } from './detailView.js';
import { renderOverview } from './overviewView.js';
import { createReplay } from './replayView.js';
import { renderCompare } from './compareView.js';
import { renderGroups } from './groupsView.js';
import { renderMatrix } from './matrixView.js';
import { renderSweep } from './sweepView.js';

const TABS = [
  ['topology', 'Topology'],
  ['matrix', 'Provider matrix'],
  ['flow', 'Message flow'],
  ['replay', 'Replay'],
  ['compare', 'Compare'],
  ['groups', 'Groups'],
  ['sweep', 'Sweep'],
];
const FLOW_LIMIT = 1500;

const $ = (id) => document.getElementById(id);
const state = { runs: [], run: null, tab: 'topology', stop: () => {}, seq: 0 };

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  return { run: p.get('run'), tab: p.get('tab') };
}

function writeHash() {
  const p = new URLSearchParams({ run: state.run?.id ?? '', tab: state.tab });
  history.replaceState(null, '', `#${p}`);
}

async function main() {
  const nav = $('tabs');
  for (const [id, label] of TABS) nav.append(el('button', { type: 'button', id: `tab-${id}`, role: 'tab', 'data-tab': id, text: label, onclick: () => show(state.run?.id, id) }));
  $('run-select').addEventListener('change', (e) => show(e.target.value, state.tab));
  try {
    state.runs = (await getJson('api/runs')).runs;
  } catch (e) {
    $('view').replaceChildren(notice(`could not list runs: ${e.message}`, 'error'));
    return;
  }
  if (state.runs.length === 0) {
    $('view').replaceChildren(notice('No run directories were given: start the viewer with `interop-sim serve <run-dir> ...`.'));
    return;
  }
  // A compare directory's runs follow it, indented: each bar of its charts opens one of them.
  $('run-select').replaceChildren(...state.runs.map((r) => el('option', { value: r.id, text: r.parent ? `  ↳ ${r.name}` : r.name })));
  const h = readHash();
  const first = state.runs.find((r) => r.id === h.run) ?? state.runs[0];
  // A sweep folder opens on its own page (it has no trace).
  await show(first.id, TABS.some(([t]) => t === h.tab) ? h.tab : first.hasSweep ? 'sweep' : 'topology');
}

async function show(runId, tab) {
  state.stop();
  state.stop = () => {};
  const seq = ++state.seq;
  const listed = state.runs.find((r) => r.id === runId) ?? state.runs[0];
  state.tab = tab;
  $('run-select').value = listed.id;
  for (const b of $('tabs').children) b.setAttribute('aria-selected', String(b.dataset.tab === tab));
  const view = $('view');
  view.replaceChildren(notice(listed.state === 'indexing' ? `indexing ${listed.name}...` : 'loading...'));
  let run;
  try {
    run = await getJson(`api/runs/${encodeURIComponent(listed.id)}`);
  } catch (e) {
    view.replaceChildren(notice(e.message, 'error'));
    return;
  }
  if (seq !== state.seq) return;
  state.run = run;
  Object.assign(listed, run);
  writeHash();
  renderRunHeader(run);
  view.replaceChildren();
  view.dataset.view = tab;
  const section = el('section', { id: `view-${tab}`, class: 'view' });
  view.append(section);
  try {
    await VIEWS[tab](section, run, seq);
  } catch (e) {
    if (seq === state.seq) section.append(notice(e.message, 'error'));
  }
  if (seq === state.seq) section.dataset.ready = 'true';
}

function renderRunHeader(run) {
  const h = run.headline ?? {};
  const t = run.trace;
  const bits = [];
  if (h.scenario !== undefined) bits.push(`scenario ${h.scenario}`);
  if (h.seed !== undefined) bits.push(`seed ${h.seed}`);
  if (h.messages !== undefined) bits.push(`${fmtNum(h.messages)} messages`);
  if (h.deliveryRatio !== undefined) bits.push(`delivery ${(h.deliveryRatio * 100).toFixed(2)}%`);
  if (h.latencyMs?.p50 !== undefined) bits.push(`latency p50 ${fmtNum(h.latencyMs.p50)} ms, p95 ${fmtNum(h.latencyMs.p95)} ms`);
  if (h.e2eePreservedPct !== undefined) bits.push(`E2EE preserved ${h.e2eePreservedPct.toFixed(1)}%`);
  if (h.exposedParties?.length) bits.push(`read by non-endpoints: ${h.exposedParties.join(', ')}`);
  if (h.misdeliveredCopies) bits.push(`${fmtNum(h.misdeliveredCopies)} copies misdelivered to strangers (a confidentiality failure)`);
  if (t) bits.push(`${fmtNum(t.lines)} trace lines, ${fmtNum(t.arrows)} hops, indexed in ${t.indexMs} ms`);
  $('run-summary').textContent = bits.join(' · ');
  $('run-errors').replaceChildren(...run.errors.map((e) => el('li', { text: e })));
}

const needTrace = (section, run) => {
  if (run.hasTrace) return false;
  section.append(notice(run.errors.length > 0 ? 'This directory has no readable trace (see the error above).' : 'This directory has no trace.jsonl.'));
  return true;
};

const VIEWS = {
  async topology(section, run) {
    if (needTrace(section, run)) return;
    const graph = await getJson(`api/runs/${run.id}/topology`);
    section.append(el('p', { class: 'muted', text: `${graph.nodes.length} nodes (devices grouped per provider), ${graph.edges.length} links. Scroll to zoom, drag to pan; hover for loads.` }));
    renderTopology(section, graph);
  },

  async flow(section, run, seq) {
    if (needTrace(section, run)) return;
    const t = run.trace;
    const from = el('input', { id: 'flow-from', type: 'number', min: '0', step: 'any', 'aria-label': 'from (ms)' });
    const to = el('input', { id: 'flow-to', type: 'number', min: '0', step: 'any', 'aria-label': 'to (ms)' });
    const mode = el('select', { id: 'flow-mode', 'aria-label': 'time axis' }, el('option', { value: 'compressed', text: 'time axis: event order' }), el('option', { value: 'linear', text: 'time axis: linear' }));
    const earlier = el('button', { type: 'button', text: '◀ earlier' });
    const later = el('button', { type: 'button', text: 'later ▶' });
    const go = el('button', { type: 'button', class: 'primary', text: 'show' });
    const status = el('span', { id: 'flow-status', class: 'muted' });
    section.append(el('div', { class: 'controls' }, 'window from', from, 'ms to', to, 'ms', go, earlier, later, mode, status));
    const overviewBox = el('div', { class: 'overview-box' });
    section.append(overviewBox);
    section.append(flowLegend());
    const body = el('div', { class: 'flow-layout' });
    const diagram = el('div', { class: 'flow-diagram', id: 'flow' });
    const detail = el('aside', { class: 'detail', id: 'detail' });
    body.append(diagram, detail);
    section.append(body);
    renderDetailPlaceholder(detail);

    // A large run opens at its first application message: the setup burst before it (key packages,
    // group creation) is one click on ◀ earlier away.
    const start = t.arrows > FLOW_LIMIT && t.firstSendT !== null ? Math.max(t.tMin, t.firstSendT) : t.tMin;
    let win = { from: start, to: t.tMax + 1 };
    let shown = null;
    let overview = null;
    const load = async () => {
      const q = new URLSearchParams({ from: String(win.from), to: String(win.to), limit: String(FLOW_LIMIT) });
      const flow = await getJson(`api/runs/${run.id}/flow?${q}`);
      if (seq !== state.seq) return;
      shown = flow;
      from.value = String(flow.from / 1000);
      to.value = String(flow.to / 1000);
      status.textContent = flow.truncated
        ? `${fmtNum(flow.total)} hops in this window: showing the first ${fmtNum(flow.arrows.length)}, up to ${fmtTime(flow.coveredTo)} (use later ▶ or narrow the window)`
        : `${fmtNum(flow.total)} hops from ${fmtTime(flow.from)} to ${fmtTime(flow.to)}`;
      overview?.setSelection(flow.from, flow.truncated ? flow.coveredTo : flow.to);
      diagram.replaceChildren();
      renderDetailPlaceholder(detail);
      renderFlow(diagram, flow, {
        timeMode: mode.value,
        onSelect: async (a) => {
          if (a === null) return renderDetailPlaceholder(detail);
          detail.replaceChildren(notice('loading...'));
          try {
            renderDetail(detail, await getJson(`api/runs/${run.id}/arrows/${a.id}`));
          } catch (e) {
            detail.replaceChildren(notice(e.message, 'error'));
          }
        },
      });
    };
    const ms = (input, fallback) => {
      const v = Number(input.value);
      return input.value !== '' && Number.isFinite(v) && v >= 0 ? Math.round(v * 1000) : fallback;
    };
    const end = t.tMax + 1;
    const updateButtons = () => {
      later.disabled = !(shown?.truncated || win.to < end);
      earlier.disabled = win.from <= t.tMin;
    };
    go.addEventListener('click', () => {
      const a = ms(from, t.tMin), b = ms(to, end);
      // A reversed or empty window is a mistake to point out, not an empty diagram.
      if (b <= a) {
        status.textContent = `"to" (${fmtTime(b)}) must be after "from" (${fmtTime(a)})`;
        status.classList.add('error');
        return;
      }
      status.classList.remove('error');
      win = { from: a, to: b };
      void load().then(updateButtons).catch((e) => (status.textContent = e.message));
    });
    later.addEventListener('click', () => {
      const width = win.to - win.from;
      const start = shown?.truncated ? shown.coveredTo : win.to;
      // Never past the end of the run: the last window ends where the trace does.
      if (start >= end) return updateButtons();
      win = { from: start, to: Math.min(end, start + width) };
      void load().then(updateButtons).catch((e) => (status.textContent = e.message));
    });
    earlier.addEventListener('click', () => {
      const width = win.to - win.from;
      win = { from: Math.max(t.tMin, win.from - width), to: Math.max(t.tMin + 1, win.from) };
      void load().then(updateButtons).catch((e) => (status.textContent = e.message));
    });
    mode.addEventListener('change', () => void load());
    const hist = await getJson(`api/runs/${run.id}/histogram?bins=240`);
    overview = renderOverview(overviewBox, hist, {
      onBrush: (a, b) => {
        win = { from: a, to: b };
        void load().then(updateButtons).catch((e) => (status.textContent = e.message));
      },
    });
    await load();
    updateButtons();
  },

  async replay(section, run, seq) {
    if (needTrace(section, run)) return;
    const t = run.trace;
    const [graph, hist] = await Promise.all([getJson(`api/runs/${run.id}/topology`), getJson(`api/runs/${run.id}/histogram?bins=240`)]);
    if (seq !== state.seq) return;
    section.append(el('p', { class: 'muted', text: `Virtual time ${fmtTime(t.tMin)} to ${fmtTime(t.tMax)} (${fmtDur(t.tMax - t.tMin)}). Dots are envelopes in flight, coloured like the flow.` }));
    state.stop = createReplay(section, {
      graph,
      hist,
      tMin: t.tMin,
      tMax: t.tMax,
      fetchWindow: (from, to) => getJson(`api/runs/${run.id}/flow?${new URLSearchParams({ from: String(from), to: String(to), limit: '10000' })}`),
    });
  },

  async matrix(section, run) {
    if (needTrace(section, run)) return;
    renderMatrix(section, await getJson(`api/runs/${run.id}/matrix`));
  },

  async compare(section, run) {
    if (!run.hasCompare) {
      section.append(notice(run.errors.some((e) => e.includes('compare.json')) ? 'compare.json could not be read (see the error above).' : 'No compare.json in this directory: run `interop-sim compare` to produce one.'));
      return;
    }
    const children = state.runs.filter((r) => r.parent === run.id);
    // runs/<architecture>-<seed>, as `interop-sim compare --out` writes them.
    const runOf = (arch, seed) => children.find((r) => r.name === `${run.name}/${arch}-${seed}`)?.id;
    renderCompare(section, await getJson(`api/runs/${run.id}/compare`), {
      runOf,
      open: (id) => void show(id, 'topology'),
    });
  },

  async sweep(section, run, seq) {
    if (!run.hasSweep) {
      section.append(notice('Not a sweep folder: run `interop-sim sweep FILE --out DIR` and serve DIR.'));
      return;
    }
    const draw = async () => {
      const data = await getJson(`api/runs/${run.id}/sweep`);
      if (seq !== state.seq) return;
      section.replaceChildren();
      if (data.errors.length > 0) section.append(el('ul', { class: 'errors' }, data.errors.map((e) => el('li', { text: e }))));
      renderSweep(section, data, { open: (id) => void show(id, 'topology') });
      section.dataset.state = data.progress?.state ?? 'finished';
      // While the sweep runs, read the folder again every few seconds.
      if (data.progress?.state === 'running') {
        const timer = setTimeout(() => void draw().catch(() => {}), 3000);
        state.stop = () => clearTimeout(timer);
      }
    };
    await draw();
  },

  async groups(section, run) {
    if (needTrace(section, run)) return;
    const { groups } = await getJson(`api/runs/${run.id}/groups`);
    renderGroups(section, {
      groups,
      extent: [run.trace.tMin, run.trace.tMax],
      loadSeries: (name) => getJson(`api/runs/${run.id}/group?${new URLSearchParams({ name })}`),
    });
  },
};

addEventListener('hashchange', () => {
  const h = readHash();
  if (h.run !== state.run?.id || h.tab !== state.tab) void show(h.run, h.tab ?? state.tab);
});

void main();
