import { isAbsolute, normalize, relative, sep } from "node:path";

/**
 * `path.relative(from, to)` with `/` separators, for the many files below one folder. `to` must be
 * absolute and normalized, as `path.join` and `path.resolve` leave it; when it lies below `from`
 * the result is a slice, since `path.relative` resolves both paths again at every call (a fifth of
 * a tree scan's main thread went there). Any other path goes through `path.relative`.
 */
export function slashPathsFrom(from: string): (to: string) => string {
  const isSliceable = isAbsolute(from) && normalize(from) === from;
  const prefix = from.endsWith(sep) ? from : from + sep;
  return (to) => {
    const isBelow = isSliceable && to.startsWith(prefix) && !to.endsWith(sep);
    const rel = isBelow ? to.slice(prefix.length) : relative(from, to);
    return sep === "/" ? rel : rel.split(sep).join("/");
  };
}
