import { lastAtMost } from "../text/sortedSearch.js";

/**
 * Maps character offsets in a text to 1-based line and column numbers. A line ends at `\n`,
 * `\r\n` or a lone `\r`, so files with any line-ending convention number their lines as editors do.
 */
export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10) starts.push(i + 1);
      else if (code === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  /** 0-based line index of an offset. */
  private lineAt(offset: number): number {
    return lastAtMost(this.starts, offset);
  }

  /** 1-based line and column of an offset (columns count UTF-16 code units; the SARIF run declares `columnKind: utf16CodeUnits`). */
  position(offset: number): { line: number; column: number } {
    const line = this.lineAt(offset);
    return { line: line + 1, column: offset - (this.starts[line] as number) + 1 };
  }

  /** The text of the line holding `offset`, without its terminator. */
  lineText(offset: number): { text: string; start: number } {
    const line = this.lineAt(offset);
    const start = this.starts[line] as number;
    let end = line + 1 < this.starts.length ? (this.starts[line + 1] as number) : this.text.length;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return { text: this.text.slice(start, end), start };
  }

  /** The text of the line before the one holding `offset`, or undefined on the first line. */
  previousLineText(offset: number): string | undefined {
    const start = this.starts[this.lineAt(offset)] as number;
    return start === 0 ? undefined : this.lineText(start - 1).text;
  }
}
