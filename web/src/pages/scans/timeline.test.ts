import { describe, expect, it } from 'vitest';
import { foldEvents, mergeEvents } from './timeline';

const ev = (seq: number, type: string, data: unknown) => ({ topic: 'scan:x', type, data, at: `2026-01-02T03:04:0${seq}Z`, seq });

describe('timeline', () => {
  it('merges the stored list and live frames by seq, in order, once each', () => {
    const merged = mergeEvents([ev(1, 'state', { state: 'queued' }), ev(3, 'progress', { percent: 5 })], [ev(3, 'progress', { percent: 5 }), ev(2, 'state', { state: 'running' })]);
    expect(merged.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('folds states, modules and progress into the view', () => {
    const view = foldEvents([
      ev(1, 'state', { state: 'queued' }),
      ev(2, 'state', { state: 'running', attempt: 2, resumed: true }),
      ev(3, 'module_started', { target: 't', module: 'ports' }),
      ev(4, 'module_finished', { target: 't', module: 'ports', status: 'failed', duration_ms: 20, error: 'unreachable' }),
      ev(5, 'module_started', { target: 't', module: 'tls' }),
      ev(6, 'progress', { percent: 140, target: 't', module: 'tls', findings: 4 }),
      ev(7, 'state', { state: 'cancelled', complete: false }),
    ]);
    expect(view.state).toBe('cancelled');
    expect(view.progress).toMatchObject({ percent: 100, findings: 4 });
    expect(view.steps.map((s) => (s.kind === 'state' ? s.state : `${s.module}:${s.status}`))).toEqual([
      'queued',
      'running',
      'ports:failed',
      'tls:stopped',
      'cancelled',
    ]);
    expect(view.steps[1]).toMatchObject({ resumed: true });
    expect(view.steps[2]).toMatchObject({ error: 'unreachable', durationMs: 20 });
    expect(view.lastSeq).toBe(7);
  });
});
