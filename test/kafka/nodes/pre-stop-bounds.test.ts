import { inBox, line, Run, run } from './script-run';
import { ShellScript } from '../../../src/core/script-file';
import { renderPreStopScript } from '../../../src/kafka/nodes/node-scripts';
import { gateWorstCaseSeconds } from '../../../src/kafka/nodes/pre-stop-timing';

// The pre-stop gate ends within its bound whatever the Kafka tools do (hang, answer
// slowly). These tests measure time, so they run one at a time, in a file of their own
// (node-scripts.test.ts runs its other gate tests concurrently).

const dns = { headlessService: 'events-kafka-nodes', clusterDomain: 'cluster.local' };

describe('pre-stop gate', () => {
  describe('bounded in time, whatever the tools do', () => {
    // Small values so each test takes seconds: max wait 2 s, tool timeout 1 s. The bound
    // is pre-stop-timing.ts's worst case (max wait + tools per look x tool timeout), with
    // 1 s for process starts.
    const MAX_WAIT = 2;
    const TOOL_TIMEOUT = 1;
    const HANG = 10;
    const gate = (roles: { broker: boolean; controller: boolean }, pollSeconds = 0.2) => renderPreStopScript({
      ...dns,
      ...roles,
      brokerBootstrap: 'localhost:9091',
      controllerBootstrap: 'localhost:9093',
      maxWaitSeconds: MAX_WAIT,
      toolTimeoutSeconds: TOOL_TIMEOUT,
      pollSeconds,
      logTo: '/dev/stdout',
    });
    async function timed(script: ShellScript, env: Record<string, string>): Promise<Run & { seconds: number }> {
      const start = Date.now();
      const r = await run(script, env);
      return { ...r, seconds: (Date.now() - start) / 1000 };
    }
    const bound = (roles: { broker: boolean; controller: boolean }) => gateWorstCaseSeconds(MAX_WAIT, roles, TOOL_TIMEOUT) + 1;

    test('a broker whose tool hangs: each run is killed at the tool timeout, and the node stops within the bound', inBox(async ({ fakeTool, env }) => {
      fakeTool('kafka-topics', [''], [], HANG);
      const roles = { broker: true, controller: false };
      const r = await timed(gate(roles), env());
      expect(r.code).toBe(0);
      expect(r.out).toContain('waiting to stop node 3: kafka-topics did not answer within 1s');
      expect(r.out).toMatch(/(gave up waiting after 2s|cannot check \(kafka-topics did not answer within 1s\)); stopping node 3/);
      expect(r.seconds).toBeLessThanOrEqual(bound(roles));
      expect(bound(roles)).toBe(4);
    }));

    test('a controller whose tool hangs: the same', inBox(async ({ fakeTool, env }) => {
      fakeTool('kafka-metadata-quorum', [''], [], HANG);
      const roles = { broker: false, controller: true };
      const r = await timed(gate(roles), env());
      expect(r.code).toBe(0);
      expect(r.out).toContain('kafka-metadata-quorum did not answer within 1s');
      expect(r.seconds).toBeLessThanOrEqual(bound(roles));
    }));

    test('a combined node runs two tools a look: a slow safe answer, then a hang, still ends within its bound (two tool timeouts)', inBox(async ({ fakeTool, env }) => {
      fakeTool('kafka-topics', [''], [], 0.9);
      fakeTool('kafka-metadata-quorum', [''], [], HANG);
      const roles = { broker: true, controller: true };
      const r = await timed(gate(roles), env());
      expect(r.code).toBe(0);
      expect(r.out).toContain('kafka-metadata-quorum did not answer within 1s');
      expect(r.out).toContain('stopping node 3');
      expect(r.seconds).toBeLessThanOrEqual(bound(roles));
      expect(bound(roles)).toBe(5);
    }));

    test('a combined node whose tools both hang', inBox(async ({ fakeTool, env }) => {
      fakeTool('kafka-topics', [''], [], HANG);
      fakeTool('kafka-metadata-quorum', [''], [], HANG);
      const roles = { broker: true, controller: true };
      const r = await timed(gate(roles), env());
      expect(r.code).toBe(0);
      expect(r.seconds).toBeLessThanOrEqual(bound(roles));
    }));

    test('never sleeps past the deadline: a poll longer than the max wait is cut to the time left', inBox(async ({ fakeTool, calls, env }) => {
      fakeTool('kafka-topics', [line('1,2,3', '3,1')]);
      const r = await timed(gate({ broker: true, controller: false }, 30), env());
      expect(r.out).toContain('gave up waiting after 2s; stopping node 3');
      expect(r.seconds).toBeLessThanOrEqual(MAX_WAIT + 1);
      expect(calls('kafka-topics')).toBe(1);
    }));

    test('no look starts after the deadline', inBox(async ({ fakeTool, calls, env }) => {
      // Each look takes 0.8 s: looks start at 0, 0.8 and 1.6 s, none at 2.4 s.
      fakeTool('kafka-topics', [line('1,2,3', '3,1')], [], 0.8);
      const r = await timed(gate({ broker: true, controller: false }, 0), env());
      expect(r.out).toContain('gave up waiting after 2s');
      expect(calls('kafka-topics')).toBe(3);
      expect(r.seconds).toBeLessThanOrEqual(bound({ broker: true, controller: false }));
    }));
  });

});
