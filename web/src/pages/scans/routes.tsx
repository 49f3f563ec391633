// The routes of this area: /scans, /scans/new, /scans/:id, /scans/:id/diff/:otherId (inside the shell).
// A fragment of <Route> elements, spread into <Routes> by App.tsx.

export const scanRoutes = <></>;
