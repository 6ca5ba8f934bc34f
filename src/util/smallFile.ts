import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

/** Why a small input file (config, rules, ignore file, baseline) could not be read. */
class SmallFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SmallFileError";
  }
}

/**
 * Reads a file the user or the scanned repository points us at (a config, rules file, ignore
 * file or baseline) as UTF-8, refusing anything that could hang or exhaust the process: it is
 * opened non-blocking (a FIFO cannot stall the open), must be a regular file (not a FIFO, a
 * device such as `/dev/zero` behind a link, or a directory) and at most `maxBytes` long; a file
 * that grows while being read is refused too. Undefined when it does not exist;
 * a SmallFileError, whose message quotes nothing of the file, otherwise.
 */
export function readSmallFile(path: string, maxBytes: number): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new SmallFileError(`cannot read: ${code ?? "error"}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile())
      throw new SmallFileError(
        stats.isDirectory()
          ? "is a directory, not a file"
          : "not a regular file (a FIFO, device or socket); refusing to read it",
      );
    if (stats.size > maxBytes)
      throw new SmallFileError(`larger than ${maxBytes} bytes (${stats.size}); refusing to read it`);
    // One byte more than its size: reading that far means it grew while being read.
    const buffer = Buffer.alloc(stats.size + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read)
      read = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > stats.size) throw new SmallFileError("changed while being read; try again");
    return buffer.subarray(0, length).toString("utf8");
  } catch (error) {
    if (error instanceof SmallFileError) throw error;
    throw new SmallFileError(`cannot read: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  } finally {
    closeSync(fd);
  }
}
