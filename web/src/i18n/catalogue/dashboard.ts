// The dashboard charts.
import type { PluralForms } from './types';

export const dashboard = {
  'dashboard.updating': 'Updating…',
  'dashboard.summaryFailed': 'The findings summary could not be loaded.',
  'dashboard.chart.findings': 'Findings',

  'dashboard.bySeverity.title': 'Open findings by severity',
  'dashboard.bySeverity.description': 'Findings that are open or triaged. Choose a severity to list them.',
  'dashboard.bySeverity.legend': 'Open findings by severity',
  'dashboard.bySeverity.link': {
    one: '{severity}: {count} open or triaged finding',
    other: '{severity}: {count} open or triaged findings',
  },
  'dashboard.bySeverity.all': {
    one: 'See the {count} open or triaged finding',
    other: 'See all {count} open or triaged findings',
  },

  'dashboard.byStatus.title': 'Findings by status',
  'dashboard.byStatus.description': 'Every finding of the organisation, closed ones included.',
  'dashboard.byStatus.legend': 'Findings by status',
  'dashboard.byStatus.link': {
    one: '{status}: {count} finding',
    other: '{status}: {count} findings',
  },
  'dashboard.byStatus.total': { one: '{count} finding in all.', other: '{count} findings in all.' },

  'dashboard.noFindings.title': 'No findings yet',
  'dashboard.noFindings.body':
    'Findings appear here once a scan or an import has found something: by severity, by status, their SLA status and the weekly trend.',
  'dashboard.noFindings.startScan': 'Start a scan',
  'dashboard.noFindings.askOperator': 'Ask an operator, an analyst or an admin to start a scan.',

  'dashboard.sla.title': 'SLA status',
  'dashboard.sla.description': 'Open and triaged findings by their remediation due date.',
  'dashboard.sla.legend': 'SLA status of the open and triaged findings',
  'dashboard.sla.breached': 'Breached',
  'dashboard.sla.due_soon': 'Due within 7 days',
  'dashboard.sla.on_track': 'On track',
  'dashboard.sla.none': 'No due date',
  'dashboard.sla.breachedNote': {
    one: '{count} finding is past its due date.',
    other: '{count} findings are past their due date.',
  },
  'dashboard.sla.link.breached': {
    one: '{label}: {count} finding past its due date, list it',
    other: '{label}: {count} findings past their due date, list them',
  },
  'dashboard.sla.link.dueSoon': {
    one: '{label}: {count} finding, list the active findings by due date',
    other: '{label}: {count} findings, list the active findings by due date',
  },
  'dashboard.sla.count': { one: '{label}: {count} finding', other: '{label}: {count} findings' },

  'dashboard.trend.title': 'Findings opened and fixed per week',
  'dashboard.trend.description': 'Opened: first seen that week. Fixed: marked fixed that week. Weeks start on Monday (UTC).',
  'dashboard.trend.period': 'Period',
  'dashboard.trend.weeks': { one: 'Last week', other: 'Last {count} weeks' },
  'dashboard.trend.opened': 'Opened',
  'dashboard.trend.fixed': 'Fixed',
  'dashboard.trend.tableCaption': 'Findings opened and fixed per week, oldest first',
  'dashboard.trend.weekOf': 'Week of',
  'dashboard.trend.openedTotal': {
    one: '{count} finding opened in this period',
    other: '{count} findings opened in this period',
  },
  'dashboard.trend.fixedTotal': {
    one: '{count} fixed in this period: see fixed findings',
    other: '{count} fixed in this period: see fixed findings',
  },

  'dashboard.grades.title': 'Grade distribution',
  'dashboard.grades.description': 'The grade of the latest finished scan of each target list.',
  'dashboard.grades.loadFailed': 'The grade distribution could not be loaded.',
  'dashboard.grades.emptyTitle': 'No finished scans yet',
  'dashboard.grades.emptyBody': 'Each finished scan grades its targets from A to F. Grades appear here after the first one.',
  'dashboard.grades.grade': 'Grade {grade}',
  'dashboard.grades.count': {
    one: 'Grade {grade}: {count} target list',
    other: 'Grade {grade}: {count} target lists',
  },
  'dashboard.grades.targetLists': 'Target lists',
  'dashboard.grades.legend': 'Target lists by grade',
  'dashboard.grades.counted': { one: '{count} target list counted.', other: '{count} target lists counted.' },
  'dashboard.grades.ungraded': {
    one: '{count} has no grade (no module graded it).',
    other: '{count} have no grade (no module graded them).',
  },
  'dashboard.grades.allScans': 'See the finished scans',

  'dashboard.riskyAssets.title': 'Riskiest assets',
  'dashboard.riskyAssets.description':
    'Risk score 0–100 from the open and triaged findings and the asset’s criticality.',
  'dashboard.riskyAssets.loadFailed': 'The assets could not be loaded.',
  'dashboard.riskyAssets.noRiskTitle': 'No asset has open or triaged findings',
  'dashboard.riskyAssets.noRiskBody':
    'An asset gets a risk score from its open and triaged findings. Scans and imports find assets and their findings.',
  'dashboard.riskyAssets.caption': 'Assets with the highest risk scores',
  'dashboard.riskyAssets.asset': 'Asset',
  'dashboard.riskyAssets.risk': 'Risk',
  'dashboard.riskyAssets.openFindings': 'Open findings',
  'dashboard.riskyAssets.all': 'See all assets',
} as const satisfies Record<string, string | PluralForms>;
