// Shared by the account pages' tests: the pages routed as App.tsx routes them, with sign-in and a signed-in home.
import { Route, Routes } from 'react-router-dom';
import { RequireAuth } from '../../auth/RequireAuth';
import { problem } from '../../test/fetchMock';
import { renderApp } from '../../test/render';
import { SignInPage } from '../SignInPage';
import { accountRoutes } from './routes';

export const unauthenticated = problem(401, 'unauthenticated', 'Authentication required', 'This route needs credentials.');

export function renderAccount(path: string) {
  return renderApp(
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      {accountRoutes}
      <Route element={<RequireAuth />}>
        <Route path="/" element={<h1>Home page</h1>} />
      </Route>
    </Routes>,
    { path },
  );
}
