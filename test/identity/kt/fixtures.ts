import { seconds } from '../../../sim/core/index.ts';
import { hierarchical, signerFromSeed } from '../../../sim/identity/index.ts';
import { appendBinding, epochSchedule, publishTreeHead, type KtLog } from '../../../sim/identity/kt/index.ts';
import { A, B, sec } from '../helpers.ts';

export { A, B, sec };
export const signerA = signerFromSeed(A, new Uint8Array(32).fill(0xa1));
export const signerB = signerFromSeed(B, new Uint8Array(32).fill(0xb2));
export const trust = new Map([[A, signerA.publicKey], [B, signerB.publicKey]]);
/** WhatsApp-like: a head every 48 s from t = 0. */
export const schedule = epochSchedule(seconds(48));
export const alice = hierarchical('alice', 'provA');
export const bob = hierarchical('bob', 'provA');
export const carol = hierarchical('carol', 'provA');
export const key = (n: number): Uint8Array => new Uint8Array(32).fill(n);

export const append = (log: KtLog, identity = alice, k = key(1), at = sec(1)): KtLog => appendBinding(log, { identity, signatureKey: k, at }).log;
export const publish = (log: KtLog, at: ReturnType<typeof sec>, signer = signerA): KtLog => publishTreeHead(log, signer, at).log;
