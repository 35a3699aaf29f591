export * from './architecture.ts';
export { ARCHITECTURES } from './registry.ts';
export * from './arrangement.ts';
