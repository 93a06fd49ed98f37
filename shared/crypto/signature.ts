import { concatBytes, utf8 } from './bytes';
import { sodium } from './sodium';

/**
 * Every signature covers a domain-separation prefix, so bytes signed for one purpose can never be
 * presented as another (an envelope as a roster entry, a key wrap as a relay login, …).
 */
export const SignatureDomain = {
  envelope: 'unity-table/v1/envelope',
  keyWrap: 'unity-table/v1/key-wrap',
  roster: 'unity-table/v1/roster',
  relayAuth: 'unity-table/v1/relay-auth',
  invite: 'unity-table/v1/invite',
  bundle: 'unity-table/v1/bundle',
  roundOpen: 'unity-table/v1/round-open',
  ballot: 'unity-table/v1/ballot',
  roundClose: 'unity-table/v1/round-close',
  profile: 'unity-table/v1/profile',
  provenance: 'unity-table/v1/provenance',
  report: 'unity-table/v1/report',
  triage: 'unity-table/v1/triage',
  change: 'unity-table/v1/change',
} as const;
export type SignatureDomain = (typeof SignatureDomain)[keyof typeof SignatureDomain];

/** `domain ‖ 0x00`, encoded once per domain. */
const prefixes = new Map<SignatureDomain, Uint8Array>();
const prefixOf = (domain: SignatureDomain): Uint8Array => {
  let prefix = prefixes.get(domain);
  if (!prefix) prefixes.set(domain, (prefix = concatBytes(utf8(domain), new Uint8Array([0]))));
  return prefix;
};

/** The signed bytes: the domain's prefix, then the message's parts, in one copy. */
const prefixed = (domain: SignatureDomain, message: Uint8Array | Uint8Array[]) =>
  concatBytes(prefixOf(domain), ...(message instanceof Uint8Array ? [message] : message));

/** Signs `message` (or its parts, concatenated: the same signature as over their concatenation). */
export function sign(
  domain: SignatureDomain,
  message: Uint8Array | Uint8Array[],
  signSecretKey: Uint8Array,
): Uint8Array {
  return sodium().crypto_sign_detached(prefixed(domain, message), signSecretKey);
}

export function verify(
  domain: SignatureDomain,
  message: Uint8Array | Uint8Array[],
  signature: Uint8Array,
  signPublicKey: Uint8Array,
): boolean {
  if (signature.length !== 64 || signPublicKey.length !== 32) return false;
  try {
    return sodium().crypto_sign_verify_detached(signature, prefixed(domain, message), signPublicKey);
  } catch {
    return false;
  }
}
