import type { RegexAnchor } from "../rules/anchors.js";
import type { CompiledRule } from "../rules/types.js";

/**
 * A rule's regex in the form tried at one place: sticky, `[\s\S]{0,maxOffset}?` in front and the
 * rule's own pattern in one more (first) capturing group. From a position `s` it finds the match
 * the plain regex would find first among those starting in `[s, s + maxOffset]`, and group 1
 * holds that match (the other groups are numbered one higher than in the rule's pattern).
 */
export interface WindowedRegex {
  maxOffset: number;
  regex: RegExp;
}

/** The windowed form of an anchored rule's regex. */
export function windowedRegex(rule: CompiledRule, anchor: RegexAnchor): WindowedRegex {
  const flags = rule.regex.flags.replace("g", "") + "y";
  return {
    maxOffset: anchor.maxOffset,
    regex: new RegExp(`[\\s\\S]{0,${anchor.maxOffset}}?(${rule.regex.source})`, flags),
  };
}

/**
 * Every match of the rule in `text`, exactly as a global search from offset 0 finds them, trying
 * only near `starts` (sorted offsets of anchor literals): a match contains an anchor literal
 * starting at most `maxOffset` after it, so no other place can start one. After a match the search
 * goes on from its end (one further for an empty match), as a global search does. Yields the
 * windowed regex's results (the rule's match is group 1).
 */
export function* windowedMatches(
  windowed: WindowedRegex,
  text: string,
  starts: ArrayLike<number>,
): Generator<RegExpExecArray> {
  const { regex, maxOffset } = windowed;
  let from = 0;
  for (let i = 0; i < starts.length; ) {
    const literal = starts[i] as number;
    if (literal < from) {
      i++;
      continue;
    }
    const start = Math.max(from, literal - maxOffset);
    regex.lastIndex = start;
    const match = regex.exec(text);
    if (!match) {
      from = start + maxOffset + 1;
      i++;
      continue;
    }
    const [matchStart, matchEnd] = match.indices?.[1] ?? [start, start];
    from = matchEnd > matchStart ? matchEnd : matchEnd + 1;
    yield match;
  }
}
