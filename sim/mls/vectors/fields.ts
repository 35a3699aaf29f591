// Reading a vector case's fields. The file reader (sim/mlsVectors) checked each case's shape against
// its kind's field list before any check runs, so these only convert.
export type VectorCase = Readonly<Record<string, unknown>>;

export const hexOf = (c: VectorCase, field: string): Uint8Array => Uint8Array.from(Buffer.from(c[field] as string, 'hex'));
export const optionalHexOf = (c: VectorCase, field: string): Uint8Array | undefined =>
  c[field] === null || c[field] === undefined ? undefined : hexOf(c, field);
export const numberOf = (c: VectorCase, field: string): number => c[field] as number;
export const objectOf = (c: VectorCase, field: string): VectorCase => c[field] as VectorCase;
export const arrayOf = (c: VectorCase, field: string): readonly unknown[] => c[field] as unknown[];
export const hex = (s: unknown): Uint8Array => Uint8Array.from(Buffer.from(s as string, 'hex'));
