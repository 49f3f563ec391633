import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { LiveSocket } from '../live/socket';
import { LiveSocketProvider } from '../live/useTopic';
import { FakeWebSocket, FakeWebSocketImpl } from '../test/FakeWebSocket';
import { CSRF, json, meFixture, mockFetch } from '../test/fetchMock';
import { renderApp } from '../test/render';
import { NotificationBell } from './NotificationBell';

const notification = {
  id: '0192f0c4-0000-7000-8000-00000000n001',
  kind: 'finding.new',
  priority: 'urgent',
  title: '40 new findings',
  body: 'Scan of www.example.com: 2 critical, 38 high',
  link: '/findings?scan_id=0192f0c4-aaaa&status=open',
  read: false,
  read_at: null,
  created_at: '2026-01-02T03:04:05.678Z',
};

function renderBell() {
  const socket = new LiveSocket({ url: 'ws://palisade.test/api/v1/ws', WebSocketImpl: FakeWebSocketImpl });
  const result = renderApp(
    <LiveSocketProvider socket={socket}>
      <NotificationBell />
    </LiveSocketProvider>,
  );
  return { ...result, socket };
}

describe('NotificationBell', () => {
  beforeEach(() => FakeWebSocket.reset());

  it('shows the unread count, then follows the notifications topic', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'GET /api/v1/notifications/unread-count': [json({ unread: 3 }), json({ unread: 7 })],
    });
    const { socket } = renderBell();
    expect(await screen.findByRole('button', { name: 'Notifications, 3 unread' })).toBeInTheDocument();
    const ws = FakeWebSocket.latest();
    act(() => ws.serverOpen());
    expect(ws.sent).toEqual([{ op: 'subscribe', topic: 'notifications' }]);
    act(() => ws.serverSend({ topic: 'notifications', type: 'subscribed', data: { replayed: 0, last_seq: 0 } }));

    act(() => ws.serverSend({ topic: 'notifications', type: 'notification', data: notification, at: notification.created_at }));
    expect(await screen.findByRole('button', { name: 'Notifications, 4 unread' })).toBeInTheDocument();
    expect(screen.getByTestId('unread-badge')).toHaveTextContent('4');

    act(() => ws.serverSend({ topic: 'notifications', type: 'unread_count', data: { unread: 0 } }));
    expect(await screen.findByRole('button', { name: 'Notifications, none unread' })).toBeInTheDocument();
    expect(screen.queryByTestId('unread-badge')).not.toBeInTheDocument();
    expect(callsTo('GET /api/v1/notifications/unread-count')).toHaveLength(1);

    // Pushes are not replayed: after a reconnect the count is read again.
    act(() => ws.serverSend({ topic: 'notifications', type: 'subscribed', data: { replayed: 0, last_seq: 0 } }));
    expect(await screen.findByRole('button', { name: 'Notifications, 7 unread' })).toBeInTheDocument();
    socket.close();
  });

  it('lists the latest unread notifications and marks them all read', async () => {
    document.cookie = `palisade_csrf=${CSRF}; Path=/`;
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'GET /api/v1/notifications/unread-count': json({ unread: 1 }),
      'GET /api/v1/notifications': json({ items: [notification], next_cursor: null }),
      'POST /api/v1/notifications/read-all': json({ updated: 1 }),
    });
    const { socket } = renderBell();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Notifications, 1 unread' }));
    const panel = screen.getByRole('region', { name: 'Unread notifications' });
    expect(await screen.findByText('40 new findings')).toBeInTheDocument();
    expect(callsTo('GET /api/v1/notifications')[0]?.url).toBe('/api/v1/notifications?unread=true&limit=5');
    await user.click(screen.getByRole('button', { name: 'Mark all as read' }));
    await waitFor(() => expect(panel).toHaveTextContent('You are all caught up.'));
    expect(screen.getByRole('button', { name: 'Notifications, none unread' })).toBeInTheDocument();
    expect(callsTo('POST /api/v1/notifications/read-all')[0]?.headers.get('X-CSRF-Token')).toBe(CSRF);
    socket.close();
  });
});
