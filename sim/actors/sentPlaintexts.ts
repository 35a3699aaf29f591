import type { MessageId } from '../core/index.ts';

/**
 * Ground truth the simulator keeps (no actor can read it): what each application message said, so
 * every recipient's decryption is compared with what was really sent.
 */
export class SentPlaintexts {
  private readonly sent = new Map<MessageId, { bytes: Uint8Array; left: number }>();
  mismatches = 0;

  record(msg: MessageId, bytes: Uint8Array, recipients: number): void {
    if (recipients > 0) this.sent.set(msg, { bytes, left: recipients });
  }

  /** Compares one recipient's decryption with the original; forgets it after the last recipient. */
  matches(msg: MessageId, plaintext: Uint8Array): boolean {
    const e = this.sent.get(msg);
    if (e === undefined) return false;
    if (--e.left === 0) this.sent.delete(msg);
    const ok = e.bytes.length === plaintext.length && Buffer.compare(e.bytes, plaintext) === 0; // in place, no copies
    if (!ok) this.mismatches++;
    return ok;
  }

  /** What `msg` said, while a recipient still awaits it (ground truth an attacker's decryption is judged against). */
  said(msg: MessageId): Uint8Array | undefined {
    return this.sent.get(msg)?.bytes;
  }

  /** A recipient settled without decrypting (dropped, rejected). */
  release(msg: MessageId): void {
    const e = this.sent.get(msg);
    if (e !== undefined && --e.left === 0) this.sent.delete(msg);
  }
}
