import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket, FakeWebSocketImpl } from '../test/FakeWebSocket';
import { LiveSocket, type LiveFrame } from './socket';
import { LiveSocketProvider, useTopic } from './useTopic';

const TOPIC = 'scan:0192f0c4-aaaa';
const event = (seq: number, type = 'progress', data: unknown = { percent: seq }) => ({
  topic: TOPIC,
  type,
  data,
  at: '2026-01-02T03:04:05.678Z',
  seq,
});

function makeSocket(onAuthExpired?: () => Promise<boolean>) {
  return new LiveSocket({
    url: 'ws://palisade.test/api/v1/ws',
    WebSocketImpl: FakeWebSocketImpl,
    backoff: { initialMs: 1000, maxMs: 8000 },
    random: () => 1, // the full delay: 1 s, 2 s, 4 s, 8 s, 8 s...
    lingerMs: 5000,
    ...(onAuthExpired ? { onAuthExpired } : {}),
  });
}

describe('LiveSocket', () => {
  beforeEach(() => {
    FakeWebSocket.reset();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('opens one connection and subscribes to every topic once it is open', () => {
    const socket = makeSocket();
    socket.subscribe(TOPIC, () => undefined);
    socket.subscribe('notifications', () => undefined);
    expect(FakeWebSocket.instances).toHaveLength(1);
    const ws = FakeWebSocket.latest();
    expect(ws.url).toBe('ws://palisade.test/api/v1/ws');
    expect(ws.sent).toEqual([]);
    ws.serverOpen();
    expect(ws.sent).toEqual([
      { op: 'subscribe', topic: TOPIC },
      { op: 'subscribe', topic: 'notifications' },
    ]);
  });

  it('delivers a topic’s frames to its listeners, once each', () => {
    const socket = makeSocket();
    const frames: LiveFrame[] = [];
    socket.subscribe(TOPIC, (f) => frames.push(f));
    const ws = FakeWebSocket.latest();
    ws.serverOpen();
    ws.serverSend(event(1));
    ws.serverSend(event(2));
    ws.serverSend(event(2)); // a duplicate is dropped
    ws.serverSend({ topic: 'scan:other', type: 'progress', data: null, seq: 9 });
    ws.serverSend({ topic: TOPIC, type: 'subscribed', data: { replayed: 2, last_seq: 2, truncated: false } });
    expect(frames.map((f) => f.seq ?? f.type)).toEqual([1, 2, 'subscribed']);
  });

  it('reconnects with exponential backoff and resumes after the last seq it saw', () => {
    const socket = makeSocket();
    socket.subscribe(TOPIC, () => undefined);
    const first = FakeWebSocket.latest();
    first.serverOpen();
    first.serverSend(event(41));
    first.serverSend(event(42));
    first.serverClose(1006);

    vi.advanceTimersByTime(999);
    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(2);
    FakeWebSocket.latest().serverClose(1006); // refused again: the next wait doubles
    vi.advanceTimersByTime(1999);
    expect(FakeWebSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(1);
    const third = FakeWebSocket.latest();
    expect(FakeWebSocket.instances).toHaveLength(3);

    third.serverOpen();
    expect(third.sent).toEqual([{ op: 'subscribe', topic: TOPIC, after_seq: 42 }]);
    third.serverClose(1001); // after a good connection the backoff starts over
    vi.advanceTimersByTime(1000);
    expect(FakeWebSocket.instances).toHaveLength(4);
  });

  it('refreshes the session on 4001 before reconnecting, and stops when that fails', async () => {
    const refresh = vi.fn().mockResolvedValueOnce(true).mockResolvedValueOnce(false);
    const socket = makeSocket(refresh);
    socket.subscribe(TOPIC, () => undefined);
    FakeWebSocket.latest().serverOpen();
    FakeWebSocket.latest().serverClose(4001, 'token expired');
    expect(refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeWebSocket.instances).toHaveLength(2);
    FakeWebSocket.latest().serverOpen();
    FakeWebSocket.latest().serverClose(4001, 'unauthenticated');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it('continues a truncated replay from the last event delivered', () => {
    const socket = makeSocket();
    const seqs: number[] = [];
    socket.subscribe(TOPIC, (f) => f.seq !== undefined && seqs.push(f.seq));
    const ws = FakeWebSocket.latest();
    ws.serverOpen();
    ws.serverSend(event(10000));
    ws.serverSend({ topic: TOPIC, type: 'subscribed', data: { replayed: 10000, last_seq: 10000, truncated: true } });
    ws.serverSend(event(12001)); // a live event ahead of the gap: it is stored, so it comes back in the replay
    ws.serverSend({ topic: TOPIC, type: 'unsubscribed', data: null });
    ws.serverSend(event(10001));
    ws.serverSend(event(12001));
    expect(ws.sent.slice(1)).toEqual([
      { op: 'unsubscribe', topic: TOPIC },
      { op: 'subscribe', topic: TOPIC, after_seq: 10000 },
    ]);
    expect(seqs).toEqual([10000, 10001, 12001]);
  });

  it('unsubscribes after the last listener and closes the idle connection after a while', () => {
    const socket = makeSocket();
    const stop = socket.subscribe(TOPIC, () => undefined);
    const ws = FakeWebSocket.latest();
    ws.serverOpen();
    stop();
    expect(ws.sent.at(-1)).toEqual({ op: 'unsubscribe', topic: TOPIC });
    expect(ws.closedWith).toBeNull();
    vi.advanceTimersByTime(5000);
    expect(ws.closedWith).toBe(1000);
  });
});

describe('useTopic', () => {
  beforeEach(() => FakeWebSocket.reset());

  it('subscribes while mounted, passes frames to the latest callback and unsubscribes on unmount', () => {
    const socket = makeSocket();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <LiveSocketProvider socket={socket}>{children}</LiveSocketProvider>
    );
    const first = vi.fn();
    const second = vi.fn();
    const { rerender, unmount } = renderHook(({ cb }) => useTopic('notifications', cb), {
      wrapper,
      initialProps: { cb: first },
    });
    const ws = FakeWebSocket.latest();
    act(() => ws.serverOpen());
    expect(ws.sent).toEqual([{ op: 'subscribe', topic: 'notifications' }]);
    rerender({ cb: second });
    act(() => ws.serverSend({ topic: 'notifications', type: 'unread_count', data: { unread: 4 } }));
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledWith(expect.objectContaining({ type: 'unread_count', data: { unread: 4 } }));
    expect(ws.sent).toHaveLength(1); // a new callback does not resubscribe
    unmount();
    expect(ws.sent.at(-1)).toEqual({ op: 'unsubscribe', topic: 'notifications' });
    socket.close();
  });

  it('listens to nothing for a null topic', () => {
    const socket = makeSocket();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <LiveSocketProvider socket={socket}>{children}</LiveSocketProvider>
    );
    renderHook(() => useTopic(null, () => undefined), { wrapper });
    expect(FakeWebSocket.instances).toHaveLength(0);
  });
});
