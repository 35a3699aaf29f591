/** A study's JSON with the values measured in wall-clock time (compare's crypto milliseconds) blanked: the rest is deterministic. */
export const withoutWallClock = (json: string): string => JSON.stringify(JSON.parse(json), (k, v: unknown) => (k === 'cryptoCpuMsPerMessage' || k === 'mpcCryptoMsPerUser' ? 'measured wall time' : v), 2);
