import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useQuery } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { json, meFixture, mockFetch } from '../test/fetchMock';
import { renderApp } from '../test/render';
import { useAuth } from './AuthContext';

function Probe() {
  const { me, signOut } = useAuth();
  // Some other cached data of the session, which signing out must drop.
  const scans = useQuery({ queryKey: ['scans', 'probe'], queryFn: () => Promise.resolve('cached'), enabled: !!me });
  if (me === undefined) return <p>checking</p>;
  if (me === null) return <p>signed out, scans {scans.data ?? 'none'}</p>;
  return (
    <button type="button" onClick={() => void signOut()}>
      sign out {me.email}
    </button>
  );
}

describe('AuthProvider', () => {
  it('signs out: the provider sees no user at once and the session’s cached data is gone', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'POST /api/v1/auth/logout': { status: 204 },
    });
    const { queryClient } = renderApp(<Probe />);
    await userEvent.setup().click(await screen.findByRole('button', { name: 'sign out ana@example.com' }));
    expect(await screen.findByText('signed out, scans none')).toBeInTheDocument();
    expect(callsTo('POST /api/v1/auth/logout')).toHaveLength(1);
    expect(queryClient.getQueryData(['scans', 'probe'])).toBeUndefined();
    expect(queryClient.getQueryData(['me'])).toBeNull();
  });
});
