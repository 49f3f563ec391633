// The dashboard's view of GET /api/v1/findings/summary (docs/api/openapi.yaml, operation summarizeFindings).
import type { FindingStatus, Severity } from '../../components/severity';

export interface SummaryWeek {
  /** Monday of the week, UTC, `YYYY-MM-DD`. */
  start: string;
  /** Findings first seen that week. */
  opened: number;
  /** Findings marked fixed that week. */
  fixed: number;
}

export interface SlaCounts {
  breached: number;
  due_soon: number;
  on_track: number;
  none: number;
}

export interface FindingsSummary {
  /** Open and triaged findings by severity. */
  active_by_severity: Record<Severity, number>;
  by_status: Record<FindingStatus, number>;
  sla: SlaCounts;
  /** Oldest first; the last one is the current, partial week. */
  weeks: SummaryWeek[];
}

export const WEEK_CHOICES = [4, 12, 26, 52] as const;
export const DEFAULT_WEEKS = 12;

/** GET /api/v1/scans/grades (operation scanGrades): the grade of the latest done scan of each target list. */
export interface ScanGrades {
  /** Grade ("A+", "A", ... "F") to how many target lists have it. */
  grades: Record<string, number>;
  /** Target lists whose latest done scan has no grade. */
  ungraded: number;
  /** Distinct target lists counted. */
  target_lists: number;
}
