import '@mantine/core/styles.css';
import '@mantine/spotlight/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dates/styles.css';
import './global.css';
import { lazy, Suspense } from 'react';
import { MantineProvider, Loader, Center } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { cssVariablesResolver, theme } from './theme.ts';
import { AppLayout } from './app-layout.tsx';
import { NotFoundPage } from '../components/not-found-page.tsx';

// One chunk per page: the first visit loads only the shell and the page it opens.
const HomePage = lazy(() => import('../features/home/home-page.tsx'));
const ExplorerPage = lazy(() => import('../features/catalog/explorer-page.tsx'));
const EntityPage = lazy(() => import('../features/entity/entity-page.tsx'));
const DataModelPage = lazy(() => import('../features/data-model/data-model-page.tsx'));
const BlueprintEditorPage = lazy(() => import('../features/data-model/blueprint-editor-page.tsx'));
const EntityEditorPage = lazy(() => import('../features/catalog/entity-editor-page.tsx'));
const ImportPage = lazy(() => import('../features/import/import-page.tsx'));
const SearchPage = lazy(() => import('../features/search/search-page.tsx'));
const TokensPage = lazy(() => import('../features/admin/tokens-page.tsx'));
const AuditPage = lazy(() => import('../features/admin/audit-page.tsx'));
const AccessPage = lazy(() => import('../features/access/access-page.tsx'));
const ScorecardsPage = lazy(() => import('../features/scorecards/scorecards-page.tsx'));
const ScorecardPage = lazy(() => import('../features/scorecards/scorecard-page.tsx'));
const ScorecardEditorPage = lazy(() => import('../features/scorecards/scorecard-editor-page.tsx'));
const SelfServicePage = lazy(() => import('../features/actions/self-service-page.tsx'));
const RunActionPage = lazy(() => import('../features/actions/run-action-page.tsx'));
const ActionEditorPage = lazy(() => import('../features/actions/action-editor-page.tsx'));
const RunsPage = lazy(() => import('../features/actions/runs-page.tsx'));
const RunPage = lazy(() => import('../features/actions/run-page.tsx'));
const InitiativesPage = lazy(() => import('../features/initiatives/initiatives-page.tsx'));
const InitiativePage = lazy(() => import('../features/initiatives/initiative-page.tsx'));
const InitiativeEditorPage = lazy(() => import('../features/initiatives/initiative-editor-page.tsx'));

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: (count, error) => count < 2 && !('status' in error && Number(error.status) >= 400 && Number(error.status) < 500), refetchOnWindowFocus: false } },
});

const page = (element: React.ReactNode) => <Suspense fallback={<Center h={200}><Loader aria-label="Loading" /></Center>}>{element}</Suspense>;

const router = createBrowserRouter([
  {
    element: <AppLayout />,
    children: [
      { path: '/', element: page(<HomePage />) },
      { path: '/search', element: page(<SearchPage />) },
      { path: '/catalog/:blueprint', element: page(<ExplorerPage />) },
      { path: '/catalog/:blueprint/new', element: page(<EntityEditorPage />) },
      { path: '/catalog/:blueprint/:identifier', element: page(<EntityPage />) },
      { path: '/catalog/:blueprint/:identifier/edit', element: page(<EntityEditorPage />) },
      { path: '/data-model', element: page(<DataModelPage />) },
      { path: '/data-model/new', element: page(<BlueprintEditorPage />) },
      { path: '/data-model/:blueprint', element: page(<BlueprintEditorPage />) },
      { path: '/import', element: page(<ImportPage />) },
      { path: '/settings/tokens', element: page(<TokensPage />) },
      { path: '/settings/audit', element: page(<AuditPage />) },
      { path: '/settings/access', element: page(<AccessPage />) },
      { path: '/scorecards', element: page(<ScorecardsPage />) },
      { path: '/scorecards/:blueprint/new', element: page(<ScorecardEditorPage />) },
      { path: '/scorecards/:blueprint/:identifier', element: page(<ScorecardPage />) },
      { path: '/scorecards/:blueprint/:identifier/edit', element: page(<ScorecardEditorPage />) },
      { path: '/self-service', element: page(<SelfServicePage />) },
      { path: '/self-service/new', element: page(<ActionEditorPage />) },
      { path: '/self-service/:action', element: page(<RunActionPage />) },
      { path: '/self-service/:action/edit', element: page(<ActionEditorPage />) },
      { path: '/runs', element: page(<RunsPage />) },
      { path: '/runs/:id', element: page(<RunPage />) },
      { path: '/initiatives', element: page(<InitiativesPage />) },
      { path: '/initiatives/new', element: page(<InitiativeEditorPage />) },
      { path: '/initiatives/:identifier', element: page(<InitiativePage />) },
      { path: '/initiatives/:identifier/edit', element: page(<InitiativeEditorPage />) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" cssVariablesResolver={cssVariablesResolver}>
      <Notifications />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
