import type { Brand } from './brand.ts';

/** A network node: provider server, client device, bridge, hub, discovery service, attacker. */
export type NodeId = Brand<string, 'NodeId'>;
/** One application message, from send to its outcome at every recipient. */
export type MessageId = Brand<string, 'MessageId'>;
/** One envelope on the wire (a message may travel as several). */
export type EnvelopeId = Brand<string, 'EnvelopeId'>;

export const nodeId = (s: string): NodeId => s as NodeId;
export const messageId = (s: string): MessageId => s as MessageId;
export const envelopeId = (s: string): EnvelopeId => s as EnvelopeId;
