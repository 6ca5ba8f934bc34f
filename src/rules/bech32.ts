/**
 * Bech32 (BIP-173) checksum verification, used by age identities (`AGE-SECRET-KEY-1…`).
 *
 * A Bech32 string is a human-readable part (HRP), the separator `1` (its last `1`), then data
 * characters from a 32-letter alphabet whose final six are a BCH checksum over the HRP and the
 * data. The checksum is computed over the lower-case form, so upper-case strings (as age prints
 * its keys) verify the same way. This is the original Bech32 constant (1), not Bech32m.
 *
 * Reference: https://github.com/bitcoin/bips/blob/master/bip-0173.mediawiki
 */

const CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3] as const;
/** The polymod residue of a valid Bech32 string (Bech32m uses 0x2bc830a3 instead). */
const BECH32_CONSTANT = 1;
const CHECKSUM_LENGTH = 6;

/** The BIP-173 checksum polynomial over 5-bit values: 1 for a valid HRP-expanded Bech32 string. */
function bech32Polymod(values: readonly number[]): number {
  let chk = 1;
  for (const value of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ value) >>> 0;
    for (let i = 0; i < 5; i++) {
      if ((top >>> i) & 1) chk = (chk ^ (GENERATOR[i] as number)) >>> 0;
    }
  }
  return chk;
}

/** The HRP as the checksum sees it: high bits of each character, a zero, then the low 5 bits. */
function bech32ExpandHrp(hrp: string): number[] {
  const codes = [...hrp.toLowerCase()].map((char) => char.charCodeAt(0));
  return [...codes.map((code) => code >>> 5), 0, ...codes.map((code) => code & 31)];
}

/**
 * True when `text` is a Bech32 string (any HRP, either letter case) whose 6-character checksum
 * verifies. False for a string without a separator, with a character outside the alphabet after
 * it, or with a data part too short to hold a checksum.
 */
export function isValidBech32(text: string): boolean {
  const lower = text.toLowerCase();
  const separator = lower.lastIndexOf("1");
  if (separator < 1 || lower.length - separator - 1 < CHECKSUM_LENGTH) return false;
  const data: number[] = [];
  for (const char of lower.slice(separator + 1)) {
    const value = CHARSET.indexOf(char);
    if (value < 0) return false;
    data.push(value);
  }
  return bech32Polymod([...bech32ExpandHrp(lower.slice(0, separator)), ...data]) === BECH32_CONSTANT;
}
