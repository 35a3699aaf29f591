import type { NodeId } from '../../../core/index.ts';
import type { Header } from '../../protocol.ts';

/** One victim's stolen state at work: it sees every delivery a server makes and reads what it can. */
export interface Thief {
  readonly victim: NodeId;
  /** A server delivers `payload` to `device` (any device: commits to others keep an MLS copy in step). */
  onDelivery(device: NodeId, h: Header, payload: Uint8Array): void;
}
