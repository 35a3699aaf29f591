import type { NodeId, SimTime } from '../core/index.ts';
import { parseContentCapabilities, rolloutCurve, type ContentCapabilities } from '../content/index.ts';
import type { ClientPolicy } from '../actors/content/clientPolicy.ts';
import { ContentRuntime, type ContentSettings } from '../actors/content/contentRuntime.ts';
import type { Exposures } from '../actors/exposures.ts';
import type { SentPlaintexts } from '../actors/sentPlaintexts.ts';
import type { World } from '../actors/world.ts';
import type { MlsEngine } from '../mls/engine.ts';
import { BUILTIN_PROFILES, type ClientsConfig } from '../../scenarios/contentSchema.ts';
import type { Scenario } from '../../scenarios/schema.ts';

/**
 * The content layer a scenario describes: each provider's client policy (profile, suites, upgrades,
 * fallback) and the shared settings. A re-encrypting bridge is a translator between ecosystems: it
 * advertises what every provider's clients rendered at the start (the intersection), so content it
 * cannot map is dropped on the way, and every suite any client will ever speak.
 */
export function buildContentRuntime(s: Scenario, world: World, engine: MlsEngine, plaintexts: SentPlaintexts, exposures: Exposures, end: SimTime, bridgeNode: NodeId | undefined): ContentRuntime {
  const c = s.content;
  const profile = (name: string, field: string): ContentCapabilities => {
    const p = c.profiles[name] ?? BUILTIN_PROFILES[name];
    if (p === undefined) throw new RangeError(`${field}: "${name}" names no profile`);
    return parseContentCapabilities(p, field);
  };
  const policies = new Map<string, ClientPolicy>();
  for (const p of s.providers) {
    const cfg: ClientsConfig = c.clients[p.id] ?? { profile: 'full', mls: true, fallback: 'none', upgrades: [] };
    const at = `content.clients.${p.id}`;
    policies.set(p.id, {
      content: profile(cfg.profile, `${at}.profile`),
      ciphersuites: cfg.mls ? (p.ciphersuites ?? s.mls.ciphersuites) : [],
      fallback: cfg.fallback,
      upgrades: cfg.upgrades.map((u, i) => ({
        ...(u.profile !== undefined && { content: profile(u.profile, `${at}.upgrades[${i}].profile`) }),
        ...(u.ciphersuites !== undefined && { ciphersuites: u.ciphersuites }),
        curve: rolloutCurve(u.curve, `${at}.upgrades[${i}].curve`),
      })),
    });
  }
  const all = [...policies.values()];
  const everySuite = [...new Set(all.flatMap((p) => [...p.ciphersuites, ...p.upgrades.flatMap((u) => u.ciphersuites ?? [])]))];
  const shared = <T,>(xs: readonly (readonly T[])[]): T[] => (xs[0] ?? []).filter((x) => xs.every((l) => l.includes(x)));
  const bridge: ClientPolicy = {
    content: {
      mediaTypes: shared(all.map((p) => p.content.mediaTypes)),
      partKinds: shared(all.map((p) => p.content.partKinds)),
      honorsExpiry: all.every((p) => p.content.honorsExpiry),
    },
    ciphersuites: everySuite.length > 0 ? everySuite : s.mls.ciphersuites,
    fallback: 'none',
    upgrades: [],
  };
  const settings: ContentSettings = {
    mix: { ...c.mix, images: c.images, customTypes: c.customTypes },
    representation: c.representation,
    suitePreference: c.suitePreference,
    migrateToPostQuantum: c.migrateToPostQuantum,
    authenticatedCapabilities: c.authenticatedCapabilities,
    e2eeIndicator: s.identity.verification === 'provider-attested' ? 'verified' : 'encrypted',
    suites: engine.ciphersuites,
    end,
    policyOf: (device) => {
      const home = device.slice(0, device.indexOf('/'));
      if (home === bridgeNode) return bridge;
      const p = policies.get(home);
      if (p === undefined) throw new Error(`content: no client policy for ${device}`);
      return p;
    },
  };
  return new ContentRuntime(world, engine, settings, plaintexts, exposures);
}
