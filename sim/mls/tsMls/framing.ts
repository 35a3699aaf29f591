// The cleartext header of a PublicMessage or PrivateMessage (RFC 9420 §6.2, §6.3).
import type { ContentTypeName, MLSMessage } from 'ts-mls';

export interface Framing {
  readonly groupId: Uint8Array;
  readonly epoch: bigint;
  readonly contentType: ContentTypeName;
}

export function framingOf(msg: MLSMessage): Framing | undefined {
  switch (msg.wireformat) {
    case 'mls_public_message': {
      const c = msg.publicMessage.content;
      return { groupId: c.groupId, epoch: c.epoch, contentType: c.contentType };
    }
    case 'mls_private_message': {
      const p = msg.privateMessage;
      return { groupId: p.groupId, epoch: p.epoch, contentType: p.contentType };
    }
    default:
      return undefined;
  }
}
