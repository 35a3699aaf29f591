/** What the content layer measured in a run: every number is counted where it happened. */
export interface ContentStats {
  /** Messages the workload composed and some device sent (MLS or clear). */
  messages: number;
  /** Of those, with at least one enhanced part. */
  enhancedMessages: number;
  /** Sent to a mixed group whose lowest common denominator dropped a part some member could render. */
  lcdHits: number;
  /** Parts dropped by the lowest common denominator. */
  partsDropped: number;
  /** Per recipient copy that was decrypted (or received in clear) and rendered. */
  full: number;
  fallback: number;
  unreadable: number;
  fidelitySum: number;
  /** Per conversation: sum of fidelities and copies. */
  readonly byConversation: Map<string, { sum: number; copies: number }>;
  /** Messages sent (partly) in clear over the transport fallback, and their recipient copies. */
  clearMessages: number;
  clearCopies: number;
  /** Recipients that could not be reached end-to-end and whose sender does not fall back. */
  unreachableDevices: number;
  /** Security indicator shown with each copy a user read. */
  readonly indicators: { verified: number; encrypted: number; 'not-encrypted': number };
  /** Client upgrades applied, groups moved to a post-quantum suite, capability lists rejected as tampered. */
  upgrades: number;
  migrations: number;
  capabilityRejections: number;
  /** Groups created after negotiation, by whether the suite is post-quantum. */
  groupsCreated: number;
  pqGroupsCreated: number;
}

export const newContentStats = (): ContentStats => ({
  messages: 0,
  enhancedMessages: 0,
  lcdHits: 0,
  partsDropped: 0,
  full: 0,
  fallback: 0,
  unreadable: 0,
  fidelitySum: 0,
  byConversation: new Map(),
  clearMessages: 0,
  clearCopies: 0,
  unreachableDevices: 0,
  indicators: { verified: 0, encrypted: 0, 'not-encrypted': 0 },
  upgrades: 0,
  migrations: 0,
  capabilityRejections: 0,
  groupsCreated: 0,
  pqGroupsCreated: 0,
});
