export * from './latency.ts';
export * from './envelope.ts';
export * from './spec.ts';
export { Outages } from './outages.ts';
export { nextHopsToward, type WeightedEdge } from './routing.ts';
export { Network, type ArrivalObserver, type Receiver, type DropHandler, type SendRequest, type NetworkOptions, type LinkInterceptor, type LinkVerdict } from './network.ts';
export * from './topology.ts';
export { completePayload, deferPayload, deferRange, type Completion } from './lazyPayload.ts';
export { forgetRecentPayloads } from './payloadHash.ts';
