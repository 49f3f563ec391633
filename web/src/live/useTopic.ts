import { createContext, createElement, useContext, useEffect, useRef, type ReactNode } from 'react';
import { liveSocket, type FrameListener, type LiveSocket } from './socket';

const LiveSocketContext = createContext<LiveSocket | null>(null);

/** Supplies a socket to useTopic (tests pass one built on a fake WebSocket); without it the shared one is used. */
export function LiveSocketProvider({ socket, children }: { socket: LiveSocket; children: ReactNode }) {
  return createElement(LiveSocketContext.Provider, { value: socket }, children);
}

/**
 * Calls onFrame for every frame of `topic` (events and the topic's control frames: subscribed, error...) while the
 * component is mounted. A null topic listens to nothing. onFrame may change between renders without resubscribing.
 */
export function useTopic(topic: string | null, onFrame: FrameListener): void {
  const provided = useContext(LiveSocketContext);
  const handler = useRef(onFrame);
  handler.current = onFrame;
  useEffect(() => {
    if (!topic) return undefined;
    const socket = provided ?? liveSocket();
    return socket.subscribe(topic, (frame) => handler.current(frame));
  }, [topic, provided]);
}
