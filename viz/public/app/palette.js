// Arrow classes (viz/traceIndex.ts ARROW_CLASSES) and node kinds, with their legend text and colours.
// Line colours and dashes live in style.css (.cls-*, .role-*); fills for charts come from here.

export const CLASSES = ['e2ee', 'reencrypted', 'plaintext', 'dropped', 'rejected', 'handshake', 'control'];

export const CLASS_LABEL = {
  e2ee: 'MLS ciphertext no relay has opened',
  reencrypted: 'ciphertext re-encrypted by a bridge that read the plaintext',
  plaintext: 'cleartext on this hop (every server on the way reads it)',
  dropped: 'dropped',
  rejected: 'rejected',
  handshake: 'MLS handshake (commit, welcome, proposal, key package)',
  control: 'control (key-package claims, presence)',
};

export const CLASS_COLOR = {
  e2ee: '#1b9e77',
  reencrypted: '#b59a00',
  plaintext: '#e66101',
  dropped: '#d7191c',
  rejected: '#7b3294',
  handshake: '#2c7bb6',
  control: '#8c8c8c',
};

const HANDSHAKE = new Set(['commit', 'proposal', 'welcome', 'key-package', 'group-info']);

/** application, handshake or control: decides the line style of an arrow. */
export function roleOf(arrow) {
  if (arrow.msg !== null && arrow.msg !== undefined) return 'application';
  if (HANDSHAKE.has(arrow.kind)) return 'handshake';
  return arrow.kind === 'application' ? 'application' : 'control';
}

export const KIND_COLOR = {
  provider: '#4c72b0',
  clients: '#a6cee3',
  client: '#a6cee3',
  bridge: '#6f8fa8',
  hub: '#8172b3',
  discovery: '#55a868',
  gateway: '#937860',
  attacker: '#c44e52',
  router: '#8c8c8c',
};

/** A decryption by a party that is not an intended endpoint (`expose`), on the flow and the topology. */
export const EXPOSED_COLOR = '#c51b7d';

export const EXPOSE_LABEL = {
  bridge: 're-encrypting bridge',
  attacker: 'attacker',
  'ghost-device': 'ghost device of a malicious provider',
  provider: 'server reading a cleartext fallback',
  stranger: 'stranger reached by misrouting',
  'client-vendor': 'vendor of a multi-protocol client (telemetry or cloud-side client)',
};

export const kindColor = (kind) => KIND_COLOR[kind] ?? '#999999';

export const KIND_LABEL = {
  provider: 'provider',
  clients: 'devices of a provider (count)',
  bridge: 'bridge',
  hub: 'hub',
  discovery: 'discovery service',
  gateway: 'gateway',
  attacker: 'attacker',
  router: 'router',
};
