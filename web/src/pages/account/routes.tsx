// The routes of this area: /sign-up, /verify-email, /reset-password, /accept-invite (outside the shell, no sign-in
// needed). The server's mails link to exactly these paths. A fragment of <Route> elements, spread into <Routes> by App.tsx.
import { Route } from 'react-router-dom';
import { lazyPage } from '../../shell/lazyPage';

const AcceptInvitePage = lazyPage(() => import('./AcceptInvitePage'), 'AcceptInvitePage');
const ResetPasswordPage = lazyPage(() => import('./ResetPasswordPage'), 'ResetPasswordPage');
const SignUpPage = lazyPage(() => import('./SignUpPage'), 'SignUpPage');
const VerifyEmailPage = lazyPage(() => import('./VerifyEmailPage'), 'VerifyEmailPage');

export const accountRoutes = (
  <>
    <Route path="/sign-up" element={<SignUpPage />} />
    <Route path="/verify-email" element={<VerifyEmailPage />} />
    <Route path="/reset-password" element={<ResetPasswordPage />} />
    <Route path="/accept-invite" element={<AcceptInvitePage />} />
  </>
);
