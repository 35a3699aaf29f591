export * from './architecture.ts';
export { ARCHITECTURES } from './registry.ts';
