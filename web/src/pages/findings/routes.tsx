// The routes of this area: /findings, /findings/:id (inside the shell).
// A fragment of <Route> elements, spread into <Routes> by App.tsx.

export const findingRoutes = <></>;
