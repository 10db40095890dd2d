import { createIssueQueue } from '../../../src/github/app/create-issue-queue.js';

describe('createIssueQueue', () => {
  it('runs work for one key in arrival order, other keys independently, and survives a failure', async () => {
    const queue = createIssueQueue();
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const a1 = queue('o/r#1', async () => {
      events.push('a1 start');
      await gate;
      events.push('a1 end');
      throw new Error('a1 failed');
    });
    const a2 = queue('o/r#1', async () => {
      events.push('a2');
      return 2;
    });
    const b1 = queue('o/r#2', async () => {
      events.push('b1');
      return 'b';
    });
    expect(await b1).toBe('b');
    expect(events).toEqual(['a1 start', 'b1']);
    release();
    await expect(a1).rejects.toThrow('a1 failed');
    expect(await a2).toBe(2);
    expect(events).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
  });
});
