// The panel beside the flow: one message's (or handshake envelope's) hops, sizes, timings, outcomes
// and who could read it. All values are set as text.
import { el, table } from './dom.js';
import { fmtBytes, fmtDur, fmtTimeExact } from './format.js';
import { EXPOSE_LABEL } from './palette.js';

const STATUS = { e2ee: 'MLS ciphertext', reencrypted: 're-encrypted by the bridge', plaintext: 'cleartext', rejected: 'rejected', handshake: 'handshake', control: 'control' };

/** A node id that may wrap after each `/` (device ids are long). */
const breakable = (id) => el('span', {}, id.split('/').flatMap((part, i) => (i === 0 ? [part] : ['/', el('wbr'), part])));

const HOW = {
  sender: 'sender',
  decrypted: 'decrypted it (recipient)',
  exposed: 'decrypted it, not an intended endpoint',
};

export function renderDetail(container, d) {
  container.replaceChildren();
  const exposed = d.readers.some((r) => r.how === 'exposed');
  container.append(
    el('h3', { text: d.msg !== null ? `Message ${d.msg}` : `${d.kind} envelope ${d.env}` }),
    el('p', { class: `protection ${d.role === 'application' ? (exposed ? 'exposed' : 'cls-e2ee') : `role-${d.role}`}`, text: d.protection }),
  );
  const facts = [['kind', d.kind]];
  if (d.sender !== undefined) facts.push(['sender', d.sender]);
  if (d.sentAt !== undefined) facts.push(['sent at', fmtTimeExact(d.sentAt)]);
  if (d.bytes !== undefined) facts.push(['plaintext size', fmtBytes(d.bytes)]);
  if (d.recipients !== undefined) facts.push(['recipients', String(d.recipients)]);
  facts.push(['envelope', d.env]);
  container.append(el('dl', { class: 'facts' }, facts.map(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])));

  if (d.role === 'application') {
    container.append(el('h4', { text: 'Who could read it' }));
    container.append(
      el('ul', { class: 'readers' }, d.readers.map((r) => el('li', { class: r.how === 'exposed' ? 'exposed' : '', 'data-as': r.as ?? '' }, el('strong', { text: r.node }), ` ${HOW[r.how] ?? r.how}${r.as ? ` (${EXPOSE_LABEL[r.as] ?? r.as})` : ''}${r.t !== undefined ? ` at ${fmtTimeExact(r.t)}` : ''}`))),
    );
    if (d.decryptFailures.length > 0) {
      container.append(el('h4', { text: 'Could not decrypt' }));
      container.append(table(['device', 'at', 'reason'], d.decryptFailures.map((f) => [f.node, fmtTimeExact(f.t), f.reason ?? ''])));
    }
    container.append(el('h4', { text: 'Outcome per recipient' }));
    container.append(
      table(['recipient', 'outcome', 'at', 'reason'], d.outcomes.map((o) => [o.to, o.outcome, fmtTimeExact(o.t), [o.reason, o.by && o.by !== o.to ? `by ${o.by}` : ''].filter(Boolean).join(' ')]), 'data outcomes'),
    );
  }

  container.append(el('h4', { text: `Hops (${d.hopsTotal})` }));
  const rows = d.hops.map((h, i) => [
    String(i + 1),
    breakable(h.from),
    breakable(h.to),
    `${fmtTimeExact(h.t0)}${h.estimated ? ' *' : ''}`,
    fmtTimeExact(h.t1),
    fmtDur(h.t1 - h.t0),
    fmtBytes(h.bytes),
    h.cls === 'dropped' ? `lost: ${h.reason ?? ''}` : STATUS[h.cls] ?? h.cls,
  ]);
  const hops = table(['#', 'from', 'to', 'departed', 'arrived', 'took', 'bytes', 'status'], rows, 'data hops');
  hops.querySelectorAll('tbody tr').forEach((tr, i) => tr.setAttribute('data-arrow', String(d.hops[i].id)));
  container.append(hops);
  if (d.hops.some((h) => h.estimated)) container.append(el('p', { class: 'note', text: '* departure not recorded in the trace: estimated as one mean link latency before arrival.' }));
  if (d.hopsTotal > d.hops.length) container.append(el('p', { class: 'note', text: `showing the first ${d.hops.length} of ${d.hopsTotal} hops` }));
}

export function renderDetailPlaceholder(container) {
  container.replaceChildren(el('p', { class: 'notice', text: 'Click an arrow to see its message: every hop, sizes, timings, and who could read it.' }));
}
