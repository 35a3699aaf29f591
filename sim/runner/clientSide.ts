import type { NodeId } from '../core/index.ts';
import type { ClientSide } from '../actors/abuse/clientSide.ts';
import { ContactBook } from '../actors/abuse/contactBook.ts';
import { SpamGuard } from '../actors/abuse/spamGuard.ts';
import { DisappearingMessages } from '../actors/abuse/disappearing.ts';
import { NameDisplay } from '../actors/abuse/nameDisplay.ts';
import { Inbox } from '../actors/inbox.ts';
import type { UserId } from '../actors/protocol.ts';
import type { World } from '../actors/world.ts';
import type { Scenario } from '../../scenarios/schema.ts';

/**
 * The client-side machinery of a run: the inbox every decrypted message passes, the contact book, and
 * the spam defenses when the scenario has a spammer or one of them, disappearing messages when the
 * workload uses them (nothing is installed otherwise, so runs without them do what they did before).
 */
export function buildClientSide(s: Scenario, world: World, userOf: (device: NodeId) => UserId | undefined, implementsTimers?: (device: NodeId) => boolean): ClientSide {
  const inbox = new Inbox();
  const contacts = new ContactBook();
  const qualified = s.defenses.qualifiedDisplay;
  const names = new NameDisplay(s.identity.namespace, (p) => qualified !== undefined && (qualified.providers === undefined || qualified.providers.includes(p)));
  const wantsSpam = s.defenses.spam !== undefined || s.attackers.some((a) => a.kind === 'spammer');
  const spam = wantsSpam ? new SpamGuard(world, contacts, s.defenses.spam ?? {}, userOf) : undefined;
  spam?.install(inbox);
  const timers = s.workload.disappearing;
  const disappearing = timers !== undefined ? new DisappearingMessages(world, timers, s.defenses.disappearingCheck, implementsTimers) : undefined;
  disappearing?.install(inbox);
  return { inbox, contacts, names, ...(spam && { spam }), ...(disappearing && { disappearing }) };
}
