import { expect } from 'chai';
import { RunningOperations, idKey } from '../../src/ops/running.ts';

describe('RunningOperations', () => {
  describe('keys', () => {
    it('keeps a string id as sent and a list by its JSON text', () => {
      expect(idKey('b,a')).to.equal('b,a');
      expect(idKey(['a', 'b'])).to.equal('["a","b"]');
      expect(RunningOperations.key('X', 'mvcp', 'a,b')).to.not.equal(RunningOperations.key('X', 'mvcp', 'b,a'));
      expect(RunningOperations.key('X', 'mvcp', 'a')).to.not.equal(RunningOperations.key('X', 'delete', 'a'));
    });
  });

  describe('with an operation running', () => {
    it('aborts its signal on a matching cancel and reports it cancelled', async () => {
      const ops = new RunningOperations();
      const key = RunningOperations.key('X', 'mvcp', 'a');
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const running = ops.run(key, async (signal) => {
        await gate;
        return signal.aborted;
      });
      expect(ops.list()).to.deep.include.members([{ key, state: 'running', startedAt: ops.list()[0]!.startedAt }]);
      expect(ops.cancel(RunningOperations.key('X', 'mvcp', 'b'))).to.equal(0);
      expect(ops.cancel(key)).to.equal(1);
      expect(ops.cancel(key), 'a second cancel finds it already cancelling').to.equal(0);
      release();
      expect(await running).to.deep.equal({ result: true, cancelled: true });
      expect(ops.list()).to.deep.equal([]);
    });

    it('hands out copies, not its records', async () => {
      const ops = new RunningOperations();
      const key = RunningOperations.key('X', 'delete', 'a');
      let release!: () => void;
      const running = ops.run(key, () => new Promise<void>((r) => (release = r)));
      const view = ops.list()[0]!;
      (view as { state: string }).state = 'finished';
      expect(ops.list()[0]!.state).to.equal('running');
      release();
      expect(await running).to.deep.equal({ result: undefined, cancelled: false });
    });

    it('cleans up after a failure', async () => {
      const ops = new RunningOperations();
      const key = RunningOperations.key('X', 'delete', 'a');
      let err: unknown;
      await ops
        .run(key, async () => {
          throw new Error('boom');
        })
        .catch((e: unknown) => (err = e));
      expect((err as Error).message).to.equal('boom');
      expect(ops.list()).to.deep.equal([]);
    });
  });
});
