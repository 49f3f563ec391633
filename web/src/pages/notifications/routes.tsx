// The routes of this area: /notifications (inside the shell).
// A fragment of <Route> elements, spread into <Routes> by App.tsx.

export const notificationRoutes = <></>;
