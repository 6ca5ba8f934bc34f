/**
 * Answers of a pure function remembered by input, at most `limit` of them: past that the memo
 * starts afresh, so memory stays bounded however many inputs a run meets. For work repeated on the
 * same input many times over, such as one secret kept in thousands of versions of a file.
 */
export class BoundedMemo<K, V> {
  private readonly answers = new Map<K, V>();

  constructor(private readonly limit: number) {}

  /** The remembered answer for `input`, else `compute(input)`, remembered. */
  get(input: K, compute: (input: K) => V): V {
    let answer = this.answers.get(input);
    if (answer === undefined) {
      if (this.answers.size >= this.limit) this.answers.clear();
      answer = compute(input);
      this.answers.set(input, answer);
    }
    return answer;
  }
}
