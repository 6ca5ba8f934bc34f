import { RegExpParser } from "@eslint-community/regexpp";
import type { Alternative, Element, Pattern } from "@eslint-community/regexpp/ast";

/**
 * Literals one of which every match of a regex contains, starting at most `maxOffset` characters
 * after the match starts: lower-case ASCII, at least `MIN_LITERAL` characters. A match can then
 * only start in `[p - maxOffset, p]` for an occurrence `p` of one of them, so the detector tries
 * the regex there instead of at every position of a chunk. Derived from the pattern's syntax, so
 * it holds for any input; a pattern whose structure does not guarantee such literals has none.
 */
export interface RegexAnchor {
  literals: string[];
  maxOffset: number;
}

/** Shorter literals occur too often to narrow anything down. */
const MIN_LITERAL = 3;
/** Farther than this from the match start, a literal narrows too little to be worth the windows. */
const MAX_OFFSET = 64;

/** What the analysis knows of a piece of pattern: its longest match (code units) and its anchor, if any. */
interface Shape {
  maxLength: number;
  anchor?: RegexAnchor | undefined;
}

/**
 * The anchor of `source` (compiled without the `u` or `v` flag, so one character is one code unit),
 * or undefined. Undefined too for patterns with numbered backreferences, which the detector's
 * windowed form (it wraps the pattern in one more group) would renumber.
 */
export function regexAnchor(source: string): RegexAnchor | undefined {
  let pattern: Pattern;
  try {
    pattern = new RegExpParser({ ecmaVersion: 2025 }).parsePattern(source, undefined, undefined, { unicode: false });
  } catch {
    return undefined;
  }
  if (/\\[1-9]/.test(source.replace(/\\\\/g, "")) && hasNumberedBackreference(pattern)) return undefined;
  const anchor = alternativesShape(pattern.alternatives).anchor;
  return anchor && anchor.maxOffset <= MAX_OFFSET
    ? { literals: [...new Set(anchor.literals)].sort(), maxOffset: anchor.maxOffset }
    : undefined;
}

function hasNumberedBackreference(pattern: Pattern): boolean {
  const visit = (elements: Element[]): boolean =>
    elements.some((element) => {
      if (element.type === "Backreference") return typeof element.ref === "number";
      if (element.type === "Quantifier") return visit([element.element]);
      if ("alternatives" in element) return element.alternatives.some((alternative) => visit(alternative.elements));
      return false;
    });
  return pattern.alternatives.some((alternative) => visit(alternative.elements));
}

/** One of several alternatives matches: anchored only when every one of them is. */
function alternativesShape(alternatives: Alternative[]): Shape {
  const shapes = alternatives.map((alternative) => sequenceShape(alternative.elements));
  const maxLength = Math.max(0, ...shapes.map((shape) => shape.maxLength));
  if (shapes.some((shape) => !shape.anchor)) return { maxLength };
  const anchors = shapes.map((shape) => shape.anchor as RegexAnchor);
  return {
    maxLength,
    anchor: {
      literals: anchors.flatMap((anchor) => anchor.literals),
      maxOffset: Math.max(...anchors.map((anchor) => anchor.maxOffset)),
    },
  };
}

/**
 * Elements matched one after another: the first anchor found while the distance from the start is
 * bounded, where a run of literal characters is itself an anchor at the offset it starts at.
 */
function sequenceShape(elements: Element[]): Shape {
  let offset = 0;
  let anchor: RegexAnchor | undefined;
  let run = "";
  let runStart = 0;
  const endRun = () => {
    if (!anchor && run.length >= MIN_LITERAL && Number.isFinite(runStart))
      anchor = { literals: [run], maxOffset: runStart };
    run = "";
  };
  for (const element of elements) {
    const char = literalChar(element);
    if (char !== undefined) {
      if (run === "") runStart = offset;
      run += char;
      offset += 1;
      continue;
    }
    endRun();
    const shape = elementShape(element);
    if (!anchor && shape.anchor && Number.isFinite(offset))
      anchor = { literals: shape.anchor.literals, maxOffset: offset + shape.anchor.maxOffset };
    offset += shape.maxLength;
  }
  endRun();
  return { maxLength: offset, anchor };
}

function elementShape(element: Element): Shape {
  switch (element.type) {
    case "Assertion":
      return { maxLength: 0 };
    case "Character":
    case "CharacterClass":
    case "CharacterSet":
    case "ExpressionCharacterClass":
      return { maxLength: 1 };
    case "Backreference":
      return { maxLength: Infinity };
    case "Quantifier": {
      const inner = elementShape(element.element);
      const maxLength = element.max === 0 || inner.maxLength === 0 ? 0 : element.max * inner.maxLength;
      return element.min >= 1 ? { maxLength, anchor: inner.anchor } : { maxLength };
    }
    case "Group":
    case "CapturingGroup":
      return alternativesShape(element.alternatives);
    default:
      return { maxLength: Infinity };
  }
}

/**
 * The lower-case ASCII character an element always matches (case aside): a literal character, or a
 * class of one letter's two cases such as `[Tt]`. The keyword scan that finds anchors ignores case,
 * so lower-casing only ever finds more occurrences, never fewer.
 */
function literalChar(element: Element): string | undefined {
  if (element.type === "Character") return asciiLower(element.value);
  if (element.type !== "CharacterClass" || element.negate || element.elements.length === 0) return undefined;
  const chars = element.elements.map((member) => (member.type === "Character" ? asciiLower(member.value) : undefined));
  const first = chars[0];
  return first !== undefined && chars.every((char) => char === first) ? first : undefined;
}

function asciiLower(code: number): string | undefined {
  if (code < 0x20 || code > 0x7e) return undefined;
  return String.fromCharCode(code).toLowerCase();
}
