import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { CSRF, json, meFixture, mockFetch } from '../test/fetchMock';
import { renderApp } from '../test/render';
import { UserMenu } from './UserMenu';

function renderMenu() {
  return renderApp(
    <Routes>
      <Route path="/" element={<UserMenu />} />
      <Route path="/sign-in" element={<h1>Sign-in page</h1>} />
    </Routes>,
  );
}

describe('UserMenu', () => {
  it('opens from the keyboard, moves focus into the menu and gives it back on Escape', async () => {
    mockFetch({ 'GET /api/v1/me': json(meFixture('viewer')) });
    renderMenu();
    const user = userEvent.setup();
    const button = await screen.findByRole('button', { name: 'Account menu for Ana Lyst' });
    expect(button).toHaveAttribute('aria-expanded', 'false');
    button.focus();
    await user.keyboard('{ArrowDown}');
    const menu = screen.getByRole('menu');
    expect(menu).toHaveTextContent('ana@example.com');
    expect(menu).toHaveTextContent('Role: Viewer');
    await waitFor(() => expect(screen.getByRole('menuitem', { name: 'Sign out' })).toHaveFocus());
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });

  it('signs out with the CSRF header and goes to the sign-in page', async () => {
    document.cookie = `palisade_csrf=${CSRF}; Path=/`;
    const { callsTo } = mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'POST /api/v1/auth/logout': { status: 204 },
    });
    renderMenu();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Account menu for Ana Lyst' }));
    await user.click(screen.getByRole('menuitem', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign-in page' })).toBeInTheDocument();
    expect(callsTo('POST /api/v1/auth/logout')[0]?.headers.get('X-CSRF-Token')).toBe(CSRF);
  });
});
