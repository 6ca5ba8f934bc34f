import { describe, expect, it } from "vitest";
import { charTable } from "../../src/detect/charTables.js";
import {
  backslashEscapeLength,
  escapedRuns,
  percentEscapeLength,
  type RunSyntax,
} from "../../src/detect/escapedRuns.js";

const PERCENT: RunSyntax = {
  introducer: "%",
  plain: charTable("abcdefghijklmnopqrstuvwxyz0123456789=&"),
  escapeLength: percentEscapeLength,
};
const ESCAPE: RunSyntax = {
  introducer: "\\",
  plain: charTable("abcdefghijklmnopqrstuvwxyz"),
  escapeLength: backslashEscapeLength,
};

const runsOf = (text: string, syntax: RunSyntax, min = 3) =>
  escapedRuns(text, syntax, min).map(([start, end]) => text.slice(start, end));

describe("escaped runs", () => {
  it("takes the plain characters on both sides of the escapes into the run", () => {
    expect(runsOf(" q=a%41b%42%43c&x ", PERCENT)).toEqual(["q=a%41b%42%43c&x"]);
  });

  it("needs enough valid escapes; invalid ones end a run", () => {
    expect(runsOf("%41%42 %zz%43", PERCENT)).toEqual([]);
    expect(runsOf("%41%42%%43%44%45", PERCENT)).toEqual(["%43%44%45"]);
    expect(runsOf("%4", PERCENT, 1)).toEqual([]);
  });

  it("finds runs that reach the end of the text, and several runs", () => {
    expect(runsOf("a%41%42%43 b%44%45%46", PERCENT)).toEqual(["a%41%42%43", "b%44%45%46"]);
  });

  it("reads \\uXXXX and \\xXX escapes and rejects short ones", () => {
    expect(runsOf('"\\u0061\\x62\\u0063d"', ESCAPE)).toEqual(["\\u0061\\x62\\u0063d"]);
    expect(runsOf("\\u006\\x6\\n\\t", ESCAPE, 1)).toEqual([]);
  });
});
