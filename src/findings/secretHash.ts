import { createHmac, scrypt, scryptSync } from "node:crypto";
import { shannonEntropy } from "../detect/entropy.js";
import { BoundedMemo } from "../util/boundedMemo.js";

/**
 * The fixed, versioned salt of the reported secret hash. It is public: it only keeps a table built
 * for another tool's hashes from applying. Bump the version if the recipe changes (fingerprints,
 * which derive from the hash, change with it).
 */
const DOMAIN_SALT = "secretscan/secret-hash/v1";

/** scrypt cost: N = 2^13, r = 8 (8 MiB), about 10–20 ms of CPU per hash, so a dictionary costs that per guess. */
const SCRYPT_OPTIONS = { N: 1 << 13, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const HASH_BYTES = 32;

/**
 * Below these a secret could be a word, a phrase or a short, hex-only or patterned string: a
 * dictionary or a brute force could reach it, so its hash is slow. At or above both (at least
 * 32 × 4.5 = 144 bits of character entropy: a random base62 or base64 token, a key body), no
 * guessing can, and a fast hash is as safe. Words and leetspeak stay well under 4.5 bits per
 * character, hex under 4. Whitespace marks a phrase, except inside a long body such as a PEM key.
 */
const UNGUESSABLE_MIN_LENGTH = 32;
const UNGUESSABLE_MIN_BITS_PER_CHAR = 4.5;
const KEY_BODY_MIN_LENGTH = 100;

/** Whether a secret is short or plain enough that testing guesses against its hash could find it. */
export function isGuessable(secret: string): boolean {
  const body = secret.replace(/\s+/g, "");
  if (body.length !== secret.length && body.length < KEY_BODY_MIN_LENGTH) return true;
  if (body.length < UNGUESSABLE_MIN_LENGTH) return true;
  return shannonEntropy(body) < UNGUESSABLE_MIN_BITS_PER_CHAR;
}

/**
 * Whether a match's hash must be the slow one: a guessable secret that authorises. An identifier
 * (an access key id, a client id) authorises nothing, so slowing guesses at it protects nothing.
 */
function needsSlowHash(secret: string, kind?: string): boolean {
  return kind !== "identifier" && guessableSecrets.get(secret, isGuessable);
}

/** Secrets whose guessability and HMAC hash are remembered at most (see `BoundedMemo`). */
const MAX_REMEMBERED = 65_536;

/**
 * `isGuessable`'s answers so far, by secret: it is asked once as a match's hash is prepared and
 * once as its finding is built, and one key in 38k versions of a file cost 0.6 s of entropy counts.
 */
const guessableSecrets = new BoundedMemo<string, boolean>(MAX_REMEMBERED);

/** Slow hashes already derived in this process, by secret: each distinct secret pays the cost once. */
const slowHashes = new Map<string, string>();

/**
 * The organisation's key, if it set one: `SECRETSCAN_HASH_KEY`. Read at hash time, so the CLI and
 * the programmatic API hash alike.
 */
function hashKey(): string | undefined {
  const key = process.env.SECRETSCAN_HASH_KEY;
  return key === undefined || key === "" ? undefined : key;
}

/**
 * The hash of a secret that reports, groupings and fingerprints carry. A plain SHA-256 would let
 * anyone holding a report test a dictionary against it at billions of guesses per second, so a
 * guessable secret that authorises (see `needsSlowHash`) gets a slow one: scrypt under a fixed
 * domain salt (deterministic, so the same secret has the same hash in every run and on every
 * machine). A random token of 144+ bits cannot be guessed at any speed, nor does an identifier need
 * hiding, so those get HMAC-SHA256 under the same public salt: scrypt's ~30 ms per distinct secret
 * was most of a history audit's hashing cost. With `SECRETSCAN_HASH_KEY` set every hash is an
 * HMAC-SHA256 under that key, which no dictionary can be tested against without the key. Hex, 64
 * characters.
 */
export function secretHashOf(secret: string, kind?: string): string {
  const key = hashKey();
  if (key === undefined && needsSlowHash(secret, kind)) return slowHashOf(secret);
  if (fastHashes.key !== key) fastHashes = { key, bySecret: new BoundedMemo(MAX_REMEMBERED) };
  return fastHashes.bySecret.get(secret, () =>
    createHmac("sha256", key ?? DOMAIN_SALT)
      .update(`${DOMAIN_SALT}\0${secret}`)
      .digest("hex"),
  );
}

/**
 * HMAC hashes already computed in this process, under the key they were computed with: one
 * Algolia search key in 38k versions of jekyll's generated pages cost 0.4 s of HMACs (10 µs each).
 */
let fastHashes: { key: string | undefined; bySecret: BoundedMemo<string, string> } = {
  key: undefined,
  bySecret: new BoundedMemo(MAX_REMEMBERED),
};

function slowHashOf(secret: string): string {
  let hash = slowHashes.get(secret);
  if (hash === undefined) {
    hash = scryptSync(secret, DOMAIN_SALT, HASH_BYTES, SCRYPT_OPTIONS).toString("hex");
    slowHashes.set(secret, hash);
  }
  return hash;
}

/** Slow hashes being derived right now, by secret: a secret seen again meanwhile waits for the same one. */
const inFlight = new Map<string, Promise<void>>();

/**
 * Derives the slow hashes `secretHashOf` will need for these matches on libuv's thread pool, so a
 * run's main thread keeps reading and matching meanwhile; `secretHashOf` then finds them ready. A
 * secret already being derived (the same key in many blobs read at once) is derived once.
 */
export async function prepareSecretHashes(matches: Iterable<{ secret: string; kind?: string }>): Promise<void> {
  if (hashKey() !== undefined) return;
  const waits: Promise<void>[] = [];
  for (const { secret, kind } of matches) {
    if (!needsSlowHash(secret, kind) || slowHashes.has(secret)) continue;
    let derivation = inFlight.get(secret);
    if (!derivation) {
      derivation = deriveInto(secret).finally(() => inFlight.delete(secret));
      inFlight.set(secret, derivation);
    }
    waits.push(derivation);
  }
  await Promise.all(waits);
}

/** Derives one secret's scrypt hash on the thread pool and keeps it for `secretHashOf`. */
function deriveInto(secret: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    scrypt(secret, DOMAIN_SALT, HASH_BYTES, SCRYPT_OPTIONS, (error, derived) => {
      if (error) reject(error);
      else {
        slowHashes.set(secret, derived.toString("hex"));
        resolve();
      }
    });
  });
}
