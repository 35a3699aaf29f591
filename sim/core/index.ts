// The kernel: clock, event queue, simulator, named random streams, busy-time charging.
// It imports nothing from the rest of interop-sim.
export type { Brand } from './brand.ts';
export * from './time.ts';
export * from './ids.ts';
export { EventQueue, type QueueEntry } from './eventQueue.ts';
export * from './simulator.ts';
export { RandomStreams } from './randomStreams.ts';
export { RandomStream } from './randomStream.ts';
export { BusyTime } from './busyTime.ts';
