// PQXDH key agreement (Signal's PQXDH spec §3.3, as libsignal's ratchet.rs runs it):
// SK material = 0xFF*32 || DH(IK_A, SPK_B) || DH(EK_A, IK_B) || DH(EK_A, SPK_B) [|| DH(EK_A, OPK_B)] || SS_KEM
// HKDF-SHA256(salt = zeros, info "WhisperText_X25519_SHA-256_CRYSTALS-KYBER-1024") -> 96 bytes:
// root key || first chain key || SPQR authentication key (unused here: this ring does not run SPQR).
import { concat } from './bytes.ts';
import { hkdf } from './primitives.ts';

export const PQXDH_INFO = 'WhisperText_X25519_SHA-256_CRYSTALS-KYBER-1024';
const DISCONTINUITY = new Uint8Array(32).fill(0xff);

export function pqxdhDerive(dhs: readonly Uint8Array[], kemSecret: Uint8Array): { rootKey: Uint8Array; chainKey: Uint8Array } {
  const okm = hkdf(concat(DISCONTINUITY, ...dhs, kemSecret), undefined, PQXDH_INFO, 96);
  return { rootKey: okm.subarray(0, 32), chainKey: okm.subarray(32, 64) };
}
