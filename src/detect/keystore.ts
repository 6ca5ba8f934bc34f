/**
 * Recognises keystore files by their leading bytes, so a `.p12`/`.jks` that is empty, a text stub
 * or random bytes is not reported as a keystore. Pure.
 */

/** Leading bytes a structure check needs. */
export const KEYSTORE_HEAD_BYTES = 16;

/**
 * True when `head` starts like a keystore: a PKCS#12 PFX (RFC 7292: a DER/BER SEQUENCE whose first
 * element is INTEGER 3, the version), a Java KeyStore (magic 0xFEEDFEED), a JCEKS store
 * (0xCECECECE) or a Bouncy Castle BKS/UBER store (version 1 or 2, then a 20-byte salt's length).
 */
export function looksLikeKeystore(head: Uint8Array): boolean {
  if (head.length < 8) return false;
  const word = (at: number) =>
    (((head[at] as number) << 24) |
      ((head[at + 1] as number) << 16) |
      ((head[at + 2] as number) << 8) |
      (head[at + 3] as number)) >>>
    0;
  const magic = word(0);
  if (magic === 0xfeedfeed || magic === 0xcececece) return true;
  if ((magic === 1 || magic === 2) && word(4) === 20) return true;
  return isPkcs12Pfx(head);
}

/** SEQUENCE, a definite (short or 1-4 byte long form) or BER indefinite length, then INTEGER 3. */
function isPkcs12Pfx(head: Uint8Array): boolean {
  if (head[0] !== 0x30) return false;
  const length = head[1] as number;
  let at = 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets > 4) return false;
    at += octets;
  }
  return head[at] === 0x02 && head[at + 1] === 0x01 && head[at + 2] === 0x03;
}
