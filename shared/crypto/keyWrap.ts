import { concatBytes, utf8 } from './bytes';
import { SignatureDomain, sign, verify } from './signature';
import { sodium } from './sodium';

/**
 * A symmetric key sealed to one member's X25519 key. A sealed box hides who sealed it, so the
 * wrapper also signs (context, recipient, sealed bytes): a member accepts a key only from someone
 * entitled to hand it out, and never a key wrapped for another context.
 */
export interface WrappedKey {
  sealed: Uint8Array;
  signature: Uint8Array;
}

const signedPart = (context: string, recipientBoxPublicKey: Uint8Array, sealed: Uint8Array) =>
  concatBytes(utf8(context), new Uint8Array([0]), recipientBoxPublicKey, sealed);

export function wrapKey(
  key: Uint8Array,
  context: string,
  recipientBoxPublicKey: Uint8Array,
  wrapperSignSecretKey: Uint8Array,
): WrappedKey {
  const sealed = sodium().crypto_box_seal(key, recipientBoxPublicKey);
  return {
    sealed,
    signature: sign(SignatureDomain.keyWrap, signedPart(context, recipientBoxPublicKey, sealed), wrapperSignSecretKey),
  };
}

/** Whether `wrapped` was signed by the wrapper for this recipient and context (no secret needed). */
export function wrapSignatureValid(
  wrapped: WrappedKey,
  context: string,
  recipientBoxPublicKey: Uint8Array,
  wrapperSignPublicKey: Uint8Array,
): boolean {
  return verify(
    SignatureDomain.keyWrap,
    signedPart(context, recipientBoxPublicKey, wrapped.sealed),
    wrapped.signature,
    wrapperSignPublicKey,
  );
}

/** The key, or null if the signature is not the wrapper's or the box is not for us. */
export function unwrapKey(
  wrapped: WrappedKey,
  context: string,
  recipient: { boxPublicKey: Uint8Array; boxSecretKey: Uint8Array },
  wrapperSignPublicKey: Uint8Array,
): Uint8Array | null {
  const part = signedPart(context, recipient.boxPublicKey, wrapped.sealed);
  if (!verify(SignatureDomain.keyWrap, part, wrapped.signature, wrapperSignPublicKey)) return null;
  try {
    return sodium().crypto_box_seal_open(wrapped.sealed, recipient.boxPublicKey, recipient.boxSecretKey);
  } catch {
    return null;
  }
}
