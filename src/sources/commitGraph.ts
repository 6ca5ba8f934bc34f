/**
 * The parents of every commit a history walk saw, in the walk's order (parents before children).
 * When the walk covered every ref (`--all`), it answers "which refs contain this commit" for many
 * commits in one pass, as `git for-each-ref --contains` would one commit and one process at a time.
 */
export class CommitGraph {
  private readonly positions = new Map<string, number>();
  private readonly parents: string[][] = [];

  /** Adds a commit; its parents must have been added before it (or be outside the walk: a shallow boundary). */
  add(sha: string, parents: string[]): void {
    if (this.positions.has(sha)) return;
    this.positions.set(sha, this.parents.length);
    this.parents.push(parents);
  }

  /** The parents of `sha` (first parent first), when the walk saw it. */
  parentsOf(sha: string): readonly string[] | undefined {
    const position = this.positions.get(sha);
    return position === undefined ? undefined : this.parents[position];
  }

  /** True when the walk saw `sha`. */
  has(sha: string): boolean {
    return this.positions.has(sha);
  }

  /**
   * For each of `commits`, the names of `refs` (in their given order) whose tip commit reaches it
   * through parents, itself included. Every tip must be in the graph (check with `has`). One pass
   * over the graph, parents first, with a bit per asked commit. Undefined if a commit came before
   * one of its parents (the walk was not in parents-first order), which this pass cannot follow.
   */
  refsContaining(
    commits: readonly string[],
    refs: ReadonlyArray<{ ref: string; tip: string }>,
  ): Map<string, string[]> | undefined {
    const asked = [...new Set(commits)].filter((sha) => this.positions.has(sha));
    const words = Math.max(1, Math.ceil(asked.length / 32));
    const reach = new Uint32Array(this.parents.length * words);
    for (const [bit, sha] of asked.entries()) {
      const at = (this.positions.get(sha) as number) * words + (bit >>> 5);
      reach[at] = (reach[at] as number) | (1 << (bit & 31));
    }
    for (const [position, parents] of this.parents.entries()) {
      for (const parent of parents) {
        const from = this.positions.get(parent);
        if (from === undefined) continue;
        if (from >= position) return undefined;
        for (let word = 0; word < words; word++)
          reach[position * words + word] =
            (reach[position * words + word] as number) | (reach[from * words + word] as number);
      }
    }
    const containing = new Map<string, string[]>(asked.map((sha) => [sha, []]));
    for (const { ref, tip } of refs) {
      const position = this.positions.get(tip);
      if (position === undefined) continue;
      for (const [bit, sha] of asked.entries())
        if (((reach[position * words + (bit >>> 5)] as number) >>> (bit & 31)) & 1) containing.get(sha)?.push(ref);
    }
    return containing;
  }
}
