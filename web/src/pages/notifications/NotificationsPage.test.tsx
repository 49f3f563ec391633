import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { beforeEach, describe, expect, it } from 'vitest';
import { LiveSocket } from '../../live/socket';
import { LiveSocketProvider } from '../../live/useTopic';
import { UNREAD_COUNT_KEY } from '../../shell/NotificationBell';
import { FakeWebSocket, FakeWebSocketImpl } from '../../test/FakeWebSocket';
import { CSRF, json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { renderApp } from '../../test/render';
import { notificationRoutes } from './routes';

const scanDone = {
  id: 'n-scan',
  kind: 'scan.finished',
  priority: 'normal',
  title: 'Scan of www.example.com finished',
  body: 'Grade B, 3 new findings',
  link: '/scans/0192f0c4-aaaa',
  read: true,
  read_at: '2026-01-02T04:00:00.000Z',
  created_at: new Date(Date.now() - 3 * 3600_000).toISOString(),
};
const critical = {
  id: 'n-crit',
  kind: 'finding.new',
  priority: 'urgent',
  title: '40 new findings',
  body: 'Scan of www.example.com: 2 critical, 38 high',
  link: '/findings?scan_id=0192f0c4-aaaa&status=open',
  read: false,
  read_at: null,
  created_at: new Date(Date.now() - 5 * 60_000).toISOString(),
};
const empty = { items: [], next_cursor: null };

function renderCentre(path = '/notifications') {
  const socket = new LiveSocket({ url: 'ws://palisade.test/api/v1/ws', WebSocketImpl: FakeWebSocketImpl });
  const result = renderApp(
    <LiveSocketProvider socket={socket}>
      <Routes>
        {notificationRoutes}
        <Route path="/findings" element={<h1>Findings page</h1>} />
      </Routes>
    </LiveSocketProvider>,
    { path },
  );
  return { ...result, socket };
}

describe('NotificationsPage', () => {
  beforeEach(() => {
    FakeWebSocket.reset();
    document.cookie = `palisade_csrf=${CSRF}; Path=/`;
  });

  it('lists notifications with event, priority, read state and time, and loads more with the cursor', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'GET /api/v1/notifications/unread-count': json({ unread: 1 }),
      'GET /api/v1/notifications': [json({ items: [critical], next_cursor: 'c2' }), json({ items: [scanDone], next_cursor: null })],
    });
    const { socket } = renderCentre();
    const list = await screen.findByRole('list', { name: 'Notifications, newest first' });
    expect(callsTo('GET /api/v1/notifications')[0]?.url).toBe('/api/v1/notifications');
    const first = within(list).getAllByRole('listitem')[0]!;
    expect(first).toHaveTextContent('New findings');
    expect(first).toHaveTextContent('Urgent');
    expect(first).toHaveTextContent('Unread');
    expect(first).toHaveTextContent('5 minutes ago');
    expect(within(first).getByRole('link', { name: '40 new findings' })).toHaveAttribute(
      'href',
      '/findings?scan_id=0192f0c4-aaaa&status=open',
    );
    expect(screen.getByText('1 unread')).toBeInTheDocument();

    await userEvent.setup().click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(list).findByText('Scan of www.example.com finished')).toBeInTheDocument();
    expect(callsTo('GET /api/v1/notifications')[1]?.url).toBe('/api/v1/notifications?cursor=c2');
    const second = within(list).getAllByRole('listitem')[1]!;
    expect(second).toHaveTextContent('Scan finished');
    expect(second).toHaveTextContent('Read');
    expect(within(second).queryByRole('button', { name: /Mark/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    socket.close();
  });

  it('asks for unread ones only with the Unread filter, and by event with the event filter', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'GET /api/v1/notifications/unread-count': json({ unread: 0 }),
      'GET /api/v1/notifications': json(empty),
    });
    const { socket } = renderCentre();
    const user = userEvent.setup();
    expect(await screen.findByRole('heading', { name: 'No notifications yet' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Unread' }));
    expect(screen.getByRole('button', { name: 'Unread' })).toHaveAttribute('aria-pressed', 'true');
    expect(await screen.findByRole('heading', { name: 'You are all caught up' })).toBeInTheDocument();
    expect(callsTo('GET /api/v1/notifications').at(-1)?.url).toBe('/api/v1/notifications?unread=true');
    await user.selectOptions(screen.getByLabelText('Event'), 'sla.breached');
    await waitFor(() =>
      expect(callsTo('GET /api/v1/notifications').at(-1)?.url).toBe('/api/v1/notifications?unread=true&kind=sla.breached'),
    );
    socket.close();
  });

  it('marks one read, updates it in place and refreshes the bell’s unread count', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'GET /api/v1/notifications/unread-count': [json({ unread: 1 }), json({ unread: 0 })],
      'GET /api/v1/notifications': json({ items: [critical], next_cursor: null }),
      'POST /api/v1/notifications/n-crit/read': json({ ...critical, read: true, read_at: '2026-01-02T05:00:00.000Z' }),
    });
    const { socket, queryClient } = renderCentre();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Mark “40 new findings” as read' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: /as read$/ })).not.toBeInTheDocument());
    const item = screen.getAllByRole('listitem')[0]!;
    expect(item).toHaveTextContent('Read');
    expect(item).not.toHaveTextContent('Unread');
    expect(callsTo('POST /api/v1/notifications/n-crit/read')[0]?.headers.get('X-CSRF-Token')).toBe(CSRF);
    await waitFor(() => expect(queryClient.getQueryData(UNREAD_COUNT_KEY)).toEqual({ unread: 0 }));
    expect(callsTo('GET /api/v1/notifications/unread-count')).toHaveLength(2);
    expect(screen.getByText('No unread notifications')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '40 new findings' })).toHaveFocus();
    socket.close();
  });

  it('marks all read', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'GET /api/v1/notifications/unread-count': [json({ unread: 1 }), json({ unread: 0 })],
      'GET /api/v1/notifications': json({ items: [critical, scanDone], next_cursor: null }),
      'POST /api/v1/notifications/read-all': json({ updated: 1 }),
    });
    const { socket } = renderCentre();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Mark all as read' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Mark all as read' })).not.toBeInTheDocument());
    expect(callsTo('POST /api/v1/notifications/read-all')).toHaveLength(1);
    expect(screen.queryByText('Unread', { selector: 'li span' })).not.toBeInTheDocument();
    expect(screen.getByText('No unread notifications')).toBeInTheDocument();
    socket.close();
  });

  it('opens the notification’s link in the app and marks it read', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'GET /api/v1/notifications/unread-count': json({ unread: 1 }),
      'GET /api/v1/notifications': json({ items: [critical], next_cursor: null }),
      'POST /api/v1/notifications/n-crit/read': json({ ...critical, read: true }),
    });
    const { socket } = renderCentre();
    await userEvent.setup().click(await screen.findByRole('link', { name: '40 new findings' }));
    expect(await screen.findByRole('heading', { name: 'Findings page' })).toBeInTheDocument();
    await waitFor(() => expect(callsTo('POST /api/v1/notifications/n-crit/read')).toHaveLength(1));
    socket.close();
  });

  it('puts a pushed notification at the top, once', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'GET /api/v1/notifications/unread-count': json({ unread: 0 }),
      'GET /api/v1/notifications': json({ items: [scanDone], next_cursor: null }),
    });
    const { socket } = renderCentre();
    const list = await screen.findByRole('list', { name: 'Notifications, newest first' });
    const ws = FakeWebSocket.latest();
    act(() => ws.serverOpen());
    expect(ws.sent).toEqual([{ op: 'subscribe', topic: 'notifications' }]);
    act(() => ws.serverSend({ topic: 'notifications', type: 'subscribed', data: { replayed: 0, last_seq: 0 } }));
    const pushed = { ...critical, id: 'n-live', title: 'SLA breached on 3 findings', kind: 'sla.breached' };
    act(() => ws.serverSend({ topic: 'notifications', type: 'notification', data: pushed, at: pushed.created_at }));
    act(() => ws.serverSend({ topic: 'notifications', type: 'notification', data: pushed, at: pushed.created_at }));
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('SLA breached on 3 findings');
    expect(items[0]).toHaveTextContent('Unread');
    expect(items[1]).toHaveTextContent('Scan of www.example.com finished');
    expect(screen.getByText('2 new notifications')).toBeInTheDocument();
    socket.close();
  });

  it('explains what produces notifications when there are none', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'GET /api/v1/notifications/unread-count': json({ unread: 0 }),
      'GET /api/v1/notifications': json(empty),
    });
    const { socket } = renderCentre();
    expect(await screen.findByRole('heading', { name: 'No notifications yet' })).toBeInTheDocument();
    expect(screen.getByText(/one of your scans finishes or fails/)).toBeInTheDocument();
    expect(screen.getByText(/Settings → Notification rules/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Mark all as read' })).not.toBeInTheDocument();
    socket.close();
  });

  it('says when the list cannot be loaded and offers to try again', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'GET /api/v1/notifications/unread-count': json({ unread: 0 }),
      'GET /api/v1/notifications': [problem(503, 'unavailable', 'Service unavailable'), json({ items: [critical], next_cursor: null })],
    });
    const { socket } = renderCentre();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The notifications could not be loaded.');
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('40 new findings')).toBeInTheDocument();
    socket.close();
  });

  it('reads its filter from the address', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'GET /api/v1/notifications/unread-count': json({ unread: 0 }),
      'GET /api/v1/notifications': json(empty),
    });
    const { socket } = renderCentre('/notifications?kind=risk.expiring');
    expect(await screen.findByRole('heading', { name: 'No notifications for this event' })).toBeInTheDocument();
    expect(callsTo('GET /api/v1/notifications')[0]?.url).toBe('/api/v1/notifications?kind=risk.expiring');
    expect(screen.getByLabelText('Event')).toHaveValue('risk.expiring');
    socket.close();
  });
});
