import type { MessageId, NodeId, SimTime } from '../core/index.ts';
import { providerId, signerFromSeed, verifyEd25519, type ProviderSigner, type RandomBytes } from '../identity/index.ts';

/**
 * End-to-end content signatures (Ed25519, RFC 8032) against relays that re-encrypt: a sender whose
 * clients sign puts a signature over (message id, content) inside the content; a relay can pass it on
 * but cannot recompute it for content it changed. Public keys reach recipients through the same
 * channel as KeyPackages (attested by the sender's provider; see KeyTrust). Recipients whose clients
 * check verify the signature over what they decrypted; without the check a client has no way to
 * tell altered content from the sender's, so it accepts it.
 *
 * Modelling shortcut: the signature is kept here rather than carried in the plaintext bytes (64 bytes
 * per message are not on the wire); signing and verifying are real.
 */
export class ContentSignatures {
  private readonly signers = new Map<NodeId, ProviderSigner>();
  private readonly carried = new Map<MessageId, { sender: NodeId; signature: Uint8Array }>();
  /** Altered contents clients accepted, and altered contents they caught (with when the alteration happened). */
  readonly accepted: { msg: MessageId; by: NodeId; at: SimTime }[] = [];
  readonly caught: { msg: MessageId; by: NodeId; at: SimTime }[] = [];

  constructor(
    private readonly keyBytes: (device: NodeId) => RandomBytes,
    private readonly signsAt: (provider: NodeId) => boolean,
    private readonly checksAt: (provider: NodeId) => boolean,
  ) {}

  private signer(device: NodeId): ProviderSigner {
    let s = this.signers.get(device);
    if (s === undefined) this.signers.set(device, (s = signerFromSeed(providerId(device.slice(0, device.indexOf('/'))), this.keyBytes(device)(32))));
    return s;
  }

  /** The content a relay received for `msg`, as `sender` wrote and (maybe) signed it. */
  relayed(msg: MessageId, sender: NodeId, content: Uint8Array): void {
    if (!this.signsAt(sender.slice(0, sender.indexOf('/')) as NodeId) || this.carried.has(msg)) return;
    this.carried.set(msg, { sender, signature: this.signer(sender).sign(bytesOf(msg, content)) });
  }

  /**
   * A recipient decrypted content that is not what its sender wrote: whether its client accepts it.
   * It checks the signature when its provider's clients check; unsigned content fails the check too.
   */
  accepts(recipient: NodeId, recipientProvider: NodeId, msg: MessageId, content: Uint8Array, at: SimTime): boolean {
    if (!this.checksAt(recipientProvider)) {
      this.accepted.push({ msg, by: recipient, at });
      return true;
    }
    const c = this.carried.get(msg);
    const ok = c !== undefined && verifyEd25519(this.signer(c.sender).publicKey, bytesOf(msg, content), c.signature);
    (ok ? this.accepted : this.caught).push({ msg, by: recipient, at });
    return ok;
  }
}

const bytesOf = (msg: MessageId, content: Uint8Array): Uint8Array => Buffer.concat([Buffer.from(`${msg}\n`), content]);
