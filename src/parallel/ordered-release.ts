/**
 * Releases finished jobs to a callback: in job order (Python's `imap`: a job is released once it
 * and every job before it are done) or as they finish (`imap_unordered`).
 */
export class Release {
  private readonly done: boolean[];
  private nextOrdered = 0;

  constructor(
    total: number,
    private readonly ordered: boolean,
    private readonly deliver: (index: number) => void,
  ) {
    this.done = new Array<boolean>(total).fill(false);
  }

  /** Job `index` is done: delivers it, and (in order) every waiting job it unblocks. */
  finish(index: number): void {
    if (this.done[index]) return;
    this.done[index] = true;
    if (!this.ordered) return this.deliver(index);
    while (this.nextOrdered < this.done.length && this.done[this.nextOrdered]) this.deliver(this.nextOrdered++);
  }

  /** Jobs delivered so far, in order mode: every job before this index. */
  get released(): number {
    return this.nextOrdered;
  }
}
