import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app/App';
import { ErrorBoundary } from './app/ErrorBoundary';
import { HostContext, selectHost } from './host';
import './app/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <HostContext.Provider value={selectHost(window)}>
      <ErrorBoundary what="Unity Table">
        <App />
      </ErrorBoundary>
    </HostContext.Provider>
  </StrictMode>,
);
