// The routes of this area: /settings/... (inside the shell).
// A fragment of <Route> elements, spread into <Routes> by App.tsx.

export const settingsRoutes = <></>;
