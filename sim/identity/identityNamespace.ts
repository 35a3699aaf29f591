import { micros, type Duration } from '../core/index.ts';
import { handlePolicy, numberChoicePolicy, type HandlePolicy, type NumberChoicePolicy } from './choicePolicy.ts';
import { emptyHandleRegistry, type HandleRegistry } from './handleRegistry.ts';
import type { Identifier } from './identifier.ts';
import { emptyNumberDb, type NumberPortabilityDb } from './numberPortabilityDb.ts';

/**
 * A naming scheme with the data and the policy it resolves by. Hierarchical names carry their provider
 * (as e-mail and Matrix do, and MIMI's URIs); phone numbers are shared across providers (the DMA's
 * gatekeepers all key on them); bare handles are provider-local and collide once providers interconnect.
 */
export type IdentityNamespace =
  | { readonly kind: 'hierarchical' }
  | { readonly kind: 'phone'; readonly numbers: NumberPortabilityDb; readonly choice: NumberChoicePolicy }
  | { readonly kind: 'handle'; readonly handles: HandleRegistry; readonly ambiguity: HandlePolicy };

export type PhoneNamespace = Extract<IdentityNamespace, { kind: 'phone' }>;
export type HandleNamespace = Extract<IdentityNamespace, { kind: 'handle' }>;

/** Every namespace a run knows; an identifier's syntax picks which one resolves it. */
export interface IdentityWorld {
  readonly phone: PhoneNamespace;
  readonly handle: HandleNamespace;
}

export interface IdentityWorldOptions {
  readonly staleFor?: Duration;
  readonly numberChoice?: NumberChoicePolicy;
  readonly handleAmbiguity?: HandlePolicy;
}

export function identityWorld(options: IdentityWorldOptions = {}): IdentityWorld {
  return {
    phone: {
      kind: 'phone',
      numbers: emptyNumberDb(options.staleFor ?? micros(0)),
      choice: numberChoicePolicy(options.numberChoice ?? { kind: 'first-registered' }),
    },
    handle: { kind: 'handle', handles: emptyHandleRegistry(), ambiguity: handlePolicy(options.handleAmbiguity ?? { kind: 'reject' }) },
  };
}

const HIERARCHICAL: IdentityNamespace = { kind: 'hierarchical' };

export function namespaceOf(world: IdentityWorld, id: Identifier): IdentityNamespace {
  switch (id.kind) {
    case 'hierarchical':
      return HIERARCHICAL;
    case 'phone':
      return world.phone;
    case 'handle':
      return world.handle;
    default: {
      const never: never = id;
      throw new Error(`unknown identifier ${JSON.stringify(never)}`);
    }
  }
}

export const withNumbers = (world: IdentityWorld, numbers: NumberPortabilityDb): IdentityWorld => ({ ...world, phone: { ...world.phone, numbers } });
export const withHandles = (world: IdentityWorld, handles: HandleRegistry): IdentityWorld => ({ ...world, handle: { ...world.handle, handles } });
