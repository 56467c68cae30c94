import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

describe('GroupCommit', () => {
  it('commits a lone item at once and gathers those arriving during a commit into the next, reporting its size', async () => {
    const flushed: number[][] = [];
    let release: () => void = () => undefined;
    const writer = new GroupCommit<number, number>(async (items) => {
      flushed.push(items);
      if (flushed.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return items.map((item) => item * 10);
    }, 100);

    const first = writer.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushed).toEqual([[1]]);
    expect(writer.lastBatchSize).toBe(1);
    expect(writer.saturated).toBe(false);

    const crowd = [2, 3, 4, 5, 6, 7, 8, 9].map((item) => writer.submit(item));
    expect(writer.saturated).toBe(true); // the one lane is busy and items wait for it
    release();
    expect(await Promise.all([first, ...crowd])).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(flushed).toEqual([[1], [2, 3, 4, 5, 6, 7, 8, 9]]);
    expect(writer.lastBatchSize).toBe(8);
    expect(writer.busy).toBe(false);
  });
});
