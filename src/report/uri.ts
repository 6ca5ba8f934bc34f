import { pathToFileURL } from "node:url";

/** Replaces lone UTF-16 surrogates with U+FFFD so `encodeURIComponent` cannot throw on odd file names. */
function toWellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/**
 * Turns a `/`-separated path relative to the scan root into a relative URI reference (RFC 3986):
 * each segment is percent-encoded on its own (spaces, `#`, `%`, `?`, `:` and non-ASCII become
 * `%XX` UTF-8 escapes) and the `/` separators are kept. Encoding `:` also stops a first segment
 * such as `c:` from being read as a URI scheme. A byte of a name that is not UTF-8, which report
 * paths spell `\xNN`, becomes that byte again (`%NN`), so the URI names the file exactly.
 */
export function encodeRelativeUri(path: string): string {
  return toWellFormed(path)
    .split("/")
    .map((segment) =>
      encodeURIComponent(segment).replace(/%5Cx([89a-f][0-9a-f])/gi, (_, hex: string) => `%${hex.toUpperCase()}`),
    )
    .join("/");
}

/**
 * The `file:` URL of an absolute directory, ending with `/` as SARIF requires for a base URI
 * (without the slash, relative references would resolve against the directory's parent).
 */
export function directoryFileUrl(absolutePath: string): string {
  const href = pathToFileURL(toWellFormed(absolutePath)).href;
  return href.endsWith("/") ? href : `${href}/`;
}

/** True when `text` parses as an absolute `http:` or `https:` URL; used to pick a rule's help link. */
export function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
