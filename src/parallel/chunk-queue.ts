/**
 * The jobs still to hand out, as chunks: first any jobs to run again (they were queued on a
 * worker terminated for another job's timeout), then the next chunk in dispatch order. A queue of
 * job indices only; who takes a chunk is the runner's business (piscina's task_queue split).
 */
export class ChunkQueue {
  private readonly chunks: number[][] = [];
  private next = 0;
  private readonly retry: number[] = [];

  /** Cuts `order` (the dispatch order of the job indices) into chunks of `chunksize`. */
  constructor(
    order: readonly number[],
    private readonly chunksize: number,
  ) {
    for (let k = 0; k < order.length; k += chunksize) this.chunks.push(order.slice(k, k + chunksize));
  }

  /** Chunks left to hand out (jobs to run again count as chunks of up to `chunksize`). */
  get size(): number {
    return this.chunks.length - this.next + Math.ceil(this.retry.length / this.chunksize);
  }

  /** The next chunk's job indices, or undefined when there is none. */
  shift(): number[] | undefined {
    if (this.retry.length > 0) return this.retry.splice(0, this.chunksize);
    if (this.next < this.chunks.length) return this.chunks[this.next++];
    return undefined;
  }

  /** Puts jobs back at the front, to go out again first, in the order given. */
  pushFront(indices: readonly number[]): void {
    this.retry.unshift(...indices);
  }
}
