// The routes of this area: /sign-up, /verify-email, /reset-password, /invitations/accept (outside the shell, no sign-in needed).
// A fragment of <Route> elements, spread into <Routes> by App.tsx.

export const accountRoutes = <></>;
