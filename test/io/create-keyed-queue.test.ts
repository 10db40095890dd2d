import { createKeyedQueue } from '../../src/io/create-keyed-queue.js';

describe('createKeyedQueue', () => {
  it('runs work for one key in arrival order, other keys independently, and survives a failure', async () => {
    const queue = createKeyedQueue();
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const a1 = queue.run('o/r#1', async () => {
      events.push('a1 start');
      await gate;
      events.push('a1 end');
      throw new Error('a1 failed');
    });
    const a2 = queue.run('o/r#1', async () => {
      events.push('a2');
      return 2;
    });
    const b1 = queue.run('o/r#2', async () => {
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

  it('idle() waits for every key, including work queued meanwhile', async () => {
    const queue = createKeyedQueue();
    const done: string[] = [];
    void queue.run('a', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      done.push('a');
      void queue.run('b', async () => void done.push('b'));
    });
    void queue.run('c', async () => {
      throw new Error('c failed');
    }).catch(() => undefined);
    await queue.idle();
    expect(done).toEqual(['a', 'b']);
    await queue.idle(); // nothing queued: resolves at once
  });
});
