import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Routes } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { json, meFixture, mockFetch, problem, type MockAnswer } from '../../test/fetchMock';
import { renderApp } from '../../test/render';
import { assetRoutes } from './routes';


const detail = {
  id: 'as-1',
  type: 'domain',
  name: 'mail.example.com',
  criticality: 'high',
  owner: 'IT',
  environment: 'production',
  tags: ['mail', 'dmz'],
  source: 'scan',
  addresses: ['203.0.113.25'],
  first_seen: '2026-01-01T00:00:00Z',
  last_seen: '2026-01-05T00:00:00Z',
  last_scan_id: 'scan-0000000000000009',
  open_findings: { critical: 0, high: 1, medium: 2, low: 0, info: 1, total: 4 },
  risk_score: 54,
  services: [
    { address: '203.0.113.25', port: 25, proto: 'tcp', service: 'smtp', product: 'Postfix', version: '3.7', tls: false, last_seen: '2026-01-05T00:00:00Z' },
    { address: '203.0.113.25', port: 993, proto: 'tcp', service: 'imaps', product: 'Dovecot', tls: true, last_seen: '2026-01-05T00:00:00Z' },
  ],
  certificates: [
    { location: '203.0.113.25:993', subject: 'CN=mail.example.com', issuer: "CN=Let's Encrypt R3", not_after: '2020-03-01T00:00:00Z' },
  ],
  technologies: [{ name: 'Postfix', version: '3.7' }],
  scan_ids: ['scan-0000000000000009', 'scan-0000000000000004'],
};

const findings = {
  items: [
    { id: 'f-1', title: 'STARTTLS not offered', severity: 'high', status: 'open', location: '203.0.113.25:25', last_seen: '2026-01-05T00:00:00Z' },
    { id: 'f-2', title: 'Weak cipher suites', severity: 'medium', status: 'triaged', location: '203.0.113.25:993', last_seen: '2026-01-05T00:00:00Z' },
  ],
  next_cursor: 'more',
};

function renderDetail(role: 'admin' | 'analyst' | 'operator' | 'viewer', asset: MockAnswer | MockAnswer[] = json(detail), extra = {}) {
  const mock = mockFetch({
    'GET /api/v1/me': json(meFixture(role)),
    'GET /api/v1/assets/as-1': asset,
    'GET /api/v1/findings': json(findings),
    ...extra,
  });
  renderApp(<Routes>{assetRoutes}</Routes>, { path: '/assets/as-1' });
  return mock;
}

describe('AssetDetailPage', () => {
  it('shows the asset with its services, certificates, technologies and scans', async () => {
    renderDetail('viewer');
    expect(await screen.findByRole('heading', { level: 1, name: 'mail.example.com' })).toBeInTheDocument();
    expect(screen.getByText('Domain')).toBeInTheDocument();
    expect(screen.getByText('Found by a scan')).toBeInTheDocument();

    const services = screen.getByRole('table', { name: 'Open services' });
    const rows = within(services).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('25/tcp');
    expect(rows[1]).toHaveTextContent('Postfix 3.7');
    expect(rows[2]).toHaveTextContent('993/tcp');
    expect(rows[2]).toHaveTextContent('Yes');

    const certificates = screen.getByRole('region', { name: 'TLS certificates' });
    expect(certificates).toHaveTextContent('CN=mail.example.com');
    expect(certificates).toHaveTextContent("Issued by CN=Let's Encrypt R3");
    expect(certificates).toHaveTextContent('Expired on Mar 1, 2020');

    expect(screen.getByRole('region', { name: 'Technologies' })).toHaveTextContent('Postfix 3.7');
    const scans = screen.getByRole('region', { name: 'Scans that saw this asset' });
    expect(within(scans).getByRole('link', { name: 'Latest scan …00000009' })).toHaveAttribute('href', '/scans/scan-0000000000000009');
    expect(within(scans).getByRole('link', { name: 'Scan …00000004' })).toHaveAttribute('href', '/scans/scan-0000000000000004');
    expect(within(scans).getByRole('link', { name: 'Scans of this target' })).toHaveAttribute('href', '/scans?target=mail.example.com');
    expect(screen.getByRole('link', { name: 'View the scan' })).toHaveAttribute('href', '/scans/scan-0000000000000009');
  });

  it('links the risk and the open findings to the findings of this asset', async () => {
    const { callsTo } = renderDetail('viewer');
    const risk = await screen.findByRole('region', { name: 'Risk' });
    expect(risk).toHaveTextContent('54');
    expect(within(risk).getByRole('link', { name: 'All findings of this asset, closed ones included' })).toHaveAttribute(
      'href',
      '/findings?asset_id=as-1',
    );
    expect(within(risk).getByRole('link', { name: 'Medium: 2 open or triaged findings' })).toHaveAttribute(
      'href',
      '/findings?asset_id=as-1&severity=medium&status=open&status=triaged',
    );

    const open = screen.getByRole('region', { name: 'Open findings' });
    expect(await within(open).findByRole('link', { name: 'STARTTLS not offered' })).toHaveAttribute('href', '/findings/f-1');
    expect(within(open).getByText('The 2 most severe of 4.')).toBeInTheDocument();
    expect(within(open).getByRole('link', { name: 'List them all' })).toHaveAttribute(
      'href',
      '/findings?asset_id=as-1&status=open&status=triaged',
    );
    expect(callsTo('GET /api/v1/findings')[0]?.url).toBe('/api/v1/findings?asset_id=as-1&status=open%2Ctriaged&limit=10');
  });

  it('hides editing from a viewer', async () => {
    renderDetail('viewer');
    await screen.findByRole('heading', { level: 1, name: 'mail.example.com' });
    expect(screen.queryByRole('button', { name: 'Edit asset' })).not.toBeInTheDocument();
  });

  it('lets an operator change criticality and tags', async () => {
    const updated = { ...detail, criticality: 'critical', tags: ['mail'], risk_score: 72 };
    // After the change the detail is read again (the list and the dashboard too): the server answers the new state.
    const { callsTo } = renderDetail('operator', [json(detail), json(updated)], {
      'PATCH /api/v1/assets/as-1': json(updated),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit asset' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit mail.example.com' });
    expect(within(dialog).queryByLabelText(/^Name/)).not.toBeInTheDocument();
    await userEvent.selectOptions(within(dialog).getByLabelText('Criticality'), 'Critical');
    const tags = within(dialog).getByLabelText('Tags, separated by commas');
    expect(tags).toHaveValue('mail, dmz');
    await userEvent.clear(tags);
    await userEvent.type(tags, 'mail');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('72')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(callsTo('PATCH /api/v1/assets/as-1')[0]?.body).toEqual({
      criticality: 'critical',
      owner: 'IT',
      environment: 'production',
      tags: ['mail'],
    });
  }, 15_000);

  it('says when the asset does not exist', async () => {
    renderDetail('viewer', problem(404, 'not-found', 'Not found'));
    expect(await screen.findByRole('heading', { name: 'Asset not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'All assets' })).toHaveAttribute('href', '/assets');
  });

  it('says what to do when the asset has no services, certificates or scans', async () => {
    renderDetail('viewer', json({ ...detail, services: [], certificates: [], technologies: [], scan_ids: [], last_scan_id: null }), {
      'GET /api/v1/findings': json({ items: [], next_cursor: null }),
    });
    expect(await screen.findByText('No open service known. Scans with the ports module list them.')).toBeInTheDocument();
    expect(screen.getByText('No certificate known. Scans with the tls module list them.')).toBeInTheDocument();
    expect(screen.getByText('No scan has seen this asset yet.')).toBeInTheDocument();
    expect(await screen.findByText('No open or triaged finding on this asset.')).toBeInTheDocument();
  });
});
