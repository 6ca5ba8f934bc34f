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
  /**
   * The literals as the pattern spells them, case and all: set only for a pattern that no
   * case-free literal anchors (see `exactShape`). Unless the rule ignores case, a match holds one
   * of them exactly, so the many places where a two-letter literal occurs in another case (`ac` in
   * `replace` for `AC[0-9a-f]{32}`) can be passed over.
   */
  exact?: string[];
}

/** Shorter literals occur too often to narrow anything down. */
const MIN_LITERAL = 3;
/** Farther than this from the match start, a literal narrows too little to be worth the windows. */
const MAX_OFFSET = 64;
/** Exact spellings (checked case and all) may be this short: `SK`, `YC`, `0.` and `z_` are rare so spelt. */
const MIN_EXACT_LITERAL = 2;
/** At most this many spellings of one literal: one hex digit's worth, `SK0` to `SKf`. */
const MAX_SPELLINGS = 16;

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
  const isNumberedBackreference = (element: Element) =>
    element.type === "Backreference" && typeof element.ref === "number";
  if (/\\[1-9]/.test(source.replace(/\\\\/g, "")) && hasElement(pattern, isNumberedBackreference)) return undefined;
  const plain = withinReach(alternativesShape(pattern.alternatives, sequenceShape).anchor);
  // A modifier group (`(?i:…)`, Node 23 on) may ignore case where the exact spellings would not.
  const hasModifiers = (element: Element) => element.type === "Group" && Boolean(element.modifiers);
  if (plain || hasElement(pattern, hasModifiers)) return plain;
  return withinReach(alternativesShape(pattern.alternatives, exactShape).anchor);
}

/** `anchor` with its literals distinct and sorted, or undefined when it may start too far away. */
function withinReach(anchor: RegexAnchor | undefined): RegexAnchor | undefined {
  if (!anchor || anchor.maxOffset > MAX_OFFSET) return undefined;
  const distinct = (strings: string[]) => [...new Set(strings)].sort();
  return {
    literals: distinct(anchor.literals),
    maxOffset: anchor.maxOffset,
    ...(anchor.exact ? { exact: distinct(anchor.exact) } : {}),
  };
}

/** How the elements of one alternative are analysed: `sequenceShape`, or `exactShape` for patterns it leaves unanchored. */
type SequenceAnalysis = (elements: Element[]) => Shape;

/** True when some element of `pattern`, at any depth, passes `test`. */
function hasElement(pattern: Pattern, test: (element: Element) => boolean): boolean {
  const visit = (elements: Element[]): boolean =>
    elements.some((element) => {
      if (test(element)) return true;
      if (element.type === "Quantifier") return visit([element.element]);
      if ("alternatives" in element) return element.alternatives.some((alternative) => visit(alternative.elements));
      return false;
    });
  return pattern.alternatives.some((alternative) => visit(alternative.elements));
}

/** One of several alternatives matches: anchored only when every one of them is (exactly only when every one is). */
function alternativesShape(alternatives: Alternative[], analysis: SequenceAnalysis): Shape {
  const shapes = alternatives.map((alternative) => analysis(alternative.elements));
  const maxLength = Math.max(0, ...shapes.map((shape) => shape.maxLength));
  if (shapes.some((shape) => !shape.anchor)) return { maxLength };
  const anchors = shapes.map((shape) => shape.anchor as RegexAnchor);
  const isExact = anchors.every((anchor) => anchor.exact);
  return {
    maxLength,
    anchor: {
      literals: anchors.flatMap((anchor) => anchor.literals),
      maxOffset: Math.max(...anchors.map((anchor) => anchor.maxOffset)),
      ...(isExact ? { exact: anchors.flatMap((anchor) => anchor.exact ?? []) } : {}),
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
    const shape = elementShape(element, sequenceShape);
    if (!anchor && shape.anchor && Number.isFinite(offset))
      anchor = { literals: shape.anchor.literals, maxOffset: offset + shape.anchor.maxOffset };
    offset += shape.maxLength;
  }
  endRun();
  return { maxLength: offset, anchor };
}

/**
 * Elements matched one after another, for patterns `sequenceShape` leaves unanchored (their
 * literals are short, or broken up by small classes: `nf[pcoub]_`, `AC[0-9a-f]{32}`): the first
 * run of contiguous text the pattern spells out in at most `MAX_SPELLINGS` ways, through classes
 * and groups of a few literal spellings (the first repetition of a quantified one ends the run)
 * and zero-width assertions, with every spelling at least `MIN_EXACT_LITERAL` long; an element
 * that would make too many spellings starts the next run. The anchor keeps them as `exact`.
 */
function exactShape(elements: Element[]): Shape {
  let offset = 0;
  let anchor: RegexAnchor | undefined;
  let spellings: string[] = [];
  let runStart = 0;
  const endRun = () => {
    const isLongEnough = spellings.length > 0 && spellings.every((text) => text.length >= MIN_EXACT_LITERAL);
    if (!anchor && isLongEnough && Number.isFinite(runStart))
      anchor = { literals: spellings.map((text) => text.toLowerCase()), maxOffset: runStart, exact: spellings };
    spellings = [];
  };
  for (const element of elements) {
    if (element.type === "Assertion") continue;
    const spelt = elementSpellings(element);
    if (!spelt) {
      endRun();
      const shape = elementShape(element, exactShape);
      if (!anchor && shape.anchor && Number.isFinite(offset))
        anchor = { ...shape.anchor, maxOffset: offset + shape.anchor.maxOffset };
      offset += shape.maxLength;
      continue;
    }
    let crossed = spellings.length === 0 ? spelt.texts : crossSpellings(spellings, spelt.texts);
    if (!crossed) {
      endRun();
      crossed = spelt.texts;
    }
    if (spellings.length === 0) runStart = offset;
    spellings = crossed;
    offset += elementShape(element, exactShape).maxLength;
    if (!spelt.isWhole) endRun();
  }
  endRun();
  return { maxLength: offset, anchor };
}

/** Every `head` followed by every `tail`, or undefined when that is more than `MAX_SPELLINGS`. */
function crossSpellings(heads: readonly string[], tails: readonly string[]): string[] | undefined {
  if (heads.length * tails.length > MAX_SPELLINGS) return undefined;
  return heads.flatMap((head) => tails.map((tail) => head + tail));
}

/**
 * The texts an element matches, when they are at most `MAX_SPELLINGS` printable ASCII strings: a
 * character, a class of a few characters, a group of a few literal spellings. A quantified one
 * gives its first repetition's texts, and is not `isWhole` unless it repeats exactly once.
 */
function elementSpellings(element: Element): { texts: string[]; isWhole: boolean } | undefined {
  switch (element.type) {
    case "Character": {
      const char = printableAscii(element.value);
      return char === undefined ? undefined : { texts: [char], isWhole: true };
    }
    case "CharacterClass": {
      const texts = classCharacters(element);
      return texts && { texts, isWhole: true };
    }
    case "Group":
    case "CapturingGroup": {
      const texts: string[] = [];
      for (const alternative of element.alternatives) {
        let spelt: string[] | undefined = [""];
        for (const part of alternative.elements) {
          const inner = elementSpellings(part);
          spelt = inner?.isWhole ? crossSpellings(spelt, inner.texts) : undefined;
          if (!spelt) return undefined;
        }
        texts.push(...spelt);
      }
      return texts.length <= MAX_SPELLINGS ? { texts, isWhole: true } : undefined;
    }
    case "Quantifier": {
      if (element.min < 1) return undefined;
      const inner = elementSpellings(element.element);
      return inner && { texts: inner.texts, isWhole: inner.isWhole && element.max === 1 };
    }
    default:
      return undefined;
  }
}

/** The characters a plain class (no negation, no escapes such as `\\w`) matches, when there are at most `MAX_SPELLINGS`. */
function classCharacters(element: Element & { type: "CharacterClass" }): string[] | undefined {
  if (element.negate) return undefined;
  const chars = new Set<string>();
  for (const member of element.elements) {
    const [from, to] =
      member.type === "Character"
        ? [member.value, member.value]
        : member.type === "CharacterClassRange"
          ? [member.min.value, member.max.value]
          : [1, 0];
    if (from > to || to - from >= MAX_SPELLINGS) return undefined;
    for (let code = from; code <= to; code++) {
      const char = printableAscii(code);
      if (char === undefined) return undefined;
      chars.add(char);
    }
  }
  return chars.size > 0 && chars.size <= MAX_SPELLINGS ? [...chars] : undefined;
}

function printableAscii(code: number): string | undefined {
  return code < 0x20 || code > 0x7e ? undefined : String.fromCharCode(code);
}

function elementShape(element: Element, analysis: SequenceAnalysis): Shape {
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
      const inner = elementShape(element.element, analysis);
      const maxLength = element.max === 0 || inner.maxLength === 0 ? 0 : element.max * inner.maxLength;
      return element.min >= 1 ? { maxLength, anchor: inner.anchor } : { maxLength };
    }
    case "Group":
    case "CapturingGroup":
      return alternativesShape(element.alternatives, analysis);
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
