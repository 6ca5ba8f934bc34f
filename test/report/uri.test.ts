import { describe, expect, it } from "vitest";
import { directoryFileUrl, encodeRelativeUri, isWebUrl } from "../../src/report/uri.js";

describe("encodeRelativeUri", () => {
  it.each([
    ["src/index.ts", "src/index.ts"],
    [".env", ".env"],
    ["my dir/a b.txt", "my%20dir/a%20b.txt"],
    ["notes/#1?.md", "notes/%231%3F.md"],
    ["100%/done", "100%25/done"],
    ["c:/x", "c%3A/x"],
    ["ключ/秘密.txt", "%D0%BA%D0%BB%D1%8E%D1%87/%E7%A7%98%E5%AF%86.txt"],
    ["emoji/🔑.pem", "emoji/%F0%9F%94%91.pem"],
    ["bad\uD800name", "bad%EF%BF%BDname"],
  ])("%s → %s", (path, uri) => {
    expect(encodeRelativeUri(path)).toBe(uri);
  });
});

describe("directoryFileUrl", () => {
  it("encodes the path and ends with one slash", () => {
    expect(directoryFileUrl("/home/dev/my app")).toBe("file:///home/dev/my%20app/");
    expect(directoryFileUrl("/srv/repo/")).toBe("file:///srv/repo/");
    expect(directoryFileUrl("/tmp/#x")).toBe("file:///tmp/%23x/");
  });
});

describe("isWebUrl", () => {
  it("accepts http(s) URLs only", () => {
    expect(isWebUrl("https://docs.github.com/x")).toBe(true);
    expect(isWebUrl("not a url")).toBe(false);
    expect(isWebUrl("javascript:alert(1)")).toBe(false);
  });
});
