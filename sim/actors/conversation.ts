import type { GroupName } from './protocol.ts';

/**
 * The conversation a group belongs to. A conversation is one MLS group `name@home`, or, behind a
 * re-encrypting bridge, one group per provider named `name.provider@provider`.
 */
export function conversationOf(group: GroupName): string {
  const at = group.lastIndexOf('@');
  // A conversation moved to a new group (post-quantum migration) keeps its name: `g3~2@p` is `g3`.
  const name = (at < 0 ? group : group.slice(0, at)).replace(/~\d+$/, '');
  const home = at < 0 ? '' : group.slice(at + 1);
  return name.endsWith(`.${home}`) ? name.slice(0, name.length - home.length - 1) : name;
}

/** The per-provider group of a bridged conversation. */
export const bridgedGroup = (conversation: string, provider: string): GroupName => `${conversation}.${provider}@${provider}` as GroupName;
