import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { RequireAuth } from '../auth/RequireAuth';
import { TOKEN_PAIR, json, meFixture, mockFetch, problem } from '../test/fetchMock';
import { renderApp } from '../test/render';
import { SignInPage } from './SignInPage';

const unauthenticated = problem(401, 'unauthenticated', 'Authentication required', 'This route needs credentials.');
const totpRequired = problem(401, 'totp-required', 'Second factor required', 'a two-factor code is required', [
  { field: 'totp_code', message: 'a two-factor code is required' },
]);
const totpInvalid = problem(401, 'totp-required', 'Second factor required', 'the two-factor code is not valid', [
  { field: 'totp_code', message: 'the two-factor code is not valid' },
]);

function renderSignIn(path = '/sign-in?next=%2Ffindings%3Fstatus%3Dopen') {
  return renderApp(
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route element={<RequireAuth />}>
        <Route path="/findings" element={<h1>Findings page</h1>} />
        <Route path="/" element={<h1>Home page</h1>} />
      </Route>
    </Routes>,
    { path },
  );
}

async function fillPassword(email = 'ana@example.com', password = 'correct horse battery') {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText('E-mail address'), email);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  return user;
}

describe('SignInPage', () => {
  it('signs in with e-mail and password and goes back where the visitor came from', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': [unauthenticated, json(meFixture())],
      'POST /api/v1/auth/login': json(TOKEN_PAIR),
    });
    renderSignIn();
    await fillPassword();
    expect(await screen.findByRole('heading', { name: 'Findings page' })).toBeInTheDocument();
    expect(callsTo('POST /api/v1/auth/login')[0]?.body).toEqual({
      email: 'ana@example.com',
      password: 'correct horse battery',
    });
  });

  it('asks for the second factor when the login answers totp-required, then sends the code', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': [unauthenticated, json({ ...meFixture(), totp_enabled: true })],
      'POST /api/v1/auth/login': [totpRequired, json(TOKEN_PAIR)],
    });
    renderSignIn('/sign-in');
    const user = await fillPassword();
    const code = await screen.findByLabelText('Authentication code or recovery code');
    expect(screen.getByRole('heading', { name: 'Two-factor authentication' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await waitFor(() => expect(code).toHaveFocus());
    await user.type(code, '123 456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByRole('heading', { name: 'Home page' })).toBeInTheDocument();
    expect(callsTo('POST /api/v1/auth/login')[1]?.body).toEqual({
      email: 'ana@example.com',
      password: 'correct horse battery',
      totp_code: '123456',
    });
  });

  it('accepts a recovery code in the second step and says when a code is wrong', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': unauthenticated,
      'POST /api/v1/auth/login': [totpRequired, totpInvalid],
    });
    renderSignIn('/sign-in');
    const user = await fillPassword();
    await user.type(await screen.findByLabelText('Authentication code or recovery code'), 'abcd-efgh-ijkl');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('That code is not valid');
    expect(callsTo('POST /api/v1/auth/login')[1]?.body).toMatchObject({ totp_code: 'abcd-efgh-ijkl' });
    expect(screen.getByLabelText('Authentication code or recovery code')).toHaveValue('');
  });

  it('shows an error for a wrong password and stays on the page', async () => {
    mockFetch({
      'GET /api/v1/me': unauthenticated,
      'POST /api/v1/auth/login': problem(401, 'unauthenticated', 'Authentication required', 'invalid e-mail or password'),
    });
    renderSignIn('/sign-in');
    await fillPassword('ana@example.com', 'wrong');
    expect(await screen.findByRole('alert')).toHaveTextContent('The e-mail address or the password is not correct.');
    expect(screen.getByLabelText('Password')).toHaveValue('wrong');
  });

  it('says how long a locked account must wait', async () => {
    const locked = problem(429, 'rate-limited', 'Too many requests', 'too many failed logins');
    locked.headers = { ...locked.headers, 'Retry-After': '840' };
    mockFetch({ 'GET /api/v1/me': unauthenticated, 'POST /api/v1/auth/login': locked });
    renderSignIn('/sign-in');
    await fillPassword();
    expect(await screen.findByRole('alert')).toHaveTextContent('Try again in 14 min.');
  });

  it('shows the server’s field errors next to the fields', async () => {
    mockFetch({
      'GET /api/v1/me': unauthenticated,
      'POST /api/v1/auth/login': problem(400, 'validation-failed', 'Validation failed', 'email: is required', [
        { field: 'email', message: 'is required' },
      ]),
    });
    renderSignIn('/sign-in');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Password'), 'x');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const email = screen.getByLabelText('E-mail address');
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveAccessibleDescription('is required');
  });

  it('sends a signed-out visitor of a protected page to sign-in', async () => {
    mockFetch({ 'GET /api/v1/me': unauthenticated });
    renderSignIn('/findings');
    expect(await screen.findByRole('heading', { name: 'Sign in to Palisade' })).toBeInTheDocument();
  });

  it('links to sign-up and to the password reset', async () => {
    mockFetch({ 'GET /api/v1/me': unauthenticated });
    renderSignIn('/sign-in');
    expect(await screen.findByRole('link', { name: 'Create an account' })).toHaveAttribute('href', '/sign-up');
    expect(screen.getByRole('link', { name: 'Forgot your password?' })).toHaveAttribute('href', '/reset-password');
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('confirms a completed password reset, e-mail verification or invitation', async () => {
    mockFetch({ 'GET /api/v1/me': unauthenticated });
    const { unmount } = renderSignIn('/sign-in?reset=1');
    expect(await screen.findByRole('status')).toHaveTextContent('Your password was changed. Sign in with your new password.');
    unmount();
    renderSignIn('/sign-in?verified=1');
    expect(await screen.findByRole('status')).toHaveTextContent('Your e-mail address is confirmed.');
  });
});
