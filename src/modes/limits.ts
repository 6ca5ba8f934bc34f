/**
 * Default size limit of every mode: files (and blobs) larger than 10 MiB are reported as
 * diagnostics, not read. A module of its own so `staged` and `history` need not load the tree scan.
 */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;
