import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { json, meFixture, mockFetch, problem, type MockAnswer } from '../../test/fetchMock';
import { renderApp } from '../../test/render';
import { assetRoutes } from './routes';


const web = {
  id: 'as-1',
  type: 'web',
  name: 'https://shop.example.com',
  criticality: 'high',
  owner: 'Shop team',
  environment: 'production',
  tags: ['pci'],
  source: 'scan',
  addresses: ['203.0.113.7'],
  first_seen: '2026-01-01T00:00:00Z',
  last_seen: '2026-01-02T00:00:00Z',
  last_scan_id: 'scan-9',
  open_findings: { critical: 1, high: 2, medium: 0, low: 0, info: 0, total: 3 },
  risk_score: 100,
};
const host = {
  ...web,
  id: 'as-2',
  type: 'host',
  name: '10.0.0.5',
  criticality: 'low',
  addresses: ['10.0.0.5'],
  last_seen: null,
  open_findings: { critical: 0, high: 0, medium: 0, low: 0, info: 0, total: 0 },
  risk_score: 0,
};

function renderAssets(role: 'admin' | 'analyst' | 'operator' | 'viewer', assets: MockAnswer | MockAnswer[], extra = {}) {
  const mock = mockFetch({ 'GET /api/v1/me': json(meFixture(role)), 'GET /api/v1/assets': assets, ...extra });
  renderApp(
    <Routes>
      {assetRoutes}
      <Route path="findings" element={<p>findings page</p>} />
    </Routes>,
    { path: '/assets' },
  );
  return mock;
}

describe('AssetsPage', () => {
  it('lists assets with type, criticality, risk, open findings and last scan', async () => {
    const { callsTo } = renderAssets('viewer', json({ items: [web, host], next_cursor: null }));
    const table = await screen.findByRole('table', { name: 'Assets, by name' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByRole('link', { name: 'https://shop.example.com' })).toHaveAttribute('href', '/assets/as-1');
    expect(rows[1]).toHaveTextContent('203.0.113.7');
    expect(rows[1]).toHaveTextContent('Web site');
    expect(rows[1]).toHaveTextContent('High');
    expect(rows[1]).toHaveTextContent('100');
    expect(rows[1]).toHaveTextContent('1 Critical, 2 High');
    expect(within(rows[1]!).getByRole('link', { name: '3 open or triaged findings on https://shop.example.com' })).toHaveAttribute(
      'href',
      '/findings?asset_id=as-1&status=open&status=triaged',
    );
    // The name is its own address: not repeated; never scanned.
    expect(rows[2]).toHaveTextContent('Host');
    expect(rows[2]).toHaveTextContent('Never');
    expect(within(rows[2]!).queryByRole('link', { name: /open or triaged/ })).not.toBeInTheDocument();
    expect(screen.getByText('Showing 2 assets')).toBeInTheDocument();
    expect(callsTo('GET /api/v1/assets')[0]?.url).toBe('/api/v1/assets?limit=50');
    // A viewer may not enter assets.
    expect(screen.queryByRole('button', { name: 'Add an asset' })).not.toBeInTheDocument();
  });

  it('sends the filters to the API under its parameter names', async () => {
    const { callsTo } = renderAssets('analyst', json({ items: [web], next_cursor: null }));
    await screen.findByRole('table');
    await userEvent.selectOptions(screen.getByLabelText('Type'), 'Host');
    await userEvent.selectOptions(screen.getByLabelText('Criticality'), 'Critical');
    await userEvent.type(screen.getByLabelText('Name or owner contains'), 'shop');
    await userEvent.type(screen.getByLabelText('Tag'), 'pci');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    await screen.findByRole('button', { name: 'Clear filters' });
    const urls = callsTo('GET /api/v1/assets').map((c) => c.url);
    expect(urls.at(-1)).toBe('/api/v1/assets?type=host&criticality=critical&tag=pci&q=shop&limit=50');
    expect(urls).toContain('/api/v1/assets?type=host&limit=50');
  }, 15_000);

  it('loads the next page with the cursor', async () => {
    const { callsTo } = renderAssets('viewer', [json({ items: [web], next_cursor: 'c2' }), json({ items: [host], next_cursor: null })]);
    await screen.findByRole('table');
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('link', { name: '10.0.0.5' })).toBeInTheDocument();
    expect(callsTo('GET /api/v1/assets')[1]?.url).toBe('/api/v1/assets?limit=50&cursor=c2');
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('says where assets come from when there are none, and lets managers add one', async () => {
    renderAssets('operator', json({ items: [], next_cursor: null }));
    expect(await screen.findByRole('heading', { name: 'No assets yet' })).toBeInTheDocument();
    expect(screen.getByText(/Assets appear when scans or imports find hosts/)).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Add an asset' })).toHaveLength(2);
  });

  it('tells a viewer where assets come from without offering to add one', async () => {
    renderAssets('viewer', json({ items: [], next_cursor: null }));
    expect(await screen.findByRole('heading', { name: 'No assets yet' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add an asset' })).not.toBeInTheDocument();
  });

  it('says when no asset matches the filters and clears them', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture('viewer')),
      'GET /api/v1/assets': [json({ items: [], next_cursor: null }), json({ items: [web], next_cursor: null })],
    });
    renderApp(<Routes>{assetRoutes}</Routes>, { path: '/assets?criticality=critical' });
    expect(await screen.findByRole('heading', { name: 'No asset matches these filters' })).toBeInTheDocument();
    expect(callsTo('GET /api/v1/assets')[0]?.url).toBe('/api/v1/assets?criticality=critical&limit=50');
    await userEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!);
    expect(await screen.findByRole('table')).toBeInTheDocument();
    expect(callsTo('GET /api/v1/assets')[1]?.url).toBe('/api/v1/assets?limit=50');
  });

  it('explains a failure to load', async () => {
    renderAssets('viewer', problem(503, 'unavailable', 'Service unavailable'));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The assets could not be loaded.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('adds an asset by hand and opens it', async () => {
    const created = { ...host, id: 'as-new', name: 'legacy-ftp', type: 'other', source: 'manual', tags: ['legacy', 'ftp'], services: [], certificates: [], technologies: [], scan_ids: [] };
    const { callsTo } = renderAssets('analyst', json({ items: [web], next_cursor: null }), {
      'POST /api/v1/assets': [problem(409, 'conflict', 'Conflict', 'name is taken', [{ field: 'name', message: 'An asset of that name exists.' }]), json(created, 201)],
      'GET /api/v1/assets/as-new': json(created),
      'GET /api/v1/findings': json({ items: [], next_cursor: null }),
    });
    await screen.findByRole('table');
    await userEvent.click(screen.getByRole('button', { name: 'Add an asset' }));
    const dialog = screen.getByRole('dialog', { name: 'Add an asset' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add asset' }));
    expect(within(dialog).getByText('Enter a name.')).toBeInTheDocument();
    expect(callsTo('POST /api/v1/assets')).toHaveLength(0);

    await userEvent.type(within(dialog).getByLabelText(/^Name/), 'legacy-ftp');
    await userEvent.selectOptions(within(dialog).getByLabelText('Type'), 'Other');
    await userEvent.type(within(dialog).getByLabelText('Tags, separated by commas'), 'legacy, ftp, legacy');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add asset' }));
    expect(await within(dialog).findByText('An asset of that name exists.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Name/)).toHaveAttribute('aria-invalid', 'true');

    await userEvent.click(within(dialog).getByRole('button', { name: 'Add asset' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'legacy-ftp' })).toBeInTheDocument();
    expect(callsTo('POST /api/v1/assets')[1]?.body).toEqual({
      type: 'other',
      name: 'legacy-ftp',
      criticality: 'medium',
      owner: '',
      environment: '',
      tags: ['legacy', 'ftp'],
    });
  }, 15_000);
});
