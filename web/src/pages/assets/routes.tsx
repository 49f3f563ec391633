// The routes of this area: /assets, /assets/:id (inside the shell).
// A fragment of <Route> elements, spread into <Routes> by App.tsx.

export const assetRoutes = <></>;
