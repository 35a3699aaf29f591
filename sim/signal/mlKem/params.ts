// ML-KEM-1024's parameter set (FIPS 203 §8): k = 4, eta1 = eta2 = 2 (every noise polynomial is
// SamplePolyCBD_2), du = 11, dv = 5; and the sizes they give.
export const K = 4;
export const DU = 11;
export const DV = 5;
export const EK_LENGTH = 384 * K + 32;
export const DK_PKE_LENGTH = 384 * K;
export const CIPHERTEXT_LENGTH = 32 * (DU * K + DV);
