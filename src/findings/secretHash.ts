import { createHmac, scrypt, scryptSync } from "node:crypto";

/**
 * The fixed, versioned salt of the reported secret hash. It is public: it only keeps a table built
 * for another tool's hashes from applying. Bump the version if the recipe changes (fingerprints,
 * which derive from the hash, change with it).
 */
const DOMAIN_SALT = "secretscan/secret-hash/v1";

/** scrypt cost: N = 2^13, r = 8 (8 MiB), about 10–20 ms of CPU per hash, so a dictionary costs that per guess. */
const SCRYPT_OPTIONS = { N: 1 << 13, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const HASH_BYTES = 32;

/** Hashes already computed in this process, by key and secret: each distinct secret pays the cost once. */
const memo = new Map<string, string>();

/**
 * The organisation's key, if it set one: `SECRETSCAN_HASH_KEY`. Read at hash time, so the CLI and
 * the programmatic API hash alike.
 */
function hashKey(): string | undefined {
  const key = process.env.SECRETSCAN_HASH_KEY;
  return key === undefined || key === "" ? undefined : key;
}

function memoKey(key: string | undefined, secret: string): string {
  return `${key === undefined ? "-" : `k${key.length}:${key}`}\0${secret}`;
}

/**
 * The hash of a secret that reports, groupings and fingerprints carry. A plain SHA-256 would let
 * anyone holding a report test a dictionary against it at billions of guesses per second, so it is
 * slow: scrypt under a fixed domain salt (deterministic, so the same secret has the same hash in
 * every run and on every machine). With `SECRETSCAN_HASH_KEY` set it is an HMAC-SHA256 under that
 * key instead, which no dictionary can be tested against without the key. Hex, 64 characters.
 */
export function secretHashOf(secret: string): string {
  const key = hashKey();
  const slot = memoKey(key, secret);
  const known = memo.get(slot);
  if (known !== undefined) return known;
  const hash =
    key === undefined
      ? scryptSync(secret, DOMAIN_SALT, HASH_BYTES, SCRYPT_OPTIONS).toString("hex")
      : createHmac("sha256", key).update(`${DOMAIN_SALT}\0${secret}`).digest("hex");
  memo.set(slot, hash);
  return hash;
}

/** Hashes being derived right now, by memo key: a secret seen again meanwhile waits for the same one. */
const inFlight = new Map<string, Promise<void>>();

/**
 * Computes the hashes of `secrets` not yet known on libuv's thread pool, so a run's main thread
 * keeps reading and matching while they are derived; `secretHashOf` then finds them ready. A secret
 * already being derived (the same key in many blobs read at once) is derived once.
 */
export async function prepareSecretHashes(secrets: Iterable<string>): Promise<void> {
  const key = hashKey();
  if (key !== undefined) return;
  const waits: Promise<void>[] = [];
  for (const secret of new Set(secrets)) {
    const slot = memoKey(key, secret);
    if (memo.has(slot)) continue;
    let derivation = inFlight.get(slot);
    if (!derivation) {
      derivation = deriveInto(slot, secret).finally(() => inFlight.delete(slot));
      inFlight.set(slot, derivation);
    }
    waits.push(derivation);
  }
  await Promise.all(waits);
}

/** Derives one secret's scrypt hash on the thread pool and stores it in the memo. */
function deriveInto(slot: string, secret: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    scrypt(secret, DOMAIN_SALT, HASH_BYTES, SCRYPT_OPTIONS, (error, derived) => {
      if (error) reject(error);
      else {
        memo.set(slot, derived.toString("hex"));
        resolve();
      }
    });
  });
}
