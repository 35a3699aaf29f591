// Groups: each MLS group's epoch and size over time and the size of its commits, from the `mls` and
// `verify` records. Size at an epoch = members that checked that epoch's authenticator.
import { el, table } from './dom.js';
import { fmtBytes, fmtTimeExact } from './format.js';
import { timeChart } from './charts.js';

export function renderGroups(container, { groups, extent, loadSeries }) {
  if (groups.length === 0) {
    container.append(el('p', { class: 'notice', text: 'No MLS group records (mls, verify) in this trace.' }));
    return;
  }
  const layout = el('div', { class: 'groups-layout' });
  const side = el('div', { class: 'groups-list' });
  const charts = el('div', { class: 'groups-charts' });
  layout.append(side, charts);
  container.append(layout);

  const filter = el('input', { type: 'search', placeholder: `filter ${groups.length} groups`, 'aria-label': 'filter groups', id: 'group-filter' });
  const list = el('div', { class: 'list-scroll' });
  side.append(filter, list);
  let current = null;
  const pick = async (name) => {
    current = name;
    list.querySelectorAll('tr').forEach((tr) => tr.classList.toggle('selected', tr.dataset.group === name));
    charts.replaceChildren(el('p', { class: 'notice', text: `loading ${name}...` }));
    try {
      const series = await loadSeries(name);
      if (current === name) renderSeries(charts, series, extent);
    } catch (e) {
      charts.replaceChildren(el('p', { class: 'error', text: e.message }));
    }
  };
  const draw = () => {
    const q = filter.value.trim().toLowerCase();
    const shown = groups.filter((g) => g.name.toLowerCase().includes(q)).slice(0, 500);
    const t = table(['group', 'epochs', 'max size', 'commits', 'failures'], shown.map((g) => [g.name, g.epochs, g.maxMembers, g.commits, g.failures + g.mismatches]), 'data groups');
    t.querySelectorAll('tbody tr').forEach((tr, i) => {
      tr.dataset.group = shown[i].name;
      tr.classList.toggle('selected', shown[i].name === current);
      tr.addEventListener('click', () => pick(shown[i].name));
    });
    list.replaceChildren(t);
  };
  filter.addEventListener('input', draw);
  draw();
  const busiest = [...groups].sort((a, b) => b.commits - a.commits || b.maxMembers - a.maxMembers)[0];
  void pick(busiest.name);
}

function renderSeries(container, s, extent) {
  container.replaceChildren(el('h3', { text: `Group ${s.name}` }));
  const row = el('div', { class: 'chart-grid' });
  container.append(row);
  timeChart(row, {
    title: 'Epoch over time', cls: 'group-chart', integer: true, yLabel: 'epoch', extent,
    points: s.epochs.filter((e) => e.epoch >= 0).map((e) => ({ t: e.t, v: e.epoch, label: `epoch ${e.epoch} from ${fmtTimeExact(e.t)}` })),
  });
  timeChart(row, {
    title: 'Group size over time', cls: 'group-chart', integer: true, yLabel: 'members', extent, color: '#55a868',
    points: s.epochs.filter((e) => e.members > 0).map((e) => ({ t: e.t, v: e.members, label: `${e.members} members checked epoch ${e.epoch}${e.mismatches ? `, ${e.mismatches} mismatches` : ''}` })),
  });
  timeChart(row, {
    title: 'Commit sizes (commit + welcome)', cls: 'group-chart', kind: 'bars', yLabel: 'bytes', extent, color: '#dd8452',
    points: s.commits.map((c) => ({ t: c.t, v: c.bytes, label: `${c.op} by ${c.by} at epoch ${c.epoch}: ${fmtBytes(c.bytes)}` })),
  });
  if (s.failures.length > 0) {
    container.append(el('h4', { text: 'Failed operations' }));
    container.append(table(['at', 'operation', 'by', 'epoch', 'outcome'], s.failures.map((f) => [fmtTimeExact(f.t), f.op, f.by, f.epoch, f.outcome])));
  }
  const mismatches = s.epochs.filter((e) => e.mismatches > 0);
  if (mismatches.length > 0) container.append(el('p', { class: 'error', text: `epoch authenticator mismatches at epochs ${mismatches.map((e) => e.epoch).join(', ')}` }));
}
