/**
 * File extensions of binary formats that are never text: images, fonts, audio, video, archives,
 * compiled objects. A binary file with one of these is expected, so it is noted as a
 * `binary-asset` (counted in the text summary) rather than warned about one by one; an unexpected
 * binary file (`config.json` with NUL bytes) is still a warning.
 */
const BINARY_ASSET_EXTENSIONS = new Set([
  "png",
  "jpg",
  "jpeg",
  "gif",
  "bmp",
  "ico",
  "icns",
  "webp",
  "avif",
  "tif",
  "tiff",
  "psd",
  "woff",
  "woff2",
  "ttf",
  "otf",
  "eot",
  "mp3",
  "wav",
  "ogg",
  "flac",
  "m4a",
  "mp4",
  "mov",
  "avi",
  "webm",
  "mkv",
  "zip",
  "gz",
  "tgz",
  "bz2",
  "xz",
  "7z",
  "rar",
  "jar",
  "war",
  "whl",
  "pdf",
  "exe",
  "dll",
  "so",
  "dylib",
  "o",
  "a",
  "class",
  "pyc",
  "wasm",
]);

/** True when `path` (any separator) ends in a known binary asset extension, case-insensitively. */
export function isKnownBinaryAsset(path: string): boolean {
  const name = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 && BINARY_ASSET_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}
