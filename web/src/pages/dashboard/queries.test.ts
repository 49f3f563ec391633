import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { json, mockFetch } from '../../test/fetchMock';
import { prefetchDashboard, summaryKey, weeksFromSearch } from './queries';

describe('prefetchDashboard', () => {
  it('starts only the requests the caller may make, with the period from the address', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/findings/summary': json({ by_status: {} }),
      'GET /api/v1/assets/riskiest': json({ items: [] }),
      'GET /api/v1/scans': json({ items: [], next_cursor: null }),
      'GET /api/v1/scans/grades': json({ grades: {}, ungraded: 0, target_lists: 0 }),
    });
    const client = new QueryClient();
    prefetchDashboard(client, (p) => p === 'findings:read' || p === 'assets:read', '?weeks=26');
    await client.getQueryCache().find({ queryKey: summaryKey(26) })?.promise;
    expect(callsTo('GET /api/v1/findings/summary').map((c) => c.url)).toEqual(['/api/v1/findings/summary?weeks=26']);
    expect(callsTo('GET /api/v1/assets/riskiest').map((c) => c.url)).toEqual(['/api/v1/assets/riskiest?limit=8']);
    expect(callsTo('GET /api/v1/scans')).toHaveLength(0);
    expect(callsTo('GET /api/v1/scans/grades')).toHaveLength(0);
  });

  it('reads the period from the address, or takes the default', () => {
    expect(weeksFromSearch('?weeks=52')).toBe(52);
    expect(weeksFromSearch('?weeks=7')).toBe(12);
    expect(weeksFromSearch('')).toBe(12);
  });
});
