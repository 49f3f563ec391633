// Folds the events of a scan (GET /api/v1/scans/{id}/events and the frames of the `scan:<id>` topic, which carry the
// same messages) into what the live view shows: the state, the progress and the module timeline.
import type { ScanState } from '../../api/types';
import type { FindingSummary, ScanEvent } from './types';

export interface StateStep {
  kind: 'state';
  key: string;
  state: ScanState;
  at?: string | undefined;
  error?: string | undefined;
  resumed: boolean;
}

export interface ModuleStep {
  kind: 'module';
  key: string;
  target: string;
  module: string;
  startedAt?: string | undefined;
  finishedAt?: string | undefined;
  /** 'running' until module_finished says how it ended. */
  status: string;
  durationMs?: number | undefined;
  grade?: string | undefined;
  error?: string | undefined;
}

export type TimelineStep = StateStep | ModuleStep;

export interface ProgressInfo {
  percent: number;
  target?: string | undefined;
  module?: string | undefined;
  findings?: number | undefined;
  etaS?: number | undefined;
}

export interface LiveScanView {
  steps: TimelineStep[];
  state: ScanState | null;
  stateError?: string | undefined;
  progress: ProgressInfo | null;
  /** Findings carried by `finding` frames, should the topic ever send them (docs/api.md names them). */
  findings: FindingSummary[];
  lastSeq: number;
}

const STATES: readonly string[] = ['queued', 'running', 'done', 'failed', 'cancelled'];

function obj(data: unknown): Record<string, unknown> {
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Events merged by seq (a frame replayed by the socket and the same event from the list count once), in order. */
export function mergeEvents(...lists: ScanEvent[][]): ScanEvent[] {
  const bySeq = new Map<number, ScanEvent>();
  const unsequenced: ScanEvent[] = [];
  for (const list of lists) {
    for (const e of list) {
      if (typeof e.seq === 'number') bySeq.set(e.seq, e);
      else unsequenced.push(e);
    }
  }
  return [...[...bySeq.values()].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)), ...unsequenced];
}

export function foldEvents(events: ScanEvent[]): LiveScanView {
  const view: LiveScanView = { steps: [], state: null, progress: null, findings: [], lastSeq: 0 };
  const open = new Map<string, ModuleStep>();
  for (const e of events) {
    if (typeof e.seq === 'number') view.lastSeq = Math.max(view.lastSeq, e.seq);
    const d = obj(e.data);
    if (e.type === 'state') {
      const state = str(d.state);
      if (!state || !STATES.includes(state)) continue;
      view.state = state as ScanState;
      view.stateError = str(d.error);
      view.steps.push({
        kind: 'state',
        key: `s${e.seq ?? view.steps.length}`,
        state: state as ScanState,
        at: e.at,
        error: str(d.error),
        resumed: d.resumed === true,
      });
    } else if (e.type === 'module_started' || e.type === 'module_finished') {
      const target = str(d.target) ?? '';
      const module = str(d.module) ?? '';
      const id = `${target}\u0000${module}`;
      let step = open.get(id);
      if (!step || (e.type === 'module_started' && step.status !== 'running')) {
        step = { kind: 'module', key: `m${e.seq ?? view.steps.length}`, target, module, status: 'running' };
        open.set(id, step);
        view.steps.push(step);
      }
      if (e.type === 'module_started') {
        step.startedAt = e.at;
      } else {
        step.status = str(d.status) ?? 'done';
        step.finishedAt = e.at;
        step.durationMs = num(d.duration_ms);
        step.grade = str(d.grade);
        step.error = str(d.error);
      }
    } else if (e.type === 'progress') {
      const percent = num(d.percent);
      if (percent === undefined) continue;
      view.progress = {
        percent: Math.max(0, Math.min(100, percent)),
        target: str(d.target),
        module: str(d.module),
        findings: num(d.findings),
        etaS: num(d.eta_s),
      };
    } else if (e.type === 'finding') {
      const f = obj(d.finding ?? d);
      const title = str(f.title);
      const severity = str(f.severity);
      if (title && severity) {
        view.findings.push({
          fingerprint: str(f.fingerprint) ?? `${e.seq ?? view.findings.length}`,
          check: str(f.check) ?? '',
          title,
          severity: severity as FindingSummary['severity'],
          location: str(f.location) ?? '',
        });
      }
    }
  }
  // A scan that ended leaves no module running (a cancelled scan may stop one mid-way).
  if (view.state && view.state !== 'running' && view.state !== 'queued') {
    for (const step of open.values()) if (step.status === 'running') step.status = 'stopped';
  }
  return view;
}
